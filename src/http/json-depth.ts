// Hostile input: a JSON body nested deeper than any request of this API needs is refused before it is parsed, so a
// few kilobytes of brackets cannot make a parser or a validator recurse without end. Text PostgreSQL cannot store (a
// NUL character, an unpaired UTF-16 surrogate) is refused here too, for every field of every JSON body at once.
import type { MiddlewareHandler } from "hono";
import { msg } from "../errors/app-error.ts";
import { errorResponse } from "./error-response.ts";

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

/** A UTF-16 surrogate written as an escape (\ud800): the only way one gets into a JSON text decoded from UTF-8. */
const JSON_SURROGATE_ESCAPE = /\\u[dD][89a-fA-F][0-9a-fA-F]{2}/;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Whether a JSON text holds a string (a value or a key) with an unpaired UTF-16 surrogate, such as "Z\ud800".
 * JavaScript takes it, PostgreSQL does not (jsonb: "Unicode low surrogate must follow a high surrogate"; text: not
 * valid UTF-8). Only a text that escapes a surrogate is parsed; malformed JSON is left to the route to refuse.
 */
export function hasLoneSurrogate(text: string): boolean {
  if (LONE_SURROGATE.test(text)) return true;
  if (!JSON_SURROGATE_ESCAPE.test(text)) return false;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return false;
  }
  const lone = (v: unknown): boolean => {
    if (typeof v === "string") return LONE_SURROGATE.test(v);
    if (v === null || typeof v !== "object") return false;
    if (Array.isArray(v)) return v.some(lone);
    return Object.entries(v).some(([k, x]) => LONE_SURROGATE.test(k) || lone(x));
  };
  return lone(value);
}

export function jsonDepthLimit(max = MAX_JSON_DEPTH): MiddlewareHandler {
  return async (c, next) => {
    // PostgreSQL text cannot hold U+0000: refused here, for every route at once, instead of failing in the database.
    if (/%00/.test(c.req.url) || c.req.path.includes("\u0000")) {
      return errorResponse(c, "invalid_input", msg`the address holds a NUL character (%00)`);
    }
    const type = c.req.header("content-type") ?? "";
    if (c.req.method !== "GET" && c.req.method !== "HEAD" && type.includes("json")) {
      const text = await c.req.text();
      const depth = jsonDepth(text);
      if (depth > max) {
        return errorResponse(c, "invalid_input", msg`the JSON body nests ${depth} levels deep; at most ${max}`);
      }
      if (text.includes("\u0000") || JSON_NUL_ESCAPE.test(text)) {
        return errorResponse(c, "invalid_input", msg`text fields may not hold the NUL character (U+0000)`);
      }
      if (hasLoneSurrogate(text)) {
        return errorResponse(
          c,
          "invalid_input",
          msg`text fields may not hold an unpaired UTF-16 surrogate (such as \\ud800 without its low half): send valid Unicode text`,
        );
      }
    }
    await next();
  };
}
