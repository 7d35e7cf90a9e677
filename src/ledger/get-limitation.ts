// The limitation clock over the ledger: each open invoice's last day to claim, from its due date, the customer's
// country and the events that restarted it (limitation.rules.ts says which). Claims about to expire go to the
// worklist (the daily run calls claimsNearingLimitation), to GET /api/limitation and to the customer 360.
import { type SQL, sql } from "drizzle-orm";
import { type CustomerRange, openItemsSql } from "../aging/aging.sql.ts";
import { customerScope } from "../auth/access.ts";
import type { AuthUser } from "../auth/sessions.ts";
import { addDays, type IsoDate, isIsoDate } from "../calendar/calendar-date.ts";
import type { Db } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError, msg } from "../errors/app-error.ts";
import { currencyDigits } from "../money/currencies.ts";
import { formatDecimal } from "../money/money.ts";
import { getSetting } from "../settings/settings.ts";
import {
  addYears,
  type ClaimClock,
  type LimitationEvent,
  type LimitationEventKind,
  limitationClock,
  limitationRuleFor,
  shortestYears,
} from "./limitation.rules.ts";

export type LimitationScope = { customerIds?: number[]; range?: CustomerRange; user?: AuthUser };

export type InvoiceLimitation = ClaimClock & {
  invoiceId: number;
  customerId: number;
  number: string;
  dueDate: IsoDate;
  currency: string;
  /** Open as of asOf, minor units. */
  open: bigint;
  country: string | null;
  /** The customer is in legal action: the suit interrupted the clock (Civil Code art. 195). */
  legal: boolean;
};

/**
 * The clock of every invoice open as of `asOf` in scope; with `expiringBy`, only those whose last day is on or
 * before it (the SQL keeps only invoices due early enough to possibly expire by then, so a run reads little).
 */
export async function invoiceLimitations(
  db: Db,
  input: { asOf: IsoDate; scope?: LimitationScope; expiringBy?: IsoDate },
): Promise<InvoiceLimitation[]> {
  const { asOf, scope = {}, expiringBy } = input;
  if (!isIsoDate(asOf)) throw new AppError("invalid_input", msg`"${asOf}" is not a date (expected YYYY-MM-DD)`);
  const settings = await getSetting(db, "limitation");
  const company = await getSetting(db, "company");
  // No clock ends before due date + the fewest years; a day's margin for month ends.
  const dueBy = expiringBy ? addDays(addYears(expiringBy, -shortestYears(settings)), 1) : null;
  const open = await queryRows<{
    id: string;
    customer_id: string;
    number: string;
    due_date: string;
    currency: string;
    open_amount: string;
    country: string | null;
    legal: boolean;
  }>(
    db,
    sql`select o.id, o.customer_id, o.number, o.due_date, o.currency, o.open_amount, c.country, c.legal
        from (${openItemsSql(asOf, { customerIds: scope.customerIds, range: scope.range })}) o
        join customers c on c.id = o.customer_id
        where o.open_amount > 0 ${dueBy ? sql`and o.due_date <= ${dueBy}::date` : sql``}
          ${scope.user ? sql`and ${customerScope(scope.user, "c")}` : sql``}
        order by o.customer_id, o.due_date, o.id`,
  );
  if (!open.length) return [];
  const customers = [...new Set(open.map((o) => o.customer_id))];
  const since = open.reduce((m, o) => (o.due_date < m ? o.due_date : m), asOf);
  const events = await limitationEvents(db, customers, since, asOf, company.timeZone, settings.demandChannels);
  const out: InvoiceLimitation[] = [];
  for (const o of open) {
    const currency = o.currency.trim();
    const clock = limitationClock(
      { invoiceId: Number(o.id), dueDate: o.due_date, currency },
      events.get(o.customer_id) ?? [],
      limitationRuleFor(settings, o.country),
      asOf,
    );
    if (expiringBy && clock.expiresOn > expiringBy) continue;
    out.push({
      ...clock,
      invoiceId: Number(o.id),
      customerId: Number(o.customer_id),
      number: o.number,
      dueDate: o.due_date,
      currency,
      open: BigInt(o.open_amount),
      country: o.country,
      legal: Boolean(o.legal),
    });
  }
  return out;
}

/** The restarting events of these customers dated after `since` and by `asOf`, per customer id. */
async function limitationEvents(
  db: Db,
  customerIds: string[],
  since: IsoDate,
  asOf: IsoDate,
  timeZone: string,
  demandChannels: readonly string[],
): Promise<Map<string, LimitationEvent[]>> {
  const ids = sql`${`{${customerIds.join(",")}}`}::bigint[]`;
  const channels: SQL = demandChannels.length
    ? sql`i.channel in (${sql.join(
        demandChannels.map((c) => sql`${c}`),
        sql`, `,
      )})`
    : sql`false`;
  const rows = await queryRows<{
    customer_id: string;
    kind: LimitationEventKind;
    day: string;
    currency: string | null;
    invoice_ids: (string | number)[] | string | null;
    ref: string;
  }>(
    db,
    sql`select p.customer_id, 'payment' as kind, p.paid_on as day, p.currency::text as currency,
          coalesce((select array_agg(a.invoice_id order by a.invoice_id) from allocations a where a.payment_id = p.id),
                   case when p.settles_invoice_id is null then null else array[p.settles_invoice_id] end) as invoice_ids,
          'payment ' || p.reference as ref
        from payments p where p.customer_id = any(${ids}) and p.paid_on > ${since}::date and p.paid_on <= ${asOf}::date
          -- a payment that bounced acknowledged nothing
          and p.reversed_on is null
      union all
        select customer_id, 'promise', made_on, currency::text, null, 'promise ' || id
        from promises where customer_id = any(${ids}) and status <> 'cancelled'
          and made_on > ${since}::date and made_on <= ${asOf}::date
      union all
        select p.customer_id, 'plan', p.created_on, p.currency::text,
          (select array_agg(pi.invoice_id order by pi.invoice_id) from plan_invoices pi where pi.plan_id = p.id),
          'payment plan ' || p.id
        from payment_plans p where p.customer_id = any(${ids}) and p.status <> 'cancelled'
          and p.created_on > ${since}::date and p.created_on <= ${asOf}::date
      union all
        select s.customer_id, 'signed_acknowledgement', s.confirmed_on, s.currency::text,
          coalesce((select array_agg(si.invoice_id order by si.invoice_id) from statement_confirmation_invoices si
                    where si.confirmation_id = s.id), '{}'::bigint[]),
          'statement confirmation ' || s.id || ' (signed by ' || s.signed_by || ')'
        from statement_confirmations s where s.customer_id = any(${ids})
          and s.confirmed_on > ${since}::date and s.confirmed_on <= ${asOf}::date
      union all
        select i.customer_id, case when i.outcome = 'promise_to_pay' then 'acknowledgement' else 'demand' end,
          (i.at at time zone ${timeZone})::date, null, null, 'interaction ' || i.id || ' (' || i.channel || ')'
        from interactions i where i.customer_id = any(${ids})
          and (i.outcome = 'promise_to_pay' or (i.direction = 'outbound' and ${channels} and i.outcome <> 'wrong_number'))
          and (i.at at time zone ${timeZone})::date > ${since}::date and (i.at at time zone ${timeZone})::date <= ${asOf}::date`,
  );
  const out = new Map<string, LimitationEvent[]>();
  for (const r of rows) {
    const key = String(r.customer_id);
    let list = out.get(key);
    if (!list) {
      list = [];
      out.set(key, list);
    }
    const raw = typeof r.invoice_ids === "string" ? parsePgArray(r.invoice_ids) : r.invoice_ids;
    list.push({
      kind: r.kind,
      on: String(r.day).slice(0, 10),
      currency: r.currency === null ? null : r.currency.trim(),
      invoiceIds: raw === null ? null : raw.map(Number),
      ref: r.ref,
    });
  }
  return out;
}

/** "{1,2}" from a driver that leaves arrays as text. */
function parsePgArray(text: string): string[] {
  const inner = text.replace(/^\{|\}$/g, "");
  return inner ? inner.split(",") : [];
}

export type NearingClaims = {
  customerId: number;
  earliestExpiry: IsoDate;
  daysLeft: number;
  invoices: InvoiceLimitation[];
};

/**
 * Per customer, the open invoices whose claim expires from `asOf` to `asOf + withinDays` (already time-barred ones
 * too with `includeTimeBarred`), earliest expiry first. Customers in legal action are left out: their suit
 * interrupted the clock. The daily run calls it with a shard's `range` to write worklist items.
 */
export async function claimsNearingLimitation(
  db: Db,
  input: {
    asOf: IsoDate;
    withinDays: number;
    range?: CustomerRange;
    customerIds?: number[];
    user?: AuthUser;
    includeTimeBarred?: boolean;
  },
): Promise<NearingClaims[]> {
  if (!Number.isInteger(input.withinDays) || input.withinDays < 0 || input.withinDays > 3660) {
    throw new AppError(
      "invalid_input",
      msg`within must be a whole number of days from 0 to 3660 (got ${input.withinDays})`,
    );
  }
  const rows = await invoiceLimitations(db, {
    asOf: input.asOf,
    scope: { range: input.range, customerIds: input.customerIds, user: input.user },
    expiringBy: addDays(input.asOf, input.withinDays),
  });
  const byCustomer = new Map<number, InvoiceLimitation[]>();
  for (const r of rows) {
    if (r.legal || (r.timeBarred && !input.includeTimeBarred)) continue;
    let list = byCustomer.get(r.customerId);
    if (!list) {
      list = [];
      byCustomer.set(r.customerId, list);
    }
    list.push(r);
  }
  return [...byCustomer.entries()]
    .map(([customerId, invoices]) => {
      invoices.sort((a, b) =>
        a.expiresOn < b.expiresOn ? -1 : a.expiresOn > b.expiresOn ? 1 : a.invoiceId - b.invoiceId,
      );
      const first = invoices[0] as InvoiceLimitation;
      return { customerId, earliestExpiry: first.expiresOn, daysLeft: first.daysLeft, invoices };
    })
    .sort((a, b) =>
      a.earliestExpiry < b.earliestExpiry ? -1 : a.earliestExpiry > b.earliestExpiry ? 1 : a.customerId - b.customerId,
    );
}

/** For JSON: amounts as decimal strings. */
export function invoiceLimitationJson(r: InvoiceLimitation) {
  return {
    invoiceId: r.invoiceId,
    customerId: r.customerId,
    number: r.number,
    dueDate: r.dueDate,
    currency: r.currency,
    open: formatDecimal(r.open, currencyDigits(r.currency)),
    country: r.country,
    years: r.years,
    expiresOn: r.expiresOn,
    daysLeft: r.daysLeft,
    timeBarred: r.timeBarred,
    restartedBy: r.restartedBy,
    restarts: r.restarts,
  };
}

/** The customer 360's block: the earliest last day among open claims still alive, and those already barred. */
export async function getCustomerLimitation(db: Db, customerId: number, asOf: IsoDate) {
  const rows = await invoiceLimitations(db, { asOf, scope: { customerIds: [customerId] } });
  const alive = rows.filter((r) => !r.timeBarred).sort((a, b) => (a.expiresOn < b.expiresOn ? -1 : 1));
  const nearingDays = (await getSetting(db, "limitation")).nearingDays;
  const first = alive[0];
  return {
    earliestExpiry: first?.expiresOn ?? null,
    daysLeft: first?.daysLeft ?? null,
    invoice: first ? { id: first.invoiceId, number: first.number, restartedBy: first.restartedBy } : null,
    /** Open claims alive but within the `limitation.nearingDays` setting of their last day. */
    nearing: alive.filter((r) => r.daysLeft <= nearingDays).length,
    legal: rows.some((r) => r.legal),
    timeBarred: rows.filter((r) => r.timeBarred).map(invoiceLimitationJson),
  };
}
