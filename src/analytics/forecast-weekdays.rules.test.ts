import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dayNumber } from "../calendar/calendar-date.ts";
import {
  customerWeekdays,
  EVERY_DAY,
  firstLatentDayAfter,
  nearestPayDay,
  payDayFrom,
  portfolioWeekdays,
  weekdayOf,
  weekdaysText,
} from "./forecast-weekdays.rules.ts";

const day = dayNumber;
const THU = 1 << 3;
const BUSINESS = 0b0011111;
/** The Thursdays from `from` on. */
const thursdays = (from: string, n: number) => Array.from({ length: n }, (_, k) => day(from) + 7 * k);

describe("weekdays", () => {
  it("numbers weekdays from Monday", () => {
    expect(weekdayOf(day("2026-11-23"))).toBe(0);
    expect(weekdayOf(day("2026-11-26"))).toBe(3);
    expect(weekdayOf(day("2026-11-29"))).toBe(6);
    expect(weekdayOf(day("1969-12-31"))).toBe(2);
  });

  it("the portfolio pays on the weekdays that hold a share of its payment days; every day without data", () => {
    const weekdaysOnly = Array.from({ length: 200 }, (_, k) => day("2025-01-06") + k).filter((d) => weekdayOf(d) < 5);
    expect(portfolioWeekdays(weekdaysOnly)).toBe(BUSINESS);
    // One Saturday among 140 business days is below 2%: still no weekends.
    expect(portfolioWeekdays([...weekdaysOnly, day("2025-01-11")])).toBe(BUSINESS);
    expect(portfolioWeekdays([])).toBe(EVERY_DAY);
  });

  it("a customer pays on its own weekdays when a few of them hold most of its payment days", () => {
    const run = [...thursdays("2025-01-02", 8), day("2025-03-07")];
    expect(customerWeekdays(run)).toEqual({ mask: THU, days: 9, onMask: 8 });
    // Repeated days count once.
    expect(customerWeekdays([...run, ...run])).toEqual({ mask: THU, days: 9, onMask: 8 });
    // Tuesdays and Thursdays.
    const twice = [...thursdays("2025-01-02", 5), ...thursdays("2024-12-31", 5)];
    expect(customerWeekdays(twice)?.mask).toBe(THU | (1 << 1));
    expect(weekdaysText(THU | (1 << 1))).toBe("Tuesdays and Thursdays");
  });

  it("too few payment days, or days spread over the week, say nothing of the customer", () => {
    expect(customerWeekdays(thursdays("2025-01-02", 5))).toBeNull();
    const spread = Array.from({ length: 20 }, (_, k) => day("2025-01-06") + k).filter((d) => weekdayOf(d) < 5);
    expect(customerWeekdays(spread)).toBeNull();
  });

  it("moves a latent day to the nearest pay day, never before the earliest", () => {
    const thu = day("2025-01-09");
    expect(nearestPayDay(THU, thu)).toBe(thu);
    expect(nearestPayDay(THU, thu + 3)).toBe(thu); // Sunday: 3 days back
    expect(nearestPayDay(THU, thu + 4)).toBe(thu + 7); // Monday: 3 days ahead
    expect(nearestPayDay(BUSINESS, thu + 2)).toBe(thu + 1); // Saturday: Friday
    expect(nearestPayDay(BUSINESS, thu + 3)).toBe(thu + 4); // Sunday: Monday
    expect(nearestPayDay(EVERY_DAY, thu + 2)).toBe(thu + 2);
    expect(payDayFrom(THU, thu + 1, thu + 1)).toBe(thu + 7);
    expect(payDayFrom(THU, thu - 1, thu)).toBe(thu);
  });

  it("P(paid after X) reads the survival at the first latent day whose pay day is after X", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 127 }),
        fc.integer({ min: 19_000, max: 21_000 }),
        fc.integer({ min: -10, max: 20 }),
        fc.integer({ min: 0, max: 30 }),
        (mask, earliest, x, t) => {
          const boundary = firstLatentDayAfter(mask, earliest + x, earliest);
          expect(boundary).toBeGreaterThanOrEqual(earliest);
          // Pay days never decrease with the latent day, and the boundary splits them at X.
          const latent = earliest + t;
          expect(payDayFrom(mask, latent + 1, earliest)).toBeGreaterThanOrEqual(payDayFrom(mask, latent, earliest));
          expect(payDayFrom(mask, latent, earliest) > earliest + x).toBe(latent >= boundary);
          expect(mask & (1 << weekdayOf(payDayFrom(mask, latent, earliest)))).not.toBe(0);
        },
      ),
    );
  });
});
