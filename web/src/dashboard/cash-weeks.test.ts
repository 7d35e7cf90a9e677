import { describe, expect, it } from "vitest";
import type { CashWeek } from "../api/analytics-types.ts";
import { totalExpected, weeksOf } from "./cash-weeks.ts";

const week = (currency: string, weekStart: string, expected: string): CashWeek => ({
  currency,
  weekStart,
  weekEnd: weekStart,
  expected,
  low: "0",
  high: expected,
});

describe("the cash forecast card's weeks", () => {
  const cash = [
    week("CNY", "2026-11-26", "0.10"),
    week("CNY", "2026-12-03", "0.20"),
    week("USD", "2026-11-26", "5.00"),
    week("JPY", "2026-11-26", "7"),
  ];

  it("shows the dashboard's currency, or the forecast's first one when it has none in it", () => {
    expect(weeksOf(cash, "USD").map((w) => w.expected)).toEqual(["5.00"]);
    expect(weeksOf(cash, "EUR").map((w) => w.currency)).toEqual(["CNY", "CNY"]);
    expect(weeksOf(cash, null).map((w) => w.currency)).toEqual(["CNY", "CNY"]);
    expect(weeksOf([], "CNY")).toEqual([]);
  });

  it("adds the weeks exactly, in the currency's digits (0.1 + 0.2 is 0.30)", () => {
    expect(totalExpected(weeksOf(cash, "CNY"), "CNY")).toBe("0.30");
    expect(totalExpected(weeksOf(cash, "JPY"), "JPY")).toBe("7");
    expect(totalExpected([week("CNY", "x", "1234567.89"), week("CNY", "y", "1.11")], "CNY")).toBe("1,234,569.00");
  });
});
