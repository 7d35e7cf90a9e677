import { describe, expect, it } from "vitest";
import { isoDate, startsWithRealDate } from "./route-schemas.ts";

describe("isoDate", () => {
  it.each([
    ["2025-03-12", true],
    ["2024-02-29", true],
    ["2000-02-29", true],
    ["2025-02-29", false],
    ["1900-02-29", false],
    ["2025-02-30", false],
    ["2025-04-31", false],
    ["2025-13-01", false],
    ["2025-00-10", false],
    ["2025-01-00", false],
    ["12/03/2025", false],
    ["2025-3-12", false],
  ])("%s: %s", (text, ok) => {
    expect(isoDate.safeParse(text).success).toBe(ok);
  });

  it("says what is wrong once: the shape, or a date that does not exist", () => {
    expect(isoDate.safeParse("12/03/2025").error?.issues.map((i) => i.message)).toEqual(["expected YYYY-MM-DD"]);
    expect(isoDate.safeParse("2025-02-30").error?.issues.map((i) => i.message)).toEqual([
      '"2025-02-30" is not a date that exists (expected YYYY-MM-DD)',
    ]);
  });
});

describe("startsWithRealDate", () => {
  it.each([
    ["2025-03-12T02:00:00Z", true],
    ["2025-03-12T02:00:00.000Z~payment~12", true],
    ["2025-03-12", true],
    ["2025-02-30", false],
    ["2025-02-30T00:00:00Z", false],
    ["2025-02-30T00:00:00.000Z~invoice~1", false],
    ["2025-03-12x", false],
    ["yesterday", false],
    ["March 2, 2025", false],
  ])("%s: %s", (text, ok) => {
    expect(startsWithRealDate(text)).toBe(ok);
  });
});
