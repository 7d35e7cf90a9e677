import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signIn } from "../../test/http-session.ts";
import { ENGINES, openTestDatabase } from "../../test/test-database.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { createApp } from "../http/app.ts";
import { addUser } from "./manage-users.ts";

const NOW = new Date("2025-03-12T02:00:00Z");

describe.each(ENGINES)("users API on %s", (engine) => {
  let database: Database;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    app = createApp({ database, now: () => NOW, version: "test" });
    const deps = { database, now: () => NOW };
    await addUser(deps, { login: "root", name: "Root", role: "admin", password: "root-secret-pass" }, "test");
    await addUser(
      deps,
      { login: "boss", name: "Boss", role: "manager", team: "east", password: "boss-secret-pass" },
      "test",
    );
    await addUser(deps, { login: "ann", name: "Ann", role: "collector", password: "ann-secret-pass" }, "test");
  });
  afterAll(() => database.close());

  it("lets an admin add a user, change role, team and email, reset the password and disable the account", async () => {
    const root = await signIn(app, "root", "root-secret-pass");
    const added = await root("POST", "/api/users", {
      login: "bob",
      name: "Bob",
      role: "collector",
      team: "east",
      email: "bob@example.com",
      password: "bob-secret-pass",
    });
    expect(added.status).toBe(201);
    expect(await added.json()).toMatchObject({ login: "bob", team: "east", email: "bob@example.com", active: true });
    const bob = await signIn(app, "bob", "bob-secret-pass");
    expect((await bob("GET", "/api/auth/me")).status).toBe(200);

    const changed = await root("PATCH", "/api/users/bob", { role: "manager", team: "west", email: null });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ role: "manager", team: "west", email: null });
    // A new role ends the sessions signed in with the old one.
    expect((await bob("GET", "/api/auth/me")).status).toBe(401);

    expect((await root("POST", "/api/users/bob/password", { password: "short" })).status).toBe(400);
    expect((await root("POST", "/api/users/bob/password", { password: "bob-new-secret-pass" })).status).toBe(204);
    const again = await signIn(app, "bob", "bob-new-secret-pass");
    expect((await root("PATCH", "/api/users/bob", { active: false })).status).toBe(200);
    expect((await again("GET", "/api/auth/me")).status).toBe(401);

    const list = (await (await root("GET", "/api/users")).json()) as { login: string; active: boolean }[];
    expect(list.find((u) => u.login === "bob")).toMatchObject({ active: false });
    const actions = await queryRows<{ action: string }>(
      database.db,
      sql`select action from audit_log where object_type = 'user' and object_id = 'bob' order by id`,
    );
    expect(actions.map((a) => a.action)).toEqual(["user.add", "user.update", "user.password", "user.update"]);
  });

  it("refuses what is not allowed, with the reason", async () => {
    const root = await signIn(app, "root", "root-secret-pass");
    const taken = await root("POST", "/api/users", {
      login: "ann",
      name: "Ann 2",
      role: "collector",
      password: "another-secret-pass",
    });
    expect(taken.status).toBe(409);
    const badEmail = await root("PATCH", "/api/users/ann", { email: "not-an-address" });
    expect(badEmail.status).toBe(400);
    expect(((await badEmail.json()) as { error: { message: string } }).error.message).toContain("not-an-address");
    expect((await root("PATCH", "/api/users/root", { role: "manager" })).status).toBe(400);
    expect((await root("PATCH", "/api/users/root", { active: false })).status).toBe(400);
    expect((await root("PATCH", "/api/users/nobody", { name: "X" })).status).toBe(404);

    const boss = await signIn(app, "boss", "boss-secret-pass");
    expect((await boss("GET", "/api/users")).status).toBe(200);
    expect((await boss("PATCH", "/api/users/ann", { team: "east" })).status).toBe(403);
    const ann = await signIn(app, "ann", "ann-secret-pass");
    expect((await ann("GET", "/api/users")).status).toBe(403);
    expect((await ann("POST", "/api/users/ann/password", { password: "ann-new-secret-pass" })).status).toBe(403);
  });
});
