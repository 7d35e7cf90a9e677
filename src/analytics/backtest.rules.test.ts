import { describe, expect, it } from "vitest";
import {
  auc,
  type BacktestCase,
  backtestSteps,
  cashCells,
  meanAbsoluteError,
  measure,
  measureCash,
} from "./backtest.rules.ts";

describe("backtest measures", () => {
  it("MAE is the mean of absolute day errors", () => {
    expect(meanAbsoluteError([])).toBeNull();
    // |10 - 12| + |20 - 15| + |30 - 30| = 7, over 3.
    expect(
      meanAbsoluteError([
        { predicted: 10, actual: 12 },
        { predicted: 20, actual: 15 },
        { predicted: 30, actual: 30 },
      ]),
    ).toBeCloseTo(7 / 3, 12);
  });

  it.each([
    {
      name: "perfect ranking",
      items: [
        [0.9, true],
        [0.8, true],
        [0.3, false],
        [0.1, false],
      ],
      expected: 1,
    },
    {
      name: "reversed ranking",
      items: [
        [0.1, true],
        [0.9, false],
      ],
      expected: 0,
    },
    {
      name: "all tied",
      items: [
        [0.5, true],
        [0.5, false],
        [0.5, false],
      ],
      expected: 0.5,
    },
    // Pairs (positive, negative): (0.8,0.3) win, (0.8,0.6) win, (0.4,0.3) win, (0.4,0.6) loss, ties none: 3/4.
    {
      name: "hand-computed",
      items: [
        [0.8, true],
        [0.4, true],
        [0.3, false],
        [0.6, false],
      ],
      expected: 0.75,
    },
    // (0.5 vs 0.5) ties count one half: pairs (0.5,0.5) ½, (0.5,0.2) 1, (0.9,0.5) 1, (0.9,0.2) 1 = 3.5/4.
    {
      name: "a tie counts one half",
      items: [
        [0.5, true],
        [0.9, true],
        [0.5, false],
        [0.2, false],
      ],
      expected: 0.875,
    },
  ])("AUC: $name", ({ items, expected }) => {
    expect(auc(items.map(([score, positive]) => ({ score: score as number, positive: positive as boolean })))).toBe(
      expected,
    );
  });

  it("AUC needs both classes", () => expect(auc([{ score: 1, positive: true }])).toBeNull());

  it("steps a month apart clamp the day of the month", () => {
    expect(backtestSteps("2024-11-30", "2025-03-31", "month")).toEqual([
      "2024-11-30",
      "2024-12-30",
      "2025-01-30",
      "2025-02-28",
      "2025-03-30",
    ]);
    expect(backtestSteps("2025-01-01", "2025-01-20", "week")).toEqual(["2025-01-01", "2025-01-08", "2025-01-15"]);
  });

  it("scores MAE on invoices paid later and AUC on those not yet due with a known outcome", () => {
    const c = (due: number, actual: number | null, model: number, pLate: number): BacktestCase => ({
      due,
      asOf: 100,
      actual,
      predicted: { model, dueDate: Math.max(due, 101), customerMedian: Math.max(due + 5, 101) },
      score: { model: pLate, dueDate: 0, customerMedian: 5 },
    });
    const cases = [
      c(90, 120, 118, 1), // overdue at the step: MAE only
      c(110, 108, 109, 0.2), // paid on time
      c(110, 125, 120, 0.7), // paid late
      c(130, null, 200, 0.9), // still open at the data's end (150), past due: late, no MAE
      c(160, null, 170, 0.5), // not due by the data's end: unknown, left out
    ];
    const m = measure(cases, 150);
    expect(m).toMatchObject({ openInvoices: 5, withPaymentDate: 3, notYetDue: 3, paidLate: 2 });
    // Model: |118-120| + |109-108| + |120-125| = 8 / 3. Due date: |101-120| + |110-108| + |110-125| = 36 / 3.
    expect(m.mae.model).toBeCloseTo(8 / 3, 12);
    expect(m.mae.dueDate).toBeCloseTo(12, 12);
    // Customer median: |101-120| + |115-108| + |115-125| = 36 / 3.
    expect(m.mae.customerMedian).toBeCloseTo(12, 12);
    expect(m.auc).toEqual({ model: 1, dueDate: 0.5, customerMedian: 0.5 });
  });
});

describe("the cash forecast's backtest", () => {
  // A step on day 101, a Sunday: week 0 is Monday to Sunday, days 102-108, week 1 109-115, week 2 116-122; the
  // data ends on day 117.
  const step = { first: 102, weeks: 13, dataEnd: 117 };
  const invoices = [
    // Paid on day 104 (week 0); due day 102, the customer's median puts it on day 110.
    { currency: "CNY", open: 1000, actual: 104, dueDate: 102, customerMedian: 110 },
    // Paid on day 111 (week 1); both baselines in week 0.
    { currency: "CNY", open: 500, actual: 111, dueDate: 102, customerMedian: 106 },
    // Still open at the data's end; paid after week 1, or never: nothing collected in a scored week.
    { currency: "CNY", open: 300, actual: null, dueDate: 131, customerMedian: 141 },
    { currency: "USD", open: 70, actual: 116, dueDate: 103, customerMedian: 116 },
  ];
  const model = [
    { currency: "CNY", week: 0, expected: 900 },
    { currency: "CNY", week: 1, expected: 700 },
    // Week 2 ends on day 122, after the data's end: not scored.
    { currency: "CNY", week: 2, expected: 100 },
    { currency: "USD", week: 0, expected: 20 },
  ];

  it("scores only the weeks that end by the data's last day, per currency", () => {
    const cells = cashCells(step, model, invoices);
    expect(cells).toEqual([
      { currency: "CNY", expected: { model: 900, dueDate: 1500, customerMedian: 500 }, actual: 1000 },
      { currency: "CNY", expected: { model: 700, dueDate: 0, customerMedian: 1000 }, actual: 500 },
      { currency: "USD", expected: { model: 20, dueDate: 70, customerMedian: 0 }, actual: 0 },
      // Paid on day 116, in week 2: not scored, so its baseline there is not either.
      { currency: "USD", expected: { model: 0, dueDate: 0, customerMedian: 0 }, actual: 0 },
    ]);
  });

  it("measures the weekly MAE and the total's relative error of each predictor", () => {
    const [cny, usd] = measureCash(cashCells(step, model, invoices));
    // Model: |900 − 1000| + |700 − 500| = 300 over 2 weeks; 1600 expected against 1500 collected.
    expect(cny).toEqual({
      currency: "CNY",
      weeks: 2,
      collected: 1500,
      mae: { model: 150, dueDate: 500, customerMedian: 500 },
      totalError: { model: 100 / 1500, dueDate: 0, customerMedian: 0 },
    });
    // Nothing collected: no relative error.
    expect(usd).toMatchObject({ weeks: 2, collected: 0, mae: { model: 10 }, totalError: { model: null } });
  });

  it("a step whose weeks all end after the data does not score any", () =>
    expect(cashCells({ first: 102, weeks: 13, dataEnd: 107 }, model, invoices)).toEqual([]));

  it("runs its weeks Monday to Sunday as the forecast does, the first one from the day after the step", () => {
    // A step on Tuesday, day 103: week 0 is Wednesday to Sunday, days 104-108; week 1 is 109-115.
    const cells = cashCells({ first: 104, weeks: 13, dataEnd: 115 }, model, [
      { currency: "CNY", open: 40, actual: 108, dueDate: 104, customerMedian: 109 },
      { currency: "CNY", open: 60, actual: 109, dueDate: 115, customerMedian: 116 },
    ]);
    const cny = cells.filter((c) => c.currency === "CNY");
    expect(cny.map((c) => [c.actual, c.expected.dueDate, c.expected.customerMedian])).toEqual([
      [40, 40, 0],
      [60, 60, 40],
    ]);
  });
});
