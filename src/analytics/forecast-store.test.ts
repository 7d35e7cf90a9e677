// The forecast the daily run has retrained and stored, on both engines: asked for by the run, computed by the
// worker, served for today from the store exactly as it would be computed now, for each user's portfolio.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, openTestDatabase } from "../../test/test-database.ts";
import type { AuthUser } from "../auth/sessions.ts";
import { runDaily } from "../collection/run-daily.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { loadDemo } from "../demo/load-demo.ts";
import { getSetting } from "../settings/settings.ts";
import { BACKTEST_MAX_AGE_DAYS, BACKTEST_SETTING, latestBacktest, refreshStaleBacktest } from "./backtest.ts";
import { DEFAULT_MODEL_OPTIONS } from "./forecast.rules.ts";
import { customerForecast, forecastPayments, forecastRowJson, forecastToJson } from "./forecast-payments.ts";
import { requestForecastRefresh } from "./forecast-refresh.ts";
import { refreshForecast, workOnForecastRefreshes } from "./forecast-store.ts";

const ADMIN: AuthUser = { id: 0, login: "admin", name: "Admin", role: "admin", team: null };
const TODAY = "2025-06-30";

describe.each(ENGINES)("the stored forecast on %s", (engine) => {
  let database: Database;
  // A clock that moves: what was computed when shows in computedAt.
  let clock = Date.parse(`${TODAY}T02:00:00Z`);
  const deps = () => ({ database, now: () => new Date(clock) });
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    await loadDemo(deps(), { customers: 40, invoices: 900, payments: 750, today: TODAY });
  }, 120_000);
  afterAll(() => database.close());

  const refreshes = () =>
    queryRows<{ as_of: string; status: string }>(
      database.db,
      sql`select as_of::text as as_of, status from forecast_refreshes order by as_of`,
    );

  it("a daily run asks for it, the worker stores it, and today's forecast is then read from the store, the same as computed now", async () => {
    const computed = await forecastPayments(deps(), { scope: ADMIN });
    expect(computed.computedAt).toBe(new Date(clock).toISOString());
    expect(computed.invoices.length).toBeGreaterThan(10);

    await runDaily(deps(), { asOf: TODAY, trigger: "cli", actor: "test" });
    expect(await refreshes()).toEqual([{ as_of: TODAY, status: "pending" }]);
    clock += 60_000;
    const refreshedAt = new Date(clock).toISOString();
    const done = await workOnForecastRefreshes(deps(), "worker");
    expect(done.map((d) => [d.asOf, d.invoices])).toEqual([[TODAY, computed.invoices.length]]);
    expect(await refreshes()).toEqual([{ as_of: TODAY, status: "done" }]);
    expect(await workOnForecastRefreshes(deps(), "worker")).toEqual([]); // done once

    clock += 3_600_000;
    const stored = await forecastPayments(deps(), { scope: ADMIN });
    expect(stored.computedAt).toBe(refreshedAt);
    const a = forecastToJson(stored);
    const b = forecastToJson(computed);
    expect(a.invoices).toEqual(b.invoices);
    expect(a.model).toEqual(b.model);
    // The weeks' sums are added in another order: equal to the minor unit.
    expect(stored.cash.map((w) => [w.currency, w.weekStart, w.weekEnd])).toEqual(
      computed.cash.map((w) => [w.currency, w.weekStart, w.weekEnd]),
    );
    stored.cash.forEach((w, i) => {
      const c = computed.cash[i] as (typeof computed.cash)[number];
      for (const k of ["expected", "low", "high"] as const) expect(Number(w[k] - c[k])).toBeLessThanOrEqual(1);
      for (const k of ["expected", "low", "high"] as const) expect(Number(c[k] - w[k])).toBeLessThanOrEqual(1);
    });
    expect(stored.cash.some((w) => w.expected > 0n)).toBe(true);

    // The refresh stored the dashboard's backtest too, so no dashboard view computes it on the spot.
    const backtest = await getSetting(database.db, BACKTEST_SETTING);
    expect(backtest?.computedAt).toBe(refreshedAt);
    expect(backtest?.steps.length).toBeGreaterThan(0);
    expect(await latestBacktest(deps())).toEqual(backtest);
  });

  it("the stored backtest is recomputed by a refresh once it is a week old, not before", async () => {
    const before = await getSetting(database.db, BACKTEST_SETTING);
    const now = clock;
    clock += 86_400_000;
    expect(await refreshStaleBacktest(deps(), "worker")).toBeNull();
    expect(await getSetting(database.db, BACKTEST_SETTING)).toEqual(before);
    clock += BACKTEST_MAX_AGE_DAYS * 86_400_000;
    const again = await refreshStaleBacktest(deps(), "worker");
    expect(again?.computedAt).toBe(new Date(clock).toISOString());
    expect(await getSetting(database.db, BACKTEST_SETTING)).toEqual(again);
    clock = now; // the tests below are about today
  });

  it("a collector sees the stored forecast of their own customers only, as computed for them", async () => {
    const [c1] = await queryRows<{ id: number; login: string; team: string | null }>(
      database.db,
      sql`select u.id::int as id, u.login, u.team from users u
        where u.role = 'collector' and exists (select 1 from customers c where c.collector_id = u.id) order by u.id limit 1`,
    );
    if (!c1) throw new Error("the demo has no collector with customers");
    const collector: AuthUser = { id: c1.id, login: c1.login, name: c1.login, role: "collector", team: c1.team };
    const stored = forecastToJson(await forecastPayments(deps(), { scope: collector }));
    // The same model, computed now (options given: never from the store).
    const computed = forecastToJson(
      await forecastPayments(deps(), { scope: collector, options: DEFAULT_MODEL_OPTIONS }),
    );
    expect(stored.computedAt).not.toBe(computed.computedAt);
    expect(stored.invoices).toEqual(computed.invoices);
    const all = await forecastPayments(deps(), { scope: ADMIN });
    expect(stored.invoices.length).toBeGreaterThan(0);
    expect(stored.invoices.length).toBeLessThan(all.invoices.length);
  });

  it("the customer page reads one customer's invoices from the store; another collector's customer is not found", async () => {
    const users = await queryRows<{ id: number; login: string; team: string | null; customer: number; code: string }>(
      database.db,
      sql`select distinct on (u.id) u.id::int as id, u.login, u.team, c.id::int as customer, c.code
        from users u join customers c on c.collector_id = u.id
          and exists (select 1 from invoice_forecasts f where f.customer_id = c.id)
        where u.role = 'collector' order by u.id, c.id limit 2`,
    );
    const [mine, theirs] = users;
    if (!mine || !theirs) throw new Error("the demo needs two collectors with forecast invoices");
    const collector: AuthUser = {
      id: mine.id,
      login: mine.login,
      name: mine.login,
      role: "collector",
      team: mine.team,
    };
    const f = await customerForecast(deps(), { customerId: mine.customer, scope: collector });
    const all = forecastToJson(await forecastPayments(deps(), { scope: ADMIN }));
    expect(f.asOf).toBe(TODAY);
    expect(f.computedAt).toBe(all.computedAt);
    expect(f.invoices.length).toBeGreaterThan(0);
    expect(f.invoices.map(forecastRowJson)).toEqual(all.invoices.filter((x) => x.customerCode === mine.code));
    await expect(customerForecast(deps(), { customerId: theirs.customer, scope: collector })).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("another day, or more weeks than were stored, is computed now; a refresh for another day replaces the store", async () => {
    const before = await forecastPayments(deps(), { scope: ADMIN });
    expect((await forecastPayments(deps(), { scope: ADMIN, weeks: 20 })).computedAt).toBe(
      new Date(clock).toISOString(),
    );
    const earlier = await forecastPayments(deps(), { scope: ADMIN, asOf: "2025-05-31" });
    expect(earlier.computedAt).toBe(new Date(clock).toISOString());

    await refreshForecast(deps(), { asOf: "2025-05-31", actor: "cli" });
    clock += 60_000;
    const today = await forecastPayments(deps(), { scope: ADMIN });
    expect(today.computedAt).toBe(new Date(clock).toISOString()); // the store holds May's now
    // The customer page reads the store only: nothing for today until the next refresh.
    const [some] = await queryRows<{ id: number }>(
      database.db,
      sql`select customer_id::int as id from invoice_forecasts limit 1`,
    );
    expect(await customerForecast(deps(), { customerId: Number(some?.id), scope: ADMIN })).toEqual({
      asOf: TODAY,
      computedAt: null,
      invoices: [],
    });
    expect(forecastToJson(today).invoices).toEqual(forecastToJson(before).invoices);
    const [audit] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from audit_log where action = 'forecast.refresh'`,
    );
    expect(Number(audit?.n)).toBe(2);
  });

  it("daily runs for past days do not replace today's stored forecast: their refreshes are superseded", async () => {
    // As npm start's runs do (two weeks back, one week back and today), each asking for its day's forecast.
    for (const day of ["2025-06-16", "2025-06-23", TODAY])
      await requestForecastRefresh(database.db, day, new Date(clock));
    clock += 60_000;
    const done = await workOnForecastRefreshes(deps(), "worker");
    expect(done.map((d) => d.asOf)).toEqual([TODAY]);
    const rows = await refreshes();
    expect(rows.filter((r) => r.as_of === "2025-06-16" || r.as_of === "2025-06-23")).toEqual([
      { as_of: "2025-06-16", status: "superseded" },
      { as_of: "2025-06-23", status: "superseded" },
    ]);
    expect(rows.find((r) => r.as_of === TODAY)?.status).toBe("done");
    expect((await forecastPayments(deps(), { scope: ADMIN })).computedAt).toBe(new Date(clock).toISOString());
    // A past day asked for again after today's is done is superseded too.
    await requestForecastRefresh(database.db, "2025-06-23", new Date(clock));
    expect(await workOnForecastRefreshes(deps(), "worker")).toEqual([]);
  });

  it("a refresh for a day in the future or before any data is refused", async () => {
    await expect(refreshForecast(deps(), { asOf: "2099-01-01", actor: "cli" })).rejects.toThrow(/future/);
    await expect(refreshForecast(deps(), { asOf: "1999-01-01", actor: "cli" })).rejects.toThrow(/before any data/);
  });
});
