import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, openTestDatabase } from "../../test/test-database.ts";
import type { AuthUser } from "../auth/sessions.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { getTimeline, parseBefore } from "./get-timeline.ts";

const admin: AuthUser = { id: 0, login: "admin", name: "Admin", role: "admin", team: null };

describe.each(ENGINES)("the customer timeline on %s", (engine) => {
  let database: Database;
  let customerId = 0;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    const [c] = await queryRows<{ id: string }>(
      database.db,
      sql`insert into customers (code, name) values ('TL-1', 'Timeline Co') returning id`,
    );
    customerId = Number(c?.id);
    // 120 invoices on 60 days (two a day, same instant), 60 payments, 90 interactions, one blocked gate decision.
    await database.db.execute(sql`insert into invoices (customer_id, number, issue_date, due_date, amount, currency)
      select ${customerId}, 'N-' || g, date '2025-01-01' + (g / 2), date '2025-02-01' + (g / 2), 1000 + g, 'CNY'
      from generate_series(0, 119) g`);
    await database.db.execute(sql`insert into payments (customer_id, reference, paid_on, amount, currency)
      select ${customerId}, 'P-' || g, date '2025-01-15' + g, 500, 'CNY' from generate_series(0, 59) g`);
    await database.db.execute(sql`insert into interactions (customer_id, channel, direction, outcome, at, actor)
      select ${customerId}, 'call', 'outbound', 'no_answer', timestamptz '2025-01-10 02:00:00+00' + g * interval '1 day', 'c1'
      from generate_series(0, 89) g`);
    await database.db.execute(sql`insert into contact_attempts (customer_id, channel, at, status, verdict, rule, reason,
        policy_version, actor)
      values (${customerId}, 'call', '2025-02-01 14:00:00+00', 'blocked', 'block', 'hours', 'outside contact hours', 1, 'c1')`);
  });
  afterAll(async () => {
    await database.close();
  });

  it("pages through every entry exactly once, newest first, across ties at one instant", async () => {
    const seen: string[] = [];
    let before: string | undefined;
    let last = "9999";
    for (let page = 0; page < 100; page++) {
      const entries = await getTimeline(database.db, admin, customerId, { limit: 17, before });
      if (!entries.length) break;
      for (const e of entries) {
        expect(e.at <= last).toBe(true);
        last = e.at;
        seen.push(e.cursor);
      }
      before = entries.at(-1)?.cursor;
    }
    expect(seen).toHaveLength(120 + 60 + 90 + 1);
    expect(new Set(seen).size).toBe(seen.length);
    const all = await getTimeline(database.db, admin, customerId, { limit: 1000 });
    expect(all.map((e) => e.cursor)).toEqual(seen);
    expect(all.filter((e) => e.kind === "gate")).toMatchObject([
      { detail: { verdict: "block", reason: "outside contact hours" } },
    ]);
  });

  it("takes a bare instant as `before`, and refuses a malformed cursor", async () => {
    const older = await getTimeline(database.db, admin, customerId, { limit: 1000, before: "2025-01-05T00:00:00Z" });
    expect(older.length).toBeGreaterThan(0);
    expect(older.every((e) => e.at < "2025-01-05T00:00:00.000Z")).toBe(true);
    expect(() => parseBefore("yesterday")).toThrow(/not a cursor or an instant/);
    expect(() => parseBefore("2025-01-05T00:00:00Z~drop table~1")).toThrow(/not a cursor from this timeline/);
  });
});
