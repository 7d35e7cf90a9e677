// A promise to pay: amount, date (today or later), who promised, from which contact. The daily run settles it the
// day after its date from the payments that came in.
import { sql } from "drizzle-orm";
import { appendAudit } from "../audit/append-audit.ts";
import type { AuthUser } from "../auth/sessions.ts";
import { dateInZone, isIsoDate } from "../calendar/calendar-date.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError } from "../errors/app-error.ts";
import { currencyDigits, isKnownCurrency } from "../money/currencies.ts";
import { parseDecimal } from "../money/money.ts";
import { getSetting } from "../settings/settings.ts";

export type PromiseInput = {
  amount: string;
  date: string;
  currency?: string;
  contactId?: number | null;
  interactionId?: number | null;
};

export async function recordPromise(
  deps: { database: Database; now: () => Date },
  user: AuthUser,
  customerId: number,
  input: PromiseInput,
): Promise<{ id: number; amount: string; currency: string; date: string; status: "open" }> {
  const db = deps.database.db;
  const company = await getSetting(db, "company");
  const today = dateInZone(deps.now(), company.timeZone);
  if (!isIsoDate(input.date)) throw new AppError("invalid_input", `date "${input.date}" is not a date (YYYY-MM-DD)`);
  if (input.date < today)
    throw new AppError("invalid_input", `a promise cannot be dated in the past (${input.date}; today is ${today})`);
  const [state] = await queryRows<{ currency: string }>(
    db,
    sql`select currency from collection_states where customer_id = ${customerId}`,
  );
  const currency = (input.currency ?? state?.currency ?? company.currency).trim().toUpperCase();
  if (!isKnownCurrency(currency)) throw new AppError("invalid_input", `unknown currency "${currency}"`);
  const amount = parseDecimal(input.amount, currencyDigits(currency), currency);
  if (amount <= 0n) throw new AppError("invalid_input", "a promise must be for more than 0");
  if (input.interactionId != null) {
    const [ix] = await queryRows<{ id: string }>(
      db,
      sql`select id from interactions where id = ${input.interactionId} and customer_id = ${customerId}`,
    );
    if (!ix) throw new AppError("invalid_input", `interaction ${input.interactionId} is not one of this customer's`);
  }
  return deps.database.transaction(async (conn) => {
    const [row] = await queryRows<{ id: string }>(
      conn.db,
      sql`insert into promises (customer_id, contact_id, interaction_id, amount, currency, promised_on, made_on, created_by)
          values (${customerId}, ${input.contactId ?? null}, ${input.interactionId ?? null}, ${amount}, ${currency},
            ${input.date}::date, ${today}::date, ${user.login})
          returning id`,
    );
    const id = Number(row?.id);
    await appendAudit(conn.db, {
      at: deps.now(),
      actor: user.login,
      action: "promise.record",
      objectType: "promise",
      objectId: String(id),
      customerId,
      after: { amount: input.amount, currency, date: input.date },
    });
    return { id, amount: input.amount, currency, date: input.date, status: "open" as const };
  });
}
