// What people do with e-mail replies: a collector reads a customer's replies and acknowledges them, which lifts the
// pause on automated reminders (reminder_pauses) in the same transaction as its audit row; a manager sees the
// replies nobody could match and assigns one to its customer (then it is that customer's reply like any matched one)
// or dismisses it (spam, an auto-reply, nobody's): dismissed is acknowledged without a customer, kept for the record.
import { sql } from "drizzle-orm";
import { appendAudit } from "../audit/append-audit.ts";
import { customerScope, requireRole, visibleCustomerOrThrow } from "../auth/access.ts";
import type { AuthUser } from "../auth/sessions.ts";
import type { Database, Db } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError, msg } from "../errors/app-error.ts";
import type { InboundMatch } from "./messaging.schema.ts";
import { holdRemindersForReply, recordReplyInteraction } from "./receive-inbound-email.ts";

type Deps = { database: Database; now: () => Date };

export type InboundEmailView = {
  id: number;
  messageId: string;
  from: string;
  to: string | null;
  subject: string | null;
  text: string;
  customerId: number | null;
  contactId: number | null;
  matchedBy: InboundMatch | null;
  outboxMessageId: number | null;
  receivedAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
};
export type CustomerReplies = {
  /** Automated reminders are held since then, until the replies are acknowledged. */
  pausedSince: string | null;
  unread: number;
  emails: InboundEmailView[];
};

type Row = {
  id: string;
  message_id: string;
  from_address: string;
  to_address: string | null;
  subject: string | null;
  body: string;
  customer_id: string | null;
  contact_id: string | null;
  matched_by: InboundMatch | null;
  outbox_message_id: string | null;
  received_at: string | Date;
  acknowledged_at: string | Date | null;
  acknowledged_by: string | null;
};
const columns = sql`e.id, e.message_id, e.from_address, e.to_address, e.subject, e.body, e.customer_id, e.contact_id,
  e.matched_by, e.outbox_message_id, e.received_at, e.acknowledged_at, e.acknowledged_by`;
const num = (v: string | null) => (v === null ? null : Number(v));
const view = (r: Row): InboundEmailView => ({
  id: Number(r.id),
  messageId: r.message_id,
  from: r.from_address,
  to: r.to_address,
  subject: r.subject,
  text: r.body,
  customerId: num(r.customer_id),
  contactId: num(r.contact_id),
  matchedBy: r.matched_by,
  outboxMessageId: num(r.outbox_message_id),
  receivedAt: new Date(r.received_at).toISOString(),
  acknowledgedAt: r.acknowledged_at === null ? null : new Date(r.acknowledged_at).toISOString(),
  acknowledgedBy: r.acknowledged_by,
});

/** A customer's replies (newest first, at most 100) and whether its automated reminders are paused. */
export async function listCustomerReplies(db: Db, user: AuthUser, customerId: number): Promise<CustomerReplies> {
  await visibleCustomerOrThrow(db, user, customerId);
  const rows = await queryRows<Row>(
    db,
    sql`select ${columns} from inbound_emails e where e.customer_id = ${customerId}
        order by e.received_at desc, e.id desc limit 100`,
  );
  const [pause] = await queryRows<{ paused_at: string | Date }>(
    db,
    sql`select paused_at from reminder_pauses where customer_id = ${customerId}`,
  );
  const emails = rows.map(view);
  return {
    pausedSince: pause ? new Date(pause.paused_at).toISOString() : null,
    unread: emails.filter((e) => e.acknowledgedAt === null).length,
    emails,
  };
}

/** The collector has read the customer's replies: mark them, lift the pause, mark the notifications read. */
export async function acknowledgeReplies(deps: Deps, user: AuthUser, customerId: number): Promise<CustomerReplies> {
  requireRole(user, ["admin", "manager", "collector"], "acknowledging replies");
  const now = deps.now();
  await deps.database.transaction(async ({ db }) => {
    await visibleCustomerOrThrow(db, user, customerId);
    const marked = await queryRows<{ id: string }>(
      db,
      sql`update inbound_emails set acknowledged_at = ${now.toISOString()}::timestamptz, acknowledged_by = ${user.login}
          where customer_id = ${customerId} and acknowledged_at is null returning id`,
    );
    const lifted = await queryRows<{ customer_id: string }>(
      db,
      sql`delete from reminder_pauses where customer_id = ${customerId} returning customer_id`,
    );
    if (marked.length) {
      await db.execute(
        sql`update user_notifications set read_at = coalesce(read_at, ${now.toISOString()}::timestamptz)
            where kind = 'inbound_email' and object_id = any(${`{${marked.map((m) => m.id).join(",")}}`}::bigint[])`,
      );
    }
    if (marked.length || lifted.length) {
      await appendAudit(db, {
        at: now,
        actor: user.login,
        action: "inbound.acknowledged",
        objectType: "customer",
        objectId: String(customerId),
        customerId,
        after: { emails: marked.map((m) => Number(m.id)), remindersResumed: lifted.length > 0 },
      });
    }
  });
  return listCustomerReplies(deps.database.db, user, customerId);
}

/** Replies that found no customer and were not dismissed, oldest first: for managers and admins. */
export async function listUnmatchedInbound(db: Db, user: AuthUser, limit = 200): Promise<InboundEmailView[]> {
  requireRole(user, ["admin", "manager"], "the unmatched replies");
  const rows = await queryRows<Row>(
    db,
    sql`select ${columns} from inbound_emails e where e.customer_id is null and e.acknowledged_at is null
        order by e.received_at, e.id limit ${Math.max(1, Math.min(limit, 1000))}`,
  );
  return rows.map(view);
}

/** The unmatched reply, locked; refused when it has its customer already or was dismissed. */
async function unmatchedForUpdateOrThrow(db: Db, id: number): Promise<Row> {
  const [row] = await queryRows<Row>(db, sql`select ${columns} from inbound_emails e where e.id = ${id} for update`);
  if (!row) throw new AppError("not_found", msg`no inbound e-mail ${id}`);
  if (row.customer_id !== null) throw new AppError("conflict", msg`inbound e-mail ${id} already has its customer`);
  if (row.acknowledged_at !== null) {
    throw new AppError("conflict", msg`inbound e-mail ${id} was dismissed by ${row.acknowledged_by ?? "someone"}`);
  }
  return row;
}

/**
 * A manager gives an unmatched reply its customer (one of their portfolio): from then on it is that customer's reply
 * as if it had matched. It goes on the timeline, automated reminders pause until the customer's collector has read
 * it, and the collector is notified; the manager only sorted the mail, so it stays unread.
 */
export async function assignInboundEmail(
  deps: Deps,
  user: AuthUser,
  id: number,
  input: { customerId: number; contactId?: number | null },
): Promise<InboundEmailView> {
  requireRole(user, ["admin", "manager"], "assigning replies");
  const now = deps.now();
  return deps.database.transaction(async ({ db }) => {
    const row = await unmatchedForUpdateOrThrow(db, id);
    const [visible] = await queryRows<{ id: string }>(
      db,
      sql`select c.id from customers c where c.id = ${input.customerId} and ${customerScope(user)}`,
    );
    if (!visible) throw new AppError("invalid_input", msg`customerId: no customer ${input.customerId}`);
    if (input.contactId != null) {
      const [k] = await queryRows<{ id: string }>(
        db,
        sql`select id from contacts where id = ${input.contactId} and customer_id = ${input.customerId}`,
      );
      if (!k) throw new AppError("invalid_input", msg`contactId: contact ${input.contactId} is not this customer's`);
    }
    const interactionId = await recordReplyInteraction(db, {
      customerId: input.customerId,
      contactId: input.contactId ?? null,
      subject: row.subject,
      text: row.body,
      at: new Date(row.received_at),
      actor: user.login,
    });
    const [updated] = await queryRows<Row>(
      db,
      sql`update inbound_emails e set customer_id = ${input.customerId}, contact_id = ${input.contactId ?? null},
            matched_by = 'manual', interaction_id = ${interactionId}
          where e.id = ${id} returning ${columns}`,
    );
    await holdRemindersForReply(db, {
      customerId: input.customerId,
      inboundEmailId: id,
      subject: row.subject,
      matchedBy: "manual",
      now,
    });
    await appendAudit(db, {
      at: now,
      actor: user.login,
      action: "inbound.assigned",
      objectType: "inbound_email",
      objectId: String(id),
      customerId: input.customerId,
      after: { customerId: input.customerId, contactId: input.contactId ?? null, interactionId, remindersPaused: true },
    });
    return view(updated as Row);
  });
}

/** A manager sets an unmatched reply aside (spam, an auto-reply, not about a debt): off the list, kept, audited. */
export async function dismissInboundEmail(
  deps: Deps,
  user: AuthUser,
  id: number,
  input: { reason?: string | null } = {},
): Promise<InboundEmailView> {
  requireRole(user, ["admin", "manager"], "dismissing replies");
  const now = deps.now();
  return deps.database.transaction(async ({ db }) => {
    await unmatchedForUpdateOrThrow(db, id);
    const [updated] = await queryRows<Row>(
      db,
      sql`update inbound_emails e set acknowledged_at = ${now.toISOString()}::timestamptz, acknowledged_by = ${user.login}
          where e.id = ${id} returning ${columns}`,
    );
    await appendAudit(db, {
      at: now,
      actor: user.login,
      action: "inbound.dismissed",
      objectType: "inbound_email",
      objectId: String(id),
      after: { dismissedAt: now.toISOString() },
      reason: input.reason?.trim() || null,
    });
    return view(updated as Row);
  });
}
