// Model-based test of the collector workspace: random sequences of payments (with and without allocations), credit
// notes and write-offs, disputes (opened, investigated, resolved with a credit, rejected, reopened, escalated),
// promises and payment plans go through the use-case functions into a real database, valid and invalid ones mixed.
// Time passes too: the clock moves on some days and the daily run settles what fell due, promises (kept, partially
// kept, broken, from the payments dated from the day promised through the promised date) and payment plans
// (installments paid, due, overdue or missed, plans broken after the grace days or completed).
// A plain in-memory model says, before each command, whether it must be accepted or refused (and with which AppError
// code); after every step the open balance per invoice (the aging SQL) and the row and audit counts must equal the
// model's, a refused command must leave the tables exactly as they were, and the audit chain must still verify;
// every promise's and plan's recorded status (and amounts) must be what the model predicts.
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, openTestDatabase, uniquePrefix } from "../../test/test-database.ts";
import { openItemsSql } from "../aging/aging.sql.ts";
import { forEachAgingCustomer } from "../aging/get-aging.ts";
import { verifyAudit } from "../audit/verify-audit.ts";
import { requireRole, visibleCustomerOrThrow } from "../auth/access.ts";
import { addUser } from "../auth/manage-users.ts";
import type { AuthUser } from "../auth/sessions.ts";
import { addDays, daysBetween } from "../calendar/calendar-date.ts";
import { runDaily } from "../collection/run-daily.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { type AppErrorCode, isAppError } from "../errors/app-error.ts";
import { recordAdjustment } from "../ledger/record-adjustment.ts";
import { recordPayment } from "../ledger/record-payment.ts";
import { reversePayment } from "../ledger/reverse-payment.ts";
import { formatDecimal } from "../money/money.ts";
import { getSetting } from "../settings/settings.ts";
import { createPlan } from "./create-plan.ts";
import type { PlanFollowUpSettings } from "./plan-status.rules.ts";
import { recordDispute } from "./record-dispute.ts";
import { recordPromise } from "./record-promise.ts";
import { listPlanViews } from "./settle-plans.ts";
import { updateDispute } from "./update-dispute.ts";

// The first sequence starts on Wednesday 2025-03-12, 10:00 in Shanghai (the company's time zone): today is 2025-03-12.
// Time then moves on by whole days (Advance), so the date in Shanghai moves with it.
const NOW = new Date("2025-03-12T02:00:00Z");
const TODAY = "2025-03-12";
const DAY_MS = 86_400_000;
const CURRENCY = "CNY";
/** Customers 0 and 1 are Ann's; customer 2 is Bob's, which Ann may not see (someone else's customer). */
const FOREIGN = 2;
const INVOICES: { customer: number; amount: bigint; issue: string; due: string }[] = [
  { customer: 0, amount: 100_000n, issue: "2025-01-05", due: "2025-02-04" },
  { customer: 0, amount: 50_050n, issue: "2025-01-10", due: "2025-01-31" },
  { customer: 0, amount: 20_000n, issue: "2025-02-01", due: "2025-03-01" },
  { customer: 1, amount: 75_000n, issue: "2025-01-02", due: "2025-02-01" },
  { customer: 1, amount: 30_001n, issue: "2025-02-10", due: "2025-03-10" },
  { customer: 2, amount: 40_000n, issue: "2025-01-15", due: "2025-02-15" },
];
const TABLES = [
  "customers",
  "invoices",
  "payments",
  "allocations",
  "adjustments",
  "disputes",
  "promises",
  "payment_plans",
  "plan_installments",
  "plan_invoices",
  "outbox_messages",
  "audit_log",
] as const;
const ACTIVE = ["open", "investigating"];

type DisputeStatus = "open" | "investigating" | "resolved" | "rejected";
type Inv = { id: number; customer: number; number: string; amount: bigint; issue: string; due: string };
type Model = {
  /** Today in the company's time zone; the day of the last daily run (a run happens once per day). */
  today: string;
  lastRun: string | null;
  invoices: Inv[];
  payments: {
    customer: number;
    reference: string;
    date: string;
    amount: bigint;
    currency: string;
    allocs: Map<number, bigint>;
    /** Reversed from this day on (a bounced cheque): it counts as of earlier days only. */
    reversedOn: string | null;
  }[];
  references: Set<string>;
  adjustments: { customer: number; invoice: number | null; date: string; amount: bigint; currency: string }[];
  disputes: {
    id: number;
    customer: number;
    invoice: number;
    amount: bigint;
    status: DisputeStatus;
    version: number;
    escalated: boolean;
  }[];
  promises: ModelPromise[];
  plans: ModelPlan[];
  planInvoices: number;
  audits: number;
};
type PromiseStatus = "open" | "kept" | "partially_kept" | "broken";
type ModelPromise = {
  id: number;
  customer: number;
  amount: bigint;
  currency: string;
  promisedOn: string;
  madeOn: string;
  status: PromiseStatus;
  paid: bigint | null;
  settledOn: string | null;
};
type PlanStatus = "active" | "broken" | "completed";
type ModelPlan = {
  id: number;
  customer: number;
  total: bigint;
  createdOn: string;
  /** seq 0 is the down payment (due the day the plan is made), when there is one. */
  schedule: { seq: number; dueOn: string; amount: bigint }[];
  /** As the daily run last recorded them: the plan's status and each installment's (seq 1 on). */
  status: PlanStatus;
  recorded: Map<number, string>;
};
type Users = { ann: AuthUser; fin: AuthUser; boss: AuthUser };
type Real = {
  database: Database;
  users: Users;
  customerIds: number[];
  codes: string[];
  clock: { now: Date };
  plans: PlanFollowUpSettings;
};
type Expect = { refused: AppErrorCode } | { audits: number };

const fmt = (v: bigint) => formatDecimal(v, 2);
const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);
const max0 = (v: bigint) => (v > 0n ? v : 0n);
const deps = (r: Real) => ({ database: r.database, now: () => r.clock.now });
/** Whether a payment counts as of a date: not reversed on or before it. */
const stands = (p: Model["payments"][number], asOf: string) => p.reversedOn === null || p.reversedOn > asOf;

/** The model of openItemsSql: what each of a customer's invoices has open as of a date (oldest due first). */
function openAsOf(m: Model, customer: number, asOf: string): Map<number, bigint> {
  const invoices = m.invoices
    .filter((i) => i.customer === customer && i.issue <= asOf)
    .map((i) => {
      const allocated = sum(
        m.payments.filter((p) => p.date <= asOf && stands(p, asOf)).map((p) => p.allocs.get(i.id) ?? 0n),
      );
      const adjusted = sum(m.adjustments.filter((a) => a.invoice === i.id && a.date <= asOf).map((a) => a.amount));
      return { ...i, remaining: i.amount - allocated - adjusted };
    })
    .sort((a, b) =>
      a.due !== b.due ? (a.due < b.due ? -1 : 1) : a.issue !== b.issue ? (a.issue < b.issue ? -1 : 1) : a.id - b.id,
    );
  const ids = new Set(invoices.map((i) => i.id));
  let credit =
    sum(
      m.payments
        .filter((p) => p.customer === customer && p.currency === CURRENCY && p.date <= asOf && stands(p, asOf))
        .map((p) => p.amount - sum([...p.allocs].filter(([id]) => ids.has(id)).map(([, a]) => a))),
    ) +
    sum(
      m.adjustments
        .filter((a) => a.customer === customer && a.invoice === null && a.currency === CURRENCY && a.date <= asOf)
        .map((a) => a.amount),
    ) +
    sum(invoices.map((i) => max0(-i.remaining)));
  const out = new Map<number, bigint>();
  for (const i of invoices) {
    const rem = max0(i.remaining);
    const used = rem < credit ? rem : credit;
    credit -= used;
    out.set(i.id, rem - used);
  }
  return out;
}

const heldOn = (m: Model, invoice: number) =>
  sum(m.disputes.filter((d) => d.invoice === invoice && ACTIVE.includes(d.status)).map((d) => d.amount));
const adjustedOn = (m: Model, invoice: number) =>
  sum(m.adjustments.filter((a) => a.invoice === invoice).map((a) => a.amount));

/** "2500.50" or "75" in minor units (CNY and USD have two digits). */
function toMinor(amount: string): bigint {
  const [whole, frac = ""] = amount.split(".");
  return BigInt(whole as string) * 100n + BigInt(frac.padEnd(2, "0") || "0");
}

type PlanFollowUp = { status: PlanStatus; paid: bigint; open: bigint; installments: Map<number, string> };

/**
 * The model of a customer's plans followed up as of a date (the domain guide's rules, written out again here):
 * the customer's payments in the plan's currency dated from the plan's creation on count toward it, oldest plan
 * first, each up to its total; they pay the down payment, then the installments in order. An installment still
 * not fully paid more than the grace days after its date breaks the plan the day after, and a broken plan gives
 * back what came from that day on; a plan whose total is paid is completed. Broken and completed are final.
 */
function followPlans(m: Model, r: Real, customer: number, asOf: string): Map<number, PlanFollowUp> {
  const grace = r.plans.graceDays;
  const pool = m.payments
    .map((p, n) => ({ ...p, n }))
    .filter((p) => p.customer === customer && p.currency === CURRENCY && p.date <= asOf && stands(p, asOf))
    .sort((a, b) => (a.date !== b.date ? (a.date < b.date ? -1 : 1) : a.n - b.n))
    .map((p) => ({ on: p.date, left: p.amount }));
  const out = new Map<number, PlanFollowUp>();
  const plans = m.plans
    .filter((pl) => pl.customer === customer && pl.createdOn <= asOf)
    .sort((a, b) => (a.createdOn !== b.createdOn ? (a.createdOn < b.createdOn ? -1 : 1) : a.id - b.id));
  for (const plan of plans) {
    let need = plan.total;
    const taken: { from: (typeof pool)[number]; amount: bigint }[] = [];
    for (const p of pool) {
      if (need === 0n) break;
      if (p.on < plan.createdOn || p.left === 0n) continue;
      const amount = p.left < need ? p.left : need;
      p.left -= amount;
      need -= amount;
      taken.push({ from: p, amount });
    }
    let brokeOn: string | null = null;
    let required = 0n;
    for (const d of plan.schedule) {
      required += d.amount;
      const lastDay = addDays(d.dueOn, grace);
      if (addDays(lastDay, 1) > asOf) break;
      if (sum(taken.filter((t) => t.from.on <= lastDay).map((t) => t.amount)) < required) {
        brokeOn = addDays(lastDay, 1);
        break;
      }
    }
    const status: PlanStatus =
      plan.status !== "active"
        ? plan.status
        : brokeOn !== null
          ? "broken"
          : sum(taken.map((t) => t.amount)) >= plan.total
            ? "completed"
            : "active";
    if (status === "broken" && brokeOn !== null) {
      for (const t of taken) {
        if (t.from.on < brokeOn) continue;
        t.from.left += t.amount;
        t.amount = 0n;
      }
    }
    const paid = sum(taken.map((t) => t.amount));
    const installments = new Map<number, string>();
    let before = 0n;
    for (const d of plan.schedule) {
      const covered = paid <= before ? 0n : paid - before >= d.amount ? d.amount : paid - before;
      before += d.amount;
      const state =
        covered === d.amount
          ? "paid"
          : asOf <= d.dueOn
            ? covered > 0n
              ? "partially_paid"
              : "due"
            : asOf <= addDays(d.dueOn, grace)
              ? "overdue"
              : "missed";
      if (d.seq > 0) installments.set(d.seq, state);
    }
    out.set(plan.id, { status, paid, open: plan.total - paid, installments });
  }
  return out;
}

/**
 * What the daily run as of today records: each active plan's installments and status as followed up (one audit
 * row per plan that changed), and each open promise dated before today settled from the customer's payments in
 * its currency dated from the day it was made through the promised date.
 */
function settle(m: Model, r: Real) {
  for (const c of [0, 1, FOREIGN]) {
    const views = followPlans(m, r, c, m.today);
    for (const plan of m.plans.filter((p) => p.customer === c && p.status === "active")) {
      const v = views.get(plan.id) as PlanFollowUp;
      const changed = [...v.installments].filter(([seq, state]) => plan.recorded.get(seq) !== state);
      if (v.status !== plan.status || changed.length) m.audits += 1;
      for (const [seq, state] of changed) plan.recorded.set(seq, state);
      plan.status = v.status;
    }
  }
  for (const pr of m.promises.filter((x) => x.status === "open" && x.promisedOn < m.today)) {
    const paid = sum(
      m.payments
        .filter(
          (p) =>
            p.customer === pr.customer &&
            p.currency === pr.currency &&
            p.date >= pr.madeOn &&
            p.date <= pr.promisedOn &&
            stands(p, m.today),
        )
        .map((p) => p.amount),
    );
    pr.status = paid >= pr.amount ? "kept" : paid > 0n ? "partially_kept" : "broken";
    pr.paid = paid;
    pr.settledOn = m.today;
  }
  m.lastRun = m.today;
}

/** Every table's row count and checksum, in one statement (it runs twice per command). */
const SNAPSHOT = sql.join(
  TABLES.map(
    (t) =>
      sql`select ${t} as t, count(*)::int as n, md5(string_agg(x::text, '|' order by x::text)) as h from ${sql.identifier(t)} x`,
  ),
  sql` union all `,
);
async function snapshot(db: Database["db"]): Promise<Record<string, string>> {
  const rows = await queryRows<{ t: string; n: number; h: string | null }>(db, SNAPSHOT);
  return Object.fromEntries(rows.map((row) => [row.t, `${row.n}:${row.h ?? ""}`]));
}

async function auditCount(db: Database["db"]): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from audit_log`);
  return Number(row?.n);
}

/**
 * Runs one use case as the model expects: refused with that AppError code and nothing written, or accepted with
 * exactly that many audit rows. Returns the use case's answer when accepted.
 */
async function attempt<T>(r: Real, expected: Expect, run: () => Promise<T>): Promise<T | undefined> {
  const before = await snapshot(r.database.db);
  const audits = Number(before.audit_log?.split(":")[0]);
  let result: T | undefined;
  let error: unknown = null;
  try {
    result = await run();
  } catch (e) {
    error = e;
  }
  if ("refused" in expected) {
    if (!isAppError(error))
      throw new Error(`expected a refusal (${expected.refused}), got ${String(error ?? "success")}`);
    expect(error.code, error.message).toBe(expected.refused);
    expect(await snapshot(r.database.db)).toEqual(before);
    return undefined;
  }
  if (error) throw error;
  expect(await auditCount(r.database.db)).toBe(audits + expected.audits);
  return result;
}

/** The route guard of the workspace's POST endpoints, through the one authorization function. */
async function guard(r: Real, user: AuthUser, customer: number, what: string) {
  requireRole(user, ["admin", "manager", "collector"], what);
  await visibleCustomerOrThrow(r.database.db, user, r.customerIds[customer] as number);
}

/** Every invoice's open amount as of `asOf`, from the aging SQL, equals the model's. */
async function checkOpenAsOf(m: Model, r: Real, asOf: string) {
  const open = await queryRows<{ id: string; open_amount: string }>(
    r.database.db,
    sql`select id, open_amount from (${openItemsSql(asOf, { customerIds: r.customerIds })}) o order by id`,
  );
  const expected = new Map<number, bigint>();
  for (const c of [0, 1, FOREIGN]) for (const [id, v] of openAsOf(m, c, asOf)) expected.set(id, v);
  expect(Object.fromEntries(open.map((o) => [o.id, BigInt(o.open_amount)])), `open amounts as of ${asOf}`).toEqual(
    Object.fromEntries([...expected].map(([id, v]) => [String(id), v])),
  );
}

/** After every step: the aging SQL equals the model, the counts match, and the rules that must always hold do. */
async function checkInvariants(m: Model, r: Real) {
  const db = r.database.db;
  const ids = r.customerIds;
  const open = await queryRows<{ id: string; open_amount: string; disputed: boolean }>(
    db,
    sql`select id, open_amount, disputed from (${openItemsSql(m.today, { customerIds: ids })}) o order by id`,
  );
  const expectedOpen = new Map<number, bigint>();
  for (const c of [0, 1, FOREIGN]) for (const [id, v] of openAsOf(m, c, m.today)) expectedOpen.set(id, v);
  expect(Object.fromEntries(open.map((o) => [o.id, BigInt(o.open_amount)]))).toEqual(
    Object.fromEntries([...expectedOpen].map(([id, v]) => [String(id), v])),
  );
  // The invoice is flagged disputed exactly while an open or investigating dispute holds part of it.
  expect(Object.fromEntries(open.map((o) => [o.id, o.disputed]))).toEqual(
    Object.fromEntries(m.invoices.map((i) => [String(i.id), heldOn(m, i.id) > 0n])),
  );
  const totals: Record<string, bigint> = {};
  await forEachAgingCustomer(r.database, { asOf: m.today, scope: { customerIds: ids } }, (rows) => {
    for (const row of rows) totals[`${row.customerId}:${row.currency}`] = row.openAmount;
  });
  const expectedTotals: Record<string, bigint> = {};
  for (const c of [0, 1, FOREIGN]) {
    const total = sum([...openAsOf(m, c, m.today).values()]);
    if (total > 0n) expectedTotals[`${ids[c]}:${CURRENCY}`] = total;
  }
  expect(totals).toEqual(expectedTotals);

  const [counts] = await queryRows<Record<string, number>>(
    db,
    sql`select
      (select count(*)::int from payments where customer_id = any(${`{${ids.join(",")}}`}::bigint[])) as payments,
      (select count(*)::int from adjustments where customer_id = any(${`{${ids.join(",")}}`}::bigint[])) as adjustments,
      (select count(*)::int from disputes where customer_id = any(${`{${ids.join(",")}}`}::bigint[])) as disputes,
      (select count(*)::int from promises where customer_id = any(${`{${ids.join(",")}}`}::bigint[])) as promises,
      (select count(*)::int from payment_plans where customer_id = any(${`{${ids.join(",")}}`}::bigint[])) as plans,
      (select count(*)::int from plan_installments pi join payment_plans p on p.id = pi.plan_id
        where p.customer_id = any(${`{${ids.join(",")}}`}::bigint[])) as installments,
      (select count(*)::int from plan_invoices pi join payment_plans p on p.id = pi.plan_id
        where p.customer_id = any(${`{${ids.join(",")}}`}::bigint[])) as plan_invoices,
      (select count(*)::int from audit_log where customer_id = any(${`{${ids.join(",")}}`}::bigint[])) as audits`,
  );
  expect(counts).toEqual({
    payments: m.payments.length,
    adjustments: m.adjustments.length,
    disputes: m.disputes.length,
    promises: m.promises.length,
    plans: m.plans.length,
    installments: m.plans.reduce((n, p) => n + p.schedule.filter((i) => i.seq > 0).length, 0),
    plan_invoices: m.planInvoices,
    audits: m.audits,
  });
  // Promises and plans as the last daily run recorded them, and the plans' follow-up as of today.
  const promises = await queryRows<{
    id: string;
    status: string;
    paid_amount: string | null;
    settled_on: string | null;
  }>(
    db,
    sql`select id, status, paid_amount, settled_on from promises
        where customer_id = any(${`{${ids.join(",")}}`}::bigint[]) order by id`,
  );
  expect(promises.map((p) => [Number(p.id), p.status, p.paid_amount, p.settled_on])).toEqual(
    m.promises.map((p) => [p.id, p.status, p.paid === null ? null : String(p.paid), p.settledOn]),
  );
  const plans = await queryRows<{ id: string; status: string; installments: string }>(
    db,
    sql`select p.id, p.status, (select string_agg(i.seq || ':' || i.status, ' ' order by i.seq) from plan_installments i
          where i.plan_id = p.id) as installments
        from payment_plans p where p.customer_id = any(${`{${ids.join(",")}}`}::bigint[]) order by p.id`,
  );
  const recorded = (p: ModelPlan) => [...p.recorded].map(([seq, state]) => `${seq}:${state}`).join(" ");
  expect(plans.map((p) => [Number(p.id), p.status, p.installments])).toEqual(
    m.plans.map((p) => [p.id, p.status, recorded(p)]),
  );
  const views = m.plans.length ? await listPlanViews(db, { asOf: m.today, scope: { customerIds: ids } }) : [];
  const expectedViews = [0, 1, FOREIGN].flatMap((c) => [...followPlans(m, r, c, m.today)]);
  const viewOf = (v: { status: string; paid: bigint; open: bigint; installments: Iterable<[number, string]> }) => ({
    status: v.status,
    paid: v.paid,
    open: v.open,
    installments: Object.fromEntries(v.installments),
  });
  expect(
    Object.fromEntries(
      views.map((v) => [v.planId, viewOf({ ...v, installments: v.installments.map((i) => [i.seq, i.status]) })]),
    ),
  ).toEqual(Object.fromEntries(expectedViews.map(([id, v]) => [id, viewOf(v)])));
  const broken = await queryRows<{ what: string }>(
    db,
    sql`select 'plan ' || p.id as what from payment_plans p
          where p.down_payment + (select coalesce(sum(amount), 0) from plan_installments where plan_id = p.id) <> p.total
        union all
        select 'promise ' || id from promises where promised_on < made_on
        union all
        select 'invoice ' || i.id from invoices i
          where (select coalesce(sum(amount), 0) from disputes d where d.invoice_id = i.id
                 and d.status in ('open', 'investigating')) > i.amount
        union all
        select 'dispute ' || id from disputes where amount <= 0 or credited_amount > amount`,
  );
  expect(broken).toEqual([]);
}

/** Mostly one of the customer's own invoices, now and then anyone's (someone else's invoice). */
type Pick = { own: boolean; n: number };
function pickInvoice(m: Model, customer: number, pick: Pick, preferDisputed = false): Inv {
  const mine = m.invoices.filter((i) => i.customer === customer);
  const disputed = mine.filter((i) => heldOn(m, i.id) > 0n);
  // Plans aim at disputed invoices half the time, so the rule that a plan never covers one is really tried.
  const own = preferDisputed && disputed.length && pick.n % 2 === 0 ? disputed : mine;
  return (pick.own ? own[pick.n % own.length] : m.invoices[pick.n % m.invoices.length]) as Inv;
}

type Cmd = fc.AsyncCommand<Model, Real>;

class PaymentCommand implements Cmd {
  constructor(
    readonly p: {
      customer: number;
      amount: bigint;
      badAmount: string | null;
      daysAgo: number;
      currency: string;
      invoices: Pick[];
      reference: number;
      asFinance: boolean;
    },
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const { p } = this;
    const date = addDays(m.today, -p.daysAgo);
    const invoiceIds = p.invoices.map((pick) => pickInvoice(m, p.customer, pick).id);
    const reference = `R${p.reference}`;
    const user = p.asFinance ? r.users.fin : r.users.ann;
    const own = new Set(m.invoices.filter((i) => i.customer === p.customer).map((i) => i.id));
    const expected: Expect =
      p.customer === FOREIGN && !p.asFinance
        ? { refused: "not_found" }
        : p.asFinance
          ? { refused: "forbidden" }
          : date > m.today || !["CNY", "USD"].includes(p.currency) || p.badAmount !== null
            ? { refused: "invalid_input" }
            : invoiceIds.length && (invoiceIds.some((id) => !own.has(id)) || p.currency !== CURRENCY)
              ? { refused: "invalid_input" }
              : m.references.has(`${p.customer}:${reference}`)
                ? { refused: "conflict" }
                : { audits: 1 };
    // Allocated to the invoices named, oldest due first, up to what each has open on the payment date.
    const allocs = new Map<number, bigint>();
    if ("audits" in expected) {
      const open = openAsOf(m, p.customer, date);
      let left = p.amount;
      for (const i of m.invoices
        .filter((i) => invoiceIds.includes(i.id))
        .sort((a, b) => {
          if (a.due !== b.due) return a.due < b.due ? -1 : 1;
          if (a.issue !== b.issue) return a.issue < b.issue ? -1 : 1;
          return a.id - b.id;
        })) {
        const o = open.get(i.id) ?? 0n;
        if (left <= 0n || o <= 0n) continue;
        const take = left < o ? left : o;
        allocs.set(i.id, take);
        left -= take;
      }
    }
    const result = await attempt(r, expected, async () => {
      await visibleCustomerOrThrow(r.database.db, user, r.customerIds[p.customer] as number);
      return recordPayment(deps(r), user, r.customerIds[p.customer] as number, {
        amount: p.badAmount ?? fmt(p.amount),
        date,
        reference,
        currency: p.currency,
        invoiceIds,
      });
    });
    if (result) {
      expect(Object.fromEntries(result.allocations.map((a) => [a.invoiceId, a.amount]))).toEqual(
        Object.fromEntries([...allocs].map(([id, v]) => [id, fmt(v)])),
      );
      m.payments.push({
        customer: p.customer,
        reference,
        date,
        amount: p.amount,
        currency: p.currency,
        allocs,
        reversedOn: null,
      });
      m.references.add(`${p.customer}:${reference}`);
      m.audits += 1;
    }
    await checkInvariants(m, r);
  }
  toString = () => `payment(${JSON.stringify({ ...this.p, amount: String(this.p.amount) })})`;
}

/**
 * A payment reversed (it bounced): by the admin, or refused for the collector; with a reason or without; dated today
 * or some days back, which may fall before the payment; a second time.
 */
class ReverseCommand implements Cmd {
  constructor(readonly p: { n: number; daysAgo: number; noReason: boolean; asCollector: boolean }) {}
  check = (m: Readonly<Model>) => m.payments.length > 0;
  async run(m: Model, r: Real) {
    const { p } = this;
    const payment = m.payments[p.n % m.payments.length] as Model["payments"][number];
    const on = addDays(m.today, -p.daysAgo);
    const expected: Expect = p.asCollector
      ? { refused: "forbidden" }
      : p.noReason
        ? { refused: "invalid_input" }
        : payment.reversedOn !== null
          ? { refused: "conflict" }
          : on < payment.date
            ? { refused: "invalid_input" }
            : { audits: 1 + this.resettle(m, payment).length };
    const [row] = await queryRows<{ id: string }>(
      r.database.db,
      sql`select id from payments where customer_id = ${r.customerIds[payment.customer] as number}
        and reference = ${payment.reference}`,
    );
    const result = await attempt(r, expected, () =>
      reversePayment(deps(r), p.asCollector ? r.users.ann : r.users.boss, Number(row?.id), {
        reason: p.noReason ? "  " : "cheque returned unpaid",
        on,
      }),
    );
    if (result) {
      expect(result.released.map((x) => [x.invoiceId, x.amount])).toEqual(
        [...payment.allocs].filter(([, v]) => v > 0n).map(([id, v]) => [id, fmt(v)]),
      );
      const again = this.resettle(m, payment);
      expect(result.resettled.map((x) => [x.id, x.status, x.paid])).toEqual(
        again.map(([pr, paid, status]) => [pr.id, status, fmt(paid)]),
      );
      for (const [pr, paid, status] of again) {
        pr.paid = paid;
        pr.status = status;
      }
      payment.reversedOn = on;
      m.audits += 1 + again.length;
      // The day before the reversal still has the payment; the day itself does not.
      await checkOpenAsOf(m, r, addDays(on, -1));
      await checkOpenAsOf(m, r, on);
    }
    await checkInvariants(m, r);
  }
  /**
   * The settled promises the payment was in the window of, settled again from the payments that stand once it is
   * reversed: those whose paid amount changes, with the new amount and status.
   */
  resettle(m: Model, payment: Model["payments"][number]): [ModelPromise, bigint, PromiseStatus][] {
    const out: [ModelPromise, bigint, PromiseStatus][] = [];
    for (const pr of m.promises) {
      if (pr.status === "open" || pr.customer !== payment.customer || pr.currency !== payment.currency) continue;
      if (payment.date < pr.madeOn || payment.date > pr.promisedOn) continue;
      const paid = sum(
        m.payments
          .filter(
            (x) =>
              x !== payment &&
              x.reversedOn === null &&
              x.customer === pr.customer &&
              x.currency === pr.currency &&
              x.date >= pr.madeOn &&
              x.date <= pr.promisedOn,
          )
          .map((x) => x.amount),
      );
      if (paid === pr.paid) continue;
      out.push([pr, paid, paid >= pr.amount ? "kept" : paid > 0n ? "partially_kept" : "broken"]);
    }
    return out.sort((a, b) => a[0].id - b[0].id);
  }
  toString = () => `reverse(${JSON.stringify(this.p)})`;
}

class AdjustmentCommand implements Cmd {
  constructor(
    readonly p: {
      customer: number;
      invoice: number | null;
      kind: "credit_note" | "write_off";
      amount: bigint;
      beforeIssue: boolean;
      currency: string | undefined;
    },
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const { p } = this;
    const inv = p.invoice === null ? null : (m.invoices.filter((i) => i.customer === p.customer)[p.invoice] ?? null);
    const date = p.beforeIssue ? "2024-12-01" : m.today;
    const currency = p.currency ?? CURRENCY;
    // Not against an invoice: a write-off takes at most what is owed in that currency, a credit note at most what
    // was billed and not yet credited (the model's invoices are all in CURRENCY).
    const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);
    const invoiced = sum(
      m.invoices.filter((i) => i.customer === p.customer && currency === CURRENCY).map((i) => i.amount),
    );
    const adjusted = sum(
      m.adjustments.filter((a) => a.customer === p.customer && a.currency === currency).map((a) => a.amount),
    );
    const paid = sum(
      m.payments
        .filter((x) => x.customer === p.customer && x.currency === currency)
        .filter((x) => x.reversedOn === null || x.reversedOn > m.today)
        .map((x) => x.amount),
    );
    const looseRoom = p.kind === "write_off" ? invoiced - paid - adjusted : invoiced - adjusted;
    const expected: Expect =
      currency !== CURRENCY && inv
        ? { refused: "invalid_input" }
        : inv && p.amount > inv.amount - adjustedOn(m, inv.id)
          ? { refused: "invalid_input" }
          : inv && p.beforeIssue
            ? { refused: "invalid_input" }
            : !inv && p.amount > looseRoom
              ? { refused: "invalid_input" }
              : { audits: 1 };
    const result = await attempt(r, expected, () =>
      recordAdjustment(
        deps(r),
        {
          customerCode: r.codes[p.customer] as string,
          invoiceNumber: inv?.number,
          kind: p.kind,
          amount: fmt(p.amount),
          currency: p.currency,
          date,
          reason: "agreed with the customer",
        },
        "finance-desk",
      ),
    );
    if (result) {
      m.adjustments.push({ customer: p.customer, invoice: inv?.id ?? null, date, amount: p.amount, currency });
      m.audits += 1;
    }
    await checkInvariants(m, r);
  }
  toString = () => `adjustment(${JSON.stringify({ ...this.p, amount: String(this.p.amount) })})`;
}

class PromiseCommand implements Cmd {
  constructor(readonly p: { customer: number; amount: string; inDays: number; currency: string | undefined }) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const { p } = this;
    const date = addDays(m.today, p.inDays);
    const expected: Expect =
      p.customer === FOREIGN
        ? { refused: "not_found" }
        : date < m.today ||
            (p.currency !== undefined && !["CNY", "USD"].includes(p.currency)) ||
            !/^\d+(\.\d{1,2})?$/.test(p.amount) ||
            Number(p.amount) <= 0
          ? { refused: "invalid_input" }
          : { audits: 1 };
    const result = await attempt(r, expected, async () => {
      await guard(r, r.users.ann, p.customer, "recording promises");
      return recordPromise(deps(r), r.users.ann, r.customerIds[p.customer] as number, {
        amount: p.amount,
        date,
        currency: p.currency,
      });
    });
    if (result) {
      expect(result).toMatchObject({ status: "open", date });
      m.promises.push({
        id: result.id,
        customer: p.customer,
        amount: toMinor(p.amount),
        currency: p.currency ?? CURRENCY,
        promisedOn: date,
        madeOn: m.today,
        status: "open",
        paid: null,
        settledOn: null,
      });
      m.audits += 1;
    }
    await checkInvariants(m, r);
  }
  toString = () => `promise(${JSON.stringify(this.p)})`;
}

class PlanCommand implements Cmd {
  constructor(
    readonly p: {
      customer: number;
      total: bigint;
      down: bigint;
      count: number;
      split: boolean;
      firstInDays: number;
      offBy: bigint;
      invoices: Pick[];
    },
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const { p } = this;
    const invoiceIds = p.invoices.map((pick) => pickInvoice(m, p.customer, pick, true).id);
    const first = addDays(m.today, p.firstInDays);
    const rest = p.total - p.down;
    const amounts = Array.from({ length: p.count }, (_, n) =>
      n === 0 ? rest - (rest / BigInt(p.count)) * BigInt(p.count - 1) + p.offBy : rest / BigInt(p.count),
    );
    const own = new Map(m.invoices.filter((i) => i.customer === p.customer).map((i) => [i.id, i]));
    const expected: Expect =
      p.customer === FOREIGN
        ? { refused: "not_found" }
        : p.down >= p.total ||
            first < m.today ||
            (!p.split && (p.offBy !== 0n || amounts.some((a) => a <= 0n))) ||
            (p.split && rest < BigInt(p.count)) ||
            invoiceIds.some((id) => !own.has(id) || heldOn(m, id) > 0n)
          ? { refused: "invalid_input" }
          : { audits: 1 };
    const result = await attempt(r, expected, async () => {
      await guard(r, r.users.ann, p.customer, "agreeing payment plans");
      return createPlan(deps(r), r.users.ann, r.customerIds[p.customer] as number, {
        total: fmt(p.total),
        downPayment: p.down ? fmt(p.down) : undefined,
        ...(p.split
          ? { split: { count: p.count, firstDate: first, intervalDays: 30 } }
          : { installments: amounts.map((a, n) => ({ date: addDays(first, 30 * n), amount: fmt(a) })) }),
        invoiceIds,
      });
    });
    if (result) {
      expect(sum(result.installments.map((i) => toMinor(i.amount)))).toBe(rest);
      if (!p.split) expect(result.installments.map((i) => toMinor(i.amount))).toEqual(amounts);
      m.plans.push({
        id: result.id,
        customer: p.customer,
        total: p.total,
        createdOn: m.today,
        schedule: [
          ...(p.down > 0n ? [{ seq: 0, dueOn: m.today, amount: p.down }] : []),
          ...result.installments.map((i) => ({ seq: i.seq, dueOn: i.date, amount: toMinor(i.amount) })),
        ],
        status: "active",
        recorded: new Map(result.installments.map((i) => [i.seq, "pending"])),
      });
      m.planInvoices += new Set(invoiceIds).size;
      m.audits += 1;
    }
    await checkInvariants(m, r);
  }
  toString = () =>
    `plan(${JSON.stringify({ ...this.p, total: String(this.p.total), down: String(this.p.down), offBy: String(this.p.offBy) })})`;
}

class DisputeCommand implements Cmd {
  constructor(readonly p: { customer: number; invoice: Pick; amount: bigint }) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const { p } = this;
    const inv = pickInvoice(m, p.customer, p.invoice);
    const room = max0((openAsOf(m, inv.customer, m.today).get(inv.id) ?? 0n) - heldOn(m, inv.id));
    const expected: Expect =
      p.customer === FOREIGN
        ? { refused: "not_found" }
        : inv.customer !== p.customer || p.amount <= 0n || p.amount > room
          ? { refused: "invalid_input" }
          : { audits: 1 };
    const result = await attempt(r, expected, async () => {
      await guard(r, r.users.ann, p.customer, "recording disputes");
      return recordDispute(deps(r), r.users.ann, r.customerIds[p.customer] as number, {
        invoiceId: inv.id,
        category: "quality",
        amount: fmt(p.amount),
        description: "goods arrived damaged",
      });
    });
    if (result) {
      m.disputes.push({
        id: result.id,
        customer: p.customer,
        invoice: inv.id,
        amount: p.amount,
        status: "open",
        version: result.version,
        escalated: false,
      });
      m.audits += 1;
    }
    await checkInvariants(m, r);
  }
  toString = () => `dispute(${JSON.stringify({ ...this.p, amount: String(this.p.amount) })})`;
}

type Move = "investigate" | "credit_note" | "partial_credit" | "reject" | "reopen" | "escalate" | "stale";
class UpdateDisputeCommand implements Cmd {
  constructor(readonly p: { dispute: number; move: Move; partial: bigint }) {}
  check = (m: Readonly<Model>) => m.disputes.length > 0;
  async run(m: Model, r: Real) {
    const { p } = this;
    const d = m.disputes[p.dispute % m.disputes.length] as Model["disputes"][number];
    const inv = m.invoices.find((i) => i.id === d.invoice) as Inv;
    const allowed: Record<DisputeStatus, DisputeStatus[]> = {
      open: ["investigating", "resolved", "rejected"],
      investigating: ["open", "resolved", "rejected"],
      resolved: [],
      rejected: ["open"],
    };
    const to: DisputeStatus = {
      investigate: "investigating",
      credit_note: "resolved",
      partial_credit: "resolved",
      reject: "rejected",
      reopen: "open",
      escalate: d.status,
      stale: d.status,
    }[p.move] as DisputeStatus;
    const credit = p.move === "credit_note" ? d.amount : p.move === "partial_credit" ? p.partial : 0n;
    const expected: Expect =
      p.move === "stale"
        ? { refused: "conflict" }
        : to !== d.status && !allowed[d.status].includes(to)
          ? { refused: "invalid_input" }
          : credit > 0n && d.status === "resolved"
            ? { refused: "invalid_input" }
            : p.move === "escalate" && !ACTIVE.includes(d.status)
              ? { refused: "invalid_input" }
              : p.move === "partial_credit" && (credit <= 0n || credit >= d.amount)
                ? { refused: "invalid_input" }
                : credit > inv.amount - adjustedOn(m, inv.id)
                  ? { refused: "invalid_input" }
                  : { audits: credit > 0n ? 2 : 1 };
    const result = await attempt(r, expected, () =>
      updateDispute(deps(r), r.users.ann, d.id, {
        version: p.move === "stale" ? d.version - 1 : d.version,
        ...(p.move === "escalate" ? { escalate: true } : p.move === "stale" ? { escalate: true } : { status: to }),
        ...(p.move === "credit_note" ? { resolution: "credit_note" as const } : {}),
        ...(p.move === "partial_credit" ? { resolution: "partial_credit" as const, creditAmount: fmt(p.partial) } : {}),
        ...(p.move === "reject" ? { resolutionNote: "the delivery note is signed without remarks" } : {}),
      }),
    );
    if (result) {
      expect(result.version).toBe(d.version + 1);
      d.version += 1;
      d.status = to;
      if (p.move === "escalate") d.escalated = true;
      if (credit > 0n)
        m.adjustments.push({
          customer: d.customer,
          invoice: d.invoice,
          date: m.today,
          amount: credit,
          currency: CURRENCY,
        });
      m.audits += credit > 0n ? 2 : 1;
    }
    await checkInvariants(m, r);
  }
  toString = () => `updateDispute(${JSON.stringify({ ...this.p, partial: String(this.p.partial) })})`;
}

/** The clock moves on some days, and the daily run happens on the last of them or not (runs can miss days). */
class AdvanceCommand implements Cmd {
  constructor(readonly p: { days: number; run: boolean }) {}
  check = () => true;
  async run(m: Model, r: Real) {
    m.today = addDays(m.today, this.p.days);
    r.clock.now = new Date(r.clock.now.getTime() + this.p.days * DAY_MS);
    if (this.p.run) await new DailyRunCommand().run(m, r);
    else await checkInvariants(m, r);
  }
  toString = () => `advance(${JSON.stringify(this.p)})`;
}

/**
 * The clock moves on to an edge (the nth of those still ahead): a promised date or the day after it, an
 * installment's date, its last day of grace or the day it breaks a plan; and the daily run happens then or not.
 */
class AdvanceToEdgeCommand implements Cmd {
  constructor(readonly p: { n: number; run: boolean }) {}
  check = (m: Readonly<Model>) => edges(m).length > 0;
  async run(m: Model, r: Real) {
    const ahead = edges(m, r.plans.graceDays);
    const to = ahead[this.p.n % ahead.length] ?? addDays(m.today, 1);
    await new AdvanceCommand({ days: daysBetween(m.today, to), run: this.p.run }).run(m, r);
  }
  toString = () => `advanceToEdge(${JSON.stringify(this.p)})`;
}
function edges(m: Readonly<Model>, grace = 5): string[] {
  const days = [
    ...m.promises.filter((x) => x.status === "open").flatMap((x) => [x.promisedOn, addDays(x.promisedOn, 1)]),
    ...m.plans
      .filter((x) => x.status === "active")
      .flatMap((x) => x.schedule.flatMap((d) => [d.dueOn, addDays(d.dueOn, grace), addDays(d.dueOn, grace + 1)])),
  ];
  return [...new Set(days)].filter((d) => d > m.today).sort();
}

type When = "today" | "before" | "first" | "last" | "after";
/**
 * A payment toward an open promise or an active plan (the nth): all that is promised or still open, half of it, or
 * the next installment's rest; in the promise's currency. Dated today or on an edge of the days that count (never
 * after today): the day before the promise was made or the plan created, that day, the promised date or the next
 * installment's last day of grace, or the day after. Goes through PaymentCommand's checks.
 */
class PayTowardCommand implements Cmd {
  constructor(
    readonly p: { toPlan: boolean; n: number; part: "all" | "half" | "next"; when: When; reference: number },
  ) {}
  check = (m: Readonly<Model>) =>
    this.p.toPlan ? m.plans.some((x) => x.status === "active") : m.promises.some((x) => x.status === "open");
  async run(m: Model, r: Real) {
    const { p } = this;
    let customer: number;
    let currency = CURRENCY;
    let all: bigint;
    let next: bigint;
    let first: string;
    let last: string;
    if (p.toPlan) {
      const active = m.plans.filter((x) => x.status === "active");
      const plan = active[p.n % active.length] as ModelPlan;
      const view = followPlans(m, r, plan.customer, m.today).get(plan.id) as PlanFollowUp;
      customer = plan.customer;
      all = view.open;
      let required = 0n;
      next = all;
      first = plan.createdOn;
      last = plan.createdOn;
      for (const d of plan.schedule) {
        required += d.amount;
        if (required > view.paid) {
          next = required - view.paid;
          last = addDays(d.dueOn, r.plans.graceDays);
          break;
        }
      }
    } else {
      const open = m.promises.filter((x) => x.status === "open");
      const promise = open[p.n % open.length] as ModelPromise;
      customer = promise.customer;
      currency = promise.currency;
      all = promise.amount;
      next = promise.amount;
      first = promise.madeOn;
      last = promise.promisedOn;
    }
    const amount = p.part === "all" ? all : p.part === "half" ? all / 2n : next;
    const wanted = { today: m.today, before: addDays(first, -1), first, last, after: addDays(last, 1) }[p.when];
    const date = wanted < m.today ? wanted : m.today;
    await new PaymentCommand({
      customer,
      amount: amount > 0n ? amount : 1n,
      badAmount: null,
      daysAgo: daysBetween(date, m.today),
      currency,
      invoices: [],
      reference: p.reference,
      asFinance: false,
    }).run(m, r);
  }
  toString = () => `payToward(${JSON.stringify(this.p)})`;
}

/** The daily run as of today: settles the promises that fell due and follows the plans up (once a day). */
class DailyRunCommand implements Cmd {
  check = () => true;
  async run(m: Model, r: Real) {
    const again = m.lastRun === m.today;
    // One shard, as on PGlite: splitting the run is the workers' tests' business, and it costs time here.
    const result = await runDaily(deps(r), { trigger: "cli", actor: "model-test", shards: 1 });
    expect(result).toMatchObject({ asOf: m.today, status: again ? "already_done" : "done" });
    if (!again) settle(m, r);
    await checkInvariants(m, r);
  }
  toString = () => "dailyRun()";
}

const customerArb = fc.constantFrom(0, 0, 0, 1, 1, FOREIGN);
/** The good value most of the time, now and then one of the bad ones. */
const mostly = <T>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<T>, weight = 5) =>
  fc.oneof({ weight, arbitrary: good }, { weight: 1, arbitrary: bad });
const pickArb = fc.record({ own: mostly(fc.constant(true), fc.constant(false)), n: fc.nat(5) });
const minor = (max: number) => fc.bigInt({ min: 1n, max: BigInt(max) });
const disputeArb = fc
  .record({ customer: customerArb, invoice: pickArb, amount: mostly(minor(40_000), minor(200_000), 3) })
  .map((p) => new DisputeCommand(p));
const updateDisputeArb = fc
  .record({
    dispute: fc.nat(20),
    move: fc.constantFrom<Move>(
      "investigate",
      "credit_note",
      "credit_note",
      "partial_credit",
      "reject",
      "reopen",
      "escalate",
      "stale",
    ),
    partial: minor(30_000),
  })
  .map((p) => new UpdateDisputeCommand(p));
/** A payment that goes through (mostly): what keeps promises and pays plans' installments, dated lately. */
const goodPaymentArb = fc
  .record({
    customer: fc.constantFrom(0, 0, 1),
    amount: fc.oneof(minor(120_000), fc.constantFrom(10_000n, 7_500n, 250_050n)),
    badAmount: fc.constant(null),
    daysAgo: fc.integer({ min: 0, max: 4 }),
    currency: fc.constantFrom("CNY", "CNY", "CNY", "USD"),
    invoices: fc.constant<Pick[]>([]),
    reference: fc.integer({ min: 100, max: 100_000 }),
    asFinance: fc.constant(false),
  })
  .map((p) => new PaymentCommand(p));
/** A promise and a plan that go through, soon due: what the daily runs then settle. */
const goodPromiseArb = fc
  .record({
    customer: fc.constantFrom(0, 1),
    amount: fc.constantFrom("100.00", "2500.50", "75", "1200"),
    inDays: fc.constantFrom(0, 0, 1, 2, 3, 7, 10),
    currency: fc.constantFrom(undefined, "CNY", "CNY", "USD"),
  })
  .map((p) => new PromiseCommand(p));
const goodPlanArb = fc
  .record({
    customer: fc.constantFrom(0, 1),
    total: fc.bigInt({ min: 5_000n, max: 150_000n }),
    down: fc.constantFrom(0n, 0n, 1_000n),
    count: fc.integer({ min: 1, max: 3 }),
    split: fc.constant(true),
    firstInDays: fc.integer({ min: 0, max: 10 }),
    offBy: fc.constant(0n),
    invoices: fc.constant<Pick[]>([]),
  })
  .map((p) => new PlanCommand(p));
const advanceToEdgeArb = fc
  .record({ n: fc.nat(3), run: fc.constantFrom(true, true, false) })
  .map((p) => new AdvanceToEdgeCommand(p));
const payTowardArb = fc
  .record({
    toPlan: fc.boolean(),
    n: fc.nat(5),
    part: fc.constantFrom<"all" | "half" | "next">("all", "half", "next"),
    when: fc.constantFrom<When>("today", "today", "before", "first", "last", "after"),
    reference: fc.integer({ min: 100_001, max: 200_000 }),
  })
  .map((p) => new PayTowardCommand(p));
const commandsArb = fc.commands(
  [
    fc
      .record({
        customer: customerArb,
        amount: minor(120_000),
        badAmount: mostly(fc.constant(null), fc.constantFrom("0", "1.234", "-5.00", "12,00", "99999999999999999999")),
        daysAgo: fc.integer({ min: -3, max: 30 }),
        currency: fc.constantFrom("CNY", "CNY", "CNY", "USD", "ABC"),
        invoices: fc.array(pickArb, { maxLength: 3 }),
        reference: fc.integer({ min: 0, max: 6 }),
        asFinance: fc.constantFrom(false, false, false, false, true),
      })
      .map((p) => new PaymentCommand(p)),
    fc
      .record({
        n: fc.nat(),
        daysAgo: fc.constantFrom(0, 0, 1, 2, 5, 12),
        noReason: fc.constantFrom(false, false, false, false, true),
        asCollector: fc.constantFrom(false, false, false, false, true),
      })
      .map((p) => new ReverseCommand(p)),
    fc
      .record({
        customer: fc.constantFrom(0, 1),
        invoice: fc.option(fc.integer({ min: 0, max: 2 }), { freq: 4 }),
        kind: fc.constantFrom("credit_note" as const, "write_off" as const),
        amount: minor(60_000),
        beforeIssue: fc.constantFrom(false, false, false, true),
        currency: fc.constantFrom(undefined, undefined, undefined, "USD"),
      })
      .map((p) => new AdjustmentCommand(p)),
    fc
      .record({
        customer: customerArb,
        amount: fc.constantFrom("100.00", "2500.50", "0", "1.234", "abc", "75"),
        inDays: fc.integer({ min: -5, max: 40 }),
        currency: fc.constantFrom(undefined, "CNY", "USD", "ABC"),
      })
      .map((p) => new PromiseCommand(p)),
    fc
      .record({
        customer: customerArb,
        total: mostly(fc.bigInt({ min: 10_000n, max: 300_000n }), minor(10)),
        down: mostly(fc.constantFrom(0n, 1_000n, 5_000n), minor(400_000), 3),
        count: fc.integer({ min: 1, max: 6 }),
        split: fc.boolean(),
        firstInDays: mostly(fc.integer({ min: 0, max: 20 }), fc.integer({ min: -3, max: -1 })),
        offBy: mostly(fc.constant(0n), fc.constantFrom(1n, -1n)),
        invoices: mostly(fc.array(pickArb, { minLength: 1, maxLength: 2 }), fc.constant<Pick[]>([]), 1),
      })
      .map((p) => new PlanCommand(p)),
    disputeArb,
    disputeArb,
    updateDisputeArb,
    updateDisputeArb,
    // Time passing, and what makes it matter: payments toward promises and plans, promises and plans due soon.
    goodPaymentArb,
    goodPromiseArb,
    goodPlanArb,
    payTowardArb,
    payTowardArb,
    payTowardArb,
    fc.record({ days: fc.integer({ min: 1, max: 12 }), run: fc.constant(false) }).map((p) => new AdvanceCommand(p)),
    fc.record({ days: fc.integer({ min: 1, max: 8 }), run: fc.constant(true) }).map((p) => new AdvanceCommand(p)),
    advanceToEdgeArb,
    advanceToEdgeArb,
    fc.constant(new DailyRunCommand()),
  ],
  { maxCommands: 20, size: "max" },
);

describe.each(ENGINES)("collector workspace against a model on %s", (engine) => {
  let database: Database;
  let users: Users;
  let bob: AuthUser;
  let planSettings: PlanFollowUpSettings;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    const d = { database, now: () => NOW };
    const p = uniquePrefix("wm").toLowerCase();
    const add = (login: string, role: string) =>
      addUser(d, { login: `${p}${login}`, name: login, role, password: `${login}-secret-pass-1` }, "test");
    const ann = await add("ann", "collector");
    bob = await add("bob", "collector");
    const fin = await add("fin", "finance");
    const boss = await add("boss", "admin");
    users = { ann, fin, boss };
    planSettings = await getSetting(database.db, "workspace.plans");
  });
  afterAll(() => database.close());

  async function setup(): Promise<{ model: Model; real: Real }> {
    const p = uniquePrefix("WM");
    const customerIds: number[] = [];
    const codes: string[] = [];
    for (const [n, owner] of [users.ann, users.ann, bob].entries()) {
      const code = `${p}-${n}`;
      const [c] = await queryRows<{ id: string }>(
        database.db,
        sql`insert into customers (code, name, collector_id, time_zone)
            values (${code}, ${`Customer ${n}`}, ${owner.id}, 'Asia/Shanghai') returning id`,
      );
      customerIds.push(Number(c?.id));
      codes.push(code);
    }
    const invoices: Inv[] = [];
    for (const [n, i] of INVOICES.entries()) {
      const number = `INV-${n}`;
      const [row] = await queryRows<{ id: string }>(
        database.db,
        sql`insert into invoices (customer_id, number, issue_date, due_date, amount, currency)
            values (${customerIds[i.customer]}, ${number}, ${i.issue}::date, ${i.due}::date, ${i.amount}, ${CURRENCY})
            returning id`,
      );
      invoices.push({ ...i, id: Number(row?.id), number });
    }
    // Daily runs only go forward, and the sequences share this database: each starts the day after the last run
    // so far (the first on 2025-03-12). Everything the commands date is relative to today.
    const [last] = await queryRows<{ next: string | null }>(
      database.db,
      sql`select (max(as_of) + 1)::text as next from collection_runs`,
    );
    const today = last?.next && last.next > TODAY ? last.next : TODAY;
    const now = new Date(NOW.getTime() + daysBetween(TODAY, today) * DAY_MS);
    const model: Model = {
      today,
      lastRun: null,
      invoices,
      payments: [],
      references: new Set(),
      adjustments: [],
      disputes: [],
      promises: [],
      plans: [],
      planInvoices: 0,
      audits: 0,
    };
    const real: Real = { database, users, customerIds, codes, clock: { now }, plans: planSettings };
    // Something for time to settle from the start: a promise due today and a plan whose first installment is due
    // in two days (recorded like any command, through the model).
    await new PromiseCommand({ customer: 0, amount: "100.00", inDays: 0, currency: undefined }).run(model, real);
    await new PlanCommand({
      customer: 1,
      total: 30_000n,
      down: 0n,
      count: 3,
      split: true,
      firstInDays: 2,
      offBy: 0n,
      invoices: [],
    }).run(model, real);
    return { model, real };
  }

  it("accepts what the model accepts, refuses what it refuses, and the balances always agree", async () => {
    await fc.assert(
      fc.asyncProperty(commandsArb, async (cmds) => {
        await fc.asyncModelRun(setup, cmds);
        expect(await verifyAudit(database)).toMatchObject({ ok: true });
      }),
      { numRuns: 30 },
    );
  }, 120_000);
});
