// The worklist: open tasks in priority order, for one collector or for everyone. One query serves the CLI and the
// API; it reads the index of open tasks (collector, priority) and never recomputes anything.
import { and, eq, isNull, lte, or, sql } from "drizzle-orm";
import { requireRole } from "../auth/access.ts";
import type { AuthUser } from "../auth/sessions.ts";
import { users } from "../auth/users.schema.ts";
import type { IsoDate } from "../calendar/calendar-date.ts";
import type { Db } from "../db/database.ts";
import { perDatabase } from "../db/per-database.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError, msg } from "../errors/app-error.ts";
import { customers } from "../ledger/ledger.schema.ts";
import { currencyDigits } from "../money/currencies.ts";
import { formatDecimal } from "../money/money.ts";
import { tasks } from "./collection.schema.ts";

export type WorklistQuery = {
  /** Only this collector's tasks (their login); all open tasks when absent. */
  collector?: string;
  collectorId?: number;
  /** A manager's view: only tasks of customers whose collector is in this team (or unassigned). */
  managerTeam?: string;
  /** Tasks written by runs up to this date (default: all). */
  asOf?: IsoDate;
  /** At most this many (default 50, a screenful); null: every open task (the CLI's JSON and CSV). */
  limit?: number | null;
  /** Tasks snoozed until after this moment are left out (default: now). */
  now?: Date;
};
export type WorklistTask = {
  id: number;
  customerId: number;
  customerCode: string;
  customerName: string;
  collector: string | null;
  kind: string;
  action: string;
  channel: string | null;
  contactId: number | null;
  window: { start: string; end: string } | null;
  windowReason: string | null;
  priority: number;
  reasons: string[];
  cause: string | null;
  grade: string;
  /** Decimal text in the currency's unit ("1234.50"); minor units beside it. */
  amountOverdue: string;
  amountOverdueMinor: string;
  /** Days past due of the customer's oldest overdue invoice when the task was written. */
  daysPastDue: number;
  currency: string;
  scriptId: string | null;
  playbook: string;
  variant: string;
  stepIndex: number;
  tone: string | null;
  needsApproval: boolean;
  runDate: IsoDate;
};

type Row = {
  id: string;
  customer_id: string;
  code: string;
  name: string;
  login: string | null;
  kind: string;
  action: string;
  channel: string | null;
  contact_id: string | null;
  window_start: string | Date | null;
  window_end: string | Date | null;
  window_reason: string | null;
  priority: number;
  reasons: string[] | string;
  cause: string | null;
  grade: string;
  amount_overdue: string | bigint;
  days_past_due: number;
  currency: string;
  script_id: string | null;
  playbook_id: string;
  variant: string;
  step_index: number;
  tone: string | null;
  needs_approval: boolean;
  run_date: string;
};

export const MAX_WORKLIST = 10_000;
/** The API's page: what a collector's screen shows before "more". */
export const DEFAULT_PAGE = 50;

export async function getWorklist(db: Db, q: WorklistQuery): Promise<WorklistTask[]> {
  const limit = q.limit === null ? null : Math.min(q.limit ?? DEFAULT_PAGE, MAX_WORKLIST);
  if (q.collectorId !== undefined && q.collector === undefined && q.managerTeam === undefined && !q.asOf) {
    if (limit === DEFAULT_PAGE) {
      const rows = await collectorPage(db).execute({ collectorId: q.collectorId, now: q.now ?? new Date() });
      return (rows as unknown as Row[]).map(toTask);
    }
  }
  let collectorId = q.collectorId;
  if (q.collector !== undefined) {
    const [u] = await queryRows<{ id: string }>(db, sql`select id from users where login = ${q.collector}`);
    if (!u) throw new AppError("not_found", msg`no user "${q.collector}"`);
    collectorId = Number(u.id);
  }
  const rows = await queryRows<Row>(
    db,
    sql`select t.id, t.customer_id, c.code, c.name, u.login, t.kind, t.action, t.channel, t.contact_id,
        t.window_start, t.window_end, t.window_reason, t.priority, t.reasons, t.cause, t.grade,
        t.amount_overdue, t.days_past_due, t.currency, t.script_id, t.playbook_id, t.variant, t.step_index, t.tone, t.needs_approval,
        t.run_date
      from tasks t join customers c on c.id = t.customer_id left join users u on u.id = t.collector_id
      where t.status = 'open'
        and (t.snoozed_until is null or t.snoozed_until <= ${(q.now ?? new Date()).toISOString()}::timestamptz)
        ${collectorId !== undefined ? sql`and t.collector_id = ${collectorId}` : sql``}
        ${q.managerTeam !== undefined ? sql`and (c.collector_id is null or c.collector_id in (select id from users where team = ${q.managerTeam}))` : sql``}
        ${q.asOf ? sql`and t.run_date <= ${q.asOf}::date` : sql``}
      order by t.priority desc nulls last, t.id
      ${limit === null ? sql`` : sql`limit ${limit}`}`,
  );
  return rows.map(toTask);
}

/**
 * A collector's first page, the request every collector makes all day: a prepared statement (named, so PostgreSQL
 * plans it once per connection instead of on every request: planning cost as much as running it).
 */
const collectorPage = perDatabase((db) =>
  db
    .select({
      id: tasks.id,
      customer_id: tasks.customerId,
      code: customers.code,
      name: customers.name,
      login: users.login,
      kind: tasks.kind,
      action: tasks.action,
      channel: tasks.channel,
      contact_id: tasks.contactId,
      window_start: tasks.windowStart,
      window_end: tasks.windowEnd,
      window_reason: tasks.windowReason,
      priority: tasks.priority,
      reasons: tasks.reasons,
      cause: tasks.cause,
      grade: tasks.grade,
      amount_overdue: tasks.amountOverdue,
      days_past_due: tasks.daysPastDue,
      currency: tasks.currency,
      script_id: tasks.scriptId,
      playbook_id: tasks.playbookId,
      variant: tasks.variant,
      step_index: tasks.stepIndex,
      tone: tasks.tone,
      needs_approval: tasks.needsApproval,
      run_date: tasks.runDate,
    })
    .from(tasks)
    .innerJoin(customers, eq(customers.id, tasks.customerId))
    .leftJoin(users, eq(users.id, tasks.collectorId))
    .where(
      and(
        // Written out, not a parameter: the statement is planned once for any value of its parameters, and only a
        // literal lets that plan use the index of open tasks.
        sql`${tasks.status} = 'open'`,
        eq(tasks.collectorId, sql.placeholder("collectorId")),
        or(isNull(tasks.snoozedUntil), lte(tasks.snoozedUntil, sql.placeholder("now"))),
      ),
    )
    .orderBy(sql`${tasks.priority} desc nulls last`, tasks.id)
    .limit(DEFAULT_PAGE)
    .prepare("worklist_collector_page"),
);

function iso(v: string | Date | null): string | null {
  if (v === null) return null;
  return v instanceof Date ? v.toISOString() : new Date(v).toISOString();
}

function toTask(r: Row): WorklistTask {
  const currency = r.currency.trim();
  const start = iso(r.window_start);
  const end = iso(r.window_end);
  return {
    id: Number(r.id),
    customerId: Number(r.customer_id),
    customerCode: r.code,
    customerName: r.name,
    collector: r.login,
    kind: r.kind,
    action: r.action,
    channel: r.channel,
    contactId: r.contact_id === null ? null : Number(r.contact_id),
    window: start && end ? { start, end } : null,
    windowReason: r.window_reason,
    priority: Number(r.priority),
    reasons: typeof r.reasons === "string" ? (JSON.parse(r.reasons) as string[]) : r.reasons,
    cause: r.cause,
    grade: r.grade,
    amountOverdue: formatDecimal(BigInt(r.amount_overdue), currencyDigits(currency)),
    amountOverdueMinor: String(r.amount_overdue),
    daysPastDue: Number(r.days_past_due),
    currency,
    scriptId: r.script_id,
    playbook: r.playbook_id,
    variant: r.variant,
    stepIndex: Number(r.step_index),
    tone: r.tone,
    needsApproval: r.needs_approval,
    runDate: r.run_date,
  };
}

/**
 * The worklist a signed-in person asks for (GET /api/worklist): a collector their own; a manager their team's, or
 * one member's by login; an admin anyone's. Finance has no worklist.
 */
export async function worklistOf(
  db: Db,
  user: AuthUser,
  q: { collector?: string; asOf?: IsoDate; limit?: number | null; now?: Date },
): Promise<WorklistTask[]> {
  requireRole(user, ["admin", "manager", "collector"], "the worklist");
  await worklistOwnerOrThrow(db, user, q.collector);
  const own = user.role === "collector";
  return getWorklist(db, {
    collector: own ? undefined : q.collector,
    collectorId: own ? user.id : undefined,
    managerTeam: user.role === "manager" ? (user.team ?? "") : undefined,
    asOf: q.asOf,
    limit: q.limit,
    now: q.now,
  });
}

/** Naming someone else: a collector never may; a manager only someone in their own team; an admin anyone. */
async function worklistOwnerOrThrow(db: Db, user: AuthUser, login: string | undefined): Promise<void> {
  if (login === undefined || login === user.login || user.role === "admin") return;
  if (user.role !== "manager") {
    throw new AppError("forbidden", msg`collector: a collector sees only their own worklist, not "${login}"'s`);
  }
  const [named] = await queryRows<{ team: string | null }>(db, sql`select team from users where login = ${login}`);
  if (!named) throw new AppError("not_found", msg`no user "${login}"`);
  if (user.team === null || named.team !== user.team) {
    throw new AppError(
      "forbidden",
      msg`collector: "${login}" is not in your team (${user.team ?? "none"}); a manager sees their own team's worklists`,
    );
  }
}
