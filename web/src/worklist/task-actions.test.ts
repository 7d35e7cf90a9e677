import { describe, expect, it } from "vitest";
import { snoozeUntil } from "./task-actions.ts";

// Local times: the dates are built from local fields, so the test holds in any time zone.
const at = (y: number, m: number, d: number, h = 14, min = 30) => new Date(y, m - 1, d, h, min);

describe("snooze times", () => {
  it("one hour on", () => {
    expect(snoozeUntil("hour", at(2025, 3, 12)).getTime() - at(2025, 3, 12).getTime()).toBe(3_600_000);
  });

  it("tomorrow at 09:00, across a month end", () => {
    expect(snoozeUntil("tomorrow", at(2025, 3, 31))).toEqual(at(2025, 4, 1, 9, 0));
  });

  it.each([
    ["Wednesday", at(2025, 3, 12), at(2025, 3, 17, 9, 0)],
    ["Sunday", at(2025, 3, 16), at(2025, 3, 17, 9, 0)],
    ["Monday", at(2025, 3, 17), at(2025, 3, 24, 9, 0)],
    ["Saturday", at(2025, 3, 22), at(2025, 3, 24, 9, 0)],
  ])("next week's Monday at 09:00 from a %s", (_day, now, expected) => {
    expect(snoozeUntil("nextWeek", now)).toEqual(expected);
  });
});
