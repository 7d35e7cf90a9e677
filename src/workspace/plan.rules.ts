// Pure rules of a payment plan: installments are dated in order, from today on, each above zero, and together with
// the down payment they come to the total exactly, to the minor unit. When only a count is given the total is split
// evenly, leftover minor units going to the first installments.
import { addDays, type IsoDate, isIsoDate } from "../calendar/calendar-date.ts";
import { formatDecimal, splitEvenly } from "../money/money.ts";

export type PlanDraft = {
  total: bigint;
  downPayment: bigint;
  installments: { dueOn: IsoDate; amount: bigint }[];
};

/** Even installments every `intervalDays` from `firstDate`. */
export function evenInstallments(
  total: bigint,
  downPayment: bigint,
  count: number,
  firstDate: IsoDate,
  intervalDays: number,
): { dueOn: IsoDate; amount: bigint }[] {
  return splitEvenly(total - downPayment, count).map((amount, i) => ({
    dueOn: addDays(firstDate, i * intervalDays),
    amount,
  }));
}

export function planProblems(plan: PlanDraft, today: IsoDate, digits: number): string[] {
  const problems: string[] = [];
  const fmt = (v: bigint) => formatDecimal(v, digits);
  if (plan.total <= 0n) problems.push("the total must be greater than 0");
  if (plan.downPayment < 0n) problems.push("the down payment cannot be negative");
  if (plan.downPayment >= plan.total && plan.total > 0n) problems.push("the down payment must be less than the total");
  if (!plan.installments.length) problems.push("a plan needs at least one installment");
  let previous: IsoDate | null = null;
  let sum = plan.downPayment;
  plan.installments.forEach((it, i) => {
    const n = i + 1;
    if (!isIsoDate(it.dueOn)) problems.push(`installment ${n}: "${it.dueOn}" is not a date`);
    else {
      if (it.dueOn < today) problems.push(`installment ${n}: ${it.dueOn} is in the past`);
      if (previous && it.dueOn <= previous)
        problems.push(`installment ${n}: ${it.dueOn} is not after installment ${n - 1}`);
      previous = it.dueOn;
    }
    if (it.amount <= 0n) problems.push(`installment ${n}: the amount must be greater than 0`);
    sum += it.amount;
  });
  if (plan.installments.length && sum !== plan.total) {
    problems.push(
      `the down payment and installments come to ${fmt(sum)}, not the total ${fmt(plan.total)} (difference ${fmt(plan.total - sum)})`,
    );
  }
  return problems;
}
