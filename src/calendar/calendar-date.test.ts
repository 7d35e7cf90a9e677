import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDays,
  dateInZone,
  dayNumber,
  daysBetween,
  fromDayNumber,
  isIanaTimeZone,
  isIsoDate,
} from "./calendar-date.ts";

describe("calendar dates", () => {
  it.each([
    ["2024-02-29", true],
    ["2023-02-29", false],
    ["2024-13-01", false],
    ["2024-04-31", false],
    ["2024-4-1", false],
    ["1999-12-31", true],
  ])("isIsoDate(%s) = %s", (d, ok) => expect(isIsoDate(d)).toBe(ok));

  it.each([
    ["2024-01-31", 1, "2024-02-01"],
    ["2024-02-28", 1, "2024-02-29"],
    ["2024-03-31", 0, "2024-03-31"],
    ["2025-01-01", -1, "2024-12-31"],
    ["2024-03-10", 365, "2025-03-10"],
  ])("addDays(%s, %d) = %s", (d, n, want) => expect(addDays(d, n)).toBe(want));

  it("counts days across DST changes in any host time zone", () => {
    expect(daysBetween("2024-03-30", "2024-04-01")).toBe(2);
    expect(daysBetween("2024-10-26", "2024-10-28")).toBe(2);
  });

  it("round-trips day numbers", () => {
    fc.assert(
      fc.property(fc.integer({ min: -20000, max: 80000 }), (n) => {
        const d = fromDayNumber(n);
        expect(isIsoDate(d)).toBe(true);
        expect(dayNumber(d)).toBe(n);
        expect(daysBetween(d, addDays(d, 17))).toBe(17);
      }),
    );
  });

  it("tells the date in a time zone", () => {
    const instant = new Date("2024-06-30T17:30:00Z");
    expect(dateInZone(instant, "Asia/Shanghai")).toBe("2024-07-01");
    expect(dateInZone(instant, "America/New_York")).toBe("2024-06-30");
  });
});

describe("isIanaTimeZone", () => {
  it.each([
    ["Asia/Shanghai", true],
    ["America/Argentina/Buenos_Aires", true],
    ["UTC", true],
    ["Etc/UTC", true],
    ["Etc/GMT-8", true],
    // Abbreviations Intl takes but reads against the user: CST is America/Chicago to it.
    ["CST", false],
    ["EST", false],
    ["PRC", false],
    ["GMT+8", false],
    ["+08:00", false],
    ["Mars/Olympus", false],
    ["", false],
  ])("%j: %s", (zone, want) => expect(isIanaTimeZone(zone)).toBe(want));
});
