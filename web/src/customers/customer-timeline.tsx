// The customer's story, newest first: invoices, payments, contacts, promises, plans, causes and tasks.
import { Button, Card, Empty, Skeleton, Timeline, Typography } from "antd";
import { useState } from "react";
import type { Action, Cause, Channel, Excuse, Outcome, TimelineEntry } from "../api/types.ts";
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
  promise: "orange",
  plan: "purple",
  cause: "red",
  task: "cyan",
};

const DATED = new Set<TimelineEntry["kind"]>(["invoice", "payment"]);

type T = (key: MessageKey, values?: Record<string, string | number>) => string;

/** Timeline amounts are minor units as text. */
function money(minor: unknown, currency: unknown): string {
  const code = String(currency ?? "").trim();
  return `${code} ${formatMinor(String(minor ?? "0"), currencyDigits(code))}`;
}

function describe(e: TimelineEntry, t: T, labels: Labels): { title: string; detail?: string } {
  const d = e.detail;
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
              const { title, detail } = describe(e, t, labels);
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
