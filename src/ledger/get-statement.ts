// Statement of account (对账单) data for one customer between two dates, per currency.
import { sql } from "drizzle-orm";
import { isIsoDate } from "../calendar/calendar-date.ts";
import type { Db } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError, msg } from "../errors/app-error.ts";

export type StatementLine = {
  date: string;
  /** A reversal is a reversed payment coming back on the day it was reversed (a bounced cheque): a debit. */
  kind: "invoice" | "payment" | "reversal" | "credit_note" | "write_off";
  reference: string;
  dueDate: string | null;
  debit: bigint;
  credit: bigint;
  balance: bigint;
};
export type StatementSection = {
  currency: string;
  opening: bigint;
  lines: StatementLine[];
  debits: bigint;
  credits: bigint;
  closing: bigint;
};
export type Statement = {
  customer: { id: number; code: string; name: string };
  from: string;
  to: string;
  sections: StatementSection[];
};

const KIND_ORDER = { invoice: 0, credit_note: 1, write_off: 2, payment: 3, reversal: 4 } as const;

export async function getStatement(
  db: Db,
  input: { customerCode: string; from: string; to: string },
): Promise<Statement> {
  for (const [name, v] of [
    ["--from", input.from],
    ["--to", input.to],
  ] as const) {
    if (!isIsoDate(v)) throw new AppError("invalid_input", msg`${name} "${v}" is not a date (expected YYYY-MM-DD)`);
  }
  if (input.to < input.from)
    throw new AppError("invalid_input", msg`the period ends (${input.to}) before it starts (${input.from})`);
  const [customer] = await queryRows<{ id: string; code: string; name: string }>(
    db,
    sql`select id, code, name from customers where code = ${input.customerCode}`,
  );
  if (!customer) throw new AppError("not_found", msg`no customer with code "${input.customerCode}"`);
  const one = { id: Number(customer.id), code: customer.code, name: customer.name };
  return (await getStatements(db, [one], input)).get(one.id) as Statement;
}

type Entry = {
  customer_id: string;
  date: string;
  kind: StatementLine["kind"];
  reference: string;
  due_date: string | null;
  currency: string;
  amount: string;
};

/**
 * Statements of many customers over one period in one read (a bulk statement run): customer id to its statement.
 * The dates are the caller's to check (getStatement does).
 */
export async function getStatements(
  db: Db,
  customers: readonly Statement["customer"][],
  period: { from: string; to: string },
): Promise<Map<number, Statement>> {
  const out = new Map<number, Statement>();
  if (!customers.length) return out;
  const ids = sql`${`{${[...new Set(customers.map((c) => c.id))].join(",")}}`}::bigint[]`;
  const entries = await queryRows<Entry>(
    db,
    sql`select customer_id, issue_date as date, 'invoice' as kind, number as reference, due_date, currency, amount
          from invoices where customer_id = any(${ids}) and issue_date <= ${period.to}::date
        union all
        select customer_id, paid_on, 'payment', reference, null, currency, -amount from payments
          where customer_id = any(${ids}) and paid_on <= ${period.to}::date
        union all
        select customer_id, reversed_on, 'reversal', reference, null, currency, amount from payments
          where customer_id = any(${ids}) and reversed_on <= ${period.to}::date
        union all
        select customer_id, adjusted_on, kind, coalesce(reference, reason), null, currency, -amount from adjustments
          where customer_id = any(${ids}) and adjusted_on <= ${period.to}::date`,
  );
  const byCustomer = new Map<number, Entry[]>();
  for (const e of entries) {
    const id = Number(e.customer_id);
    let list = byCustomer.get(id);
    if (!list) {
      list = [];
      byCustomer.set(id, list);
    }
    list.push(e);
  }
  for (const customer of customers) {
    out.set(customer.id, {
      customer,
      from: period.from,
      to: period.to,
      sections: sectionsOf(byCustomer.get(customer.id) ?? [], period.from),
    });
  }
  return out;
}

function sectionsOf(entries: Entry[], from: string): StatementSection[] {
  const byCurrency = new Map<string, Entry[]>();
  for (const e of entries) {
    const c = e.currency.trim();
    if (!byCurrency.has(c)) byCurrency.set(c, []);
    byCurrency.get(c)?.push(e);
  }
  const sections: StatementSection[] = [];
  for (const [currency, list] of [...byCurrency.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    list.sort((a, b) =>
      a.date < b.date
        ? -1
        : a.date > b.date
          ? 1
          : KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.reference.localeCompare(b.reference),
    );
    let balance = 0n;
    let debits = 0n;
    let credits = 0n;
    const lines: StatementLine[] = [];
    let opening = 0n;
    for (const e of list) {
      const amount = BigInt(e.amount);
      if (e.date < from) {
        opening += amount;
        balance += amount;
        continue;
      }
      balance += amount;
      const debit = amount > 0n ? amount : 0n;
      const credit = amount < 0n ? -amount : 0n;
      debits += debit;
      credits += credit;
      lines.push({ date: e.date, kind: e.kind, reference: e.reference, dueDate: e.due_date, debit, credit, balance });
    }
    sections.push({ currency, opening, lines, debits, credits, closing: balance });
  }
  return sections;
}
