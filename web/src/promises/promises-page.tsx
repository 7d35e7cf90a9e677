// The promises calendar: what is late (broken, partly kept, or not settled yet), what falls due today, and what is
// coming day by day, each with what still has to come in. A collector sees their own customers' promises.
import { Alert, Button, Card, Col, Empty, Result, Row, Skeleton, Statistic, Typography } from "antd";
import dayjs from "dayjs";
import type { PromiseItem, User } from "../api/types.ts";
import { useI18n } from "../i18n/i18n-provider.tsx";
import { PromiseRow } from "./promise-row.tsx";
import { byDate, outstandingTotals, splitPromises, usePromises } from "./use-promises.ts";

function Totals({ promises }: { promises: PromiseItem[] }) {
  const totals = outstandingTotals(promises);
  return <span className="amount">{totals.length === 0 ? "0" : totals.map((s) => <div key={s}>{s}</div>)}</span>;
}

export function PromisesPage({ user }: { user: User }) {
  const { t, lang } = useI18n();
  const promises = usePromises();
  const showCollector = user.role !== "collector";

  if (promises.isError) {
    return (
      <Result
        status="error"
        title={t("common.loadFailed", { message: promises.error.message })}
        extra={<Button onClick={() => promises.refetch()}>{t("common.retry")}</Button>}
      />
    );
  }
  const data = promises.data;
  const today = data?.today ?? "";
  const sections = data ? splitPromises(data.promises, today) : null;
  const dayName = (d: string) => dayjs(d).format(lang === "en" ? "ddd D MMM" : "M月D日 dddd");

  const list = (items: PromiseItem[], empty: string, showDate: boolean, testId: string) =>
    items.length === 0 ? (
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} />
    ) : (
      <div className="promise-list" data-testid={testId}>
        {items.map((p) => (
          <PromiseRow key={p.id} promise={p} today={today} showCollector={showCollector} showDate={showDate} />
        ))}
      </div>
    );

  return (
    <div className="page" data-testid="promises-page">
      <div className="page__head">
        <div>
          <Typography.Title level={3} className="page__title">
            {t("promises.title")}
          </Typography.Title>
          <Typography.Text type="secondary">
            {t("promises.subtitle")}
            {data && ` · ${t("promises.todayIs", { date: `${data.today} ${dayjs(data.today).format("dddd")}` })}`}
          </Typography.Text>
        </div>
        {sections && (
          <div className="stats">
            <Statistic title={t("promises.amountOverdue")} valueRender={() => <Totals promises={sections.overdue} />} />
            <Statistic title={t("promises.amountDue")} valueRender={() => <Totals promises={sections.today} />} />
            <Statistic
              title={t("promises.amountUpcoming")}
              valueRender={() => <Totals promises={sections.upcoming} />}
            />
          </div>
        )}
      </div>
      {data?.truncated && (
        <Alert
          className="block-gap"
          type="warning"
          showIcon
          message={t("promises.truncated", { count: data.promises.length })}
        />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={8}>
          <Card
            title={`${t("promises.overdue")}${sections ? ` · ${sections.overdue.length}` : ""}`}
            className="fill promise-card promise-card--overdue"
          >
            <Typography.Paragraph type="secondary" className="small">
              {t("promises.overdueHelp")}
            </Typography.Paragraph>
            {!sections ? (
              <Skeleton active />
            ) : (
              list(sections.overdue, t("promises.overdueEmpty"), true, "promises-overdue")
            )}
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card
            title={`${t("promises.today")}${sections ? ` · ${sections.today.length}` : ""}`}
            className="fill promise-card promise-card--today"
          >
            {!sections ? <Skeleton active /> : list(sections.today, t("promises.todayEmpty"), false, "promises-today")}
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card
            title={`${t("promises.upcoming")}${sections ? ` · ${sections.upcoming.length}` : ""}`}
            className="fill promise-card"
          >
            {!sections ? (
              <Skeleton active />
            ) : sections.upcoming.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("promises.upcomingEmpty")} />
            ) : (
              <div data-testid="promises-upcoming">
                {byDate(sections.upcoming).map(([date, items]) => (
                  <section key={date} className="promise-day">
                    <Typography.Text strong className="promise-day__date">
                      {dayName(date)}
                    </Typography.Text>
                    {list(items, "", false, `promises-${date}`)}
                  </section>
                ))}
              </div>
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
