// The forecast and the backtest against a real database, on both engines.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signIn } from "../../test/http-session.ts";
import { ENGINES, openTestDatabase } from "../../test/test-database.ts";
import { openItemsSql } from "../aging/aging.sql.ts";
import type { AuthUser } from "../auth/sessions.ts";
import { dayNumber } from "../calendar/calendar-date.ts";
import { updateCustomer } from "../customers/update-customer.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { DEMO_PASSWORD, loadDemo } from "../demo/load-demo.ts";
import { createApp } from "../http/app.ts";
import { latestBacktest, runBacktest, saveBacktest } from "./backtest.ts";
import { loadLedgerAsOf } from "./forecast.repository.ts";
import { settleAll } from "./forecast-build.ts";
import { forecastPayments, forecastToJson } from "./forecast-payments.ts";

const ADMIN: AuthUser = { id: 0, login: "admin", name: "Admin", role: "admin", team: null };
const NOW = new Date("2025-07-01T04:00:00Z");
const deps = (database: Database) => ({ database, now: () => NOW });

describe.each(ENGINES)("payment forecast on %s", (engine) => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
  });
  afterAll(() => database.close());

  it("uses only what was known on D: data dated after D changes nothing, for training too", async () => {
    const db = database.db;
    const id = async (q: ReturnType<typeof sql>) => Number((await queryRows<{ id: string }>(db, q))[0]?.id);
    const a = await id(sql`insert into customers (code, name, credit_rating) values ('ASOF-A', 'A', 'B') returning id`);
    const b = await id(sql`insert into customers (code, name) values ('ASOF-B', 'B') returning id`);
    // Two years of monthly invoices for A (paid ~10 days late) and B (paid on time), up to D = 2025-03-31.
    for (let m = 0; m < 24; m++) {
      const issue = `${2023 + Math.floor((m + 3) / 12)}-${String(((m + 3) % 12) + 1).padStart(2, "0")}-05`;
      for (const [c, code, late] of [
        [a, "A", 10],
        [b, "B", 0],
      ] as const) {
        await db.execute(sql`insert into invoices (customer_id, number, issue_date, due_date, amount, currency)
          values (${c}, ${`${code}-${m}`}, ${issue}::date, ${issue}::date + 30, ${100000 + m}, 'CNY')`);
        await db.execute(sql`insert into payments (customer_id, reference, paid_on, amount, currency)
          select ${c}, ${`P${code}-${m}`}, ${issue}::date + ${30 + late}::int, ${100000 + m}, 'CNY'
          where ${issue}::date + ${30 + late}::int <= '2025-03-31'::date`);
      }
    }
    const d = "2025-03-31";
    const before = forecastToJson(await forecastPayments(deps(database), { asOf: d, scope: ADMIN }));
    expect(before.invoices.map((f) => f.invoiceNumber)).toEqual(expect.arrayContaining(["A-23", "B-23"]));

    // Everything after D: payments (one settling A's open invoices, one allocated), invoices, credit notes,
    // disputes, promises, a plan and contacts.
    await db.execute(sql`insert into payments (customer_id, reference, paid_on, amount, currency) values
      (${a}, 'LATE-1', '2025-04-01', 500000, 'CNY'), (${b}, 'LATE-2', '2025-05-01', 100023, 'CNY')`);
    await db.execute(sql`insert into allocations (payment_id, invoice_id, amount)
      select p.id, i.id, 100023 from payments p, invoices i where p.reference = 'LATE-2' and i.number = 'B-23'`);
    await db.execute(sql`insert into invoices (customer_id, number, issue_date, due_date, amount, currency) values
      (${a}, 'A-NEW', '2025-04-02', '2025-05-02', 999, 'CNY'), (${b}, 'B-EARLY-DUE', '2025-04-02', '2025-01-01', 5, 'CNY')`);
    await db.execute(sql`insert into adjustments (customer_id, invoice_id, kind, adjusted_on, amount, currency, reason)
      select ${a}, id, 'credit_note', '2025-04-03', 50000, 'CNY', 'later' from invoices where number = 'A-23'`);
    await db.execute(sql`insert into adjustments (customer_id, kind, adjusted_on, amount, currency, reason)
      values (${b}, 'credit_note', '2025-04-03', 7, 'CNY', 'later')`);
    await db.execute(sql`insert into disputes (customer_id, invoice_id, category, amount, currency, description,
        opened_on, created_by, created_at, updated_at)
      select ${a}, id, 'quality', 1000, 'CNY', 'later', '2025-04-02', 'test', now(), now() from invoices where number = 'A-22'`);
    await db.execute(sql`insert into promises (customer_id, amount, currency, promised_on, made_on, created_by)
      values (${a}, 1000, 'CNY', '2025-04-20', '2025-04-01', 'test')`);
    const plan = await id(sql`insert into payment_plans (customer_id, currency, total, created_by, created_on)
      values (${a}, 'CNY', 100023, 'test', '2025-04-01') returning id`);
    await db.execute(
      sql`insert into plan_installments (plan_id, seq, due_on, amount) values (${plan}, 1, '2025-05-01', 100023)`,
    );
    await db.execute(
      sql`insert into plan_invoices (plan_id, invoice_id) select ${plan}, id from invoices where number = 'A-23'`,
    );
    // 08:00 on 1 April in Shanghai is after D (00:00 on 1 April is where D ends); 23:00 on 31 March is not.
    await db.execute(sql`insert into interactions (customer_id, channel, direction, at, outcome, actor) values
      (${a}, 'call', 'outbound', '2025-04-01T00:00:00Z', 'no_answer', 'test')`);

    // A collector downgrades A and marks it a middleman after D (on NOW, 1 July): D still reads what A was then.
    await updateCustomer(deps(database), ADMIN, a, { version: 1, creditRating: "D", middleman: true });
    const classOf = async (asOf: string) =>
      (await loadLedgerAsOf(database, asOf, "Asia/Shanghai")).customers
        .filter((c) => Number(c.id) === a)
        .map((c) => ({ rating: c.credit_rating, middleman: c.middleman }));
    expect(await classOf(d)).toEqual([{ rating: "B", middleman: false }]);
    expect(await classOf("2025-07-01")).toEqual([{ rating: "D", middleman: true }]);

    const after = forecastToJson(await forecastPayments(deps(database), { asOf: d, scope: ADMIN }));
    expect(after).toEqual(before);
    // ... while a forecast as of a later day does see them: A's payment of 1 April settled A-23.
    const later = forecastToJson(await forecastPayments(deps(database), { asOf: "2025-04-05", scope: ADMIN }));
    expect(later.invoices.map((f) => f.invoiceNumber)).not.toContain("A-23");
  });

  it("refuses an as-of day in the future or before any data, saying why", async () => {
    await expect(forecastPayments(deps(database), { asOf: "2025-07-02", scope: ADMIN })).rejects.toThrow(
      "as-of 2025-07-02 is in the future (today is 2025-07-01)",
    );
    await expect(forecastPayments(deps(database), { asOf: "2020-01-01", scope: ADMIN })).rejects.toThrow(
      /as-of 2020-01-01 is before any data \(the ledger starts on 2023-04-05\)/,
    );
  });
});

describe.each(ENGINES)("forecast and backtest on demo data, %s", (engine) => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    await loadDemo(deps(database), { customers: 40, invoices: 900, payments: 750, today: "2025-06-30" });
  }, 120_000);
  afterAll(() => database.close());

  it("settles invoices exactly as openItemsSql does: the same open amounts on any day", async () => {
    for (const d of ["2024-03-15", "2025-06-30"]) {
      const rows = await loadLedgerAsOf(database, d, "Asia/Shanghai");
      const mine = settleAll(rows, dayNumber(d))
        .filter((i) => i.open > 0)
        .map((i) => `${i.id}:${i.open}`)
        .sort();
      const sqlRows = await queryRows<{ id: string; open_amount: string }>(
        database.db,
        sql`select id, open_amount from (${openItemsSql(d)}) o where open_amount > 0`,
      );
      expect(mine).toEqual(sqlRows.map((r) => `${r.id}:${r.open_amount}`).sort());
      expect(mine.length).toBeGreaterThan(10);
    }
  });

  it("shows a collector only their portfolio's invoices", async () => {
    const [c1] = await queryRows<{ id: string }>(database.db, sql`select id from users where login = 'c1'`);
    const user: AuthUser = { id: Number(c1?.id), login: "c1", name: "c1", role: "collector", team: "east" };
    const all = await forecastPayments(deps(database), { asOf: "2025-06-30", scope: ADMIN });
    const mine = await forecastPayments(deps(database), { asOf: "2025-06-30", scope: user });
    const own = new Set(
      (
        await queryRows<{ code: string }>(database.db, sql`select code from customers where collector_id = ${user.id}`)
      ).map((r) => r.code),
    );
    expect(mine.invoices.length).toBeGreaterThan(0);
    expect(mine.invoices.length).toBeLessThan(all.invoices.length);
    expect(mine.invoices.every((f) => own.has(f.customerCode))).toBe(true);
  });

  it("backtests monthly steps, keeps the result for the dashboard and serves it", async () => {
    const r = await runBacktest(deps(database), { from: "2025-02-28", to: "2025-04-30", step: "month" });
    expect(r.steps.map((s) => s.asOf)).toEqual(["2025-02-28", "2025-03-28", "2025-04-28"]);
    expect(r.dataEnd).toBe("2025-06-30");
    expect(r.overall.withPaymentDate).toBeGreaterThan(0);
    // The due-date baseline gives every invoice the same score: no ranking at all.
    expect(r.overall.auc.dueDate).toBe(0.5);
    expect(r.overall.mae.model).toBeLessThan(r.overall.mae.dueDate as number);
    await expect(runBacktest(deps(database), { from: "2025-05-01", to: "2025-06-30", step: "month" })).rejects.toThrow(
      /must be before the data's last day 2025-06-30/,
    );

    await saveBacktest(deps(database), r, "test");
    expect(await latestBacktest(deps(database))).toEqual(r);

    const app = createApp({ database, now: () => NOW, version: "test" });
    expect((await app.request("/api/backtest/latest")).status).toBe(401);
    const manager = await signIn(app, "manager", DEMO_PASSWORD);
    const latest = await manager("GET", "/api/backtest/latest");
    expect(latest.status).toBe(200);
    expect(await latest.json()).toEqual(r);
    const f = await manager("GET", "/api/forecast?asOf=2025-06-30");
    expect(f.status).toBe(200);
    const body = (await f.json()) as { invoices: { pLate: number; topFactors: string[] }[]; cash: unknown[] };
    expect(body.invoices.length).toBeGreaterThan(0);
    expect(body.invoices.every((i) => i.pLate >= 0 && i.pLate <= 1 && i.topFactors.length >= 2)).toBe(true);
    expect(body.cash.length).toBeGreaterThanOrEqual(13);
    const cash = await manager("GET", "/api/forecast/cash?asOf=2025-06-30&weeks=4");
    expect(((await cash.json()) as { cash: { weekStart: string }[] }).cash[0]?.weekStart).toBe("2025-07-01");
    const bad = await manager("GET", "/api/forecast?asOf=2031-01-01");
    expect(bad.status).toBe(400);
  });
});

describe.each(ENGINES)("the dispute covariate on %s", (engine) => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
  });
  afterAll(() => database.close());

  it("reads the disputes open on D onto their invoices: a disputed invoice is forecast later, and says why", async () => {
    const db = database.db;
    const [row] = await queryRows<{ id: string }>(
      db,
      sql`insert into customers (code, name) values ('DSP', 'Disputes') returning id`,
    );
    const c = Number(row?.id);
    // Two years of invoices every ten days, due in 30; every third one is disputed from its due date and paid 60
    // days late, the others on their due date.
    const asOf = "2025-03-31";
    for (let k = 0; k < 72; k++) {
      const issue = dayNumber("2023-04-01") + 10 * k;
      const disputed = k % 3 === 0;
      const paid = issue + 30 + (disputed ? 60 : 0);
      await db.execute(sql`insert into invoices (customer_id, number, issue_date, due_date, amount, currency)
        values (${c}, ${`DSP-${k}`}, date '1970-01-01' + ${issue}::int, date '1970-01-01' + ${issue + 30}::int,
          100000, 'CNY')`);
      if (disputed)
        await db.execute(sql`insert into disputes (customer_id, invoice_id, category, amount, currency, description,
            opened_on, closed_at, created_by, created_at, updated_at)
          select ${c}, id, 'quality', 100000, 'CNY', 'test', due_date,
            case when ${paid} <= ${dayNumber(asOf)} then (date '1970-01-01' + ${paid}::int)::timestamptz end,
            'test', now(), now() from invoices where number = ${`DSP-${k}`}`);
      if (paid <= dayNumber(asOf))
        await db.execute(sql`insert into payments (customer_id, reference, paid_on, amount, currency)
          values (${c}, ${`PDSP-${k}`}, date '1970-01-01' + ${paid}::int, 100000, 'CNY')`);
    }
    // Two invoices due after D, alike but for a dispute opened on one of them by D.
    for (const n of ["DSP-OPEN-A", "DSP-OPEN-B"])
      await db.execute(sql`insert into invoices (customer_id, number, issue_date, due_date, amount, currency)
        values (${c}, ${n}, '2025-03-25', '2025-04-24', 100000, 'CNY')`);
    await db.execute(sql`insert into disputes (customer_id, invoice_id, category, amount, currency, description,
        opened_on, created_by, created_at, updated_at)
      select ${c}, id, 'quality', 100000, 'CNY', 'test', '2025-03-30', 'test', now(), now()
      from invoices where number = 'DSP-OPEN-A'`);
    // Allocations keep each payment on its own invoice (the disputed ones are paid out of order).
    await db.execute(sql`insert into allocations (payment_id, invoice_id, amount)
      select p.id, i.id, 100000 from payments p join invoices i on i.number = substr(p.reference, 2)`);

    const f = await forecastPayments(deps(database), { asOf, scope: ADMIN });
    const a = f.invoices.find((x) => x.invoiceNumber === "DSP-OPEN-A");
    const b = f.invoices.find((x) => x.invoiceNumber === "DSP-OPEN-B");
    if (!a || !b) throw new Error("both open invoices are forecast");
    expect(a.topFactors.some((t) => t.startsWith("dispute open"))).toBe(true);
    expect(b.topFactors.some((t) => t.startsWith("dispute open"))).toBe(false);
    expect(a.predictedPayDate > b.predictedPayDate).toBe(true);
    expect(a.pLate).toBeGreaterThan(b.pLate + 0.2);
  });
});
