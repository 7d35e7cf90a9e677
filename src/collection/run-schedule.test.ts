import { describe, expect, it } from "vitest";
import { dueRunDate } from "./run-schedule.ts";

const on = { enabled: true, at: "06:00" };
// Shanghai is UTC+8: 2025-03-11T22:30Z is 06:30 on the 12th there.
describe("dueRunDate", () => {
  it.each([
    ["before the local time", on, "2025-03-11T21:59:00Z", null, null],
    ["at the local time", on, "2025-03-11T22:00:00Z", null, "2025-03-12"],
    ["later, yesterday done", on, "2025-03-12T03:00:00Z", "2025-03-11", "2025-03-12"],
    ["already done today", on, "2025-03-12T03:00:00Z", "2025-03-12", null],
    ["switched off", { enabled: false, at: "06:00" }, "2025-03-12T03:00:00Z", null, null],
    ["late at night, UTC still the day before", on, "2025-03-12T15:30:00Z", "2025-03-12", null],
  ])("%s", (_label, schedule, now, lastDone, expected) => {
    expect(dueRunDate(schedule, "Asia/Shanghai", new Date(now), lastDone)).toBe(expected);
  });

  it("follows the company's zone across a DST change (New York, 2025-03-09)", () => {
    // 06:00 EDT is 10:00Z on the day clocks went forward; 09:59Z is 05:59 local.
    expect(dueRunDate(on, "America/New_York", new Date("2025-03-09T09:59:00Z"), null)).toBeNull();
    expect(dueRunDate(on, "America/New_York", new Date("2025-03-09T10:00:00Z"), null)).toBe("2025-03-09");
  });
});
