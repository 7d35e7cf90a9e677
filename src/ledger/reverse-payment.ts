// A payment reversed: the cheque bounced, the transfer was recalled, or it was booked twice. The payment is kept with
// the day of its reversal, the reason and who reversed it: as of earlier days it still counts (statements already
// sent stay true), from that day on it does not, nor do its allocations, so the invoices it paid are open again and
// the next daily run sees the debt. Managers and admins only; audited in the same transaction.
import { sql } from "drizzle-orm";
import { appendAudit } from "../audit/append-audit.ts";
import { customerScope } from "../auth/access.ts";
import type { AuthUser } from "../auth/sessions.ts";
import { dateInZone, type IsoDate, isIsoDate } from "../calendar/calendar-date.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError, msg, term } from "../errors/app-error.ts";
import { currencyDigits } from "../money/currencies.ts";
import { formatDecimal } from "../money/money.ts";
import { getSetting } from "../settings/settings.ts";

export type ReversalInput = {
  reason: string;
  /** The day the money went back (default: today in the company's time zone). */
  on?: string;
};

export type ReversedPayment = {
  id: number;
  customerId: number;
  reference: string;
  paidOn: IsoDate;
  amount: string;
  currency: string;
  reversedOn: IsoDate;
  reason: string;
  reversedBy: string;
  /** Allocated amounts that are open again on their invoices from the reversal day. */
  released: { invoiceId: number; number: string; amount: string }[];
  /** Promises already settled with this payment in their window, settled again without it (a kept one may break). */
  resettled: { id: number; status: string; paid: string }[];
};

type PaymentRow = {
  id: string;
  customer_id: string;
  reference: string;
  paid_on: string;
  amount: string;
  currency: string;
  reversed_on: string | null;
  reversal_reason: string | null;
  reversed_by: string | null;
};

export async function reversePayment(
  deps: { database: Database; now: () => Date },
  user: AuthUser,
  paymentId: number,
  input: ReversalInput,
): Promise<ReversedPayment> {
  if (user.role !== "admin" && user.role !== "manager") {
    throw new AppError("forbidden", msg`reversing a payment is not open to the ${term(user.role)} role`);
  }
  const reason = input.reason.trim();
  if (!reason) throw new AppError("invalid_input", msg`a reversal needs a reason (e.g. the cheque bounced)`);
  if (reason.length > 500) throw new AppError("invalid_input", msg`the reason is longer than 500 characters`);
  if (!Number.isSafeInteger(paymentId) || paymentId <= 0) throw new AppError("not_found", msg`no such payment`);
  const db = deps.database.db;
  const company = await getSetting(db, "company");
  const today = dateInZone(deps.now(), company.timeZone);
  const on = input.on ?? today;
  if (!isIsoDate(on)) throw new AppError("invalid_input", msg`"${on}" is not a date (expected YYYY-MM-DD)`);
  if (on > today)
    throw new AppError("invalid_input", msg`a reversal cannot be dated in the future (${on}; today is ${today})`);

  return deps.database.transaction(async (conn) => {
    const [p] = await queryRows<PaymentRow>(
      conn.db,
      sql`select p.id, p.customer_id, p.reference, p.paid_on, p.amount, p.currency, p.reversed_on, p.reversal_reason,
          p.reversed_by
        from payments p join customers c on c.id = p.customer_id
        where p.id = ${paymentId} and ${customerScope(user, "c")} for update of p`,
    );
    // Someone else's payment answers like a missing one.
    if (!p) throw new AppError("not_found", msg`no such payment`);
    const digits = currencyDigits(p.currency.trim());
    if (p.reversed_on) {
      throw new AppError(
        "conflict",
        msg`payment ${p.reference} was already reversed on ${p.reversed_on} by ${p.reversed_by}: ${p.reversal_reason}`,
      );
    }
    if (on < p.paid_on) {
      throw new AppError(
        "invalid_input",
        msg`a reversal cannot come before the payment (${on}; it was paid on ${p.paid_on})`,
      );
    }
    await conn.db.execute(sql`update payments set reversed_on = ${on}::date, reversal_reason = ${reason},
        reversed_by = ${user.login}, updated_at = ${deps.now().toISOString()}::timestamptz where id = ${paymentId}`);
    const released = await queryRows<{ invoice_id: string; number: string; amount: string }>(
      conn.db,
      sql`select a.invoice_id, i.number, a.amount from allocations a join invoices i on i.id = a.invoice_id
        where a.payment_id = ${paymentId} order by i.due_date, i.id`,
    );
    // Promises the daily run already settled, with this payment in their window, are settled again from the
    // payments that stand now: a promise "kept" by a cheque that bounced was not kept.
    const resettled = await queryRows<{
      id: string;
      status: string;
      paid: string;
      before_status: string;
      before_paid: string;
    }>(
      conn.db,
      sql`with again as (
          select pr.id, pr.status as before_status, pr.paid_amount as before_paid, pr.amount,
            coalesce((select sum(x.amount) from payments x where x.customer_id = pr.customer_id
              and x.currency = pr.currency and x.paid_on >= pr.made_on and x.paid_on <= pr.promised_on
              and x.reversed_on is null), 0)::bigint as paid
          from promises pr
          where pr.customer_id = ${p.customer_id} and pr.currency = ${p.currency}
            and pr.status in ('kept', 'partially_kept', 'broken')
            and ${p.paid_on}::date between pr.made_on and pr.promised_on),
        up as (update promises pr set paid_amount = again.paid,
            status = case when again.paid >= again.amount then 'kept' when again.paid > 0 then 'partially_kept' else 'broken' end
          from again where pr.id = again.id
            and (pr.paid_amount is distinct from again.paid)
          returning pr.id, pr.status, pr.paid_amount)
      select up.id, up.status, up.paid_amount::text as paid, again.before_status, again.before_paid::text as before_paid
      from up join again on again.id = up.id order by up.id`,
    );
    for (const r of resettled) {
      await appendAudit(conn.db, {
        at: deps.now(),
        actor: user.login,
        action: "promise.resettle",
        objectType: "promise",
        objectId: String(r.id),
        customerId: Number(p.customer_id),
        reason: `payment ${p.reference} reversed`,
        before: { status: r.before_status, paid: formatDecimal(BigInt(r.before_paid ?? "0"), digits) },
        after: { status: r.status, paid: formatDecimal(BigInt(r.paid), digits) },
      });
    }
    const result: ReversedPayment = {
      id: paymentId,
      customerId: Number(p.customer_id),
      reference: p.reference,
      paidOn: p.paid_on,
      amount: formatDecimal(BigInt(p.amount), digits),
      currency: p.currency.trim(),
      reversedOn: on,
      reason,
      reversedBy: user.login,
      released: released.map((r) => ({
        invoiceId: Number(r.invoice_id),
        number: r.number,
        amount: formatDecimal(BigInt(r.amount), digits),
      })),
      resettled: resettled.map((r) => ({
        id: Number(r.id),
        status: r.status,
        paid: formatDecimal(BigInt(r.paid), digits),
      })),
    };
    await appendAudit(conn.db, {
      at: deps.now(),
      actor: user.login,
      action: "payment.reverse",
      objectType: "payment",
      objectId: String(paymentId),
      customerId: Number(p.customer_id),
      before: { reversedOn: null },
      after: { reversedOn: on, reason, amount: result.amount, currency: result.currency, reference: p.reference },
    });
    return result;
  });
}
