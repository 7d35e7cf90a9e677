// The day's counters above the worklist: contacts made (and how many became conversations), promises taken today,
// money collected today, and this month's collections against the collector's target.
import { useQuery } from "@tanstack/react-query";
import { Progress, Statistic } from "antd";
import { apiGet } from "../api/client.ts";
import { useI18n } from "../i18n/i18n-provider.tsx";

type Money = { currency: string; amount: string };
export type MyDay = {
  date: string;
  contactsMade: number;
  conversations: number;
  promises: { count: number; amounts: Money[] };
  collectedToday: Money[];
  collectedThisMonth: Money[];
  target: { currency: string; monthly: string; collected: string; progress: number } | null;
  /** Unread visit reminders whose time came. */
  reminders?: Reminder[];
};
export type Reminder = {
  id: number;
  title: string;
  customerId: number | null;
  detail: { local?: string; timeZone?: string; place?: string; customerName?: string };
};

const amounts = (list: Money[]) =>
  list.length ? (
    <span className="amount">
      {list.map((m) => (
        <div key={m.currency}>
          {m.currency}{" "}
          {Number(m.amount).toLocaleString(undefined, { minimumFractionDigits: m.amount.split(".")[1]?.length ?? 0 })}
        </div>
      ))}
    </span>
  ) : (
    <span className="amount">0</span>
  );

export function MyDayCounters() {
  const { t } = useI18n();
  // Refreshed every minute and whenever the tab comes back: the day moves on while the page stays open.
  const day = useQuery({ queryKey: ["my-day"], queryFn: () => apiGet<MyDay>("/api/my-day"), refetchInterval: 60_000 });
  if (!day.data) return null;
  const d = day.data;
  return (
    <>
      <Statistic title={t("myDay.contacts")} value={`${d.contactsMade} / ${d.conversations}`} />
      <Statistic
        title={t("myDay.promises", { count: d.promises.count })}
        valueRender={() => amounts(d.promises.amounts)}
      />
      <Statistic title={t("myDay.collectedToday")} valueRender={() => amounts(d.collectedToday)} />
      {d.target && (
        <Statistic
          title={t("myDay.target", { currency: d.target.currency, monthly: d.target.monthly })}
          valueRender={() => (
            <Progress
              percent={Math.round(d.target ? d.target.progress * 100 : 0)}
              size="small"
              style={{ width: 140 }}
              aria-label={t("myDay.targetProgress")}
            />
          )}
        />
      )}
    </>
  );
}
