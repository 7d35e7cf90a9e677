import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, signIn } from "../../test/http-session.ts";
import { ENGINES, openTestDatabase } from "../../test/test-database.ts";
import { addUser } from "../auth/manage-users.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { createApp } from "../http/app.ts";
import type { OverdueBreakdown } from "./get-overdue-breakdown.ts";
import type { TopRisk } from "./list-top-risks.ts";

const NOW = new Date("2025-03-12T02:00:00Z");

describe.each(ENGINES)("dashboard API on %s", (engine) => {
  let database: Database;
  let app: ReturnType<typeof createApp>;
  let ann: Client;
  let bob: Client;
  let mia: Client;
  let fin: Client;
  const ids: Record<string, number> = {};

  /** A customer and the state the last daily run left for it (overdue in minor units). */
  const addCustomer = async (
    code: string,
    collectorId: number | null,
    state: { overdue: number; days: number; grade: string; cause: string | null; currency?: string },
  ) => {
    const [c] = await queryRows<{ id: string }>(
      database.db,
      sql`insert into customers (code, name, collector_id, legal) values (${code}, ${`${code} Ltd`}, ${collectorId},
          ${state.grade === "bad"}) returning id`,
    );
    ids[code] = Number(c?.id);
    await database.db.execute(
      sql`insert into collection_states (customer_id, as_of, currency, balance, overdue, days_past_due, grade, cause)
          values (${ids[code]}, '2025-03-12', ${state.currency ?? "CNY"}, ${state.overdue + 10_000}, ${state.overdue},
            ${state.days}, ${state.grade}, ${state.cause})`,
    );
  };

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    app = createApp({ database, now: () => NOW, version: "test" });
    const deps = { database, now: () => NOW };
    const user = (login: string, role: "collector" | "manager" | "finance", team: string | null) =>
      addUser(deps, { login, name: login, role, team, password: `${login}-secret-pass` }, "test");
    const a = await user("ann", "collector", "east");
    const b = await user("bob", "collector", "west");
    await user("mia", "manager", "east");
    await user("fin", "finance", null);
    await addCustomer("A-1", a.id, { overdue: 500_000, days: 40, grade: "overdue", cause: "forgot" });
    await addCustomer("A-2", a.id, { overdue: 120_000, days: 130, grade: "doubtful", cause: "hardship" });
    await addCustomer("A-3", a.id, { overdue: 30_000, days: 10, grade: "overdue", cause: null });
    await addCustomer("A-PAID", a.id, { overdue: 0, days: 0, grade: "current", cause: "forgot" });
    await addCustomer("B-1", b.id, { overdue: 9_000_000, days: 200, grade: "bad", cause: "deliberate" });
    await addCustomer("U-1", null, { overdue: 70_000, days: 20, grade: "overdue", cause: "forgot", currency: "USD" });
    ann = await signIn(app, "ann", "ann-secret-pass");
    bob = await signIn(app, "bob", "bob-secret-pass");
    mia = await signIn(app, "mia", "mia-secret-pass");
    fin = await signIn(app, "fin", "fin-secret-pass");
  });
  afterAll(() => database.close());

  it("answers 401 to anonymous requests, and documents both reads", async () => {
    for (const path of ["/api/dashboard/overdue?by=grade", "/api/dashboard/top-risks"]) {
      expect((await app.request(path)).status, path).toBe(401);
    }
    const doc = (await (await app.request("/api/openapi.json")).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/api/dashboard/overdue", "/api/dashboard/top-risks"]),
    );
  });

  it("gives a collector the overdue of their own customers only, by grade and by cause, as decimals", async () => {
    const byGrade = (await (await ann("GET", "/api/dashboard/overdue?by=grade")).json()) as OverdueBreakdown;
    expect(byGrade).toEqual({
      by: "grade",
      asOf: "2025-03-12",
      groups: [
        { key: "overdue", currency: "CNY", customers: 2, overdue: "5300.00" },
        { key: "doubtful", currency: "CNY", customers: 1, overdue: "1200.00" },
      ],
    });
    const byCause = (await (await ann("GET", "/api/dashboard/overdue?by=cause")).json()) as OverdueBreakdown;
    expect(byCause.groups).toEqual([
      { key: "forgot", currency: "CNY", customers: 1, overdue: "5000.00" },
      { key: "hardship", currency: "CNY", customers: 1, overdue: "1200.00" },
      { key: "", currency: "CNY", customers: 1, overdue: "300.00" },
    ]);
    // Bob sees none of Ann's customers, and Ann none of his.
    const bobs = (await (await bob("GET", "/api/dashboard/overdue?by=grade")).json()) as OverdueBreakdown;
    expect(bobs.groups).toEqual([{ key: "bad", currency: "CNY", customers: 1, overdue: "90000.00" }]);
  });

  it("lists the largest overdue customers in the user's portfolio", async () => {
    const anns = (await (await ann("GET", "/api/dashboard/top-risks?limit=2")).json()) as TopRisk[];
    expect(anns.map((r) => [r.customerCode, r.overdue, r.grade, r.cause, r.collector])).toEqual([
      ["A-1", "5000.00", "overdue", "forgot", "ann"],
      ["A-2", "1200.00", "doubtful", "hardship", "ann"],
    ]);
    expect(anns[0]).toMatchObject({ customerId: ids["A-1"], balance: "5100.00", daysPastDue: 40, asOf: "2025-03-12" });
    const bobs = (await (await bob("GET", "/api/dashboard/top-risks")).json()) as TopRisk[];
    expect(bobs.map((r) => r.customerCode)).toEqual(["B-1"]);
    expect(bobs[0]?.legal).toBe(true);
  });

  it("gives a manager the team's and the unassigned customers, and finance everything", async () => {
    const mias = (await (await mia("GET", "/api/dashboard/top-risks?limit=100")).json()) as TopRisk[];
    expect(mias.map((r) => r.customerCode)).toEqual(["A-1", "A-2", "U-1", "A-3"]);
    const byGrade = (await (await mia("GET", "/api/dashboard/overdue?by=grade")).json()) as OverdueBreakdown;
    expect(byGrade.groups).toContainEqual({ key: "overdue", currency: "USD", customers: 1, overdue: "700.00" });
    const all = (await (await fin("GET", "/api/dashboard/top-risks")).json()) as TopRisk[];
    expect(all[0]?.customerCode).toBe("B-1");
    expect(all).toHaveLength(5);
  });

  it("lists one currency's customers when asked (the dashboard's currency)", async () => {
    const usd = (await (await mia("GET", "/api/dashboard/top-risks?currency=USD")).json()) as TopRisk[];
    expect(usd.map((r) => [r.customerCode, r.currency, r.overdue])).toEqual([["U-1", "USD", "700.00"]]);
    const cny = (await (await mia("GET", "/api/dashboard/top-risks?currency=CNY")).json()) as TopRisk[];
    expect(cny.map((r) => r.customerCode)).toEqual(["A-1", "A-2", "A-3"]);
    // Ann has no USD customer: the portfolio rule still applies.
    expect(await (await ann("GET", "/api/dashboard/top-risks?currency=USD")).json()).toEqual([]);
  });

  it("refuses an unknown grouping or limit with a message", async () => {
    for (const path of [
      "/api/dashboard/overdue?by=colour",
      "/api/dashboard/overdue",
      "/api/dashboard/top-risks?limit=0",
      "/api/dashboard/top-risks?currency=usd",
      "/api/dashboard/top-risks?currency=US%20D",
    ]) {
      const res = await ann("GET", path);
      expect(res.status, path).toBe(400);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("invalid_input");
    }
  });
});
