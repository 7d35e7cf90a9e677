// A collector records a contact: channel, direction, person, outcome, excuse, note. Outbound calls and visits ask
// the contact gate first: a blocked attempt cannot be recorded as made, a warned one needs a reason. An excuse
// brings back the library's suggested reply.
import { sql } from "drizzle-orm";
import { appendAudit } from "../audit/append-audit.ts";
import type { AuthUser } from "../auth/sessions.ts";
import { EXCUSES, type Excuse, OUTCOMES, type Outcome } from "../collection/collection.enums.ts";
import { replyForExcuse } from "../collection/scripts.ts";
import { type ReserveResult, reserveContact } from "../contact/reserve-contact.ts";
import type { Database, Db } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError, msg } from "../errors/app-error.ts";
import { CHANNELS, type Channel } from "../ledger/ledger.schema.ts";
import { checkPromise, insertPromise, type PromiseTerms, type RecordedPromise } from "./record-promise.ts";

export type InteractionInput = {
  channel: Channel;
  direction: "outbound" | "inbound";
  outcome: Outcome;
  contactId?: number | null;
  excuse?: Excuse | null;
  note?: string | null;
  durationSeconds?: number | null;
  scriptId?: string | null;
  taskId?: number | null;
  /** Why a warned call goes ahead (the gate asks for it). */
  overrideReason?: string | null;
  /** The promise made on this call (outcome promise_to_pay): recorded with it, in the same transaction. */
  promise?: PromiseTerms | null;
};
export type LoggedInteraction = {
  id: number;
  at: string;
  gate: ReserveResult["decision"] | null;
  suggestedReply: { id: string; zh: string; en: string } | null;
  promise: RecordedPromise | null;
};

export async function logInteraction(
  deps: { database: Database; now: () => Date },
  user: AuthUser,
  customerId: number,
  input: InteractionInput,
): Promise<LoggedInteraction> {
  if (!(CHANNELS as readonly string[]).includes(input.channel))
    throw new AppError("invalid_input", msg`unknown channel "${input.channel}"`);
  if (!(OUTCOMES as readonly string[]).includes(input.outcome))
    throw new AppError("invalid_input", msg`unknown outcome "${input.outcome}"`);
  if (input.excuse && !(EXCUSES as readonly string[]).includes(input.excuse)) {
    throw new AppError("invalid_input", msg`unknown excuse "${input.excuse}"`);
  }
  if (input.promise && input.outcome !== "promise_to_pay") {
    throw new AppError("invalid_input", msg`a promise comes with the outcome promise_to_pay, not "${input.outcome}"`);
  }
  const db = deps.database.db;
  // Checked before the gate reserves an attempt: a bad promise refuses the whole entry and writes nothing.
  const promise = input.promise ? await checkPromise(db, deps.now, customerId, input.promise) : null;
  if (input.contactId != null) {
    const [k] = await queryRows<{ id: string }>(
      db,
      sql`select id from contacts where id = ${input.contactId} and customer_id = ${customerId}`,
    );
    if (!k) throw new AppError("invalid_input", msg`contact ${input.contactId} is not a contact of this customer`);
  }
  if (input.taskId != null) {
    const [t] = await queryRows<{ id: string }>(
      db,
      sql`select id from tasks where id = ${input.taskId} and customer_id = ${customerId}`,
    );
    if (!t) throw new AppError("invalid_input", msg`task ${input.taskId} is not one of this customer's tasks`);
  }
  let gate: ReserveResult | null = null;
  if (input.direction === "outbound" && (input.channel === "call" || input.channel === "visit")) {
    gate = await reserveContact(deps, {
      customerId,
      contactId: input.contactId ?? null,
      channel: input.channel,
      overrideReason: input.overrideReason ?? null,
      taskId: input.taskId ?? null,
      actor: user.login,
    });
    if (!gate.reserved) {
      const d = gate.decision;
      throw new AppError(
        d.verdict === "warn" ? "unprocessable" : "conflict",
        d.verdict === "warn"
          ? `${d.reason}: give a reason (overrideReason) to go ahead`
          : `the contact gate blocks this ${input.channel}: ${d.reason} (${d.rule})`,
      );
    }
  }
  const at = deps.now();
  return deps.database.transaction(async (conn) => {
    if (gate) {
      await conn.db.execute(sql`update contact_attempts set status = 'made' where id = ${gate.attemptId}`);
    }
    if (input.taskId != null) {
      await conn.db.execute(sql`update tasks set status = 'done', done_at = ${at.toISOString()}::timestamptz
        where id = ${input.taskId} and customer_id = ${customerId} and status in ('open', 'snoozed')`);
    }
    // Last: the audit row inside it holds the audit chain's lock until the transaction ends.
    const id = await insertInteraction(conn.db, user, customerId, input, at, gate?.attemptId ?? null);
    const recorded = promise
      ? await insertPromise(conn.db, user, customerId, promise, { contactId: input.contactId, interactionId: id }, at)
      : null;
    const reply = input.excuse ? replyForExcuse(input.excuse) : null;
    return {
      id,
      at: at.toISOString(),
      gate: gate?.decision ?? null,
      suggestedReply: reply ? { id: reply.id, zh: reply.text.zh, en: reply.text.en } : null,
      promise: recorded,
    };
  });
}

/**
 * Writes one interaction and its audit row on `db` (a transaction's handle): the part of logging a contact that
 * other use cases share, e.g. a visit appointment marked done (the gate was asked when the visit was booked).
 */
export async function insertInteraction(
  db: Db,
  user: AuthUser,
  customerId: number,
  input: Omit<InteractionInput, "overrideReason">,
  at: Date,
  attemptId: number | null,
): Promise<number> {
  const [row] = await queryRows<{ id: string }>(
    db,
    sql`insert into interactions (customer_id, contact_id, channel, direction, at, duration_seconds, outcome, excuse,
          note, script_id, task_id, attempt_id, actor)
        values (${customerId}, ${input.contactId ?? null}, ${input.channel}, ${input.direction}, ${at.toISOString()}::timestamptz,
          ${input.durationSeconds ?? null}, ${input.outcome}, ${input.excuse ?? null}, ${input.note ?? null},
          ${input.scriptId ?? null}, ${input.taskId ?? null}, ${attemptId}, ${user.login})
        returning id`,
  );
  const id = Number(row?.id);
  await appendAudit(db, {
    at,
    actor: user.login,
    action: "interaction.log",
    objectType: "interaction",
    objectId: String(id),
    customerId,
    after: {
      channel: input.channel,
      direction: input.direction,
      outcome: input.outcome,
      excuse: input.excuse ?? null,
    },
  });
  return id;
}
