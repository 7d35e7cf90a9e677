// Local wall time and UTC instants in an IANA time zone, DST-safe, one formatter per zone (cached). For the pure rules
// that turn a local "09:00 on a date" into an instant and back.
import { AppError, msg } from "../errors/app-error.ts";

const DAY_MS = 86_400_000;
const formats = new Map<string, Intl.DateTimeFormat>();

/** The zone's formatter to wall-clock parts (24-hour), cached; an unknown zone is refused with its name. */
export function formatFor(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat("en-US", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        second: "numeric",
      });
    } catch {
      throw new AppError(
        "invalid_input",
        msg`unknown time zone "${timeZone}" (expected an IANA name such as Asia/Shanghai)`,
      );
    }
    if (formats.size < 1000) formats.set(timeZone, f);
  }
  return f;
}

/** The local wall clock at instant t (whole seconds) as if it were a UTC timestamp. */
export function wallClock(t: number, timeZone: string): number {
  const p: Record<string, number> = {};
  for (const part of formatFor(timeZone).formatToParts(Math.floor(t / 1000) * 1000)) p[part.type] = Number(part.value);
  return Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
}

/**
 * The first instant whose local wall clock is at or after `wall`: a time skipped by a spring-forward change gives
 * the instant of the change; a time repeated by a fall-back change gives its first occurrence.
 */
export function instantOfWall(wall: number, timeZone: string): number {
  // The offsets a day before and a day after bracket the answer (zones change offset at most once a day).
  const a = wall - (wallClock(wall - DAY_MS, timeZone) - (wall - DAY_MS));
  const b = wall - (wallClock(wall + DAY_MS, timeZone) - (wall + DAY_MS));
  let lo = Math.min(a, b);
  let hi = Math.max(a, b);
  if (wallClock(lo, timeZone) === wall) return lo;
  if (wallClock(hi, timeZone) === wall) return hi;
  // In a gap: the wall clock jumps past `wall` somewhere in (lo, hi]; find the jump to the second.
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (wallClock(mid, timeZone) >= wall) hi = mid;
    else lo = mid;
  }
  return hi;
}
