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

export function jsonDepthLimit(max = MAX_JSON_DEPTH): MiddlewareHandler {
  return async (c, next) => {
    const type = c.req.header("content-type") ?? "";
    if (c.req.method !== "GET" && c.req.method !== "HEAD" && type.includes("json")) {
      const depth = jsonDepth(await c.req.text());
      if (depth > max) {
        return c.json(
          { error: { code: "invalid_input", message: `the JSON body nests ${depth} levels deep; at most ${max}` } },
          400,
        );
      }
    }
    await next();
  };
}
