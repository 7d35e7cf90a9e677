import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays } from "../calendar/calendar-date.ts";
import { type DatedAmount, followPlan, followPlans, type PlanToFollow } from "./plan-status.rules.ts";

const settings = { graceDays: 5, reminderDays: 3 };
// 1000.00 made on 2025-03-01: 100.00 down, then 300.00 on 04-01, 05-01 and 06-01.
const plan = (over: Partial<PlanToFollow> = {}): PlanToFollow => ({
  id: 1,
  createdOn: "2025-03-01",
  total: 100_000n,
  downPayment: 10_000n,
  status: "active",
  installments: [
    { seq: 1, dueOn: "2025-04-01", amount: 30_000n },
    { seq: 2, dueOn: "2025-05-01", amount: 30_000n },
    { seq: 3, dueOn: "2025-06-01", amount: 30_000n },
  ],
  ...over,
});
const pay = (on: string, amount: bigint): DatedAmount => ({ on, amount });

describe("followPlan", () => {
  it.each([
    // asOf, payments, expected plan status, changedOn, statuses of the down payment and installments 1-3
    ["2025-03-01", [], "active", null, ["due", "due", "due", "due"]],
    ["2025-03-06", [], "active", null, ["overdue", "due", "due", "due"]],
    // The down payment still unpaid six days after the plan was made: broken on the sixth day.
    ["2025-03-07", [], "broken", "2025-03-07", ["missed", "due", "due", "due"]],
    ["2025-03-07", [pay("2025-03-06", 10_000n)], "active", null, ["paid", "due", "due", "due"]],
    // 150.00 in: the down payment and half of installment 1.
    ["2025-03-20", [pay("2025-03-02", 15_000n)], "active", null, ["paid", "partially_paid", "due", "due"]],
    ["2025-04-02", [pay("2025-03-02", 15_000n)], "active", null, ["paid", "overdue", "due", "due"]],
    ["2025-04-06", [pay("2025-03-02", 15_000n)], "active", null, ["paid", "overdue", "due", "due"]],
    // Five days of grace after 04-01 end on 04-06: on 04-07 the plan is broken.
    ["2025-04-07", [pay("2025-03-02", 15_000n)], "broken", "2025-04-07", ["paid", "missed", "due", "due"]],
    // A payment on the last day of grace saves it.
    [
      "2025-04-07",
      [pay("2025-03-02", 15_000n), pay("2025-04-06", 26_000n)],
      "active",
      null,
      ["paid", "paid", "partially_paid", "due"],
    ],
    // One minor unit short is not paid.
    [
      "2025-04-07",
      [pay("2025-03-02", 15_000n), pay("2025-04-06", 24_999n)],
      "broken",
      "2025-04-07",
      ["paid", "missed", "due", "due"],
    ],
    // Everything paid early: completed on the day the last minor unit came.
    [
      "2025-03-20",
      [pay("2025-03-05", 40_000n), pay("2025-03-10", 60_000n)],
      "completed",
      "2025-03-10",
      ["paid", "paid", "paid", "paid"],
    ],
    // A run that missed days finds the break first even when everything was paid later.
    [
      "2025-07-01",
      [pay("2025-03-01", 10_000n), pay("2025-06-20", 90_000n)],
      "broken",
      "2025-04-07",
      ["paid", "paid", "paid", "paid"],
    ],
  ] as const)("case %# as of %s", (asOf, payments, status, changedOn, statuses) => {
    const v = followPlan(plan(), payments, asOf, settings);
    expect(v.status).toBe(status);
    expect(v.changedOn).toBe(changedOn);
    expect([v.downPayment?.status, ...v.installments.map((i) => i.status)]).toEqual(statuses);
  });

  it("counts paid and open exactly, and keeps final statuses as recorded", () => {
    const v = followPlan(plan(), [pay("2025-03-02", 12_345n)], "2025-03-20", settings);
    expect(v.paid).toBe(12_345n);
    expect(v.open).toBe(87_655n);
    expect(v.installments[0]).toMatchObject({ paid: 2_345n, open: 27_655n, status: "partially_paid" });
    expect(followPlan(plan({ status: "cancelled" }), [], "2025-09-01", settings).status).toBe("cancelled");
    expect(followPlan(plan({ status: "broken" }), [pay("2025-03-02", 100_000n)], "2025-09-01", settings).status).toBe(
      "broken",
    );
  });

  it.each([
    ["2025-03-28", [false, false, false]],
    ["2025-03-29", [true, false, false]],
    ["2025-03-31", [true, false, false]],
    // Paid on its date: no longer reminded.
    ["2025-04-01", [false, false, false]],
    ["2025-04-27", [false, false, false]],
    ["2025-04-28", [false, true, false]],
  ])("reminds 3 days ahead of each date up to the day itself (as of %s)", (asOf, remind) => {
    const v = followPlan(plan(), [pay("2025-03-01", 10_000n), pay("2025-04-01", 30_000n)], asOf, settings);
    expect(v.installments.map((i) => i.remind)).toEqual(remind);
  });

  it("reminds on the date itself while unpaid, and never for a broken plan", () => {
    const unpaid = (asOf: string) => followPlan(plan(), [pay("2025-03-01", 10_000n)], asOf, settings);
    expect(unpaid("2025-04-01").installments[0]?.remind).toBe(true);
    expect(unpaid("2025-04-28").status).toBe("broken");
    expect(unpaid("2025-04-28").installments.map((i) => i.remind)).toEqual([false, false, false]);
  });

  it("honours another grace period and a plan without down payment", () => {
    const p = plan({ downPayment: 0n, total: 90_000n });
    expect(followPlan(p, [], "2025-04-02", { graceDays: 0, reminderDays: 3 }).status).toBe("broken");
    expect(followPlan(p, [], "2025-04-02", settings).downPayment).toBeNull();
    expect(followPlan(p, [], "2025-04-11", { graceDays: 10, reminderDays: 3 }).status).toBe("active");
    expect(followPlan(p, [], "2025-04-12", { graceDays: 10, reminderDays: 3 }).status).toBe("broken");
  });

  it("property: installments' paid parts sum to what was paid, capped at the total", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 120 }), fc.bigInt({ min: 1n, max: 50_000n })), { maxLength: 8 }),
        (raw) => {
          const payments = raw.map(([d, a]) => pay(addDays("2025-03-01", d), a)).sort((a, b) => (a.on < b.on ? -1 : 1));
          const v = followPlan(plan(), payments, "2025-07-01", settings);
          const sum = [v.downPayment, ...v.installments].reduce((s, i) => s + (i?.paid ?? 0n), 0n);
          const paid = payments.reduce((s, p) => s + p.amount, 0n);
          expect(sum).toBe(paid > 100_000n ? 100_000n : paid);
          expect(v.paid + v.open).toBe(100_000n);
        },
      ),
    );
  });
});

describe("followPlans", () => {
  it("gives payments to the oldest plan first, up to its total, and only from each plan's creation day", () => {
    const a = plan({ id: 1, createdOn: "2025-03-01", total: 10_000n, downPayment: 0n, installments: [] });
    a.installments = [{ seq: 1, dueOn: "2025-03-10", amount: 10_000n }];
    const b = plan({ id: 2, createdOn: "2025-03-05", total: 20_000n, downPayment: 0n });
    b.installments = [{ seq: 1, dueOn: "2025-04-10", amount: 20_000n }];
    const views = followPlans([b, a], [pay("2025-03-02", 5_000n), pay("2025-03-06", 15_000n)], "2025-03-20", settings);
    expect(views.map((v) => [v.planId, v.status, v.paid])).toEqual([
      [1, "completed", 10_000n],
      [2, "active", 10_000n],
    ]);
  });

  it("lets a broken plan keep only what came before it broke; a new plan gets the rest", () => {
    const old = plan({ id: 1, total: 30_000n, downPayment: 0n });
    old.installments = [{ seq: 1, dueOn: "2025-03-10", amount: 30_000n }];
    const fresh = plan({ id: 2, createdOn: "2025-03-20", total: 30_000n, downPayment: 0n });
    fresh.installments = [{ seq: 1, dueOn: "2025-04-10", amount: 30_000n }];
    const views = followPlans(
      [old, fresh],
      [pay("2025-03-02", 1_000n), pay("2025-03-25", 30_000n)],
      "2025-04-01",
      settings,
    );
    expect(views.map((v) => [v.planId, v.status, v.changedOn, v.paid])).toEqual([
      [1, "broken", "2025-03-16", 1_000n],
      [2, "completed", "2025-03-25", 30_000n],
    ]);
    // Cancelled plans and plans made after the date take nothing.
    expect(followPlans([{ ...old, status: "cancelled" }, fresh], [], "2025-03-19", settings)).toEqual([]);
  });
});
