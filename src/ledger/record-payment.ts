// A payment received, recorded by hand (a transfer the customer confirms, a cheque handed over at a visit): amount,
// date, method, the bank's reference, optionally the invoices it is for. It is allocated to those invoices oldest
// due first up to what each has open on the payment date (the rest stays as credit, applied oldest-first like any
// unallocated payment). In the same transaction a receipt goes into the outbox for the customer's finance contact
// (unless asked not to, or nobody may receive it): the payment and its notification exist together or not at all.
import { sql } from "drizzle-orm";
import { openItemsSql } from "../aging/aging.sql.ts";
import { appendAudit } from "../audit/append-audit.ts";
import type { AuthUser } from "../auth/sessions.ts";
import { dateInZone, type IsoDate, isIsoDate } from "../calendar/calendar-date.ts";
import type { Database } from "../db/database.ts";
import { pgErrorCode, UNIQUE_VIOLATION } from "../db/pg-error.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError, msg } from "../errors/app-error.ts";
import { enqueueMessages } from "../messaging/enqueue-message.ts";
import { currencyDigits, isKnownCurrency } from "../money/currencies.ts";
import { checkDocumentAmount, formatDecimal, parseDecimalField } from "../money/money.ts";
import { getSetting } from "../settings/settings.ts";

export type PaymentInput = {
  amount: string;
  date: string;
  reference: string;
  currency?: string;
  method?: string | null;
  /** Invoice ids the customer says the payment is for. */
  invoiceIds?: number[];
  /** Send the receipt (default true when a contact may receive it). */
  notify?: boolean;
  /** Who receives the receipt (default: the finance contact, else the owner). */
  contactId?: number | null;
  /** The receipt's language (default: Chinese for CN customers and those without a country, else English). */
  language?: "zh-CN" | "en";
};

export type RecordedPayment = {
  id: number;
  reference: string;
  date: IsoDate;
  amount: string;
  currency: string;
  method: string | null;
  allocations: { invoiceId: number; number: string; amount: string }[];
  /** What is left for oldest-first application. */
  unallocated: string;
  receipt: { queued: true; messageId: number } | { queued: false; reason: string };
};

/**
 * The earliest date a payment recorded by hand may carry. Money received before it belongs to history brought in by
 * an import, not to a clerk's keyboard: a date like 1900-01-01 is a slip, and it would rewrite aging long closed.
 */
export const EARLIEST_PAYMENT_DATE: IsoDate = "2000-01-01";

export async function recordPayment(
  deps: { database: Database; now: () => Date },
  user: AuthUser,
  customerId: number,
  input: PaymentInput,
): Promise<RecordedPayment> {
  if (user.role === "finance") throw new AppError("forbidden", msg`recording payments is not open to the finance role`);
  const db = deps.database.db;
  const company = await getSetting(db, "company");
  const today = dateInZone(deps.now(), company.timeZone);
  const problems: string[] = [];
  if (!isIsoDate(input.date)) problems.push(`date: "${input.date}" is not a date (YYYY-MM-DD)`);
  else if (input.date > today)
    problems.push(`date: a payment cannot be dated in the future (${input.date}; today is ${today})`);
  else if (input.date < EARLIEST_PAYMENT_DATE)
    problems.push(`date: a payment cannot be dated before ${EARLIEST_PAYMENT_DATE} (${input.date})`);
  const reference = input.reference.trim();
  if (!reference) problems.push("reference: the bank's or the receipt's reference is needed");
  const currency = (input.currency ?? company.currency).trim().toUpperCase();
  if (!isKnownCurrency(currency)) problems.push(`currency: "${currency}" is not an ISO 4217 currency`);
  if (problems.length)
    throw new AppError("invalid_input", msg`the payment is refused: ${problems.join("; ")}`, problems);
  const digits = currencyDigits(currency);
  const amount = parseDecimalField("amount", input.amount, digits, currency);
  if (amount <= 0n) throw new AppError("invalid_input", msg`amount: a payment must be for more than 0`);
  checkDocumentAmount("amount", amount, digits, currency);
  const date = input.date as IsoDate;

  return deps.database.transaction(async (conn) => {
    const tx = conn.db;
    // One writer per customer at a time, so two payments never take the same open amount.
    await tx.execute(sql`select id from customers where id = ${customerId} for update`);
    const allocations: RecordedPayment["allocations"] = [];
    let left = amount;
    if (input.invoiceIds?.length) {
      const ids = [...new Set(input.invoiceIds)];
      const open = await queryRows<{ id: string; number: string; currency: string; open_amount: string }>(
        tx,
        sql`select o.id, o.number, o.currency, o.open_amount from (${openItemsSql(date, { customerIds: [customerId] })}) o
          where o.id = any(${`{${ids.join(",")}}`}::bigint[]) order by o.due_date, o.issue_date, o.id`,
      );
      const found = new Set(open.map((o) => Number(o.id)));
      const bad: string[] = [];
      ids.forEach((id, i) => {
        if (!found.has(id))
          bad.push(`invoiceIds[${i}]: invoice ${id} is not one of this customer's (issued by ${date})`);
      });
      for (const o of open) {
        if (o.currency.trim() !== currency)
          bad.push(`invoiceIds: invoice ${o.number} is in ${o.currency.trim()}, not ${currency}`);
      }
      if (bad.length) throw new AppError("invalid_input", msg`the payment is refused: ${bad.join("; ")}`, bad);
      for (const o of open) {
        const open_ = BigInt(o.open_amount);
        if (left <= 0n || open_ <= 0n) continue;
        const take = left < open_ ? left : open_;
        allocations.push({ invoiceId: Number(o.id), number: o.number, amount: formatDecimal(take, digits) });
        left -= take;
      }
    }
    let id: number;
    try {
      const [row] = await queryRows<{ id: string }>(
        tx,
        sql`insert into payments (customer_id, reference, paid_on, amount, currency, method)
          values (${customerId}, ${reference}, ${date}::date, ${amount}, ${currency}, ${input.method?.trim() || null})
          returning id`,
      );
      id = Number(row?.id);
    } catch (e) {
      if (pgErrorCode(e) === UNIQUE_VIOLATION) {
        throw new AppError(
          "conflict",
          msg`reference: this customer already has a payment with reference "${reference}"`,
        );
      }
      throw e;
    }
    for (const a of allocations) {
      await tx.execute(sql`insert into allocations (payment_id, invoice_id, amount)
        values (${id}, ${a.invoiceId}, ${parseDecimalField("amount", a.amount, digits, currency)})`);
    }
    const receipt = await queueReceipt(
      deps,
      user,
      customerId,
      input,
      { id, reference, date, amount, currency, digits },
      tx,
    );
    await appendAudit(tx, {
      at: deps.now(),
      actor: user.login,
      action: "payment.record",
      objectType: "payment",
      objectId: String(id),
      customerId,
      after: {
        reference,
        date,
        amount: formatDecimal(amount, digits),
        currency,
        method: input.method ?? null,
        allocations,
        receipt: receipt.queued ? { messageId: receipt.messageId } : { skipped: receipt.reason },
      },
    });
    return {
      id,
      reference,
      date,
      amount: formatDecimal(amount, digits),
      currency,
      method: input.method?.trim() || null,
      allocations,
      unallocated: formatDecimal(left, digits),
      receipt,
    };
  });
}

/** The receipt into the outbox, in the payment's transaction; why not, when it cannot go. */
async function queueReceipt(
  deps: { now: () => Date },
  user: AuthUser,
  customerId: number,
  input: PaymentInput,
  p: { id: number; reference: string; date: IsoDate; amount: bigint; currency: string; digits: number },
  tx: Parameters<typeof enqueueMessages>[0],
): Promise<RecordedPayment["receipt"]> {
  if (input.notify === false) return { queued: false, reason: "not asked for" };
  const [contact] = await queryRows<{ id: string; country: string | null }>(
    tx,
    input.contactId
      ? sql`select t.id, c.country from contacts t join customers c on c.id = t.customer_id
          where t.id = ${input.contactId} and t.customer_id = ${customerId}`
      : sql`select t.id, c.country from contacts t join customers c on c.id = t.customer_id
          where t.customer_id = ${customerId} and cardinality(t.emails) > 0 and not t.opt_out_email
            and t.role in ('finance', 'owner')
          order by case t.role when 'finance' then 0 else 1 end, t.id limit 1`,
  );
  if (!contact) {
    if (input.contactId) {
      throw new AppError("invalid_input", msg`contactId: contact ${input.contactId} is not one of this customer's`);
    }
    return { queued: false, reason: "no finance or owner contact with an email address who accepts email" };
  }
  const language = input.language ?? (contact.country === null || contact.country === "CN" ? "zh-CN" : "en");
  const [outcome] = await enqueueMessages(tx, { now: deps.now(), actor: user.login }, [
    {
      customerId,
      contactId: Number(contact.id),
      template: { key: "payment.receipt", channel: "email", language },
      vars: {
        payment_amount: `${p.currency} ${formatDecimal(p.amount, p.digits)}`,
        payment_date: p.date,
        payment_reference: p.reference,
      },
      idempotencyKey: `payment-receipt:${p.id}`,
    },
  ]);
  if (!outcome) return { queued: false, reason: "the outbox gave no answer" };
  return outcome.ok ? { queued: true, messageId: outcome.id } : { queued: false, reason: outcome.message };
}
