// Moves a dispute on: investigate, resolve (credit note, replacement, explanation, partial credit) or reject, hand it
// to another owner, escalate it to a manager. The caller sends the version it read; a stale one is refused (409) so
// nobody overwrites a change they have not seen. In one transaction: the dispute, the invoice's disputed flag (set
// while any dispute on it is open or investigating), the credit note of a credit resolution, and the audit rows.
import { sql } from "drizzle-orm";
import { appendAudit } from "../audit/append-audit.ts";
import { customerScope } from "../auth/access.ts";
import type { AuthUser } from "../auth/sessions.ts";
import { dateInZone } from "../calendar/calendar-date.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError, msg } from "../errors/app-error.ts";
import { currencyDigits } from "../money/currencies.ts";
import { formatDecimal } from "../money/money.ts";
import { getSetting } from "../settings/settings.ts";
import { checkDisputeChange, isActiveDispute } from "./dispute.rules.ts";
import { type DisputeView, findDispute } from "./list-disputes.ts";
import { activeStatusesSql, disputeOwnerOrThrow, parseDecimalField } from "./record-dispute.ts";
import {
  DISPUTE_RESOLUTIONS,
  DISPUTE_STATUSES,
  type DisputeResolution,
  type DisputeStatus,
} from "./workspace.schema.ts";

export type DisputeUpdate = {
  /** The version read (If-Match); required. */
  version: number;
  status?: DisputeStatus;
  resolution?: DisputeResolution | null;
  resolutionNote?: string | null;
  /** For credit_note (defaults to the disputed amount) and partial_credit: decimal string. */
  creditAmount?: string | null;
  /** Login of the new owner. */
  owner?: string;
  /** True hands it to a manager; false takes it back. */
  escalate?: boolean;
};

type Locked = {
  id: string;
  version: number;
  customer_id: string;
  invoice_id: string;
  status: DisputeStatus;
  category: string;
  amount: string;
  currency: string;
  owner_id: string | null;
  collector_id: string | null;
  escalated: boolean;
  invoice_number: string;
};

export async function updateDispute(
  deps: { database: Database; now: () => Date },
  user: AuthUser,
  disputeId: number,
  input: DisputeUpdate,
): Promise<DisputeView> {
  if (input.status !== undefined && !(DISPUTE_STATUSES as readonly string[]).includes(input.status)) {
    throw new AppError(
      "invalid_input",
      msg`status: unknown status "${input.status}" (expected ${DISPUTE_STATUSES.join(", ")})`,
    );
  }
  if (input.resolution && !(DISPUTE_RESOLUTIONS as readonly string[]).includes(input.resolution)) {
    throw new AppError(
      "invalid_input",
      msg`resolution: unknown resolution "${input.resolution}" (expected ${DISPUTE_RESOLUTIONS.join(", ")})`,
    );
  }
  if (
    input.status === undefined &&
    input.owner === undefined &&
    input.escalate === undefined &&
    input.resolution == null &&
    input.resolutionNote == null &&
    input.creditAmount == null
  ) {
    throw new AppError("invalid_input", msg`body: nothing to change (status, resolution, owner or escalate)`);
  }
  const now = deps.now();
  await deps.database.transaction(async (conn) => {
    const db = conn.db;
    const [d] = await queryRows<Locked>(
      db,
      sql`select d.id, d.version, d.customer_id, d.invoice_id, d.status, d.category, d.amount::text as amount,
            d.currency, d.owner_id, c.collector_id, d.escalated, i.number as invoice_number
          from disputes d join customers c on c.id = d.customer_id join invoices i on i.id = d.invoice_id
          where d.id = ${disputeId} and ${customerScope(user)} for update of d`,
    );
    if (!d) throw new AppError("not_found", msg`no such dispute`);
    if (d.version !== input.version) {
      throw new AppError(
        "conflict",
        msg`the dispute was changed meanwhile (it is at version ${d.version}, you sent ${input.version}): read it again`,
      );
    }
    const customerId = Number(d.customer_id);
    const invoiceId = Number(d.invoice_id);
    const currency = d.currency.trim();
    const digits = currencyDigits(currency);
    const from = d.status;
    const to = input.status ?? from;
    const note = input.resolutionNote?.trim() || null;
    const outcome = checkDisputeChange({
      from,
      to,
      resolution: input.resolution ?? null,
      note,
      creditAmount:
        input.creditAmount == null ? null : parseDecimalField("creditAmount", input.creditAmount, digits, currency),
      amount: BigInt(d.amount),
      digits,
    });
    const problems = [...outcome.problems];
    if (input.escalate === true && !isActiveDispute(to)) {
      problems.push(`escalate: a ${to} dispute is closed; reopen it first`);
    }
    if (problems.length) {
      throw new AppError("invalid_input", msg`the change is refused: ${problems.join("; ")}`, problems);
    }
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    const sets = [sql`version = version + 1`, sql`updated_at = ${now.toISOString()}::timestamptz`];
    if (to !== from) {
      before.status = from;
      after.status = to;
      sets.push(sql`status = ${to}`);
      const closing = to === "resolved" || to === "rejected";
      sets.push(closing ? sql`closed_at = ${now.toISOString()}::timestamptz` : sql`closed_at = null`);
      if (to === "resolved" || to === "rejected") {
        sets.push(sql`resolution = ${input.resolution ?? null}`, sql`resolution_note = ${note}`);
        after.resolution = input.resolution ?? null;
        after.resolutionNote = note;
      } else if (to === "open" && from === "rejected") {
        sets.push(sql`resolution = null`, sql`resolution_note = null`);
      }
    } else if (note !== null) {
      sets.push(sql`resolution_note = ${note}`);
      after.resolutionNote = note;
    }
    if (input.owner !== undefined) {
      const ownerId = await disputeOwnerOrThrow(db, input.owner);
      if (String(ownerId) !== String(d.owner_id)) {
        before.ownerId = d.owner_id === null ? null : Number(d.owner_id);
        after.owner = input.owner;
        sets.push(sql`owner_id = ${ownerId}`);
      }
    }
    let escalatedTo: string | null = null;
    if (input.escalate !== undefined && input.escalate !== d.escalated) {
      before.escalated = d.escalated;
      after.escalated = input.escalate;
      if (input.escalate) {
        // The manager of the owner's team (else of the customer's collector's team), when there is one.
        const [manager] = await queryRows<{ id: string; login: string }>(
          db,
          sql`select m.id, m.login from users m
              where m.role = 'manager' and m.active and m.team is not null
                and m.team = (select team from users where id = coalesce(${d.owner_id}::bigint, ${d.collector_id}::bigint))
              order by m.id limit 1`,
        );
        escalatedTo = manager?.login ?? null;
        after.escalatedTo = escalatedTo;
        sets.push(
          sql`escalated = true`,
          sql`escalated_at = ${now.toISOString()}::timestamptz`,
          sql`escalated_to = ${manager ? Number(manager.id) : null}`,
        );
      } else {
        sets.push(sql`escalated = false`, sql`escalated_to = null`);
      }
    }
    const company = await getSetting(db, "company");
    const today = dateInZone(now, company.timeZone);
    let adjustmentId: number | null = null;
    if (outcome.credit > 0n) {
      adjustmentId = await creditInvoice(db, {
        customerId,
        invoiceId,
        invoiceNumber: d.invoice_number,
        currency,
        digits,
        credit: outcome.credit,
        today,
        disputeId,
        reason: `dispute ${disputeId} (${d.category}) resolved by ${input.resolution}${note ? `: ${note}` : ""}`,
      });
      sets.push(sql`credited_amount = ${outcome.credit}`, sql`adjustment_id = ${adjustmentId}`);
      after.creditedAmount = formatDecimal(outcome.credit, digits);
      after.adjustmentId = adjustmentId;
    }
    await db.execute(sql`update disputes set ${sql.join(sets, sql`, `)} where id = ${disputeId}`);
    if (isActiveDispute(from) !== isActiveDispute(to)) {
      // Set while any dispute on the invoice is open or investigating, cleared when none is.
      const [flag] = await queryRows<{ disputed: boolean }>(
        db,
        sql`update invoices set disputed = exists (select 1 from disputes where invoice_id = ${invoiceId}
              and status in (${activeStatusesSql()})), updated_at = ${now.toISOString()}::timestamptz
            where id = ${invoiceId} returning disputed`,
      );
      after.invoiceDisputed = flag?.disputed ?? null;
    }
    if (adjustmentId !== null) {
      await appendAudit(db, {
        at: now,
        actor: user.login,
        action: "adjustment.credit_note",
        objectType: "adjustment",
        objectId: String(adjustmentId),
        customerId,
        after: {
          invoice: d.invoice_number,
          amount: formatDecimal(outcome.credit, digits),
          currency,
          date: today,
          disputeId,
        },
        reason: `dispute ${disputeId}`,
      });
    }
    const action =
      to !== from
        ? to === "resolved"
          ? "dispute.resolve"
          : to === "rejected"
            ? "dispute.reject"
            : from === "rejected"
              ? "dispute.reopen"
              : `dispute.${to}`
        : input.escalate !== undefined && "escalated" in after
          ? input.escalate
            ? "dispute.escalate"
            : "dispute.deescalate"
          : "dispute.update";
    await appendAudit(db, {
      at: now,
      actor: user.login,
      action,
      objectType: "dispute",
      objectId: String(disputeId),
      customerId,
      before,
      after,
      reason: note,
    });
  });
  return (await findDispute(deps.database.db, user, disputeId)) as DisputeView;
}

/**
 * The credit note of a credit resolution, written in the caller's transaction. Like any credit note on an invoice
 * (record-adjustment.ts), it cannot credit more than the invoice's amount not yet credited or written off.
 */
async function creditInvoice(
  db: Database["db"],
  c: {
    customerId: number;
    invoiceId: number;
    invoiceNumber: string;
    currency: string;
    digits: number;
    credit: bigint;
    today: string;
    disputeId: number;
    reason: string;
  },
): Promise<number> {
  const [inv] = await queryRows<{ amount: string; adjusted: string; issue_date: string }>(
    db,
    sql`select i.amount::text as amount, i.issue_date::text as issue_date,
          coalesce((select sum(a.amount) from adjustments a where a.invoice_id = i.id), 0)::text as adjusted
        from invoices i where i.id = ${c.invoiceId} for update`,
  );
  if (!inv) throw new AppError("not_found", msg`no such invoice`);
  const room = BigInt(inv.amount) - BigInt(inv.adjusted);
  if (c.credit > room) {
    const fmt = (v: bigint) => formatDecimal(v, c.digits);
    throw new AppError(
      "invalid_input",
      msg`creditAmount: ${fmt(c.credit)} is more than the ${fmt(room)} of invoice "${c.invoiceNumber}" not yet credited or written off`,
    );
  }
  const on = inv.issue_date > c.today ? inv.issue_date : c.today;
  const [row] = await queryRows<{ id: string }>(
    db,
    sql`insert into adjustments (customer_id, invoice_id, kind, adjusted_on, amount, currency, reason, reference)
        values (${c.customerId}, ${c.invoiceId}, 'credit_note', ${on}::date, ${c.credit}, ${c.currency}, ${c.reason},
          ${`dispute ${c.disputeId}`})
        returning id`,
  );
  return Number(row?.id);
}
