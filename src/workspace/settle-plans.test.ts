import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signIn } from "../../test/http-session.ts";
import { ENGINES, openTestDatabase } from "../../test/test-database.ts";
import { addUser } from "../auth/manage-users.ts";
import type { AuthUser } from "../auth/sessions.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { createApp } from "../http/app.ts";
import { setSetting } from "../settings/settings.ts";
import { createPlan } from "./create-plan.ts";
import { listPlanViews, settlePlans } from "./settle-plans.ts";

// Plans are made on 2025-03-01 (10:00 in Shanghai).
const MADE = new Date("2025-03-01T02:00:00Z");
const admin: AuthUser = { id: 0, login: "admin", name: "Admin", role: "admin", team: null };

describe.each(ENGINES)("payment plan follow-up on %s", (engine) => {
  let database: Database;
  const ids: Record<string, number> = {};
  const plans: Record<string, number> = {};
  const settle = (asOf: string, range?: { from: number | null; to: number | null }) =>
    database.transaction((conn) => settlePlans(conn, { asOf, range, actor: "run", now: () => MADE }));
  const pay = (code: string, ref: string, on: string, amount: number, currency = "CNY") =>
    database.db.execute(sql`insert into payments (customer_id, reference, paid_on, amount, currency)
      values (${ids[code]}, ${ref}, ${on}::date, ${amount}, ${currency})`);
  const statuses = async (planId: number) =>
    (
      await queryRows<{ status: string }>(
        database.db,
        sql`select status from plan_installments where plan_id = ${planId} order by seq`,
      )
    ).map((r) => r.status);

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    for (const code of ["A", "B", "C", "D"]) {
      const [c] = await queryRows<{ id: string }>(
        database.db,
        sql`insert into customers (code, name) values (${`PLAN-${code}`}, ${`Plan ${code}`}) returning id`,
      );
      ids[code] = Number(c?.id);
    }
    const make = async (code: string, input: Parameters<typeof createPlan>[3]) =>
      (plans[code] = (await createPlan({ database, now: () => MADE }, admin, ids[code] ?? 0, input)).id);
    // A: 1000.00, 100.00 down, then 300.00 on 04-01, 05-01, 05-31.
    await make("A", {
      total: "1000.00",
      downPayment: "100.00",
      currency: "CNY",
      split: { count: 3, firstDate: "2025-04-01", intervalDays: 30 },
    });
    // B: 600.00 in two, from 03-20; nothing comes.
    await make("B", {
      total: "600.00",
      currency: "CNY",
      installments: [
        { date: "2025-03-20", amount: "300.00" },
        { date: "2025-04-20", amount: "300.00" },
      ],
    });
    // C: 200.00 on 03-10, paid early in two parts (and a dollar payment that does not count).
    await make("C", { total: "200.00", currency: "CNY", installments: [{ date: "2025-03-10", amount: "200.00" }] });
    await make("D", { total: "50.00", currency: "CNY", installments: [{ date: "2025-03-05", amount: "50.00" }] });
    await pay("A", "A-1", "2025-03-01", 10_000);
    await pay("A", "A-0", "2025-02-20", 99_999); // before the plan: not counted
    await pay("C", "C-1", "2025-03-03", 12_000);
    await pay("C", "C-2", "2025-03-05", 8_000);
    await pay("C", "C-3", "2025-03-04", 50_000, "USD");
  });
  afterAll(() => database.close());

  it("reads statuses as of a date without writing anything", async () => {
    const views = await listPlanViews(database.db, { asOf: "2025-03-04", scope: { customerIds: [ids.C ?? 0] } });
    expect(views.map((v) => [v.status, v.paid, v.installments.map((i) => i.status)])).toEqual([
      ["active", 12_000n, ["partially_paid"]],
    ]);
    expect(await statuses(plans.C ?? 0)).toEqual(["pending"]);
  });

  it("records installment statuses, completes, breaks after the grace days, reminds, audits each change", async () => {
    // Only customers A-C: D is outside the range.
    const range = { from: ids.A ?? 0, to: ids.D ?? 0 };
    const mid = await settle("2025-03-18", range);
    expect(mid).toMatchObject({ plansFollowed: 3, completed: 1, broken: 0, brokenPlans: [] });
    // B's first installment is due in 2 days: remind.
    expect(mid.reminders).toEqual([
      {
        customerId: ids.B,
        planId: plans.B,
        seq: 1,
        dueOn: "2025-03-20",
        amount: 30_000n,
        open: 30_000n,
        currency: "CNY",
      },
    ]);
    expect(await statuses(plans.A ?? 0)).toEqual(["due", "due", "due"]);
    expect(await statuses(plans.C ?? 0)).toEqual(["paid"]);
    expect(await statuses(plans.D ?? 0)).toEqual(["pending"]);
    // 03-25 is the fifth day of grace; on 03-26 B's plan is broken.
    const graced = await settle("2025-03-25", range);
    expect(graced.broken).toBe(0);
    expect(await statuses(plans.B ?? 0)).toEqual(["overdue", "due"]);
    const broke = await settle("2025-03-26", range);
    expect(broke.brokenPlans).toEqual([{ customerId: ids.B, planId: plans.B, brokeOn: "2025-03-26", seq: 1 }]);
    expect(await statuses(plans.B ?? 0)).toEqual(["missed", "due"]);
    const rows = await queryRows<{ id: string; status: string; version: number }>(
      database.db,
      sql`select id, status, version from payment_plans where customer_id in (${ids.A}, ${ids.B}, ${ids.C}, ${ids.D}) order by id`,
    );
    expect(rows.map((r) => [r.status, r.version])).toEqual([
      ["active", 1],
      ["broken", 2],
      ["completed", 2],
      ["active", 1],
    ]);
    // Again for the same day: nothing changes, nothing is reported twice, no audit row is added.
    const count = async () =>
      (
        await queryRows<{ n: number }>(
          database.db,
          sql`select count(*)::int as n from audit_log where object_type = 'payment_plan'`,
        )
      )[0]?.n;
    const before = await count();
    expect(await settle("2025-03-26", range)).toMatchObject({ plansFollowed: 1, installmentsChanged: 0, broken: 0 });
    expect(await count()).toBe(before);
    const audit = await queryRows<{ action: string; actor: string; after: { on?: string; status: string } }>(
      database.db,
      sql`select action, actor, after from audit_log where object_type = 'payment_plan' and customer_id = ${ids.B} order by id`,
    );
    expect(audit.map((a) => a.action)).toEqual([
      "plan.create",
      "plan.installments",
      "plan.installments",
      "plan.broken",
    ]);
    expect(audit.at(-1)?.after).toMatchObject({ status: "broken", on: "2025-03-26", brokenBySeq: 1 });
    expect(audit.at(-1)?.actor).toBe("run");
    const completed = await queryRows<{ after: { on: string } }>(
      database.db,
      sql`select after from audit_log where action = 'plan.completed' and customer_id = ${ids.C}`,
    );
    expect(completed.map((c) => c.after.on)).toEqual(["2025-03-05"]);
  });

  it("shows each plan's installments in the customer 360 and its breaking in the timeline", async () => {
    const app = createApp({ database, now: () => new Date("2025-03-27T02:00:00Z"), version: "test" });
    await addUser(
      { database, now: () => MADE },
      { login: "boss", name: "Boss", role: "admin", password: "boss-secret-pass" },
      "t",
    );
    const boss = await signIn(app, "boss", "boss-secret-pass");
    const one = (await (await boss("GET", `/api/customers/${ids.A}?asOf=2025-03-29`)).json()) as {
      plans: unknown[];
    };
    expect(one.plans).toEqual([
      {
        id: plans.A,
        status: "active",
        createdOn: "2025-03-01",
        currency: "CNY",
        total: "1000.00",
        paid: "100.00",
        open: "900.00",
        terms: null,
        changedOn: null,
        brokenBySeq: null,
        signedAt: null,
        signedBy: null,
        downPayment: {
          seq: 0,
          date: "2025-03-01",
          amount: "100.00",
          paid: "100.00",
          open: "0",
          status: "paid",
          remind: false,
        },
        installments: [
          { seq: 1, date: "2025-04-01", amount: "300.00", paid: "0", open: "300.00", status: "due", remind: true },
          { seq: 2, date: "2025-05-01", amount: "300.00", paid: "0", open: "300.00", status: "due", remind: false },
          { seq: 3, date: "2025-05-31", amount: "300.00", paid: "0", open: "300.00", status: "due", remind: false },
        ],
      },
    ]);
    const timeline = (await (await boss("GET", `/api/customers/${ids.B}/timeline`)).json()) as {
      at: string;
      kind: string;
      detail: Record<string, unknown>;
    }[];
    const broken = timeline.find((e) => e.kind === "plan_broken");
    expect(broken?.detail).toMatchObject({ planId: plans.B, status: "broken", on: "2025-03-26", brokenBySeq: 1 });
    expect(broken?.at.slice(0, 10)).toBe("2025-03-26");
  });

  it("takes the grace days from the setting", async () => {
    await setSetting({ database, now: () => MADE }, "workspace.plans", { graceDays: 30, reminderDays: 1 }, "admin");
    // D's 03-05 installment, unpaid: within 30 days of grace on 04-04, broken on 04-05.
    const inGrace = await settle("2025-04-04", { from: ids.D ?? 0, to: null });
    expect(inGrace.broken).toBe(0);
    expect(await statuses(plans.D ?? 0)).toEqual(["overdue"]);
    const after = await settle("2025-04-05", { from: ids.D ?? 0, to: null });
    expect(after.brokenPlans.map((b) => [b.customerId, b.brokeOn])).toEqual([[ids.D, "2025-04-05"]]);
  });
});
