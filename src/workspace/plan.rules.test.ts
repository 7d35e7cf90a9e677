import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evenInstallments, planProblems } from "./plan.rules.ts";

const today = "2025-03-12";

describe("payment plan rules", () => {
  it("accepts installments that come to the total with the down payment", () => {
    expect(
      planProblems(
        {
          total: 300000n,
          downPayment: 50000n,
          installments: [
            { dueOn: "2025-04-01", amount: 125000n },
            { dueOn: "2025-05-01", amount: 125000n },
          ],
        },
        today,
        2,
      ),
    ).toEqual([]);
  });

  it("names every problem: sums, past and unordered dates, zero amounts", () => {
    expect(
      planProblems(
        {
          total: 300000n,
          downPayment: 0n,
          installments: [
            { dueOn: "2025-03-01", amount: 100000n },
            { dueOn: "2025-02-01", amount: 0n },
            { dueOn: "2025-13-01", amount: 100000n },
          ],
        },
        today,
        2,
      ),
    ).toEqual([
      "installment 1: 2025-03-01 is in the past",
      "installment 2: 2025-02-01 is in the past",
      "installment 2: 2025-02-01 is not after installment 1",
      "installment 2: the amount must be greater than 0",
      'installment 3: "2025-13-01" is not a date',
      "the down payment and installments come to 2000.00, not the total 3000.00 (difference 1000.00)",
    ]);
    expect(planProblems({ total: 0n, downPayment: 0n, installments: [] }, today, 2)).toEqual([
      "the total must be greater than 0",
      "a plan needs at least one installment",
    ]);
  });

  it("splits any total evenly into installments that always add up exactly (property)", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        fc.integer({ min: 1, max: 36 }),
        fc.integer({ min: 0, max: 99 }),
        (total, count, downPct) => {
          const down = (total * BigInt(downPct)) / 100n;
          const parts = evenInstallments(total, down, count, "2025-04-01", 30);
          const sum = parts.reduce((a, p) => a + p.amount, down);
          expect(sum).toBe(total);
          const amounts = parts.map((p) => p.amount);
          expect((amounts[0] as bigint) - (amounts[amounts.length - 1] as bigint) <= 1n).toBe(true);
          if (parts.every((p) => p.amount > 0n)) {
            expect(planProblems({ total, downPayment: down, installments: parts }, today, 2)).toEqual([]);
          }
        },
      ),
    );
  });
});
