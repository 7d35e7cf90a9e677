import fc from "fast-check";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { hasLoneSurrogate, jsonDepth, jsonDepthLimit } from "./json-depth.ts";

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

describe("hasLoneSurrogate", () => {
  it.each([
    ['{"reference":"Z\\ud800"}', true],
    ['{"reference":"\\udc00Z"}', true],
    ['{"a":["ok","\\uDBFF"]}', true],
    ['{"\\ud800":"key"}', true],
    ['{"emoji":"\\ud83d\\ude00"}', false],
    ['{"emoji":"\u{1F600}"}', false],
    ['{"text":"\\\\ud800"}', false],
    ['{"text":"回款"}', false],
    ['{"broken":"\\ud800"', false],
  ])("%s: %s", (text, lone) => {
    expect(hasLoneSurrogate(text)).toBe(lone);
  });

  it("agrees with String.prototype.isWellFormed over any JSON value", () => {
    const wellFormed = (v: unknown): boolean =>
      typeof v === "string"
        ? (v as unknown as { isWellFormed(): boolean }).isWellFormed()
        : v !== null && typeof v === "object"
          ? Object.entries(v).every(([k, x]) => wellFormed(k) && wellFormed(x))
          : true;
    // Any UTF-16 code unit, lone surrogates included, weighted toward the surrogate range.
    const unit = fc.oneof(
      fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)),
      fc.integer({ min: 0xd800, max: 0xdfff }).map((n) => String.fromCharCode(n)),
    );
    const text = fc.string({ unit });
    const value = fc.oneof(text, fc.array(text), fc.dictionary(text, text));
    fc.assert(fc.property(value, (v) => hasLoneSurrogate(JSON.stringify(v)) === !wellFormed(v)));
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

  it("refuses text holding an unpaired UTF-16 surrogate (PostgreSQL cannot store it), and passes a pair", async () => {
    for (const body of ['{"reference":"Z\\ud800"}', '{"note":"\\udfff"}', '{"list":[{"x":"a\\uD800b"}]}']) {
      const r = await post(body);
      expect(r.status, body).toBe(400);
      expect(((await r.json()) as { error: { message: string } }).error.message).toMatch(/unpaired UTF-16 surrogate/);
    }
    const pair = await post('{"note":"\\ud83d\\ude00"}');
    expect(pair.status).toBe(200);
    expect(await pair.json()).toEqual({ note: "\u{1F600}" });
  });
});
