// What a message about a customer's debt says, read set-based for many customers at once: names, the overdue
// undisputed invoices (conduct rule 6: disputed ones stay out of reminders) from the one as-of definition of open
// items, the collector, the company. Turned into template variables by templateVars.
import { sql } from "drizzle-orm";
import { openItemsSql } from "../aging/aging.sql.ts";
import type { Db } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import type { DebtorType } from "../ledger/ledger.schema.ts";
import { currencyDigits } from "../money/currencies.ts";
import { formatDecimal } from "../money/money.ts";
import type { TemplateLanguage } from "./messaging.schema.ts";
import { pgArray } from "./record-opt-out.ts";
import type { TemplateVars } from "./template.rules.ts";

export type OverdueInvoice = { number: string; dueDate: string; currency: string; open: bigint; daysPastDue: number };
export type CustomerFacts = {
  id: number;
  code: string;
  name: string;
  debtorType: DebtorType;
  timeZone: string | null;
  country: string | null;
  doNotContact: boolean;
  /** Legal action approved for this customer (customers.legal): legal wording may then go out. */
  legal: boolean;
  collectorName: string | null;
  /** Oldest first. */
  overdue: OverdueInvoice[];
};
export type ContactFacts = {
  id: number;
  customerId: number;
  name: string;
  role: string;
  emails: string[];
  phones: string[];
  timeZone: string | null;
  optOutEmail: boolean;
  optOutSms: boolean;
};

const idArray = (ids: Iterable<number>) => `{${[...new Set(ids)].join(",")}}`;

export async function loadCustomerFacts(
  db: Db,
  customerIds: number[],
  asOf: string,
): Promise<Map<number, CustomerFacts>> {
  const out = new Map<number, CustomerFacts>();
  if (!customerIds.length) return out;
  const ids = [...new Set(customerIds)];
  const rows = await queryRows<{
    id: string;
    code: string;
    name: string;
    debtor_type: DebtorType;
    time_zone: string | null;
    country: string | null;
    do_not_contact: boolean;
    legal: boolean;
    collector_name: string | null;
  }>(
    db,
    sql`select c.id, c.code, c.name, c.debtor_type, c.time_zone, c.country, c.do_not_contact, c.legal,
          u.name as collector_name
        from customers c left join users u on u.id = c.collector_id
        where c.id = any(${idArray(ids)}::bigint[])`,
  );
  for (const r of rows) {
    out.set(Number(r.id), {
      id: Number(r.id),
      code: r.code,
      name: r.name,
      debtorType: r.debtor_type,
      timeZone: r.time_zone,
      country: r.country,
      doNotContact: r.do_not_contact,
      legal: r.legal,
      collectorName: r.collector_name,
      overdue: [],
    });
  }
  const items = await queryRows<{
    customer_id: string;
    number: string;
    due_date: string;
    currency: string;
    open_amount: string;
    days_past_due: number;
  }>(
    db,
    sql`select o.customer_id, o.number, o.due_date::text as due_date, o.currency, o.open_amount, o.days_past_due
        from (${openItemsSql(asOf, { customerIds: ids })}) o
        where o.open_amount > 0 and o.days_past_due > 0 and not o.disputed
        order by o.customer_id, o.due_date, o.number`,
  );
  for (const i of items) {
    out.get(Number(i.customer_id))?.overdue.push({
      number: i.number,
      dueDate: i.due_date,
      currency: i.currency.trim(),
      open: BigInt(i.open_amount),
      daysPastDue: Number(i.days_past_due),
    });
  }
  return out;
}

export async function loadContactFacts(db: Db, contactIds: number[]): Promise<Map<number, ContactFacts>> {
  const out = new Map<number, ContactFacts>();
  if (!contactIds.length) return out;
  const rows = await queryRows<{
    id: string;
    customer_id: string;
    name: string;
    role: string;
    emails: string[] | string;
    phones: string[] | string;
    time_zone: string | null;
    opt_out_email: boolean;
    opt_out_sms: boolean;
  }>(
    db,
    sql`select id, customer_id, name, role, emails, phones, time_zone, opt_out_email, opt_out_sms from contacts
        where id = any(${idArray(contactIds)}::bigint[])`,
  );
  for (const r of rows) {
    out.set(Number(r.id), {
      id: Number(r.id),
      customerId: Number(r.customer_id),
      name: r.name,
      role: r.role,
      emails: pgArray(r.emails),
      phones: pgArray(r.phones),
      timeZone: r.time_zone,
      optOutEmail: r.opt_out_email,
      optOutSms: r.opt_out_sms,
    });
  }
  return out;
}

const MAX_LINES = 20;

/** "CNY 1200.00 + USD 30.00", one term per currency. */
function amounts(items: OverdueInvoice[]): string {
  const sums = new Map<string, bigint>();
  for (const i of items) sums.set(i.currency, (sums.get(i.currency) ?? 0n) + i.open);
  return [...sums].map(([cur, v]) => `${cur} ${formatDecimal(v, currencyDigits(cur))}`).join(" + ");
}

/** The template variables for one customer and contact. Values that are unknown stay out (rendered as [name]). */
export function templateVars(
  customer: CustomerFacts,
  contact: ContactFacts | null,
  language: TemplateLanguage,
  extra: { company: string; callbackPhone: string; today: string },
  overrides: TemplateVars = {},
): TemplateVars {
  const zh = language === "zh-CN";
  const overdue = customer.overdue;
  const oldest = overdue[0];
  const lines = overdue.slice(0, MAX_LINES).map((i) => {
    const open = `${i.currency} ${formatDecimal(i.open, currencyDigits(i.currency))}`;
    return zh
      ? `- 发票 ${i.number},${i.dueDate}到期,未付 ${open}`
      : `- Invoice ${i.number}, due ${i.dueDate}, open ${open}`;
  });
  if (overdue.length > MAX_LINES) {
    const more = overdue.length - MAX_LINES;
    lines.push(zh ? `- 另有 ${more} 张发票,详见对账单` : `- and ${more} more invoices (see the statement)`);
  }
  const vars: TemplateVars = {
    customer: customer.name,
    contact: contact?.name,
    // A customer nobody owns yet is written to by the team.
    collector: customer.collectorName ?? (zh ? "应收账款组" : "Accounts Receivable team"),
    company: extra.company,
    callback_phone: extra.callbackPhone,
    statement_date: extra.today,
  };
  if (oldest) {
    vars.amount = amounts(overdue);
    vars.due_date = oldest.dueDate;
    vars.days_past_due = String(oldest.daysPastDue);
    vars.invoice_list = lines.join("\n");
  }
  for (const [k, v] of Object.entries(overrides)) if (v !== undefined) vars[k as keyof TemplateVars] = v;
  return vars;
}
