import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signIn } from "../../test/http-session.ts";
import { ENGINES, openTestDatabase } from "../../test/test-database.ts";
import type { Database } from "../db/database.ts";
import { createApp } from "../http/app.ts";
import type { KpisJson } from "./get-kpis.ts";
import { loadKpiFixture, PASSWORDS } from "./kpi.fixture.ts";

const NOW = new Date("2025-03-10T02:00:00Z");
const FEB = "/api/kpis?from=2025-02-01&to=2025-02-28&by=collector";

describe.each(ENGINES)("KPI API on %s", (engine) => {
  let database: Database;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    app = createApp({ database, now: () => NOW, version: "test" });
    await loadKpiFixture(database);
  });
  afterAll(() => database.close());

  it("answers 401 to anyone not signed in, and is in the OpenAPI document", async () => {
    const r = await app.request(FEB);
    expect(r.status).toBe(401);
    const doc = (await (await app.request("/api/openapi.json")).json()) as {
      paths: Record<string, { get?: { parameters?: { name: string }[] } }>;
      components: { schemas: Record<string, unknown> };
    };
    expect(doc.paths["/api/kpis"]?.get?.parameters?.map((p) => p.name)).toEqual(["from", "to", "by", "grain"]);
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(["Kpis", "GroupKpis", "BusinessKpis"]));
  });

  it("gives a collector only their own row and portfolio, with amounts as decimals", async () => {
    const c1 = await signIn(app, "c1", PASSWORDS.c1);
    const r = await c1("GET", FEB);
    expect(r.status).toBe(200);
    const k = (await r.json()) as KpisJson;
    expect(k.groups.map((g) => g.group)).toEqual(["c1"]);
    // Worked out in get-kpis.test.ts: 5 attempts, 3 connects; 1000.00 overdue at the start, 400.00 recovered.
    expect(k.groups[0]).toMatchObject({
      attempts: 5,
      connects: 3,
      connectRate: 0.6,
      money: [
        {
          currency: "CNY",
          promised: "900.00",
          overdueAtStart: "1000.00",
          recovered: "400.00",
          recoveryRate: 0.4,
          collected: "400.00",
        },
      ],
    });
    expect(k.business.map((b) => [b.currency, b.closingReceivables, b.provisionTotal])).toEqual([
      ["CNY", "1000.00", "25.00"],
    ]);
    expect(k.business[0]?.dso).toBeCloseTo(43.5, 9);
  });

  it("gives finance every collector; refuses a bad grouping or range with 400", async () => {
    const fin = await signIn(app, "fin", PASSWORDS.fin);
    const all = (await (await fin("GET", `${FEB}&grain=week`)).json()) as KpisJson;
    expect(all.grain).toBe("week");
    // 2025-02-01 is a Saturday: weeks 02-01..02-02, 02-03..02-09, ..., 02-24..02-28.
    expect(all.periods.map((p) => p.start)).toEqual([
      "2025-02-01",
      "2025-02-03",
      "2025-02-10",
      "2025-02-17",
      "2025-02-24",
    ]);
    const c2 = all.groups.filter((g) => g.group === "c2");
    // B's call on 02-10; B-1's payment on 02-20 recovers the 2000.00 overdue at the start of that week.
    expect(c2.map((g) => [g.periodStart, g.attempts, g.money[0]?.recovered ?? null])).toEqual([
      ["2025-02-01", 0, "0"],
      ["2025-02-03", 0, "0"],
      ["2025-02-10", 1, "0"],
      ["2025-02-17", 0, "2000.00"],
    ]);
    expect((await fin("GET", "/api/kpis?from=2025-02-01&to=2025-02-28&by=customer")).status).toBe(400);
    const reversed = await fin("GET", "/api/kpis?from=2025-03-01&to=2025-02-01&by=team");
    expect(reversed.status).toBe(400);
    expect(((await reversed.json()) as { error: { message: string } }).error.message).toMatch(/after/);
  });
});
