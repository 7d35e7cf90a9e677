import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase } from "../../test/test-database.ts";
import type { Database } from "../db/database.ts";
import { createApp } from "./app.ts";

describe("the API document", () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase("pglite");
  });
  afterAll(() => database.close());

  it("is public and documents every domain's routes with the shared error body", async () => {
    const app = createApp({ database, now: () => new Date(), version: "test" });
    const res = await app.request("/api/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    };
    for (const path of [
      "/api/health",
      "/api/auth/login",
      "/api/customers",
      "/api/customers/{id}/timeline",
      "/api/customers/{id}/interactions",
      "/api/worklist",
      "/api/runs",
      "/api/tasks/{id}/decision",
      "/api/contact-attempts",
      "/api/settings/{key}",
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(["Error", "Task", "User"]));
  });
});
