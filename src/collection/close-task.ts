// Working a task: done, snoozed until a moment, or, for approval tasks, approved or rejected by a manager. An
// approved hard measure takes effect on the customer at once (credit hold, prepayment only, legal action), in the
// same transaction as its audit row.
import { sql } from "drizzle-orm";
import { appendAudit } from "../audit/append-audit.ts";
import { customerScope } from "../auth/access.ts";
import type { AuthUser } from "../auth/sessions.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError, msg, term } from "../errors/app-error.ts";

type Deps = { database: Database; now: () => Date };
export type TaskAction =
  | { kind: "done"; note?: string | null }
  | { kind: "snooze"; until: Date; note?: string | null }
  | { kind: "decide"; approve: boolean; note: string };

/**
 * How long a task may be snoozed. A snoozed task is out of the worklist and needs no job to wake it, so a snooze into
 * the far future (9999-12-31) would hide it for good; a quarter is the longest "come back to this later" a collector
 * means. An account to leave alone for longer is a cause with a recheck date, a plan or a dispute, not a snooze.
 */
export const MAX_SNOOZE_DAYS = 90;
const DAY_MS = 86_400_000;

/** What an approved measure changes on the customer. */
const MEASURES: Record<string, string | undefined> = {
  credit_hold: "credit_hold",
  prepay_only: "prepay_only",
  legal_action: "legal",
};

export async function closeTask(deps: Deps, user: AuthUser, taskId: number, action: TaskAction) {
  return deps.database.transaction(async (conn) => {
    const [task] = await queryRows<{
      id: string;
      customer_id: string;
      status: string;
      action: string;
      needs_approval: boolean;
      collector_id: string | null;
    }>(
      conn.db,
      sql`select t.id, t.customer_id, t.status, t.action, t.needs_approval, t.collector_id
          from tasks t join customers c on c.id = t.customer_id
          where t.id = ${taskId} and ${customerScope(user)} for update of t`,
    );
    if (!task) throw new AppError("not_found", msg`no task ${taskId}`);
    if (task.status !== "open" && task.status !== "snoozed") {
      throw new AppError("conflict", msg`task ${taskId} is already ${term(task.status)}`);
    }
    const now = deps.now();
    const customerId = Number(task.customer_id);
    let status: string;
    let after: Record<string, unknown>;
    if (action.kind === "decide") {
      if (!task.needs_approval) throw new AppError("invalid_input", msg`task ${taskId} does not need an approval`);
      if (user.role !== "manager" && user.role !== "admin") {
        throw new AppError("forbidden", msg`only a manager or an admin decides on approvals`);
      }
      if (!action.note.trim()) throw new AppError("invalid_input", msg`a decision needs a note`);
      status = action.approve ? "done" : "cancelled";
      const column = MEASURES[task.action];
      if (action.approve && column) {
        await conn.db.execute(
          sql.raw(`update customers set ${column} = true, version = version + 1 where id = ${customerId}`),
        );
      }
      after = { decision: action.approve ? "approved" : "rejected", action: task.action, measure: column ?? null };
    } else {
      if (task.needs_approval) throw new AppError("invalid_input", msg`task ${taskId} needs a manager's decision`);
      if (user.role === "finance") throw new AppError("forbidden", msg`finance does not work tasks`);
      if (action.kind === "snooze") {
        if (!(action.until.getTime() > now.getTime()))
          throw new AppError("invalid_input", msg`snooze until a later moment`);
        const latest = new Date(now.getTime() + MAX_SNOOZE_DAYS * DAY_MS);
        if (action.until.getTime() > latest.getTime()) {
          throw new AppError(
            "invalid_input",
            msg`until: a task can be snoozed at most ${MAX_SNOOZE_DAYS} days, until ${latest.toISOString()} (${action.until.toISOString()})`,
          );
        }
        // Still open, out of the worklist until then: the worklist reads open tasks in priority order and skips
        // the ones snoozed into the future, so a snooze needs no job to wake it.
        status = "open";
        after = { snoozedUntil: action.until.toISOString() };
      } else {
        status = "done";
        after = { done: true };
      }
    }
    const note = ("note" in action ? action.note : null) ?? null;
    await conn.db.execute(sql`update tasks set status = ${status},
        snoozed_until = ${action.kind === "snooze" ? action.until.toISOString() : null}::timestamptz,
        done_at = ${status === "done" ? now.toISOString() : null}::timestamptz,
        closed_by = ${user.login}, close_note = ${note}
      where id = ${taskId}`);
    await appendAudit(conn.db, {
      at: now,
      actor: user.login,
      action: action.kind === "decide" ? "task.decide" : `task.${action.kind}`,
      objectType: "task",
      objectId: String(taskId),
      customerId,
      before: { status: task.status },
      after: { status, ...after },
      reason: note,
    });
    return { id: taskId, status, ...after };
  });
}
