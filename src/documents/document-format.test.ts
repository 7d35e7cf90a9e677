import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseDecimal } from "../money/money.ts";
import { chineseCapitalAmount, groupedAmount, localDateTime, longDate } from "./document-format.ts";

describe("groupedAmount", () => {
  it.each([
    [0n, "CNY", "0.00"],
    [5n, "CNY", "0.05"],
    [-5n, "CNY", "-0.05"],
    [123456n, "CNY", "1,234.56"],
    [100000000n, "CNY", "1,000,000.00"],
    [-123456789n, "CNY", "-1,234,567.89"],
    [1234567n, "JPY", "1,234,567"],
    [1234567n, "BHD", "1,234.567"],
    [9223372036854775807n, "CNY", "92,233,720,368,547,758.07"],
  ])("%s %s → %s", (minor, currency, text) => {
    expect(groupedAmount(minor, currency)).toBe(text);
  });

  it("always reads back to the same minor units", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (minor) => {
        expect(parseDecimal(groupedAmount(minor, "CNY").replaceAll(",", ""), 2)).toBe(minor);
      }),
    );
  });
});

describe("chineseCapitalAmount (大写金额)", () => {
  it.each([
    [0n, "零元整"],
    [30n, "叁角"],
    [5n, "伍分"],
    [100n, "壹元整"],
    [1000n, "壹拾元整"],
    [1005n, "壹拾元零伍分"],
    [1050n, "壹拾元伍角"],
    [123456n, "壹仟贰佰叁拾肆元伍角陆分"],
    [1345678n, "壹万叁仟肆佰伍拾陆元柒角捌分"],
    [10000000n, "壹拾万元整"],
    [10500000n, "壹拾万伍仟元整"],
    [100010000n, "壹佰万零壹佰元整"],
    [2000100000n, "贰仟万壹仟元整"],
    [2000010000n, "贰仟万零壹佰元整"],
    [10000000100n, "壹亿零壹元整"],
    [20001000n, "贰拾万零壹拾元整"],
    [100000000000000n, "壹万亿元整"],
    [-123456n, "负壹仟贰佰叁拾肆元伍角陆分"],
  ])("%s → %s", (minor, text) => {
    expect(chineseCapitalAmount(minor, "CNY")).toBe(text);
  });

  it("is only for two-digit currencies", () => {
    expect(chineseCapitalAmount(100n, "JPY")).toBeNull();
    expect(chineseCapitalAmount(100n, "USD")).toBe("壹元整");
  });
});

describe("dates", () => {
  it("writes long dates and local times", () => {
    expect(longDate("2025-03-01", "zh")).toBe("2025年3月1日");
    expect(longDate("2025-03-01", "en")).toBe("1 March 2025");
    expect(localDateTime(new Date("2025-03-09T16:30:00Z"), "Asia/Shanghai")).toBe("2025-03-10 00:30");
    expect(localDateTime(new Date("2025-03-09T16:30:00Z"), "UTC")).toBe("2025-03-09 16:30");
  });
});
