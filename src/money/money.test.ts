import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AppError } from "../errors/app-error.ts";
import { CURRENCY_DIGITS, currencyDigits, isKnownCurrency } from "./currencies.ts";
import {
  allocate,
  checkDocumentAmount,
  DOCUMENT_MINOR_MAX,
  formatDecimal,
  MINOR_MAX,
  MINOR_MIN,
  maxBig,
  minBig,
  parseDecimal,
  splitEvenly,
  sumMinor,
} from "./money.ts";

const errorOf = (fn: () => unknown): AppError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("expected an AppError");
};

describe("currencies", () => {
  it.each([
    ["CNY", 2],
    ["USD", 2],
    ["EUR", 2],
    ["HKD", 2],
    ["GBP", 2],
    ["JPY", 0],
    ["KRW", 0],
    ["VND", 0],
    ["CLP", 0],
    ["ISK", 0],
    ["XOF", 0],
    ["BHD", 3],
    ["KWD", 3],
    ["OMR", 3],
    ["JOD", 3],
    ["TND", 3],
    ["LYD", 3],
    ["IQD", 3],
    ["CLF", 4],
    ["UYW", 4],
    ["BGN", 2],
  ])("%s has %i digits", (code, digits) => {
    expect(isKnownCurrency(code)).toBe(true);
    expect(currencyDigits(code)).toBe(digits);
  });

  it("covers the full active list", () => {
    expect(Object.keys(CURRENCY_DIGITS).length).toBeGreaterThanOrEqual(150);
    for (const [code, digits] of Object.entries(CURRENCY_DIGITS)) {
      expect(code).toMatch(/^[A-Z]{3}$/);
      expect([0, 2, 3, 4]).toContain(digits);
    }
  });

  it.each(["XYZ", "cny", "", "RMB", "XAU", "XXX", "toString", "constructor", "__proto__"])(
    "%j is not a known currency",
    (code) => {
      expect(isKnownCurrency(code)).toBe(false);
      const error = errorOf(() => currencyDigits(code));
      expect(error.code).toBe("invalid_input");
      expect(error.message).toBe(`unknown currency ${JSON.stringify(code)} (expected an ISO 4217 code such as CNY)`);
    },
  );
});

describe("parseDecimal", () => {
  it.each([
    ["1234.50", 2, 123450n],
    ["1234.5", 2, 123450n],
    ["-0.5", 2, -50n],
    ["12", 2, 1200n],
    ["0", 2, 0n],
    ["-0", 2, 0n],
    ["0.01", 2, 1n],
    ["-0.05", 2, -5n],
    ["007.10", 2, 710n],
    ["1.500", 2, 150n],
    ["12.3400", 2, 1234n],
    ["1234", 0, 1234n],
    ["1234.000", 0, 1234n],
    ["1.234", 3, 1234n],
    ["0.0001", 4, 1n],
    ["92233720368547758.07", 2, MINOR_MAX],
    ["-92233720368547758.08", 2, MINOR_MIN],
  ])("%j with %i digits → %s", (text, digits, expected) => {
    expect(parseDecimal(text, digits)).toBe(expected);
  });

  it.each([
    ["1.234", 2, "CNY", `"1.234" has 3 decimals; CNY allows 2`],
    ["1.234", 2, undefined, `"1.234" has 3 decimals; the currency allows 2`],
    ["1.5", 0, "JPY", `"1.5" has 1 decimal; JPY allows 0`],
    ["1.23450", 3, "KWD", `"1.23450" has 4 decimals; KWD allows 3`],
    ["abc", 2, undefined, `"abc" is not a number (expected a plain decimal such as 1234.50)`],
    ["", 2, undefined, `"" is not a number (expected a plain decimal such as 1234.50)`],
    ["1,234.50", 2, undefined, `"1,234.50" is not a number (expected a plain decimal such as 1234.50)`],
    ["+1", 2, undefined, `"+1" is not a number (expected a plain decimal such as 1234.50)`],
    [".5", 2, undefined, `".5" is not a number (expected a plain decimal such as 1234.50)`],
    ["5.", 2, undefined, `"5." is not a number (expected a plain decimal such as 1234.50)`],
    ["1e3", 2, undefined, `"1e3" is not a number (expected a plain decimal such as 1234.50)`],
    [" 1", 2, undefined, `" 1" is not a number (expected a plain decimal such as 1234.50)`],
    ["--1", 2, undefined, `"--1" is not a number (expected a plain decimal such as 1234.50)`],
    ["92233720368547758.08", 2, undefined, `"92233720368547758.08" is too large for an amount`],
  ])("%j with %i digits (%s) is rejected", (text, digits, currency, message) => {
    const error = errorOf(() => parseDecimal(text, digits, currency));
    expect(error.code).toBe("invalid_input");
    expect(error.message).toBe(message);
  });
});

describe("formatDecimal", () => {
  it.each([
    [123450n, 2, "1234.50"],
    [-5n, 2, "-0.05"],
    [0n, 2, "0"],
    [0n, 0, "0"],
    [1234n, 0, "1234"],
    [-1234n, 0, "-1234"],
    [1n, 2, "0.01"],
    [100n, 2, "1.00"],
    [-123456n, 3, "-123.456"],
    [5n, 4, "0.0005"],
    [MINOR_MAX, 2, "92233720368547758.07"],
    [MINOR_MIN, 2, "-92233720368547758.08"],
  ])("%s with %i digits → %j", (minor, digits, expected) => {
    expect(formatDecimal(minor, digits)).toBe(expected);
  });

  it.each([0, 2, 3])("round-trips with parseDecimal for %i digits", (digits) => {
    fc.assert(
      fc.property(fc.bigInt({ min: MINOR_MIN, max: MINOR_MAX }), (minor) => {
        expect(parseDecimal(formatDecimal(minor, digits), digits)).toBe(minor);
      }),
    );
  });
});

describe("sumMinor, minBig, maxBig", () => {
  it.each([
    [[], 0n],
    [[5n], 5n],
    [[1n, 2n, -3n], 0n],
    [[MINOR_MAX, 1n], MINOR_MAX + 1n],
  ])("sumMinor(%s) = %s", (values, expected) => {
    expect(sumMinor(values)).toBe(expected);
  });

  it.each([
    [[3n], 3n, 3n],
    [[3n, -1n, 2n], -1n, 3n],
    [[0n, 0n], 0n, 0n],
  ])("minBig/maxBig of %s", (values, min, max) => {
    const [first = 0n, ...rest] = values;
    expect(minBig(first, ...rest)).toBe(min);
    expect(maxBig(first, ...rest)).toBe(max);
  });
});

describe("allocate", () => {
  it.each([
    [100n, [1n, 1n, 1n], [34n, 33n, 33n]],
    [101n, [1n, 1n, 1n], [34n, 34n, 33n]],
    [-100n, [1n, 1n, 1n], [-34n, -33n, -33n]],
    [100n, [0n, 1n, 1n, 1n], [0n, 34n, 33n, 33n]],
    [100n, [1n, 0n, 1n], [50n, 0n, 50n]],
    [10n, [3n, 7n], [3n, 7n]],
    [1n, [2n, 1n, 1n], [1n, 0n, 0n]],
    [5n, [1n, 2n], [2n, 3n]],
    [0n, [1n, 2n], [0n, 0n]],
    [7n, [5n], [7n]],
    [100n, [70n, 20n, 10n], [70n, 20n, 10n]],
    [999n, [1n, 1n, 1n, 1n], [250n, 250n, 250n, 249n]],
  ])("allocate(%s, %s) = %s", (total, weights, expected) => {
    expect(allocate(total, weights)).toEqual(expected);
  });

  it.each([
    [[], "cannot allocate: the weights must have a positive sum"],
    [[0n, 0n], "cannot allocate: the weights must have a positive sum"],
    [[1n, -1n, 2n], "cannot allocate by a negative weight (-1)"],
  ])("rejects weights %s", (weights, message) => {
    const error = errorOf(() => allocate(100n, weights));
    expect(error.code).toBe("invalid_input");
    expect(error.message).toBe(message);
  });

  const totals = fc.bigInt({ min: MINOR_MIN, max: MINOR_MAX });
  const weightLists = fc
    .array(fc.bigInt({ min: 0n, max: 10n ** 12n }), { minLength: 1, maxLength: 20 })
    .filter((weights) => sumMinor(weights) > 0n);

  it("parts sum exactly to the total", () => {
    fc.assert(
      fc.property(totals, weightLists, (total, weights) => {
        const parts = allocate(total, weights);
        expect(parts).toHaveLength(weights.length);
        expect(sumMinor(parts)).toBe(total);
      }),
    );
  });

  it("each part is within one unit of its exact share, and zero weights get zero", () => {
    fc.assert(
      fc.property(totals, weightLists, (total, weights) => {
        const weightSum = sumMinor(weights);
        allocate(total, weights).forEach((part, i) => {
          const weight = weights[i] ?? 0n;
          // |part - total * weight / weightSum| < 1, scaled by weightSum to stay in integers.
          const error = part * weightSum - total * weight;
          expect(error < weightSum && error > -weightSum).toBe(true);
          if (weight === 0n) expect(part).toBe(0n);
        });
      }),
    );
  });
});

describe("splitEvenly", () => {
  it.each([
    [100n, 3, [34n, 33n, 33n]],
    [-100n, 3, [-34n, -33n, -33n]],
    [2n, 4, [1n, 1n, 0n, 0n]],
    [9n, 1, [9n]],
    [0n, 2, [0n, 0n]],
  ])("splitEvenly(%s, %i) = %s", (total, n, expected) => {
    expect(splitEvenly(total, n)).toEqual(expected);
  });

  it.each([0, -1, 1.5, Number.NaN])("rejects n = %s", (n) => {
    expect(errorOf(() => splitEvenly(100n, n)).code).toBe("invalid_input");
  });

  it("parts sum to the total, differ by at most one, and the larger parts come first", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: MINOR_MIN, max: MINOR_MAX }), fc.integer({ min: 1, max: 50 }), (total, n) => {
        const parts = splitEvenly(total, n);
        expect(parts).toHaveLength(n);
        expect(sumMinor(parts)).toBe(total);
        const big = BigInt(n);
        for (const part of parts) {
          const error = part * big - total;
          expect(error < big && error > -big).toBe(true);
        }
        const magnitudes = parts.map((part) => (part < 0n ? -part : part));
        for (let i = 1; i < magnitudes.length; i++) {
          expect((magnitudes[i] ?? 0n) <= (magnitudes[i - 1] ?? 0n)).toBe(true);
        }
      }),
    );
  });
});

describe("checkDocumentAmount", () => {
  it("takes up to DOCUMENT_MINOR_MAX and refuses one minor unit more, in the currency's digits", () => {
    expect(() => checkDocumentAmount("amount", DOCUMENT_MINOR_MAX, 2, "CNY")).not.toThrow();
    expect(() => checkDocumentAmount("amount", DOCUMENT_MINOR_MAX + 1n, 2, "CNY")).toThrow(
      "amount: 10000000000000.01 is more than one document may carry (10000000000000.00 CNY)",
    );
    expect(() => checkDocumentAmount("total", MINOR_MAX, 0, "JPY")).toThrow(
      /^total: 9223372036854775807 is more than one document may carry \(1000000000000000 JPY\)$/,
    );
  });
});
