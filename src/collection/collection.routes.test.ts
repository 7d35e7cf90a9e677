import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, signIn } from "../../test/http-session.ts";
import { ENGINES, openTestDatabase } from "../../test/test-database.ts";
import { addUser } from "../auth/manage-users.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { createApp } from "../http/app.ts";

const NOW = new Date("2025-03-12T02:00:00Z"); // 10:00 in Shanghai, a Wednesday

describe.each(ENGINES)("collection API on %s", (engine) => {
  let database: Database;
  let app: ReturnType<typeof createApp>;
  let customerId = 0;
  let contactId = 0;
  let json: Client;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    app = createApp({ database, now: () => NOW, version: "test" });
    const deps = { database, now: () => NOW };
    await addUser(
      deps,
      { login: "c1", name: "One", role: "collector", team: "east", password: "c1-long-password" },
      "test",
    );
    await addUser(
      deps,
      { login: "boss", name: "Boss", role: "manager", team: "east", password: "boss-long-password" },
      "test",
    );
    const [c] = await queryRows<{ id: string }>(
      database.db,
      sql`insert into customers (code, name, time_zone, collector_id)
          select 'API-1', 'Api Customer', 'Asia/Shanghai', id from users where login = 'c1' returning id`,
    );
    customerId = Number(c?.id);
    const [k] = await queryRows<{ id: string }>(
      database.db,
      sql`insert into contacts (customer_id, name, role, phones, time_zone)
          values (${customerId}, 'AP', 'finance', array['+8613700000000'], 'Asia/Shanghai') returning id`,
    );
    contactId = Number(k?.id);
    await database.db.execute(sql`insert into invoices (customer_id, number, issue_date, due_date, amount, currency)
      values (${customerId}, 'X-1', '2025-01-01', '2025-01-31', 990000, 'CNY')`);
    json = await signIn(app, "boss", "boss-long-password");
  });
  afterAll(() => database.close());

  it("refuses a run for a future date with 400 and runs today's with 200, then serves the worklist", async () => {
    const future = await json("POST", "/api/runs", { asOf: "2025-03-13" });
    expect(future.status).toBe(400);
    expect(((await future.json()) as { error: { message: string } }).error.message).toMatch(/future/);
    const bad = await json("POST", "/api/runs", { asOf: "12/03/2025" });
    expect(bad.status).toBe(400);
    const ok = await json("POST", "/api/runs", {});
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ asOf: "2025-03-12", status: "done", stats: { tasksCreated: 1 } });
    const list = await json("GET", "/api/worklist?collector=c1");
    expect(list.status).toBe(200);
    const tasks = (await list.json()) as { customerCode: string; amountOverdue: string; reasons: string[] }[];
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ customerCode: "API-1", amountOverdue: "9900.00" });
    expect((await json("GET", "/api/worklist?collector=nobody")).status).toBe(404);
    expect((await json("GET", "/api/worklist?limit=0")).status).toBe(400);
    // A collector sees their own list whatever they ask for, and may not start runs.
    const c1 = await signIn(app, "c1", "c1-long-password");
    expect(((await (await c1("GET", "/api/worklist?collector=boss")).json()) as unknown[]).length).toBe(1);
    expect((await c1("POST", "/api/runs", {})).status).toBe(403);
  });

  it("refuses a cause set by hand without a note, and accepts one with a note", async () => {
    const none = await json("PUT", `/api/customers/${customerId}/cause`, { cause: "hardship", note: "  " });
    expect(none.status).toBe(400);
    const unknown = await json("PUT", `/api/customers/${customerId}/cause`, { cause: "lazy", note: "x" });
    expect(unknown.status).toBe(400);
    const ok = await json("PUT", `/api/customers/${customerId}/cause`, { cause: "hardship", note: "asked for time" });
    expect(await ok.json()).toMatchObject({ cause: "hardship" });
    expect(ok.status).toBe(200);
    expect((await json("PUT", "/api/customers/999999/cause", { cause: "hardship", note: "x" })).status).toBe(404);
  });

  it("answers the contact gate: allowed and reserved now, with the rule", async () => {
    const r = await json("POST", "/api/contact-attempts", { customerId, contactId, channel: "call" });
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ reserved: true, decision: { verdict: "allow" } });
    const missing = await json("POST", "/api/contact-attempts", {
      customerId: 999999,
      contactId: null,
      channel: "call",
    });
    expect(missing.status).toBe(404);
  });
});
