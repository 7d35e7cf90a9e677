// The KPI use case on the hand-built company of kpi.fixture.ts; every expected figure is worked out in the comments.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, openTestDatabase } from "../../test/test-database.ts";
import type { Database } from "../db/database.ts";
import { setSetting } from "../settings/settings.ts";
import { type BusinessKpis, type GroupKpis, getKpis } from "./get-kpis.ts";
import { type KpiFixture, loadKpiFixture } from "./kpi.fixture.ts";

const FEB = { from: "2025-02-01", to: "2025-02-28" };

// February, customer A (collector c1): outbound 01-31 17:00Z (01:00 on 1 Feb in Shanghai) refused, 02-03 no answer,
// 02-04 connected, 02-05 promise, 02-06 SMS message: 5 attempts, 3 connects, 1 effective; plus an inbound complaint:
// 4 conversations, 1 complaint. Promises made 02-05 (400.00) and 02-10 (500.00), one cancelled (not counted); both
// fell due in February, one kept. Overdue when February began: A-1 1000.00. At the end: A-1 is 1000 − 100 credit
// note − 400 paid = 500.00 open, so 1000 − 500 − 100 = 400.00 recovered.
const febA = {
  attempts: 5,
  connects: 3,
  effectiveContacts: 1,
  conversations: 4,
  promisesMade: 2,
  promisesSettled: 2,
  promisesKept: 1,
  complaints: 1,
  connectRate: 0.6,
  effectiveContactRate: 0.2,
  promiseRate: 0.5,
  promiseKeptRate: 0.5,
  complaintRate: 0.25,
  money: [
    {
      currency: "CNY",
      promised: 90000n,
      overdueAtStart: 100000n,
      recovered: 40000n,
      recoveryRate: 0.4,
      collected: 40000n,
    },
  ],
};
// February, customer B (c2): one outbound call with a promise (no promise recorded); B-1 2000.00 overdue at the
// start, paid in full on 02-20.
const febB = {
  attempts: 1,
  connects: 1,
  effectiveContacts: 1,
  conversations: 1,
  promisesMade: 0,
  promisesSettled: 0,
  promisesKept: 0,
  complaints: 0,
  connectRate: 1,
  effectiveContactRate: 1,
  promiseRate: 0,
  promiseKeptRate: null,
  complaintRate: 0,
  money: [
    { currency: "CNY", promised: 0n, overdueAtStart: 200000n, recovered: 200000n, recoveryRate: 1, collected: 200000n },
  ],
};
const noActivity = {
  attempts: 0,
  connects: 0,
  effectiveContacts: 0,
  conversations: 0,
  promisesMade: 0,
  promisesSettled: 0,
  promisesKept: 0,
  complaints: 0,
  connectRate: null,
  effectiveContactRate: null,
  promiseRate: null,
  promiseKeptRate: null,
  complaintRate: null,
};
const zeroBuckets = { current: 0n, d1_30: 0n, d31_60: 0n, d61_90: 0n, d91_180: 0n, d181_365: 0n, over_365: 0n };
const zeroGrades = { current: 0n, overdue: 0n, doubtful: 0n, bad: 0n, dead: 0n };

const groupKeys = (groups: GroupKpis[]) => groups.map((g) => [g.periodStart, g.group]);
function expectBusiness(row: BusinessKpis | undefined, expected: Partial<BusinessKpis>) {
  const { dso, bestPossibleDso, averageDaysDelinquent, cei, ...exact } = expected;
  expect(row).toMatchObject(exact);
  for (const [k, v] of Object.entries({ dso, bestPossibleDso, averageDaysDelinquent, cei })) {
    const got = row?.[k as "dso"];
    if (v === null) expect(got, k).toBeNull();
    else if (v !== undefined) expect(got, k).toBeCloseTo(v, 9);
  }
}

describe.each(ENGINES)("getKpis on %s", (engine) => {
  let database: Database;
  let f: KpiFixture;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    f = await loadKpiFixture(database);
  });
  afterAll(() => database.close());

  it("counts February per collector and computes the business KPIs", async () => {
    const k = await getKpis({ database }, { ...FEB, by: "collector", scope: f.admin });
    expect(k.periods).toEqual([{ start: "2025-02-01", end: "2025-02-28" }]);
    expect(k.groups).toEqual([
      { periodStart: "2025-02-01", periodEnd: "2025-02-28", group: "c1", label: "User c1", ...febA },
      { periodStart: "2025-02-01", periodEnd: "2025-02-28", group: "c2", label: "User c2", ...febB },
    ]);
    expect(k.business.map((b) => b.currency)).toEqual(["CNY", "USD"]);
    // CNY. Opening (end of 01-31): A-1 1000 + B-1 2000. Closing (end of 02-28): A-1 500 (28 days past due), A-2 500
    // (not due), D-1 200 (3 days). Sales: A-2 500 + D-1 200.
    // CEI = (3000 + 700 − 1200) ÷ (3000 + 700 − 500) × 100 = 2500 ÷ 3200 × 100 = 78.125.
    // DSO: 1200 − February's 700 = 500 left (28 days), then 500 of January's 1000: 28 + 31 × 0.5 = 43.5.
    // Best possible DSO: 500 of February's 700: 28 × 5/7 = 20. ADD = 23.5.
    // Grades: A-2 current; A-1 overdue (5% = 25.00); D-1 bad because of the legal action (50% = 100.00).
    expectBusiness(k.business[0], {
      periodStart: "2025-02-01",
      periodEnd: "2025-02-28",
      currency: "CNY",
      openingReceivables: 300000n,
      closingReceivables: 120000n,
      closingCurrent: 50000n,
      sales: 70000n,
      cei: 78.125,
      dso: 43.5,
      bestPossibleDso: 20,
      averageDaysDelinquent: 23.5,
      aging: { ...zeroBuckets, current: 50000n, d1_30: 70000n },
      openByGrade: { ...zeroGrades, current: 50000n, overdue: 50000n, bad: 20000n },
      provisionByGrade: { ...zeroGrades, overdue: 2500n, bad: 10000n },
      provisionTotal: 12500n,
    });
    // USD: C-1 300 issued and due in February, unpaid: CEI 0 ÷ 0 is null; DSO = best possible = 28, ADD 0.
    expectBusiness(k.business[1], {
      currency: "USD",
      openingReceivables: 0n,
      closingReceivables: 30000n,
      closingCurrent: 30000n,
      sales: 30000n,
      cei: null,
      dso: 28,
      bestPossibleDso: 28,
      averageDaysDelinquent: 0,
      aging: { ...zeroBuckets, current: 30000n },
      provisionTotal: 0n,
    });
  });

  it("splits by month with the company's time zone, and gives the aging trend", async () => {
    const k = await getKpis(
      { database },
      { from: "2025-01-01", to: "2025-02-28", by: "collector", grain: "month", scope: f.admin },
    );
    expect(k.periods.map((p) => p.end)).toEqual(["2025-01-31", "2025-02-28"]);
    expect(groupKeys(k.groups)).toEqual([
      ["2025-01-01", "c1"],
      ["2025-01-01", "c2"],
      ["2025-02-01", "c1"],
      ["2025-02-01", "c2"],
    ]);
    // January: A's call at 23:00 on 01-31 in Shanghai, unanswered; B-1 2000 overdue when January began, nothing paid.
    expect(k.groups[0]).toMatchObject({
      ...noActivity,
      attempts: 1,
      connectRate: 0,
      effectiveContactRate: 0,
      money: [],
    });
    expect(k.groups[1]).toMatchObject({
      ...noActivity,
      money: [
        { currency: "CNY", promised: 0n, overdueAtStart: 200000n, recovered: 0n, recoveryRate: 0, collected: 0n },
      ],
    });
    expect(k.groups[2]).toMatchObject(febA);
    expect(k.groups[3]).toMatchObject(febB);
    expect(k.business.map((b) => [b.periodEnd, b.currency])).toEqual([
      ["2025-01-31", "CNY"],
      ["2025-02-28", "CNY"],
      ["2025-02-28", "USD"],
    ]);
    // January CNY: opening B-1 2000 (due that day, current); closing A-1 1000 (due that day) + B-1 2000 (31 days).
    // CEI = (2000 + 1000 − 3000) ÷ (2000 + 1000 − 1000) = 0. DSO: 3000 − January's 1000, then all of December's
    // 2000: 31 + 31 = 62; best possible 1000 of January's 1000 = 31; ADD 31. Provision: 5% of 2000.
    expectBusiness(k.business[0], {
      openingReceivables: 200000n,
      closingReceivables: 300000n,
      closingCurrent: 100000n,
      sales: 100000n,
      cei: 0,
      dso: 62,
      bestPossibleDso: 31,
      averageDaysDelinquent: 31,
      aging: { ...zeroBuckets, current: 100000n, d31_60: 200000n },
      provisionTotal: 10000n,
    });
    expectBusiness(k.business[1], { closingReceivables: 120000n, dso: 43.5, provisionTotal: 12500n });
  });

  it("groups by team, by the cause in force at the period's end and by the latest playbook step", async () => {
    const team = await getKpis({ database }, { ...FEB, by: "team", scope: f.admin });
    expect(team.groups.map((g) => [g.group, g.attempts, g.money[0]?.recovered])).toEqual([
      ["east", 5, 40000n],
      ["west", 1, 200000n],
    ]);
    // A: forgot from 01-20, hardship from 02-15; B's cause was set only on 03-05.
    const cause = await getKpis(
      { database },
      { from: "2025-01-01", to: "2025-02-28", by: "cause", grain: "month", scope: f.admin },
    );
    expect(cause.groups.map((g) => [g.periodStart, g.group, g.attempts])).toEqual([
      ["2025-01-01", "", 0],
      ["2025-01-01", "forgot", 1],
      ["2025-02-01", "", 1],
      ["2025-02-01", "hardship", 5],
    ]);
    // A's latest task by 02-28 is step 1 of the hardship challenger (step 2 came on 03-02); B had no task.
    const playbook = await getKpis({ database }, { ...FEB, by: "playbook", scope: f.admin });
    expect(playbook.groups.map((g) => [g.group, g.promisesMade])).toEqual([
      ["", 0],
      ["hardship/challenger/1", 2],
    ]);
  });

  it("keeps a collector to their portfolio and a manager to their team and the unassigned customers", async () => {
    const own = await getKpis({ database }, { ...FEB, by: "collector", scope: f.users.c1 });
    expect(own.groups).toEqual([
      { periodStart: "2025-02-01", periodEnd: "2025-02-28", group: "c1", label: "User c1", ...febA },
    ]);
    // Only A: opening 1000, closing 1000 (500 current), sales 500. CEI = (1000 + 500 − 1000) ÷ (1000 + 500 − 500)
    // = 50; DSO 28 + 31 × 500/1000 = 43.5; best possible 28; ADD 15.5.
    expect(own.business).toHaveLength(1);
    expectBusiness(own.business[0], {
      currency: "CNY",
      openingReceivables: 100000n,
      closingReceivables: 100000n,
      closingCurrent: 50000n,
      sales: 50000n,
      cei: 50,
      dso: 43.5,
      bestPossibleDso: 28,
      averageDaysDelinquent: 15.5,
      provisionTotal: 2500n,
    });
    const manager = await getKpis({ database }, { ...FEB, by: "collector", scope: f.users.boss });
    expect(manager.groups.map((g) => g.group)).toEqual(["c1"]);
    expect(manager.business.map((b) => [b.currency, b.closingReceivables])).toEqual([
      ["CNY", 100000n],
      ["USD", 30000n],
    ]);
    const finance = await getKpis({ database }, { ...FEB, by: "collector", scope: f.users.fin });
    expect(finance.groups.map((g) => g.group)).toEqual(["c1", "c2"]);
  });

  it("takes the provision rates from the settings", async () => {
    const deps = { database, now: () => new Date("2025-03-10T00:00:00Z") };
    await setSetting(
      deps,
      "analytics.provision",
      { current: 0, overdue: 1000, doubtful: 2000, bad: 10000, dead: 10000 },
      "test",
    );
    await expect(
      setSetting(deps, "analytics.provision", { current: 0, overdue: 10001, doubtful: 0, bad: 0, dead: 0.5 }, "test"),
    ).rejects.toThrow(/analytics\.provision\.overdue: .*\n.*analytics\.provision\.dead/);
    try {
      const k = await getKpis({ database }, { ...FEB, by: "team", scope: f.admin });
      // 10% of A-1's 500.00 + 100% of D-1's 200.00.
      expect(k.business[0]?.provisionByGrade).toEqual({ ...zeroGrades, overdue: 5000n, bad: 20000n });
      expect(k.business[0]?.provisionTotal).toBe(25000n);
    } finally {
      await setSetting(
        deps,
        "analytics.provision",
        { current: 0, overdue: 500, doubtful: 2000, bad: 5000, dead: 10000 },
        "test",
      );
    }
  });

  it("refuses a reversed range, a bad date and too many periods with a clear message", async () => {
    await expect(
      getKpis({ database }, { from: "2025-03-01", to: "2025-02-01", by: "team", scope: f.admin }),
    ).rejects.toThrow(/from 2025-03-01 is after to 2025-02-01/);
    await expect(
      getKpis({ database }, { from: "2025-02-30", to: "2025-03-01", by: "team", scope: f.admin }),
    ).rejects.toThrow(/from "2025-02-30" is not a date/);
    await expect(
      getKpis({ database }, { from: "2023-01-01", to: "2025-01-01", by: "team", grain: "day", scope: f.admin }),
    ).rejects.toThrow(/at most 366/);
  });

  it("measures a range running into the future to today, and refuses one that starts after today", async () => {
    // Today is 2025-03-10 in the company's zone (Asia/Shanghai): 2025-03-09T20:00Z is 04:00 there.
    const now = () => new Date("2025-03-09T20:00:00Z");
    const ahead = await getKpis(
      { database, now },
      { from: "2025-02-01", to: "2025-12-31", by: "team", grain: "month", scope: f.admin },
    );
    const toToday = await getKpis(
      { database },
      { from: "2025-02-01", to: "2025-03-10", by: "team", grain: "month", scope: f.admin },
    );
    expect(ahead.to).toBe("2025-03-10");
    expect(ahead.periods).toEqual([
      { start: "2025-02-01", end: "2025-02-28" },
      { start: "2025-03-01", end: "2025-03-10" },
    ]);
    expect(ahead).toEqual(toToday);
    await expect(
      getKpis({ database, now }, { from: "2025-03-11", to: "2025-04-01", by: "team", scope: f.admin }),
    ).rejects.toThrow(/from 2025-03-11 is in the future \(today is 2025-03-10\)/);
  });
});
