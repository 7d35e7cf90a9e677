// A promise to pay: amount, date (today or later), who promised, from which contact. The daily run settles it the
// day after its date from the payments that came in.
import { sql } from "drizzle-orm";
import { appendAudit } from "../audit/append-audit.ts";
import type { AuthUser } from "../auth/sessions.ts";
import { addDays, dateInZone, isIsoDate } from "../calendar/calendar-date.ts";
import type { Database, Db } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError, msg } from "../errors/app-error.ts";
import { currencyDigits, isKnownCurrency } from "../money/currencies.ts";
import { checkDocumentAmount, parseDecimal } from "../money/money.ts";
import { getSetting } from "../settings/settings.ts";

export type PromiseTerms = { amount: string; date: string; currency?: string };
export type PromiseInput = PromiseTerms & {
  contactId?: number | null;
  interactionId?: number | null;
};

/**
 * How far ahead a promise may be dated. A promise is a near, concrete date a collector follows up on, and while it
 * is open the playbook stops (stop condition promise_made): one dated 9999-12-31 would stop reminders and calls for
 * good. Arrangements longer than a year are payment plans, with installments.
 */
export const MAX_PROMISE_DAYS_AHEAD = 365;

/** A promise's terms once checked: the amount in minor units of its currency, dated today or later. */
export type CheckedPromise = { amount: bigint; amountText: string; currency: string; date: string; today: string };

/** Checks a promise's terms before anything is written (also when it comes with a logged call). */
export async function checkPromise(
  db: Db,
  now: () => Date,
  customerId: number,
  input: PromiseTerms,
): Promise<CheckedPromise> {
  const company = await getSetting(db, "company");
  const today = dateInZone(now(), company.timeZone);
  if (!isIsoDate(input.date)) throw new AppError("invalid_input", msg`date "${input.date}" is not a date (YYYY-MM-DD)`);
  if (input.date < today)
    throw new AppError("invalid_input", msg`a promise cannot be dated in the past (${input.date}; today is ${today})`);
  const latest = addDays(today, MAX_PROMISE_DAYS_AHEAD);
  if (input.date > latest) {
    throw new AppError(
      "invalid_input",
      msg`a promise can be dated at most ${MAX_PROMISE_DAYS_AHEAD} days ahead, by ${latest} (${input.date}); agree a payment plan for longer`,
    );
  }
  const [state] = await queryRows<{ currency: string }>(
    db,
    sql`select currency from collection_states where customer_id = ${customerId}`,
  );
  const currency = (input.currency ?? state?.currency ?? company.currency).trim().toUpperCase();
  if (!isKnownCurrency(currency)) throw new AppError("invalid_input", msg`unknown currency "${currency}"`);
  const amount = parseDecimal(input.amount, currencyDigits(currency), currency);
  if (amount <= 0n) throw new AppError("invalid_input", msg`a promise must be for more than 0`);
  checkDocumentAmount("amount", amount, currencyDigits(currency), currency);
  return { amount, amountText: input.amount, currency, date: input.date, today };
}

/** Writes a checked promise and its audit row on `db` (a transaction's handle). */
export async function insertPromise(
  db: Db,
  user: AuthUser,
  customerId: number,
  p: CheckedPromise,
  links: { contactId?: number | null; interactionId?: number | null },
  at: Date,
): Promise<RecordedPromise> {
  const [row] = await queryRows<{ id: string }>(
    db,
    sql`insert into promises (customer_id, contact_id, interaction_id, amount, currency, promised_on, made_on, created_by)
        values (${customerId}, ${links.contactId ?? null}, ${links.interactionId ?? null}, ${p.amount}, ${p.currency},
          ${p.date}::date, ${p.today}::date, ${user.login})
        returning id`,
  );
  const id = Number(row?.id);
  await appendAudit(db, {
    at,
    actor: user.login,
    action: "promise.record",
    objectType: "promise",
    objectId: String(id),
    customerId,
    after: { amount: p.amountText, currency: p.currency, date: p.date },
  });
  return { id, amount: p.amountText, currency: p.currency, date: p.date, status: "open" as const };
}

export type RecordedPromise = { id: number; amount: string; currency: string; date: string; status: "open" };

export async function recordPromise(
  deps: { database: Database; now: () => Date },
  user: AuthUser,
  customerId: number,
  input: PromiseInput,
): Promise<RecordedPromise> {
  const db = deps.database.db;
  const checked = await checkPromise(db, deps.now, customerId, input);
  if (input.interactionId != null) {
    const [ix] = await queryRows<{ id: string }>(
      db,
      sql`select id from interactions where id = ${input.interactionId} and customer_id = ${customerId}`,
    );
    if (!ix) throw new AppError("invalid_input", msg`interaction ${input.interactionId} is not one of this customer's`);
  }
  if (input.contactId != null) {
    const [contact] = await queryRows<{ id: string }>(
      db,
      sql`select id from contacts where id = ${input.contactId} and customer_id = ${customerId}`,
    );
    if (!contact) throw new AppError("invalid_input", msg`contact ${input.contactId} is not one of this customer's`);
  }
  return deps.database.transaction((conn) => insertPromise(conn.db, user, customerId, checked, input, deps.now()));
}
