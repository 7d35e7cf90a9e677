import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, signIn } from "../../test/http-session.ts";
import { ENGINES, openTestDatabase } from "../../test/test-database.ts";
import { addUser } from "../auth/manage-users.ts";
import type { Database } from "../db/database.ts";
import { createApp } from "../http/app.ts";
import { setSetting } from "../settings/settings.ts";

// 2025-03-12 10:00 in Shanghai (02:00 UTC); the company's day runs from 2025-03-11 16:00 UTC.
const NOW = new Date("2025-03-12T02:00:00Z");

describe.each(ENGINES)("My day's counters on %s", (engine) => {
  let database: Database;
  let ann: Client;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    const deps = { database, now: () => NOW };
    const app = createApp({ ...deps, version: "test" });
    const a = await addUser(deps, { login: "ann", name: "Ann", role: "collector", password: "ann-secret-pass" }, "t");
    const b = await addUser(deps, { login: "bob", name: "Bob", role: "collector", password: "bob-secret-pass" }, "t");
    await database.db.execute(sql`insert into customers (code, name, collector_id) values
      ('MD-1', 'Mine', ${a.id}), ('MD-2', 'Bob''s', ${b.id})`);
    const mine = sql`(select id from customers where code = 'MD-1')`;
    const bobs = sql`(select id from customers where code = 'MD-2')`;
    // Today (Shanghai): two calls, one answered; one inbound; yesterday's call does not count; Bob's neither.
    await database.db.execute(sql`insert into interactions (customer_id, channel, direction, outcome, at, actor) values
      (${mine}, 'call', 'outbound', 'no_answer', '2025-03-11 17:00:00+00', 'ann'),
      (${mine}, 'call', 'outbound', 'promise_to_pay', '2025-03-12 01:30:00+00', 'ann'),
      (${mine}, 'call', 'inbound', 'connected', '2025-03-12 01:40:00+00', 'ann'),
      (${mine}, 'call', 'outbound', 'connected', '2025-03-11 15:59:00+00', 'ann'),
      (${bobs}, 'call', 'outbound', 'connected', '2025-03-12 01:00:00+00', 'bob')`);
    await database.db.execute(sql`insert into promises (customer_id, amount, currency, promised_on, made_on, created_by)
      values (${mine}, 120050, 'CNY', '2025-03-20', '2025-03-12', 'ann'), (${mine}, 5000, 'USD', '2025-03-20', '2025-03-12', 'ann'),
        (${mine}, 99999, 'CNY', '2025-03-20', '2025-03-11', 'ann')`);
    await database.db.execute(sql`insert into payments (customer_id, reference, paid_on, amount, currency) values
      (${mine}, 'T', '2025-03-12', 30000, 'CNY'), (${mine}, 'M', '2025-03-02', 70000, 'CNY'),
      (${mine}, 'F', '2025-02-28', 99999, 'CNY'), (${bobs}, 'B', '2025-03-12', 55555, 'CNY')`);
    await setSetting(
      deps,
      "collection.targets",
      { default: null, monthly: { ann: { currency: "CNY", amount: "4000.00" } } },
      "t",
    );
    ann = await signIn(app, "ann", "ann-secret-pass");
  });
  afterAll(async () => {
    await database.close();
  });

  it("counts today's contacts and promises by the user, money collected from their portfolio, and the target", async () => {
    const res = await ann("GET", "/api/my-day");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      date: "2025-03-12",
      contactsMade: 2,
      conversations: 2,
      promises: {
        count: 2,
        amounts: [
          { currency: "CNY", amount: "1200.50" },
          { currency: "USD", amount: "50.00" },
        ],
      },
      collectedToday: [{ currency: "CNY", amount: "300.00" }],
      collectedThisMonth: [{ currency: "CNY", amount: "1000.00" }],
      target: { currency: "CNY", monthly: "4000.00", collected: "1000.00", progress: 0.25 },
      reminders: [],
    });
  });
});
