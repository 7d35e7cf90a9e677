// Pay days: companies send transfers on business days, and many pay in a weekly run on one or two days of the week
// (accounts payable's payment run). The hazard model spreads a payment over every day; this puts it on a day the
// customer pays on. The model's latent pay day L is moved to the nearest such day, so P(paid after day X) is the
// hazard's survival at the first latent day that moves past X: for a customer paying on Thursdays, an invoice due
// on a Wednesday is paid the next day unless the Thursday before takes it, and one due on a Thursday is paid on
// time unless the payment slips by four days or more. Pure: days are day numbers, the payment days are those known
// on the as-of day.

/** Weekday of a day number: 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
export const weekdayOf = (day: number): number => (((day + 3) % 7) + 7) % 7;

/** Bit w set: payments fall on weekday w. */
export type WeekdayMask = number;
export const EVERY_DAY: WeekdayMask = 0b1111111;

export type PayWeekdays = {
  mask: WeekdayMask;
  /** Distinct payment days the mask rests on, and how many of them fall on it. */
  days: number;
  onMask: number;
};

export type WeekdayOptions = {
  /** A customer's own weekdays need at least this many distinct payment days. */
  minDays: number;
  /** ...at most this many weekdays (more is "any business day")... */
  maxWeekdays: number;
  /** ...holding at least this share of them. */
  cover: number;
  /** The portfolio pays on a weekday holding at least this share of its payment days. */
  portfolioShare: number;
};

export const WEEKDAY_OPTIONS: WeekdayOptions = { minDays: 6, maxWeekdays: 2, cover: 0.8, portfolioShare: 0.02 };

/** Counts per weekday of distinct days. */
function weekdayCounts(days: Iterable<number>): number[] {
  const counts = [0, 0, 0, 0, 0, 0, 0];
  for (const d of days) counts[weekdayOf(d)] = (counts[weekdayOf(d)] as number) + 1;
  return counts;
}

/** The weekdays the whole portfolio pays on (no weekends when nobody pays then); every day without data. */
export function portfolioWeekdays(days: Iterable<number>, options: WeekdayOptions = WEEKDAY_OPTIONS): WeekdayMask {
  const counts = weekdayCounts(days);
  const total = counts.reduce((s, c) => s + c, 0);
  if (total === 0) return EVERY_DAY;
  let mask = 0;
  counts.forEach((c, w) => {
    if (c >= options.portfolioShare * total) mask |= 1 << w;
  });
  return mask || EVERY_DAY;
}

/**
 * The weekdays a customer pays on, from its distinct payment days known on D: its own when a few weekdays (at most
 * `maxWeekdays`) hold `cover` of at least `minDays` days, else null (it pays on the portfolio's days).
 */
export function customerWeekdays(
  paymentDays: readonly number[],
  options: WeekdayOptions = WEEKDAY_OPTIONS,
): PayWeekdays | null {
  const distinct = new Set(paymentDays);
  if (distinct.size < options.minDays) return null;
  const counts = weekdayCounts(distinct);
  const order = [0, 1, 2, 3, 4, 5, 6].sort((a, b) => (counts[b] as number) - (counts[a] as number) || a - b);
  let mask = 0;
  let onMask = 0;
  for (const w of order.slice(0, options.maxWeekdays)) {
    if ((counts[w] as number) === 0) break;
    mask |= 1 << w;
    onMask += counts[w] as number;
    if (onMask >= options.cover * distinct.size) return { mask, days: distinct.size, onMask };
  }
  return null;
}

/** Days back to the last day on the mask at or before `day`, and forward to the first at or after it. */
function distances(mask: WeekdayMask, day: number): [number, number] {
  const w = weekdayOf(day);
  let back = 0;
  while (!(mask & (1 << ((w - back + 7) % 7)))) back++;
  let fwd = 0;
  while (!(mask & (1 << ((w + fwd) % 7)))) fwd++;
  return [back, fwd];
}

/** The pay day a latent day `day` lands on: the nearest day on the mask (the later one on a tie). */
export function nearestPayDay(mask: WeekdayMask, day: number): number {
  if (mask === 0) return day;
  const [back, fwd] = distances(mask, day);
  return back < fwd ? day - back : day + fwd;
}

/** The pay day nearest to `day`, but not before `earliest` (an invoice open on D is paid after D). */
export function payDayFrom(mask: WeekdayMask, day: number, earliest: number): number {
  const near = nearestPayDay(mask, day);
  if (near >= earliest) return near;
  return mask === 0 ? earliest : earliest + (distances(mask, earliest)[1] as number);
}

/**
 * The first latent day from `earliest` on whose pay day (payDayFrom) falls after `day`: P(paid after `day`) =
 * P(L ≥ it). The pay day never decreases as the latent day grows, so the days before it are paid by `day`.
 */
export function firstLatentDayAfter(mask: WeekdayMask, day: number, earliest: number): number {
  if (earliest > day) return earliest;
  // The answer less `day` depends only on the mask, `day`'s weekday and how far before `day` the earliest day is (a
  // week or more is all the same): read it from a table (the cash forecast asks 14 times per open invoice).
  const key = (mask * 7 + weekdayOf(day)) * 8 + Math.min(day - earliest, 7);
  let offset = LATENT_OFFSETS[key] as number;
  if (offset === UNKNOWN) {
    let t = Math.max(earliest, day - 7);
    while (payDayFrom(mask, t, earliest) <= day) t++;
    offset = t - day;
    LATENT_OFFSETS[key] = offset;
  }
  return day + offset;
}
const UNKNOWN = 127;
/** firstLatentDayAfter − day per (mask, weekday of day, days from the earliest day to `day` up to 7), filled as asked. */
const LATENT_OFFSETS = new Int8Array(128 * 7 * 8).fill(UNKNOWN);

const WEEKDAY_NAMES = ["Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays"];

/** "Thursdays", "Tuesdays and Thursdays". */
export function weekdaysText(mask: WeekdayMask): string {
  return WEEKDAY_NAMES.filter((_, w) => mask & (1 << w)).join(" and ");
}
