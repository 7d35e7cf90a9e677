// The daily run: refresh aging and grades, settle promises that fell due, re-infer causes, advance each overdue
// customer's playbook and write the day's tasks. One use case for the CLI (`huikuan run`), the API and the
// scheduler. Set-based SQL gathers each overdue customer's facts in one pass; the pure rules decide in memory;
// COPY and one merge per table write the results. Everything of a run commits together, so an interrupted run
// leaves nothing half-written and the next run for that date does the whole work once.
import { availableParallelism, hostname } from "node:os";
import { sql } from "drizzle-orm";
import { type GradeThresholds, gradeFor, type RiskGrade, worseGrade } from "../aging/aging.rules.ts";
import { type CustomerRange, openItemsSql, rangeFilter } from "../aging/aging.sql.ts";
import { requestForecastRefresh } from "../analytics/forecast-refresh.ts";
import { appendAudit } from "../audit/append-audit.ts";
import { addDays, dateInZone, type IsoDate, isIsoDate } from "../calendar/calendar-date.ts";
import type { OutcomeSample } from "../contact/best-time.rules.ts";
import { copyField, copyPlain as p } from "../db/copy-text.ts";
import type { Connection, Database, Db } from "../db/database.ts";
import { queryRows, viewBatches } from "../db/query-rows.ts";
import { AppError, errorSummary, msg } from "../errors/app-error.ts";
import { claimsNearingLimitation } from "../ledger/get-limitation.ts";
import type { Channel, DebtorType } from "../ledger/ledger.schema.ts";
import { shortestYears } from "../ledger/limitation.rules.ts";
import { paymentStands } from "../ledger/payment.sql.ts";
import { currencyDigits } from "../money/currencies.ts";
import { getSetting } from "../settings/settings.ts";
import { settlePlans } from "../workspace/settle-plans.ts";
import { type CauseSignals, type CauseVerdict, inferCause, manualCauseHolds } from "./cause.rules.ts";
import type { Cause, Excuse, Outcome, StopCondition } from "./collection.enums.ts";
import { CONNECTED_OUTCOMES } from "./collection.enums.ts";
import {
  advance,
  channelOf,
  indexPlaybooks,
  needsApproval,
  type Playbook,
  type PlaybookStep,
  stepsOf,
  taskKindOf,
  variantFor,
} from "./playbook.rules.ts";
import { priorityOf } from "./priority.rules.ts";
import { supersedeCauses } from "./supersede-causes.ts";
import { type ContactWindowInput, makeWindowPlanner } from "./window-planner.ts";

export type RunDeps = { database: Database; now: () => Date };
export type RunInput = {
  asOf?: IsoDate;
  trigger: "cli" | "schedule" | "api";
  actor: string;
  /** How many shards the run splits into (by customer id); kept for the date once chosen. */
  shards?: number;
  /** How many shards run at once, each on its own connection (PostgreSQL only; PGlite has one connection). */
  concurrency?: number;
};
export type RunStats = {
  customersOverdue: number;
  customersCleared: number;
  tasksCreated: number;
  approvalsCreated: number;
  causesChanged: number;
  promisesSettled: number;
  waiting: number;
  stopped: number;
  durationMs: number;
};
export type RunResult = { asOf: IsoDate; status: "done" | "already_done"; stats: RunStats };

const RUN_LOCK = 7_402_201;
/** A broken plan raises the customer's priority and moves the playbook on for this many days after it broke. */
const BROKEN_PLAN_DAYS = 7;
/** What keeps a claim alive when it nears the end of its limitation period: a written demand with proof. */
const LIMITATION_STEP: PlaybookStep = {
  id: "limitation",
  action: "reminder_letter",
  channel: "letter",
  script: null,
  waitDays: 0,
  tone: "formal",
  stopOn: [],
};
/** A customer on a payment plan gets a reminder before each installment falls due (the playbook itself is paused). */
const INSTALLMENT_STEP: PlaybookStep = {
  id: "installment-reminder",
  action: "sms",
  channel: "sms",
  script: "sms.installment_reminder",
  waitDays: 0,
  tone: "friendly",
  stopOn: [],
};
/** Customers read, decided and written at a time. */
const FACTS_BATCH = 5000;
/** Customers decided between two writes of tasks' COPY text. */
const DECIDE_SLICE = 500;
/** How sure the rules must be of hardship before it makes a customer doubtful (domain guide: hardship, no plan). */
const HARDSHIP_GRADE_CONFIDENCE = 0.7;
const CONNECTED = new Set<string>(CONNECTED_OUTCOMES);
const timing = process.env.HUIKUAN_DEBUG?.includes("timing");
const lapOf = (clock: { at: number }, label: string) => {
  if (!timing) return;
  const t = performance.now();
  if (clock.at) console.error(`[run] ${label}: ${(t - clock.at).toFixed(0)} ms`);
  clock.at = t;
};

/**
 * How a run splits by default: on PostgreSQL two shards per connection used, so one shard's rules run in Node
 * while another's queries run in the server; on PGlite (one connection) a single shard.
 */
export function defaultRunShape(
  dialect: Database["dialect"],
  cpus = availableParallelism(),
): {
  shards: number;
  concurrency: number;
} {
  if (dialect === "pglite") return { shards: 1, concurrency: 1 };
  const concurrency = Math.max(1, Math.min(cpus, 4));
  return { shards: concurrency === 1 ? 1 : concurrency * 2, concurrency };
}

/**
 * The as-of date of a run: today in the company's zone by default; never the future.
 * The run is split into shards by customer; each shard commits its customers' states, causes and tasks together
 * with its shard row, so an interrupted run keeps the shards that finished and the next attempt does the rest,
 * each exactly once. The run is done (and audited) when every shard is.
 */
export async function runDaily(deps: RunDeps, input: RunInput): Promise<RunResult> {
  const started = performance.now();
  if (timing) console.error(`[run] starts ${(process.uptime() * 1000).toFixed(0)} ms after the process`);
  const db = deps.database.db;
  const company = await getSetting(db, "company");
  const today = dateInZone(deps.now(), company.timeZone);
  const asOf = input.asOf ?? today;
  if (!isIsoDate(asOf)) throw new AppError("invalid_input", msg`"${asOf}" is not a date (expected YYYY-MM-DD)`);
  if (asOf > today) {
    throw new AppError(
      "invalid_input",
      msg`a run for a future date is refused: ${asOf} is after today (${today} in ${company.timeZone})`,
    );
  }
  const shape = defaultRunShape(deps.database.dialect);
  const wanted = input.shards ?? shape.shards;
  if (!Number.isInteger(wanted) || wanted < 1 || wanted > 256) {
    throw new AppError("invalid_input", msg`shards must be a whole number from 1 to 256 (got ${wanted})`);
  }
  const concurrency = deps.database.dialect === "pglite" ? 1 : Math.max(1, input.concurrency ?? shape.concurrency);
  return deps.database.withLock(RUN_LOCK, async () => {
    const [later] = await queryRows<{ as_of: string }>(
      db,
      sql`select as_of from collection_runs where status = 'done' and as_of > ${asOf}::date order by as_of desc limit 1`,
    );
    if (later) {
      throw new AppError(
        "conflict",
        msg`runs go forward: a run for ${later.as_of} is already done, so ${asOf} cannot be run any more`,
      );
    }
    const [existing] = await queryRows<{ status: string; stats: RunStats | null }>(
      db,
      sql`select status, stats from collection_runs where as_of = ${asOf}::date`,
    );
    if (existing?.status === "done") {
      return { asOf, status: "already_done" as const, stats: existing.stats as RunStats };
    }
    // Marked before the work, in its own statement: a crash leaves "running", and the next run does what is left.
    await db.execute(sql`insert into collection_runs (as_of, status, trigger, started_at)
      values (${asOf}::date, 'running', ${input.trigger}, ${deps.now().toISOString()}::timestamptz)
      on conflict (as_of) do update set status = 'running', trigger = excluded.trigger, started_at = excluded.started_at, error = null`);
    // Payment plans follow the payments first, once for the whole run (its audit rows would otherwise make the
    // shards wait for each other), before any shard exists for a worker to take.
    await deps.database.transaction((conn) => settlePlans(conn, { asOf, actor: input.actor, now: deps.now }));
    // An interrupted run keeps its shape: the shards already done cover their customers of that shape.
    await planShards(db, asOf, wanted);
    // Starting the run again is a new try for shards that failed before (a database outage, data fixed since): each
    // gets SHARD_ATTEMPTS more. Workers never reset them; only a run started by a person, the API or the schedule.
    await db.execute(sql`update collection_run_shards set status = 'pending', attempts = 0
      where as_of = ${asOf}::date and status = 'failed'`);
    try {
      await completeShards(deps, input.actor, asOf, concurrency, true);
      return { asOf, status: "done" as const, stats: await finishRun(deps, input, asOf, started) };
    } catch (e) {
      await db.execute(
        sql`update collection_runs set status = 'failed', error = ${errorSummary(e, 1000)} where as_of = ${asOf}::date`,
      );
      throw e;
    }
  });
}

type Shard = CustomerRange & { index: number; count: number };

/**
 * Splits the customers into `wanted` ranges of ids of about equal size, once per date: an interrupted run keeps
 * its shards, since the shards already done cover exactly their ranges. The first and last ranges are open, so
 * customers created meanwhile still belong to one.
 */
async function planShards(db: Db, asOf: IsoDate, wanted: number): Promise<void> {
  const [planned] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from collection_run_shards where as_of = ${asOf}::date`,
  );
  if (Number(planned?.n ?? 0) > 0) return;
  const starts = (
    await queryRows<{ lo: string }>(
      db,
      sql`select min(id) as lo from (select id, ntile(${wanted}::int) over (order by id) as t from customers) x
        group by t order by 1`,
    )
  ).map((r) => Number(r.lo));
  const count = Math.max(1, starts.length);
  const rows = Array.from({ length: count }, (_, i) => ({
    shard: i,
    from: i === 0 ? null : starts[i],
    to: i + 1 < count ? starts[i + 1] : null,
  }));
  await db.execute(sql`insert into collection_run_shards (as_of, shard, shard_count, from_customer, to_customer, status)
    select ${asOf}::date, r.shard, ${count}::int, r.from_customer, r.to_customer, 'pending'
    from jsonb_to_recordset(${JSON.stringify(rows.map((r) => ({ shard: r.shard, from_customer: r.from, to_customer: r.to })))}::jsonb)
      as r(shard int, from_customer bigint, to_customer bigint)
    on conflict (as_of, shard) do nothing`);
}

/** How often a shard may fail before the run gives up on it. */
const SHARD_ATTEMPTS = 3;
/** How long a process waiting on shards that others hold sleeps between looks. */
const SHARD_POLL_MS = 200;

type ShardRow = {
  shard: number;
  shard_count: number;
  from_customer: string | null;
  to_customer: string | null;
  status: string;
  attempts: number;
  error: string | null;
};

async function openShards(db: Db, asOf: IsoDate): Promise<ShardRow[]> {
  return queryRows<ShardRow>(
    db,
    sql`select shard, shard_count, from_customer, to_customer, status, attempts, error from collection_run_shards
      where as_of = ${asOf}::date and status <> 'done' order by shard`,
  );
}

/**
 * Works on the run's shards that are not done, `concurrency` at a time, until none is left: the ones no process
 * holds are taken here; the ones another process holds are waited for (and taken over if that process dies, since
 * its transaction, and so its lock, dies with it). With `giveUp`, a shard that failed SHARD_ATTEMPTS times fails the
 * run; a worker (no `giveUp`) leaves that to the process that started the run.
 */
async function completeShards(
  deps: RunDeps,
  actor: string,
  asOf: IsoDate,
  concurrency: number,
  giveUp: boolean,
): Promise<number> {
  let done = 0;
  for (;;) {
    const open = await openShards(deps.database.db, asOf);
    if (!open.length) return done;
    const exhausted = open.find((s) => s.status === "failed" && Number(s.attempts) >= SHARD_ATTEMPTS);
    if (exhausted) {
      if (giveUp) {
        throw new AppError(
          "internal",
          msg`shard ${exhausted.shard} of the run for ${asOf} failed ${exhausted.attempts} times: ${exhausted.error}`,
        );
      }
      return done;
    }
    const queue: Shard[] = open.map((t) => ({
      index: Number(t.shard),
      count: Number(t.shard_count),
      from: t.from_customer === null ? null : Number(t.from_customer),
      to: t.to_customer === null ? null : Number(t.to_customer),
    }));
    let took = 0;
    let failure: unknown = null;
    const lane = async () => {
      for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
        try {
          if ((await runShard(deps, actor, asOf, next)) === "done") took++;
        } catch (e) {
          failure = e; // recorded on the shard; tried again on the next round until SHARD_ATTEMPTS
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, lane));
    done += took;
    if (!took && !failure) await new Promise((r) => setTimeout(r, SHARD_POLL_MS)); // others hold what is left
  }
}

/**
 * One shard in one transaction: its row is locked first (skipping it if another process holds it), and marked done
 * in the transaction that writes the shard's work, so the work is done exactly once however often it is attempted.
 * The attempt itself is counted in a statement of its own, so a crash still shows it. "skipped" when another
 * process holds the shard or finished it meanwhile.
 */
async function runShard(deps: RunDeps, actor: string, asOf: IsoDate, shard: Shard): Promise<"done" | "skipped"> {
  const db = deps.database.db;
  const claimed = await queryRows<{ shard: number }>(
    db,
    sql`update collection_run_shards s set status = 'running', attempts = s.attempts + 1,
        started_at = ${deps.now().toISOString()}::timestamptz, worker = ${workerName()}, error = null
      from (select as_of, shard from collection_run_shards where as_of = ${asOf}::date and shard = ${shard.index}
              and status <> 'done' for update skip locked) x
      where s.as_of = x.as_of and s.shard = x.shard returning s.shard`,
  );
  if (!claimed.length) return "skipped";
  try {
    return await deps.database.transaction(async (conn) => {
      const [row] = await queryRows<{ status: string }>(
        conn.db,
        sql`select status from collection_run_shards where as_of = ${asOf}::date and shard = ${shard.index}
          for update skip locked`,
      );
      if (!row || row.status === "done") return "skipped" as const;
      const stats = await runInTransaction(conn, actor, asOf, shard, deps.now());
      await conn.db.execute(sql`update collection_run_shards set status = 'done', stats = ${JSON.stringify(stats)}::jsonb, worker = ${workerName()},
          finished_at = ${deps.now().toISOString()}::timestamptz where as_of = ${asOf}::date and shard = ${shard.index}`);
      return "done" as const;
    });
  } catch (e) {
    await db.execute(sql`update collection_run_shards set status = 'failed', error = ${errorSummary(e, 1000)}
      where as_of = ${asOf}::date and shard = ${shard.index} and status <> 'done'`);
    throw e;
  }
}

/**
 * What `huikuan worker` does between naps: takes shards of every run in progress (started by `huikuan run`, the
 * API or the scheduler in any process), `concurrency` at a time. The process that started a run finishes it once
 * every shard is done. Returns how many shards this call did.
 */
export async function workOnRuns(deps: RunDeps, options: { concurrency?: number } = {}): Promise<number> {
  const runs = await queryRows<{ as_of: string }>(
    deps.database.db,
    sql`select as_of from collection_runs where status = 'running' order by as_of`,
  );
  const concurrency = deps.database.dialect === "pglite" ? 1 : Math.max(1, options.concurrency ?? 1);
  let done = 0;
  for (const r of runs) done += await completeShards(deps, "worker", r.as_of as IsoDate, concurrency, false);
  return done;
}

export type RunStatus = {
  asOf: IsoDate;
  status: string;
  trigger: string;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
  stats: RunStats | null;
  shards: { shard: number; status: string; attempts: number; worker: string | null; error: string | null }[];
};

/** Runs and their shards, newest first: what `huikuan run status` and GET /api/runs show. */
export async function listRuns(db: Db, options: { asOf?: IsoDate; limit?: number } = {}): Promise<RunStatus[]> {
  const runs = await queryRows<{
    as_of: string;
    status: string;
    trigger: string;
    started_at: string | Date;
    finished_at: string | Date | null;
    error: string | null;
    stats: RunStats | null;
  }>(
    db,
    sql`select as_of, status, trigger, started_at, finished_at, error, stats from collection_runs
      where ${options.asOf ? sql`as_of = ${options.asOf}::date` : sql`true`}
      order by as_of desc limit ${options.limit ?? 30}`,
  );
  if (!runs.length) return [];
  const shards = await queryRows<{
    as_of: string;
    shard: number;
    status: string;
    attempts: number;
    worker: string | null;
    error: string | null;
  }>(
    db,
    sql`select as_of, shard, status, attempts, worker, error from collection_run_shards
      where as_of = any(${`{${runs.map((r) => r.as_of).join(",")}}`}::date[]) order by as_of, shard`,
  );
  const iso = (v: string | Date | null) => (v === null ? null : new Date(v).toISOString());
  return runs.map((r) => ({
    asOf: r.as_of as IsoDate,
    status: r.status,
    trigger: r.trigger,
    startedAt: iso(r.started_at) as string,
    finishedAt: iso(r.finished_at),
    error: r.error,
    stats: r.stats,
    shards: shards
      .filter((x) => x.as_of === r.as_of)
      .map((x) => ({
        shard: Number(x.shard),
        status: x.status,
        attempts: Number(x.attempts),
        worker: x.worker,
        error: x.error,
      })),
  }));
}

/** When every shard is done: fresh statistics for the worklist, the run's totals, its audit row. */
async function finishRun(deps: RunDeps, input: RunInput, asOf: IsoDate, started: number): Promise<RunStats> {
  return deps.database.transaction(async (conn) => {
    const db = conn.db;
    const shards = await queryRows<{ status: string; stats: RunStats | null }>(
      db,
      sql`select status, stats from collection_run_shards where as_of = ${asOf}::date order by shard`,
    );
    const left = shards.filter((s) => s.status !== "done").length;
    if (left) throw new AppError("conflict", msg`${left} shard(s) of the run for ${asOf} are not done yet`);
    const stats: RunStats = {
      customersOverdue: 0,
      customersCleared: 0,
      tasksCreated: 0,
      approvalsCreated: 0,
      causesChanged: 0,
      promisesSettled: 0,
      waiting: 0,
      stopped: 0,
      durationMs: 0,
    };
    for (const s of shards) {
      for (const k of Object.keys(stats) as (keyof RunStats)[]) stats[k] += Number(s.stats?.[k] ?? 0);
    }
    // The worklist's plans need to know today's tasks (they change wholesale once a day); the columns it filters
    // and sorts on are enough.
    await db.execute(sql`analyze tasks (run_date, status, collector_id, customer_id, priority)`);
    stats.durationMs = Math.round(performance.now() - started);
    const runAt = deps.now();
    await db.execute(sql`update collection_runs set status = 'done', finished_at = ${runAt.toISOString()}::timestamptz,
      stats = ${JSON.stringify(stats)}::jsonb where as_of = ${asOf}::date`);
    // The payment forecast is retrained on what the run leaves (outside the run: see forecast-store.ts).
    await requestForecastRefresh(db, asOf, runAt);
    await appendAudit(db, {
      at: runAt,
      actor: input.actor,
      action: "collection.run",
      objectType: "collection_run",
      objectId: asOf,
      after: stats,
    });
    return stats;
  });
}

function workerName(): string {
  return `${hostname()}:${process.pid}`;
}

type Row = {
  customer_id: string;
  code: string;
  collector_id: string | null;
  manager_id: string | null;
  debtor_type: DebtorType;
  customer_zone: string | null;
  country: string | null;
  credit_limit: string | null;
  legal: boolean;
  do_not_contact: boolean;
  middleman: boolean;
  foreign_trade: boolean;
  currency: string;
  balance: string;
  overdue: string;
  days_past_due: number;
  first_issue: string | null;
  last_issue: string | null;
  disputed_open: number;
  payments_90d: number;
  invoices_paid: number;
  paid_late: number;
  avg_days_late: number | null;
  last_paid: string | null;
  first_paid: string | null;
  promises_broken_180d: number;
  promises_kept_180d: number;
  promise_open: boolean;
  promise_due_today: boolean;
  promise_broken_now: boolean;
  plan_active: boolean;
  plan_broken_now: boolean;
  installment_due_soon: boolean;
  attempts_30d: number;
  connected_30d: number;
  last_reply: string | null;
  last_contact: string | null;
  excuses: Partial<Record<Excuse, number>> | null;
  outcomes: Partial<Record<Outcome, number>> | null;
  s_cause: Cause | null;
  s_cause_source: "rule" | "manual" | null;
  s_cause_confidence: number | null;
  s_cause_recheck_on: string | null;
  s_cause_evidence: unknown;
  s_cause_since: string | null;
  s_cause_set_at: string | Date | null;
  s_cause_set_by: string | null;
  s_cause_note: string | null;
  s_playbook_id: string | null;
  s_variant: "champion" | "challenger" | null;
  s_step_index: number | null;
  s_step_on: string | null;
  s_stopped_by: string | null;
  contact_id: string | null;
  contact_zone: string | null;
  contact_role: string | null;
  opt_out_call: boolean | null;
  opt_out_sms: boolean | null;
  opt_out_email: boolean | null;
  /** When the customer replied by email and no collector has looked yet (automated reminders wait till then). */
  reminders_paused_at: string | Date | null;
};

async function runInTransaction(
  conn: Connection,
  actor: string,
  asOf: IsoDate,
  shard: Shard,
  now: Date,
): Promise<RunStats> {
  const db = conn.db;
  const clock = { at: 0 };
  const lap = (label: string) => lapOf(clock, `${shard.index}/${shard.count} ${label}`);
  const only = (column: string) => rangeFilter(shard, column);
  lap("start");
  await db.execute(sql`set local work_mem = '256MB'`);
  // The facts query joins a dozen small aggregates; its cost estimate trips JIT compilation, which costs a second
  // and saves nothing on a plan that is all hashing.
  await db.execute(sql`set local jit = off`);
  // Shards already run side by side, one per connection: parallel workers inside a shard's statements only add
  // their start-up and a second scan of the same pages (on two CPUs, a fifth of the run's CPU time).
  await db.execute(sql`set local max_parallel_workers_per_gather = 0`);
  const d = sql`${asOf}::date`;
  const thresholds = (await getSetting(db, "aging.grades")) as GradeThresholds;
  const company = await getSetting(db, "company");
  const playbooks = indexPlaybooks(await getSetting(db, "collection.playbooks"));
  const planner = makeWindowPlanner(await getSetting(db, "contact.policies"), asOf, company);
  const plans = await getSetting(db, "workspace.plans");

  // 1. Promises that fell due: kept, partially kept or broken, from the payments dated from the promise on.
  const settled = await queryRows<{ n: number }>(
    db,
    sql`with paid as (
        select pr.id, coalesce(sum(p.amount), 0) as amt from promises pr
        left join payments p on p.customer_id = pr.customer_id and p.currency = pr.currency
          and p.paid_on >= pr.made_on and p.paid_on <= pr.promised_on and ${paymentStands("p", d)}
        where pr.status = 'open' and pr.promised_on < ${d} ${only("pr.customer_id")} group by pr.id),
      up as (update promises pr set paid_amount = paid.amt, settled_on = ${d},
          status = case when paid.amt >= pr.amount then 'kept' when paid.amt > 0 then 'partially_kept' else 'broken' end
        from paid where pr.id = paid.id returning 1)
      select count(*)::int as n from up`,
  );

  lap("settings + promises");
  // 2. Aging per customer (in the currency with most overdue), as of the run date.
  await db.execute(sql`create temp table run_aging on commit drop as
    select distinct on (customer_id) customer_id, currency, balance, overdue, days_past_due, first_issue, last_issue, disputed_open
    from (select o.customer_id, o.currency, sum(o.open_amount)::bigint as balance,
            coalesce(sum(o.open_amount) filter (where o.days_past_due > 0), 0)::bigint as overdue,
            coalesce(max(o.days_past_due), 0)::int as days_past_due,
            min(o.issue_date) as first_issue, max(o.issue_date) as last_issue,
            count(*) filter (where o.disputed and o.days_past_due > 0)::int as disputed_open
          from (${openItemsSql(asOf, { range: shard })}) o where o.open_amount > 0 group by o.customer_id, o.currency) a
    where overdue > 0
    order by customer_id, overdue desc, currency`);

  lap("aging");
  // 3. A payment of exactly an invoice's amount settled that invoice on its date (ERP exports rarely say which
  // invoice a payment is for; the amount usually does): those give the customer's record of paying late. Payments
  // that match no invoice amount are part payments. Stored apart, and found by hashing: the join matches on customer,
  // currency and amount together, which the planner cannot foresee (it expects a handful of rows, where there are
  // tens of thousands), so it would merge payments and invoices on customer and currency alone (PGlite: two
  // seconds on the demo's million invoices, against half a second hashed) or probe the invoices once per payment.
  await db.execute(sql`set local enable_mergejoin = off`);
  await db.execute(sql`set local enable_nestloop = off`);
  await db.execute(sql`create temp table run_paid on commit drop as
    select p.customer_id, p.id, p.paid_on, min(i.due_date) as due_date
    from payments p join invoices i on i.customer_id = p.customer_id and i.amount = p.amount
      and i.currency = p.currency and i.issue_date <= p.paid_on ${only("i.customer_id")}
    where p.paid_on <= ${d} and p.paid_on > ${d} - 365 and ${paymentStands("p", d)} ${only("p.customer_id")}
    group by p.customer_id, p.id, p.paid_on`);
  await db.execute(sql`set local enable_mergejoin to default`);
  await db.execute(sql`set local enable_nestloop to default`);
  lap("paid");
  // 4. Everything the rules need about each overdue customer, in one row.
  const factsQuery = sql`with
    paidx as (select customer_id, count(*)::int as invoices_paid,
              count(*) filter (where paid_on > due_date + 5)::int as paid_late,
              avg(greatest(paid_on - due_date, 0))::float8 as avg_days_late
            from run_paid group by customer_id),
    pay as (select p.customer_id,
              count(*) filter (where p.paid_on > ${d} - 90
                and not exists (select 1 from run_paid m where m.id = p.id))::int as payments_90d,
              max(p.paid_on) as last_paid, min(p.paid_on) as first_paid
            from payments p where p.paid_on <= ${d} and ${paymentStands("p", d)} ${only("p.customer_id")}
            group by p.customer_id),
    pr as (select customer_id,
              count(*) filter (where status = 'broken' and settled_on > ${d} - 180)::int as broken,
              count(*) filter (where status = 'kept' and settled_on > ${d} - 180)::int as kept,
              bool_or(status = 'open' and promised_on >= ${d}) as open_now,
              bool_or(status = 'open' and promised_on = ${d}) as due_today,
              bool_or(status in ('broken', 'partially_kept') and settled_on = ${d}) as broken_now
            from promises where true ${only("customer_id")} group by customer_id),
    pl as (select p.customer_id, bool_or(p.status = 'active') as active,
              bool_or(p.status = 'broken' and exists (select 1 from plan_installments m where m.plan_id = p.id
                and m.status = 'missed' and m.due_on > ${d} - ${plans.graceDays + BROKEN_PLAN_DAYS}::int)) as broken_now,
              bool_or(p.status = 'active' and exists (select 1 from plan_installments m where m.plan_id = p.id
                and m.status in ('pending', 'due', 'partially_paid')
                and m.due_on between ${d} and ${d} + ${plans.reminderDays}::int)) as due_soon
            from payment_plans p where p.status in ('active', 'broken') ${only("p.customer_id")} group by p.customer_id),
    ix as (select customer_id,
              count(*) filter (where direction = 'outbound' and at > ${d} - 30)::int as attempts,
              count(*) filter (where at > ${d} - 30 and outcome in (${sql.raw(CONNECTED_OUTCOMES.map((o) => `'${o}'`).join(", "))}))::int as connected,
              max(at) filter (where direction = 'inbound' or outcome in (${sql.raw(CONNECTED_OUTCOMES.map((o) => `'${o}'`).join(", "))}))::date as last_reply,
              max(at)::date as last_contact
            from interactions where at < ${d} + 1 ${only("customer_id")} group by customer_id),
    ex as (select customer_id, jsonb_object_agg(excuse, n) as excuses from (
              select customer_id, excuse, count(*)::int as n from interactions
              where excuse is not null and at > ${d} - 90 and at < ${d} + 1 ${only("customer_id")} group by customer_id, excuse) x group by customer_id),
    oc as (select customer_id, jsonb_object_agg(outcome, n) as outcomes from (
              select customer_id, outcome, count(*)::int as n from interactions
              where at > ${d} - 90 and at < ${d} + 1 ${only("customer_id")} group by customer_id, outcome) x group by customer_id),
    ct as (select distinct on (customer_id) id, customer_id, time_zone, role, opt_out_call, opt_out_sms, opt_out_email
            from contacts where true ${only("customer_id")}
            order by customer_id, case role when 'finance' then 0 when 'owner' then 1 when 'purchasing' then 2 else 3 end, id),
    mgr as (select distinct on (team) team, id from users where role = 'manager' and active and team is not null order by team, id)
    select a.customer_id, c.code, c.collector_id, m.id as manager_id, c.debtor_type, c.time_zone as customer_zone, c.country,
      c.credit_limit, c.legal, c.do_not_contact, c.middleman, c.foreign_trade,
      a.currency, a.balance, a.overdue, a.days_past_due, a.first_issue, a.last_issue, a.disputed_open,
      coalesce(pay.payments_90d, 0) as payments_90d, pay.last_paid, pay.first_paid,
      coalesce(paidx.invoices_paid, 0) as invoices_paid, coalesce(paidx.paid_late, 0) as paid_late,
      paidx.avg_days_late,
      coalesce(pr.broken, 0) as promises_broken_180d, coalesce(pr.kept, 0) as promises_kept_180d,
      coalesce(pr.open_now, false) as promise_open, coalesce(pr.due_today, false) as promise_due_today,
      coalesce(pr.broken_now, false) as promise_broken_now,
      coalesce(pl.active, false) as plan_active, coalesce(pl.broken_now, false) as plan_broken_now,
      coalesce(pl.due_soon, false) as installment_due_soon,
      coalesce(ix.attempts, 0) as attempts_30d, coalesce(ix.connected, 0) as connected_30d,
      ix.last_reply, ix.last_contact, ex.excuses, oc.outcomes,
      s.cause as s_cause, s.cause_source as s_cause_source, s.cause_confidence as s_cause_confidence,
      s.cause_recheck_on as s_cause_recheck_on, s.cause_evidence as s_cause_evidence, s.cause_since as s_cause_since,
      s.cause_set_at as s_cause_set_at, s.cause_set_by as s_cause_set_by, s.cause_note as s_cause_note,
      s.playbook_id as s_playbook_id, s.variant as s_variant, s.step_index as s_step_index, s.step_on as s_step_on,
      s.stopped_by as s_stopped_by,
      ct.id as contact_id, ct.time_zone as contact_zone, ct.role as contact_role,
      ct.opt_out_call, ct.opt_out_sms, ct.opt_out_email, rp.paused_at as reminders_paused_at
    from run_aging a
    join customers c on c.id = a.customer_id
    left join users u on u.id = c.collector_id
    left join mgr m on m.team = u.team
    left join pay on pay.customer_id = a.customer_id
    left join paidx on paidx.customer_id = a.customer_id
    left join pr on pr.customer_id = a.customer_id
    left join pl on pl.customer_id = a.customer_id
    left join ix on ix.customer_id = a.customer_id
    left join ex on ex.customer_id = a.customer_id
    left join oc on oc.customer_id = a.customer_id
    left join ct on ct.customer_id = a.customer_id
    left join collection_states s on s.customer_id = a.customer_id
    left join reminder_pauses rp on rp.customer_id = a.customer_id
    where true ${only("c.id")}
    order by a.customer_id`;

  // What each chosen contact's logged outcomes say about when they answer (a year back), for the windows.
  const samples = new Map<string, OutcomeSample[]>();
  for (const x of await queryRows<{ contact_id: string; at: string | Date; outcome: Outcome }>(
    db,
    sql`select i.contact_id, i.at, i.outcome from interactions i
        where i.contact_id is not null and i.direction = 'outbound' and i.channel in ('call', 'visit')
          and i.at > ${d} - 365 and i.at < ${d} + 1
          and i.customer_id in (select customer_id from run_aging)`,
  )) {
    let list = samples.get(x.contact_id);
    if (!list) {
      list = [];
      samples.set(x.contact_id, list);
    }
    list.push({ at: new Date(x.at), connected: CONNECTED.has(x.outcome) });
  }
  lap("samples");
  // 5. Decide, customer by customer, with the pure rules; what is written is gathered as COPY lines.
  const taskLines: string[] = [];
  const stateLines: string[] = [];
  /** Customers whose cause the rules replaced today: the one they had goes into the history. */
  const superseded: number[] = [];
  const setAt = now.toISOString();
  const windowLines: string[] = [];
  const stats: RunStats = {
    customersOverdue: 0,
    customersCleared: 0,
    tasksCreated: 0,
    approvalsCreated: 0,
    causesChanged: 0,
    promisesSettled: Number(settled[0]?.n ?? 0),
    waiting: 0,
    stopped: 0,
    durationMs: 0,
  };
  const companyCurrency = company.currency;
  const dates = { newSince: addDays(asOf, -180), ordersSince: addDays(asOf, -60) };
  const decide = (r: Row) => {
    const overdue = BigInt(r.overdue);
    const days = Number(r.days_past_due);
    const signals = signalsOf(r, asOf, overdue, days, companyCurrency, dates);
    let verdict: CauseVerdict | null = null;
    let cause: Cause;
    let confidence: number;
    let source: "rule" | "manual";
    let evidence: unknown;
    let changed = false;
    if (
      r.s_cause_source === "manual" &&
      r.s_cause &&
      manualCauseHolds(r.s_cause_since ?? asOf, r.s_cause_recheck_on, asOf)
    ) {
      cause = r.s_cause;
      confidence = Number(r.s_cause_confidence ?? 1);
      source = "manual";
      evidence = r.s_cause_evidence; // kept as the person who set it wrote it
    } else {
      verdict = inferCause(signals);
      cause = verdict.cause;
      confidence = verdict.confidence;
      source = "rule";
      evidence = verdict.evidence;
      if (verdict.cause !== r.s_cause || r.s_cause_source !== "rule") {
        changed = true;
        stats.causesChanged++;
        if (r.s_cause) superseded.push(Number(r.customer_id));
      }
    }
    let grade: RiskGrade = gradeFor(days, thresholds, { legal: r.legal });
    // Domain guide: a customer in hardship with no payment plan is doubtful whatever the age.
    // Only when the hardship is established (set by a person, or inferred with confidence): a weak guess from a
    // few part payments must not mark a customer two days late as doubtful.
    if (cause === "hardship" && (source === "manual" || confidence >= HARDSHIP_GRADE_CONFIDENCE)) {
      grade = worseGrade(grade, "doubtful");
    }

    const playbook = playbooks.get(`${grade}|${cause}`) as Playbook;
    const variant = r.s_playbook_id === playbook.id && r.s_variant ? r.s_variant : variantFor(playbook, r.code);
    const active = new Set<StopCondition>();
    if (r.promise_open) active.add("promise_made");
    if (r.plan_active) active.add("plan_agreed");
    if (Number(r.disputed_open) > 0) active.add("dispute_opened");
    const next = advance(
      { playbookId: r.s_playbook_id, variant: r.s_variant, stepIndex: r.s_step_index, stepOn: r.s_step_on },
      playbook,
      variant,
      asOf,
      active,
      r.promise_broken_now || r.plan_broken_now,
    );
    const context: TaskContext = {
      asOf,
      overdue,
      days,
      grade,
      cause,
      playbook,
      variant,
      stepIndex: r.s_step_index ?? 0,
      planner,
      samples,
      limitation,
    };
    const tasksBefore = stats.tasksCreated;
    let stepIndex = r.s_playbook_id === playbook.id ? r.s_step_index : null;
    let stepOn = r.s_playbook_id === playbook.id ? r.s_step_on : null;
    let stoppedBy: string | null = null;
    if (next.kind === "step" && r.reminders_paused_at && isMessageStep(next.step)) {
      // The customer wrote back: a collector reads the reply before any reminder goes out. The step waits (it is
      // taken again once the pause is lifted) and today's task says why.
      taskLines.push(taskFor(r, next.step, { ...context, stepIndex: next.stepIndex }, "replied").line);
      stats.tasksCreated++;
    } else if (next.kind === "step") {
      stepIndex = next.stepIndex;
      stepOn = asOf;
      const task = taskFor(r, next.step, { ...context, stepIndex: next.stepIndex });
      taskLines.push(task.line);
      stats.tasksCreated++;
      if (task.approval) stats.approvalsCreated++;
    } else if (next.kind === "wait") {
      stats.waiting++;
      // The step's task may still be open from an earlier day: its window moves to today.
      const current = stepsOf(playbook, variant)[r.s_step_index ?? 0];
      const w = current ? windowOf(r, current, context) : null;
      if (w && !w.blocked && w.start) windowLines.push([r.customer_id, w.start, w.end, copyField(w.reason)].join("\t"));
    } else if (next.kind === "stopped") {
      stoppedBy = next.by;
      stats.stopped++;
    } else {
      stoppedBy = "finished";
      // Once, when the playbook runs out without the money in: the manager decides what comes next.
      if (r.s_stopped_by !== "finished") {
        const review: PlaybookStep = {
          id: "review",
          action: "manager_escalation",
          channel: null,
          script: null,
          waitDays: 0,
          tone: "formal",
          stopOn: [],
        };
        const task = taskFor(r, review, { ...context, stepIndex: stepsOf(playbook, variant).length });
        taskLines.push(task.line);
        stats.tasksCreated++;
      }
    }
    if (stoppedBy === "plan_agreed" && reminderDue.has(Number(r.customer_id))) {
      const task = taskFor(r, INSTALLMENT_STEP, { ...context, stepIndex: stepsOf(playbook, variant).length + 2 });
      taskLines.push(task.line);
      stats.tasksCreated++;
    }
    // A claim close to being time-barred is on the worklist whatever the playbook says (paused by a promise or a
    // plan included), once, until a demand restarts the clock.
    if (stats.tasksCreated === tasksBefore && limitationDue.has(Number(r.customer_id))) {
      const task = taskFor(r, LIMITATION_STEP, { ...context, stepIndex: stepsOf(playbook, variant).length + 1 });
      taskLines.push(task.line);
      stats.tasksCreated++;
    }
    // In STATE_COLUMNS' order, as the task line is.
    stateLines.push(
      [
        r.customer_id,
        asOf,
        r.currency,
        r.balance,
        overdue,
        days,
        grade,
        cause,
        confidence,
        source,
        copyField(JSON.stringify(source === "manual" ? (r.s_cause_evidence ?? null) : evidence)),
        p(source === "manual" ? r.s_cause_recheck_on : null),
        p(changed ? asOf : r.s_cause_since),
        changed ? setAt : r.s_cause_set_at === null ? "\\N" : new Date(r.s_cause_set_at).toISOString(),
        changed ? copyField(actor) : copyField(r.s_cause_set_by),
        changed ? "\\N" : copyField(r.s_cause_note),
        copyField(playbook.id),
        variant,
        p(stepIndex),
        p(stepOn),
        p(stoppedBy),
      ].join("\t"),
    );
  };
  // Claims near the end of their limitation period. The clock runs years from the due date (restarts only push it
  // later), so only customers whose oldest open invoice is that old can have one: the rest cost nothing here.
  const limitation = new Map<number, number>();
  const limitationDue = new Set<number>();
  const limits = await getSetting(db, "limitation");
  const oldEnough = shortestYears(limits) * 365 - limits.nearingDays - 2;
  const reminderDue = new Set<number>();
  /** What a batch of customers needs beyond its rows: limitation claims and installment reminders. */
  const prepare = async (rows: Row[]) => {
    limitation.clear();
    limitationDue.clear();
    reminderDue.clear();
    const candidates = rows
      .filter((r) => !r.legal && Number(r.days_past_due) >= oldEnough)
      .map((r) => Number(r.customer_id));
    if (candidates.length) {
      for (const claim of await claimsNearingLimitation(db, {
        asOf,
        withinDays: limits.nearingDays,
        customerIds: candidates,
      })) {
        limitation.set(claim.customerId, claim.daysLeft);
        limitationDue.add(claim.customerId);
      }
      // Once: not while a letter for it is still open.
      if (limitationDue.size) {
        for (const t of await queryRows<{ customer_id: string }>(
          db,
          sql`select distinct customer_id from tasks where status in ('open', 'snoozed') and action = 'reminder_letter'
            and customer_id = any(${`{${[...limitationDue].join(",")}}`}::bigint[])`,
        )) {
          limitationDue.delete(Number(t.customer_id));
        }
      }
    }
    // Installments due within the reminder days of an active plan: a reminder, once (not while one is still open).
    for (const r of rows) if (r.plan_active && r.installment_due_soon) reminderDue.add(Number(r.customer_id));
    if (reminderDue.size) {
      for (const t of await queryRows<{ customer_id: string }>(
        db,
        sql`select distinct customer_id from tasks where status in ('open', 'snoozed')
          and script_id = ${INSTALLMENT_STEP.script} and customer_id = any(${`{${[...reminderDue].join(",")}}`}::bigint[])`,
      )) {
        reminderDue.delete(Number(t.customer_id));
      }
    }
  };
  function* decideAll(rows: Row[]): Generator<string> {
    for (let i = 0; i < rows.length; i += DECIDE_SLICE) {
      const end = Math.min(rows.length, i + DECIDE_SLICE);
      for (let k = i; k < end; k++) decide(rows[k] as Row);
      if (taskLines.length) yield `${taskLines.splice(0).join("\n")}\n`;
    }
  }
  // 6. Decide and write, a batch of customers at a time (read through a cursor on PostgreSQL): a batch's rows are
  // gone before the next arrives (a shard's rows held at once cost the garbage collector more than the rules cost),
  // and its tasks are stored before the next is read. The new tasks go straight in: a shard writes its tasks in the transaction
  // that marks it done, so no task of this date can exist for them yet. Older open tasks of customers with a new
  // one retire after.
  for await (const rows of viewBatches<Row>(conn, factsQuery, FACTS_BATCH)) {
    stats.customersOverdue += rows.length;
    await prepare(rows);
    // Decided while the COPY streams: the server stores one stretch of tasks while the next is decided.
    await conn.copyIn("tasks", TASK_COLUMNS, decideAll(rows));
  }
  lap("decide + tasks");
  if (windowLines.length) {
    await db.execute(sql`create temp table run_windows (customer_id bigint, window_start timestamptz,
      window_end timestamptz, window_reason text) on commit drop`);
    await conn.copyIn(
      "run_windows",
      ["customer_id", "window_start", "window_end", "window_reason"],
      chunked(windowLines),
    );
    await db.execute(sql`update tasks t set window_start = w.window_start, window_end = w.window_end,
        window_reason = w.window_reason
      from run_windows w where t.customer_id = w.customer_id and t.status = 'open' and t.run_date < ${d}`);
  }
  await db.execute(sql`update tasks t set status = 'cancelled'
    where t.status in ('open', 'snoozed') and t.run_date < ${d} ${only("t.customer_id")}
      and exists (select 1 from tasks n where n.customer_id = t.customer_id and n.run_date = ${d})`);
  // A cause the rules replaced goes into the history as the state had it, ended today.
  await supersedeCauses(db, { customerIds: superseded, endedOn: asOf, setBy: actor, at: now });
  lap("causes");
  // States: replaced whole for every customer decided today.
  await db.execute(sql`delete from collection_states s using run_aging a where s.customer_id = a.customer_id`);
  await conn.copyIn("collection_states", STATE_COLUMNS, chunked(stateLines));
  lap("states");
  const cleared = await queryRows<{ n: number }>(
    db,
    sql`with gone as (update collection_states s set as_of = ${d}, overdue = 0, days_past_due = 0, grade = 'current',
          stopped_by = 'paid', step_index = null, step_on = null, updated_at = now()
        where s.grade <> 'current' ${only("s.customer_id")} and not exists (select 1 from run_aging a where a.customer_id = s.customer_id)
        returning s.customer_id),
      cancelled as (update tasks t set status = 'cancelled' from gone
        where t.customer_id = gone.customer_id and t.status in ('open', 'snoozed') returning 1)
      select (select count(*)::int from gone) as n, (select count(*)::int from cancelled) as c`,
  );
  stats.customersCleared = Number(cleared[0]?.n ?? 0);
  lap("cleared");
  return stats;
}

const STATE_COLUMNS = [
  "customer_id",
  "as_of",
  "currency",
  "balance",
  "overdue",
  "days_past_due",
  "grade",
  "cause",
  "cause_confidence",
  "cause_source",
  "cause_evidence",
  "cause_recheck_on",
  "cause_since",
  "cause_set_at",
  "cause_set_by",
  "cause_note",
  "playbook_id",
  "variant",
  "step_index",
  "step_on",
  "stopped_by",
];
const TASK_COLUMNS = [
  "run_date",
  "customer_id",
  "collector_id",
  "kind",
  "action",
  "channel",
  "contact_id",
  "window_start",
  "window_end",
  "window_reason",
  "priority",
  "reasons",
  "cause",
  "grade",
  "amount_overdue",
  "days_past_due",
  "currency",
  "script_id",
  "playbook_id",
  "variant",
  "step_index",
  "tone",
  "needs_approval",
];

/** COPY lines (without their ends) in flat strings of a few thousand lines. */
function* chunked(lines: readonly string[]): Generator<string> {
  for (let i = 0; i < lines.length; i += 4096) yield `${lines.slice(i, i + 4096).join("\n")}\n`;
}

function signalsOf(
  r: Row,
  asOf: IsoDate,
  overdue: bigint,
  days: number,
  companyCurrency: string,
  dates: { newSince: IsoDate; ordersSince: IsoDate },
): CauseSignals {
  return {
    asOf,
    daysPastDue: days,
    overdueMinor: overdue,
    invoicesPaid: Number(r.invoices_paid),
    invoicesPaidLate: Number(r.paid_late),
    avgDaysLate: r.avg_days_late === null ? null : Number(r.avg_days_late),
    partialPayments90d: Number(r.payments_90d),
    lastPaymentOn: r.last_paid,
    openDisputes: Number(r.disputed_open),
    promisesBroken180d: Number(r.promises_broken_180d),
    promisesKept180d: Number(r.promises_kept_180d),
    contactAttempts30d: Number(r.attempts_30d),
    connected30d: Number(r.connected_30d),
    lastReplyOn: r.last_reply,
    excuses90d: r.excuses ?? {},
    outcomes90d: r.outcomes ?? {},
    middleman: r.middleman,
    foreignTrade: r.foreign_trade,
    invoiceCurrencyForeign: r.currency.trim() !== companyCurrency,
    newCustomer: r.first_issue !== null && r.first_issue > dates.newSince && r.first_paid === null,
    recentOrders: r.last_issue !== null && r.last_issue > dates.ordersSince,
  };
}

type TaskContext = {
  asOf: IsoDate;
  overdue: bigint;
  days: number;
  grade: RiskGrade;
  cause: Cause;
  playbook: Playbook;
  variant: "champion" | "challenger";
  stepIndex: number;
  planner: ReturnType<typeof makeWindowPlanner>;
  samples: Map<string, OutcomeSample[]>;
  /** Days left before a claim of the customer is time-barred, for the customers close to it. */
  limitation: Map<number, number>;
};

type TaskWindow = {
  start: string | null;
  end: string | null;
  reason: string | null;
  blocked: boolean;
  review: boolean;
};

/** The suggested window for a step's contact on the run date, or why there is none; null for steps with no contact. */
function windowOf(r: Row, step: PlaybookStep, t: TaskContext): TaskWindow | null {
  const channel = channelOf(step);
  if (!channel || needsApproval(step.action) || step.action === "manager_escalation") return null;
  const w = t.planner.windowFor({
    channel,
    debtorType: r.debtor_type,
    contactZone: r.contact_zone,
    customerZone: r.customer_zone,
    contactRole: r.contact_role,
    doNotContact: r.do_not_contact,
    optedOut:
      channel === "call"
        ? r.opt_out_call === true
        : channel === "sms"
          ? r.opt_out_sms === true
          : channel === "email"
            ? r.opt_out_email === true
            : false,
    contactId: r.contact_id,
    country: r.country,
    samples: r.contact_id && channel === "call" ? t.samples.get(r.contact_id) : undefined,
  } satisfies ContactWindowInput);
  if ("blocked" in w) return { start: null, end: null, reason: w.blocked, blocked: true, review: w.review };
  if (!w.window) return { start: null, end: null, reason: null, blocked: false, review: false };
  return {
    start: w.window.start.toISOString(),
    end: w.window.end.toISOString(),
    reason: w.window.reason,
    blocked: false,
    review: false,
  };
}

/** Steps that send the customer a message (held while the customer's email reply waits to be read). */
function isMessageStep(step: PlaybookStep): boolean {
  const channel = channelOf(step);
  return channel === "email" || channel === "sms" || channel === "wechat";
}

/** `held`: "replied" when the step's message waits for a collector to read the customer's reply (a review task). */
function taskFor(r: Row, step: PlaybookStep, t: TaskContext, held?: "replied"): { line: string; approval: boolean } {
  const approval = needsApproval(step.action);
  let kind = taskKindOf(step);
  const channel: Channel | null = channelOf(step);
  const priority = priorityOf({
    overdueMinor: t.overdue,
    currencyDigits: currencyDigits(r.currency.trim()),
    daysPastDue: t.days,
    grade: t.grade,
    cause: t.cause,
    creditLimitMinor: r.credit_limit === null ? null : BigInt(r.credit_limit),
    promiseBrokenRecently: r.promise_broken_now,
    planBrokenRecently: r.plan_broken_now,
    promiseDueToday: r.promise_due_today,
    installmentDueSoon: r.installment_due_soon,
    daysSinceLastContact: r.last_contact ? daysSince(r.last_contact, t.asOf) : null,
    limitationDaysLeft: t.limitation.get(Number(r.customer_id)) ?? null,
    stepAction: step.action,
  });
  const reasons: string[] = priority.factors.map((f) => f.reason);
  const w = windowOf(r, step, t);
  const windowStart = w?.start ?? null;
  const windowEnd = w?.end ?? null;
  const windowReason = w?.reason ?? null;
  if (w?.blocked) {
    reasons.push(`no contact window: ${w.reason}`);
    if (w.review) kind = "review";
  }
  if (held === "replied") {
    const since = r.reminders_paused_at ? new Date(r.reminders_paused_at).toISOString().slice(0, 10) : t.asOf;
    reasons.push(`the customer replied by email on ${since}: read the reply; reminders wait until then`);
    kind = "review";
  }
  const collector =
    approval || step.action === "manager_escalation" ? (r.manager_id ?? r.collector_id) : r.collector_id;
  return {
    approval,
    // In TASK_COLUMNS' order, without the line's end (the lines are joined with it). Free text is escaped; the rest
    // (dates, ids, numbers, closed sets) goes as it is. Joined, not concatenated: a line built with + or a template
    // is a chain of pieces the garbage collector must carry until the batch is written.
    line: [
      t.asOf,
      r.customer_id,
      p(collector),
      kind,
      step.action,
      p(channel),
      p(r.contact_id),
      p(windowStart),
      p(windowEnd),
      copyField(windowReason),
      priority.score,
      copyField(JSON.stringify(reasons)),
      t.cause,
      t.grade,
      t.overdue,
      t.days,
      r.currency,
      copyField(step.script),
      copyField(t.playbook.id),
      t.variant,
      t.stepIndex,
      p(step.tone),
      p(approval),
    ].join("\t"),
  };
}

function daysSince(date: IsoDate, asOf: IsoDate): number {
  return Math.round((Date.parse(`${asOf}T00:00:00Z`) - Date.parse(`${date}T00:00:00Z`)) / 86_400_000);
}
