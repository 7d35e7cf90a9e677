// The backtest's measures, pure: mean absolute error of predicted payment dates (days), the area under the ROC
// curve of a lateness score, and the weekly error of the cash forecast, plus the result's shape (stored as the
// setting "analytics.backtest").
import { z } from "zod";
import { addDays, type IsoDate } from "../calendar/calendar-date.ts";
import { cashWeekIndex, cashWeekStart } from "./cash-weeks.rules.ts";

export const BACKTEST_STEPS = ["week", "month"] as const;
export type BacktestStep = (typeof BACKTEST_STEPS)[number];
export const PREDICTORS = ["model", "dueDate", "customerMedian"] as const;
export type Predictor = (typeof PREDICTORS)[number];

/** Mean of |predicted − actual|, null for no pairs. */
export function meanAbsoluteError(pairs: readonly { predicted: number; actual: number }[]): number | null {
  if (!pairs.length) return null;
  let s = 0;
  for (const p of pairs) s += Math.abs(p.predicted - p.actual);
  return s / pairs.length;
}

/**
 * AUC: the probability that a random positive scores above a random negative, ties counting one half
 * (Mann-Whitney U over average ranks). Null when either class is empty.
 */
export function auc(items: readonly { score: number; positive: boolean }[]): number | null {
  const pos = items.filter((i) => i.positive).length;
  const neg = items.length - pos;
  if (!pos || !neg) return null;
  const sorted = [...items].sort((a, b) => a.score - b.score);
  let rankSum = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j < sorted.length && (sorted[j] as { score: number }).score === (sorted[i] as { score: number }).score) j++;
    const avgRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if ((sorted[k] as { positive: boolean }).positive) rankSum += avgRank;
    i = j;
  }
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** The as-of days from `from` to `to` (inclusive) a week or a calendar month apart (day of month clamped). */
export function backtestSteps(from: IsoDate, to: IsoDate, step: BacktestStep): IsoDate[] {
  const out: IsoDate[] = [];
  if (step === "week") {
    for (let d = from; d <= to; d = addDays(d, 7)) out.push(d);
    return out;
  }
  const [y, m, day] = from.split("-").map(Number) as [number, number, number];
  for (let k = 0; ; k++) {
    const month = (m - 1 + k) % 12;
    const year = y + Math.floor((m - 1 + k) / 12);
    const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    const d = `${year}-${String(month + 1).padStart(2, "0")}-${String(Math.min(day, last)).padStart(2, "0")}`;
    if (d > to) return out;
    out.push(d);
  }
}

const measures = z.object({
  model: z.number().nullable(),
  dueDate: z.number().nullable(),
  customerMedian: z.number().nullable(),
});
export const backtestStepSchema = z.object({
  asOf: z.string(),
  openInvoices: z.number().int(),
  /** Open invoices whose payment date is known by the data's end: the MAE's population. */
  withPaymentDate: z.number().int(),
  /** Not yet due at the step, with a known outcome (paid, or still open after its due date): the AUC's. */
  notYetDue: z.number().int(),
  paidLate: z.number().int(),
  mae: measures,
  auc: measures,
  /** Per currency; absent in results stored before the cash forecast was scored. */
  cash: z
    .array(
      z.object({
        currency: z.string(),
        /** Weeks scored (those ending by the data's end, over the steps) and what was collected in them, minor units. */
        weeks: z.number().int(),
        collected: z.number(),
        /** Mean over the weeks of |expected − collected|, minor units. */
        mae: measures,
        /** (Σ expected − Σ collected) ÷ Σ collected over the weeks. */
        totalError: measures,
      }),
    )
    .optional(),
});
export const backtestResultSchema = z.object({
  from: z.string(),
  to: z.string(),
  step: z.enum(BACKTEST_STEPS),
  /** The last day of data: actual payment dates are as known then. */
  dataEnd: z.string(),
  computedAt: z.string(),
  steps: z.array(backtestStepSchema),
  overall: backtestStepSchema.omit({ asOf: true }),
});
export type BacktestStepResult = z.infer<typeof backtestStepSchema>;
export type BacktestResult = z.infer<typeof backtestResultSchema>;

/** One open invoice at a step: the three predictions and lateness scores, and what happened. */
export type BacktestCase = {
  due: number;
  predicted: Record<Predictor, number>;
  score: Record<Predictor, number>;
  /** Paid day as of the data's end, null while still open then. */
  actual: number | null;
  /** The step's day. */
  asOf: number;
};

/** The measures over a set of cases (one step, or all steps pooled). */
export function measure(cases: readonly BacktestCase[], dataEnd: number): Omit<BacktestStepResult, "asOf"> {
  const paid = cases.filter((c) => c.actual !== null);
  // Not yet due at the step; the outcome is known if paid, or if still open once the due date passed.
  const labelled = cases.filter((c) => c.due > c.asOf && (c.actual !== null || dataEnd > c.due));
  const late = (c: BacktestCase) => (c.actual === null ? true : c.actual > c.due);
  const mae = {} as Record<Predictor, number | null>;
  const a = {} as Record<Predictor, number | null>;
  for (const p of PREDICTORS) {
    mae[p] = meanAbsoluteError(paid.map((c) => ({ predicted: c.predicted[p], actual: c.actual as number })));
    a[p] = auc(labelled.map((c) => ({ score: c.score[p], positive: late(c) })));
  }
  return {
    openInvoices: cases.length,
    withPaymentDate: paid.length,
    notYetDue: labelled.length,
    paidLate: labelled.filter(late).length,
    mae,
    auc: a,
  };
}

/** One week of one currency's cash forecast at one step: what each predictor expected and what was collected. */
export type CashCell = { currency: string; expected: Record<Predictor, number>; actual: number };

/** An invoice open at a step, for the cash forecast: its open amount, the day it was settled, the baselines' days. */
export type CashCase = {
  currency: string;
  open: number;
  actual: number | null;
  dueDate: number;
  customerMedian: number;
};

/**
 * The cash forecast's weeks at one step (calendar weeks from `first`, cash-weeks.rules.ts) that end by the data's
 * last day: only for those is what was collected known. The model's figure is its expected collections (`model`, per
 * currency and week); a baseline's is each open invoice's whole open amount in the week of its baseline date; what
 * was collected is each invoice's open amount at the step in the week it was settled (the model's own target: the
 * day the open amount reached 0, a part payment before it counting then).
 */
export function cashCells(
  step: { first: number; weeks: number; dataEnd: number },
  model: readonly { currency: string; week: number; expected: number }[],
  invoices: readonly CashCase[],
): CashCell[] {
  let scored = 0;
  while (scored < step.weeks && cashWeekStart(step.first, scored + 1) - 1 <= step.dataEnd) scored++;
  const cells = new Map<string, CashCell[]>();
  const cellsOf = (currency: string) => {
    let xs = cells.get(currency);
    if (!xs) {
      xs = Array.from({ length: scored }, () => ({
        currency,
        expected: { model: 0, dueDate: 0, customerMedian: 0 },
        actual: 0,
      }));
      cells.set(currency, xs);
    }
    return xs;
  };
  const weekOf = (day: number) => cashWeekIndex(step.first, day);
  for (const m of model) {
    const c = cellsOf(m.currency)[m.week];
    if (c) c.expected.model += m.expected;
  }
  for (const inv of invoices) {
    const xs = cellsOf(inv.currency);
    const due = xs[weekOf(inv.dueDate)];
    if (due) due.expected.dueDate += inv.open;
    const med = xs[weekOf(inv.customerMedian)];
    if (med) med.expected.customerMedian += inv.open;
    const paid = inv.actual === null ? undefined : xs[weekOf(inv.actual)];
    if (paid) paid.actual += inv.open;
  }
  return [...cells.keys()].sort().flatMap((c) => cells.get(c) as CashCell[]);
}

/** The cash forecast's error per currency over a set of cells (one step, or all steps pooled). */
export function measureCash(cells: readonly CashCell[]): NonNullable<BacktestStepResult["cash"]> {
  const currencies = [...new Set(cells.map((c) => c.currency))].sort();
  return currencies.map((currency) => {
    const mine = cells.filter((c) => c.currency === currency);
    const collected = mine.reduce((s, c) => s + c.actual, 0);
    const mae = {} as Record<Predictor, number | null>;
    const totalError = {} as Record<Predictor, number | null>;
    for (const p of PREDICTORS) {
      mae[p] = meanAbsoluteError(mine.map((c) => ({ predicted: c.expected[p], actual: c.actual })));
      const expected = mine.reduce((s, c) => s + c.expected[p], 0);
      totalError[p] = collected > 0 ? (expected - collected) / collected : null;
    }
    return { currency, weeks: mine.length, collected, mae, totalError };
  });
}
