// The counters at the top of a collector's day: contacts made and conversations today, promises taken today and
// for how much, money collected today and this month from their portfolio, and progress toward their monthly
// target (the `collection.targets` setting, per collector or a default). Days are the company's calendar days.
import { sql } from "drizzle-orm";
import { customerScope } from "../auth/access.ts";
import type { AuthUser } from "../auth/sessions.ts";
import { addDays, dateInZone, type IsoDate } from "../calendar/calendar-date.ts";
import type { Db } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { paymentStands } from "../ledger/payment.sql.ts";
import { currencyDigits } from "../money/currencies.ts";
import { formatDecimal, parseDecimal } from "../money/money.ts";
import { getSetting } from "../settings/settings.ts";
import { listNotifications, type NotificationView } from "../workspace/remind-appointments.ts";
import { CONNECTED_OUTCOMES } from "./collection.enums.ts";

type Money = { currency: string; amount: string };
export type MyDay = {
  date: IsoDate;
  contactsMade: number;
  conversations: number;
  promises: { count: number; amounts: Money[] };
  collectedToday: Money[];
  collectedThisMonth: Money[];
  /** Null when no target is set for this user. */
  target: { currency: string; monthly: string; collected: string; progress: number } | null;
  /** Unread notices for this user (visit reminders whose time came), oldest first. */
  reminders: NotificationView[];
};

const money = (rows: { currency: string; amount: string }[]): Money[] =>
  rows.map((r) => ({
    currency: r.currency.trim(),
    amount: formatDecimal(BigInt(r.amount), currencyDigits(r.currency.trim())),
  }));

export async function getMyDay(db: Db, user: AuthUser, now: Date): Promise<MyDay> {
  const company = await getSetting(db, "company");
  const today = dateInZone(now, company.timeZone) as IsoDate;
  const monthStart = `${today.slice(0, 8)}01` as IsoDate;
  // Today's instants in the company's zone: from its midnight to the next.
  const zone = company.timeZone;
  const from = sql`(${today}::timestamp at time zone ${zone})`;
  const to = sql`(${addDays(today, 1)}::timestamp at time zone ${zone})`;
  const connected = sql.join(
    CONNECTED_OUTCOMES.map((o) => sql`${o}`),
    sql`, `,
  );
  const [contacts] = await queryRows<{ made: number; talked: number }>(
    db,
    sql`select count(*) filter (where direction = 'outbound')::int as made,
        count(*) filter (where outcome in (${connected}))::int as talked
      from interactions where actor = ${user.login} and at >= ${from} and at < ${to}`,
  );
  const promised = await queryRows<{ currency: string; amount: string; n: number }>(
    db,
    sql`select currency, sum(amount)::text as amount, count(*)::int as n from promises
      where created_by = ${user.login} and made_on = ${today}::date group by currency order by currency`,
  );
  const collected = await queryRows<{ currency: string; today: string; month: string }>(
    db,
    sql`select p.currency, coalesce(sum(p.amount) filter (where p.paid_on = ${today}::date), 0)::text as today,
        sum(p.amount)::text as month
      from payments p join customers c on c.id = p.customer_id
      where p.paid_on >= ${monthStart}::date and p.paid_on <= ${today}::date and ${paymentStands("p", sql`${today}::date`)}
        and ${customerScope(user, "c")}
      group by p.currency order by p.currency`,
  );
  const targets = await getSetting(db, "collection.targets");
  const mine = targets.monthly[user.login] ?? targets.default ?? null;
  let target: MyDay["target"] = null;
  if (mine) {
    const digits = currencyDigits(mine.currency);
    const goal = parseDecimal(mine.amount, digits, mine.currency);
    const got = BigInt(collected.find((c) => c.currency.trim() === mine.currency)?.month ?? "0");
    target = {
      currency: mine.currency,
      monthly: formatDecimal(goal, digits),
      collected: formatDecimal(got, digits),
      progress: goal > 0n ? Number((got * 10_000n) / goal) / 10_000 : 0,
    };
  }
  return {
    date: today,
    contactsMade: Number(contacts?.made ?? 0),
    conversations: Number(contacts?.talked ?? 0),
    promises: {
      count: promised.reduce((a, r) => a + Number(r.n), 0),
      amounts: money(promised.map((r) => ({ currency: r.currency, amount: r.amount }))),
    },
    collectedToday: money(
      collected.map((r) => ({ currency: r.currency, amount: r.today })).filter((m) => m.amount !== "0"),
    ),
    collectedThisMonth: money(collected.map((r) => ({ currency: r.currency, amount: r.month }))),
    target,
    reminders: await listNotifications(db, user),
  };
}
