import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dayNumber } from "../calendar/calendar-date.ts";
import {
  covariatesOn,
  FEATURE_NAMES,
  type FeatureFacts,
  indexFeatures,
  linearPredictorAfterAsOf,
  monthOf,
} from "./forecast-features.rules.ts";

describe("the covariates", () => {
  it("monthOf is the UTC calendar month of a day number", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1_000_000, max: 1_000_000 }),
        (day) => monthOf(day) === new Date(day * 86_400_000).getUTCMonth(),
      ),
    );
    expect(monthOf(dayNumber("2024-02-29"))).toBe(1);
    expect(monthOf(dayNumber("2024-03-01"))).toBe(2);
  });

  it("after the as-of day, the per-invoice shortcut gives exactly covariatesOn", () => {
    const asOf = dayNumber("2025-03-31");
    const facts: FeatureFacts = {
      asOf,
      invoices: [
        { customer: 1, issue: asOf - 100, due: asOf - 70, amount: 50_000, paidDay: null },
        { customer: 1, issue: asOf - 20, due: asOf + 10, amount: 20_000, paidDay: null },
        { customer: 2, issue: asOf - 40, due: asOf - 10, amount: 10_000, paidDay: null },
        { customer: 1, issue: asOf - 200, due: asOf - 170, amount: 30_000, paidDay: asOf - 150 },
      ],
      disputes: new Map([[2, [[asOf - 5, Number.POSITIVE_INFINITY]]]]),
      plans: new Map([[0, [[asOf - 3, asOf + 40]]]]),
      promises: new Map([[1, [[asOf - 2, asOf + 6]]]]),
      reminders: new Map([[1, [asOf - 20, asOf - 4, asOf]]]),
      paperless: new Set([2]),
      paymentDays: new Map([[1, [asOf - 180, asOf - 150, asOf - 120]]]),
    };
    const ix = indexFeatures(facts);
    // Coefficients on every covariate, the cycle's included: β·x after D is the vector's, read piece by piece.
    const beta = Float64Array.from(FEATURE_NAMES, (_, j) => ((j * 7) % 11) / 10 - 0.55);
    expect(beta.every((b) => b !== 0)).toBe(true);
    for (let i = 0; i < facts.invoices.length; i++) {
      const eta = linearPredictorAfterAsOf(ix, i, beta, new Float64Array(FEATURE_NAMES.length));
      for (let day = asOf + 1; day <= asOf + 400; day += 3) {
        const x = covariatesOn(ix, i, day);
        expect(eta(day)).toBeCloseTo(
          beta.reduce((s, b, j) => s + b * (x[j] as number), 0),
          12,
        );
      }
      expect(eta(asOf)).toBeCloseTo(
        beta.reduce((s, b, j) => s + b * (covariatesOn(ix, i, asOf)[j] as number), 0),
        12,
      );
    }
  });
});
