import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, openTestDatabase } from "../../test/test-database.ts";
import type { AuthUser } from "../auth/sessions.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { getStrategy } from "./get-strategy.ts";

const admin: AuthUser = { id: 0, login: "admin", name: "Admin", role: "admin", team: null };

describe.each(ENGINES)("champion vs challenger on %s", (engine) => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    const db = database.db;
    await db.execute(sql`insert into users (login, name, role) values ('c1', 'C1', 'collector')`);
    // 40 customers on playbook "p": even ones champion, odd ones challenger; each 1,000.00 overdue on 2025-03-01.
    await db.execute(sql`insert into customers (code, name, collector_id)
      select 'ST-' || g, 'Strategy ' || g, (select id from users where login = 'c1') from generate_series(1, 40) g`);
    await db.execute(sql`insert into tasks (run_date, customer_id, kind, action, priority, reasons, cause, grade,
        amount_overdue, currency, playbook_id, variant, step_index, tone)
      select '2025-03-01', c.id, 'call', 'call', 50, '[]', 'forgot', 'overdue', 100000, 'CNY', 'p',
        case when substr(c.code, 4)::int % 2 = 0 then 'champion' else 'challenger' end, 0, 'friendly'
      from customers c where c.code like 'ST-%'`);
    // A later task on another playbook does not move a customer: the first task decides.
    await db.execute(sql`insert into tasks (run_date, customer_id, kind, action, priority, reasons, cause, grade,
        amount_overdue, currency, playbook_id, variant, step_index, tone)
      select '2025-03-10', c.id, 'call', 'call', 50, '[]', 'forgot', 'overdue', 100000, 'CNY', 'other', 'champion', 1, 'friendly'
      from customers c where c.code = 'ST-2'`);
    // Challengers pay in full 5 days later; champions a quarter, 20 days later; one champion pays nothing.
    // A payment before the first task and one after the period do not count; overpayment counts up to the overdue.
    await db.execute(sql`insert into payments (customer_id, reference, paid_on, amount, currency)
      select c.id, 'P-' || c.code,
        case when substr(c.code, 4)::int % 2 = 0 then date '2025-03-21' else date '2025-03-06' end,
        case when substr(c.code, 4)::int % 2 = 0 then 25000 else 150000 end, 'CNY'
      from customers c where c.code like 'ST-%' and c.code <> 'ST-40'`);
    await db.execute(sql`insert into payments (customer_id, reference, paid_on, amount, currency)
      select id, 'EARLY', '2025-02-01', 99999, 'CNY' from customers where code = 'ST-40'`);
    await db.execute(sql`insert into payments (customer_id, reference, paid_on, amount, currency)
      select id, 'LATE', '2025-05-01', 99999, 'CNY' from customers where code = 'ST-38'`);
    // Promises: each challenger kept one; champions: 5 kept, 15 broken.
    await db.execute(sql`insert into promises (customer_id, amount, currency, promised_on, made_on, created_by, status)
      select c.id, 1000, 'CNY', '2025-03-05', '2025-03-02', 'c1',
        case when substr(c.code, 4)::int % 2 = 1 or substr(c.code, 4)::int <= 10 then 'kept' else 'broken' end
      from customers c where c.code like 'ST-%'`);
  });
  afterAll(async () => {
    await database.close();
  });

  it("compares the arms per playbook with the customers counted where their first task put them", async () => {
    const r = await getStrategy(database.db, admin, { from: "2025-03-01", to: "2025-03-31" });
    expect(r.playbooks.map((p) => p.playbook)).toEqual(["p"]);
    // "p" is in no playbook setting: its id stands for its name.
    expect(r.playbooks.map((p) => p.playbookName)).toEqual(["p"]);
    const [p] = r.playbooks;
    expect(p?.champion).toMatchObject({
      customers: 20,
      overdue: "20000.00",
      recovered: "4750.00",
      promisesSettled: 20,
    });
    expect(p?.challenger).toMatchObject({
      customers: 20,
      overdue: "20000.00",
      recovered: "20000.00",
      promisesSettled: 20,
    });
    expect(p?.champion.recoveryRate?.estimate).toBeCloseTo(0.2375, 10);
    expect(p?.challenger.recoveryRate?.estimate).toBe(1);
    expect(p?.champion.daysToPay?.estimate).toBe(20);
    expect(p?.challenger.daysToPay?.estimate).toBe(5);
    expect(p?.champion.payingRate?.estimate).toBe(19 / 20);
    expect(p?.champion.promiseKeptRate?.estimate).toBe(5 / 20);
    expect(p?.difference.recoveryRate?.better).toBe("challenger");
    expect(p?.difference.promiseKeptRate?.better).toBe("challenger");
    // Every champion pays on day 20 and every challenger on day 5: no spread, the difference is clear.
    expect(p?.difference.daysToPay?.estimate).toBe(-15);
  });

  it("keeps a collector to their own customers, and refuses dates the wrong way round", async () => {
    const [other] = await queryRows<{ id: string }>(
      database.db,
      sql`insert into users (login, name, role) values ('c2', 'C2', 'collector') returning id`,
    );
    const c2: AuthUser = { id: Number(other?.id), login: "c2", name: "C2", role: "collector", team: null };
    expect((await getStrategy(database.db, c2, { from: "2025-03-01", to: "2025-03-31" })).playbooks).toEqual([]);
    await expect(getStrategy(database.db, admin, { from: "2025-04-01", to: "2025-03-01" })).rejects.toThrow(/after/);
  });
});
