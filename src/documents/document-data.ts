// What the documents print, read from the ledger: the customer and whom to address, the company's letterhead, the
// invoices open as of a date (the one as-of definition, openItemsSql) and a payment plan with its schedule.
import { type SQL, sql } from "drizzle-orm";
import { bucketFor } from "../aging/aging.rules.ts";
import { openItemsSql } from "../aging/aging.sql.ts";
import { customerScope } from "../auth/access.ts";
import type { AuthUser } from "../auth/sessions.ts";
import type { Db } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError, msg } from "../errors/app-error.ts";
import { getSetting } from "../settings/settings.ts";
import type { OpenItem } from "./statement.document.ts";

export type DocumentCustomer = {
  id: number;
  code: string;
  name: string;
  country: string | null;
  foreignTrade: boolean;
  /** Legal action approved (customers.legal): the lawyer's draft may be produced. */
  legal: boolean;
  collectorName: string | null;
  /** The person letters are addressed to: finance first, then owner, purchasing, anyone. */
  contactName: string | null;
};

export type Company = Awaited<ReturnType<typeof getCompany>>;

/** The company setting plus the callback number every letter names (conduct.md rule 10). */
export async function getCompany(db: Db) {
  const company = await getSetting(db, "company");
  const messaging = await getSetting(db, "messaging");
  return { ...company, callbackPhone: company.phone ?? messaging.callbackPhone };
}

type CustomerRow = {
  id: string;
  code: string;
  name: string;
  country: string | null;
  foreign_trade: boolean;
  legal: boolean;
  collector_name: string | null;
  contact_name: string | null;
};

async function documentCustomersWhere(db: Db, where: SQL, user: AuthUser | null): Promise<DocumentCustomer[]> {
  const rows = await queryRows<CustomerRow>(
    db,
    sql`select c.id, c.code, c.name, c.country, c.foreign_trade, c.legal, u.name as collector_name,
          (select k.name from contacts k where k.customer_id = c.id
            order by case k.role when 'finance' then 0 when 'owner' then 1 when 'purchasing' then 2 else 3 end, k.id
            limit 1) as contact_name
        from customers c left join users u on u.id = c.collector_id
        where ${where} and ${user ? customerScope(user) : sql`true`}`,
  );
  return rows.map((row) => ({
    id: Number(row.id),
    code: row.code,
    name: row.name,
    country: row.country,
    foreignTrade: row.foreign_trade,
    legal: row.legal,
    collectorName: row.collector_name,
    contactName: row.contact_name,
  }));
}

/** The customer by id or code; with a user, only within their portfolio (someone else's answers like a missing one). */
export async function getDocumentCustomerOrThrow(
  db: Db,
  key: { id: number } | { code: string },
  user: AuthUser | null,
): Promise<DocumentCustomer> {
  const where = "id" in key ? sql`c.id = ${key.id}` : sql`c.code = ${key.code}`;
  const [customer] = await documentCustomersWhere(db, where, user);
  if (!customer) {
    throw new AppError("not_found", "id" in key ? "no such customer" : `no customer with code "${key.code}"`);
  }
  return customer;
}

/** Many customers at once (a bulk statement run), by id; the ones not found are missing from the map. */
export async function getDocumentCustomers(db: Db, ids: readonly number[]): Promise<Map<number, DocumentCustomer>> {
  if (!ids.length) return new Map();
  const found = await documentCustomersWhere(
    db,
    sql`c.id = any(${`{${[...new Set(ids)].join(",")}}`}::bigint[])`,
    null,
  );
  return new Map(found.map((c) => [c.id, c]));
}

/** The customer's invoices open on `asOf`, oldest due first, with days past due and bucket. */
export async function getOpenItems(db: Db, customerId: number, asOf: string): Promise<OpenItem[]> {
  return (await getOpenItemsOf(db, [customerId], asOf)).get(customerId) ?? [];
}

/** getOpenItems for many customers in one read: customer id to its open items (customers with none are missing). */
export async function getOpenItemsOf(
  db: Db,
  customerIds: readonly number[],
  asOf: string,
): Promise<Map<number, OpenItem[]>> {
  const out = new Map<number, OpenItem[]>();
  if (!customerIds.length) return out;
  const rows = await queryRows<{
    id: string;
    customer_id: string;
    number: string;
    issue_date: string;
    due_date: string;
    currency: string;
    amount: string;
    open_amount: string;
    days_past_due: number;
    disputed: boolean;
  }>(
    db,
    sql`with o as (${openItemsSql(asOf, { customerIds: [...new Set(customerIds)] })})
        select id, customer_id, number, issue_date, due_date, currency, amount, open_amount, days_past_due, disputed
        from o where open_amount > 0 order by customer_id, currency, due_date, issue_date, number`,
  );
  for (const r of rows) {
    const customerId = Number(r.customer_id);
    let items = out.get(customerId);
    if (!items) {
      items = [];
      out.set(customerId, items);
    }
    items.push({
      invoiceId: Number(r.id),
      number: r.number,
      issueDate: r.issue_date,
      dueDate: r.due_date,
      currency: r.currency.trim(),
      amount: BigInt(r.amount),
      open: BigInt(r.open_amount),
      daysPastDue: Number(r.days_past_due),
      bucket: bucketFor(Number(r.days_past_due)),
      disputed: r.disputed,
    });
  }
  return out;
}

export type PlanForAgreement = {
  id: number;
  customerId: number;
  currency: string;
  total: bigint;
  downPayment: bigint;
  terms: string | null;
  status: string;
  graceDays: number;
  createdOn: string;
  installments: { seq: number; dueOn: string; amount: bigint }[];
  invoices: { number: string; issueDate: string; dueDate: string; currency: string; amount: bigint }[];
};

export async function getPlanOrThrow(db: Db, planId: number): Promise<PlanForAgreement> {
  if (!Number.isSafeInteger(planId) || planId <= 0) throw new AppError("not_found", msg`no such payment plan`);
  const [plan] = await queryRows<{
    id: string;
    customer_id: string;
    currency: string;
    total: string;
    down_payment: string;
    terms: string | null;
    status: string;
    grace_days: number;
    created_on: string;
  }>(
    db,
    sql`select id, customer_id, currency, total, down_payment, terms, status, grace_days, created_on
        from payment_plans where id = ${planId}`,
  );
  if (!plan) throw new AppError("not_found", msg`no payment plan ${planId}`);
  const installments = await queryRows<{ seq: number; due_on: string; amount: string }>(
    db,
    sql`select seq, due_on, amount from plan_installments where plan_id = ${planId} order by seq`,
  );
  const invoices = await queryRows<{
    number: string;
    issue_date: string;
    due_date: string;
    currency: string;
    amount: string;
  }>(
    db,
    sql`select i.number, i.issue_date, i.due_date, i.currency, i.amount
        from plan_invoices p join invoices i on i.id = p.invoice_id
        where p.plan_id = ${planId} order by i.due_date, i.number`,
  );
  return {
    id: Number(plan.id),
    customerId: Number(plan.customer_id),
    currency: plan.currency.trim(),
    total: BigInt(plan.total),
    downPayment: BigInt(plan.down_payment),
    terms: plan.terms,
    status: plan.status,
    graceDays: Number(plan.grace_days),
    createdOn: plan.created_on,
    installments: installments.map((i) => ({ seq: Number(i.seq), dueOn: i.due_on, amount: BigInt(i.amount) })),
    invoices: invoices.map((i) => ({
      number: i.number,
      issueDate: i.issue_date,
      dueDate: i.due_date,
      currency: i.currency.trim(),
      amount: BigInt(i.amount),
    })),
  };
}
