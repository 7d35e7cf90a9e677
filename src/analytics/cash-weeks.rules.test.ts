import { describe, expect, it } from "vitest";
import { dayNumber, fromDayNumber } from "../calendar/calendar-date.ts";
import { cashWeekIndex, cashWeekStart } from "./cash-weeks.rules.ts";

const start = (first: string, w: number) => fromDayNumber(cashWeekStart(dayNumber(first), w));

describe("the cash forecast's weeks", () => {
  it("run Monday to Sunday, the first from the day after the as-of day to that Sunday", () => {
    // As of Tuesday 2026-11-24: the first week is Wednesday 25 to Sunday 29, then Mondays.
    expect([0, 1, 2, 12].map((w) => start("2026-11-25", w))).toEqual([
      "2026-11-25",
      "2026-11-30",
      "2026-12-07",
      "2027-02-15",
    ]);
    // As of a Sunday the first week is a whole one; as of a Saturday it is one day.
    expect([0, 1].map((w) => start("2026-11-30", w))).toEqual(["2026-11-30", "2026-12-07"]);
    expect([0, 1].map((w) => start("2026-11-29", w))).toEqual(["2026-11-29", "2026-11-30"]);
  });

  it("tell which week a day falls in, the inverse of the starts", () => {
    for (const first of ["2026-11-25", "2026-11-29", "2026-11-30", "2024-02-26"]) {
      const f = dayNumber(first);
      expect(cashWeekIndex(f, f - 1)).toBe(-1);
      for (let day = f; day < f + 100; day++) {
        const w = cashWeekIndex(f, day);
        expect(cashWeekStart(f, w)).toBeLessThanOrEqual(day);
        expect(cashWeekStart(f, w + 1)).toBeGreaterThan(day);
        // Every week after the first starts on a Monday (ISO weekday 1).
        if (w > 0) expect(new Date(cashWeekStart(f, w) * 86_400_000).getUTCDay()).toBe(1);
      }
    }
  });
});
