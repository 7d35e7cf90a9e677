// Promises to pay in the user's portfolio between two dates, for the promises calendar (today, overdue, upcoming)
// and the dashboard's "broken today". Dates are the promised date by default, or the day the daily run settled the
// promise (kept, partially kept, broken): the run settles a promise the day after its date. "Today" is the
// company's calendar day, which the answer carries so the browser does not guess it from its own clock.
import { type SQL, sql } from "drizzle-orm";
import { customerScope } from "../auth/access.ts";
import type { AuthUser } from "../auth/sessions.ts";
import { addDays, dateInZone, daysBetween, type IsoDate, isIsoDate } from "../calendar/calendar-date.ts";
import { PROMISE_STATUSES, type PromiseStatus } from "../collection/collection.schema.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError, msg } from "../errors/app-error.ts";
import { currencyDigits } from "../money/currencies.ts";
import { formatDecimal } from "../money/money.ts";
import { getSetting } from "../settings/settings.ts";

export const PROMISE_DATE_FIELDS = ["promised", "settled"] as const;
export type PromiseDateField = (typeof PROMISE_DATE_FIELDS)[number];
/** The longest range one request may cover. */
export const MAX_PROMISE_RANGE_DAYS = 366;
export const MAX_PROMISES = 2000;
/** Without dates: a month back (what is overdue or just broken) and two months ahead. */
const DEFAULT_BACK = 30;
const DEFAULT_AHEAD = 60;

export type PromiseQuery = {
  from?: IsoDate;
  to?: IsoDate;
  /** Which date `from` and `to` bound. */
  dateOf?: PromiseDateField;
  /** Statuses to include; every status but cancelled when none is given. */
  statuses?: readonly PromiseStatus[];
  limit?: number;
};

export type PromiseView = {
  id: number;
  customerId: number;
  customerCode: string;
  customerName: string;
  /** The collector's login. */
  collector: string | null;
  contactName: string | null;
  /** Decimal text in the currency's unit. */
  amount: string;
  currency: string;
  promisedOn: IsoDate;
  madeOn: IsoDate;
  status: PromiseStatus;
  /** What came in toward it, once settled. */
  paidAmount: string | null;
  settledOn: IsoDate | null;
  createdBy: string;
};

export type PromiseList = {
  today: IsoDate;
  from: IsoDate;
  to: IsoDate;
  dateOf: PromiseDateField;
  promises: PromiseView[];
  /** More promises matched than `limit`: narrow the range. */
  truncated: boolean;
};

type Row = {
  id: string;
  customer_id: string;
  code: string;
  name: string;
  login: string | null;
  contact_name: string | null;
  amount: string;
  currency: string;
  promised_on: string;
  made_on: string;
  status: PromiseStatus;
  paid_amount: string | null;
  settled_on: string | null;
  created_by: string;
};

export async function listPromises(
  deps: { database: Database; now: () => Date },
  user: AuthUser,
  query: PromiseQuery = {},
): Promise<PromiseList> {
  const db = deps.database.db;
  const company = await getSetting(db, "company");
  const today = dateInZone(deps.now(), company.timeZone);
  const from = query.from ?? addDays(today, -DEFAULT_BACK);
  const to = query.to ?? addDays(today, DEFAULT_AHEAD);
  for (const [name, v] of [
    ["from", from],
    ["to", to],
  ] as const) {
    if (!isIsoDate(v)) throw new AppError("invalid_input", msg`${name}: "${v}" is not a date (expected YYYY-MM-DD)`);
  }
  if (from > to) throw new AppError("invalid_input", msg`from ${from} is after to ${to}: give the earlier date first`);
  if (daysBetween(from, to) >= MAX_PROMISE_RANGE_DAYS) {
    throw new AppError(
      "invalid_input",
      msg`from ${from} to ${to} is more than ${MAX_PROMISE_RANGE_DAYS} days: shorten it`,
    );
  }
  const unknown = (query.statuses ?? []).filter((s) => !(PROMISE_STATUSES as readonly string[]).includes(s));
  if (unknown.length) {
    throw new AppError(
      "invalid_input",
      msg`status: unknown status "${unknown[0]}" (expected ${PROMISE_STATUSES.join(", ")})`,
    );
  }
  const statuses = query.statuses?.length ? query.statuses : PROMISE_STATUSES.filter((s) => s !== "cancelled");
  const dateOf = query.dateOf ?? "promised";
  const limit = Math.max(1, Math.min(query.limit ?? 500, MAX_PROMISES));
  const column: SQL = dateOf === "settled" ? sql`pr.settled_on` : sql`pr.promised_on`;

  const rows = await queryRows<Row>(
    db,
    sql`select pr.id, pr.customer_id, c.code, c.name, u.login, k.name as contact_name, pr.amount::text as amount,
          pr.currency, pr.promised_on::text as promised_on, pr.made_on::text as made_on, pr.status,
          pr.paid_amount::text as paid_amount, pr.settled_on::text as settled_on, pr.created_by
        from promises pr
        join customers c on c.id = pr.customer_id
        left join users u on u.id = c.collector_id
        left join contacts k on k.id = pr.contact_id
        where ${customerScope(user)} and ${column} between ${from}::date and ${to}::date
          and pr.status in (${sql.join(
            statuses.map((s) => sql`${s}`),
            sql`, `,
          )})
        order by ${column}, pr.amount desc, pr.id
        limit ${limit + 1}`,
  );
  const promises = rows.slice(0, limit).map((r): PromiseView => {
    const currency = r.currency.trim();
    const digits = currencyDigits(currency);
    return {
      id: Number(r.id),
      customerId: Number(r.customer_id),
      customerCode: r.code,
      customerName: r.name,
      collector: r.login,
      contactName: r.contact_name,
      amount: formatDecimal(BigInt(r.amount), digits),
      currency,
      promisedOn: r.promised_on,
      madeOn: r.made_on,
      status: r.status,
      paidAmount: r.paid_amount === null ? null : formatDecimal(BigInt(r.paid_amount), digits),
      settledOn: r.settled_on,
      createdBy: r.created_by,
    };
  });
  return { today, from, to, dateOf, promises, truncated: rows.length > limit };
}
