// Payment runs: many customers do not pay invoice by invoice but in runs that settle several invoices at once, on
// a rhythm of their own (a monthly payment run, a trader paying in lumps once its own customers have paid). For them
// the payment date is the run's date, not a spread of days around a typical lateness: an invoice is paid at the
// first run at which it is old enough to be included. Pure: days are day numbers, only what was settled by the
// as-of day is passed in.

export type PaymentRuns = {
  /** The last run (its day) known on the as-of day. */
  last: number;
  /** Days between runs: the median of the recent gaps. */
  gap: number;
  /** How late an invoice is when the earliest run takes it (a low quantile of each run's least late invoice). */
  lag: number;
  /** Runs the figures rest on, and invoices settled per run on average. */
  runs: number;
  perRun: number;
  /** Spread of the run days around their rhythm: the median distance of a gap to a multiple of `gap`, in days. */
  jitter: number;
  /** A monthly run on a day of the month (月结: "the 25th"): the next runs fall on that day, not every `gap` days. */
  dayOfMonth: number | null;
};

export type RunOptions = {
  /** The recent runs looked at (a rhythm changes). */
  window: number;
  /** At least this many runs... */
  minRuns: number;
  /** ...settling this many invoices each on average (fewer: the customer pays invoice by invoice). */
  minPerRun: number;
  /**
   * Two runs are enough when they settled this many invoices each on average: lumps that large are a rhythm from
   * the second one on (a trader paying every two or three months would otherwise wait half a year to be seen).
   */
  minPerLump: number;
  /**
   * A run the rhythm expected before the as-of day that has not come is late, and comes soon, while it is overdue by
   * at most this share of the gap; overdue by more, it was skipped and the next one is a gap later.
   */
  lateShare: number;
  /** The gaps' median distance to a multiple of the rhythm, as a share of it, at most (a skipped run is a double gap). */
  maxIrregularity: number;
};

/**
 * Chosen on the demo's backtest (monthly steps 2024-01-31 to 2025-05-31): MAE 7.4 days with runs against 8.5
 * without; 1.5 invoices per run, or a median of the runs' least late invoices as the lag, did worse (7.6, 8.3).
 * Since 2026-11-24 (the demo paying on business days, the lag fitted to the runs): 7.5 with runs, 8.8 without.
 * Since 2026-11-25: a run overdue on D is late, not skipped (7.5 to 7.3 days); two lumps of four make a rhythm
 * (6.93 to 6.81 with the other changes of that day). Letting runs of one or two invoices count from four runs on
 * did worse (7.6: good payers invoiced monthly looked like runs). A monthly settlement told by the calendar, months
 * without an invoice skipped (onOneDayOfMonth): 6.81 to 6.70. Runs read off a trader's transfers rather than the
 * days its invoices were settled (partial lumps) did worse (7.07).
 */
export const RUN_OPTIONS: RunOptions = {
  window: 7,
  minRuns: 3,
  minPerRun: 2,
  minPerLump: 4,
  lateShare: 0.25,
  maxIrregularity: 0.2,
};

/**
 * The customer's payment runs from its invoices settled by the as-of day (`paidDay` the day each was settled), or
 * null when it does not pay in regular runs.
 */
export function paymentRunsOf(
  settled: readonly { due: number; paidDay: number }[],
  options: RunOptions = RUN_OPTIONS,
): PaymentRuns | null {
  // A run: a day on which invoices were settled, with its count.
  const count = new Map<number, number>();
  for (const s of settled) count.set(s.paidDay, (count.get(s.paidDay) ?? 0) + 1);
  const twoLumps = count.size === 2 && settled.length >= 2 * options.minPerLump;
  if (!twoLumps && (count.size < options.minRuns || settled.length < options.minRuns * options.minPerRun)) return null;
  const days = [...count.keys()].sort((a, b) => a - b);
  // Payment days kept to one day of the month (月结, a monthly settlement) are monthly runs on that day, one invoice
  // per run or not, and months without an invoice to pay skipped: their gaps are whole months, not a rhythm of their
  // own (a customer invoiced every other month paying on the 25th pays on the 25th after each invoice is due, not
  // every ~60 days).
  const settlementDay = onOneDayOfMonth(days);
  if (settled.length / days.length < options.minPerRun && settlementDay === null) return null;
  const recent = days.slice(-options.window);
  const last = recent[recent.length - 1] as number;
  if (settlementDay !== null) {
    // The run days the calendar offers (every month's day), the weekend's move aside: which one took each invoice.
    const calendar: number[] = [];
    for (
      let k = 0, d = monthsAfter(days[0] as number, 0, settlementDay);
      d <= last + 3;
      d = monthsAfter(days[0] as number, ++k, settlementDay)
    )
      calendar.push(d);
    const jitter = quantileOf(
      recent.map((d) => Math.min(...calendar.map((c) => Math.abs(d - c)))),
      0.5,
    );
    return {
      last,
      gap: 30,
      lag: bestLag(settled, calendar, recent[0] as number),
      runs: days.length,
      perRun: settled.length / days.length,
      jitter,
      dayOfMonth: settlementDay,
    };
  }
  const gaps = recent.slice(1).map((d, k) => d - (recent[k] as number));
  const gap = quantileOf(gaps, 0.5);
  if (gap < 7) return null;
  const off = gaps.map((g) => Math.abs(g - Math.max(1, Math.round(g / gap)) * gap));
  const jitter = quantileOf(off, 0.5);
  if (jitter > options.maxIrregularity * gap) return null;
  const lag = bestLag(settled, days, recent[0] as number);
  // Monthly runs on (nearly) the same day of the month as the last one.
  const dom = dayOfMonthOf(last);
  const monthly =
    gap >= 27 &&
    gap <= 32 &&
    quantileOf(
      recent.map((d) => Math.abs(dayOfMonthOf(d) - dom)),
      0.5,
    ) <= 2;
  return {
    last,
    gap,
    lag,
    runs: days.length,
    perRun: settled.length / days.length,
    jitter,
    dayOfMonth: monthly ? dom : null,
  };
}

/**
 * The lag that best tells which run took each invoice the recent runs (from `since` on) settled: the one, among those
 * invoices' own lateness, by which "the first run at which it is at least that late" misses their run days by the
 * fewest days in all (the smaller on a tie). A quantile of the runs' least late invoices overshot: a run's least late
 * invoice is the newest it took, anywhere from the lag to a gap beyond it.
 */
function bestLag(settled: readonly { due: number; paidDay: number }[], days: readonly number[], since: number): number {
  const recent = settled.filter((s) => s.paidDay >= since);
  const candidates = [...new Set(recent.map((s) => s.paidDay - s.due))].sort((a, b) => a - b);
  let best = candidates[0] as number;
  let bestMiss = Number.POSITIVE_INFINITY;
  for (const lag of candidates) {
    let miss = 0;
    for (const s of recent) {
      const run = days.find((d) => d >= s.due + lag);
      miss += run === undefined ? Number.POSITIVE_INFINITY : Math.abs(run - s.paidDay);
    }
    if (miss < bestMiss) {
      bestMiss = miss;
      best = lag;
    }
  }
  return best;
}

/**
 * The day of the first run after `from − 1` (the day after D) at which an invoice due on `due` is included (at
 * least `lag` late). The next run is the rhythm's; when that day is already past (no run came since the last one
 * known), the run is late and expected on `from` if it is overdue by at most `lateShare` of the gap, else it was
 * skipped and the one after is looked at the same way. Later runs follow the next one at the gap.
 */
export function nextRunCovering(
  runs: PaymentRuns,
  due: number,
  from: number,
  options: Pick<RunOptions, "lateShare"> = RUN_OPTIONS,
): number {
  const earliest = Math.max(from, due + runs.lag);
  if (runs.dayOfMonth !== null) {
    let run = monthsAfter(runs.last, 1, runs.dayOfMonth);
    for (let k = 2; run < earliest; k++) run = monthsAfter(runs.last, k, runs.dayOfMonth);
    return run;
  }
  let next = runs.last + runs.gap;
  while (next < from) next = from - next <= options.lateShare * runs.gap ? from : next + runs.gap;
  return next + Math.max(0, Math.ceil((earliest - next) / runs.gap)) * runs.gap;
}

const DAY_MS = 86_400_000;
const dayOfMonthOf = (day: number): number => new Date(day * DAY_MS).getUTCDate();

/** The day `months` calendar months after `day`'s month, on `dom` (the month's last day when it is shorter). */
function monthsAfter(day: number, months: number, dom: number): number {
  const d = new Date(day * DAY_MS);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(y, m, Math.min(dom, last)) / DAY_MS;
}

/**
 * P(the run that pays an invoice due on `due` comes later than `due + days`), for the run on `run` the rhythm
 * predicts, `ahead` runs after the last one known: its day is uncertain by the jitter, growing with the runs ahead.
 */
export function runLaterThan(runs: PaymentRuns, run: number, due: number, days: number): number {
  return runOnOrAfter(runs, run, due + days + 1);
}

/**
 * P(the run predicted on `run` falls in the days [from, to)), knowing it falls no earlier than `earliest` (the day
 * after the as-of day: the invoice was still open then). The same day distribution as runLaterThan; without the
 * condition a run predicted for the first days after D would lose the part of its spread that falls on or before D,
 * and the cash forecast would never collect it.
 */
export function runBetween(runs: PaymentRuns, run: number, from: number, to: number, earliest: number): number {
  const lo = Math.max(from, earliest);
  if (to <= lo) return 0;
  const open = runOnOrAfter(runs, run, earliest);
  return open > 0 ? (runOnOrAfter(runs, run, lo) - runOnOrAfter(runs, run, to)) / open : 0;
}

/**
 * P(the run predicted on `run` falls on `day` or later): its day is normal around `run`, rounded to whole days, with
 * a spread of the rhythm's jitter growing as the square root of the runs ahead of the last one known (each gap adds
 * its own error), and at least 2 days (a run is rarely to the day, even when the history says it was).
 */
function runOnOrAfter(runs: PaymentRuns, run: number, day: number): number {
  const ahead = Math.max(1, Math.round((run - runs.last) / runs.gap));
  const sd = Math.max(2, runs.jitter * Math.sqrt(ahead));
  return normalCdf((run - day + 0.5) / sd);
}

/** The q-quantile (lower) of a non-empty list. */
function quantileOf(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] as number;
}

/** Φ(x), the standard normal distribution function (Abramowitz-Stegun 7.1.26, error below 1.5e-7). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/**
 * The day of the month the payment days keep to (月结): at least six of the last twelve, 80% of them on it or up to
 * two days after it (a weekend moves a run, into the next month from the 30th; a short month's last day stands for
 * the 29th to 31st); the day with the most payments exactly on it among those that qualify; null when none does.
 */
function onOneDayOfMonth(all: readonly number[]): number | null {
  const days = all.slice(-12);
  if (days.length < 6) return null;
  // Each payment day as its day of the month and the lengths of its month and the month before.
  const dom = new Array<number>(days.length);
  const len = new Array<number>(days.length);
  const prevLen = new Array<number>(days.length);
  days.forEach((day, k) => {
    const d = new Date(day * DAY_MS);
    dom[k] = d.getUTCDate();
    len[k] = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
    prevLen[k] = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 0)).getUTCDate();
  });
  let best: number | null = null;
  let bestExact = -1;
  for (let c = 1; c <= 31; c++) {
    let near = 0;
    let exact = 0;
    for (let k = 0; k < days.length; k++) {
      const after = (dom[k] as number) - Math.min(c, len[k] as number);
      const afterPrev = (dom[k] as number) + (prevLen[k] as number) - Math.min(c, prevLen[k] as number);
      if ((after >= 0 && after <= 2) || afterPrev <= 2) near++;
      if (after === 0) exact++;
    }
    if (near >= 0.8 * days.length && exact > bestExact) {
      best = c;
      bestExact = exact;
    }
  }
  return best;
}
