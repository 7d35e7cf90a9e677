// The CLI's argument parsers, shared by the commands: each refuses a bad value with commander's own message
// ("error: option '--to <date>' argument '2026-13-01' is invalid. "2026-13-01" is not a date ...").
import { InvalidArgumentError } from "commander";
import { isIsoDate } from "../calendar/calendar-date.ts";

/** A day, YYYY-MM-DD, that exists. */
export function isoDate(v: string): string {
  if (!isIsoDate(v)) throw new InvalidArgumentError(`"${v}" is not a date (expected YYYY-MM-DD)`);
  return v;
}

/** A whole number, 0 or more. */
export function wholeNumber(v: string): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0 || v.trim() === "")
    throw new InvalidArgumentError(`"${v}" is not a whole number`);
  return n;
}

/** A whole number, 1 or more. */
export function countAbove0(v: string): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n <= 0) throw new InvalidArgumentError(`"${v}" is not a whole number above 0`);
  return n;
}
