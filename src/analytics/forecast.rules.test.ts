import { describe, expect, it } from "vitest";
import { dayNumber, fromDayNumber } from "../calendar/calendar-date.ts";
import { auc, meanAbsoluteError } from "./backtest.rules.ts";
import type { LedgerRows } from "./forecast.repository.ts";
import {
  BIN_COUNT,
  binOf,
  constantDistribution,
  expectedDaysLate,
  fitPoisson,
  forecastInvoice,
  HORIZON,
  median,
  paidBetween,
  quantile,
  segmentsOf,
  shrinkRates,
  survival,
} from "./forecast.rules.ts";
import { buildForecast, cashWeeks, paidInDays, settleAll } from "./forecast-build.ts";
import { EVERY_DAY, weekdayOf } from "./forecast-weekdays.rules.ts";

describe("the hazard model's pieces", () => {
  it.each([
    [-100, 0],
    [-30, 1],
    [-1, 4],
    [0, 5],
    [0.5, 5],
    [1, 6],
    [30, 10],
    [31, 11],
    [729, BIN_COUNT - 1],
    [730, BIN_COUNT],
  ])("lateness %d falls in bin %d", (tau, bin) => expect(binOf(tau)).toBe(bin));

  it("cuts an invoice's life into exposure per bin, the payment in the last piece", () => {
    // Issued 30 days before due, paid 5 days late: [-30,-14) [-14,-7) [-7,-3) [-3,0) [0,1) [1,4) [4,6).
    const s = segmentsOf({ customer: 1, group: 0, issue: 70, due: 100, paidDay: 105 }, 200);
    expect(s.map((x) => [x.lo, x.hi, x.y])).toEqual([
      [-30, -14, 0],
      [-14, -7, 0],
      [-7, -3, 0],
      [-3, 0, 0],
      [0, 1, 0],
      [1, 4, 0],
      [4, 6, 1],
    ]);
    // Still open on day 110 (10 days late): exposure up to the end of that day, no payment.
    const open = segmentsOf({ customer: 1, group: 0, issue: 70, due: 100, paidDay: null }, 110);
    expect(open.at(-1)).toMatchObject({ lo: 8, hi: 11, y: 0 });
    expect(open.every((x) => x.y === 0)).toBe(true);
  });

  it("shrinks a customer's rate toward the prior by the prior's strength in days", () => {
    const y = new Float64Array(BIN_COUNT);
    const e = new Float64Array(BIN_COUNT);
    const prior = new Float64Array(BIN_COUNT).fill(0.1);
    y[6] = 3; // bin [1, 4): 3 days wide
    e[6] = 6;
    const r = shrinkRates(y, e, prior, 2);
    // (3 + 2·3·0.1) / (6 + 2·3) = 3.6 / 12
    expect(r[6]).toBeCloseTo(0.3, 12);
    // No data: the prior.
    expect(r[10]).toBeCloseTo(0.1, 12);
  });

  it("reads survival, the median and the probabilities of paying late from the rates", () => {
    const d = constantDistribution(-10, 0.1);
    expect(survival(d, -10)).toBe(1);
    expect(survival(d, 0)).toBeCloseTo(Math.exp(-1), 12);
    expect(quantile(d, 0.5)).toBeCloseTo(-10 + Math.LN2 / 0.1, 9);
    // Open at the end of day due - 11: p_late = S(1), p_late_30 = S(31).
    const f = forecastInvoice(d, 100, 89);
    expect(f.pLate).toBeCloseTo(Math.exp(-1.1), 12);
    expect(f.pLate30).toBeCloseTo(Math.exp(-4.1), 12);
    expect(f.predictedLateness).toBe(Math.floor(-10 + Math.LN2 / 0.1));
    // Already past due: late for certain.
    expect(forecastInvoice(constantDistribution(6, 0.1), 100, 105).pLate).toBe(1);
    // Never paid: the median is beyond the horizon and the days late count as the horizon.
    const never = constantDistribution(1, 0);
    expect(quantile(never, 0.5)).toBeNull();
    expect(forecastInvoice(never, 100, 100).predictedLateness).toBe(HORIZON);
    expect(expectedDaysLate(never)).toBe(HORIZON);
    // Weekly probabilities add up to the probability of paying within the weeks.
    const w = [0, 1, 2].map((k) => paidBetween(d, 100, 90 + 7 * k, 97 + 7 * k));
    expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1 - Math.exp(-2.1), 12);
  });

  it("fits a Poisson regression with an offset: recovers a known rate ratio", () => {
    // 1000 days of exposure each; 100 events without the feature, 300 with it: ratio 3.
    const rows = [
      { x: Float64Array.of(0), off: Math.log(1000 * 0.1), y: 100, w: 1 },
      { x: Float64Array.of(1), off: Math.log(1000 * 0.1), y: 300, w: 1 },
    ];
    const beta = new Float64Array(1);
    fitPoisson(rows, beta, 0);
    expect(Math.exp(beta[0] as number)).toBeCloseTo(3, 6);
  });

  it.each([
    [[], null],
    [[3], 3],
    [[5, 1, 3], 3],
    [[4, 1, 3, 2], 2.5],
  ])("median of %j is %s", (xs, m) => expect(median(xs)).toBe(m));
});

/** A synthetic company: prompt customers pay 0-3 days before due, slow ones 20-30 days after; every invoice in full. */
function syntheticCompany(end: string): LedgerRows {
  let seed = 42;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const rows: LedgerRows = {
    invoices: [],
    payments: [],
    allocations: [],
    adjustments: [],
    customers: [],
    disputes: [],
    promises: [],
    plans: [],
    reminders: [],
  };
  const last = dayNumber(end);
  let id = 1;
  for (let c = 1; c <= 40; c++) {
    const slow = c % 2 === 0;
    rows.customers.push({ id: String(c), code: `S${c}`, paperless: false, credit_rating: null, middleman: false });
    for (let issue = last - 720 + c; issue <= last; issue += 12 + Math.floor(rnd() * 6)) {
      const due = issue + 30;
      const amount = 10_000 + Math.floor(rnd() * 5_000);
      rows.invoices.push({
        id,
        customer_id: c,
        currency: "CNY",
        number: `S${c}-${id}`,
        issue_day: issue,
        due_day: due,
        amount,
      });
      const paid = due + (slow ? 20 + Math.floor(rnd() * 11) : -Math.floor(rnd() * 4));
      if (paid <= last) {
        rows.payments.push({
          customer_id: c,
          currency: "CNY",
          paid_day: paid,
          amount,
        });
      }
      id++;
    }
  }
  return rows;
}

/** The rows a query as of `asOf` would return. */
function asOfRows(all: LedgerRows, asOf: string): LedgerRows {
  return {
    ...all,
    invoices: all.invoices.filter((i) => i.issue_day <= dayNumber(asOf)),
    payments: all.payments.filter((p) => p.paid_day <= dayNumber(asOf)),
  };
}

describe("the model on a company with a known lateness pattern", () => {
  const end = "2025-06-30";
  const all = syntheticCompany(end);
  const truth = new Map(settleAll(all, dayNumber(end)).map((i) => [i.id, i.paidDay]));

  it("beats the due-date baseline on MAE and ranks lateness almost perfectly", () => {
    const errors: { model: number; due: number; actual: number }[] = [];
    const scored: { score: number; positive: boolean }[] = [];
    for (const asOf of ["2024-10-31", "2024-12-31", "2025-02-28", "2025-04-30"]) {
      const set = buildForecast(asOfRows(all, asOf), asOf);
      for (const f of set.invoices) {
        const actual = truth.get(f.invoiceId);
        if (actual === null || actual === undefined) continue;
        errors.push({ model: dayNumber(f.predictedPayDate), due: dayNumber(f.baselineDueDate), actual });
        if (f.due > dayNumber(asOf)) scored.push({ score: f.pLate, positive: actual > f.due });
      }
    }
    const maeModel = meanAbsoluteError(errors.map((e) => ({ predicted: e.model, actual: e.actual }))) as number;
    const maeDue = meanAbsoluteError(errors.map((e) => ({ predicted: e.due, actual: e.actual }))) as number;
    expect(errors.length).toBeGreaterThan(100);
    expect(maeModel).toBeLessThan(0.5 * maeDue);
    expect(auc(scored)).toBeGreaterThan(0.9);
  });

  it("explains itself: the customer's history comes first", () => {
    const set = buildForecast(asOfRows(all, "2025-02-28"), "2025-02-28");
    const slow = set.invoices.find((f) => f.customerCode === "S2");
    expect(slow?.topFactors[0]).toMatch(/^pays a median 2\d days late \(\d+ settled invoices\)$/);
    expect(slow?.pLate).toBeGreaterThan(0.9);
    const prompt = set.invoices.find((f) => f.customerCode === "S1" && f.due > dayNumber("2025-02-28"));
    expect(prompt?.pLate30).toBeLessThan(0.1);
  });

  it("a customer with little history leans on similar customers, and says so", () => {
    const rows = asOfRows(all, "2025-02-28");
    rows.customers.push({ id: "99", code: "NEW", paperless: false, credit_rating: null, middleman: false });
    rows.invoices.push({
      id: 9999,
      customer_id: 99,
      currency: "CNY",
      number: "N-1",
      issue_day: dayNumber("2025-02-20"),
      due_day: dayNumber("2025-03-22"),
      amount: 10000,
    });
    const f = buildForecast(rows, "2025-02-28").invoices.find((x) => x.customerCode === "NEW");
    expect(f?.topFactors[0]).toBe("no settled invoices yet: leans on customers in CNY on ~30-day terms");
  });

  it("a new customer leans on customers with its rating: rated like the slow payers, it is expected late", () => {
    const rows = asOfRows(all, "2025-02-28");
    // The slow payers (even ids) are rated C, the prompt ones A; one middleman among the prompt ones.
    rows.customers = rows.customers.map((c) => ({
      ...c,
      credit_rating: Number(c.id) % 2 === 0 ? "C" : "a ",
      middleman: c.id === "39",
    }));
    for (const [cid, rating, middleman] of [
      ["97", "A", true],
      ["98", "C", false],
      ["99", "A", false],
    ] as const) {
      const code = `NEW-${middleman ? "M" : rating}`;
      rows.customers.push({ id: cid, code, paperless: false, credit_rating: rating, middleman });
      rows.invoices.push({
        id: Number(`99${cid}`),
        customer_id: Number(cid),
        currency: "CNY",
        number: code,
        issue_day: dayNumber("2025-02-20"),
        due_day: dayNumber("2025-03-22"),
        amount: 10000,
      });
    }
    const set = buildForecast(rows, "2025-02-28");
    const c = set.invoices.find((x) => x.customerCode === "NEW-C");
    const a = set.invoices.find((x) => x.customerCode === "NEW-A");
    expect(c?.topFactors[0]).toBe("no settled invoices yet: leans on customers in CNY on ~30-day terms rated C");
    // Ratings are compared trimmed and in capitals ("a " is A).
    expect(a?.topFactors[0]).toBe("no settled invoices yet: leans on customers in CNY on ~30-day terms rated A");
    expect(c?.pLate).toBeGreaterThan(0.8);
    expect(a?.pLate).toBeLessThan(0.3);
    expect(dayNumber(c?.predictedPayDate as string) - dayNumber("2025-03-22")).toBeGreaterThanOrEqual(15);
    // Middlemen are a group of their own.
    expect(set.invoices.find((x) => x.customerCode === "NEW-M")?.topFactors[0]).toBe(
      "no settled invoices yet: leans on middlemen in CNY on ~30-day terms rated A",
    );
  });

  it("expects each week's collections from the probabilities, per currency, within a band", () => {
    const set = buildForecast(asOfRows(all, "2025-02-28"), "2025-02-28");
    const weeks = cashWeeks(set, 13);
    expect(weeks).toHaveLength(13);
    // As of Friday 28 February: the weekend first, then Monday to Sunday.
    expect(weeks[0]).toMatchObject({ currency: "CNY", weekStart: "2025-03-01", weekEnd: "2025-03-02" });
    expect(weeks[1]).toMatchObject({ currency: "CNY", weekStart: "2025-03-03", weekEnd: "2025-03-09" });
    expect(weeks[12]).toMatchObject({ currency: "CNY", weekStart: "2025-05-19", weekEnd: "2025-05-25" });
    const open = set.invoices.reduce((s, f) => s + f.openAmount, 0n);
    const expected = weeks.reduce((s, w) => s + w.expected, 0n);
    // Most of what is open is paid within 13 weeks by this company's habits; never more than is open.
    expect(expected).toBeLessThanOrEqual(open);
    expect(Number(expected)).toBeGreaterThan(0.8 * Number(open));
    for (const w of weeks) expect(w.low <= w.expected && w.expected <= w.high).toBe(true);
  });

  it("a customer paying in a weekly run on Thursdays: an invoice due on a Wednesday waits for the next day", () => {
    // W1 pays each invoice at the Thursday nearest to a day within two days of its due date.
    const rows = syntheticCompany(end);
    rows.customers.push({ id: "78", code: "W1", paperless: false, credit_rating: null, middleman: false });
    const asOf = "2025-02-28";
    const thursdayNear = (d: number) => {
      const back = (weekdayOf(d) - 3 + 7) % 7;
      return back <= 3 ? d - back : d + 7 - back;
    };
    let id = 8000;
    const add = (issue: number, due: number) =>
      rows.invoices.push({
        id,
        customer_id: 78,
        currency: "CNY",
        number: `W1-${id++}`,
        issue_day: issue,
        due_day: due,
        amount: 10000,
      });
    for (let issue = dayNumber("2024-03-01"), k = 0; issue + 30 < dayNumber(asOf); issue += 9, k++) {
      add(issue, issue + 30);
      const paid = thursdayNear(issue + 30 + (k % 5) - 2);
      if (paid <= dayNumber(asOf))
        rows.payments.push({ customer_id: 78, currency: "CNY", paid_day: paid, amount: 10000 });
    }
    add(dayNumber(asOf) - 20, dayNumber("2025-03-12")); // a Wednesday
    add(dayNumber(asOf) - 20, dayNumber("2025-03-13")); // a Thursday
    const set = buildForecast(asOfRows(rows, asOf), asOf);
    const byDue = new Map(set.invoices.filter((f) => f.customerCode === "W1").map((f) => [f.dueDate, f]));
    const wed = byDue.get("2025-03-12");
    const thu = byDue.get("2025-03-13");
    if (!wed || !thu) throw new Error("W1's open invoices are missing");
    expect(wed.predictedPayDate).toBe("2025-03-13");
    expect(thu.predictedPayDate).toBe("2025-03-13");
    expect(wed.pLate).toBeGreaterThan(0.8);
    expect(thu.pLate).toBeLessThan(0.2);
    expect(wed.topFactors[0]).toMatch(/^pays on Thursdays \(\d+ of its \d+ payment days\)$/);
    // The cash forecast puts the payment on Thursdays only: nothing in a span of days without one.
    const first = dayNumber(asOf) + 1;
    expect(paidInDays(wed, dayNumber("2025-03-14"), dayNumber("2025-03-20"), first)).toBe(0);
    expect(paidInDays(wed, dayNumber("2025-03-13"), dayNumber("2025-03-14"), first)).toBeGreaterThan(0.3);
    // The portfolio pays on every day of the week (the synthetic company pays on weekends): nothing moves for it.
    expect(set.invoices.find((f) => f.customerCode === "S1")?.payDays).toBe(EVERY_DAY);
  });

  it("a monthly run the rhythm puts on a weekend is predicted for the Monday after, when nobody pays on weekends", () => {
    // The synthetic company paying on business days only; R2 settles on the 25th, or the Monday after a weekend.
    const rows = syntheticCompany(end);
    const business = (d: number) => (weekdayOf(d) === 5 ? d + 2 : weekdayOf(d) === 6 ? d + 1 : d);
    for (const p of rows.payments) p.paid_day = business(p.paid_day);
    rows.customers.push({ id: "79", code: "R2", paperless: false, credit_rating: null, middleman: false });
    const asOf = "2024-12-31";
    let id = 9000;
    for (let m = 0; m <= 11; m++) {
      // One invoice a month, due on the 10th; paid at the run of the 25th.
      const due = Date.UTC(2024, m, 10) / 86_400_000;
      rows.invoices.push({
        id,
        customer_id: 79,
        currency: "CNY",
        number: `R2-${id++}`,
        issue_day: due - 30,
        due_day: due,
        amount: 10000,
      });
      const run = business(Date.UTC(2024, m, 25) / 86_400_000);
      if (run <= dayNumber(asOf))
        rows.payments.push({ customer_id: 79, currency: "CNY", paid_day: run, amount: 10000 });
    }
    rows.invoices.push({
      id,
      customer_id: 79,
      currency: "CNY",
      number: "R2-JAN",
      issue_day: dayNumber("2024-12-11"),
      due_day: dayNumber("2025-01-10"),
      amount: 10000,
    });
    const f = buildForecast(asOfRows(rows, asOf), asOf).invoices.find((x) => x.invoiceNumber === "R2-JAN");
    expect(f?.run).not.toBeNull();
    // 2025-01-25 is a Saturday.
    expect(f?.predictedPayDate).toBe("2025-01-27");
  });

  it("a customer paying in monthly runs is predicted to pay at the run that takes the invoice", () => {
    // R1 pays on the 25th of each month every invoice at least 5 days overdue by then, in one transfer.
    const rows = syntheticCompany(end);
    rows.customers.push({ id: "77", code: "R1", paperless: false, credit_rating: null, middleman: false });
    const asOf = "2025-02-28";
    let open: { due: number; amount: number }[] = [];
    let id = 7000;
    for (let issue = dayNumber("2024-03-01"); issue <= dayNumber(asOf); issue += 6) {
      const due = issue + 30;
      rows.invoices.push({
        id,
        customer_id: 77,
        currency: "CNY",
        number: `R1-${id++}`,
        issue_day: issue,
        due_day: due,
        amount: 10000,
      });
      open.push({ due, amount: 10_000 });
    }
    for (let m = 3; m <= 13; m++) {
      // The 25th of each month from April 2024 to February 2025 (a payment without allocations: oldest due first).
      const run = Date.UTC(2024, m, 25) / 86_400_000;
      if (run > dayNumber(asOf)) break;
      const taken = open.filter((x) => x.due + 5 <= run);
      open = open.filter((x) => x.due + 5 > run);
      const amount = taken.reduce((a, x) => a + x.amount, 0);
      if (amount > 0) rows.payments.push({ customer_id: 77, currency: "CNY", paid_day: run, amount });
    }
    const set = buildForecast(asOfRows(rows, asOf), asOf);
    const mine = set.invoices.filter((f) => f.customerCode === "R1");
    expect(mine.length).toBeGreaterThan(3);
    for (const f of mine) {
      expect(f.predictedPayDate.endsWith("-25")).toBe(true);
      expect(dayNumber(f.predictedPayDate) - f.due).toBeGreaterThanOrEqual(5);
      expect(f.topFactors[0]).toMatch(
        /^pays in runs every ~\d+ days \(\d+ runs, ~\d+ invoices each, last 2025-02-25\)/,
      );
      expect(f.run && fromDayNumber(f.run.day)).toBe(f.predictedPayDate);
    }
    // The cash forecast puts much of what the run of Tuesday 25 March takes in that week (2025-03-24 to 03-30), much
    // more than the hazard alone would: half the invoices' chance is the run's, and its day ±2 days (the least spread
    // a run is given) stays in the week with P = Φ(1.5 / 2) = 0.77, the rest falling on the week before.
    const march = mine.filter((f) => f.predictedPayDate === "2025-03-25");
    expect(march.length).toBeGreaterThan(0);
    const taken = Number(march.reduce((s, f) => s + f.openAmount, 0n));
    const [before, withRun] = cashWeeks({ ...set, invoices: mine }, 13).slice(3, 5);
    const hazardOnly = cashWeeks({ ...set, invoices: mine.map((f) => ({ ...f, run: null })) }, 13)[4];
    expect(withRun?.weekStart).toBe("2025-03-24");
    expect(Number(withRun?.expected)).toBeGreaterThan(0.77 * 0.5 * taken);
    expect(Number(withRun?.expected)).toBeGreaterThan(Number(hazardOnly?.expected) + 0.25 * taken);
    // With the week before, at least half of it.
    expect(Number(withRun?.expected) + Number(before?.expected)).toBeGreaterThan(0.5 * taken);
  });
});
