// Editing a customer's account (terms, credit limit, zone, debtor type, flags, notes) and a contact's details and
// consent, with the version the editor read: a stale version is refused (409) with the current record, so two
// people never overwrite each other unseen. Assigning customers to collectors, one or many at once, is for managers
// (within their team) and admins. Every change is audited with what it was before, in the same transaction.
import { sql } from "drizzle-orm";
import { appendAudit } from "../audit/append-audit.ts";
import { customerScope } from "../auth/access.ts";
import type { AuthUser } from "../auth/sessions.ts";
import { isIanaTimeZone } from "../calendar/calendar-date.ts";
import type { Database, Db } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError, msg, term } from "../errors/app-error.ts";
import type { Channel, ContactRole, DebtorType } from "../ledger/ledger.schema.ts";
import { currencyDigits, isKnownCurrency } from "../money/currencies.ts";
import { parseDecimalField } from "../money/money.ts";

export type Deps = { database: Database; now: () => Date };

/** The record as it is now, for a 409 answer. */
export class StaleVersion extends AppError {
  constructor(
    what: "customer" | "contact",
    readonly current: Record<string, unknown>,
    sent: number,
  ) {
    const now = String(current.version);
    super(
      "conflict",
      what === "customer"
        ? msg`the customer was changed meanwhile (it is at version ${now}, you sent ${sent}): read it again`
        : msg`the contact was changed meanwhile (it is at version ${now}, you sent ${sent}): read it again`,
    );
  }
}

export type CustomerChange = {
  version: number;
  name?: string;
  creditLimit?: string | null;
  creditCurrency?: string | null;
  paymentTermsDays?: number;
  creditRating?: string | null;
  country?: string | null;
  timeZone?: string | null;
  debtorType?: DebtorType;
  creditHold?: boolean;
  prepayOnly?: boolean;
  legal?: boolean;
  doNotContact?: boolean;
  middleman?: boolean;
  foreignTrade?: boolean;
  notes?: string | null;
};

const CUSTOMER_COLUMNS: Record<string, string> = {
  name: "name",
  creditLimit: "credit_limit",
  creditCurrency: "credit_currency",
  paymentTermsDays: "payment_terms_days",
  creditRating: "credit_rating",
  country: "country",
  timeZone: "time_zone",
  debtorType: "debtor_type",
  creditHold: "credit_hold",
  prepayOnly: "prepay_only",
  legal: "legal",
  doNotContact: "do_not_contact",
  middleman: "middleman",
  foreignTrade: "foreign_trade",
  notes: "notes",
};
/** Flags that change how the whole company deals with the customer: a manager's or an admin's decision. */
const MANAGER_FLAGS = ["creditHold", "prepayOnly", "legal", "creditLimit", "creditCurrency", "paymentTermsDays"];

async function customerRow(db: Db, user: AuthUser, id: number, lock: boolean) {
  const [row] = await queryRows<Record<string, unknown>>(
    db,
    sql`select c.id, c.code, c.name, c.credit_limit::text as credit_limit, c.credit_currency, c.payment_terms_days,
        c.credit_rating, c.country, c.time_zone, c.debtor_type, c.collector_id, u.login as collector, c.credit_hold,
        c.prepay_only, c.legal, c.do_not_contact, c.middleman, c.foreign_trade, c.notes, c.version
      from customers c left join users u on u.id = c.collector_id
      where c.id = ${id} and ${customerScope(user)} ${lock ? sql`for update of c` : sql``}`,
  );
  return row;
}

export async function updateCustomer(
  deps: Deps,
  user: AuthUser,
  id: number,
  change: CustomerChange,
): Promise<Record<string, unknown>> {
  if (user.role === "finance") throw new AppError("forbidden", msg`editing customers is not open to the finance role`);
  const problems: string[] = [];
  for (const key of MANAGER_FLAGS) {
    if (key in change && change[key as keyof CustomerChange] !== undefined && user.role === "collector") {
      problems.push(`${key}: only a manager or an admin changes this`);
    }
  }
  if (change.name !== undefined && !change.name.trim()) problems.push("name: must not be empty");
  if (change.timeZone && !isIanaTimeZone(change.timeZone)) {
    problems.push(`timeZone: "${change.timeZone}" is not an IANA time zone such as Asia/Shanghai`);
  }
  if (change.country && !/^[A-Z]{2}$/.test(change.country)) {
    problems.push(`country: "${change.country}" is not a two-letter country code such as CN`);
  }
  if (change.creditCurrency && !isKnownCurrency(change.creditCurrency)) {
    problems.push(`creditCurrency: "${change.creditCurrency}" is not an ISO 4217 currency`);
  }
  if (
    change.paymentTermsDays !== undefined &&
    (!Number.isInteger(change.paymentTermsDays) || change.paymentTermsDays < 0 || change.paymentTermsDays > 720)
  ) {
    problems.push("paymentTermsDays: a whole number of days from 0 to 720");
  }
  if (problems.length)
    throw new AppError("invalid_input", msg`the change is refused: ${problems.join("; ")}`, problems);

  return deps.database.transaction(async (conn) => {
    const db = conn.db;
    const before = await customerRow(db, user, id, true);
    if (!before) throw new AppError("not_found", msg`no such customer`);
    if (Number(before.version) !== change.version) throw new StaleVersion("customer", before, change.version);
    const values: Record<string, unknown> = {};
    for (const [key, column] of Object.entries(CUSTOMER_COLUMNS)) {
      const v = change[key as keyof CustomerChange];
      if (v === undefined) continue;
      if (key === "creditLimit") {
        const currency = (change.creditCurrency ?? (before.credit_currency as string | null) ?? "").trim();
        if (v === null) values[column] = null;
        else {
          if (!currency) {
            throw new AppError("invalid_input", msg`creditLimit: give creditCurrency too`, [
              "creditLimit: give creditCurrency too",
            ]);
          }
          values[column] = parseDecimalField("creditLimit", v as string, currencyDigits(currency), currency);
        }
      } else values[column] = typeof v === "string" ? v.trim() || null : v;
    }
    if ("name" in values && values.name === null) values.name = before.name;
    const changed = Object.entries(values).filter(([column, v]) => String(v ?? "") !== String(before[column] ?? ""));
    if (!changed.length) return before;
    const sets = changed.map(([column, v]) => sql`${sql.raw(column)} = ${v === null ? null : String(v)}`);
    await db.execute(sql`update customers set ${sql.join(sets, sql`, `)}, version = version + 1,
        updated_at = ${deps.now().toISOString()}::timestamptz where id = ${id}`);
    const after = (await customerRow(db, user, id, false)) as Record<string, unknown>;
    await appendAudit(db, {
      at: deps.now(),
      actor: user.login,
      action: "customer.update",
      objectType: "customer",
      objectId: String(id),
      customerId: id,
      before: Object.fromEntries(changed.map(([column]) => [column, before[column]])),
      after: Object.fromEntries(changed.map(([column]) => [column, after[column]])),
    });
    return after;
  });
}

export type ContactChange = {
  version: number;
  name?: string;
  role?: ContactRole;
  phones?: string[];
  emails?: string[];
  preferredChannel?: Channel | null;
  timeZone?: string | null;
  optOutCall?: boolean;
  optOutSms?: boolean;
  optOutEmail?: boolean;
  consentNote?: string | null;
  notes?: string | null;
};
const CONTACT_COLUMNS: Record<string, string> = {
  name: "name",
  role: "role",
  phones: "phones",
  emails: "emails",
  preferredChannel: "preferred_channel",
  timeZone: "time_zone",
  optOutCall: "opt_out_call",
  optOutSms: "opt_out_sms",
  optOutEmail: "opt_out_email",
  consentNote: "consent_note",
  notes: "notes",
};
const EMAIL = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/;
const PHONE = /^\+?[0-9][0-9 ()-]{4,24}$/;

async function contactRow(db: Db, user: AuthUser, id: number, lock: boolean) {
  const [row] = await queryRows<Record<string, unknown>>(
    db,
    sql`select t.id, t.customer_id, t.name, t.role, t.phones, t.emails, t.preferred_channel, t.time_zone,
        t.opt_out_call, t.opt_out_sms, t.opt_out_email, t.consent_note, t.notes, t.version
      from contacts t join customers c on c.id = t.customer_id
      where t.id = ${id} and ${customerScope(user)} ${lock ? sql`for update of t` : sql``}`,
  );
  return row;
}

export async function updateContact(
  deps: Deps,
  user: AuthUser,
  id: number,
  change: ContactChange,
): Promise<Record<string, unknown>> {
  if (user.role === "finance") throw new AppError("forbidden", msg`editing contacts is not open to the finance role`);
  const problems: string[] = [];
  if (change.name !== undefined && !change.name.trim()) problems.push("name: must not be empty");
  change.emails?.forEach((e, i) => {
    if (!EMAIL.test(e)) problems.push(`emails[${i}]: "${e}" is not an email address`);
  });
  change.phones?.forEach((p, i) => {
    if (!PHONE.test(p)) problems.push(`phones[${i}]: "${p}" is not a phone number`);
  });
  if (change.timeZone && !isIanaTimeZone(change.timeZone)) {
    problems.push(`timeZone: "${change.timeZone}" is not an IANA time zone such as Asia/Shanghai`);
  }
  if (problems.length)
    throw new AppError("invalid_input", msg`the change is refused: ${problems.join("; ")}`, problems);
  return deps.database.transaction(async (conn) => {
    const db = conn.db;
    const before = await contactRow(db, user, id, true);
    if (!before) throw new AppError("not_found", msg`no such contact`);
    if (Number(before.version) !== change.version) throw new StaleVersion("contact", before, change.version);
    const sets = [];
    const was: Record<string, unknown> = {};
    const now: Record<string, unknown> = {};
    for (const [key, column] of Object.entries(CONTACT_COLUMNS)) {
      let v = change[key as keyof ContactChange];
      if (v === undefined) continue;
      if (typeof v === "string") v = v.trim() || null;
      if (JSON.stringify(v ?? null) === JSON.stringify(before[column] ?? null)) continue;
      was[column] = before[column];
      now[column] = v;
      sets.push(
        Array.isArray(v)
          ? sql`${sql.raw(column)} = ${`{${v.map((x) => JSON.stringify(x)).join(",")}}`}::text[]`
          : sql`${sql.raw(column)} = ${v === null ? null : String(v)}`,
      );
    }
    if (!sets.length) return before;
    await db.execute(sql`update contacts set ${sql.join(sets, sql`, `)}, version = version + 1,
        updated_at = ${deps.now().toISOString()}::timestamptz where id = ${id}`);
    const after = (await contactRow(db, user, id, false)) as Record<string, unknown>;
    await appendAudit(db, {
      at: deps.now(),
      actor: user.login,
      // Consent changes are what a regulator asks about: their own action name.
      action: Object.keys(now).some((k) => k.startsWith("opt_out")) ? "contact.consent" : "contact.update",
      objectType: "contact",
      objectId: String(id),
      customerId: Number(before.customer_id),
      before: was,
      after: now,
    });
    return after;
  });
}

/**
 * Assigns customers to a collector (or to nobody), many at once. A manager moves only customers they can see and
 * only to collectors of their own team; an admin any. All or nothing: one customer out of reach refuses the lot.
 */
export async function reassignCustomers(
  deps: Deps,
  user: AuthUser,
  input: { customerIds: number[]; collector: string | null; note?: string },
): Promise<{ moved: number; unchanged: number }> {
  if (user.role !== "admin" && user.role !== "manager") {
    throw new AppError("forbidden", msg`assigning customers is not open to the ${term(user.role)} role`);
  }
  const ids = [...new Set(input.customerIds)];
  if (!ids.length || ids.length > 10_000) {
    throw new AppError("invalid_input", msg`customerIds: give from 1 to 10,000 customers`, [
      "customerIds: give from 1 to 10,000 customers",
    ]);
  }
  return deps.database.transaction(async (conn) => {
    const db = conn.db;
    let collectorId: number | null = null;
    if (input.collector !== null) {
      const [target] = await queryRows<{ id: string; team: string | null }>(
        db,
        sql`select id, team from users where login = ${input.collector} and role = 'collector' and active`,
      );
      if (!target || (user.role === "manager" && target.team !== user.team)) {
        const why =
          user.role === "manager"
            ? `collector: no active collector "${input.collector}" in your team`
            : `collector: no active collector "${input.collector}"`;
        throw new AppError("invalid_input", why, [why]);
      }
      collectorId = Number(target.id);
    }
    const idList = `{${ids.join(",")}}`;
    const seen = await queryRows<{ id: string; collector_id: string | null }>(
      db,
      sql`select c.id, c.collector_id from customers c where c.id = any(${idList}::bigint[]) and ${customerScope(user)}
        order by c.id for update of c`,
    );
    if (seen.length !== ids.length) {
      const found = new Set(seen.map((r) => Number(r.id)));
      const missing = ids.filter((i) => !found.has(i)).slice(0, 10);
      throw new AppError("not_found", msg`no such customer in your portfolio: ${missing.join(", ")}`);
    }
    const moving = seen.filter((r) => (r.collector_id === null ? null : Number(r.collector_id)) !== collectorId);
    if (moving.length) {
      const movingIds = `{${moving.map((r) => r.id).join(",")}}`;
      await db.execute(sql`update customers set collector_id = ${collectorId}, version = version + 1,
          updated_at = ${deps.now().toISOString()}::timestamptz where id = any(${movingIds}::bigint[])`);
      // Their open tasks follow them; approvals stay with the manager they were written for.
      await db.execute(sql`update tasks set collector_id = ${collectorId}
        where customer_id = any(${movingIds}::bigint[]) and status in ('open', 'snoozed') and not needs_approval
          and kind <> 'review'`);
      await appendAudit(db, {
        at: deps.now(),
        actor: user.login,
        action: "customer.reassign",
        objectType: "customer",
        objectId: moving.length === 1 ? String(moving[0]?.id) : null,
        customerId: moving.length === 1 ? Number(moving[0]?.id) : null,
        before: { customers: moving.map((r) => ({ id: Number(r.id), collectorId: r.collector_id })) },
        after: { collector: input.collector, collectorId, note: input.note ?? null },
      });
    }
    return { moved: moving.length, unchanged: ids.length - moving.length };
  });
}
