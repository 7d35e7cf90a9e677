// Following a payment plan (还款计划) from the payments that came in, as of a date. Pure: (plans, payments, asOf).
//
// * The customer's payments in the plan's currency dated from the plan's creation day on count toward it. They
//   pay the down payment first (due the day the plan was made), then the installments oldest first, exactly to
//   the minor unit. When a customer has several plans in one currency, the oldest plan takes payments first, up
//   to its total; a broken plan keeps only what was paid before it broke, so a plan made after it gets the rest.
// * An installment (or the down payment) still not fully paid more than `graceDays` days after its date breaks
//   the plan on the next day; a plan whose total is paid before that is completed. Either is final.
// * Installments not fully paid and due within `reminderDays` days (today included) are reminder candidates
//   (domain guide: "track every installment, remind before each date").
import { addDays, daysBetween, type IsoDate } from "../calendar/calendar-date.ts";
import type { InstallmentStatus, PlanStatus } from "./workspace.schema.ts";

export type PlanFollowUpSettings = { graceDays: number; reminderDays: number };
export const DEFAULT_PLAN_FOLLOW_UP: PlanFollowUpSettings = { graceDays: 5, reminderDays: 3 };

export type PlanToFollow = {
  id: number;
  createdOn: IsoDate;
  total: bigint;
  downPayment: bigint;
  /** As recorded: completed, broken and cancelled are final. */
  status: PlanStatus;
  installments: { seq: number; dueOn: IsoDate; amount: bigint }[];
};
export type DatedAmount = { on: IsoDate; amount: bigint };

/** seq 0 is the down payment. */
export type InstallmentView = {
  seq: number;
  dueOn: IsoDate;
  amount: bigint;
  paid: bigint;
  open: bigint;
  status: Exclude<InstallmentStatus, "pending">;
  /** Not fully paid, the plan active, and due from today to `reminderDays` days ahead. */
  remind: boolean;
};
export type PlanView = {
  planId: number;
  status: PlanStatus;
  /** Status before this follow-up (as recorded). */
  recordedStatus: PlanStatus;
  /** The day the plan broke or was completed, as these payments show it (null while active or cancelled). */
  changedOn: IsoDate | null;
  /** The installment whose lateness broke the plan (0: the down payment). */
  brokenBySeq: number | null;
  paid: bigint;
  open: bigint;
  downPayment: InstallmentView | null;
  installments: InstallmentView[];
};

type Due = { seq: number; dueOn: IsoDate; amount: bigint; requiredThrough: bigint };

function scheduleOf(plan: PlanToFollow): Due[] {
  const items = [
    ...(plan.downPayment > 0n ? [{ seq: 0, dueOn: plan.createdOn, amount: plan.downPayment }] : []),
    ...[...plan.installments].sort((a, b) => a.seq - b.seq),
  ];
  let cum = 0n;
  return items.map((i) => {
    cum += i.amount;
    return { ...i, requiredThrough: cum };
  });
}

const paidThrough = (payments: readonly DatedAmount[], day: IsoDate) =>
  payments.reduce((s, p) => (p.on <= day ? s + p.amount : s), 0n);

/**
 * One plan from the payments allotted to it (dated from its creation to `asOf`, in date order). Installment
 * statuses are as of `asOf`; the plan's status is decided in date order, so a run that missed days still finds
 * the day the plan broke or was completed.
 */
export function followPlan(
  plan: PlanToFollow,
  payments: readonly DatedAmount[],
  asOf: IsoDate,
  settings: PlanFollowUpSettings,
): PlanView {
  const schedule = scheduleOf(plan);
  let breakOn: IsoDate | null = null;
  let brokenBySeq: number | null = null;
  for (const d of schedule) {
    const lastDay = addDays(d.dueOn, settings.graceDays);
    const breaksOn = addDays(lastDay, 1);
    if (breaksOn > asOf) break; // later installments break later still
    if (paidThrough(payments, lastDay) < d.requiredThrough) {
      breakOn = breaksOn;
      brokenBySeq = d.seq;
      break;
    }
  }
  let running = 0n;
  let completedOn: IsoDate | null = null;
  for (const p of payments) {
    if (p.on > asOf) break;
    running += p.amount;
    if (completedOn === null && running >= plan.total) completedOn = p.on;
  }
  const paid = running;
  let status: PlanStatus = plan.status;
  if (plan.status === "active") {
    if (breakOn !== null) status = "broken";
    else if (completedOn !== null) status = "completed";
  }
  const changedOn = status === "broken" ? breakOn : status === "completed" ? completedOn : null;
  const views = schedule.map((d): InstallmentView => {
    const before = d.requiredThrough - d.amount;
    const covered = paid <= before ? 0n : paid - before >= d.amount ? d.amount : paid - before;
    const daysToDue = daysBetween(asOf, d.dueOn);
    let s: InstallmentView["status"];
    if (covered === d.amount) s = "paid";
    else if (daysToDue >= 0) s = covered > 0n ? "partially_paid" : "due";
    else if (-daysToDue <= settings.graceDays) s = "overdue";
    else s = "missed";
    return {
      seq: d.seq,
      dueOn: d.dueOn,
      amount: d.amount,
      paid: covered,
      open: d.amount - covered,
      status: s,
      remind: status === "active" && covered < d.amount && daysToDue >= 0 && daysToDue <= settings.reminderDays,
    };
  });
  return {
    planId: plan.id,
    status,
    recordedStatus: plan.status,
    changedOn,
    brokenBySeq: status === "broken" ? brokenBySeq : null,
    paid: paid > plan.total ? plan.total : paid,
    open: paid >= plan.total ? 0n : plan.total - paid,
    downPayment: views.find((v) => v.seq === 0) ?? null,
    installments: views.filter((v) => v.seq !== 0),
  };
}

/**
 * Several plans of one customer in one currency: payments (in date order) go to the oldest plan first, each plan
 * taking only payments dated from its creation day and at most its total; a broken plan gives back what came
 * from the day it broke on. Cancelled plans take nothing and are left out.
 */
export function followPlans(
  plans: readonly PlanToFollow[],
  payments: readonly DatedAmount[],
  asOf: IsoDate,
  settings: PlanFollowUpSettings,
): PlanView[] {
  const pool = [...payments]
    .filter((p) => p.on <= asOf && p.amount > 0n)
    .sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0))
    .map((p) => ({ on: p.on, left: p.amount }));
  const ordered = [...plans]
    .filter((p) => p.status !== "cancelled" && p.createdOn <= asOf)
    .sort((a, b) => (a.createdOn < b.createdOn ? -1 : a.createdOn > b.createdOn ? 1 : a.id - b.id));
  const out: PlanView[] = [];
  for (const plan of ordered) {
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
    let mine = taken.map((t) => ({ on: t.from.on, amount: t.amount }));
    const view = followPlan(plan, mine, asOf, settings);
    if (view.status === "broken" && view.changedOn !== null) {
      const brokeOn = view.changedOn;
      for (const t of taken) if (t.from.on >= brokeOn) t.from.left += t.amount;
      mine = mine.filter((m) => m.on < brokeOn);
      out.push(followPlan(plan, mine, asOf, settings));
    } else out.push(view);
  }
  return out;
}
