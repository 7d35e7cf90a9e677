import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, signIn } from "../../test/http-session.ts";
import { ENGINES, openTestDatabase } from "../../test/test-database.ts";
import { addUser } from "../auth/manage-users.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { createApp } from "../http/app.ts";

const NOW = new Date("2025-03-12T02:00:00Z");

describe.each(ENGINES)("customers API on %s", (engine) => {
  let database: Database;
  let ann: Client;
  let customerId = 0;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    const app = createApp({ database, now: () => NOW, version: "test" });
    const deps = { database, now: () => NOW };
    const u = await addUser(deps, { login: "ann", name: "Ann", role: "collector", password: "ann-secret-pass" }, "t");
    const [c] = await queryRows<{ id: string }>(
      database.db,
      sql`insert into customers (code, name, collector_id, time_zone) values ('TL-1', 'Timeline Co', ${u.id}, 'Asia/Shanghai') returning id`,
    );
    customerId = Number(c?.id);
    await database.db.execute(sql`insert into invoices (customer_id, number, issue_date, due_date, amount, currency)
      values (${customerId}, 'TL-A', '2025-02-28', '2025-03-31', 10000, 'CNY'),
             (${customerId}, 'TL-B', '2025-03-02', '2025-04-01', 20000, 'CNY')`);
    ann = await signIn(app, "ann", "ann-secret-pass");
  });
  afterAll(() => database.close());

  it("pages the timeline back from a cursor or an instant, and refuses one whose date does not exist", async () => {
    const timeline = (before: string) => ann("GET", `/api/customers/${customerId}/timeline?before=${before}`);
    const numbers = async (r: Response) =>
      ((await r.json()) as { kind: string; title: string }[]).filter((e) => e.kind === "invoice").map((e) => e.title);
    const first = await timeline("2025-03-01T00:00:00Z");
    expect(first.status).toBe(200);
    expect(await numbers(first)).toHaveLength(1);
    // 2025-02-30 would be read as 2 March and page back from there; it is refused instead.
    for (const before of ["2025-02-30", "2025-02-30T00:00:00Z", "2025-02-30T00:00:00.000Z~invoice~1"]) {
      const r = await timeline(before);
      expect(r.status, before).toBe(400);
      expect(((await r.json()) as { error: { message: string } }).error.message).toBe(
        `before: "${before}" is not an entry's cursor or an instant on a date that exists (e.g. 2025-03-12T02:00:00Z)`,
      );
    }
  });
});
