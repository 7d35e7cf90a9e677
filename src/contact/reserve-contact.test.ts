import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, openTestDatabase, uniquePrefix } from "../../test/test-database.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { reserveContact } from "./reserve-contact.ts";

// Wednesday 2025-03-12; Shanghai is UTC+8.
const at = (local: string) => new Date(`2025-03-12T${local}:00+08:00`);

describe.each(ENGINES)("reserveContact on %s", (engine) => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
  });
  afterAll(() => database.close());

  async function customer(opts: { zone?: string | null; contactZone?: string | null } = {}) {
    const code = uniquePrefix("GATE");
    const [c] = await queryRows<{ id: string }>(
      database.db,
      sql`insert into customers (code, name, time_zone) values (${code}, ${code}, ${opts.zone === undefined ? "Asia/Shanghai" : opts.zone}) returning id`,
    );
    const [k] = await queryRows<{ id: string }>(
      database.db,
      sql`insert into contacts (customer_id, name, role, phones, time_zone)
          values (${c?.id}, 'Ms Wang', 'finance', array['+8613900000001'], ${opts.contactZone ?? null}) returning id`,
    );
    return { customerId: Number(c?.id), contactId: Number(k?.id) };
  }
  const reserve = (
    ids: { customerId: number; contactId: number },
    now: Date,
    extra: { overrideReason?: string } = {},
  ) => reserveContact({ database, now: () => now }, { ...ids, channel: "call", actor: "c1", ...extra });
  const attempts = (customerId: number) =>
    queryRows<{ status: string; verdict: string; rule: string }>(
      database.db,
      sql`select status, verdict, rule from contact_attempts where customer_id = ${customerId} order by id`,
    );

  it("reserves a call inside contact hours and logs the decision", async () => {
    const ids = await customer();
    const r = await reserve(ids, at("10:00"));
    expect(r.reserved).toBe(true);
    expect(r.decision.verdict).toBe("allow");
    expect(await attempts(ids.customerId)).toEqual([{ status: "reserved", verdict: "allow", rule: "allow" }]);
  });

  it("refuses a call at night in the contact's zone, and one with no known zone, and logs both", async () => {
    const ids = await customer();
    const night = await reserve(ids, at("22:30"));
    expect(night).toMatchObject({ reserved: false, decision: { verdict: "block", rule: "hours.hard" } });
    const nowhere = await customer({ zone: null });
    const unknown = await reserve(nowhere, at("10:00"));
    expect(unknown).toMatchObject({ reserved: false, decision: { verdict: "block", rule: "hours.unknown_zone" } });
    expect(unknown.decision.reason).toMatch(/time zone unknown/);
    expect(await attempts(nowhere.customerId)).toEqual([
      { status: "refused", verdict: "block", rule: "hours.unknown_zone" },
    ]);
  });

  it("needs a reason to go ahead with a warned attempt, and audits the override", async () => {
    const ids = await customer();
    const lunch = await reserve(ids, at("12:30"));
    expect(lunch).toMatchObject({ reserved: false, decision: { verdict: "warn" } });
    const withReason = await reserve(ids, at("12:31"), { overrideReason: "customer asked to be called at lunch" });
    expect(withReason.reserved).toBe(true);
    const audit = await queryRows<{ reason: string }>(
      database.db,
      sql`select reason from audit_log where action = 'contact.override' and customer_id = ${ids.customerId}`,
    );
    expect(audit).toEqual([{ reason: "customer asked to be called at lunch" }]);
  });

  it("lets exactly one of many simultaneous requests take the last call slot of the day", async () => {
    const ids = await customer();
    // Three calls a day to one number: two are taken.
    expect((await reserve(ids, at("09:10"))).reserved).toBe(true);
    expect((await reserve(ids, at("09:20"))).reserved).toBe(true);
    // Open the pool's connections first, so the racers really run side by side instead of queueing for a connection.
    await Promise.all(
      Array.from({ length: 4 }, () => database.transaction((c) => c.db.execute(sql`select pg_sleep(0.05)`))),
    );
    const racers = await Promise.all(Array.from({ length: 8 }, () => reserve(ids, at("15:00"))));
    expect(racers.filter((r) => r.reserved)).toHaveLength(1);
    for (const r of racers.filter((x) => !x.reserved)) expect(r.decision.rule).toBe("calls.per_number_day");
    const rows = await attempts(ids.customerId);
    expect(rows.filter((r) => r.status === "reserved")).toHaveLength(3);
    expect(rows).toHaveLength(10);
  });
});
