// KPI formulas (domain guide, "Measuring the team"; seed 003): pure functions of counts, amounts and dates, written
// out in the README's "KPIs" section. A ratio with nothing to divide by is null, never NaN or Infinity. Money stays
// in bigint minor units per currency; only ratios and day counts are floats.
import { RISK_GRADES, type RiskGrade } from "../aging/aging.rules.ts";
import { addDays, dayNumber, type IsoDate } from "../calendar/calendar-date.ts";
import { CONNECTED_OUTCOMES, type Outcome } from "../collection/collection.enums.ts";

/** Connected outcomes that move the case forward: the debt was discussed and something came of it. */
export const EFFECTIVE_OUTCOMES: readonly Outcome[] = [
  "promise_to_pay",
  "claims_paid",
  "dispute_raised",
  "callback_requested",
];
export { CONNECTED_OUTCOMES };

export type ActivityCounts = {
  /** Outbound interactions on any channel. */
  attempts: number;
  /** Outbound interactions with a connected outcome. */
  connects: number;
  /** Outbound interactions with an effective outcome. */
  effectiveContacts: number;
  /** Connected interactions in either direction (an inbound call is a conversation, not an attempt). */
  conversations: number;
  /** Promises to pay made (not cancelled). */
  promisesMade: number;
  /** Promises that fell due and were settled: kept, partially kept, broken. */
  promisesSettled: number;
  promisesKept: number;
  /** Interactions whose outcome is a complaint, either direction. */
  complaints: number;
};

/** n ÷ d, or null when d is 0. */
export function ratio(n: number, d: number): number | null {
  return d === 0 ? null : n / d;
}

/** n ÷ d for amounts in the same currency, or null when d is 0. */
export function moneyRatio(n: bigint, d: bigint): number | null {
  if (d === 0n) return null;
  const safe = BigInt(Number.MAX_SAFE_INTEGER);
  if (n <= safe && n >= -safe && d <= safe && d >= -safe) return Number(n) / Number(d);
  // Scaled integer division first, so amounts beyond 2^53 lose no precision that would show in the ratio.
  const scale = 1_000_000_000n;
  return Number((n * scale) / d) / Number(scale);
}

export const connectRate = (c: ActivityCounts) => ratio(c.connects, c.attempts);
export const effectiveContactRate = (c: ActivityCounts) => ratio(c.effectiveContacts, c.attempts);
export const promiseRate = (c: ActivityCounts) => ratio(c.promisesMade, c.conversations);
export const promiseKeptRate = (c: ActivityCounts) => ratio(c.promisesKept, c.promisesSettled);
export const complaintRate = (c: ActivityCounts) => ratio(c.complaints, c.conversations);

/** Recovered in the period ÷ overdue at the start of the period (same currency). */
export const recoveryRate = (recovered: bigint, overdueAtStart: bigint) => moneyRatio(recovered, overdueAtStart);

/** A window of credit sales for the countback, newest first. */
export type SalesWindow = { days: number; sales: bigint };

/**
 * DSO by the countback method: walk back through the sales windows (newest first), taking each window's whole days
 * while the receivable left to explain is larger than its sales, then the fraction of the window that the rest
 * represents. 0 when nothing is owed; null when the windows' sales do not cover the receivable (the DSO is longer
 * than the look-back and cannot be told).
 */
export function dsoCountback(receivable: bigint, windows: readonly SalesWindow[]): number | null {
  if (receivable <= 0n) return 0;
  let left = receivable;
  let days = 0;
  for (const w of windows) {
    if (left > w.sales) {
      left -= w.sales;
      days += w.days;
    } else {
      return days + w.days * (moneyRatio(left, w.sales) ?? 0);
    }
  }
  return null;
}

/**
 * Average days delinquent: DSO minus the best possible DSO, where the best possible DSO is the countback of the
 * receivables not yet due (what DSO would be if nothing were overdue).
 */
export function averageDaysDelinquent(dso: number | null, bestPossibleDso: number | null): number | null {
  return dso === null || bestPossibleDso === null ? null : dso - bestPossibleDso;
}

/**
 * Collection effectiveness index, in percent:
 * (opening receivables + credit sales − closing receivables) ÷ (opening receivables + credit sales − closing current
 * receivables) × 100.
 */
export function collectionEffectivenessIndex(input: {
  opening: bigint;
  sales: bigint;
  closing: bigint;
  closingCurrent: bigint;
}): number | null {
  const collected = input.opening + input.sales - input.closing;
  const collectible = input.opening + input.sales - input.closingCurrent;
  const r = moneyRatio(collected, collectible);
  return r === null ? null : r * 100;
}

/** Provision rates per grade in basis points (1/100 of a percent), so provisions stay exact integers. */
export type ProvisionRates = Record<RiskGrade, number>;
export const DEFAULT_PROVISION_RATES: ProvisionRates = {
  current: 0,
  overdue: 500,
  doubtful: 2000,
  bad: 5000,
  dead: 10000,
};

/** amount × rate, rounded half away from zero to a whole minor unit. */
export function provisionFor(amount: bigint, basisPoints: number): bigint {
  const p = amount * BigInt(basisPoints);
  const q = p / 10_000n;
  const r = p % 10_000n;
  if (r * 2n >= 10_000n) return q + 1n;
  if (r * 2n <= -10_000n) return q - 1n;
  return q;
}

/** The bad-debt provision per grade and in total, from the open amounts per grade (one currency). */
export function provisionByGrade(
  open: Partial<Record<RiskGrade, bigint>>,
  rates: ProvisionRates,
): { byGrade: Record<RiskGrade, bigint>; total: bigint } {
  const byGrade = {} as Record<RiskGrade, bigint>;
  let total = 0n;
  for (const g of RISK_GRADES) {
    const p = provisionFor(open[g] ?? 0n, rates[g]);
    byGrade[g] = p;
    total += p;
  }
  return { byGrade, total };
}

export const GRAINS = ["day", "week", "month"] as const;
export type Grain = (typeof GRAINS)[number];
export type Period = { start: IsoDate; end: IsoDate };

/** The first day of the month `months` months after `date`'s month. */
function monthStart(date: IsoDate, months = 0): IsoDate {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + months;
  const d = new Date(Date.UTC(y, m, 1));
  return d.toISOString().slice(0, 10);
}

/**
 * The periods of [from, to]: one period without a grain; else days, ISO weeks (Monday to Sunday) or calendar
 * months, the first and last cut to the range.
 */
export function periodsOf(from: IsoDate, to: IsoDate, grain?: Grain): Period[] {
  if (from > to) return [];
  if (!grain) return [{ start: from, end: to }];
  const out: Period[] = [];
  let start = from;
  while (start <= to) {
    let next: IsoDate;
    if (grain === "day") next = addDays(start, 1);
    else if (grain === "week") {
      // 1970-01-01 was a Thursday: day number + 3 mod 7 is 0 on Mondays.
      const weekday = (((dayNumber(start) + 3) % 7) + 7) % 7;
      next = addDays(start, 7 - weekday);
    } else next = monthStart(start, 1);
    const end = addDays(next, -1);
    out.push({ start, end: end < to ? end : to });
    start = next;
  }
  return out;
}

/**
 * The countback's sales windows ending on `asOf`, newest first: calendar months counted back from the as-of day
 * (2025-03-31, 2025-03-01..2025-03-31 then 2025-02-01..2025-02-28 ...; 2025-03-15: 02-16..03-15, 01-16..02-15 ...).
 */
export function countbackWindows(asOf: IsoDate, months: number): Period[] {
  const out: Period[] = [];
  let end = asOf;
  for (let k = 1; k <= months; k++) {
    const start = addDays(sameDayMonthsBack(asOf, k), 1);
    out.push({ start, end });
    end = addDays(start, -1);
  }
  return out;
}

/** `date` moved back `months` months, the day clamped to the month's length; the last day of a month stays last. */
function sameDayMonthsBack(date: IsoDate, months: number): IsoDate {
  const day = Number(date.slice(8, 10));
  const first = monthStart(date, -months);
  const lastOfMonth = addDays(monthStart(first, 1), -1);
  const isLastDay = addDays(date, 1).slice(8, 10) === "01";
  const lastDay = Number(lastOfMonth.slice(8, 10));
  return isLastDay ? lastOfMonth : `${first.slice(0, 8)}${String(Math.min(day, lastDay)).padStart(2, "0")}`;
}

/** Sums of daily sales over each window: `daily` maps a day to that day's credit sales. */
export function salesWindows(windows: readonly Period[], daily: ReadonlyMap<IsoDate, bigint>): SalesWindow[] {
  return windows.map((w) => {
    let sales = 0n;
    for (let d = w.start; d <= w.end; d = addDays(d, 1)) sales += daily.get(d) ?? 0n;
    return { days: dayNumber(w.end) - dayNumber(w.start) + 1, sales };
  });
}
