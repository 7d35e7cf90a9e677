// Model-based test of the collector workspace: random sequences of payments (with and without allocations), credit
// notes and write-offs, disputes (opened, investigated, resolved with a credit, rejected, reopened, escalated),
// promises and payment plans go through the use-case functions into a real database, valid and invalid ones mixed.
// A plain in-memory model says, before each command, whether it must be accepted or refused (and with which AppError
// code); after every step the open balance per invoice (the aging SQL) and the row and audit counts must equal the
// model's, a refused command must leave the tables exactly as they were, and the audit chain must still verify.
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
import { addDays } from "../calendar/calendar-date.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { type AppErrorCode, isAppError } from "../errors/app-error.ts";
import { recordAdjustment } from "../ledger/record-adjustment.ts";
import { recordPayment } from "../ledger/record-payment.ts";
import { formatDecimal } from "../money/money.ts";
import { createPlan } from "./create-plan.ts";
import { recordDispute } from "./record-dispute.ts";
import { recordPromise } from "./record-promise.ts";
import { updateDispute } from "./update-dispute.ts";

// Wednesday 2025-03-12, 10:00 in Shanghai (the company's time zone): today is 2025-03-12.
const NOW = new Date("2025-03-12T02:00:00Z");
const TODAY = "2025-03-12";
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
  invoices: Inv[];
  payments: { customer: number; date: string; amount: bigint; currency: string; allocs: Map<number, bigint> }[];
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
  promises: number;
  plans: number;
  installments: number;
  planInvoices: number;
  audits: number;
};
type Users = { ann: AuthUser; fin: AuthUser };
type Real = { database: Database; users: Users; customerIds: number[]; codes: string[] };
type Expect = { refused: AppErrorCode } | { audits: number };

const fmt = (v: bigint) => formatDecimal(v, 2);
const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);
const max0 = (v: bigint) => (v > 0n ? v : 0n);
const deps = (r: Real) => ({ database: r.database, now: () => NOW });

/** The model of openItemsSql: what each of a customer's invoices has open as of a date (oldest due first). */
function openAsOf(m: Model, customer: number, asOf: string): Map<number, bigint> {
  const invoices = m.invoices
    .filter((i) => i.customer === customer && i.issue <= asOf)
    .map((i) => {
      const allocated = sum(m.payments.filter((p) => p.date <= asOf).map((p) => p.allocs.get(i.id) ?? 0n));
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
        .filter((p) => p.customer === customer && p.currency === CURRENCY && p.date <= asOf)
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

async function snapshot(db: Database["db"]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of TABLES) {
    const [row] = await queryRows<{ n: number; h: string | null }>(
      db,
      sql`select count(*)::int as n, md5(string_agg(t::text, '|' order by t::text)) as h from ${sql.identifier(t)} t`,
    );
    out[t] = `${row?.n}:${row?.h ?? ""}`;
  }
  return out;
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

/** After every step: the aging SQL equals the model, the counts match, and the rules that must always hold do. */
async function checkInvariants(m: Model, r: Real) {
  const db = r.database.db;
  const ids = r.customerIds;
  const open = await queryRows<{ id: string; open_amount: string; disputed: boolean }>(
    db,
    sql`select id, open_amount, disputed from (${openItemsSql(TODAY, { customerIds: ids })}) o order by id`,
  );
  const expectedOpen = new Map<number, bigint>();
  for (const c of [0, 1, FOREIGN]) for (const [id, v] of openAsOf(m, c, TODAY)) expectedOpen.set(id, v);
  expect(Object.fromEntries(open.map((o) => [o.id, BigInt(o.open_amount)]))).toEqual(
    Object.fromEntries([...expectedOpen].map(([id, v]) => [String(id), v])),
  );
  // The invoice is flagged disputed exactly while an open or investigating dispute holds part of it.
  expect(Object.fromEntries(open.map((o) => [o.id, o.disputed]))).toEqual(
    Object.fromEntries(m.invoices.map((i) => [String(i.id), heldOn(m, i.id) > 0n])),
  );
  const totals: Record<string, bigint> = {};
  await forEachAgingCustomer(r.database, { asOf: TODAY, scope: { customerIds: ids } }, (rows) => {
    for (const row of rows) totals[`${row.customerId}:${row.currency}`] = row.openAmount;
  });
  const expectedTotals: Record<string, bigint> = {};
  for (const c of [0, 1, FOREIGN]) {
    const total = sum([...openAsOf(m, c, TODAY).values()]);
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
    promises: m.promises,
    plans: m.plans,
    installments: m.installments,
    plan_invoices: m.planInvoices,
    audits: m.audits,
  });
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
    const date = addDays(TODAY, -p.daysAgo);
    const invoiceIds = p.invoices.map((pick) => pickInvoice(m, p.customer, pick).id);
    const reference = `R${p.reference}`;
    const user = p.asFinance ? r.users.fin : r.users.ann;
    const own = new Set(m.invoices.filter((i) => i.customer === p.customer).map((i) => i.id));
    const expected: Expect =
      p.customer === FOREIGN && !p.asFinance
        ? { refused: "not_found" }
        : p.asFinance
          ? { refused: "forbidden" }
          : date > TODAY || !["CNY", "USD"].includes(p.currency) || p.badAmount !== null
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
      m.payments.push({ customer: p.customer, date, amount: p.amount, currency: p.currency, allocs });
      m.references.add(`${p.customer}:${reference}`);
      m.audits += 1;
    }
    await checkInvariants(m, r);
  }
  toString = () => `payment(${JSON.stringify({ ...this.p, amount: String(this.p.amount) })})`;
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
    const date = p.beforeIssue ? "2024-12-01" : TODAY;
    const currency = p.currency ?? CURRENCY;
    const expected: Expect =
      currency !== CURRENCY && inv
        ? { refused: "invalid_input" }
        : inv && p.amount > inv.amount - adjustedOn(m, inv.id)
          ? { refused: "invalid_input" }
          : inv && p.beforeIssue
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
    const date = addDays(TODAY, p.inDays);
    const expected: Expect =
      p.customer === FOREIGN
        ? { refused: "not_found" }
        : date < TODAY ||
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
      m.promises += 1;
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
    const first = addDays(TODAY, p.firstInDays);
    const rest = p.total - p.down;
    const amounts = Array.from({ length: p.count }, (_, n) =>
      n === 0 ? rest - (rest / BigInt(p.count)) * BigInt(p.count - 1) + p.offBy : rest / BigInt(p.count),
    );
    const own = new Map(m.invoices.filter((i) => i.customer === p.customer).map((i) => [i.id, i]));
    const expected: Expect =
      p.customer === FOREIGN
        ? { refused: "not_found" }
        : p.down >= p.total ||
            first < TODAY ||
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
      expect(sum(result.installments.map((i) => BigInt(i.amount.replace(".", ""))))).toBe(rest);
      m.plans += 1;
      m.installments += p.count;
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
    const room = max0((openAsOf(m, inv.customer, TODAY).get(inv.id) ?? 0n) - heldOn(m, inv.id));
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
          date: TODAY,
          amount: credit,
          currency: CURRENCY,
        });
      m.audits += credit > 0n ? 2 : 1;
    }
    await checkInvariants(m, r);
  }
  toString = () => `updateDispute(${JSON.stringify({ ...this.p, partial: String(this.p.partial) })})`;
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
  ],
  { maxCommands: 16, size: "max" },
);

describe.each(ENGINES)("collector workspace against a model on %s", (engine) => {
  let database: Database;
  let users: Users;
  let bob: AuthUser;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    const d = { database, now: () => NOW };
    const p = uniquePrefix("wm").toLowerCase();
    const add = (login: string, role: string) =>
      addUser(d, { login: `${p}${login}`, name: login, role, password: `${login}-secret-pass-1` }, "test");
    const ann = await add("ann", "collector");
    bob = await add("bob", "collector");
    const fin = await add("fin", "finance");
    users = { ann, fin };
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
    const model: Model = {
      invoices,
      payments: [],
      references: new Set(),
      adjustments: [],
      disputes: [],
      promises: 0,
      plans: 0,
      installments: 0,
      planInvoices: 0,
      audits: 0,
    };
    return { model, real: { database, users, customerIds, codes } };
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
