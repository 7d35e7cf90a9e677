// A customer objects to an invoice, or to one delivery behind it (异议): what is wrong, how much of the invoice it
// concerns, who follows it up. The disputed amount cannot exceed what is still open on the invoice (less what other
// open disputes already hold); the invoice is flagged disputed, which holds it out of reminders, in the same
// transaction as the dispute and its audit row.
import { sql } from "drizzle-orm";
import { openItemsSql } from "../aging/aging.sql.ts";
import { appendAudit } from "../audit/append-audit.ts";
import type { AuthUser } from "../auth/sessions.ts";
import { dateInZone } from "../calendar/calendar-date.ts";
import type { Database, Db } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError, msg } from "../errors/app-error.ts";
import { currencyDigits } from "../money/currencies.ts";
import { formatDecimal, parseDecimalField } from "../money/money.ts";
import { getSetting } from "../settings/settings.ts";
import { ACTIVE_DISPUTE_STATUSES } from "./dispute.rules.ts";
import { type DisputeView, findDispute } from "./list-disputes.ts";
import { DISPUTE_CATEGORIES, type DisputeCategory } from "./workspace.schema.ts";

export type DisputeInput = {
  /** The invoice disputed; may be left out when a delivery record is given (its invoice is used). */
  invoiceId?: number | null;
  deliveryRecordId?: number | null;
  category: DisputeCategory;
  /** Decimal string in the invoice's currency, e.g. "1200.50". */
  amount: string;
  description: string;
  /** Login of the user who follows it up; the one recording it by default. */
  owner?: string | null;
};

export const activeStatusesSql = () =>
  sql.join(
    ACTIVE_DISPUTE_STATUSES.map((s) => sql`${s}`),
    sql`, `,
  );

/** A user who may own a dispute (not finance, which only reads), by login. */
export async function disputeOwnerOrThrow(db: Db, login: string): Promise<number> {
  const [u] = await queryRows<{ id: string }>(
    db,
    sql`select id from users where login = ${login} and active and role in ('admin', 'manager', 'collector')`,
  );
  if (!u) throw new AppError("invalid_input", msg`owner: no active admin, manager or collector with login "${login}"`);
  return Number(u.id);
}

export async function recordDispute(
  deps: { database: Database; now: () => Date },
  user: AuthUser,
  customerId: number,
  input: DisputeInput,
): Promise<DisputeView> {
  if (!(DISPUTE_CATEGORIES as readonly string[]).includes(input.category)) {
    throw new AppError(
      "invalid_input",
      msg`category: unknown category "${input.category}" (expected one of ${DISPUTE_CATEGORIES.join(", ")})`,
    );
  }
  const description = input.description?.trim() ?? "";
  if (!description) throw new AppError("invalid_input", msg`description: say what the customer objects to`);
  if (input.invoiceId == null && input.deliveryRecordId == null) {
    throw new AppError("invalid_input", msg`invoiceId: give the invoice disputed (or deliveryRecordId)`);
  }
  const now = deps.now();
  const id = await deps.database.transaction(async (conn) => {
    const db = conn.db;
    let invoiceId = input.invoiceId ?? null;
    let deliveryAmount: bigint | null = null;
    if (input.deliveryRecordId != null) {
      const [d] = await queryRows<{ invoice_id: string; amount: string | null }>(
        db,
        sql`select d.invoice_id, d.amount from delivery_records d join invoices i on i.id = d.invoice_id
            where d.id = ${input.deliveryRecordId} and i.customer_id = ${customerId}`,
      );
      if (!d) {
        throw new AppError(
          "invalid_input",
          msg`deliveryRecordId: delivery record ${input.deliveryRecordId} is not one of this customer's`,
        );
      }
      if (invoiceId !== null && invoiceId !== Number(d.invoice_id)) {
        throw new AppError(
          "invalid_input",
          msg`deliveryRecordId: delivery record ${input.deliveryRecordId} belongs to invoice ${d.invoice_id}, not ${invoiceId}`,
        );
      }
      invoiceId = Number(d.invoice_id);
      deliveryAmount = d.amount === null ? null : BigInt(d.amount);
    }
    // The invoice row is locked so two disputes on it cannot both take the same open amount.
    const [invoice] = await queryRows<{ id: string; number: string; currency: string }>(
      db,
      sql`select id, number, currency from invoices where id = ${invoiceId} and customer_id = ${customerId} for update`,
    );
    if (!invoice)
      throw new AppError("invalid_input", msg`invoiceId: invoice ${invoiceId} is not one of this customer's`);
    const currency = invoice.currency.trim();
    const digits = currencyDigits(currency);
    const fmt = (v: bigint) => formatDecimal(v, digits);
    const amount = parseDecimalField("amount", input.amount, digits, currency);
    if (amount <= 0n) throw new AppError("invalid_input", msg`amount: must be greater than 0`);
    const company = await getSetting(db, "company");
    const today = dateInZone(now, company.timeZone);
    const [open] = await queryRows<{ open_amount: string }>(
      db,
      sql`select o.open_amount from (${openItemsSql(today, { customerIds: [customerId] })}) o where o.id = ${invoiceId}`,
    );
    const [held] = await queryRows<{ amount: string }>(
      db,
      sql`select coalesce(sum(amount), 0)::text as amount from disputes
          where invoice_id = ${invoiceId} and status in (${activeStatusesSql()})`,
    );
    const openAmount = BigInt(open?.open_amount ?? 0);
    const alreadyHeld = BigInt(held?.amount ?? 0);
    const room = openAmount - alreadyHeld > 0n ? openAmount - alreadyHeld : 0n;
    if (amount > room) {
      throw new AppError(
        "invalid_input",
        alreadyHeld > 0n
          ? msg`amount: ${fmt(amount)} is more than the ${fmt(openAmount)} open on invoice "${invoice.number}" less the ${fmt(alreadyHeld)} already in dispute (${fmt(room)} left)`
          : msg`amount: ${fmt(amount)} is more than the ${fmt(openAmount)} open on invoice "${invoice.number}"`,
      );
    }
    if (deliveryAmount !== null && amount > deliveryAmount) {
      throw new AppError(
        "invalid_input",
        msg`amount: ${fmt(amount)} is more than the ${fmt(deliveryAmount)} of delivery record ${input.deliveryRecordId}`,
      );
    }
    const ownerId = input.owner ? await disputeOwnerOrThrow(db, input.owner) : user.id;
    const [row] = await queryRows<{ id: string }>(
      db,
      sql`insert into disputes (customer_id, invoice_id, delivery_record_id, category, amount, currency, description,
            owner_id, opened_on, created_by, created_at, updated_at)
          values (${customerId}, ${invoiceId}, ${input.deliveryRecordId ?? null}, ${input.category}, ${amount},
            ${currency}, ${description}, ${ownerId}, ${today}::date, ${user.login}, ${now.toISOString()}::timestamptz,
            ${now.toISOString()}::timestamptz)
          returning id`,
    );
    const disputeId = Number(row?.id);
    await db.execute(sql`update invoices set disputed = true, updated_at = ${now.toISOString()}::timestamptz
      where id = ${invoiceId} and not disputed`);
    await appendAudit(db, {
      at: now,
      actor: user.login,
      action: "dispute.open",
      objectType: "dispute",
      objectId: String(disputeId),
      customerId,
      after: {
        invoice: invoice.number,
        deliveryRecordId: input.deliveryRecordId ?? null,
        category: input.category,
        amount: fmt(amount),
        currency,
        owner: input.owner ?? user.login,
        invoiceDisputed: true,
      },
    });
    return disputeId;
  });
  return (await findDispute(deps.database.db, user, id)) as DisputeView;
}

export { parseDecimalField };
