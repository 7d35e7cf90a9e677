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

  it("answers a malformed, untyped or missing JSON body with 4xx and the reason, never 500", async () => {
    const app = createApp({ database, now: () => new Date(), version: "test" });
    const login = (init: RequestInit) => app.request("/api/auth/login", { method: "POST", ...init });
    const malformed = await login({ body: "{", headers: { "content-type": "application/json" } });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: { code: string } }).error.code).toBe("invalid_input");
    const untyped = await login({ body: '{"login":"x","password":"y"}', headers: { "content-type": "text/plain" } });
    expect(untyped.status).toBe(415);
    expect(((await untyped.json()) as { error: { message: string } }).error.message).toMatch(/application\/json/);
    // No body and no content type: the schema still checks it (every declared JSON body is required).
    const missing = await login({});
    expect(missing.status).toBe(400);
    const doc = (await (await app.request("/api/openapi.json")).json()) as {
      paths: Record<string, Record<string, { requestBody?: { required?: boolean } }>>;
    };
    const optional = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => op.requestBody && op.requestBody.required !== true)
        .map(([method]) => `${method} ${path}`),
    );
    // Only where a route says so: dismissing a reply takes an optional reason and nothing else.
    expect(optional).toEqual(["post /api/inbound-emails/{id}/dismiss"]);
  });

  it("answers its own refusals (a bad body, no session, no such route) in the language the request asks for", async () => {
    const app = createApp({ database, now: () => new Date(), version: "test" });
    const message = async (r: Response | Promise<Response>) =>
      ((await (await r).json()) as { error: { message: string } }).error.message;
    const zh = { "accept-language": "zh-CN,zh;q=0.9" };
    const post = (headers: Record<string, string>, body: string) =>
      app.request("/api/auth/login", { method: "POST", body, headers });
    expect(await message(post({ "content-type": "application/json" }, "{"))).toBe("the request body is not valid JSON");
    expect(await message(post({ "content-type": "application/json", ...zh }, "{"))).toBe("请求内容不是有效的 JSON");
    expect(await message(post({ "content-type": "text/plain", ...zh }, "{}"))).toBe(
      "请以 application/json 格式发送请求内容",
    );
    expect(await message(app.request("/api/customers", { headers: zh }))).toBe("请先登录（POST /api/auth/login）");
    // Under a public prefix, so that no session is asked for first.
    expect(await message(app.request("/api/webhooks/nothing", { headers: zh }))).toBe(
      "没有这个接口：GET /api/webhooks/nothing",
    );
    const deep = `${"[".repeat(100)}${"]".repeat(100)}`;
    expect(await message(post({ "content-type": "application/json", ...zh }, deep))).toMatch(/^JSON 内容嵌套 100 层/);
  });

  it("closes every JSON body at every level: an unknown or misspelt key is refused, not ignored", async () => {
    type Schema = {
      $ref?: string;
      type?: string | string[];
      properties?: Record<string, Schema>;
      additionalProperties?: boolean | Schema;
      items?: Schema;
      anyOf?: Schema[];
      oneOf?: Schema[];
      allOf?: Schema[];
    };
    type Op = { requestBody?: { content?: Record<string, { schema: Schema }> } };
    const app = createApp({ database, now: () => new Date(), version: "test" });
    const doc = (await (await app.request("/api/openapi.json")).json()) as {
      paths: Record<string, Record<string, Op>>;
      components: { schemas: Record<string, Schema> };
    };
    const open: string[] = [];
    const walk = (schema: Schema | undefined, where: string) => {
      const s = schema?.$ref ? doc.components.schemas[schema.$ref.split("/").pop() ?? ""] : schema;
      if (!s) return;
      // A record (additionalProperties: a schema) names its keys by their values' schema; only `true`/absent is open.
      if (s.properties && (s.additionalProperties === undefined || s.additionalProperties === true)) open.push(where);
      for (const [key, v] of Object.entries(s.properties ?? {})) walk(v, `${where}.${key}`);
      walk(s.items, `${where}[]`);
      for (const v of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])]) walk(v, where);
    };
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        walk(op.requestBody?.content?.["application/json"]?.schema, `${method} ${path} body`);
      }
    }
    expect(open).toEqual([]);
  });
});
