// The disputes board: one column per status (open, investigating, resolved, rejected), escalated disputes first in
// each; cards move on with buttons (no dragging needed, so the keyboard does it all). Finance reads it only.
import { Badge, Button, Card, Col, Empty, Result, Row, Skeleton, Typography } from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { DISPUTE_STATUSES, type Dispute, type DisputeStatus, type User } from "../api/types.ts";
import { useI18n } from "../i18n/i18n-provider.tsx";
import { DisputeCard } from "./dispute-card.tsx";
import { DisputeCloseModal } from "./dispute-close-modal.tsx";
import { BOARD_LIMIT, useDisputeColumn } from "./use-disputes.ts";

export const mayChangeDisputes = (user: User) => user.role !== "finance";

const COLUMN_COLORS: Record<DisputeStatus, string> = {
  open: "#fa8c16",
  investigating: "#1677ff",
  resolved: "#52c41a",
  rejected: "#8c8c8c",
};

type Closing = { dispute: Dispute; mode: "resolve" | "reject" } | null;

function Column(props: { status: DisputeStatus; today: string; mayChange: boolean; onClose: (c: Closing) => void }) {
  const { t, labels } = useI18n();
  const { status } = props;
  const column = useDisputeColumn(status);
  const disputes = column.data;
  return (
    <Card
      className="dispute-column"
      size="small"
      title={
        <span className="dispute-column__title">
          <Badge color={COLUMN_COLORS[status]} />
          <span>{labels.disputeStatus(status)}</span>
          {disputes && (
            <Typography.Text type="secondary">
              {disputes.length}
              {disputes.length >= BOARD_LIMIT ? "+" : ""}
            </Typography.Text>
          )}
        </span>
      }
      data-testid={`dispute-column-${status}`}
    >
      {column.isError ? (
        <Result
          status="warning"
          title={t("common.loadFailed", { message: column.error.message })}
          extra={<Button onClick={() => column.refetch()}>{t("common.retry")}</Button>}
        />
      ) : !disputes ? (
        <Skeleton active paragraph={{ rows: 4 }} />
      ) : disputes.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("disputes.empty")} />
      ) : (
        <div className="dispute-column__cards">
          {disputes.map((d) => (
            <DisputeCard
              key={d.id}
              dispute={d}
              today={props.today}
              mayChange={props.mayChange}
              onResolve={(dispute) => props.onClose({ dispute, mode: "resolve" })}
              onReject={(dispute) => props.onClose({ dispute, mode: "reject" })}
            />
          ))}
          {disputes.length >= BOARD_LIMIT && (
            <Typography.Text type="secondary" className="small">
              {t("disputes.more", { count: BOARD_LIMIT })}
            </Typography.Text>
          )}
        </div>
      )}
    </Card>
  );
}

export function DisputesBoardPage({ user }: { user: User }) {
  const { t } = useI18n();
  const [closing, setClosing] = useState<Closing>(null);
  const today = dayjs().format("YYYY-MM-DD");
  const mayChange = mayChangeDisputes(user);
  return (
    <div className="page" data-testid="disputes-board">
      <div className="page__head">
        <div>
          <Typography.Title level={3} className="page__title">
            {t("disputes.title")}
          </Typography.Title>
          <Typography.Text type="secondary">{t("disputes.subtitle")}</Typography.Text>
        </div>
        {!mayChange && <Typography.Text type="secondary">{t("disputes.readOnly")}</Typography.Text>}
      </div>
      <Row gutter={[12, 12]} className="dispute-board">
        {DISPUTE_STATUSES.map((s) => (
          <Col xs={24} md={12} xl={6} key={s}>
            <Column status={s} today={today} mayChange={mayChange} onClose={setClosing} />
          </Col>
        ))}
      </Row>
      {closing && <DisputeCloseModal dispute={closing.dispute} mode={closing.mode} onClose={() => setClosing(null)} />}
    </div>
  );
}
