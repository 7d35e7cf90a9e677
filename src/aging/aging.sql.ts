// The as-of open-items query. "As of D" sees invoices issued, and payments and adjustments dated, on or before D;
// nothing later (a payment reversed on or before D no longer counts). Payments not explicitly allocated are applied oldest-due-first (due date, then issue date),
// so the result is the same whenever it is computed.
import { type SQL, sql } from "drizzle-orm";
import { paymentStands } from "../ledger/payment.sql.ts";
import { BUCKETS } from "./aging.rules.ts";

/** Customers with ids from `from` (inclusive) to `to` (exclusive), null meaning open: one shard of the daily run. */
export type CustomerRange = { from: number | null; to: number | null };
export type AgingScope = { customerIds?: number[]; collectorId?: number; range?: CustomerRange };

/** `and <column> >= from and <column> < to` for the bounds that are set (ranges keep the planner's estimates). */
export function rangeFilter(range: CustomerRange | undefined, column: string): SQL {
  const parts: SQL[] = [];
  if (range?.from != null) parts.push(sql`and ${sql.raw(column)} >= ${range.from}`);
  if (range?.to != null) parts.push(sql`and ${sql.raw(column)} < ${range.to}`);
  return sql.join(parts, sql` `);
}

function scopeFilter(scope: AgingScope, column: string): SQL {
  const parts: SQL[] = [];
  if (scope.customerIds) {
    if (!scope.customerIds.length) return sql`and false`;
    parts.push(sql`and ${sql.raw(column)} = any(${`{${scope.customerIds.join(",")}}`}::bigint[])`);
  }
  if (scope.collectorId !== undefined) {
    parts.push(sql`and ${sql.raw(column)} in (select id from customers where collector_id = ${scope.collectorId})`);
  }
  if (scope.range) parts.push(rangeFilter(scope.range, column));
  return sql.join(parts, sql` `);
}

/**
 * One row per invoice issued by `asOf` with its open amount then (0 when settled) and days past due.
 * Sums stay in bigint (sum_int8, a plain int8 aggregate that fails loudly on overflow) rather than the numeric
 * that sum(bigint) returns: over a million invoices that is a third of the time.
 */
export function openItemsSql(asOf: string, scope: AgingScope = {}): SQL {
  const d = sql`${asOf}::date`;
  // Allocations and credit notes are cut to the scope by the customer of the payment or adjustment, which is always
  // the invoice's own (an allocation, a settlement or a credit note only ever ties a customer's document to that
  // customer's invoice): a shard of the daily run or a collector's aging reads its customers' allocations, not the
  // whole table's.
  // Oldest due first: the order in which unallocated credit settles a customer's invoices in one currency.
  const fifo = sql`window fifo as (partition by customer_id, currency order by due_date, issue_date, id
    rows between unbounded preceding and current row)`;
  return sql`with
  -- Allocations standing on the date (the payment made by then and not reversed) to invoices issued by then, with
  -- what the rest needs of their invoice: read once (a ledger with payments matched to invoices has many).
  alloc as materialized (
    select a.payment_id, a.amount, i.id, i.customer_id, i.currency, i.due_date, i.issue_date, i.amount as invoice_amount
    from allocations a join payments p on p.id = a.payment_id join invoices i on i.id = a.invoice_id
    where p.paid_on <= ${d} and ${paymentStands("p", d)} and i.issue_date <= ${d} ${scopeFilter(scope, "p.customer_id")}),
  -- What payments and credit notes took off each invoice, keyed as the invoices are read (FIFO order): joined to
  -- them by merging, which keeps that order for the running sum, so only these rows are sorted, not the invoices.
  taken as (
    select customer_id, currency, due_date, issue_date, id, invoice_amount, sum_int8(amount) as amt from (
      select customer_id, currency, due_date, issue_date, id, invoice_amount, amount from alloc
      union all
      select i.customer_id, i.currency, i.due_date, i.issue_date, i.id, i.amount, j.amount
      from adjustments j join invoices i on i.id = j.invoice_id
      where j.adjusted_on <= ${d} and i.issue_date <= ${d} ${scopeFilter(scope, "j.customer_id")}
    ) t group by customer_id, currency, due_date, issue_date, id, invoice_amount),
  credit as (
    select customer_id, currency, sum_int8(amt) as amt from (
      select p.customer_id, p.currency, p.amount - coalesce(pa.amt, 0) as amt
      from payments p
      left join (select payment_id, sum_int8(amount) as amt from alloc group by payment_id) pa on pa.payment_id = p.id
      where p.paid_on <= ${d} and ${paymentStands("p", d)} ${scopeFilter(scope, "p.customer_id")}
      union all
      select customer_id, currency, amount from adjustments
      where invoice_id is null and adjusted_on <= ${d} ${scopeFilter(scope, "customer_id")}
      union all
      -- Invoices allocated or credited beyond their amount: the excess is credit.
      select customer_id, currency, amt - invoice_amount from taken where amt > invoice_amount
    ) x group by customer_id, currency
  ),
  -- Each invoice's remaining amount (rem) and the running sum of the remaining amounts in FIFO order (cum).
  ranked as (
    select inv.*, greatest(remaining, 0) as rem, sum_int8(greatest(remaining, 0)) over fifo as cum
    from (select i.id, i.customer_id, i.currency, i.number, i.issue_date, i.due_date, i.amount, i.disputed,
            i.amount - coalesce(tk.amt, 0) as remaining
          from invoices i left join taken tk on tk.customer_id = i.customer_id and tk.currency = i.currency
            and tk.due_date = i.due_date and tk.issue_date = i.issue_date and tk.id = i.id
          where i.issue_date <= ${d} ${scopeFilter(scope, "i.customer_id")}) inv
    ${fifo}
  )
  select r.id, r.customer_id, r.currency, r.number, r.issue_date, r.due_date, r.amount, r.disputed,
    greatest(0, least(r.rem, r.cum - coalesce(c.amt, 0)))::bigint as open_amount,
    greatest(0, ${d} - r.due_date) as days_past_due
  from ranked r left join credit c on c.customer_id = r.customer_id and c.currency = r.currency`;
}

/** Sum of open amounts per bucket, one SQL column per bucket, derived from the same BUCKETS as bucketFor(). */
export function bucketSumsSql(): SQL {
  return sql.raw(
    BUCKETS.map((b) => {
      const lo = Number.isFinite(b.min) ? `days_past_due >= ${b.min}` : "true";
      const hi = Number.isFinite(b.max) ? `days_past_due <= ${b.max}` : "true";
      return `coalesce(sum(open_amount) filter (where ${lo} and ${hi}), 0)::bigint as ${b.key}`;
    }).join(",\n    "),
  );
}

export function customerAgingSql(asOf: string, scope: AgingScope = {}): SQL {
  return sql`with o as (${openItemsSql(asOf, scope)})
  select c.id as customer_id, c.code as customer_code, c.name as customer_name, c.legal, o.currency,
    sum(o.open_amount)::bigint as open_amount,
    ${bucketSumsSql()},
    max(o.days_past_due) as max_days_past_due,
    count(*)::int as open_invoices
  from o join customers c on c.id = o.customer_id
  where o.open_amount > 0
  group by c.id, c.code, c.name, c.legal, o.currency
  order by c.code, o.currency`;
}

export function invoiceAgingSql(asOf: string, scope: AgingScope = {}): SQL {
  return sql`with o as (${openItemsSql(asOf, scope)})
  select o.id as invoice_id, o.customer_id, c.code as customer_code, c.name as customer_name, c.legal,
    o.number as invoice_number, o.issue_date, o.due_date, o.currency, o.amount, o.open_amount, o.days_past_due
  from o join customers c on c.id = o.customer_id
  where o.open_amount > 0
  order by c.code, o.due_date, o.issue_date, o.number`;
}
