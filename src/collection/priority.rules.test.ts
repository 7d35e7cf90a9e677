import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RISK_GRADES } from "../aging/aging.rules.ts";
import { ACTIONS, CAUSES } from "./collection.enums.ts";
import {
  DEFAULT_PRIORITY_WEIGHTS,
  groupedAmount,
  PRIORITY_FACTORS,
  type PriorityInput,
  priorityOf,
} from "./priority.rules.ts";

/** A plain overdue task: 10,000.00 overdue for 30 days, contacted last week, automated next step. */
const input = (over: Partial<PriorityInput> = {}): PriorityInput => ({
  overdueMinor: 1_000_000n,
  currencyDigits: 2,
  daysPastDue: 30,
  grade: "overdue",
  cause: "forgot",
  creditLimitMinor: null,
  promiseBrokenRecently: false,
  promiseDueToday: false,
  installmentDueSoon: false,
  daysSinceLastContact: 7,
  limitationDaysLeft: null,
  stepAction: "email_reminder",
  ...over,
});

const pointsOf = (p: PriorityInput, factor: string): number =>
  priorityOf(p).factors.find((f) => f.factor === factor)?.points ?? 0;
const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

describe("priorityOf: factors", () => {
  it("explains a plain task", () => {
    expect(priorityOf(input())).toEqual({
      score: 21.6,
      factors: [
        { factor: "amount", points: 12, reason: "overdue 10,000.00" },
        { factor: "grade", points: 4, reason: "risk grade overdue" },
        { factor: "cause", points: 4, reason: "cause: oversight" },
        { factor: "age", points: 1.6, reason: "30 days past due" },
      ],
    });
  });

  it.each<[string, Partial<PriorityInput>, string, number]>([
    ["amount at the floor earns nothing", { overdueMinor: 10_000n }, "amount", 0],
    ["amount at the cap earns it all", { overdueMinor: 1_000_000_000n }, "amount", 30],
    ["past the cap stays there", { overdueMinor: 10n ** 15n }, "amount", 30],
    ["zero-digit currencies count whole units", { overdueMinor: 100_000n, currencyDigits: 0 }, "amount", 18],
    ["nothing overdue earns nothing", { overdueMinor: 0n }, "amount", 0],
    ["age saturates at 365 days", { daysPastDue: 500 }, "age", 20],
    ["half a year", { daysPastDue: 182 }, "age", 10],
    ["broken promise", { promiseBrokenRecently: true }, "promise_broken", 15],
    ["promise due today", { promiseDueToday: true }, "promise_due_today", 10],
    ["installment due soon", { installmentDueSoon: true }, "installment_due_soon", 5],
    ["over the credit limit", { creditLimitMinor: 999_999n }, "over_credit_limit", 8],
    ["at the credit limit", { creditLimitMinor: 1_000_000n }, "over_credit_limit", 0],
    ["89 days of limitation left is urgent", { limitationDaysLeft: 89 }, "limitation", 15],
    ["90 days is not", { limitationDaysLeft: 90 }, "limitation", 0],
    ["an expired period still counts", { limitationDaysLeft: -3 }, "limitation", 15],
    ["never contacted", { daysSinceLastContact: null }, "no_recent_contact", 6],
    ["14 days without contact is normal", { daysSinceLastContact: 14 }, "no_recent_contact", 0],
    ["37 days without contact", { daysSinceLastContact: 37 }, "no_recent_contact", 3],
    ["90 days without contact", { daysSinceLastContact: 90 }, "no_recent_contact", 6],
    ["a call needs a collector", { stepAction: "call" }, "step_action", 2],
    ["a lawyer's letter needs a manager", { stepAction: "lawyer_letter" }, "step_action", 4],
    ["dead receivables", { grade: "dead" }, "grade", 5],
    ["deliberate refusal", { cause: "deliberate" }, "cause", 10],
    ["dispute under review", { cause: "dispute" }, "cause", 0],
  ])("%s", (_name, over, factor, points) => {
    expect(pointsOf(input(over), factor)).toBe(points);
  });

  it.each<[Partial<PriorityInput>, string, string]>([
    [{ creditLimitMinor: 500_000n }, "over_credit_limit", "overdue 10,000.00 exceeds the credit limit 5,000.00"],
    [
      { limitationDaysLeft: 45 },
      "limitation",
      "limitation period ends in 45 days: get a demand or acknowledgement on record",
    ],
    [
      { limitationDaysLeft: -10 },
      "limitation",
      "limitation period ended 10 days ago: only a new acknowledgement helps",
    ],
    [{ daysSinceLastContact: 40 }, "no_recent_contact", "no contact for 40 days"],
    [{ stepAction: "credit_hold" }, "step_action", "next step: credit hold (needs approval)"],
    [{ overdueMinor: 123_456_789n, currencyDigits: 0 }, "amount", "overdue 123,456,789"],
  ])("reason for %o", (over, factor, reason) => {
    expect(priorityOf(input(over)).factors.find((f) => f.factor === factor)?.reason).toBe(reason);
  });

  it("cause adjustments: deliberate and habitual up, unreachable and dispute down", () => {
    const score = (cause: PriorityInput["cause"]) => priorityOf(input({ cause })).score;
    expect(score("deliberate")).toBeGreaterThan(score("forgot"));
    expect(score("habitual")).toBeGreaterThan(score("forgot"));
    expect(score("unreachable")).toBeLessThan(score("forgot"));
    expect(score("dispute")).toBeLessThan(score("unreachable"));
  });

  it("caps the score at 100 while the factors keep their points", () => {
    const p = priorityOf(
      input({
        overdueMinor: 10n ** 12n,
        daysPastDue: 400,
        grade: "bad",
        cause: "deliberate",
        creditLimitMinor: 0n,
        promiseBrokenRecently: true,
        promiseDueToday: true,
        limitationDaysLeft: 10,
        stepAction: "legal_action",
      }),
    );
    expect(p.score).toBe(100);
    expect(sum(p.factors.map((f) => f.points))).toBeGreaterThan(100);
  });

  it("takes partial weights", () => {
    const p = priorityOf(input({ promiseBrokenRecently: true }), { promiseBroken: 40, age: 0 });
    expect(p.factors[0]).toMatchObject({ factor: "promise_broken", points: 40 });
    expect(p.factors.some((f) => f.factor === "age")).toBe(false);
    expect(DEFAULT_PRIORITY_WEIGHTS.promiseBroken).toBe(15);
  });

  it("groups thousands without a currency", () => {
    expect(groupedAmount(123_456_789n, 2)).toBe("1,234,567.89");
    expect(groupedAmount(99_999n, 2)).toBe("999.99");
    expect(groupedAmount(1_000n, 0)).toBe("1,000");
    expect(groupedAmount(-1_234_567n, 3)).toBe("-1,234.567");
  });
});

describe("priorityOf: properties", () => {
  const arbitraryInput: fc.Arbitrary<PriorityInput> = fc.record({
    overdueMinor: fc.bigInt({ min: 0n, max: 10n ** 14n }),
    currencyDigits: fc.constantFrom(0, 2, 3),
    daysPastDue: fc.integer({ min: 0, max: 2000 }),
    grade: fc.constantFrom(...RISK_GRADES),
    cause: fc.constantFrom(...CAUSES),
    creditLimitMinor: fc.option(fc.bigInt({ min: 0n, max: 10n ** 12n })),
    promiseBrokenRecently: fc.boolean(),
    promiseDueToday: fc.boolean(),
    installmentDueSoon: fc.boolean(),
    daysSinceLastContact: fc.option(fc.integer({ min: 0, max: 400 })),
    limitationDaysLeft: fc.option(fc.integer({ min: -100, max: 1200 })),
    stepAction: fc.constantFrom(...ACTIONS),
  });

  it("more overdue amount never lowers the score", () => {
    fc.assert(
      fc.property(arbitraryInput, fc.bigInt({ min: 0n, max: 10n ** 12n }), (p, more) => {
        const before = priorityOf(p).score;
        expect(priorityOf({ ...p, overdueMinor: p.overdueMinor + more }).score).toBeGreaterThanOrEqual(before);
      }),
    );
  });

  it("more days past due never lower the score", () => {
    fc.assert(
      fc.property(arbitraryInput, fc.integer({ min: 0, max: 1000 }), (p, more) => {
        const before = priorityOf(p).score;
        expect(priorityOf({ ...p, daysPastDue: p.daysPastDue + more }).score).toBeGreaterThanOrEqual(before);
      }),
    );
  });

  it("factors are positive, sorted, known, and add up to the score before the cap", () => {
    fc.assert(
      fc.property(arbitraryInput, (p) => {
        const { score, factors } = priorityOf(p);
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(100);
        expect(Math.round(score * 10) / 10).toBe(score);
        for (let i = 0; i < factors.length; i++) {
          const f = factors[i];
          expect(f?.points).toBeGreaterThan(0);
          expect(PRIORITY_FACTORS).toContain(f?.factor);
          if (i > 0) expect(f?.points).toBeLessThanOrEqual(factors[i - 1]?.points ?? Number.POSITIVE_INFINITY);
        }
        const total = sum(factors.map((f) => f.points));
        expect(score).toBeCloseTo(Math.min(100, total), 9);
        expect(priorityOf(p)).toEqual({ score, factors });
      }),
    );
  });
});
