// The collection engine's tables: each customer's collection state (grade, cause, playbook position), the history
// of causes, the daily runs, the tasks they write, and what collectors log (interactions, promises to pay).
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  char,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { RISK_GRADES } from "../aging/aging.rules.ts";
import { CHANNELS, contacts, customers } from "../ledger/ledger.schema.ts";
import { ACTIONS, CAUSES, EXCUSES, OUTCOMES, TASK_KINDS, TASK_STATUSES } from "./collection.enums.ts";

const id = () => bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity();
const ref = (name: string) => bigint(name, { mode: "number" });
const minor = (name: string) => bigint(name, { mode: "bigint" });
const at = (name: string) => timestamp(name, { withTimezone: true });

export const CAUSE_SOURCES = ["rule", "manual"] as const;
export const VARIANTS = ["champion", "challenger"] as const;
export type Variant = (typeof VARIANTS)[number];
export const RUN_STATUSES = ["running", "done", "failed"] as const;
export const SHARD_STATUSES = ["pending", "running", "done", "failed"] as const;
export const PROMISE_STATUSES = ["open", "kept", "partially_kept", "broken", "cancelled"] as const;
export type PromiseStatus = (typeof PROMISE_STATUSES)[number];
export const DIRECTIONS = ["outbound", "inbound"] as const;
export const ATTEMPT_STATUSES = ["reserved", "made", "released", "refused"] as const;
export const VERDICTS = ["allow", "warn", "block"] as const;

/** One row per customer the engine has seen overdue: where it stands as of the last run. */
export const collectionStates = pgTable(
  "collection_states",
  {
    // No foreign keys on the engine's high-volume tables: the daily run writes 100k rows at once and only ever
    // with ids it just read from customers; deleting a customer with ledger rows is refused anyway.
    customerId: ref("customer_id").primaryKey(),
    asOf: date("as_of", { mode: "string" }).notNull(),
    currency: char("currency", { length: 3 }).notNull(),
    balance: minor("balance").notNull(),
    overdue: minor("overdue").notNull(),
    daysPastDue: integer("days_past_due").notNull(),
    grade: text("grade", { enum: RISK_GRADES }).notNull(),
    cause: text("cause", { enum: CAUSES }),
    causeConfidence: real("cause_confidence"),
    causeSource: text("cause_source", { enum: CAUSE_SOURCES }),
    causeEvidence: jsonb("cause_evidence"),
    /** A cause set by hand holds until this date. */
    causeRecheckOn: date("cause_recheck_on", { mode: "string" }),
    /** The day the current cause took effect, and when; who gave it (a person, or the run); a person's note. */
    causeSince: date("cause_since", { mode: "string" }),
    causeSetAt: at("cause_set_at"),
    causeSetBy: text("cause_set_by"),
    causeNote: text("cause_note"),
    playbookId: text("playbook_id"),
    variant: text("variant", { enum: VARIANTS }),
    stepIndex: integer("step_index"),
    /** When the current step's task was written; the next step waits its days from here. */
    stepOn: date("step_on", { mode: "string" }),
    /** Why the playbook is paused (a stop condition), if it is. */
    stoppedBy: text("stopped_by"),
    /** A digest of what the engine decided from; a customer whose digest is unchanged gets no new task. */
    digest: text("digest"),
    updatedAt: at("updated_at").notNull().default(sql`now()`),
  },
  // No index on grade: what reads states by grade reads all of them (breakdowns, the dashboard).
);

/**
 * The causes a customer had before the current one (which is on collection_states), by the rules or by a person,
 * newest last: each from the day it took effect (as_of) to the day another replaced it (ended_on). A customer's first
 * cause writes nothing here: a run over a hundred thousand new customers writes their states, not their history too.
 */
export const causeHistory = pgTable(
  "cause_history",
  {
    id: id(),
    customerId: ref("customer_id").notNull(),
    cause: text("cause", { enum: CAUSES }).notNull(),
    confidence: real("confidence").notNull(),
    source: text("source", { enum: CAUSE_SOURCES }).notNull(),
    evidence: jsonb("evidence").notNull(),
    note: text("note"),
    recheckOn: date("recheck_on", { mode: "string" }),
    setBy: text("set_by").notNull(),
    asOf: date("as_of", { mode: "string" }).notNull(),
    endedOn: date("ended_on", { mode: "string" }).notNull(),
    /** When the cause was given (not when it was replaced). */
    createdAt: at("created_at").notNull().default(sql`now()`),
  },
  (t) => [index("cause_history_customer_idx").on(t.customerId, t.id)],
);

/** The daily runs: one per as-of date; a run that did not finish is completed by the next one for that date. */
export const collectionRuns = pgTable("collection_runs", {
  id: id(),
  asOf: date("as_of", { mode: "string" }).notNull().unique(),
  status: text("status", { enum: RUN_STATUSES }).notNull(),
  trigger: text("trigger").notNull(),
  startedAt: at("started_at").notNull(),
  finishedAt: at("finished_at"),
  stats: jsonb("stats"),
  error: text("error"),
});

/**
 * A run is split into shards by customer (ranges of customer ids of about equal size). Each shard commits its customers' work
 * together with its row here, so a shard is done exactly once however often it is attempted, and several
 * connections or worker processes can take shards of the same run.
 */
export const collectionRunShards = pgTable(
  "collection_run_shards",
  {
    asOf: date("as_of", { mode: "string" }).notNull(),
    shard: integer("shard").notNull(),
    shardCount: integer("shard_count").notNull(),
    /** The shard's customers: ids from `fromCustomer` (inclusive) to `toCustomer` (exclusive); null is open. */
    fromCustomer: ref("from_customer"),
    toCustomer: ref("to_customer"),
    status: text("status", { enum: SHARD_STATUSES }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    worker: text("worker"),
    startedAt: at("started_at"),
    finishedAt: at("finished_at"),
    stats: jsonb("stats"),
    error: text("error"),
  },
  (t) => [primaryKey({ columns: [t.asOf, t.shard] })],
);

/** What a collector (or manager, for approvals) should do: written by the daily run, worked in the worklist. */
export const tasks = pgTable(
  "tasks",
  {
    id: id(),
    runDate: date("run_date", { mode: "string" }).notNull(),
    customerId: ref("customer_id").notNull(),
    collectorId: ref("collector_id"),
    kind: text("kind", { enum: TASK_KINDS }).notNull(),
    action: text("action", { enum: ACTIONS }).notNull(),
    channel: text("channel", { enum: CHANNELS }),
    contactId: ref("contact_id"),
    windowStart: at("window_start"),
    windowEnd: at("window_end"),
    windowReason: text("window_reason"),
    priority: real("priority").notNull(),
    reasons: jsonb("reasons").notNull(),
    cause: text("cause", { enum: CAUSES }),
    grade: text("grade", { enum: RISK_GRADES }).notNull(),
    amountOverdue: minor("amount_overdue").notNull(),
    daysPastDue: integer("days_past_due").notNull().default(0),
    currency: char("currency", { length: 3 }).notNull(),
    scriptId: text("script_id"),
    playbookId: text("playbook_id").notNull(),
    variant: text("variant", { enum: VARIANTS }).notNull(),
    stepIndex: integer("step_index").notNull(),
    tone: text("tone"),
    needsApproval: boolean("needs_approval").notNull().default(false),
    status: text("status", { enum: TASK_STATUSES }).notNull().default("open"),
    snoozedUntil: at("snoozed_until"),
    doneAt: at("done_at"),
    /** Who closed it (done, approved, rejected) and what they said. */
    closedBy: text("closed_by"),
    closeNote: text("close_note"),
    createdAt: at("created_at").notNull().default(sql`now()`),
  },
  (t) => [
    // A second run for the same date creates nothing new. Led by the customer, it is also the index of a customer's
    // tasks (a run writes a hundred thousand tasks at once: each index costs an entry per task).
    uniqueIndex("tasks_customer_run_step_uq").on(t.customerId, t.runDate, t.playbookId, t.stepIndex),
    // The worklist reads these in order and stops at its page: no sort, no join beyond the page. Open tasks only (the
    // worklist shows nothing else): the run writes a hundred thousand tasks at once, and a partial index with one
    // key fewer costs a third less to keep.
    index("tasks_worklist_idx").on(t.collectorId, t.priority.desc(), t.id).where(sql`status = 'open'`),
    // Open tasks only, priority first: led by status (the same in every row), PostgreSQL took the index for
    // perfectly ordered on disk and preferred it to tasks_worklist_idx for a collector's page, reading five times the
    // rows it needed.
    index("tasks_open_priority_idx").on(t.priority.desc(), t.id).where(sql`status = 'open'`),
  ],
);

/** Every contact attempt the gate was asked about: reserved, made, released or refused, with its verdict. */
export const contactAttempts = pgTable(
  "contact_attempts",
  {
    id: id(),
    customerId: ref("customer_id")
      .notNull()
      .references(() => customers.id),
    contactId: ref("contact_id").references(() => contacts.id),
    channel: text("channel", { enum: CHANNELS }).notNull(),
    address: text("address"),
    direction: text("direction", { enum: DIRECTIONS }).notNull().default("outbound"),
    automated: boolean("automated").notNull().default(false),
    at: at("at").notNull(),
    status: text("status", { enum: ATTEMPT_STATUSES }).notNull(),
    verdict: text("verdict", { enum: VERDICTS }).notNull(),
    rule: text("rule").notNull(),
    reason: text("reason").notNull(),
    overrideReason: text("override_reason"),
    policyVersion: integer("policy_version").notNull(),
    actor: text("actor").notNull(),
    taskId: ref("task_id").references(() => tasks.id),
  },
  (t) => [
    index("contact_attempts_contact_idx").on(t.contactId, t.at),
    index("contact_attempts_customer_idx").on(t.customerId, t.at),
  ],
);

/** What happened in a contact: the record collectors keep and the engine learns from. */
export const interactions = pgTable(
  "interactions",
  {
    id: id(),
    customerId: ref("customer_id")
      .notNull()
      .references(() => customers.id),
    contactId: ref("contact_id").references(() => contacts.id),
    channel: text("channel", { enum: CHANNELS }).notNull(),
    direction: text("direction", { enum: DIRECTIONS }).notNull().default("outbound"),
    at: at("at").notNull(),
    durationSeconds: integer("duration_seconds"),
    outcome: text("outcome", { enum: OUTCOMES }).notNull(),
    excuse: text("excuse", { enum: EXCUSES }),
    note: text("note"),
    scriptId: text("script_id"),
    taskId: ref("task_id").references(() => tasks.id),
    attemptId: ref("attempt_id").references(() => contactAttempts.id),
    actor: text("actor").notNull(),
    createdAt: at("created_at").notNull().default(sql`now()`),
  },
  (t) => [
    index("interactions_customer_idx").on(t.customerId, t.at),
    index("interactions_contact_idx").on(t.contactId, t.at),
  ],
);

/** A promise to pay: settled by the daily run the day after its date, from the payments that came in. */
export const promises = pgTable(
  "promises",
  {
    id: id(),
    customerId: ref("customer_id")
      .notNull()
      .references(() => customers.id),
    contactId: ref("contact_id").references(() => contacts.id),
    interactionId: ref("interaction_id").references(() => interactions.id),
    amount: minor("amount").notNull(),
    currency: char("currency", { length: 3 }).notNull(),
    promisedOn: date("promised_on", { mode: "string" }).notNull(),
    /** Payments dated from this day on count toward the promise. */
    madeOn: date("made_on", { mode: "string" }).notNull(),
    status: text("status", { enum: PROMISE_STATUSES }).notNull().default("open"),
    paidAmount: minor("paid_amount"),
    settledOn: date("settled_on", { mode: "string" }),
    createdBy: text("created_by").notNull(),
    createdAt: at("created_at").notNull().default(sql`now()`),
  },
  (t) => [
    index("promises_customer_idx").on(t.customerId, t.status),
    index("promises_due_idx").on(t.status, t.promisedOn),
  ],
);
