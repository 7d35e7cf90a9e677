// Shapes every route shares: the error body and a calendar date.
import { z } from "@hono/zod-openapi";
import { isIsoDate } from "../calendar/calendar-date.ts";

export const ErrorBody = z
  .object({ error: z.object({ code: z.string(), message: z.string(), details: z.array(z.string()).optional() }) })
  .openapi("Error");

/**
 * A calendar date that exists: the pattern alone lets 2025-02-30 through, which the database then refuses (a 500)
 * or rolls over into March.
 */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "expected YYYY-MM-DD", abort: true })
  .refine(isIsoDate, { error: (issue) => `"${String(issue.input)}" is not a date that exists (expected YYYY-MM-DD)` });

/**
 * An instant written ISO-style (2025-03-12T02:00:00Z, or a bare 2025-03-12), optionally with a suffix after `~` (a
 * timeline cursor): its date must exist. `Date.parse` rolls 2025-02-30 over into March without a word.
 */
export function startsWithRealDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}(?:[T ~]|$)/.test(text) && isIsoDate(text.slice(0, 10));
}
