import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, signIn } from "../../test/http-session.ts";
import { ENGINES, openTestDatabase } from "../../test/test-database.ts";
import { addUser } from "../auth/manage-users.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { createApp } from "../http/app.ts";
import { fillNameInitials } from "./fill-name-initials.ts";

const NOW = new Date("2025-03-12T02:00:00Z");
type Item = { id: number; code: string; name: string; collector: string | null; balance: string | null };

describe.each(ENGINES)("the customer list on %s", (engine) => {
  let database: Database;
  let ann: Client;
  let mia: Client;
  let adm: Client;
  const ids: Record<string, number> = {};
  const codes = async (client: Client, query: string) => {
    const res = await client("GET", `/api/customers?${query}`);
    expect(res.status).toBe(200);
    return ((await res.json()) as Item[]).map((r) => r.code);
  };

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    const app = createApp({ database, now: () => NOW, version: "test" });
    const deps = { database, now: () => NOW };
    const user = (login: string, role: "collector" | "manager" | "admin", team: string | null) =>
      addUser(deps, { login, name: login, role, team: team ?? undefined, password: `${login}-secret-pass` }, "test");
    const a = await user("ann", "collector", "east");
    const b = await user("bob", "collector", "west");
    await user("cat", "collector", "east");
    await user("mia", "manager", "east");
    await user("adm", "admin", null);
    // [code, name, collector, credit hold, legal, state: grade, cause, balance, overdue, days]
    const rows = [
      ["LC-1", "华夏金贸有限公司", a.id, true, false, ["bad", "hardship", 900_00, 500_00, 120]],
      ["LC-2", "重庆长安汽车", a.id, false, true, ["overdue", "forgot", 300_00, 200_00, 12]],
      ["LC-3", "Acme Trading", b.id, true, true, ["doubtful", "forgot", 5000_00, 4000_00, 75]],
      ["LC-4", "海信家电", null, false, false, null],
    ] as const;
    for (const [code, name, owner, hold, legal, state] of rows) {
      const [r] = await queryRows<{ id: string }>(
        database.db,
        sql`insert into customers (code, name, collector_id, credit_hold, legal)
          values (${code}, ${name}, ${owner}, ${hold}, ${legal}) returning id`,
      );
      ids[code] = Number(r?.id);
      if (state) {
        const [grade, cause, balance, overdue, days] = state;
        await database.db.execute(sql`insert into collection_states (customer_id, as_of, currency, balance, overdue,
            days_past_due, grade, cause) values (${ids[code]}, '2025-03-12', 'CNY', ${balance}, ${overdue}, ${days},
            ${grade}, ${cause})`);
      }
    }
    ann = await signIn(app, "ann", "ann-secret-pass");
    mia = await signIn(app, "mia", "mia-secret-pass");
    adm = await signIn(app, "adm", "adm-secret-pass");
  });
  afterAll(async () => {
    await database.close();
  });

  it("finds Chinese names by their pinyin initials, and follows a rename", async () => {
    expect(await codes(adm, "q=hxjm")).toEqual(["LC-1"]);
    expect(await codes(adm, "q=HXJM")).toEqual(["LC-1"]);
    expect(await codes(adm, "q=cqca")).toEqual(["LC-2"]);
    expect(await codes(adm, "q=金贸")).toEqual(["LC-1"]);
    expect(await codes(adm, "q=acme")).toEqual(["LC-3"]);
    expect(await codes(adm, "q=LC-4")).toEqual(["LC-4"]);
    // Renamed behind the API's back (as an import merge does): the next search computes the new initials.
    await database.db.execute(sql`update customers set name = '海尔智家' where id = ${ids["LC-4"]}`);
    expect(await codes(adm, "q=hezj")).toEqual(["LC-4"]);
    expect(await codes(adm, "q=hxjd")).toEqual([]);
    expect(await fillNameInitials(database.db)).toBe(0);
  });

  it("keeps to the user's portfolio", async () => {
    expect(await codes(ann, "q=acme")).toEqual([]);
    expect(await codes(ann, "")).toEqual(["LC-1", "LC-2"]);
    expect(await codes(mia, "")).toEqual(["LC-1", "LC-2", "LC-4"]);
  });

  it("filters by collector, nobody, grade, cause and flags", async () => {
    expect(await codes(adm, "collector=bob")).toEqual(["LC-3"]);
    expect(await codes(adm, "unassigned=true")).toEqual(["LC-4"]);
    expect(await codes(adm, "grade=bad")).toEqual(["LC-1"]);
    expect(await codes(adm, "cause=forgot")).toEqual(["LC-2", "LC-3"]);
    expect(await codes(adm, "flags=creditHold")).toEqual(["LC-1", "LC-3"]);
    expect(await codes(adm, "flags=creditHold,legal")).toEqual(["LC-3"]);
    expect(await codes(adm, "flags=legal&collector=ann")).toEqual(["LC-2"]);
    const bad = await adm("GET", "/api/customers?flags=vip");
    expect(bad.status).toBe(400);
  });

  it("sorts by any column, empty values last, and counts on request", async () => {
    expect(await codes(adm, "sort=overdue&order=desc")).toEqual(["LC-3", "LC-1", "LC-2", "LC-4"]);
    expect(await codes(adm, "sort=overdue")).toEqual(["LC-2", "LC-1", "LC-3", "LC-4"]);
    expect(await codes(adm, "sort=grade&order=desc")).toEqual(["LC-1", "LC-3", "LC-2", "LC-4"]);
    expect(await codes(adm, "sort=days")).toEqual(["LC-2", "LC-3", "LC-1", "LC-4"]);
    expect(await codes(adm, "sort=collector")).toEqual(["LC-1", "LC-2", "LC-3", "LC-4"]);
    const res = await adm("GET", "/api/customers?cause=forgot&total=true&limit=1&sort=balance&order=desc");
    expect(res.headers.get("x-total-count")).toBe("2");
    expect(((await res.json()) as Item[]).map((r) => [r.code, r.balance])).toEqual([["LC-3", "5000.00"]]);
  });

  it("lists the collectors a user may filter by and assign to", async () => {
    const logins = async (client: Client) =>
      ((await (await client("GET", "/api/collectors")).json()) as { login: string }[]).map((r) => r.login).sort();
    expect(await logins(adm)).toEqual(["ann", "bob", "cat"]);
    expect(await logins(mia)).toEqual(["ann", "cat"]);
    expect(await logins(ann)).toEqual(["ann"]);
  });
});
