// Best contact time (domain guide, "Strategy, timing and tone"): when a contact picks up, learned per hour of week in
// the contact's local time from logged outcomes, smoothed toward Beta priors taken from practice, and suggested only
// inside the intervals the contact gate allows. Pure: no clock (the caller passes `now`), no database.
import { isIsoDate } from "../calendar/calendar-date.ts";
import { formatFor } from "../calendar/zoned-clock.ts";
import { AppError, msg } from "../errors/app-error.ts";

/** One logged attempt; `connected` is true when its outcome is in CONNECTED_OUTCOMES. */
export type OutcomeSample = { at: Date; connected: boolean };
/** 0..167 in the contact's local time; 0 = Monday 00:00–01:00. */
export type HourOfWeek = number;
/** Beta(alpha, beta) per hour of week: pseudo-successes and pseudo-failures, prior included. */
export type ConnectModel = { alpha: Float64Array; beta: Float64Array; samples: number };
export type Window = { start: Date; end: Date };
export type SuggestedWindow = {
  start: Date;
  end: Date;
  /** Posterior connect rate over the window times the day factor (month end / after payday); compare across days. */
  score: number;
  reason: string;
  /** The real counts from `samples` behind the reason (the window's own hours when the reason is a prior). */
  evidence: { connected: number; attempts: number };
};
export type SuggestOptions = {
  /** Window length, default 60; 15..1440. */
  minutes?: number;
  /** Days of the month people are paid; default [10, 25]. A payday past the month's end means its last day. */
  paydays?: readonly number[];
  /** Windows must not start before now. */
  now?: Date;
  /** Intervals to keep clear when possible (other appointments); used only if nothing else is allowed. */
  avoid?: readonly Window[];
};
/** Storage form (jsonb): per slot the difference from the base prior (the observed counts), non-zero slots only. */
export type SerializedModel = { a: Record<number, number>; b: Record<number, number>; n: number };

export const HOURS_OF_WEEK = 168;
export const DEFAULT_PRIOR_STRENGTH = 4;
export const DEFAULT_PAYDAYS: readonly number[] = [10, 25];
/** Share of an attempt credited to each neighbouring hour, so sparse data generalises to ±1h. */
export const NEIGHBOUR_SHARE = 0.25;
/** Customer-level counts enter a contact's model at this weight, capped per slot (see combine). */
export const CUSTOMER_WEIGHT = 0.5;
export const CUSTOMER_CAP = 8;
/** Boost for month end and the days right after payday (practice: people have money and time then). */
export const DAY_BOOST = 1.15;
const MONTH_END_DAYS = 3;
const AFTER_PAYDAY_DAYS = 3;
const EVIDENCE_MIN_ATTEMPTS = 3;
/** Other weekdays join the reason ("Tue/Thu") when their rate at the same hours is this close. */
const AGREEMENT = 0.2;

const MINUTE_MS = 60_000;
const HALF_HOUR_MS = 30 * MINUTE_MS;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const MIN_WINDOW_MS = 15 * MINUTE_MS;
const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;
// Priors are rounded to multiples of 2^-12 so that prior + counts (multiples of 1/4) is exact and a model
// serialises to counts and back without rounding.
const PRIOR_GRAIN = 4096;

// ---------------------------------------------------------------------------------------------------------------------
// Local time through Intl, one formatter per zone.

type Zone = {
  format: Intl.DateTimeFormat;
  /** UTC offset per UTC day number, NaN when it changes during that day (then ask Intl for the instant). */
  dayOffsets: Map<number, number>;
};
const zones = new Map<string, Zone>();
const MAX_CACHED_OFFSETS = 50_000;

function zoneFor(timeZone: string): Zone {
  let z = zones.get(timeZone);
  if (!z) {
    z = { format: formatFor(timeZone), dayOffsets: new Map() };
    zones.set(timeZone, z);
  }
  return z;
}

/** The local wall clock at instant t, as if it were a UTC timestamp (whole seconds). */
function wallClock(t: number, timeZone: string): number {
  let y = 1970;
  let mo = 1;
  let d = 1;
  let h = 0;
  let mi = 0;
  let s = 0;
  for (const p of zoneFor(timeZone).format.formatToParts(t)) {
    switch (p.type) {
      case "year":
        y = Number(p.value);
        break;
      case "month":
        mo = Number(p.value);
        break;
      case "day":
        d = Number(p.value);
        break;
      case "hour":
        h = Number(p.value);
        break;
      case "minute":
        mi = Number(p.value);
        break;
      case "second":
        s = Number(p.value);
        break;
    }
  }
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

function offsetAt(t: number, timeZone: string): number {
  return wallClock(t, timeZone) - Math.floor(t / 1000) * 1000;
}

// Intl costs microseconds per call; learning and explaining need the offset of every sample, so remember it per UTC
// day where it is the same at both ends (all days but the DST ones; no zone changes and changes back within a day).
function cachedOffsetAt(t: number, timeZone: string): number {
  const z = zoneFor(timeZone);
  const day = Math.floor(t / DAY_MS);
  let offset = z.dayOffsets.get(day);
  if (offset === undefined) {
    const first = offsetAt(day * DAY_MS, timeZone);
    offset = first === offsetAt((day + 1) * DAY_MS - 1000, timeZone) ? first : Number.NaN;
    if (z.dayOffsets.size >= MAX_CACHED_OFFSETS) z.dayOffsets.clear();
    z.dayOffsets.set(day, offset);
  }
  return Number.isNaN(offset) ? offsetAt(t, timeZone) : offset;
}

/** 1970-01-01 was a Thursday; Monday = 0. */
function weekdayOfDay(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

export function hourOfWeek(at: Date, timeZone: string): HourOfWeek {
  const t = at.getTime();
  if (Number.isNaN(t)) throw new AppError("invalid_input", msg`hourOfWeek: invalid date`);
  const wall = t + cachedOffsetAt(t, timeZone);
  const day = Math.floor(wall / DAY_MS);
  return weekdayOfDay(day) * 24 + Math.floor((wall - day * DAY_MS) / HOUR_MS);
}

// ---------------------------------------------------------------------------------------------------------------------
// Priors from practice (domain guide; seed articles): mid-afternoon (about 15:00–16:30) best, lunch 11:45–14:00 poor,
// Monday morning busy, Friday afternoon relaxed, nights and weekends very low (the gate forbids most of them anyway).

// Weekday connect rate by local hour.
const WEEKDAY_HOUR_PRIOR = [
  0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.06, 0.18, 0.26, 0.3, 0.26, 0.12, 0.16, 0.3, 0.4, 0.36, 0.24, 0.1, 0.06,
  0.04, 0.02, 0.02, 0.02,
];
const MONDAY_MORNING = 0.6; // 08:00–12:00
const FRIDAY_AFTERNOON = 1.2; // 14:00–18:00
const SATURDAY_DAYTIME = 0.05; // 09:00–18:00
const WEEKEND_OTHER = 0.02;

function priorRate(how: HourOfWeek): number {
  const weekday = Math.floor(how / 24);
  const hour = how % 24;
  if (weekday === 5) return hour >= 9 && hour < 18 ? SATURDAY_DAYTIME : WEEKEND_OTHER;
  if (weekday === 6) return WEEKEND_OTHER;
  const base = WEEKDAY_HOUR_PRIOR[hour] ?? WEEKEND_OTHER;
  if (weekday === 0 && hour >= 8 && hour < 12) return base * MONDAY_MORNING;
  if (weekday === 4 && hour >= 14 && hour < 18) return base * FRIDAY_AFTERNOON;
  return base;
}

const PRIOR_KINDS = {
  night: "early morning and evening rarely connect; best time allowed",
  weekend: "weekends rarely connect; best time allowed",
  mondayMorning: "Monday morning is usually busy; best time allowed",
  fridayAfternoon: "Friday afternoon is usually relaxed",
  midAfternoon: "mid-afternoon usually connects best",
  lunch: "lunch (about 11:45–14:00) rarely connects; best time allowed",
  afternoon: "afternoons usually connect well",
  morning: "mornings connect fairly well",
} as const;
type PriorKind = keyof typeof PRIOR_KINDS;

function priorKind(how: HourOfWeek): PriorKind {
  const weekday = Math.floor(how / 24);
  const hour = how % 24;
  if (weekday >= 5) return "weekend";
  if (hour < 8 || hour >= 18) return "night";
  if (weekday === 0 && hour < 12) return "mondayMorning";
  if (weekday === 4 && hour >= 14) return "fridayAfternoon";
  if (hour === 15 || hour === 16) return "midAfternoon";
  if (hour === 12 || hour === 13) return "lunch";
  if (hour === 14 || hour === 17) return "afternoon";
  return "morning";
}

const PRIOR_REASON_BY_SLOT: readonly string[] = Array.from(
  { length: HOURS_OF_WEEK },
  (_, how) => PRIOR_KINDS[priorKind(how)],
);
const NO_HISTORY_REASON_BY_SLOT: readonly string[] = PRIOR_REASON_BY_SLOT.map((r) => `no history yet: ${r}`);

function buildPrior(strength: number): ConnectModel {
  const alpha = new Float64Array(HOURS_OF_WEEK);
  const beta = new Float64Array(HOURS_OF_WEEK);
  for (let how = 0; how < HOURS_OF_WEEK; how++) {
    const m = priorRate(how);
    alpha[how] = Math.max(1, Math.round(strength * m * PRIOR_GRAIN)) / PRIOR_GRAIN;
    beta[how] = Math.max(1, Math.round(strength * (1 - m) * PRIOR_GRAIN)) / PRIOR_GRAIN;
  }
  return { alpha, beta, samples: 0 };
}

// Shared, never mutated: the base of learnModel, combine and (de)serialisation.
const DEFAULT_PRIOR = buildPrior(DEFAULT_PRIOR_STRENGTH);

/** Beta priors per slot from practice; `strength` is the pseudo-count per slot (default 4). A fresh copy each call. */
export function priorModel(strength: number = DEFAULT_PRIOR_STRENGTH): ConnectModel {
  if (!(Number.isFinite(strength) && strength > 0)) {
    throw new AppError("invalid_input", msg`prior strength must be a positive number, got ${strength}`);
  }
  return strength === DEFAULT_PRIOR_STRENGTH ? copyModel(DEFAULT_PRIOR) : buildPrior(strength);
}

function copyModel(m: ConnectModel): ConnectModel {
  checkShape(m);
  return { alpha: Float64Array.from(m.alpha), beta: Float64Array.from(m.beta), samples: m.samples };
}

function checkShape(m: ConnectModel): void {
  if (m.alpha.length !== HOURS_OF_WEEK || m.beta.length !== HOURS_OF_WEEK) {
    throw new AppError("invalid_input", msg`a connect model has ${HOURS_OF_WEEK} slots, got ${m.alpha.length}`);
  }
}

/**
 * Posterior: the base (default: the prior) plus one count per attempt in its slot and NEIGHBOUR_SHARE in each
 * neighbouring hour of the week, so a contact reached at 15:10 also lifts 14h and 16h a little.
 */
export function learnModel(
  samples: OutcomeSample[],
  timeZone: string,
  base: ConnectModel = DEFAULT_PRIOR,
): ConnectModel {
  const m = copyModel(base);
  for (const s of samples) {
    const how = hourOfWeek(s.at, timeZone);
    const counts = s.connected ? m.alpha : m.beta;
    counts[how] = (counts[how] ?? 0) + 1;
    const before = (how + HOURS_OF_WEEK - 1) % HOURS_OF_WEEK;
    const after = (how + 1) % HOURS_OF_WEEK;
    counts[before] = (counts[before] ?? 0) + NEIGHBOUR_SHARE;
    counts[after] = (counts[after] ?? 0) + NEIGHBOUR_SHARE;
  }
  m.samples += samples.length;
  return m;
}

/**
 * A contact's own data first, its customer's (all contacts) as the fallback prior. Both models must be learned on the
 * default prior. Per slot: prior + contact counts + w × customer counts, w = min(CUSTOMER_WEIGHT, CUSTOMER_CAP / n)
 * where n is the customer's count in that slot. So the customer's data is worth at most 8 attempts per slot (it also
 * contains the contact's own attempts, which the half weight keeps from counting fully twice), and a contact with a
 * few attempts of its own soon outweighs it. `samples` is the larger of the two (the customer's usually includes the
 * contact's).
 */
export function combine(contactModel: ConnectModel | null, customerModel: ConnectModel | null): ConnectModel {
  const m = copyModel(contactModel ?? DEFAULT_PRIOR);
  if (!customerModel) return m;
  checkShape(customerModel);
  for (let i = 0; i < HOURS_OF_WEEK; i++) {
    const ca = Math.max(0, (customerModel.alpha[i] ?? 0) - (DEFAULT_PRIOR.alpha[i] ?? 0));
    const cb = Math.max(0, (customerModel.beta[i] ?? 0) - (DEFAULT_PRIOR.beta[i] ?? 0));
    const n = ca + cb;
    if (n <= 0) continue;
    const w = Math.min(CUSTOMER_WEIGHT, CUSTOMER_CAP / n);
    m.alpha[i] = (m.alpha[i] ?? 0) + w * ca;
    m.beta[i] = (m.beta[i] ?? 0) + w * cb;
  }
  m.samples = Math.max(m.samples, customerModel.samples);
  return m;
}

/** Posterior mean connect rate in one slot. */
export function connectRate(model: ConnectModel, how: HourOfWeek): number {
  const a = model.alpha[how] ?? 0;
  const total = a + (model.beta[how] ?? 0);
  return total > 0 ? a / total : 0;
}

// ---------------------------------------------------------------------------------------------------------------------
// Month end and after payday.

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return MONTH_DAYS[m - 1] ?? 31;
}

type DayKind = { boost: number; note: string };
const PLAIN_DAY: DayKind = { boost: 1, note: "" };
const MONTH_END: DayKind = { boost: DAY_BOOST, note: "; month end" };
const AFTER_PAYDAY: readonly DayKind[] = [1, 2, 3].map((k) => ({
  boost: DAY_BOOST,
  note: `; ${k} day${k === 1 ? "" : "s"} after payday`,
}));

function dayKind(y: number, m: number, d: number, paydays: readonly number[]): DayKind {
  if (d > daysInMonth(y, m) - MONTH_END_DAYS) return MONTH_END;
  for (let k = 1; k <= AFTER_PAYDAY_DAYS; k++) {
    let py = y;
    let pm = m;
    let pd = d - k;
    if (pd < 1) {
      pm -= 1;
      if (pm < 1) {
        pm = 12;
        py -= 1;
      }
      pd += daysInMonth(py, pm);
    }
    const last = daysInMonth(py, pm);
    for (const p of paydays) if (Math.min(p, last) === pd) return AFTER_PAYDAY[k - 1] ?? PLAIN_DAY;
  }
  return PLAIN_DAY;
}

function checkPaydays(paydays: readonly number[]): void {
  for (const p of paydays) {
    if (!(Number.isInteger(p) && p >= 1 && p <= 31)) {
      throw new AppError("invalid_input", msg`payday ${p} is not a day of the month (expected 1..31)`);
    }
  }
}

function checkDate(date: string): void {
  if (!isIsoDate(date)) throw new AppError("invalid_input", msg`"${date}" is not a date (expected YYYY-MM-DD)`);
}

/** DAY_BOOST in the last 3 days of the month and the 1–3 days after a payday, else 1. */
export function dayFactor(date: string, paydays: readonly number[] = DEFAULT_PAYDAYS): number {
  checkDate(date);
  checkPaydays(paydays);
  return dayKind(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)), paydays).boost;
}

// ---------------------------------------------------------------------------------------------------------------------
// One local day in UTC, cached per (zone, date): the daily run asks for the same few of them 100,000 times.

type LocalDay = {
  start: number;
  end: number;
  /** Where the UTC offset changes within the day (DST); `end` if it does not. */
  split: number;
  offsetBefore: number;
  offsetAfter: number;
  /** Local 00:00 as a wall-clock timestamp. */
  midnight: number;
  weekday: number;
  defaultKind: DayKind;
  y: number;
  m: number;
  d: number;
};

const MAX_CACHED_DAYS = 4096;
const days = new Map<string, LocalDay>();

/** First t in (lo, hi] with pred(t), given !pred(lo) and pred(hi); to the second. */
function firstTrue(lo: number, hi: number, pred: (t: number) => boolean): number {
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (pred(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** The first instant whose local wall clock is at or after `wall` (local midnight may be skipped by DST). */
function startOfWall(wall: number, timeZone: string): number {
  const before = wall - offsetAt(wall - DAY_MS, timeZone);
  const after = wall - offsetAt(wall + DAY_MS, timeZone);
  const lo = Math.min(before, after);
  const hi = Math.max(before, after);
  if (wallClock(lo, timeZone) === wall) return lo;
  if (wallClock(hi, timeZone) === wall) return hi;
  return firstTrue(lo, hi, (t) => wallClock(t, timeZone) >= wall);
}

function localDay(timeZone: string, date: string): LocalDay {
  const key = `${timeZone} ${date}`;
  const cached = days.get(key);
  if (cached) return cached;
  checkDate(date);
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  const midnight = Date.UTC(y, m - 1, d);
  const start = startOfWall(midnight, timeZone);
  const end = startOfWall(midnight + DAY_MS, timeZone);
  const offsetBefore = offsetAt(start, timeZone);
  const offsetAfter = offsetAt(end - 1000, timeZone);
  const split =
    offsetBefore === offsetAfter ? end : firstTrue(start, end - 1000, (t) => offsetAt(t, timeZone) !== offsetBefore);
  const day: LocalDay = {
    start,
    end,
    split,
    offsetBefore,
    offsetAfter,
    midnight,
    weekday: weekdayOfDay(midnight / DAY_MS),
    defaultKind: dayKind(y, m, d, DEFAULT_PAYDAYS),
    y,
    m,
    d,
  };
  if (days.size >= MAX_CACHED_DAYS) days.clear();
  days.set(key, day);
  return day;
}

function offsetIn(day: LocalDay, t: number): number {
  return t < day.split ? day.offsetBefore : day.offsetAfter;
}

/** Local hour 0..23 of an instant inside the day. */
function hourIn(day: LocalDay, t: number): number {
  const h = Math.floor((t + offsetIn(day, t) - day.midnight) / HOUR_MS);
  return h < 0 ? 0 : h > 23 ? 23 : h;
}

/** Time-weighted mean connect rate over [s, e). */
function meanRate(model: ConnectModel, day: LocalDay, s: number, e: number): number {
  let sum = 0;
  let t = s;
  while (t < e) {
    const off = offsetIn(day, t);
    const hour = hourIn(day, t);
    let next = day.midnight - off + (hour + 1) * HOUR_MS;
    if (t < day.split && next > day.split) next = day.split;
    if (next > e || next <= t) next = e;
    sum += (next - t) * connectRate(model, day.weekday * 24 + hour);
    t = next;
  }
  return sum / (e - s);
}

// ---------------------------------------------------------------------------------------------------------------------
// The suggestion.

// Scratch counts for the reason, reused across calls (the daily run makes ~100,000 of them).
const connectedBySlot = new Int32Array(HOURS_OF_WEEK);
const attemptsBySlot = new Int32Array(HOURS_OF_WEEK);

/**
 * Best window (default 60 minutes, starting on the local hour or half hour) on the given local date inside `allowed`
 * (UTC intervals from the contact gate), avoiding `options.avoid` when possible; null when nothing is allowed that day.
 * A window lies inside one allowed interval; an interval shorter than `minutes` gives a window as long as the interval
 * (at least 15 minutes), and one with no aligned start that fits gives a window at its edge. Ties go to the earliest.
 * The score is multiplied by the day factor (month end / after payday), which ranks days, not windows within a day.
 */
export function suggestWindow(
  model: ConnectModel,
  samples: OutcomeSample[] | null,
  timeZone: string,
  date: string,
  allowed: Window[],
  options?: SuggestOptions,
): SuggestedWindow | null {
  const minutes = options?.minutes ?? 60;
  if (!(Number.isFinite(minutes) && minutes >= 15 && minutes <= 1440)) {
    throw new AppError("invalid_input", msg`window length must be 15..1440 minutes, got ${minutes}`);
  }
  const windowMs = minutes * MINUTE_MS;
  const day = localDay(timeZone, date);
  const nowMs = options?.now ? options.now.getTime() : Number.NEGATIVE_INFINITY;
  const avoid = options?.avoid;

  let bestStart = 0;
  let bestEnd = 0;
  let bestScore = Number.NEGATIVE_INFINITY;
  let bestAvoided = false;
  let found = false;

  const consider = (s: number, e: number): void => {
    let hitsAvoid = false;
    if (avoid) {
      for (const w of avoid) {
        if (s < w.end.getTime() && w.start.getTime() < e) {
          hitsAvoid = true;
          break;
        }
      }
    }
    if (found && hitsAvoid && !bestAvoided) return;
    const score = meanRate(model, day, s, e);
    const better =
      !found ||
      (bestAvoided && !hitsAvoid) ||
      score > bestScore + 1e-12 ||
      (score >= bestScore - 1e-12 && s < bestStart);
    if (!better) return;
    found = true;
    bestStart = s;
    bestEnd = e;
    bestScore = score;
    bestAvoided = hitsAvoid;
  };

  for (const w of allowed) {
    const a = Math.max(w.start.getTime(), day.start, nowMs);
    const b = Math.min(w.end.getTime(), day.end);
    if (!(b - a >= MIN_WINDOW_MS)) continue;
    const len = Math.min(windowMs, b - a);
    const lastStart = b - len;
    let aligned = false;
    for (let seg = 0; seg < 2; seg++) {
      const segStart = seg === 0 ? day.start : day.split;
      const segEnd = seg === 0 ? day.split : day.end;
      const lo = Math.max(a, segStart);
      const hi = Math.min(lastStart, segEnd - 1);
      if (lo > hi) continue;
      const off = seg === 0 ? day.offsetBefore : day.offsetAfter;
      for (let t = Math.ceil((lo + off) / HALF_HOUR_MS) * HALF_HOUR_MS - off; t <= hi; t += HALF_HOUR_MS) {
        consider(t, t + len);
        aligned = true;
      }
    }
    if (!aligned) {
      consider(a, a + len);
      if (lastStart !== a) consider(lastStart, b);
    }
  }
  if (!found) return null;

  const paydays = options?.paydays;
  let kind = day.defaultKind;
  if (paydays && paydays !== DEFAULT_PAYDAYS) {
    checkPaydays(paydays);
    kind = dayKind(day.y, day.m, day.d, paydays);
  }
  const { reason, connected, attempts } = explain(day, bestStart, bestEnd, samples, timeZone);
  return {
    start: new Date(bestStart),
    end: new Date(bestEnd),
    score: bestScore * kind.boost,
    reason: kind.note ? reason + kind.note : reason,
    evidence: { connected, attempts },
  };
}

/**
 * "connected 6 of 8 times on Tue/Thu 15–16h" from the real counts in the window's hours, joined by other weekdays
 * whose rate at those hours agrees; otherwise the prior that made the slot win.
 */
function explain(
  day: LocalDay,
  s: number,
  e: number,
  samples: OutcomeSample[] | null,
  timeZone: string,
): { reason: string; connected: number; attempts: number } {
  const firstHour = hourIn(day, s);
  const lastHour = Math.max(firstHour, hourIn(day, e - 1));
  const mainSlot = day.weekday * 24 + hourIn(day, s + Math.floor((e - s) / 2) - 1);
  if (!samples || samples.length === 0) {
    return { reason: NO_HISTORY_REASON_BY_SLOT[mainSlot] ?? "no history yet", connected: 0, attempts: 0 };
  }

  connectedBySlot.fill(0);
  attemptsBySlot.fill(0);
  for (const sample of samples) {
    const how = hourOfWeek(sample.at, timeZone);
    attemptsBySlot[how] = (attemptsBySlot[how] ?? 0) + 1;
    if (sample.connected) connectedBySlot[how] = (connectedBySlot[how] ?? 0) + 1;
  }
  const countsOn = (weekday: number): [number, number] => {
    let c = 0;
    let n = 0;
    for (let h = firstHour; h <= lastHour; h++) {
      c += connectedBySlot[weekday * 24 + h] ?? 0;
      n += attemptsBySlot[weekday * 24 + h] ?? 0;
    }
    return [c, n];
  };

  const [ownConnected, ownAttempts] = countsOn(day.weekday);
  let connected = ownConnected;
  let attempts = ownAttempts;
  const dayNames: string[] = [];
  if (ownAttempts > 0) {
    const ownRate = ownConnected / ownAttempts;
    for (let wd = 0; wd < 7; wd++) {
      if (wd === day.weekday) {
        dayNames.push(WEEKDAYS[wd] ?? "");
        continue;
      }
      const [c, n] = countsOn(wd);
      if (n >= 2 && Math.abs(c / n - ownRate) <= AGREEMENT) {
        dayNames.push(WEEKDAYS[wd] ?? "");
        connected += c;
        attempts += n;
      }
    }
  }
  if (attempts >= EVIDENCE_MIN_ATTEMPTS) {
    return {
      reason: `connected ${connected} of ${attempts} times on ${dayNames.join("/")} ${firstHour}–${lastHour + 1}h`,
      connected,
      attempts,
    };
  }
  const prior = PRIOR_REASON_BY_SLOT[mainSlot] ?? "";
  const reason =
    ownAttempts === 0
      ? `no history at this time yet: ${prior}`
      : `only ${ownConnected} of ${ownAttempts} connected at this time so far: ${prior}`;
  return { reason, connected: ownConnected, attempts: ownAttempts };
}

// ---------------------------------------------------------------------------------------------------------------------
// Storage.

/**
 * Counts per slot (the model minus `base`, default the default prior), only non-zero slots. Storing counts rather than
 * totals lets a later change of the priors apply to stored models. Keys are slots 0..167.
 */
export function serializeModel(m: ConnectModel, base: ConnectModel = DEFAULT_PRIOR): SerializedModel {
  checkShape(m);
  checkShape(base);
  const a: Record<number, number> = {};
  const b: Record<number, number> = {};
  for (let i = 0; i < HOURS_OF_WEEK; i++) {
    const da = (m.alpha[i] ?? 0) - (base.alpha[i] ?? 0);
    const db = (m.beta[i] ?? 0) - (base.beta[i] ?? 0);
    if (da !== 0) a[i] = da;
    if (db !== 0) b[i] = db;
  }
  return { a, b, n: m.samples };
}

/** The inverse of serializeModel; `stored` is checked, as it comes back from jsonb. */
export function deserializeModel(stored: unknown, base: ConnectModel = DEFAULT_PRIOR): ConnectModel {
  const m = copyModel(base);
  if (typeof stored !== "object" || stored === null) {
    throw new AppError("invalid_input", msg`a stored connect model must be an object { a, b, n }`);
  }
  const { a, b, n } = stored as Record<string, unknown>;
  if (typeof n !== "number" || !Number.isFinite(n) || n < 0) {
    throw new AppError("invalid_input", msg`a stored connect model needs a sample count n >= 0, got ${String(n)}`);
  }
  addCounts(m.alpha, a, "a");
  addCounts(m.beta, b, "b");
  m.samples = n;
  return m;
}

function addCounts(target: Float64Array, counts: unknown, field: string): void {
  if (typeof counts !== "object" || counts === null) {
    throw new AppError("invalid_input", msg`a stored connect model needs "${field}" as an object of slot: count`);
  }
  for (const [key, value] of Object.entries(counts)) {
    const slot = Number(key);
    if (!(Number.isInteger(slot) && slot >= 0 && slot < HOURS_OF_WEEK) || typeof value !== "number") {
      throw new AppError(
        "invalid_input",
        msg`stored connect model "${field}": ${key}: ${String(value)} is not slot 0..167 with a number`,
      );
    }
    if (!Number.isFinite(value)) {
      throw new AppError("invalid_input", msg`stored connect model "${field}": slot ${key} has ${value}`);
    }
    target[slot] = (target[slot] ?? 0) + value;
  }
}
