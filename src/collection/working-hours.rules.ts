// The company's working hours (the setting company.workingHours): the days and hours its collectors work, in the
// company's time zone, with an optional lunch break. The window planner suggests contact windows only inside them.
// Pure: local times become UTC instants through Intl, exact across DST changes; no clock, no database.
import { addDays, type IsoDate } from "../calendar/calendar-date.ts";
import { instantOfWall } from "../calendar/zoned-clock.ts";

/** ISO 8601 order, Monday first. */
export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export type WorkingHours = {
  days: Weekday[];
  /** Local wall time in the company's zone, HH:MM; [from, to) on each working day. */
  from: string;
  to: string;
  /** Not working in [from, to) of the lunch break, when there is one. */
  lunch?: { from: string; to: string };
};

/** A Chinese office day: Monday to Friday 09:00–18:00 with an hour for lunch. */
export const DEFAULT_WORKING_HOURS: WorkingHours = {
  days: ["mon", "tue", "wed", "thu", "fri"],
  from: "09:00",
  to: "18:00",
  lunch: { from: "12:00", to: "13:00" },
};

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Minutes since local midnight of an HH:MM text. */
export function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/** Every problem of a working-hours value, each with its path (the settings schema reports them; empty: valid). */
export function workingHoursProblems(h: WorkingHours): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const time = (value: string, path: (string | number)[]) => {
    if (HHMM.test(value)) return true;
    problems.push({ path, message: `"${value}" is not a time: expected HH:MM (00:00–23:59), e.g. 09:00` });
    return false;
  };
  if (h.days.length === 0) problems.push({ path: ["days"], message: "at least one working day" });
  if (new Set(h.days).size !== h.days.length) problems.push({ path: ["days"], message: "a day is named twice" });
  const hours = [time(h.from, ["from"]), time(h.to, ["to"])].every(Boolean);
  if (hours && minutesOf(h.from) >= minutesOf(h.to)) {
    problems.push({ path: ["to"], message: `the end (${h.to}) must be after the start (${h.from})` });
  }
  const lunch = h.lunch;
  if (!lunch || ![time(lunch.from, ["lunch", "from"]), time(lunch.to, ["lunch", "to"])].every(Boolean)) {
    return problems;
  }
  if (minutesOf(lunch.from) >= minutesOf(lunch.to)) {
    const message = `the lunch break's end (${lunch.to}) must be after its start (${lunch.from})`;
    problems.push({ path: ["lunch", "to"], message });
  } else if (hours && (minutesOf(lunch.from) < minutesOf(h.from) || minutesOf(lunch.to) > minutesOf(h.to))) {
    const message = `the lunch break (${lunch.from}–${lunch.to}) must lie within the working hours (${h.from}–${h.to})`;
    problems.push({ path: ["lunch"], message });
  }
  return problems;
}

export type Interval = { start: Date; end: Date };

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** 1970-01-01 was a Thursday; Monday = 0. */
const weekdayOf = (date: IsoDate): Weekday =>
  WEEKDAYS[(((Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS) + 3) % 7) + 7) % 7] as Weekday;

/** The working intervals (UTC) of one local date in the company's zone: none on a day off; lunch cut out. */
export function workingIntervalsOn(hours: WorkingHours, timeZone: string, date: IsoDate): Interval[] {
  if (!hours.days.includes(weekdayOf(date))) return [];
  const midnight = Date.parse(`${date}T00:00:00Z`);
  const at = (hhmm: string) => new Date(instantOfWall(midnight + minutesOf(hhmm) * MINUTE_MS, timeZone));
  const breaks = hours.lunch ? [hours.lunch.from, hours.lunch.to] : [];
  const edges = [hours.from, ...breaks, hours.to].map(at);
  const out: Interval[] = [];
  for (let i = 0; i + 1 < edges.length; i += 2) {
    const start = edges[i] as Date;
    const end = edges[i + 1] as Date;
    if (start < end) out.push({ start, end });
  }
  return out;
}

/**
 * The working intervals (UTC) that overlap [from, to), in order: the company's local dates that can touch the range
 * (offsets lie within -12h..+14h, so a day either side).
 */
export function workingIntervalsBetween(hours: WorkingHours, timeZone: string, from: Date, to: Date): Interval[] {
  const first = new Date(from.getTime() - DAY_MS).toISOString().slice(0, 10);
  const last = new Date(to.getTime() + DAY_MS).toISOString().slice(0, 10);
  const out: Interval[] = [];
  for (let d = first; d <= last; d = addDays(d, 1)) {
    for (const w of workingIntervalsOn(hours, timeZone, d)) if (w.start < to && w.end > from) out.push(w);
  }
  return out;
}

/** Where two ordered lists of disjoint intervals overlap, in order. */
export function intersectIntervals(x: readonly Interval[], y: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    const a = x[i] as Interval;
    const b = y[j] as Interval;
    const start = a.start > b.start ? a.start : b.start;
    const end = a.end < b.end ? a.end : b.end;
    if (start < end) out.push({ start, end });
    if (a.end < b.end) i++;
    else j++;
  }
  return out;
}
