// The backtest's measures, pure: mean absolute error of predicted payment dates (days) and the area under the ROC
// curve of a lateness score, plus the result's shape (stored as the setting "analytics.backtest").
import { z } from "zod";
import { addDays, type IsoDate } from "../calendar/calendar-date.ts";

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
