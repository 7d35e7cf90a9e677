// Credit notes and write-offs: a positive amount that reduces what a customer owes, always with a reason.
import { sql } from "drizzle-orm";
import { z } from "zod";
import { appendAudit } from "../audit/append-audit.ts";
import { dateInZone, isIsoDate } from "../calendar/calendar-date.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError, msg } from "../errors/app-error.ts";
import { currencyDigits, isKnownCurrency } from "../money/currencies.ts";
import { checkDocumentAmount, formatDecimal, parseDecimal } from "../money/money.ts";
import { getSetting } from "../settings/settings.ts";
import { ADJUSTMENT_KINDS, adjustments } from "./ledger.schema.ts";
import { paymentStands } from "./payment.sql.ts";

export const adjustmentInput = z.object({
  customerCode: z.string().min(1),
  invoiceNumber: z.string().min(1).optional(),
  kind: z.enum(ADJUSTMENT_KINDS),
  /** Decimal string in major units, e.g. "1200.50". */
  amount: z.string().min(1),
  currency: z.string().length(3).optional(),
  date: z.string().refine(isIsoDate, "must be a date (YYYY-MM-DD)"),
  reason: z.string().trim().min(3, "a reason is required (at least 3 characters)"),
  reference: z.string().optional(),
});
export type AdjustmentInput = z.infer<typeof adjustmentInput>;
export type RecordedAdjustment = {
  id: number;
  customerId: number;
  invoiceId: number | null;
  amount: bigint;
  currency: string;
};

export async function recordAdjustment(
  deps: { database: Database; now: () => Date },
  raw: AdjustmentInput,
  actor: string,
): Promise<RecordedAdjustment> {
  const parsed = adjustmentInput.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError("invalid_input", msg`${issue?.path.join(".") || "input"}: ${issue?.message}`);
  }
  const input = parsed.data;
  const company = await getSetting(deps.database.db, "company");
  const today = dateInZone(deps.now(), company.timeZone);
  if (input.date > today) {
    throw new AppError("invalid_input", msg`date: ${input.date} is in the future (today is ${today})`);
  }
  return deps.database.transaction(async (conn) => {
    const [customer] = await queryRows<{ id: string }>(
      conn.db,
      sql`select id from customers where code = ${input.customerCode} for update`,
    );
    if (!customer) throw new AppError("not_found", msg`no customer with code "${input.customerCode}"`);
    const customerId = Number(customer.id);
    let invoice: { id: string; currency: string; amount: string; adjusted: string; issue_date: string } | undefined;
    if (input.invoiceNumber) {
      [invoice] = await queryRows(
        conn.db,
        sql`select i.id, i.currency, i.amount, i.issue_date,
              coalesce((select sum(a.amount) from adjustments a where a.invoice_id = i.id), 0) as adjusted
            from invoices i where i.customer_id = ${customerId} and i.number = ${input.invoiceNumber} for update`,
      );
      if (!invoice)
        throw new AppError("not_found", msg`customer "${input.customerCode}" has no invoice "${input.invoiceNumber}"`);
    }
    const currency = (input.currency ?? invoice?.currency ?? company.currency).trim().toUpperCase();
    if (!isKnownCurrency(currency)) throw new AppError("invalid_input", msg`currency: unknown currency "${currency}"`);
    if (invoice && invoice.currency.trim() !== currency) {
      throw new AppError(
        "invalid_input",
        msg`currency: invoice "${input.invoiceNumber}" is in ${invoice.currency.trim()}, not ${currency}`,
      );
    }
    const digits = currencyDigits(currency);
    const amount = parseDecimal(input.amount, digits, currency);
    if (amount <= 0n) throw new AppError("invalid_input", msg`amount: must be greater than 0`);
    checkDocumentAmount("amount", amount, digits, currency);
    if (invoice) {
      const room = BigInt(invoice.amount) - BigInt(invoice.adjusted);
      if (amount > room) {
        throw new AppError(
          "invalid_input",
          msg`amount: ${formatDecimal(amount, digits)} is more than the ${formatDecimal(room, digits)} of invoice "${input.invoiceNumber}" not yet credited or written off`,
        );
      }
      if (input.date < invoice.issue_date) {
        throw new AppError(
          "invalid_input",
          msg`date: ${input.date} is before the invoice was issued (${invoice.issue_date})`,
        );
      }
    }
    if (!invoice) {
      // Not against one invoice: a write-off takes at most what the customer owes in that currency, a credit note
      // at most what it was ever billed and not yet credited (a credit note may leave the customer in credit, after
      // goods paid for come back, but never beyond the invoices).
      const [t] = await queryRows<{ invoiced: string; paid: string; adjusted: string }>(
        conn.db,
        sql`select
            coalesce((select sum(amount) from invoices where customer_id = ${customerId} and currency = ${currency}), 0) as invoiced,
            coalesce((select sum(p.amount) from payments p where p.customer_id = ${customerId} and p.currency = ${currency}
              and ${paymentStands("p", sql`${today}::date`)}), 0) as paid,
            coalesce((select sum(amount) from adjustments where customer_id = ${customerId} and currency = ${currency}), 0) as adjusted`,
      );
      const invoiced = BigInt(t?.invoiced ?? 0);
      const adjusted = BigInt(t?.adjusted ?? 0);
      const owed = invoiced - BigInt(t?.paid ?? 0) - adjusted;
      const room = input.kind === "write_off" ? owed : invoiced - adjusted;
      if (amount > room) {
        const what =
          input.kind === "write_off"
            ? `the ${formatDecimal(owed > 0n ? owed : 0n, digits)} ${currency} customer "${input.customerCode}" owes`
            : `the ${formatDecimal(room > 0n ? room : 0n, digits)} ${currency} billed to customer "${input.customerCode}" and not yet credited or written off`;
        throw new AppError("invalid_input", msg`amount: ${formatDecimal(amount, digits)} is more than ${what}`);
      }
    }
    const [row] = await conn.db
      .insert(adjustments)
      .values({
        customerId,
        invoiceId: invoice ? Number(invoice.id) : null,
        kind: input.kind,
        adjustedOn: input.date,
        amount,
        currency,
        reason: input.reason,
        reference: input.reference ?? null,
      })
      .returning({ id: adjustments.id });
    const recorded = {
      id: row?.id as number,
      customerId,
      invoiceId: invoice ? Number(invoice.id) : null,
      amount,
      currency,
    };
    await appendAudit(conn.db, {
      at: deps.now(),
      actor,
      action: `adjustment.${input.kind}`,
      objectType: "adjustment",
      objectId: String(recorded.id),
      customerId,
      after: { ...input, amount: formatDecimal(amount, digits), currency },
      reason: input.reason,
    });
    return recorded;
  });
}
