import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, signIn } from "../../test/http-session.ts";
import { ENGINES, openTestDatabase } from "../../test/test-database.ts";
import { addUser } from "../auth/manage-users.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { createApp } from "../http/app.ts";
import type { PromiseList } from "./list-promises.ts";

// Wednesday 2025-03-12, 10:00 in Shanghai (the company's zone): today is 2025-03-12.
const NOW = new Date("2025-03-12T02:00:00Z");

describe.each(ENGINES)("promises API on %s", (engine) => {
  let database: Database;
  let app: ReturnType<typeof createApp>;
  let ann: Client;
  let bob: Client;
  let mia: Client;
  const customer: Record<string, number> = {};

  const addPromise = async (
    code: string,
    p: { amount: number; on: string; status?: string; settledOn?: string; paid?: number; currency?: string },
  ) => {
    const [row] = await queryRows<{ id: string }>(
      database.db,
      sql`insert into promises (customer_id, amount, currency, promised_on, made_on, status, paid_amount, settled_on,
            created_by)
          values (${customer[code]}, ${p.amount}, ${p.currency ?? "CNY"}, ${p.on}::date, '2025-03-01', ${p.status ?? "open"},
            ${p.paid ?? null}, ${p.settledOn ?? null}, 'test') returning id`,
    );
    return Number(row?.id);
  };

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    app = createApp({ database, now: () => NOW, version: "test" });
    const deps = { database, now: () => NOW };
    const user = (login: string, role: "collector" | "manager", team: string) =>
      addUser(deps, { login, name: login, role, team, password: `${login}-secret-pass` }, "test");
    const a = await user("ann", "collector", "east");
    const b = await user("bob", "collector", "west");
    await user("mia", "manager", "east");
    for (const [code, collector] of [
      ["P-ANN", a.id],
      ["P-BOB", b.id],
    ] as const) {
      const [c] = await queryRows<{ id: string }>(
        database.db,
        sql`insert into customers (code, name, collector_id) values (${code}, ${`${code} Co`}, ${collector}) returning id`,
      );
      customer[code] = Number(c?.id);
    }
    const [k] = await queryRows<{ id: string }>(
      database.db,
      sql`insert into contacts (customer_id, name, role) values (${customer["P-ANN"]}, 'Li Na', 'finance') returning id`,
    );
    await addPromise("P-ANN", { amount: 100_000, on: "2025-03-12" });
    await addPromise("P-ANN", { amount: 250_050, on: "2025-03-20" });
    await addPromise("P-ANN", { amount: 80_000, on: "2025-03-10", status: "broken", settledOn: "2025-03-11", paid: 0 });
    await addPromise("P-ANN", {
      amount: 60_000,
      on: "2025-03-11",
      status: "partially_kept",
      settledOn: "2025-03-12",
      paid: 20_000,
    });
    await addPromise("P-ANN", { amount: 10_000, on: "2025-03-13", status: "cancelled" });
    await addPromise("P-ANN", {
      amount: 5_000,
      on: "2024-12-01",
      status: "kept",
      settledOn: "2024-12-02",
      paid: 5_000,
    });
    await addPromise("P-BOB", { amount: 999_900, on: "2025-03-12" });
    await database.db.execute(
      sql`update promises set contact_id = ${Number(k?.id)} where customer_id = ${customer["P-ANN"]} and amount = 100000`,
    );
    ann = await signIn(app, "ann", "ann-secret-pass");
    bob = await signIn(app, "bob", "bob-secret-pass");
    mia = await signIn(app, "mia", "mia-secret-pass");
  });
  afterAll(() => database.close());

  const list = async (client: Client, query = "") => {
    const res = await client("GET", `/api/promises${query}`);
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as PromiseList;
  };

  it("answers 401 to anonymous requests and is documented", async () => {
    expect((await app.request("/api/promises")).status).toBe(401);
    const doc = (await (await app.request("/api/openapi.json")).json()) as { paths: Record<string, unknown> };
    expect(doc.paths["/api/promises"]).toBeDefined();
  });

  it("lists a collector's promises by date around the company's today, without cancelled ones", async () => {
    const l = await list(ann);
    expect(l).toMatchObject({ today: "2025-03-12", from: "2025-02-10", to: "2025-05-11", dateOf: "promised" });
    expect(l.truncated).toBe(false);
    expect(l.promises.map((p) => [p.promisedOn, p.amount, p.status, p.paidAmount])).toEqual([
      ["2025-03-10", "800.00", "broken", "0"],
      ["2025-03-11", "600.00", "partially_kept", "200.00"],
      ["2025-03-12", "1000.00", "open", null],
      ["2025-03-20", "2500.50", "open", null],
    ]);
    expect(l.promises[2]).toMatchObject({
      customerId: customer["P-ANN"],
      customerCode: "P-ANN",
      customerName: "P-ANN Co",
      collector: "ann",
      contactName: "Li Na",
      currency: "CNY",
      madeOn: "2025-03-01",
      settledOn: null,
    });
  });

  it("never shows a collector another collector's promises; a manager sees the team's", async () => {
    const bobs = await list(bob);
    expect(bobs.promises.map((p) => [p.customerCode, p.amount])).toEqual([["P-BOB", "9999.00"]]);
    const anns = await list(ann, "?from=2025-03-12&to=2025-03-12");
    expect(anns.promises.map((p) => p.customerCode)).toEqual(["P-ANN"]);
    const mias = await list(mia, "?from=2025-03-12&to=2025-03-12");
    expect(mias.promises.map((p) => p.customerCode)).toEqual(["P-ANN"]);
  });

  it("filters by status and by the day the run settled them (broken today)", async () => {
    const broken = await list(ann, "?dateOf=settled&from=2025-03-12&to=2025-03-12&status=broken,partially_kept");
    expect(broken.promises.map((p) => [p.promisedOn, p.status])).toEqual([["2025-03-11", "partially_kept"]]);
    const cancelled = await list(ann, "?from=2025-03-01&to=2025-03-31&status=cancelled");
    expect(cancelled.promises.map((p) => p.amount)).toEqual(["100.00"]);
    const old = await list(ann, "?from=2024-12-01&to=2024-12-31");
    expect(old.promises.map((p) => p.status)).toEqual(["kept"]);
  });

  it("says when more promises matched than the limit", async () => {
    const l = await list(ann, "?limit=2");
    expect(l.promises).toHaveLength(2);
    expect(l.truncated).toBe(true);
  });

  it("refuses bad dates, reversed or long ranges and unknown statuses with a message", async () => {
    for (const [query, text] of [
      ["?from=2025-3-1", "from"],
      ["?from=2025-03-10&to=2025-03-01", "after"],
      ["?from=2024-01-01&to=2025-03-01", "366 days"],
      ["?status=lost", "status"],
      ["?from=2025-02-30", "not a date"],
    ] as const) {
      const res = await ann("GET", `/api/promises${query}`);
      expect(res.status, query).toBe(400);
      const body = (await res.json()) as { error: { message: string } };
      expect(body.error.message, query).toContain(text);
    }
  });
});
