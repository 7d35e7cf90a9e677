import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signIn } from "../../test/http-session.ts";
import { ENGINES, openTestDatabase } from "../../test/test-database.ts";
import { addUser } from "../auth/manage-users.ts";
import type { Database } from "../db/database.ts";
import { createApp } from "../http/app.ts";

const NOW = new Date("2025-03-12T02:00:00Z");

describe.each(ENGINES)("settings API on %s", (engine) => {
  let database: Database;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    app = createApp({ database, now: () => NOW, version: "test" });
    const deps = { database, now: () => NOW };
    await addUser(deps, { login: "root", name: "Root", role: "admin", password: "root-secret-pass" }, "test");
    await addUser(deps, { login: "ann", name: "Ann", role: "collector", password: "ann-secret-pass" }, "test");
  });
  afterAll(() => database.close());

  it("refuses a change made on a stale version with 409 and the current state", async () => {
    const root = await signIn(app, "root", "root-secret-pass");
    const read = await root("GET", "/api/settings/collection.schedule");
    expect(read.headers.get("ETag")).toBe('"0"');
    expect(await read.json()).toEqual({
      key: "collection.schedule",
      value: { enabled: true, at: "06:00" },
      version: 0,
    });
    const first = await root(
      "PUT",
      "/api/settings/collection.schedule",
      { value: { enabled: true, at: "07:30" } },
      { "If-Match": '"0"' },
    );
    expect(first.status).toBe(200);
    expect(first.headers.get("ETag")).toBe('"1"');
    // A second editor still holding version 0 does not overwrite the change.
    const stale = await root(
      "PUT",
      "/api/settings/collection.schedule",
      { value: { enabled: false, at: "06:00" } },
      { "If-Match": '"0"' },
    );
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ current: { version: 1, value: { enabled: true, at: "07:30" } } });
    const bad = await root(
      "PUT",
      "/api/settings/collection.schedule",
      { value: { enabled: true, at: "25:00" } },
      { "If-Match": '"1"' },
    );
    expect(bad.status).toBe(400);
    expect((await root("PUT", "/api/settings/nope", { value: 1 }, { "If-Match": '"0"' })).status).toBe(400);
    // A misspelled wrapper ({valeu}) is refused, not taken as an empty change.
    const typo = { value: { enabled: true, at: "08:00" }, valeu: 1 };
    expect((await root("PUT", "/api/settings/collection.schedule", typo, { "If-Match": '"1"' })).status).toBe(400);
    expect((await root("GET", "/api/settings/nope")).status).toBe(404);
    expect((await root("PUT", "/api/settings/collection.schedule", { value: {} })).status).toBe(400);
    const ann = await signIn(app, "ann", "ann-secret-pass");
    expect(
      (
        await ann(
          "PUT",
          "/api/settings/collection.schedule",
          { value: { enabled: true, at: "05:00" } },
          { "If-Match": '"1"' },
        )
      ).status,
    ).toBe(403);
  });

  it("refuses request bodies over 1 MB before they reach a handler", async () => {
    const root = await signIn(app, "root", "root-secret-pass");
    const huge = { value: { enabled: true, at: "06:00", padding: "x".repeat(1_100_000) } };
    const res = await root("PUT", "/api/settings/collection.schedule", huge, { "If-Match": '"1"' });
    expect(res.status).toBe(413);
  });
});
