// Aging and risk as of any date: one use case for the CLI, the HTTP API and the daily run.

import { isIsoDate } from "../calendar/calendar-date.ts";
import type { Database } from "../db/database.ts";
import { forEachBatch } from "../db/query-rows.ts";
import { AppError, msg } from "../errors/app-error.ts";
import { getSetting } from "../settings/settings.ts";
import { BUCKETS, type BucketKey, bucketFor, type GradeThresholds, gradeFor, type RiskGrade } from "./aging.rules.ts";
import { type AgingScope, customerAgingSql, invoiceAgingSql } from "./aging.sql.ts";

export type AgingInvoiceRow = {
  invoiceId: number;
  customerId: number;
  customerCode: string;
  customerName: string;
  invoiceNumber: string;
  issueDate: string;
  dueDate: string;
  currency: string;
  amount: bigint;
  openAmount: bigint;
  daysPastDue: number;
  bucket: BucketKey;
  grade: RiskGrade;
};
export type AgingCustomerRow = {
  customerId: number;
  customerCode: string;
  customerName: string;
  currency: string;
  openAmount: bigint;
  buckets: Record<BucketKey, bigint>;
  maxDaysPastDue: number;
  openInvoices: number;
  grade: RiskGrade;
};
export type AgingTotals = Record<
  string,
  { openAmount: bigint; buckets: Record<BucketKey, bigint>; customers: number; grades: Record<RiskGrade, bigint> }
>;

type RawInvoice = {
  invoice_id: string;
  customer_id: string;
  customer_code: string;
  customer_name: string;
  legal: boolean;
  invoice_number: string;
  issue_date: string;
  due_date: string;
  currency: string;
  amount: string;
  open_amount: string;
  days_past_due: number;
};
type RawCustomer = Record<BucketKey, string> & {
  customer_id: string;
  customer_code: string;
  customer_name: string;
  legal: boolean;
  currency: string;
  open_amount: string;
  max_days_past_due: number;
  open_invoices: number;
};

export type AgingQuery = { asOf: string; scope?: AgingScope };

async function prepare(database: Database, q: AgingQuery): Promise<GradeThresholds> {
  if (!isIsoDate(q.asOf))
    throw new AppError("invalid_input", msg`as-of date "${q.asOf}" is not a date (expected YYYY-MM-DD)`);
  return getSetting(database.db, "aging.grades");
}

/** Streams open invoices as of a date, in batches (a million rows never sit in memory). */
export async function forEachAgingInvoice(
  database: Database,
  q: AgingQuery,
  onBatch: (rows: AgingInvoiceRow[]) => void | Promise<void>,
): Promise<void> {
  const thresholds = await prepare(database, q);
  await forEachBatch<RawInvoice>(database, invoiceAgingSql(q.asOf, q.scope), (raw) =>
    onBatch(
      raw.map((r) => ({
        invoiceId: Number(r.invoice_id),
        customerId: Number(r.customer_id),
        customerCode: r.customer_code,
        customerName: r.customer_name,
        invoiceNumber: r.invoice_number,
        issueDate: r.issue_date,
        dueDate: r.due_date,
        currency: r.currency.trim(),
        amount: BigInt(r.amount),
        openAmount: BigInt(r.open_amount),
        daysPastDue: Number(r.days_past_due),
        bucket: bucketFor(Number(r.days_past_due)),
        grade: gradeFor(Number(r.days_past_due), thresholds, { legal: r.legal }),
      })),
    ),
  );
}

export async function forEachAgingCustomer(
  database: Database,
  q: AgingQuery,
  onBatch: (rows: AgingCustomerRow[]) => void | Promise<void>,
): Promise<void> {
  const thresholds = await prepare(database, q);
  await forEachBatch<RawCustomer>(database, customerAgingSql(q.asOf, q.scope), (raw) =>
    onBatch(
      raw.map((r) => ({
        customerId: Number(r.customer_id),
        customerCode: r.customer_code,
        customerName: r.customer_name,
        currency: r.currency.trim(),
        openAmount: BigInt(r.open_amount),
        buckets: Object.fromEntries(BUCKETS.map((b) => [b.key, BigInt(r[b.key])])) as Record<BucketKey, bigint>,
        maxDaysPastDue: Number(r.max_days_past_due),
        openInvoices: Number(r.open_invoices),
        grade: gradeFor(Number(r.max_days_past_due), thresholds, { legal: r.legal }),
      })),
    ),
  );
}

/** Customer roll-up plus totals per currency, for reports and dashboards. */
export async function getCustomerAging(
  database: Database,
  q: AgingQuery,
): Promise<{ rows: AgingCustomerRow[]; totals: AgingTotals }> {
  const rows: AgingCustomerRow[] = [];
  await forEachAgingCustomer(database, q, (batch) => {
    rows.push(...batch);
  });
  return { rows, totals: totalsOf(rows) };
}

export function totalsOf(rows: readonly AgingCustomerRow[]): AgingTotals {
  const totals: AgingTotals = {};
  for (const r of rows) {
    totals[r.currency] ??= {
      openAmount: 0n,
      customers: 0,
      buckets: Object.fromEntries(BUCKETS.map((b) => [b.key, 0n])) as Record<BucketKey, bigint>,
      grades: { current: 0n, overdue: 0n, doubtful: 0n, bad: 0n, dead: 0n },
    };
    const t = totals[r.currency] as AgingTotals[string];
    t.openAmount += r.openAmount;
    t.customers++;
    for (const b of BUCKETS) t.buckets[b.key] += r.buckets[b.key];
    t.grades[r.grade] += r.openAmount;
  }
  return totals;
}
