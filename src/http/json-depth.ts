// Hostile input: a JSON body nested deeper than any request of this API needs is refused before it is parsed, so a
// few kilobytes of brackets cannot make a parser or a validator recurse without end.
import type { MiddlewareHandler } from "hono";

/** The deepest any request body of the API goes is about 4; 32 leaves room and still stops abuse. */
export const MAX_JSON_DEPTH = 32;

/** How deep the arrays and objects of a JSON text nest (brackets inside strings do not count). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92 /* \ */) i++;
      else if (ch === 34 /* " */) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 123 /* { */ || ch === 91 /* [ */) {
      depth++;
      if (depth > max) max = depth;
    } else if (ch === 125 /* } */ || ch === 93 /* ] */) depth--;
  }
  return max;
}

/** A NUL character (U+0000) in a JSON text: written as \u0000 (not itself escaped) or raw. */
const JSON_NUL_ESCAPE = /(^|[^\\])(\\\\)*\\u0000/i;

export function jsonDepthLimit(max = MAX_JSON_DEPTH): MiddlewareHandler {
  return async (c, next) => {
    // PostgreSQL text cannot hold U+0000: refused here, for every route at once, instead of failing in the database.
    if (/%00/.test(c.req.url) || c.req.path.includes("\u0000")) {
      return c.json({ error: { code: "invalid_input", message: "the address holds a NUL character (%00)" } }, 400);
    }
    const type = c.req.header("content-type") ?? "";
    if (c.req.method !== "GET" && c.req.method !== "HEAD" && type.includes("json")) {
      const text = await c.req.text();
      const depth = jsonDepth(text);
      if (depth > max) {
        return c.json(
          { error: { code: "invalid_input", message: `the JSON body nests ${depth} levels deep; at most ${max}` } },
          400,
        );
      }
      if (text.includes("\u0000") || JSON_NUL_ESCAPE.test(text)) {
        return c.json(
          { error: { code: "invalid_input", message: "text fields may not hold the NUL character (U+0000)" } },
          400,
        );
      }
    }
    await next();
  };
}
