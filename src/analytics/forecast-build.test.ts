import { describe, expect, it } from "vitest";
import { dayNumber } from "../calendar/calendar-date.ts";
import { cashWeekStart } from "./cash-weeks.rules.ts";
import { constantDistribution, type HazardModel, paidBetween } from "./forecast.rules.ts";
import {
  type CashWeek,
  cashWeeks,
  type ForecastSet,
  type InvoiceRun,
  type OpenInvoiceForecast,
  paidInDays,
  paidPerWeek,
} from "./forecast-build.ts";
import { nextRunCovering, type PaymentRuns } from "./forecast-runs.rules.ts";
import { EVERY_DAY } from "./forecast-weekdays.rules.ts";

const day = dayNumber;

const asOf = "2025-02-28";
const first = day(asOf) + 1;
/** A customer paying on the 27th of each month, every invoice at least 5 days overdue by then. */
const monthly: PaymentRuns = {
  last: day("2025-02-27"),
  gap: 28,
  lag: 5,
  runs: 11,
  perRun: 3,
  jitter: 0,
  dayOfMonth: 27,
};

function invoice(due: string, open: bigint, run: InvoiceRun | null): OpenInvoiceForecast {
  const d = day(due);
  return {
    invoiceId: 1,
    invoiceNumber: "R-1",
    customerId: 7,
    customerCode: "R1",
    currency: "CNY",
    dueDate: due,
    openAmount: open,
    daysPastDue: Math.max(0, first - 1 - d),
    predictedPayDate: due,
    pLate: 0.5,
    pLate30: 0.1,
    expectedDaysLate: 5,
    topFactors: [],
    baselineDueDate: due,
    baselineMedianDate: due,
    customerMedianLateness: 5,
    // ~2% a day from the day after D: the hazard alone spreads the payment over many weeks.
    distribution: constantDistribution(first - d, 0.02),
    due: d,
    payDays: EVERY_DAY,
    run,
  };
}
const set = (invoices: OpenInvoiceForecast[]): ForecastSet => ({
  asOf,
  model: {} as HazardModel,
  invoices,
  historyInvoices: 0,
  settledInvoices: 0,
});

describe("the cash forecast of a customer paying in runs", () => {
  // Due 2025-03-10: 5 days late on the 15th, so the run of Thursday 2025-03-27 takes it, in the cash forecast's week
  // 4: as of Friday 2025-02-28, week 0 is the weekend of 1-2 March, then Monday to Sunday weeks, 03-24 to 03-30 the 4th.
  const run = { runs: monthly, day: nextRunCovering(monthly, day("2025-03-10"), first) };
  const open = 1_000_000n;

  it("the run predicted is the 27th of March", () => expect(run.day).toBe(day("2025-03-27")));

  it("puts most of the invoice in the week of the run day, where the hazard alone spread it thin", () => {
    const withRun = cashWeeks(set([invoice("2025-03-10", open, run)]), 13);
    const hazardOnly = cashWeeks(set([invoice("2025-03-10", open, null)]), 13);
    expect(withRun[0]).toMatchObject({ weekStart: "2025-03-01", weekEnd: "2025-03-02" });
    expect(withRun[4]).toMatchObject({ weekStart: "2025-03-24", weekEnd: "2025-03-30" });
    // Half the invoice from the run view (its day ±2 days stays in the week with P ≈ 0.92) plus half the hazard's.
    const runWeek = Number(withRun[4]?.expected);
    expect(runWeek).toBeGreaterThan(0.5 * Number(open));
    expect(Number(hazardOnly[4]?.expected)).toBeLessThan(0.15 * Number(open));
    // The mass comes from the other weeks: each gets about half of what the hazard gave it (a little more next to
    // the run's week, where its spread reaches).
    for (const w of [0, 1, 2, 6, 9, 12]) {
      expect(Number(withRun[w]?.expected)).toBeLessThan(0.55 * Number(hazardOnly[w]?.expected));
      expect(Number(withRun[w]?.expected)).toBeGreaterThan(0.45 * Number(hazardOnly[w]?.expected));
    }
    // More is collected within the 13 weeks: the run view pays it for sure by the run.
    const total = (ws: typeof withRun) => ws.reduce((s, w) => s + Number(w.expected), 0);
    expect(total(withRun)).toBeGreaterThan(total(hazardOnly));
    expect(total(withRun)).toBeLessThanOrEqual(Number(open));
    // The band is the Bernoulli one with the new probability: p ≈ 0.5 in the run's week, the widest it gets.
    const p = runWeek / Number(open);
    const sd = Number(open) * Math.sqrt(p * (1 - p));
    expect(Number(withRun[4]?.high) - runWeek).toBeCloseTo(1.645 * sd, -1);
    const width = (w: CashWeek | undefined) => Number(w?.high) - Number(w?.low);
    expect(width(withRun[4])).toBeGreaterThan(width(hazardOnly[4]));
  });

  it("combines the two views as p_late does: the mean of the hazard's and the run's probability", () => {
    const f = invoice("2025-03-10", open, run);
    const from = day("2025-03-24");
    const hazard = paidBetween(f.distribution, f.due, from, from + 7);
    expect(paidInDays(f, from, from + 7, first)).toBeCloseTo((hazard + 0.9199) / 2, 3);
    // Without a run the hazard alone.
    expect(paidInDays(invoice("2025-03-10", open, null), from, from + 7, first)).toBe(hazard);
  });

  it("a run expected the day after D keeps its whole mass from that day on (the invoice was open on D)", () => {
    const soon = { runs: { ...monthly, last: day("2025-02-01") }, day: first };
    const f = invoice("2025-02-10", open, soon);
    let p = 0;
    for (let w = 0; w < 13; w++) p += paidInDays(f, first + 7 * w, first + 7 * w + 7, first);
    // The hazard collects ~84% of it in 13 weeks, the run all of it: the mean of the two.
    const hazard = paidBetween(f.distribution, f.due, first, first + 7 * 13);
    expect(hazard).toBeLessThan(0.9);
    expect(p).toBeCloseTo((hazard + 1) / 2, 6);
    // Nothing before D + 1.
    expect(paidInDays(f, first - 7, first, first)).toBe(0);
  });
});

describe("paidPerWeek", () => {
  it("gives each week what paidInDays gives it, for every way of paying", () => {
    const run = { runs: monthly, day: nextRunCovering(monthly, day("2025-03-10"), first) };
    for (const payDays of [EVERY_DAY, 1 << 3, 0b0011111, (1 << 1) | (1 << 3)])
      for (const r of [run, null])
        for (const due of ["2025-02-20", "2025-03-03", "2025-03-10", "2025-04-30"]) {
          const f = { ...invoice(due, 1n, r), payDays };
          const weeks = paidPerWeek(f, first, 13, []);
          let total = 0;
          for (let w = 0; w < 13; w++) {
            const [from, to] = [cashWeekStart(first, w), cashWeekStart(first, w + 1)];
            expect(weeks[w]).toBeCloseTo(paidInDays(f, from, to, first), 12);
            total += weeks[w] as number;
          }
          // The weeks add up to the chance of being paid within them: nothing lost where the days move.
          expect(total).toBeCloseTo(paidInDays(f, first, cashWeekStart(first, 13), first), 12);
        }
  });

  it("a Thursday payer is paid on Thursdays only", () => {
    const f = { ...invoice("2025-03-10", 1n, null), payDays: 1 << 3 };
    for (let d = first; d < first + 60; d++) {
      const p = paidInDays(f, d, d + 1, first);
      if ((d + 3) % 7 === 3) expect(p).toBeGreaterThan(0);
      else expect(p).toBe(0);
    }
  });
});
