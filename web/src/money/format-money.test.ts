import { describe, expect, it } from "vitest";
import { formatMinor, formatMoney, groupDecimal, toMinor } from "./format-money.ts";

describe("money display", () => {
  it.each([
    ["258314.74", "258,314.74"],
    ["0", "0"],
    ["999", "999"],
    ["1000", "1,000"],
    ["-1234567.5", "-1,234,567.5"],
    ["12.345", "12.345"],
    ["n/a", "n/a"],
  ])("groups %s as %s", (input, expected) => {
    expect(groupDecimal(input)).toBe(expected);
  });

  it("puts the currency first", () => {
    expect(formatMoney("258314.74", "CNY")).toBe("CNY 258,314.74");
  });

  it.each([
    ["25831474", 2, "258,314.74"],
    ["5", 2, "0.05"],
    ["-5", 2, "-0.05"],
    ["1500", 0, "1,500"],
    ["1234567", 3, "1,234.567"],
  ] as const)("formats %s minor units with %i digits as %s", (minor, digits, expected) => {
    expect(formatMinor(minor, digits)).toBe(expected);
  });

  it("reads decimal text into exact minor units", () => {
    expect(toMinor("258314.74", 2)).toBe(25831474n);
    expect(toMinor("0.1", 2)).toBe(10n);
    expect(toMinor("-3", 2)).toBe(-300n);
    expect(formatMinor(toMinor("0.1", 2) + toMinor("0.2", 2), 2)).toBe("0.30");
  });
});
