// The manager dashboard: receivables, DSO, CEI and provision; aging by bucket week by week; what is overdue by
// grade and by cause; the collectors' work; the largest risks; the promises broken today. Every figure is the
// signed-in user's portfolio (a collector sees their own), as the server scopes it. Below: how good the payment
// forecast has been (the latest backtest) and champion vs challenger per playbook.
import { DownloadOutlined } from "@ant-design/icons";
import { Button, Card, Col, Result, Row, Segmented, Skeleton, Space, Statistic, Tooltip, Typography } from "antd";
import dayjs from "dayjs";
import { useMemo, useState } from "react";
import type { BusinessKpis, IsoDate, Kpis, User } from "../api/types.ts";
import { useI18n } from "../i18n/i18n-provider.tsx";
import { groupDecimal } from "../money/format-money.ts";
import { AgingTrendChart } from "./aging-trend-chart.tsx";
import { BacktestCard } from "./backtest-card.tsx";
import { BrokenPromises } from "./broken-promises.tsx";
import { CashForecastCard } from "./cash-forecast-card.tsx";
import { CollectorTable } from "./collector-table.tsx";
import { OverdueChart } from "./overdue-chart.tsx";
import { StrategyCard } from "./strategy-chart.tsx";
import { TopRisksTable } from "./top-risks-table.tsx";
import { kpiExportUrl, useKpis, useTopRisks } from "./use-dashboard.ts";

const RANGES = [4, 13, 26] as const;
type Range = (typeof RANGES)[number];

/** The Monday `weeks - 1` weeks before today's week: the range holds `weeks` ISO weeks, the last one to today. */
function rangeStart(today: IsoDate, weeks: number): IsoDate {
  const d = dayjs(today).subtract(weeks - 1, "week");
  return d.subtract((d.day() + 6) % 7, "day").format("YYYY-MM-DD");
}

/** The currency with the most receivables at the end (the one a portfolio is mostly in). */
function mainCurrency(kpis: Kpis | undefined): string | null {
  const last = kpis?.periods.at(-1)?.start;
  const rows = (kpis?.business ?? []).filter((b) => b.periodStart === last);
  rows.sort((a, b) => Number(b.closingReceivables) - Number(a.closingReceivables));
  return rows[0]?.currency ?? kpis?.business[0]?.currency ?? null;
}

function Figures({ business, loading }: { business: BusinessKpis | undefined; loading: boolean }) {
  const { t } = useI18n();
  const none = t("common.none");
  const days = (v: number | null) => (v === null ? none : t("dashboard.days", { days: v.toFixed(1) }));
  const items = [
    {
      key: "receivables",
      title: t("dashboard.receivables"),
      value: business ? `${business.currency} ${groupDecimal(business.closingReceivables)}` : none,
    },
    {
      key: "dso",
      title: (
        <Tooltip title={t("dashboard.dsoHelp", { best: days(business?.bestPossibleDso ?? null) })}>
          <span className="help-title">{t("dashboard.dso")}</span>
        </Tooltip>
      ),
      value: days(business?.dso ?? null),
    },
    {
      key: "cei",
      title: (
        <Tooltip title={t("dashboard.ceiHelp")}>
          <span className="help-title">{t("dashboard.cei")}</span>
        </Tooltip>
      ),
      value: business?.cei == null ? none : `${business.cei.toFixed(1)}%`,
    },
    {
      key: "provision",
      title: t("dashboard.provision"),
      value: business ? `${business.currency} ${groupDecimal(business.provisionTotal)}` : none,
    },
  ];
  return (
    <Row gutter={[16, 16]} className="block-gap">
      {items.map((i) => (
        <Col xs={12} lg={6} key={i.key}>
          <Card size="small" className="figure-card" data-testid={`figure-${i.key}`}>
            <Statistic title={i.title} value={i.value} loading={loading} />
          </Card>
        </Col>
      ))}
    </Row>
  );
}

/** Downloads of the collectors' KPIs over the period, in the page's language (the server scopes them too). */
function ExportButtons({ from, to }: { from: IsoDate; to: IsoDate }) {
  const { t, lang } = useI18n();
  return (
    <Space size="small" data-testid="kpi-export">
      {(["csv", "xlsx"] as const).map((format) => (
        <Tooltip key={format} title={t("dashboard.exportHelp")}>
          <Button
            size="small"
            icon={<DownloadOutlined />}
            href={kpiExportUrl({ by: "collector", from, to }, format, lang)}
            download
          >
            {format.toUpperCase()}
          </Button>
        </Tooltip>
      ))}
    </Space>
  );
}

export function DashboardPage({ user }: { user: User }) {
  const { t } = useI18n();
  const today = dayjs().format("YYYY-MM-DD");
  const [weeks, setWeeks] = useState<Range>(13);
  const [picked, setPicked] = useState<string | null>(null);
  const from = rangeStart(today, weeks);
  const trend = useKpis("team", from, today, "week");
  const period = useKpis("collector", from, today);
  const own = user.role === "collector";

  const currencies = useMemo(
    () => [...new Set((trend.data?.business ?? []).map((b) => b.currency))].sort(),
    [trend.data],
  );
  const currency = picked && currencies.includes(picked) ? picked : mainCurrency(trend.data);
  const business = period.data?.business.find((b) => b.currency === currency);
  const risks = useTopRisks(trend.isPending ? undefined : currency);

  const failed = trend.error ?? period.error;
  if (failed && !trend.data && !period.data) {
    return (
      <Result
        status="error"
        title={t("common.loadFailed", { message: failed.message })}
        extra={
          <Button
            onClick={() => {
              trend.refetch();
              period.refetch();
            }}
          >
            {t("common.retry")}
          </Button>
        }
      />
    );
  }

  return (
    <div className="page" data-testid="dashboard">
      <div className="page__head">
        <div>
          <Typography.Title level={3} className="page__title">
            {t("dashboard.title")}
          </Typography.Title>
          <Typography.Text type="secondary">
            {t(own ? "dashboard.subtitleOwn" : "dashboard.subtitleTeam")} · {from} – {today}
          </Typography.Text>
        </div>
        <Space wrap>
          {currencies.length > 1 && currency && (
            <Segmented
              aria-label={t("dashboard.currency")}
              value={currency}
              options={currencies}
              onChange={(v) => setPicked(String(v))}
            />
          )}
          <Segmented<Range>
            aria-label={t("dashboard.range")}
            value={weeks}
            options={RANGES.map((w) => ({ value: w, label: t("dashboard.weeks", { weeks: w }) }))}
            onChange={setWeeks}
            data-testid="dashboard-range"
          />
        </Space>
      </div>

      <Figures business={business} loading={period.isPending} />

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card title={t("dashboard.agingTrend")} className="fill">
            {trend.isError ? (
              <Result status="warning" title={t("common.loadFailed", { message: trend.error.message })} />
            ) : !trend.data ? (
              <Skeleton active paragraph={{ rows: 8 }} />
            ) : currency === null ? (
              <Result status="info" title={t("dashboard.empty")} />
            ) : (
              <AgingTrendChart kpis={trend.data} currency={currency} />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card title={t("dashboard.brokenToday")} className="fill card-scroll">
            <BrokenPromises today={today} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t("dashboard.byGrade")} className="fill">
            <OverdueChart by="grade" currency={currency} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t("dashboard.byCause")} className="fill">
            <OverdueChart by="cause" currency={currency} />
          </Card>
        </Col>
        <Col span={24}>
          <Card
            title={t("dashboard.collectors")}
            extra={
              <Space wrap>
                <Typography.Text type="secondary">{t("dashboard.collectorsHelp")}</Typography.Text>
                <ExportButtons from={from} to={today} />
              </Space>
            }
            className="card-table"
          >
            {period.isError ? (
              <Result status="warning" title={t("common.loadFailed", { message: period.error.message })} />
            ) : !period.data ? (
              <Skeleton active paragraph={{ rows: 5 }} style={{ padding: 24 }} />
            ) : (
              <CollectorTable groups={period.data.groups} currency={currency} />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card title={t("dashboard.cash")} className="fill">
            <CashForecastCard currency={currency} />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={t("dashboard.backtest")} className="fill">
            <BacktestCard />
          </Card>
        </Col>
        <Col span={24}>
          <Card title={t("dashboard.strategy")}>
            <StrategyCard from={from} to={today} currency={currency} />
          </Card>
        </Col>
        <Col span={24}>
          <Card title={t("dashboard.topRisks")} className="card-table">
            {risks.isError ? (
              <Result status="warning" title={t("common.loadFailed", { message: risks.error.message })} />
            ) : !risks.data ? (
              <Skeleton active paragraph={{ rows: 6 }} style={{ padding: 24 }} />
            ) : (
              <TopRisksTable risks={risks.data} showCollector={!own} />
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
