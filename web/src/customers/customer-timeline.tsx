// The customer's story, newest first: invoices, payments, contacts, promises, plans, causes and tasks.
import { Button, Card, Empty, Skeleton, Timeline, Typography } from "antd";
import { useState } from "react";
import type {
  Action,
  Cause,
  Channel,
  DisputeCategory,
  DisputeResolution,
  DisputeStatus,
  Excuse,
  Outcome,
  TimelineEntry,
} from "../api/types.ts";
import { useMe } from "../auth/use-session.ts";
import { useI18n } from "../i18n/i18n-provider.tsx";
import type { Labels } from "../i18n/labels.ts";
import type { MessageKey } from "../i18n/messages.ts";
import { currencyDigits, formatMinor } from "../money/format-money.ts";
import { ReversePaymentModal, type ReversiblePayment } from "./reverse-payment-modal.tsx";
import { useTimeline } from "./use-customer.ts";

const FIRST = 15;
const COLORS: Record<TimelineEntry["kind"], string> = {
  invoice: "gray",
  payment: "green",
  interaction: "blue",
  gate: "gray",
  message: "blue",
  promise: "orange",
  plan: "purple",
  plan_broken: "purple",
  plan_completed: "purple",
  dispute: "red",
  dispute_closed: "red",
  appointment: "blue",
  attachment: "gray",
  statement_confirmed: "green",
  portal: "blue",
  cause: "red",
  task: "cyan",
};

const DATED = new Set<TimelineEntry["kind"]>(["invoice", "payment", "statement_confirmed"]);

const GATE_TITLES: Record<string, MessageKey> = {
  block: "timeline.gate.block",
  warn: "timeline.gate.warn",
  allow: "timeline.gate.allow",
};
const PORTAL_TITLES: Record<string, MessageKey> = {
  confirm_balance: "timeline.portal.confirm_balance",
  dispute: "timeline.portal.dispute",
  promise: "timeline.portal.promise",
  installment_proposal: "timeline.portal.installment_proposal",
};
const OUTBOX_STATUSES = new Set(["queued", "waiting_window", "sending", "sent", "failed", "cancelled"]);

type T = (key: MessageKey, values?: Record<string, string | number>) => string;

/** Timeline amounts are minor units as text. */
function money(minor: unknown, currency: unknown): string {
  const code = String(currency ?? "").trim();
  return `${code} ${formatMinor(String(minor ?? "0"), currencyDigits(code))}`;
}

function describe(e: TimelineEntry, t: T, labels: Labels, lang: string): { title: string; detail?: string } {
  const d = e.detail;
  const text = (v: unknown) => (v == null || v === "" ? null : String(v));
  switch (e.kind) {
    case "invoice":
      return {
        title: t("timeline.invoice", {
          number: String(d.number),
          amount: money(d.amount, d.currency),
          date: String(d.dueDate),
        }),
      };
    case "payment":
      return {
        title: t("timeline.payment", { reference: String(d.reference), amount: money(d.amount, d.currency) }),
        detail: d.reversedOn
          ? t("timeline.reversed", { date: String(d.reversedOn), reason: String(d.reversalReason ?? "") })
          : undefined,
      };
    case "interaction":
      return {
        title: [labels.channel(d.channel as Channel), labels.outcome(d.outcome as Outcome)].filter(Boolean).join(" · "),
        detail: [
          d.excuse ? labels.excuse(d.excuse as Excuse) : null,
          d.note ? String(d.note) : null,
          d.actor ? t("timeline.by", { actor: String(d.actor) }) : null,
        ]
          .filter(Boolean)
          .join(" · "),
      };
    case "gate": {
      const key = GATE_TITLES[String(d.verdict)];
      return key
        ? { title: t(key, { channel: labels.channel(d.channel as Channel) }), detail: text(d.reason) ?? undefined }
        : { title: e.title };
    }
    case "message": {
      const status = String(d.status ?? "");
      return {
        title: t("timeline.message", {
          channel: labels.channel(d.channel as Channel),
          status: OUTBOX_STATUSES.has(status) ? t(`outbox.status.${status}` as MessageKey) : status,
        }),
        detail: text(d.subject) ?? undefined,
      };
    }
    case "plan_broken":
      return { title: t("timeline.planBroken") };
    case "plan_completed":
      return { title: t("timeline.planCompleted") };
    case "dispute":
      return {
        title: t("timeline.dispute", {
          invoice: String(d.invoice),
          category: labels.disputeCategory(d.category as DisputeCategory),
          amount: money(d.amount, d.currency),
        }),
        detail: text(d.description) ?? undefined,
      };
    case "dispute_closed":
      return {
        title: t("timeline.disputeClosed", {
          invoice: String(d.invoice),
          status: labels.disputeStatus(d.status as DisputeStatus),
        }),
        detail:
          [d.resolution ? labels.disputeResolution(d.resolution as DisputeResolution) : null, text(d.note)]
            .filter(Boolean)
            .join(" · ") || undefined,
      };
    case "appointment": {
      const starts = new Date(String(d.startsAt));
      if (Number.isNaN(starts.getTime())) return { title: e.title };
      const zone = text(d.timeZone) ?? undefined;
      const when = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short", timeZone: zone });
      return {
        title: t("timeline.appointment", { when: when.format(starts), status: labels.status(String(d.status ?? "")) }),
        detail: [text(d.place), text(d.agenda)].filter(Boolean).join(" · ") || undefined,
      };
    }
    case "attachment":
      return { title: t("timeline.attachment", { file: String(d.fileName ?? "") }) };
    case "statement_confirmed":
      return {
        title: t("timeline.statementConfirmed", {
          amount: money(d.confirmedBalance, d.currency),
          signedBy: String(d.signedBy ?? ""),
        }),
        detail: text(d.note) ?? undefined,
      };
    case "portal": {
      const key = PORTAL_TITLES[String(d.action)];
      return key ? { title: t(key) } : { title: e.title };
    }
    case "promise":
      return {
        title: t("timeline.promise", { amount: money(d.amount, d.currency), date: String(d.promisedOn) }),
        detail: d.status ? labels.status(String(d.status)) : undefined,
      };
    case "plan":
      return {
        title: t("timeline.plan", { amount: money(d.total, d.currency) }),
        detail: labels.status(String(d.status ?? "")),
      };
    case "cause":
      return {
        title: t("timeline.cause", { cause: labels.cause(d.cause as Cause) }),
        detail: d.note ? String(d.note) : undefined,
      };
    case "task":
      return {
        title: t("timeline.task", { action: labels.action(d.action as Action) }),
        detail: labels.status(String(d.status ?? "")),
      };
    default:
      return { title: e.title };
  }
}

export function CustomerTimeline({ customerId }: { customerId: number }) {
  const { t, labels, lang } = useI18n();
  const timeline = useTimeline(customerId);
  const [all, setAll] = useState(false);
  const role = useMe().data?.role;
  const mayReverse = role === "admin" || role === "manager";
  const [reversing, setReversing] = useState<ReversiblePayment | null>(null);
  const when = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" });
  // Invoices and payments carry a date, not a time (the server sends midnight UTC).
  const day = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeZone: "UTC" });
  const entries = timeline.data ?? [];
  const shown = all ? entries : entries.slice(0, FIRST);
  return (
    <Card title={t("timeline.title")} data-testid="customer-timeline">
      {timeline.isPending ? (
        <Skeleton active />
      ) : entries.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("timeline.empty")} />
      ) : (
        <>
          <Timeline
            className="timeline"
            items={shown.map((e, i) => {
              const { title, detail } = describe(e, t, labels, lang);
              return {
                key: `${e.at}-${e.kind}-${i}`,
                color: COLORS[e.kind] ?? "gray",
                children: (
                  <div>
                    <div>{title}</div>
                    {detail && <div className="small muted">{detail}</div>}
                    <Typography.Text type="secondary" className="small">
                      {(DATED.has(e.kind) ? day : when).format(new Date(e.at))}
                    </Typography.Text>
                    {e.kind === "payment" && mayReverse && !e.detail.reversedOn && (
                      <Button
                        type="link"
                        size="small"
                        danger
                        data-testid="reverse-payment"
                        onClick={() =>
                          setReversing({
                            id: Number(e.detail.id),
                            reference: String(e.detail.reference),
                            amount: money(e.detail.amount, e.detail.currency),
                            paidOn: e.at.slice(0, 10),
                          })
                        }
                      >
                        {t("reversal.open")}
                      </Button>
                    )}
                  </div>
                ),
              };
            })}
          />
          {!all && entries.length > FIRST && (
            <Button type="link" onClick={() => setAll(true)}>
              {t("timeline.more", { count: entries.length - FIRST })}
            </Button>
          )}
        </>
      )}
      {reversing && (
        <ReversePaymentModal customerId={customerId} payment={reversing} onClose={() => setReversing(null)} />
      )}
    </Card>
  );
}
