import { describe, expect, it } from "vitest";
import { addIsoDays, minorToDecimal, parseMinor, planPreview } from "./plan-preview.ts";

const base = { count: 3, firstDate: "2026-01-31", intervalDays: 30, digits: 2 };

describe("plan preview", () => {
  it("splits evenly, the last installment taking the remainder, and adds up to the total exactly", () => {
    const p = planPreview({ ...base, total: "1000", downPayment: "" });
    expect(p).toEqual({
      ok: true,
      total: "1000.00",
      downPayment: "0.00",
      installments: [
        { date: "2026-01-31", amount: "333.33" },
        { date: "2026-03-02", amount: "333.33" },
        { date: "2026-04-01", amount: "333.34" },
      ],
    });
  });

  it("takes the down payment off first and never goes through floating point", () => {
    const p = planPreview({ ...base, count: 2, total: "90071992547409.93", downPayment: "0.1" });
    if (!p.ok) throw new Error(p.problem);
    expect(p.installments.map((i) => i.amount)).toEqual(["45035996273704.91", "45035996273704.92"]);
    const sum = p.installments.reduce(
      (s, i) => s + (parseMinor(i.amount, 2) ?? 0n),
      parseMinor(p.downPayment, 2) ?? 0n,
    );
    expect(sum).toBe(9007199254740993n);
  });

  it("knows currencies without decimals", () => {
    const p = planPreview({ ...base, digits: 0, total: "1000" });
    if (!p.ok) throw new Error(p.problem);
    expect(p.installments.map((i) => i.amount)).toEqual(["333", "333", "334"]);
    expect(planPreview({ ...base, digits: 0, total: "1000.5" })).toEqual({ ok: false, problem: "tooManyDigits" });
  });

  it.each([
    [{ total: "abc" }, "totalInvalid"],
    [{ total: "-5" }, "totalInvalid"],
    [{ total: "1e3" }, "totalInvalid"],
    [{ total: "0" }, "totalZero"],
    [{ total: "100", downPayment: "x" }, "downInvalid"],
    [{ total: "100", downPayment: "100" }, "downTooLarge"],
    [{ total: "10.001" }, "tooManyDigits"],
    [{ total: "0.02" }, "tooSmall"],
    [{ total: "100", count: 0 }, "countInvalid"],
    [{ total: "100", count: 121 }, "countInvalid"],
    [{ total: "100", intervalDays: 0 }, "intervalInvalid"],
    [{ total: "100", firstDate: "2026-02-30" }, "dateInvalid"],
  ] as const)("refuses %o (%s)", (change, problem) => {
    expect(planPreview({ ...base, ...change })).toEqual({ ok: false, problem });
  });

  it("formats and dates exactly", () => {
    expect(minorToDecimal(5n, 2)).toBe("0.05");
    expect(minorToDecimal(100050n, 2)).toBe("1000.50");
    expect(minorToDecimal(7n, 0)).toBe("7");
    expect(addIsoDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addIsoDays("2025-12-31", 1)).toBe("2026-01-01");
  });
});
