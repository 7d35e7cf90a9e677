import { describe, expect, it } from "vitest";
import {
  type ActivityCounts,
  averageDaysDelinquent,
  collectionEffectivenessIndex,
  complaintRate,
  connectRate,
  countbackWindows,
  DEFAULT_PROVISION_RATES,
  dsoCountback,
  effectiveContactRate,
  moneyRatio,
  periodsOf,
  promiseKeptRate,
  promiseRate,
  provisionByGrade,
  provisionFor,
  ratio,
  recoveryRate,
  salesWindows,
} from "./kpi.rules.ts";

const counts = (c: Partial<ActivityCounts>): ActivityCounts => ({
  attempts: 0,
  connects: 0,
  effectiveContacts: 0,
  conversations: 0,
  promisesMade: 0,
  promisesSettled: 0,
  promisesKept: 0,
  complaints: 0,
  ...c,
});

describe("activity rates", () => {
  // 40 calls, 10 answered, 6 of them with a result; 12 conversations counting 2 inbound; 3 promises; 4 fell due, 1 kept.
  const month = counts({
    attempts: 40,
    connects: 10,
    effectiveContacts: 6,
    conversations: 12,
    promisesMade: 3,
    promisesSettled: 4,
    promisesKept: 1,
    complaints: 2,
  });
  it.each([
    ["connect rate = connects ÷ attempts", connectRate, 10 / 40],
    ["effective-contact rate = effective ÷ attempts", effectiveContactRate, 6 / 40],
    ["promise rate = promises made ÷ conversations", promiseRate, 3 / 12],
    ["promise-kept rate = kept ÷ settled", promiseKeptRate, 1 / 4],
    ["complaint rate = complaints ÷ conversations", complaintRate, 2 / 12],
  ])("%s", (_name, fn, expected) => {
    expect(fn(month)).toBe(expected);
  });
  it.each([connectRate, effectiveContactRate, promiseRate, promiseKeptRate, complaintRate])(
    "%o is null, not NaN, with nothing to divide by",
    (fn) => {
      expect(fn(counts({}))).toBeNull();
    },
  );
  it("ratio and moneyRatio", () => {
    expect(ratio(1, 0)).toBeNull();
    expect(ratio(0, 5)).toBe(0);
    expect(moneyRatio(1n, 0n)).toBeNull();
    expect(moneyRatio(1n, 3n)).toBeCloseTo(0.333333333, 9);
    // Beyond 2^53 the ratio stays exact to the scale.
    expect(moneyRatio(9_007_199_254_740_993n, 18_014_398_509_481_986n)).toBe(0.5);
  });
});

describe("recovery rate", () => {
  it.each([
    [25_000n, 100_000n, 0.25],
    [0n, 100_000n, 0],
    [100_000n, 100_000n, 1],
    [5n, 0n, null],
  ])("%s recovered of %s overdue at the start is %s", (recovered, overdue, expected) => {
    expect(recoveryRate(recovered, overdue)).toBe(expected);
  });
});

describe("DSO by countback", () => {
  // Receivable 250,000.00; March sales 100,000 (31 days), February 120,000 (28 days), January 90,000 (31 days).
  // 250 - 100 = 150 (31 days), 150 - 120 = 30 (28 days), 30 of January's 90 = 1/3 of 31 days: 31 + 28 + 10.333.
  const windows = [
    { days: 31, sales: 10_000_000n },
    { days: 28, sales: 12_000_000n },
    { days: 31, sales: 9_000_000n },
  ];
  it.each([
    ["three windows", 25_000_000n, 31 + 28 + 31 / 3],
    ["inside the first window", 5_000_000n, 15.5],
    ["exactly the first window", 10_000_000n, 31],
    ["nothing owed", 0n, 0],
    ["a credit balance", -100n, 0],
    ["more than the look-back's sales", 40_000_000n, null],
  ])("%s", (_name, receivable, expected) => {
    const dso = dsoCountback(receivable, windows);
    if (expected === null) expect(dso).toBeNull();
    else expect(dso).toBeCloseTo(expected, 9);
  });
  it("skips windows without sales by their whole length", () => {
    expect(
      dsoCountback(50n, [
        { days: 30, sales: 0n },
        { days: 31, sales: 100n },
      ]),
    ).toBeCloseTo(30 + 15.5, 9);
    expect(dsoCountback(50n, [])).toBeNull();
  });
  it("ADD = DSO − best possible DSO", () => {
    // Current (not yet due) receivables 50,000.00 → best possible DSO 15.5; DSO 69.333 → ADD 53.833.
    const dso = dsoCountback(25_000_000n, windows);
    const best = dsoCountback(5_000_000n, windows);
    expect(averageDaysDelinquent(dso, best)).toBeCloseTo(31 + 28 + 31 / 3 - 15.5, 9);
    expect(averageDaysDelinquent(null, 3)).toBeNull();
    expect(averageDaysDelinquent(3, null)).toBeNull();
  });
  it("counts back calendar months from the as-of day", () => {
    expect(countbackWindows("2025-03-31", 3)).toEqual([
      { start: "2025-03-01", end: "2025-03-31" },
      { start: "2025-02-01", end: "2025-02-28" },
      { start: "2025-01-01", end: "2025-01-31" },
    ]);
    expect(countbackWindows("2025-03-15", 2)).toEqual([
      { start: "2025-02-16", end: "2025-03-15" },
      { start: "2025-01-16", end: "2025-02-15" },
    ]);
    expect(countbackWindows("2024-02-29", 2)).toEqual([
      { start: "2024-02-01", end: "2024-02-29" },
      { start: "2024-01-01", end: "2024-01-31" },
    ]);
  });
  it("sums daily sales into windows", () => {
    const daily = new Map([
      ["2025-03-31", 5n],
      ["2025-03-01", 7n],
      ["2025-02-28", 11n],
      ["2025-01-01", 13n],
    ]);
    expect(salesWindows(countbackWindows("2025-03-31", 2), daily)).toEqual([
      { days: 31, sales: 12n },
      { days: 28, sales: 11n },
    ]);
  });
});

describe("CEI", () => {
  it.each([
    // Opening 100,000, sales 50,000, closing 60,000 of which 40,000 current: 90,000 ÷ 110,000 = 81.818%.
    [{ opening: 100_000n, sales: 50_000n, closing: 60_000n, closingCurrent: 40_000n }, (90 / 110) * 100],
    // Everything collected: 100%.
    [{ opening: 100n, sales: 0n, closing: 0n, closingCurrent: 0n }, 100],
    // Nothing collectible.
    [{ opening: 0n, sales: 0n, closing: 0n, closingCurrent: 0n }, null],
  ])("%o → %s", (input, expected) => {
    const cei = collectionEffectivenessIndex(input);
    if (expected === null) expect(cei).toBeNull();
    else expect(cei).toBeCloseTo(expected, 6);
  });
});

describe("bad-debt provision by grade", () => {
  it.each([
    [10_000n, 500, 500n],
    [333n, 500, 17n], // 16.65 → 17
    [330n, 500, 17n], // 16.5 → 17 (half away from zero)
    [329n, 500, 16n], // 16.45 → 16
    [-330n, 500, -17n],
    [12_345n, 0, 0n],
    [12_345n, 10_000, 12_345n],
  ])("%s at %s bp is %s", (amount, bp, expected) => {
    expect(provisionFor(amount, bp)).toBe(expected);
  });
  it("sums per grade with the default rates (0%, 5%, 20%, 50%, 100%)", () => {
    const r = provisionByGrade(
      { current: 1_000_000n, overdue: 200_000n, doubtful: 50_000n, bad: 10_001n, dead: 7n },
      DEFAULT_PROVISION_RATES,
    );
    expect(r.byGrade).toEqual({ current: 0n, overdue: 10_000n, doubtful: 10_000n, bad: 5_001n, dead: 7n });
    expect(r.total).toBe(25_008n);
    expect(provisionByGrade({}, DEFAULT_PROVISION_RATES).total).toBe(0n);
  });
});

describe("periods", () => {
  it.each([
    ["no grain", "2025-01-15", "2025-03-10", undefined, [["2025-01-15", "2025-03-10"]]],
    [
      "days",
      "2025-02-27",
      "2025-03-01",
      "day" as const,
      [
        ["2025-02-27", "2025-02-27"],
        ["2025-02-28", "2025-02-28"],
        ["2025-03-01", "2025-03-01"],
      ],
    ],
    [
      // 2025-03-05 is a Wednesday; weeks run Monday to Sunday.
      "ISO weeks",
      "2025-03-05",
      "2025-03-18",
      "week" as const,
      [
        ["2025-03-05", "2025-03-09"],
        ["2025-03-10", "2025-03-16"],
        ["2025-03-17", "2025-03-18"],
      ],
    ],
    [
      "months",
      "2024-12-15",
      "2025-02-10",
      "month" as const,
      [
        ["2024-12-15", "2024-12-31"],
        ["2025-01-01", "2025-01-31"],
        ["2025-02-01", "2025-02-10"],
      ],
    ],
    ["from after to", "2025-02-10", "2025-02-09", "day" as const, []],
  ])("%s", (_name, from, to, grain, expected) => {
    expect(periodsOf(from, to, grain).map((p) => [p.start, p.end])).toEqual(expected);
  });
});
