// The rows the payment forecast reads, strictly as of a day D: invoices issued, payments, allocations and
// adjustments dated, disputes opened, promises made, plans created and contacts made on or before D. Queries only.
import { sql } from "drizzle-orm";
import type { IsoDate } from "../calendar/calendar-date.ts";
import type { Database, Db } from "../db/database.ts";
import { queryRows, queryViews } from "../db/query-rows.ts";
import { paymentStands } from "../ledger/payment.sql.ts";

/**
 * The big tables (invoices, payments, allocations) come with numbers, not texts: ids and amounts as float8 (exact
 * below 2^53, which settlement checks) and dates as day numbers (days since 1970-01-01, as dayNumber counts). A
 * million rows of texts were a fifth of the forecast's time in parsing, keeping and collecting them.
 */
export type LedgerRows = {
  invoices: {
    id: number;
    customer_id: number;
    currency: string;
    number: string;
    issue_day: number;
    due_day: number;
    amount: number;
  }[];
  payments: { customer_id: number; currency: string; paid_day: number; amount: number }[];
  allocations: {
    invoice_id: number;
    amount: number;
    paid_day: number;
    payment_customer_id: number;
    payment_currency: string;
    issue_day: number;
  }[];
  adjustments: {
    customer_id: string;
    currency: string;
    invoice_id: string | null;
    adjusted_on: string;
    amount: string;
  }[];
  /** The customers with an invoice by D: their credit rating and middleman flag as they were on D. */
  customers: { id: string; code: string; paperless: boolean; credit_rating: string | null; middleman: boolean }[];
  disputes: { invoice_id: string; opened_on: string; closed_on: string | null }[];
  promises: { customer_id: string; made_on: string; promised_on: string }[];
  plans: { invoice_id: string; created_on: string; ends_on: string }[];
  reminders: { customer_id: string; day: string }[];
};

/**
 * All in one read-only snapshot (a payment imported meanwhile is in every table or in none). The three tables of a
 * million rows come as views over arrays (see queryViews): the objects pg builds per row were most of the read's
 * time and memory.
 */
/** Day numbers in SQL: a date minus this is dayNumber's count. */
const EPOCH = sql`date '1970-01-01'`;

export async function loadLedgerAsOf(database: Database, asOf: IsoDate, timeZone: string): Promise<LedgerRows> {
  const d = sql`${asOf}::date`;
  // The first instant after D in the company's time zone: contacts and closings are instants, not dates.
  const end = sql`((${asOf}::date + 1)::timestamp at time zone ${timeZone})`;
  return database.transaction(async (conn) => {
    await conn.db.execute(sql`set transaction isolation level repeatable read, read only`);
    const db = conn.db;
    const invoices = await queryViews<LedgerRows["invoices"][number]>(
      conn,
      sql`select id::float8 as id, customer_id::float8 as customer_id, currency, number,
            issue_date - ${EPOCH} as issue_day, due_date - ${EPOCH} as due_day, amount::float8 as amount
          from invoices where issue_date <= ${d}`,
    );
    const payments = await queryViews<LedgerRows["payments"][number]>(
      conn,
      sql`select customer_id::float8 as customer_id, currency, paid_on - ${EPOCH} as paid_day, amount::float8 as amount
          from payments p where paid_on <= ${d} and ${paymentStands("p", d)}`,
    );
    const allocations = await queryViews<LedgerRows["allocations"][number]>(
      conn,
      sql`select a.invoice_id::float8 as invoice_id, a.amount::float8 as amount, p.paid_on - ${EPOCH} as paid_day,
            p.customer_id::float8 as payment_customer_id, p.currency as payment_currency,
            i.issue_date - ${EPOCH} as issue_day
          from allocations a join payments p on p.id = a.payment_id join invoices i on i.id = a.invoice_id
          where p.paid_on <= ${d} and ${paymentStands("p", d)} and i.issue_date <= ${d}`,
    );
    const adjustments = await queryRows<LedgerRows["adjustments"][number]>(
      db,
      sql`select customer_id, currency, invoice_id, adjusted_on, amount from adjustments where adjusted_on <= ${d}`,
    );
    // A rating or middleman flag edited after D is read as it was before the first such edit (its audit entry keeps
    // what it was): a collector who downgrades a customer for paying late must not teach the backtest the future.
    const customers = await queryRows<LedgerRows["customers"][number]>(
      db,
      sql`select c.id, c.code, exists (select 1 from contacts k where k.customer_id = c.id
            and k.preferred_channel in ('email', 'sms', 'wechat')) as paperless,
            case when r.was is null then c.credit_rating else r.was ->> 'credit_rating' end as credit_rating,
            case when m.was is null then c.middleman else (m.was ->> 'middleman')::boolean end as middleman
          from customers c
          left join lateral (select a.before as was from audit_log a where a.customer_id = c.id
            and a.action = 'customer.update' and a.at >= ${end} and (a.before -> 'credit_rating') is not null
            order by a.id limit 1) r on true
          left join lateral (select a.before as was from audit_log a where a.customer_id = c.id
            and a.action = 'customer.update' and a.at >= ${end} and (a.before -> 'middleman') is not null
            order by a.id limit 1) m on true
          where exists (select 1 from invoices i where i.customer_id = c.id and i.issue_date <= ${d})`,
    );
    const disputes = await queryRows<LedgerRows["disputes"][number]>(
      db,
      sql`select invoice_id, opened_on,
            case when closed_at < ${end} then (closed_at at time zone ${timeZone})::date end as closed_on
          from disputes where opened_on <= ${d}`,
    );
    const promises = await queryRows<LedgerRows["promises"][number]>(
      db,
      sql`select customer_id, made_on, promised_on from promises where made_on <= ${d}`,
    );
    const plans = await queryRows<LedgerRows["plans"][number]>(
      db,
      sql`select pi.invoice_id, p.created_on, (max(m.due_on) + p.grace_days) as ends_on
          from payment_plans p join plan_invoices pi on pi.plan_id = p.id
          join plan_installments m on m.plan_id = p.id
          where p.created_on <= ${d} group by pi.invoice_id, p.id, p.created_on, p.grace_days`,
    );
    const reminders = await queryRows<LedgerRows["reminders"][number]>(
      db,
      sql`select customer_id, (at at time zone ${timeZone})::date as day from interactions
          where direction = 'outbound' and at < ${end}`,
    );
    return { invoices, payments, allocations, adjustments, customers, disputes, promises, plans, reminders };
  });
}

/** The first and last days of the ledger (issues, payments, adjustments), null when it is empty. */
export async function ledgerSpan(db: Db): Promise<{ first: IsoDate | null; last: IsoDate | null }> {
  const [r] = await queryRows<{ first: string | null; last: string | null }>(
    db,
    sql`select least((select min(issue_date) from invoices), (select min(paid_on) from payments)) as first,
          greatest((select max(issue_date) from invoices), (select max(paid_on) from payments),
                   (select max(adjusted_on) from adjustments)) as last`,
  );
  return { first: r?.first ?? null, last: r?.last ?? null };
}
