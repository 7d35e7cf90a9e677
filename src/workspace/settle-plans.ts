// Payment plans followed up as of a date: each installment's status from the payments that came in, plans that
// broke (an installment unpaid past the grace days) or were completed, and the installments to remind about.
// listPlanViews reads and decides (customer 360, CLI); settlePlans also records what changed, each change audited,
// inside the caller's transaction (the daily run's shard, or the CLI's).
import { type SQL, sql } from "drizzle-orm";
import { type CustomerRange, rangeFilter } from "../aging/aging.sql.ts";
import { appendAudit } from "../audit/append-audit.ts";
import { type IsoDate, isIsoDate } from "../calendar/calendar-date.ts";
import type { Connection, Db } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError, msg } from "../errors/app-error.ts";
import { paymentStands } from "../ledger/payment.sql.ts";
import { currencyDigits } from "../money/currencies.ts";
import { formatDecimal } from "../money/money.ts";
import { getSetting } from "../settings/settings.ts";
import {
  type DatedAmount,
  followPlans,
  type InstallmentView,
  type PlanFollowUpSettings,
  type PlanToFollow,
  type PlanView,
} from "./plan-status.rules.ts";
import type { InstallmentStatus, PlanStatus } from "./workspace.schema.ts";

export type PlanWithStatus = PlanView & {
  customerId: number;
  currency: string;
  total: bigint;
  createdOn: IsoDate;
  terms: string | null;
  /** Installment statuses as recorded by the last follow-up ("pending" before the first). */
  recordedInstallments: Record<number, InstallmentStatus>;
};

export type PlanScope = { customerIds?: number[]; range?: CustomerRange; onlyWithActivePlans?: boolean };

/**
 * Every plan (cancelled ones left out) of the customers in scope, followed up as of `asOf`. Plans made after
 * `asOf` are left out. With `onlyWithActivePlans`, only customers with a plan recorded as active.
 */
export async function listPlanViews(
  db: Db,
  input: { asOf: IsoDate; scope?: PlanScope; settings?: PlanFollowUpSettings },
): Promise<PlanWithStatus[]> {
  const { asOf, scope = {} } = input;
  if (!isIsoDate(asOf)) throw new AppError("invalid_input", msg`"${asOf}" is not a date (expected YYYY-MM-DD)`);
  const settings = input.settings ?? (await getSetting(db, "workspace.plans"));
  const filters: SQL[] = [];
  if (scope.customerIds) {
    if (!scope.customerIds.length) return [];
    filters.push(sql`and p.customer_id = any(${`{${scope.customerIds.join(",")}}`}::bigint[])`);
  }
  if (scope.range) filters.push(rangeFilter(scope.range, "p.customer_id"));
  if (scope.onlyWithActivePlans) {
    filters.push(sql`and p.customer_id in (select customer_id from payment_plans
      where status = 'active' and created_on <= ${asOf}::date ${rangeFilter(scope.range, "customer_id")})`);
  }
  const plans = await queryRows<{
    id: string;
    customer_id: string;
    currency: string;
    total: string;
    down_payment: string;
    status: PlanStatus;
    created_on: string;
    terms: string | null;
    installments: { seq: number; due_on: string; amount: number | string; status: InstallmentStatus }[] | string;
  }>(
    db,
    sql`select p.id, p.customer_id, p.currency, p.total, p.down_payment, p.status, p.created_on, p.terms,
          (select jsonb_agg(jsonb_build_object('seq', i.seq, 'due_on', i.due_on, 'amount', i.amount::text,
             'status', i.status) order by i.seq) from plan_installments i where i.plan_id = p.id) as installments
        from payment_plans p
        where p.status <> 'cancelled' and p.created_on <= ${asOf}::date ${sql.join(filters, sql` `)}
        order by p.customer_id, p.currency, p.created_on, p.id`,
  );
  if (!plans.length) return [];
  // The payments that can count: each customer's, per currency, from its earliest plan's creation day to asOf.
  const payments = await queryRows<{ customer_id: string; currency: string; paid_on: string; amount: string }>(
    db,
    sql`with since as (
          select (x->>'customer_id')::bigint as customer_id, x->>'currency' as currency, min((x->>'created_on')::date) as d
          from jsonb_array_elements(${JSON.stringify(
            plans.map((p) => ({ customer_id: p.customer_id, currency: p.currency, created_on: p.created_on })),
          )}::jsonb) x group by 1, 2)
        select p.customer_id, p.currency, p.paid_on, p.amount from payments p
        join since s on s.customer_id = p.customer_id and s.currency = p.currency
        where p.paid_on >= s.d and p.paid_on <= ${asOf}::date and ${paymentStands("p", sql`${asOf}::date`)}
        order by p.customer_id, p.currency, p.paid_on, p.id`,
  );
  const key = (customerId: string, currency: string) => `${customerId}:${currency.trim()}`;
  const paid = new Map<string, DatedAmount[]>();
  for (const p of payments) {
    const k = key(p.customer_id, p.currency);
    let list = paid.get(k);
    if (!list) {
      list = [];
      paid.set(k, list);
    }
    list.push({ on: p.paid_on, amount: BigInt(p.amount) });
  }
  const groups = new Map<string, typeof plans>();
  for (const p of plans) {
    const k = key(p.customer_id, p.currency);
    let list = groups.get(k);
    if (!list) {
      list = [];
      groups.set(k, list);
    }
    list.push(p);
  }
  const out: PlanWithStatus[] = [];
  for (const [k, rows] of groups) {
    const installmentsOf = (r: (typeof rows)[number]) =>
      (typeof r.installments === "string" ? JSON.parse(r.installments) : (r.installments ?? [])) as {
        seq: number;
        due_on: string;
        amount: string;
        status: InstallmentStatus;
      }[];
    const toFollow: PlanToFollow[] = rows.map((r) => ({
      id: Number(r.id),
      createdOn: r.created_on,
      total: BigInt(r.total),
      downPayment: BigInt(r.down_payment),
      status: r.status,
      installments: installmentsOf(r).map((i) => ({ seq: i.seq, dueOn: i.due_on, amount: BigInt(i.amount) })),
    }));
    const views = followPlans(toFollow, paid.get(k) ?? [], asOf, settings);
    for (const v of views) {
      const r = rows.find((x) => Number(x.id) === v.planId);
      if (!r) continue;
      out.push({
        ...v,
        customerId: Number(r.customer_id),
        currency: r.currency.trim(),
        total: BigInt(r.total),
        createdOn: r.created_on,
        terms: r.terms,
        recordedInstallments: Object.fromEntries(installmentsOf(r).map((i) => [i.seq, i.status])),
      });
    }
  }
  return out;
}

export type PlanReminder = {
  customerId: number;
  planId: number;
  seq: number;
  dueOn: IsoDate;
  amount: bigint;
  /** What is still to pay of the installment. */
  open: bigint;
  currency: string;
};
export type SettlePlansResult = {
  asOf: IsoDate;
  plansFollowed: number;
  installmentsChanged: number;
  completed: number;
  broken: number;
  /** Customers whose plan broke in this follow-up (the daily run raises their priority), with the day it broke. */
  brokenPlans: { customerId: number; planId: number; brokeOn: IsoDate; seq: number | null }[];
  /** Installments not fully paid, due from asOf to asOf + reminderDays, of active plans. */
  reminders: PlanReminder[];
};

/**
 * Follows up the active plans as of `asOf` and records what changed: installment statuses, plans broken or
 * completed (final), the plan's version, one audit row per plan changed. Call it inside a transaction (pass the
 * Connection or its db): the audit row must commit with the change.
 */
export async function settlePlans(
  target: Db | Connection,
  input: { asOf: IsoDate; range?: CustomerRange; actor?: string; now?: () => Date },
): Promise<SettlePlansResult> {
  const db = "copyIn" in target ? target.db : target;
  const settings = await getSetting(db, "workspace.plans");
  const views = await listPlanViews(db, {
    asOf: input.asOf,
    settings,
    scope: { range: input.range, onlyWithActivePlans: true },
  });
  const result: SettlePlansResult = {
    asOf: input.asOf,
    plansFollowed: 0,
    installmentsChanged: 0,
    completed: 0,
    broken: 0,
    brokenPlans: [],
    reminders: [],
  };
  const changedInstallments: { plan_id: number; seq: number; status: InstallmentStatus }[] = [];
  const now = input.now ?? (() => new Date());
  for (const v of views) {
    if (v.recordedStatus !== "active") continue;
    result.plansFollowed++;
    const all: InstallmentView[] = v.installments;
    const changed = all.filter((i) => v.recordedInstallments[i.seq] !== i.status);
    for (const i of changed) changedInstallments.push({ plan_id: v.planId, seq: i.seq, status: i.status });
    result.installmentsChanged += changed.length;
    for (const i of all) {
      if (i.remind) {
        result.reminders.push({
          customerId: v.customerId,
          planId: v.planId,
          seq: i.seq,
          dueOn: i.dueOn,
          amount: i.amount,
          open: i.open,
          currency: v.currency,
        });
      }
    }
    const statusChanged = v.status !== v.recordedStatus;
    if (statusChanged) {
      await db.execute(sql`update payment_plans set status = ${v.status}, version = version + 1
        where id = ${v.planId} and status = 'active'`);
      if (v.status === "broken") {
        result.broken++;
        result.brokenPlans.push({
          customerId: v.customerId,
          planId: v.planId,
          brokeOn: v.changedOn ?? input.asOf,
          seq: v.brokenBySeq,
        });
      } else if (v.status === "completed") result.completed++;
    }
    if (statusChanged || changed.length) {
      await appendAudit(db, {
        at: now(),
        actor: input.actor ?? "system",
        action: statusChanged ? `plan.${v.status}` : "plan.installments",
        objectType: "payment_plan",
        objectId: String(v.planId),
        customerId: v.customerId,
        before: {
          status: v.recordedStatus,
          installments: Object.fromEntries(changed.map((i) => [i.seq, v.recordedInstallments[i.seq] ?? null])),
        },
        after: {
          status: v.status,
          asOf: input.asOf,
          ...(statusChanged ? { on: v.changedOn, brokenBySeq: v.brokenBySeq } : {}),
          paid: v.paid,
          open: v.open,
          installments: Object.fromEntries(changed.map((i) => [i.seq, i.status])),
        },
      });
    }
  }
  if (changedInstallments.length) {
    await db.execute(sql`update plan_installments i set status = x.status
      from jsonb_to_recordset(${JSON.stringify(changedInstallments)}::jsonb) as x(plan_id bigint, seq int, status text)
      where i.plan_id = x.plan_id and i.seq = x.seq`);
  }
  return result;
}

/** For JSON (customer 360, CLI --format json): amounts as decimal strings. */
export function planViewJson(v: PlanWithStatus) {
  const digits = currencyDigits(v.currency);
  const money = (minor: bigint) => formatDecimal(minor, digits);
  const part = (i: InstallmentView) => ({
    seq: i.seq,
    date: i.dueOn,
    amount: money(i.amount),
    paid: money(i.paid),
    open: money(i.open),
    status: i.status,
    remind: i.remind,
  });
  return {
    id: v.planId,
    status: v.status,
    createdOn: v.createdOn,
    currency: v.currency,
    total: money(v.total),
    paid: money(v.paid),
    open: money(v.open),
    terms: v.terms,
    /** The day it broke or was completed. */
    changedOn: v.changedOn,
    brokenBySeq: v.brokenBySeq,
    downPayment: v.downPayment ? part(v.downPayment) : null,
    installments: v.installments.map(part),
  };
}
