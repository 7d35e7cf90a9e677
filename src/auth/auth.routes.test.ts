import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signIn } from "../../test/http-session.ts";
import { ENGINES, openTestDatabase } from "../../test/test-database.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { createApp } from "../http/app.ts";
import { addUser, disableUser, setPassword } from "./manage-users.ts";
import { passwordProblems } from "./password-policy.ts";

describe("password policy", () => {
  it.each([
    ["short1234", "a", ["a password needs at least 10 characters"]],
    ["alice-smith", "alice-smith", ["a password must not be the login"]],
    ["Password123", "bob", ["this password is on the list of passwords attackers try first: choose another"]],
    ["woaini1314", "bob", ["this password is on the list of passwords attackers try first: choose another"]],
    ["tea-kettle-morning", "bob", []],
  ])("%s for %s", (password, login, expected) => {
    expect(passwordProblems(password, login)).toEqual(expected);
  });
});

describe.each(ENGINES)("sign-in, sessions and portfolios on %s", (engine) => {
  let database: Database;
  let clock = new Date("2025-03-12T02:00:00Z");
  const now = () => clock;
  let app: ReturnType<typeof createApp>;
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    app = createApp({ database, now, version: "test" });
    const deps = { database, now };
    for (const [login, role, team] of [
      ["ann", "collector", "east"],
      ["ben", "collector", "east"],
      ["cat", "collector", "west"],
      ["max", "manager", "east"],
      ["fin", "finance", null],
    ] as const) {
      const u = await addUser(deps, { login, name: login, role, team, password: `${login}-secret-pass` }, "test");
      ids[login] = u.id;
    }
    for (const [code, owner] of [
      ["ANN-1", "ann"],
      ["BEN-1", "ben"],
      ["CAT-1", "cat"],
    ] as const) {
      const [c] = await queryRows<{ id: string }>(
        database.db,
        sql`insert into customers (code, name, collector_id) values (${code}, ${`${code} Trading`}, ${ids[owner]}) returning id`,
      );
      ids[code] = Number(c?.id);
    }
  });
  afterAll(() => database.close());
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    app.request(path, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    });

  it("answers 401 without a session, and 401 for a wrong password without saying which part was wrong", async () => {
    expect((await app.request("/api/customers")).status).toBe(401);
    expect((await app.request("/api/auth/me")).status).toBe(401);
    expect((await app.request("/api/health")).status).toBe(200);
    const wrong = await post("/api/auth/login", { login: "ann", password: "not-her-password" });
    expect(wrong.status).toBe(401);
    const nobody = await post("/api/auth/login", { login: "nobody", password: "not-her-password" });
    expect(await nobody.json()).toEqual(await wrong.clone().json());
  });

  it("sets an HttpOnly session cookie and a readable CSRF cookie, and requires the token on changes", async () => {
    const res = await post("/api/auth/login", { login: "ann", password: "ann-secret-pass" });
    expect(res.status).toBe(200);
    const cookies = res.headers.getSetCookie();
    const session = cookies.find((c) => c.startsWith("huikuan_session=")) as string;
    const csrf = cookies.find((c) => c.startsWith("huikuan_csrf=")) as string;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    expect(csrf).not.toMatch(/HttpOnly/i);
    const cookie = [session, csrf].map((c) => c.split(";")[0]).join("; ");
    const token = (csrf.split(";")[0] as string).split("=")[1] as string;
    expect((await app.request("/api/auth/me", { headers: { cookie } })).status).toBe(200);
    const body = JSON.stringify({ cause: "hardship", note: "short of cash" });
    const put = (headers: Record<string, string>) =>
      app.request(`/api/customers/${ids["ANN-1"]}/cause`, {
        method: "PUT",
        headers: { "content-type": "application/json", cookie, ...headers },
        body,
      });
    expect((await put({})).status).toBe(403);
    expect((await put({ "x-csrf-token": "forged" })).status).toBe(403);
    expect((await put({ "x-csrf-token": token })).status).toBe(200);
    // Logout ends the session.
    expect(
      (await app.request("/api/auth/logout", { method: "POST", headers: { cookie, "x-csrf-token": token } })).status,
    ).toBe(204);
    expect((await app.request("/api/auth/me", { headers: { cookie } })).status).toBe(401);
  });

  it("keeps each collector to their own customers: someone else's answers 404, in lists, by id and in search", async () => {
    const ann = await signIn(app, "ann", "ann-secret-pass");
    const list = (await (await ann("GET", "/api/customers")).json()) as { code: string }[];
    expect(list.map((c) => c.code)).toEqual(["ANN-1"]);
    for (const path of ["", "/invoices", "/timeline"]) {
      expect((await ann("GET", `/api/customers/${ids["BEN-1"]}${path}`)).status).toBe(404);
      expect((await ann("GET", `/api/customers/999999${path}`)).status).toBe(404);
      expect((await ann("GET", `/api/customers/${ids["ANN-1"]}${path}`)).status).toBe(200);
    }
    expect(await (await ann("GET", "/api/customers?q=BEN")).json()).toEqual([]);
    expect((await ann("PUT", `/api/customers/${ids["BEN-1"]}/cause`, { cause: "forgot", note: "x" })).status).toBe(404);
    const attempt = await ann("POST", "/api/contact-attempts", {
      customerId: ids["BEN-1"],
      contactId: null,
      channel: "call",
    });
    expect(attempt.status).toBe(404);
    // A manager sees the team's customers, not another team's; finance reads all and changes nothing.
    const max = await signIn(app, "max", "max-secret-pass");
    const team = (await (await max("GET", "/api/customers")).json()) as { code: string }[];
    expect(team.map((c) => c.code)).toEqual(["ANN-1", "BEN-1"]);
    expect((await max("GET", `/api/customers/${ids["CAT-1"]}`)).status).toBe(404);
    const fin = await signIn(app, "fin", "fin-secret-pass");
    expect(((await (await fin("GET", "/api/customers")).json()) as unknown[]).length).toBe(3);
    expect((await fin("PUT", `/api/customers/${ids["CAT-1"]}/cause`, { cause: "forgot", note: "x" })).status).toBe(403);
  });

  it("ends sessions after 30 idle minutes and after 12 hours, and when the password changes or the user is disabled", async () => {
    const ben = await signIn(app, "ben", "ben-secret-pass");
    clock = new Date(clock.getTime() + 29 * 60_000);
    expect((await ben("GET", "/api/auth/me")).status).toBe(200);
    clock = new Date(clock.getTime() + 31 * 60_000);
    expect((await ben("GET", "/api/auth/me")).status).toBe(401);
    // Busy all day, never idle for 30 minutes: the session still ends 12 hours after sign-in.
    const busy = await signIn(app, "ben", "ben-secret-pass");
    const statuses: number[] = [];
    for (let step = 1; step <= 30; step++) {
      clock = new Date(clock.getTime() + 25 * 60_000);
      statuses.push((await busy("GET", "/api/auth/me")).status);
    }
    // 28 x 25 min = 11 h 40 min is still inside; 29 x 25 min = 12 h 5 min is not.
    expect(statuses.slice(0, 28).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(28)).toEqual([401, 401]);
    const again = await signIn(app, "ben", "ben-secret-pass");
    await setPassword({ database, now }, { login: "ben", password: "ben-new-secret-pass" }, "test");
    expect((await again("GET", "/api/auth/me")).status).toBe(401);
    const cat = await signIn(app, "cat", "cat-secret-pass");
    await disableUser({ database, now }, "cat", "test");
    expect((await cat("GET", "/api/auth/me")).status).toBe(401);
    expect((await post("/api/auth/login", { login: "cat", password: "cat-secret-pass" })).status).toBe(401);
  });

  it("throttles repeated wrong passwords for an account with 429, even with the right one", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await post("/api/auth/login", { login: "max", password: `wrong-${i}` })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect((await post("/api/auth/login", { login: "max", password: "max-secret-pass" })).status).toBe(429);
    clock = new Date(clock.getTime() + 16 * 60_000);
    expect((await post("/api/auth/login", { login: "max", password: "max-secret-pass" })).status).toBe(200);
  });
});
