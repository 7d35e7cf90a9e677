// A script rendered for one customer with real data: the contact person, the overdue amount and its invoices, the
// oldest open due date, the latest promise, the next plan installment, the collector and our company. Only within
// the user's portfolio (another collector's customer answers 404), and debt details only for an authorised contact
// (conduct rule 9: a message template that names the debt is refused for anyone else).
import { sql } from "drizzle-orm";
import { openItemsSql } from "../aging/aging.sql.ts";
import { companyToday } from "../app/open-database.ts";
import { visibleCustomerOrThrow } from "../auth/access.ts";
import type { AuthUser } from "../auth/sessions.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError, msg, term } from "../errors/app-error.ts";
import { currencyDigits } from "../money/currencies.ts";
import { formatDecimal } from "../money/money.ts";
import { getSetting, getSettingVersioned, isSettingKey } from "../settings/settings.ts";
import { getScriptOrThrow } from "./script-catalog.ts";
import { LANGS, type Lang, renderText, type ScriptValues, type ScriptVariable, variablesIn } from "./scripts.ts";

/** Contact roles that may hear about the debt (conduct rule 9), best first. */
const AUTHORISED_ROLES = ["finance", "owner", "purchasing"] as const;
/** Variables that reveal the debt. */
const DEBT_VARIABLES: readonly ScriptVariable[] = [
  "amount",
  "due_date",
  "days_overdue",
  "invoice_list",
  "promise_date",
  "promise_amount",
  "installment_date",
  "installment_amount",
];
/** An invoice list longer than this ends with "and N more". */
const LIST_LIMIT = 10;

export type RenderedScript = {
  id: string;
  source: "library" | "custom";
  customerId: number;
  asOf: string;
  contact: { id: number; name: string; role: string } | null;
  values: Record<Lang, ScriptValues>;
  /** Variables the script uses for which there is no value: rendered as "[name]". */
  missing: string[];
  texts: Partial<Record<Lang, { title: string; subject: string | null; text: string }>>;
};

type OpenItem = { number: string; due_date: string; currency: string; open_amount: string; days_past_due: number };

/** "¥12,500.00" in Chinese for yuan, "CNY 12,500.00" otherwise: exact minor units, grouped by thousands. */
export function formatMoney(minor: bigint, currency: string, lang: Lang): string {
  const code = currency.trim();
  const [whole = "0", fraction] = formatDecimal(minor, currencyDigits(code)).split(".");
  const sign = whole.startsWith("-") ? "-" : "";
  const grouped = whole.replace("-", "").replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const number = `${sign}${grouped}${fraction === undefined ? "" : `.${fraction}`}`;
  return lang === "zh" && code === "CNY" ? `¥${number}` : `${code} ${number}`;
}

/** Amounts per currency, in currency order, joined: "CNY 1,000.00 + USD 20.00". */
function sumByCurrency(items: readonly OpenItem[], lang: Lang): string {
  const sums = new Map<string, bigint>();
  for (const i of items) sums.set(i.currency.trim(), (sums.get(i.currency.trim()) ?? 0n) + BigInt(i.open_amount));
  return [...sums]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([c, m]) => formatMoney(m, c, lang))
    .join(" + ");
}

function invoiceList(items: readonly OpenItem[], lang: Lang): string {
  const shown = items.slice(0, LIST_LIMIT).map((i) => {
    const money = formatMoney(BigInt(i.open_amount), i.currency, lang);
    return lang === "zh" ? `${i.number}(${i.due_date}到期,${money})` : `${i.number} (due ${i.due_date}, ${money})`;
  });
  const more = items.length - shown.length;
  if (lang === "zh") return shown.join("、") + (more > 0 ? `等共${items.length}张` : "");
  return shown.join("; ") + (more > 0 ? `; and ${more} more` : "");
}

export async function renderScriptForCustomer(
  deps: { database: Database; now: () => Date },
  user: AuthUser,
  scriptId: string,
  customerId: number,
  options: { lang?: Lang; contactId?: number } = {},
): Promise<RenderedScript> {
  const db = deps.database.db;
  await visibleCustomerOrThrow(db, user, customerId);
  const script = await getScriptOrThrow(db, scriptId);
  const asOf = await companyToday(db, deps.now());
  const company = await getSetting(db, "company");
  // The callback number every message names lives with the messaging settings when they exist.
  const messaging = isSettingKey("messaging") ? (await getSettingVersioned(db, "messaging")).value : null;
  const callbackPhone = (messaging as { callbackPhone?: unknown } | null)?.callbackPhone;

  const [customer] = await queryRows<{ name: string; collector: string | null }>(
    db,
    sql`select c.name, u.name as collector from customers c left join users u on u.id = c.collector_id
        where c.id = ${customerId}`,
  );
  const contacts = await queryRows<{ id: string; name: string; role: string }>(
    db,
    sql`select id, name, role from contacts where customer_id = ${customerId} order by id`,
  );
  let contact = contacts.find((k) => options.contactId !== undefined && Number(k.id) === options.contactId);
  if (options.contactId !== undefined && !contact) {
    throw new AppError("invalid_input", msg`contactId: contact ${options.contactId} is not a contact of this customer`);
  }
  contact ??= AUTHORISED_ROLES.map((r) => contacts.find((k) => k.role === r)).find((k) => k !== undefined);
  const uses = new Set(LANGS.flatMap((l) => [script.text[l], script.subject?.[l] ?? ""]).flatMap(variablesIn));
  if (
    contact &&
    script.kind === "template" &&
    !(AUTHORISED_ROLES as readonly string[]).includes(contact.role) &&
    DEBT_VARIABLES.some((v) => uses.has(v))
  ) {
    throw new AppError(
      "unprocessable",
      msg`${contact.name} (${term(contact.role)}) is not an authorised contact: debt details go only to finance, owner or purchasing (conduct rule 9)`,
    );
  }

  // Open invoices, oldest due first. Disputed invoices are on hold and left out, except when handling the dispute.
  const withDisputed = script.stage === "dispute_handling";
  const open = await queryRows<OpenItem>(
    db,
    sql`select o.number, o.due_date::text as due_date, o.currency, o.open_amount::text as open_amount,
          o.days_past_due::int as days_past_due
        from (${openItemsSql(asOf, { customerIds: [customerId] })}) o
        where o.open_amount > 0 and (${withDisputed} or not o.disputed)
        order by o.due_date, o.number`,
  );
  const overdue = open.filter((i) => i.days_past_due > 0);
  const [promise] = await queryRows<{ promised_on: string; amount: string; currency: string }>(
    db,
    sql`select promised_on::text as promised_on, amount::text as amount, currency from promises
        where customer_id = ${customerId} and status <> 'cancelled' order by made_on desc, id desc limit 1`,
  );
  const [installment] = await queryRows<{ due_on: string; amount: string; currency: string }>(
    db,
    sql`select i.due_on::text as due_on, i.amount::text as amount, p.currency from plan_installments i
        join payment_plans p on p.id = i.plan_id
        where p.customer_id = ${customerId} and p.status in ('active', 'broken') and i.status <> 'paid'
        order by i.due_on, i.seq limit 1`,
  );

  const values = {} as Record<Lang, ScriptValues>;
  for (const lang of LANGS) {
    const items = overdue.length ? overdue : open;
    values[lang] = {
      customer: customer?.name,
      contact: contact?.name,
      amount: items.length ? sumByCurrency(items, lang) : undefined,
      due_date: open[0]?.due_date,
      days_overdue: overdue.length ? String(Math.max(...overdue.map((i) => i.days_past_due))) : undefined,
      invoice_list: open.length
        ? invoiceList([...overdue, ...open.filter((i) => i.days_past_due <= 0)], lang)
        : undefined,
      collector: customer?.collector ?? user.name,
      company: company.name,
      callback_phone: typeof callbackPhone === "string" ? callbackPhone : undefined,
      payment_details: company.paymentDetails,
      promise_date: promise?.promised_on,
      promise_amount: promise ? formatMoney(BigInt(promise.amount), promise.currency, lang) : undefined,
      installment_date: installment?.due_on,
      installment_amount: installment ? formatMoney(BigInt(installment.amount), installment.currency, lang) : undefined,
    };
  }
  const langs = options.lang ? [options.lang] : LANGS;
  const texts: RenderedScript["texts"] = {};
  for (const lang of langs) {
    texts[lang] = {
      title: script.title[lang],
      subject: script.subject ? renderText(script.subject[lang], values[lang]) : null,
      text: renderText(script.text[lang], values[lang]),
    };
  }
  const missing = [...uses].filter((v) => langs.some((l) => !values[l][v as ScriptVariable]?.trim()));
  return {
    id: script.id,
    source: script.source,
    customerId,
    asOf,
    contact: contact ? { id: Number(contact.id), name: contact.name, role: contact.role } : null,
    values,
    missing,
    texts,
  };
}
