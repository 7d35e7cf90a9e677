import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, signIn } from "../../test/http-session.ts";
import { ENGINES, openTestDatabase } from "../../test/test-database.ts";
import { addUser } from "../auth/manage-users.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { createApp } from "../http/app.ts";
import { setSetting } from "../settings/settings.ts";
import { claimsNearingLimitation, invoiceLimitations } from "./get-limitation.ts";
import { DEFAULT_LIMITATION } from "./limitation.rules.ts";

// 2024-12-01, 10:00 in Shanghai.
const NOW = new Date("2024-12-01T02:00:00Z");
const AS_OF = "2024-12-01";

describe.each(ENGINES)("limitation clock on %s", (engine) => {
  let database: Database;
  let app: ReturnType<typeof createApp>;
  let ann: Client;
  const ids: Record<string, number> = {};
  const inv: Record<string, number> = {};
  const run = (q: ReturnType<typeof sql>) => database.db.execute(q);

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    app = createApp({ database, now: () => NOW, version: "test" });
    const deps = { database, now: () => NOW };
    const a = await addUser(deps, { login: "ann", name: "Ann", role: "collector", password: "ann-secret-pass" }, "t");
    const b = await addUser(deps, { login: "bob", name: "Bob", role: "collector", password: "bob-secret-pass" }, "t");
    const customer = async (code: string, country: string, collector: number, legal = false) => {
      const [c] = await queryRows<{ id: string }>(
        database.db,
        sql`insert into customers (code, name, country, collector_id, legal)
            values (${code}, ${`${code} Ltd`}, ${country}, ${collector}, ${legal}) returning id`,
      );
      ids[code] = Number(c?.id);
    };
    const invoice = async (code: string, number: string, due: string, amount: number) => {
      const [i] = await queryRows<{ id: string }>(
        database.db,
        sql`insert into invoices (customer_id, number, issue_date, due_date, amount, currency)
            values (${ids[code]}, ${number}, ${due}::date - 30, ${due}::date, ${amount}, 'CNY') returning id`,
      );
      inv[number] = Number(i?.id);
    };
    const interaction = (code: string, channel: string, outcome: string, at: string) =>
      run(sql`insert into interactions (customer_id, channel, direction, at, outcome, actor)
          values (${ids[code]}, ${channel}, 'outbound', ${at}::timestamptz, ${outcome}, 'ann')`);
    await customer("L1", "CN", a.id);
    await customer("L2", "US", a.id);
    await customer("L3", "CN", a.id);
    await customer("L4", "CN", a.id, true);
    await customer("L5", "CN", b.id);
    await customer("L6", "CN", a.id);
    // L1: A untouched (last day 2024-12-20); B barred since 2024-06-02.
    await invoice("L1", "L1-A", "2021-12-20", 100_000);
    await invoice("L1", "L1-B", "2021-06-01", 100_000);
    // L6: restarted by a letter on 2022-04-01.
    await invoice("L6", "L6-A", "2021-12-25", 100_000);
    await interaction("L6", "letter", "left_message", "2022-04-01T02:00:00Z");
    // A call without a promise and a letter that never arrived restart nothing.
    await interaction("L1", "call", "connected", "2022-05-01T02:00:00Z");
    await interaction("L1", "letter", "wrong_number", "2022-06-01T02:00:00Z");
    // L2 (US, four years): a payment allocated to B restarts only B.
    await invoice("L2", "L2-A", "2020-12-10", 100_000);
    await invoice("L2", "L2-B", "2020-11-01", 50_000);
    const [p] = await queryRows<{ id: string }>(
      database.db,
      sql`insert into payments (customer_id, reference, paid_on, amount, currency)
          values (${ids.L2}, 'L2-P1', '2021-01-15', 20000, 'CNY') returning id`,
    );
    await run(sql`insert into allocations (payment_id, invoice_id, amount) values (${p?.id}, ${inv["L2-B"]}, 20000)`);
    // L3: a part payment, then a promise: restarted twice, last from the promise.
    await invoice("L3", "L3-A", "2021-10-01", 100_000);
    await run(sql`insert into payments (customer_id, reference, paid_on, amount, currency)
        values (${ids.L3}, 'L3-P1', '2021-11-01', 10000, 'CNY')`);
    await run(sql`insert into promises (customer_id, amount, currency, promised_on, made_on, status, created_by)
        values (${ids.L3}, 90000, 'CNY', '2022-01-31', '2022-01-10', 'broken', 'ann')`);
    // L4 is in legal action; L5 is Bob's.
    await invoice("L4", "L4-A", "2021-12-15", 100_000);
    await invoice("L5", "L5-A", "2022-01-20", 100_000);
    ann = await signIn(app, "ann", "ann-secret-pass");
  });
  afterAll(() => database.close());

  it("computes each open invoice's last day from its due date, country and restarting events", async () => {
    const rows = await invoiceLimitations(database.db, { asOf: AS_OF });
    const by = Object.fromEntries(rows.map((r) => [r.number, r]));
    expect(by["L1-A"]).toMatchObject({ expiresOn: "2024-12-20", daysLeft: 19, timeBarred: false, restartedBy: null });
    expect(by["L1-B"]).toMatchObject({ expiresOn: "2024-06-01", timeBarred: true });
    expect(by["L6-A"]).toMatchObject({
      expiresOn: "2025-04-01",
      restarts: 1,
      restartedBy: { kind: "demand", on: "2022-04-01" },
    });
    expect(by["L2-A"]).toMatchObject({ expiresOn: "2024-12-10", years: 4, restartedBy: null });
    expect(by["L2-B"]).toMatchObject({
      expiresOn: "2025-01-15",
      open: 30_000n,
      restartedBy: { kind: "payment", ref: "payment L2-P1" },
    });
    expect(by["L3-A"]).toMatchObject({ expiresOn: "2025-01-10", restarts: 2, open: 90_000n });
    expect(by["L3-A"]?.restartedBy?.kind).toBe("promise");
  });

  it("lists claims nearing their limit per customer, earliest first, without legal cases; by range", async () => {
    const all = await claimsNearingLimitation(database.db, { asOf: AS_OF, withinDays: 90 });
    expect(all.map((c) => [c.customerId, c.earliestExpiry, c.daysLeft, c.invoices.map((i) => i.number)])).toEqual([
      [ids.L2, "2024-12-10", 9, ["L2-A", "L2-B"]],
      [ids.L1, "2024-12-20", 19, ["L1-A"]],
      [ids.L3, "2025-01-10", 40, ["L3-A"]],
      [ids.L5, "2025-01-20", 50, ["L5-A"]],
    ]);
    const shard = await claimsNearingLimitation(database.db, {
      asOf: AS_OF,
      withinDays: 30,
      range: { from: ids.L2 ?? 0, to: ids.L5 ?? 0 },
    });
    // L1 is outside the range, L3's claim ends in 40 days.
    expect(shard.map((c) => [c.customerId, c.invoices.map((i) => i.number)])).toEqual([[ids.L2, ["L2-A"]]]);
    const barred = await claimsNearingLimitation(database.db, {
      asOf: AS_OF,
      withinDays: 10,
      includeTimeBarred: true,
    });
    expect(barred.map((c) => [c.customerId, c.invoices.map((i) => i.number)])).toEqual([
      [ids.L1, ["L1-B"]],
      [ids.L2, ["L2-A"]],
    ]);
    await expect(claimsNearingLimitation(database.db, { asOf: AS_OF, withinDays: -1 })).rejects.toThrow(/within/);
  });

  it("serves GET /api/limitation in the user's portfolio with decimal amounts, and the customer 360 block", async () => {
    const res = await ann("GET", `/api/limitation?within=90&asOf=${AS_OF}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { customerId: number; invoices: { number: string; open: string }[] }[];
    expect(body.map((c) => c.customerId)).toEqual([ids.L2, ids.L1, ids.L3]);
    expect(body[0]?.invoices.map((i) => [i.number, i.open])).toEqual([
      ["L2-A", "1000.00"],
      ["L2-B", "300.00"],
    ]);
    expect((await ann("GET", "/api/limitation?within=abc")).status).toBe(400);
    const one = (await (await ann("GET", `/api/customers/${ids.L1}?asOf=${AS_OF}`)).json()) as {
      limitation: Record<string, unknown> & { timeBarred: { number: string; expiresOn: string }[] };
    };
    expect(one.limitation).toMatchObject({
      earliestExpiry: "2024-12-20",
      daysLeft: 19,
      invoice: { id: inv["L1-A"], number: "L1-A" },
      nearing: 1,
      legal: false,
    });
    expect(one.limitation.timeBarred.map((t) => [t.number, t.expiresOn])).toEqual([["L1-B", "2024-06-01"]]);
  });

  it("takes the years and restarting events per country from the setting", async () => {
    await setSetting(
      { database, now: () => NOW },
      "limitation",
      { ...DEFAULT_LIMITATION, countries: { US: { years: 6 }, CN: { years: 3, restartBy: ["promise"] } } },
      "admin",
    );
    const rows = await invoiceLimitations(database.db, { asOf: AS_OF });
    const by = Object.fromEntries(rows.map((r) => [r.number, r]));
    expect(by["L2-A"]?.expiresOn).toBe("2026-12-10");
    // In CN only promises restart now: L3 still from its promise, L6's letter no longer counts.
    expect(by["L3-A"]).toMatchObject({ expiresOn: "2025-01-10", restarts: 1 });
    expect(by["L6-A"]).toMatchObject({ expiresOn: "2024-12-25", restartedBy: null });
  });
});
