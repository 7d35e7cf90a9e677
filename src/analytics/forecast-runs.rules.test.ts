import { describe, expect, it } from "vitest";
import {
  nextRunCovering,
  normalCdf,
  type PaymentRuns,
  paymentRunsOf,
  runBetween,
  runLaterThan,
} from "./forecast-runs.rules.ts";

/** A customer paying every `gap` days, from day 100, every invoice at least `lag` days late at its run. */
function runPayer(gap: number, lag: number, runs: number, perRun: number) {
  const out: { due: number; paidDay: number }[] = [];
  for (let r = 1; r <= runs; r++) {
    const day = 100 + r * gap;
    // The invoices that became `lag` late since the run before, spread over the gap.
    for (let k = 0; k < perRun; k++) out.push({ due: day - lag - Math.floor((k * gap) / perRun), paidDay: day });
  }
  return out;
}

describe("payment runs", () => {
  it("finds a customer paying several invoices together on a rhythm: its last run, gap and lag", () => {
    expect(paymentRunsOf(runPayer(21, 5, 6, 3))).toEqual({
      last: 226,
      gap: 21,
      lag: 5,
      runs: 6,
      perRun: 3,
      jitter: 0,
      dayOfMonth: null,
    });
    // A lump every ~60 days, none paid before 25 days late.
    expect(paymentRunsOf(runPayer(60, 25, 5, 4))).toMatchObject({ gap: 60, lag: 25 });
  });

  it("one invoice a month paid on the same day of the month is a monthly run (月结), weekends moving it", () => {
    // The 25th of each month from February 2024, or the Monday after when it falls on a weekend; each invoice due
    // in the fortnight before.
    const xs = Array.from({ length: 10 }, (_, m) => {
      let run = Date.UTC(2024, 1 + m, 25) / 86_400_000;
      const weekday = (run + 3) % 7; // 0 = Monday
      if (weekday >= 5) run += 7 - weekday;
      return { due: run - 12 + (m % 3), paidDay: run };
    });
    const runs = paymentRunsOf(xs);
    expect(runs).toMatchObject({ dayOfMonth: 25, runs: 10, perRun: 1 });
    // The next run takes an invoice due on 2024-12-10.
    expect(
      nextRunCovering(runs as PaymentRuns, Date.UTC(2024, 11, 10) / 86_400_000, (runs as PaymentRuns).last + 1),
    ).toBe(Date.UTC(2024, 11, 25) / 86_400_000);
  });

  it("a monthly settlement day skipped in months with nothing to pay is still monthly on that day, not every ~60 days", () => {
    const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
    // Invoiced every other month; each invoice paid on the first 25th at least ~10 days after its due date.
    const paid = ["2024-01-25", "2024-03-25", "2024-05-27", "2024-07-25", "2024-09-25", "2024-11-25", "2025-01-27"];
    const xs = paid.map((d, k) => ({ due: day(d) - 12 - (k % 3), paidDay: day(d) }));
    const runs = paymentRunsOf(xs) as PaymentRuns;
    expect(runs).toMatchObject({ dayOfMonth: 25, gap: 30, runs: 7, perRun: 1 });
    expect(runs.lag).toBeGreaterThanOrEqual(10);
    expect(runs.lag).toBeLessThanOrEqual(14);
    // Due 2025-02-10: the 25th of February takes it, not a run two months after the last one.
    expect(nextRunCovering(runs, day("2025-02-10"), day("2025-02-01"))).toBe(day("2025-02-25"));
    // Due 2025-02-20: too late for February's, so March's.
    expect(nextRunCovering(runs, day("2025-02-20"), day("2025-02-01"))).toBe(day("2025-03-25"));
  });

  it("a settlement on the 30th is the 30th, February's 28th and weekends' moves aside", () => {
    const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
    const paid = ["2024-09-30", "2024-10-30", "2024-12-02", "2024-12-30", "2025-01-30", "2025-02-28", "2025-03-31"];
    const runs = paymentRunsOf(paid.map((d) => ({ due: day(d) - 8, paidDay: day(d) }))) as PaymentRuns;
    expect(runs).toMatchObject({ dayOfMonth: 30 });
    expect(nextRunCovering(runs, day("2025-04-10"), day("2025-04-01"))).toBe(day("2025-04-30"));
  });

  it("two lumps of four or more invoices are already a rhythm (a trader paying every two or three months)", () => {
    expect(paymentRunsOf(runPayer(75, 40, 2, 4))).toMatchObject({ runs: 2, gap: 75, last: 250, jitter: 0 });
    expect(paymentRunsOf(runPayer(75, 40, 2, 3))).toBeNull();
    // Three runs of two are the ordinary threshold.
    expect(paymentRunsOf(runPayer(75, 40, 3, 2))).toMatchObject({ runs: 3, gap: 75 });
  });

  it("a run that has not come by D is late and comes soon; overdue by more than a quarter of the gap, it was skipped", () => {
    const r: PaymentRuns = { last: 300, gap: 60, lag: 20, runs: 5, perRun: 6, jitter: 3, dayOfMonth: null };
    // Expected on day 360; D is day 364: four days overdue, the run is expected from the day after D, and an
    // invoice it cannot take yet waits for the one a gap later.
    expect(nextRunCovering(r, 300, 365)).toBe(365);
    expect(nextRunCovering(r, 350, 365)).toBe(425);
    // Overdue by 20 days (more than 15, a quarter of the gap): skipped, the next is on day 420.
    expect(nextRunCovering(r, 300, 381)).toBe(420);
    // Not yet overdue: the rhythm's day.
    expect(nextRunCovering(r, 300, 340)).toBe(360);
    // A share of 0 never waits for a late run.
    expect(nextRunCovering(r, 300, 365, { lateShare: 0 })).toBe(420);
  });

  it("a skipped run (a gap of twice the rhythm) does not break the rhythm", () => {
    const xs = runPayer(30, 5, 8, 3).filter((x) => x.paidDay !== 100 + 4 * 30);
    expect(paymentRunsOf(xs)).toMatchObject({ gap: 30, jitter: 0 });
  });

  it.each([
    ["pays invoice by invoice", runPayer(30, 5, 8, 1)],
    ["has too few runs", runPayer(30, 5, 2, 3)],
    [
      "pays at irregular times",
      runPayer(30, 5, 8, 3).map((x, i) => ({
        ...x,
        paidDay: x.paidDay + ([0, 11, -9, 13][Math.floor(i / 3) % 4] as number),
      })),
    ],
    ["pays every few days", runPayer(5, 0, 8, 3)],
  ])("finds no runs for a customer who %s", (_, xs) => expect(paymentRunsOf(xs)).toBeNull());

  const runs: PaymentRuns = { last: 300, gap: 30, lag: 10, runs: 6, perRun: 3, jitter: 2, dayOfMonth: null };
  it.each([
    // [due, from, expected run]: the first run after `from − 1` at which the invoice is `lag` late.
    [250, 301, 330],
    [315, 301, 330],
    [320, 301, 330],
    [321, 301, 360],
    [400, 301, 420],
    [250, 345, 360],
  ])("an invoice due on %d, open on %d, is paid at the run on %d", (due, from, run) =>
    expect(nextRunCovering(runs, due, from)).toBe(run),
  );

  it("monthly runs on a day of the month stay on that day (short months: their last day)", () => {
    const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
    const xs = ["2024-09-30", "2024-10-30", "2024-11-30", "2024-12-30", "2025-01-30"].flatMap((d) => [
      { due: day(d) - 8, paidDay: day(d) },
      { due: day(d) - 20, paidDay: day(d) },
    ]);
    const runs = paymentRunsOf(xs) as PaymentRuns;
    expect(runs).toMatchObject({ dayOfMonth: 30, lag: 8 });
    expect(nextRunCovering(runs, day("2025-02-10"), day("2025-02-01"))).toBe(day("2025-02-28"));
    expect(nextRunCovering(runs, day("2025-02-25"), day("2025-02-01"))).toBe(day("2025-03-30"));
  });

  it("the run's lateness is a probability growing with how late the run falls", () => {
    expect(runLaterThan(runs, 330, 300, 0)).toBeGreaterThan(0.999);
    expect(runLaterThan(runs, 330, 340, 0)).toBeLessThan(0.001);
    expect(runLaterThan(runs, 330, 330, 0)).toBeCloseTo(normalCdf(-0.25), 9);
    // Further runs ahead are less certain.
    expect(runLaterThan(runs, 420, 423, 0)).toBeGreaterThan(runLaterThan(runs, 330, 333, 0));
  });

  it("the run's day falls in a week with the same distribution as its lateness, from the day after D on", () => {
    // Predicted on day 330 (one run ahead, sd 2): the week around it holds nearly all of it.
    expect(runBetween(runs, 330, 327, 334, 301)).toBeGreaterThan(0.9);
    expect(runBetween(runs, 330, 334, 341, 301)).toBeLessThan(0.05);
    // P(in [due + 1, ∞)) is runLaterThan(due, 0): the two views agree.
    expect(runBetween(runs, 330, 326, 10_000, 301)).toBeCloseTo(runLaterThan(runs, 330, 325, 0), 9);
    // Weeks cut from the day after D add up to 1, even for a run expected that very day (nothing lost before it).
    for (const run of [301, 330, 420]) {
      let p = 0;
      for (let w = 0; w < 30; w++) p += runBetween(runs, run, 301 + 7 * w, 308 + 7 * w, 301);
      expect(p).toBeCloseTo(1, 9);
    }
    expect(runBetween(runs, 301, 280, 301, 301)).toBe(0);
    // Three runs ahead the day is less sure: less of it in the week around it.
    expect(runBetween(runs, 390, 387, 394, 301)).toBeLessThan(runBetween(runs, 330, 327, 334, 301));
  });

  it.each([
    [0, 0.5],
    [1.959964, 0.975],
    [-1.644854, 0.05],
  ])("Φ(%d) = %d", (x, p) => expect(normalCdf(x)).toBeCloseTo(p, 6));
});
