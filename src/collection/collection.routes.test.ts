import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, signIn } from "../../test/http-session.ts";
import { ENGINES, openTestDatabase } from "../../test/test-database.ts";
import { addUser } from "../auth/manage-users.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { createApp } from "../http/app.ts";
import { DEFAULT_PLAYBOOKS } from "./playbook.rules.ts";

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
    // A collector sees their own list (naming themselves or nobody), not someone else's, and may not start runs.
    const c1 = await signIn(app, "c1", "c1-long-password");
    expect(((await (await c1("GET", "/api/worklist?collector=c1")).json()) as unknown[]).length).toBe(1);
    expect((await c1("GET", "/api/worklist?collector=boss")).status).toBe(403);
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
    // The customer 360 says who set it, when and why.
    const customer = (await (await json("GET", `/api/customers/${customerId}`)).json()) as { collection: unknown };
    expect(customer.collection).toMatchObject({
      cause: "hardship",
      causeSource: "manual",
      causeSetBy: "boss",
      causeNote: "asked for time",
      causeSetOn: "2025-03-12",
    });
    // The playbook by the name the settings give it, beside its id.
    const state = customer.collection as { playbook: string | null; playbookName: string | null };
    const playbook = DEFAULT_PLAYBOOKS.playbooks.find((p) => p.id === state.playbook);
    expect(playbook).toBeDefined();
    expect(state.playbookName).toBe(playbook?.name);
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

  it("works tasks: snooze hides until the moment, done closes once, approvals are a manager's decision", async () => {
    const c1 = await signIn(app, "c1", "c1-long-password");
    const mine = (await (await c1("GET", "/api/worklist")).json()) as { id: number }[];
    expect(mine).toHaveLength(1);
    const taskId = mine[0]?.id as number;
    const later = new Date(NOW.getTime() + 3_600_000).toISOString();
    expect((await c1("POST", `/api/tasks/${taskId}/snooze`, { until: later })).status).toBe(200);
    expect(await (await c1("GET", "/api/worklist")).json()).toEqual([]);
    expect((await c1("POST", `/api/tasks/${taskId}/done`, { note: "paid by phone" })).status).toBe(200);
    expect((await c1("POST", `/api/tasks/${taskId}/done`, {})).status).toBe(409);
    // An approval task for a credit hold, on the manager's list.
    const [task] = await queryRows<{ id: string }>(
      database.db,
      sql`insert into tasks (run_date, customer_id, collector_id, kind, action, priority, reasons, grade, amount_overdue,
            currency, playbook_id, variant, step_index, needs_approval)
          select '2025-03-12', ${customerId}, id, 'approval', 'credit_hold', 50, '[]', 'overdue', 990000, 'CNY',
            'deliberate', 'champion', 1, true from users where login = 'boss' returning id`,
    );
    const approvalId = Number(task?.id);
    expect((await c1("POST", `/api/tasks/${approvalId}/decision`, { approve: true, note: "ok" })).status).toBe(403);
    expect((await json("POST", `/api/tasks/${approvalId}/done`, {})).status).toBe(400);
    expect((await json("POST", `/api/tasks/${approvalId}/decision`, { approve: true, note: " " })).status).toBe(400);
    const approved = await json("POST", `/api/tasks/${approvalId}/decision`, {
      approve: true,
      note: "three promises broken; no new orders on credit",
    });
    expect(approved.status).toBe(200);
    expect(await approved.json()).toMatchObject({ status: "done", decision: "approved", measure: "credit_hold" });
    const [flag] = await queryRows<{ credit_hold: boolean }>(
      database.db,
      sql`select credit_hold from customers where id = ${customerId}`,
    );
    expect(flag?.credit_hold).toBe(true);
    expect((await json("POST", "/api/tasks/999999/done", {})).status).toBe(404);
  });

  it("refuses a date that does not exist with 400 and says which, on every route that takes one", async () => {
    for (const path of [
      "/api/runs?asOf=2025-02-30",
      "/api/runs?asOf=2025-13-01",
      "/api/worklist?asOf=2025-02-30",
      "/api/worklist?asOf=2025-04-31",
    ]) {
      const r = await json("GET", path);
      expect(r.status, path).toBe(400);
      expect(((await r.json()) as { error: { message: string } }).error.message, path).toMatch(
        /^asOf: "2025-\d\d-\d\d" is not a date that exists \(expected YYYY-MM-DD\)$/,
      );
    }
    expect((await json("GET", "/api/runs?asOf=2024-02-29")).status).toBe(200);
    expect((await json("POST", "/api/runs", { asOf: "2025-02-29" })).status).toBe(400);
    const cause = { cause: "hardship", note: "asked for time", recheckOn: "2025-06-31" };
    expect((await json("PUT", `/api/customers/${customerId}/cause`, cause)).status).toBe(400);
  });

  it("refuses someone else's worklist with 403: a collector any other's, a manager one outside the team", async () => {
    const deps = { database, now: () => NOW };
    await addUser(
      deps,
      { login: "c2", name: "Two", role: "collector", team: "east", password: "c2-long-password" },
      "t",
    );
    await addUser(
      deps,
      { login: "w1", name: "West", role: "collector", team: "west", password: "w1-long-password" },
      "t",
    );
    await addUser(
      deps,
      { login: "wes", name: "Wes", role: "manager", team: "west", password: "wes-long-password" },
      "t",
    );
    const c2 = await signIn(app, "c2", "c2-long-password");
    for (const who of ["c1", "boss", "nobody"]) {
      const r = await c2("GET", `/api/worklist?collector=${who}`);
      expect(r.status, who).toBe(403);
      expect(((await r.json()) as { error: { message: string } }).error.message).toMatch(/only their own worklist/);
    }
    expect((await c2("GET", "/api/worklist?collector=c2")).status).toBe(200);
    const wes = await signIn(app, "wes", "wes-long-password");
    const outside = await wes("GET", "/api/worklist?collector=c1");
    expect(outside.status).toBe(403);
    expect(((await outside.json()) as { error: { message: string } }).error.message).toMatch(
      /not in your team \(west\)/,
    );
    expect((await wes("GET", "/api/worklist?collector=w1")).status).toBe(200);
    expect((await wes("GET", "/api/worklist?collector=wes")).status).toBe(200);
    expect((await wes("GET", "/api/worklist?collector=nobody")).status).toBe(404);
    expect((await json("GET", "/api/worklist?collector=c2")).status).toBe(200);
    expect((await json("GET", "/api/worklist?collector=w1")).status).toBe(403);
  });

  it("snoozes a task for at most 90 days, and refuses unknown fields in the task bodies", async () => {
    const [task] = await queryRows<{ id: string }>(
      database.db,
      sql`insert into tasks (run_date, customer_id, collector_id, kind, action, priority, reasons, grade, amount_overdue,
            currency, playbook_id, variant, step_index, needs_approval)
          select '2025-03-12', ${customerId}, id, 'contact', 'call', 40, '[]', 'overdue', 990000, 'CNY',
            'deliberate', 'champion', 7, false from users where login = 'c1' returning id`,
    );
    const c1 = await signIn(app, "c1", "c1-long-password");
    const snooze = (body: Record<string, unknown>) => c1("POST", `/api/tasks/${task?.id}/snooze`, body);
    const forever = await snooze({ until: "9999-12-31T23:59:59Z" });
    expect(forever.status).toBe(400);
    expect(((await forever.json()) as { error: { message: string } }).error.message).toBe(
      "until: a task can be snoozed at most 90 days, until 2025-06-10T02:00:00.000Z (9999-12-31T23:59:59.000Z)",
    );
    expect((await snooze({ until: "2025-06-10T02:00:01Z" })).status).toBe(400);
    expect((await snooze({ until: "2025-06-10T02:00:00Z", forever: true })).status).toBe(400);
    expect((await c1("POST", `/api/tasks/${task?.id}/done`, { note: "x", reason: "y" })).status).toBe(400);
    expect((await snooze({ until: "2025-06-10T02:00:00Z" })).status).toBe(200);
    const [row] = await queryRows<{ snoozed_until: Date | string }>(
      database.db,
      sql`select snoozed_until from tasks where id = ${Number(task?.id)}`,
    );
    expect(new Date(row?.snoozed_until as string).toISOString()).toBe("2025-06-10T02:00:00.000Z");
  });
});
