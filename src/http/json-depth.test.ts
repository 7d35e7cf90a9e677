import fc from "fast-check";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { jsonDepth, jsonDepthLimit } from "./json-depth.ts";

describe("jsonDepth", () => {
  it.each([
    ["1", 0],
    ['"[[["', 0],
    ["{}", 1],
    ['{"a":[1,{"b":"]]]}"}]}', 3],
    ['["\\"[", [[]]]', 3],
  ])("%s nests %i deep", (text, depth) => {
    expect(jsonDepth(text)).toBe(depth);
  });

  it("agrees with the nesting of any JSON value", () => {
    const depthOf = (v: unknown): number =>
      v !== null && typeof v === "object"
        ? 1 + Math.max(0, ...Object.values(v as Record<string, unknown>).map(depthOf))
        : 0;
    fc.assert(fc.property(fc.jsonValue(), (v) => jsonDepth(JSON.stringify(v)) === depthOf(v)));
  });
});

describe("jsonDepthLimit", () => {
  const app = new Hono();
  app.use("*", jsonDepthLimit(8));
  app.post("/x", async (c) => c.json(await c.req.json()));
  const post = (body: string) =>
    app.request("/x", { method: "POST", body, headers: { "content-type": "application/json" } });

  it("refuses a body nested deeper than the limit, and passes others through with the body intact", async () => {
    const deep = await post(`${"[".repeat(5000)}${"]".repeat(5000)}`);
    expect(deep.status).toBe(400);
    expect(((await deep.json()) as { error: { message: string } }).error.message).toMatch(/5000 levels/);
    const ok = await post('{"a":{"b":[1,2]}}');
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ a: { b: [1, 2] } });
  });

  it("refuses text holding U+0000 (PostgreSQL text cannot), escaped or raw, and in the address", async () => {
    for (const body of ['{"note":"a\\u0000b"}', '{"note":"a\u0000b"}', '["\\\\\\u0000"]']) {
      const r = await post(body);
      expect(r.status, body).toBe(400);
      expect(((await r.json()) as { error: { message: string } }).error.message).toMatch(/NUL/);
    }
    // An escaped backslash followed by "u0000" is the text \u0000, not a NUL: it passes.
    const literal = await post('{"note":"\\\\u0000"}');
    expect(literal.status).toBe(200);
    expect(await literal.json()).toEqual({ note: "\\u0000" });
    const inPath = await app.request("/x%00?q=1", {
      method: "POST",
      body: "{}",
      headers: { "content-type": "application/json" },
    });
    expect(inPath.status).toBe(400);
  });
});
