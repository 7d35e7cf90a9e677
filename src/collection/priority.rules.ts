// The priority of a customer's collection task (domain guide, "Strategy": priority from amount, age, risk grade and
// credit standing), as a score of 0..100 and the factors behind it, which the worklist shows as reasons. Every
// factor adds points (none subtracts), so the factors shown always add up to the score before it is capped at 100;
// "down" for a cause means fewer points than the others get.
import type { RiskGrade } from "../aging/aging.rules.ts";
import { formatDecimal } from "../money/money.ts";
import type { Action, Cause } from "./collection.enums.ts";

export type PriorityInput = {
  overdueMinor: bigint;
  currencyDigits: number;
  daysPastDue: number;
  grade: RiskGrade;
  cause: Cause;
  /** Over the limit raises priority; null means no limit. */
  creditLimitMinor: bigint | null;
  /** A broken promise raises priority (and re-opens the playbook). */
  promiseBrokenRecently: boolean;
  /** A payment plan broke in the last days (an installment missed past its grace): as serious as a broken promise. */
  planBrokenRecently?: boolean;
  /** Domain guide: after a promise, follow up on the promised date. */
  promiseDueToday: boolean;
  installmentDueSoon: boolean;
  /** Null when the customer was never contacted. */
  daysSinceLastContact: number | null;
  /** Days left on the legal limitation clock; null when not tracked. */
  limitationDaysLeft: number | null;
  stepAction: Action;
};

export const PRIORITY_FACTORS = [
  "amount",
  "age",
  "grade",
  "cause",
  "promise_broken",
  "plan_broken",
  "promise_due_today",
  "installment_due_soon",
  "over_credit_limit",
  "limitation",
  "no_recent_contact",
  "step_action",
] as const;
export type PriorityFactorKey = (typeof PRIORITY_FACTORS)[number];

/** One reason in the worklist. Amounts in `reason` are plain decimals; the UI adds the currency. */
export type PriorityFactor = { factor: PriorityFactorKey; points: number; reason: string };
export type Priority = { score: number; factors: PriorityFactor[] };

export type PriorityWeights = {
  /** Points at the amount cap; the biggest factor. */
  amount: number;
  /** log10 of the overdue amount in major units that earns nothing (2: up to 100) and that earns it all (7: 10M). */
  amountLog10Floor: number;
  amountLog10Cap: number;
  /** Points at the age cap, rising linearly with days past due. */
  age: number;
  ageCapDays: number;
  grade: Record<RiskGrade, number>;
  cause: Record<Cause, number>;
  promiseBroken: number;
  promiseDueToday: number;
  installmentDueSoon: number;
  overCreditLimit: number;
  /** Full points when fewer than `limitationUrgentDays` are left (or the period has run out). */
  limitation: number;
  limitationUrgentDays: number;
  /** Rises linearly from `contactGapFromDays` to full points at `contactGapFullDays`; full when never contacted. */
  contactGap: number;
  contactGapFromDays: number;
  contactGapFullDays: number;
  /** Steps that need a person's time or a manager's decision come before ones that can go out unattended. */
  action: Record<Action, number>;
};

export const DEFAULT_PRIORITY_WEIGHTS: PriorityWeights = {
  amount: 30,
  amountLog10Floor: 2,
  amountLog10Cap: 7,
  age: 20,
  ageCapDays: 365,
  // Dead receivables are written off or with the lawyers; the daily worklist has more to gain elsewhere.
  grade: { current: 0, overdue: 4, doubtful: 8, bad: 10, dead: 5 },
  // Domain guide: deliberate refusal and habitual delay call for firm, prompt pressure; a dispute holds collection
  // while it is under review; an unreachable customer should be left to cool down before retrying.
  cause: {
    deliberate: 10,
    habitual: 8,
    switched_supplier: 6,
    forgot: 4,
    hardship: 4,
    middleman: 4,
    fx_wait: 4,
    unreachable: 2,
    dispute: 0,
  },
  promiseBroken: 15,
  promiseDueToday: 10,
  installmentDueSoon: 5,
  overCreditLimit: 8,
  limitation: 15,
  limitationUrgentDays: 90,
  contactGap: 6,
  contactGapFromDays: 14,
  contactGapFullDays: 60,
  action: {
    email_reminder: 0,
    sms: 0,
    statement: 0,
    reminder_letter: 0,
    call: 2,
    payment_plan_offer: 2,
    visit: 3,
    repayment_agreement: 3,
    manager_escalation: 4,
    credit_hold: 4,
    prepay_only: 4,
    lawyer_letter: 4,
    legal_action: 4,
  },
};

const ACTION_LABELS: Record<Action, string> = {
  email_reminder: "email reminder",
  sms: "SMS",
  call: "call",
  visit: "visit",
  statement: "statement of account",
  payment_plan_offer: "offer a payment plan",
  manager_escalation: "manager escalation",
  credit_hold: "credit hold (needs approval)",
  prepay_only: "prepayment only (needs approval)",
  repayment_agreement: "repayment agreement",
  reminder_letter: "reminder letter",
  lawyer_letter: "lawyer's letter (needs approval)",
  legal_action: "legal action (needs approval)",
};

const CAUSE_LABELS: Record<Cause, string> = {
  forgot: "oversight",
  hardship: "cash-flow hardship",
  dispute: "dispute under review",
  habitual: "habitual delay",
  deliberate: "deliberate refusal",
  middleman: "middleman waiting for its customer",
  fx_wait: "waiting for the exchange rate",
  switched_supplier: "may have switched supplier",
  unreachable: "unreachable",
};

const round1 = (x: number): number => Math.round(x * 10) / 10;
const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);

/** 1234567.00 → "1,234,567.00" (currency-neutral; the UI adds the symbol). */
export function groupedAmount(minor: bigint, digits: number): string {
  const plain = formatDecimal(minor, digits);
  const dot = plain.indexOf(".");
  const whole = dot < 0 ? plain : plain.slice(0, dot);
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return dot < 0 ? grouped : grouped + plain.slice(dot);
}

function amountPoints(p: PriorityInput, w: PriorityWeights): number {
  if (p.overdueMinor <= 0n) return 0;
  // Number() loses precision only past 2^53 minor units, far beyond the cap.
  const log10Major = Math.log10(Number(p.overdueMinor)) - p.currencyDigits;
  return w.amount * clamp01((log10Major - w.amountLog10Floor) / (w.amountLog10Cap - w.amountLog10Floor));
}

function contactGapPoints(days: number | null, w: PriorityWeights): number {
  if (days === null) return w.contactGap;
  return w.contactGap * clamp01((days - w.contactGapFromDays) / (w.contactGapFullDays - w.contactGapFromDays));
}

function limitationReason(daysLeft: number): string {
  if (daysLeft > 0) return `limitation period ends in ${daysLeft} days: get a demand or acknowledgement on record`;
  if (daysLeft === 0) return "limitation period ends today: get a demand or acknowledgement on record";
  return `limitation period ended ${-daysLeft} days ago: only a new acknowledgement helps`;
}

/**
 * The priority score (0..100, one decimal) and its factors, largest first, only those with points. Points are
 * rounded to one decimal before they are added, so the factors add up to the score unless it was capped at 100.
 * Deterministic; ties between factors keep PRIORITY_FACTORS order.
 */
export function priorityOf(p: PriorityInput, weights?: Partial<PriorityWeights>): Priority {
  const w = weights ? { ...DEFAULT_PRIORITY_WEIGHTS, ...weights } : DEFAULT_PRIORITY_WEIGHTS;
  const factors: PriorityFactor[] = [];
  let total = 0;
  const add = (factor: PriorityFactorKey, rawPoints: number, reason: () => string): void => {
    const points = round1(rawPoints);
    if (!(points > 0)) return;
    total += points;
    factors.push({ factor, points, reason: reason() });
  };

  add("amount", amountPoints(p, w), () => `overdue ${groupedAmount(p.overdueMinor, p.currencyDigits)}`);
  add("age", (w.age * Math.min(Math.max(p.daysPastDue, 0), w.ageCapDays)) / w.ageCapDays, () => {
    return `${p.daysPastDue} days past due`;
  });
  add("grade", w.grade[p.grade], () => `risk grade ${p.grade}`);
  add("cause", w.cause[p.cause], () => `cause: ${CAUSE_LABELS[p.cause]}`);
  if (p.promiseBrokenRecently) add("promise_broken", w.promiseBroken, () => "a promise to pay was broken recently");
  if (p.planBrokenRecently)
    add("plan_broken", w.promiseBroken, () => "a payment plan broke: an installment was missed");
  if (p.promiseDueToday) add("promise_due_today", w.promiseDueToday, () => "promised payment due today: follow up");
  if (p.installmentDueSoon) {
    add("installment_due_soon", w.installmentDueSoon, () => "installment due soon: remind before the date");
  }
  const limit = p.creditLimitMinor;
  if (limit !== null && p.overdueMinor > limit) {
    add("over_credit_limit", w.overCreditLimit, () => {
      const digits = p.currencyDigits;
      return `overdue ${groupedAmount(p.overdueMinor, digits)} exceeds the credit limit ${groupedAmount(limit, digits)}`;
    });
  }
  const daysLeft = p.limitationDaysLeft;
  if (daysLeft !== null && daysLeft < w.limitationUrgentDays) {
    add("limitation", w.limitation, () => limitationReason(daysLeft));
  }
  add("no_recent_contact", contactGapPoints(p.daysSinceLastContact, w), () =>
    p.daysSinceLastContact === null ? "never contacted" : `no contact for ${p.daysSinceLastContact} days`,
  );
  add("step_action", w.action[p.stepAction], () => `next step: ${ACTION_LABELS[p.stepAction]}`);

  // Most points first; equal points keep the order above (an insertion sort: a dozen factors at most, and unlike
  // Array.prototype.sort it allocates nothing, which counts when the daily run ranks a hundred thousand tasks).
  for (let i = 1; i < factors.length; i++) {
    const f = factors[i] as PriorityFactor;
    let j = i - 1;
    while (j >= 0 && (factors[j] as PriorityFactor).points < f.points) {
      factors[j + 1] = factors[j] as PriorityFactor;
      j--;
    }
    factors[j + 1] = f;
  }
  return { score: Math.min(100, round1(total)), factors };
}
