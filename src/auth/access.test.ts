import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, openTestDatabase } from "../../test/test-database.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { setSetting } from "../settings/settings.ts";
import { customerScope, visibleCustomerOrThrow } from "./access.ts";
import type { AuthUser } from "./sessions.ts";

describe.each(ENGINES)("portfolio scope on %s", (engine) => {
  let database: Database;
  const users: Record<string, AuthUser> = {};
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    await database.db.execute(sql`insert into users (login, name, role, team) values
      ('ann', 'Ann', 'collector', 'east'), ('cat', 'Cat', 'collector', 'east'), ('bob', 'Bob', 'collector', 'west'),
      ('solo', 'Solo', 'collector', null), ('mia', 'Mia', 'manager', 'east'), ('fin', 'Fin', 'finance', null)`);
    for (const u of await queryRows<{ id: string; login: string; role: AuthUser["role"]; team: string | null }>(
      database.db,
      sql`select id, login, role, team from users`,
    )) {
      users[u.login] = { id: Number(u.id), login: u.login, name: u.login, role: u.role, team: u.team } as AuthUser;
    }
    await database.db.execute(sql`insert into customers (code, name, collector_id)
      select 'S-' || login, login || '''s customer', id from users where role = 'collector'`);
    await database.db.execute(sql`insert into customers (code, name) values ('S-none', 'Unassigned')`);
  });
  afterAll(async () => {
    await database.close();
  });
  const seen = async (login: string) =>
    (
      await queryRows<{ code: string }>(
        database.db,
        sql`select c.code from customers c where c.code like 'S-%' and ${customerScope(users[login] as AuthUser)} order by c.code`,
      )
    ).map((r) => r.code);

  it("keeps collectors to their own customers until their team shares, then opens the team's, and no more", async () => {
    expect(await seen("ann")).toEqual(["S-ann"]);
    expect(await seen("solo")).toEqual(["S-solo"]);
    expect(await seen("mia")).toEqual(["S-ann", "S-cat", "S-none"]);
    expect(await seen("fin")).toEqual(["S-ann", "S-bob", "S-cat", "S-none", "S-solo"]);
    await setSetting({ database, now: () => new Date() }, "access", { sharedTeams: ["east"] }, "test");
    expect(await seen("ann")).toEqual(["S-ann", "S-cat"]);
    expect(await seen("cat")).toEqual(["S-ann", "S-cat"]);
    expect(await seen("bob")).toEqual(["S-bob"]);
    expect(await seen("solo")).toEqual(["S-solo"]);
    const [bobs] = await queryRows<{ id: string }>(database.db, sql`select id from customers where code = 'S-bob'`);
    await expect(visibleCustomerOrThrow(database.db, users.ann as AuthUser, Number(bobs?.id))).rejects.toThrow(
      /no such customer/,
    );
  });
});
