// One dispute on the board: customer, invoice, amount, category, owner, age, the escalation flag, and the moves its
// status allows (the server's transition table). Resolving and rejecting ask for details in a dialog.
import { FlagFilled, FlagOutlined } from "@ant-design/icons";
import { App, Button, Card, Space, Tag, Typography } from "antd";
import { Link } from "react-router";
import { DISPUTE_TRANSITIONS } from "../../../src/workspace/dispute.rules.ts";
import type { Dispute, DisputeChange } from "../api/types.ts";
import { useI18n } from "../i18n/i18n-provider.tsx";
import { formatMoney } from "../money/format-money.ts";
import { disputeAgeDays, useChangeDispute } from "./use-disputes.ts";

type Props = {
  dispute: Dispute;
  today: string;
  mayChange: boolean;
  onResolve: (d: Dispute) => void;
  onReject: (d: Dispute) => void;
};

export function DisputeCard({ dispute: d, today, mayChange, onResolve, onReject }: Props) {
  const { t, labels } = useI18n();
  const { message } = App.useApp();
  const change = useChangeDispute();
  const allowed = DISPUTE_TRANSITIONS[d.status];
  const age = disputeAgeDays(d, today);
  const active = d.status === "open" || d.status === "investigating";

  const send = (c: DisputeChange, done: string) =>
    change.mutate(
      { dispute: d, change: c },
      {
        onSuccess: () => message.success(done),
        onError: (e) =>
          e.status === 409
            ? message.warning(t("disputes.conflict"))
            : message.error(t("disputes.failed", { message: e.message })),
      },
    );
  const move = (status: Dispute["status"]) =>
    send({ status }, t("disputes.moved", { number: d.invoiceNumber, status: labels.disputeStatus(status) }));

  return (
    <Card
      size="small"
      className={`dispute-card${d.escalated ? " dispute-card--escalated" : ""}`}
      data-testid="dispute-card"
    >
      <div className="dispute-card__head">
        <Link to={`/customers/${d.customerId}`} className="customer-link">
          <Typography.Text strong ellipsis={{ tooltip: d.customerName }}>
            {d.customerName}
          </Typography.Text>
        </Link>
        {d.escalated && (
          <Tag
            color="red"
            icon={<FlagFilled />}
            bordered={false}
            title={d.escalatedTo ? t("disputes.escalatedTo", { login: d.escalatedTo }) : undefined}
            data-testid="dispute-escalated"
          >
            {t("disputes.escalated")}
          </Tag>
        )}
      </div>
      <div className="dispute-card__line">
        <Typography.Text type="secondary" className="small">
          {d.customerCode} · {t("disputes.invoice", { number: d.invoiceNumber })}
        </Typography.Text>
      </div>
      <div className="dispute-card__line dispute-card__money">
        <span className="amount">{formatMoney(d.amount, d.currency)}</span>
        <Tag bordered={false}>{labels.disputeCategory(d.category)}</Tag>
      </div>
      <Typography.Paragraph className="dispute-card__text" ellipsis={{ rows: 2, tooltip: d.description }}>
        {d.description}
      </Typography.Paragraph>
      {d.resolution && (
        <div className="small dispute-card__line">
          {t("disputes.resolutionNote", { resolution: labels.disputeResolution(d.resolution) })}
          {d.creditedAmount && ` · ${formatMoney(d.creditedAmount, d.currency)}`}
        </div>
      )}
      {!active && d.resolutionNote && (
        <Typography.Paragraph
          type="secondary"
          className="small dispute-card__note"
          ellipsis={{ rows: 2, tooltip: d.resolutionNote }}
        >
          {d.resolutionNote}
        </Typography.Paragraph>
      )}
      <div className="dispute-card__meta small muted">
        <span>
          {t("disputes.owner")}: {d.owner ?? t("disputes.noOwner")}
        </span>
        <span>{age === 0 ? t("disputes.ageToday") : t("disputes.age", { days: age })}</span>
      </div>
      {mayChange && (allowed.length > 0 || active) && (
        <Space
          size={4}
          wrap
          className="dispute-card__actions"
          role="group"
          aria-label={t("disputes.actions", { number: d.invoiceNumber })}
        >
          {allowed.includes("investigating") && (
            <Button size="small" onClick={() => move("investigating")} loading={change.isPending}>
              {t("disputes.investigate")}
            </Button>
          )}
          {d.status === "investigating" && allowed.includes("open") && (
            <Button size="small" onClick={() => move("open")} loading={change.isPending}>
              {t("disputes.backToOpen")}
            </Button>
          )}
          {d.status === "rejected" && allowed.includes("open") && (
            <Button size="small" onClick={() => move("open")} loading={change.isPending}>
              {t("disputes.reopen")}
            </Button>
          )}
          {allowed.includes("resolved") && (
            <Button size="small" type="primary" ghost onClick={() => onResolve(d)} data-testid="dispute-resolve">
              {t("disputes.resolve")}
            </Button>
          )}
          {allowed.includes("rejected") && (
            <Button size="small" danger onClick={() => onReject(d)}>
              {t("disputes.reject")}
            </Button>
          )}
          {active && (
            <Button
              size="small"
              type="text"
              icon={d.escalated ? <FlagOutlined /> : <FlagFilled style={{ color: "#f5222d" }} />}
              onClick={() =>
                send(
                  { escalate: !d.escalated },
                  t(d.escalated ? "disputes.deescalatedOk" : "disputes.escalatedOk", { number: d.invoiceNumber }),
                )
              }
              loading={change.isPending}
            >
              {t(d.escalated ? "disputes.deescalate" : "disputes.escalate")}
            </Button>
          )}
        </Space>
      )}
    </Card>
  );
}
