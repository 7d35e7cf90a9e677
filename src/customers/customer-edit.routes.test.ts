import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, signIn } from "../../test/http-session.ts";
import { ENGINES, openTestDatabase } from "../../test/test-database.ts";
import { verifyAudit } from "../audit/verify-audit.ts";
import { addUser } from "../auth/manage-users.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { createApp } from "../http/app.ts";

const NOW = new Date("2025-03-12T02:00:00Z");
type Json = Record<string, unknown>;

describe.each(ENGINES)("editing customers and contacts on %s", (engine) => {
  let database: Database;
  let app: ReturnType<typeof createApp>;
  let ann: Client;
  let mia: Client;
  let fin: Client;
  const ids: Record<string, number> = {};
  let contactId = 0;
  const one = async <T>(q: ReturnType<typeof sql>) => (await queryRows<T>(database.db, q))[0] as T;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    app = createApp({ database, now: () => NOW, version: "test" });
    const deps = { database, now: () => NOW };
    const user = (login: string, role: "collector" | "manager" | "finance", team: string | null) =>
      addUser(deps, { login, name: login, role, team: team ?? undefined, password: `${login}-secret-pass` }, "test");
    const a = await user("ann", "collector", "east");
    const b = await user("bob", "collector", "west");
    await user("cat", "collector", "east");
    await user("mia", "manager", "east");
    await user("fin", "finance", null);
    for (const [code, owner] of [
      ["ED-1", a.id],
      ["ED-2", a.id],
      ["ED-3", b.id],
    ] as const) {
      const r = await one<{ id: string }>(
        sql`insert into customers (code, name, collector_id) values (${code}, ${`Name ${code}`}, ${owner}) returning id`,
      );
      ids[code] = Number(r.id);
    }
    const c = await one<{ id: string }>(
      sql`insert into contacts (customer_id, name, role, phones) values (${ids["ED-1"]}, 'Li Wei', 'finance', '{"+86 138 0000 0000"}') returning id`,
    );
    contactId = Number(c.id);
    await queryRows(
      database.db,
      sql`insert into tasks (run_date, customer_id, collector_id, kind, action, priority,
        reasons, cause, grade, amount_overdue, currency, playbook_id, variant, step_index, tone)
      values ('2025-03-12', ${ids["ED-2"]}, ${a.id}, 'call', 'call', 50, '[]', 'forgot', 'overdue', 100, 'CNY', 'p', 'champion', 0, 'friendly')`,
    );
    ann = await signIn(app, "ann", "ann-secret-pass");
    mia = await signIn(app, "mia", "mia-secret-pass");
    fin = await signIn(app, "fin", "fin-secret-pass");
  });
  afterAll(async () => {
    await database.close();
  });

  it("changes a customer with the version read, answers the new version, and audits before and after", async () => {
    const res = await ann(
      "PATCH",
      `/api/customers/${ids["ED-1"]}`,
      { notes: "Pays after the 25th", timeZone: "Asia/Shanghai" },
      { "if-match": '"1"' },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toBe('"2"');
    const body = (await res.json()) as Json;
    expect(body).toMatchObject({ notes: "Pays after the 25th", time_zone: "Asia/Shanghai", version: 2 });
    const audit = await one<{ before: Json; after: Json; actor: string }>(
      sql`select before, after, actor from audit_log where action = 'customer.update' and object_id = ${String(ids["ED-1"])}`,
    );
    expect(audit).toEqual({
      actor: "ann",
      before: { notes: null, time_zone: null },
      after: { notes: "Pays after the 25th", time_zone: "Asia/Shanghai" },
    });
  });

  it("refuses a stale version with 409 and the current record, and changes nothing", async () => {
    const res = await ann("PATCH", `/api/customers/${ids["ED-1"]}`, { version: 1, notes: "overwritten?" });
    expect(res.status).toBe(409);
    const body = (await res.json()) as { current: Json };
    expect(body.current).toMatchObject({ version: 2, notes: "Pays after the 25th" });
    expect((await one<{ notes: string }>(sql`select notes from customers where id = ${ids["ED-1"]}`)).notes).toBe(
      "Pays after the 25th",
    );
  });

  it("of two edits racing with the same version, exactly one wins", async () => {
    const [x, y] = await Promise.all([
      ann("PATCH", `/api/customers/${ids["ED-2"]}`, { version: 1, notes: "first" }),
      ann("PATCH", `/api/customers/${ids["ED-2"]}`, { version: 1, notes: "second" }),
    ]);
    expect([x.status, y.status].sort()).toEqual([200, 409]);
  });

  it("refuses bad fields by name, a collector changing terms or holds, finance, and no version", async () => {
    const bad = await ann("PATCH", `/api/customers/${ids["ED-1"]}`, {
      version: 2,
      timeZone: "Mars/Olympus",
      country: "China",
    });
    expect(bad.status).toBe(400);
    const msg = ((await bad.json()) as { error: { message: string } }).error.message;
    expect(msg).toMatch(/timeZone: "Mars\/Olympus"/);
    expect(msg).toMatch(/country: "China"/);
    expect((await ann("PATCH", `/api/customers/${ids["ED-1"]}`, { version: 2, creditHold: true })).status).toBe(400);
    expect((await fin("PATCH", `/api/customers/${ids["ED-1"]}`, { version: 2, notes: "x" })).status).toBe(403);
    expect((await ann("PATCH", `/api/customers/${ids["ED-1"]}`, { notes: "x" })).status).toBe(400);
    expect((await ann("PATCH", `/api/customers/${ids["ED-1"]}`, { version: 2, nosuch: 1 })).status).toBe(400);
  });

  it("lets a manager set a credit limit exactly and a hold", async () => {
    const res = await mia("PATCH", `/api/customers/${ids["ED-1"]}`, {
      version: 2,
      creditLimit: "50000.50",
      creditCurrency: "CNY",
      creditHold: true,
    });
    expect(res.status).toBe(200);
    const row = await one<{ credit_limit: string; credit_hold: boolean }>(
      sql`select credit_limit, credit_hold from customers where id = ${ids["ED-1"]}`,
    );
    expect(row).toEqual({ credit_limit: "5000050", credit_hold: true });
  });

  it("answers 404 for another collector's customer or contact, and 401 without a session", async () => {
    expect((await ann("PATCH", `/api/customers/${ids["ED-3"]}`, { version: 1, notes: "x" })).status).toBe(404);
    expect((await ann("PATCH", "/api/customers/999999", { version: 1, notes: "x" })).status).toBe(404);
    const anon = await app.request(`/api/customers/${ids["ED-1"]}`, {
      method: "PATCH",
      body: "{}",
      headers: { "content-type": "application/json" },
    });
    expect(anon.status).toBe(401);
  });

  it("changes a contact's consent, audited as consent; refuses a bad email by position", async () => {
    const res = await ann("PATCH", `/api/contacts/${contactId}`, {
      version: 1,
      optOutSms: true,
      emails: ["li.wei@example.cn"],
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ opt_out_sms: true, emails: ["li.wei@example.cn"], version: 2 });
    const audit = await one<{ action: string }>(
      sql`select action from audit_log where object_type = 'contact' order by id desc limit 1`,
    );
    expect(audit.action).toBe("contact.consent");
    const bad = await ann("PATCH", `/api/contacts/${contactId}`, {
      version: 2,
      emails: ["ok@example.com", "not an email"],
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/emails\[1\]/);
    const stale = await ann("PATCH", `/api/contacts/${contactId}`, { version: 1, notes: "x" });
    expect(stale.status).toBe(409);
  });

  it("reassigns customers in bulk within the manager's team; open tasks follow; all or nothing", async () => {
    const ok = await mia("POST", "/api/customers/reassign", {
      customerIds: [ids["ED-1"], ids["ED-2"]],
      collector: "cat",
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ moved: 2, unchanged: 0 });
    const cat = await one<{ id: string }>(sql`select id from users where login = 'cat'`);
    const task = await one<{ collector_id: string }>(
      sql`select collector_id from tasks where customer_id = ${ids["ED-2"]}`,
    );
    expect(task.collector_id).toBe(cat.id);
    // Bob is in another team: not a manager of east's to give customers to, and ED-3 is not in her portfolio.
    expect(
      (await mia("POST", "/api/customers/reassign", { customerIds: [ids["ED-1"]], collector: "bob" })).status,
    ).toBe(400);
    expect(
      (await mia("POST", "/api/customers/reassign", { customerIds: [ids["ED-1"], ids["ED-3"]], collector: "ann" }))
        .status,
    ).toBe(404);
    const still = await one<{ collector_id: string }>(
      sql`select collector_id from customers where id = ${ids["ED-1"]}`,
    );
    expect(still.collector_id).toBe(cat.id);
    expect(
      (await ann("POST", "/api/customers/reassign", { customerIds: [ids["ED-1"]], collector: "ann" })).status,
    ).toBe(403);
    expect((await verifyAudit(database)).ok).toBe(true);
  });
});
