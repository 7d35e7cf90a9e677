// Shapes every route shares: the error body and a calendar date.
import { z } from "@hono/zod-openapi";

export const ErrorBody = z
  .object({ error: z.object({ code: z.string(), message: z.string(), details: z.array(z.string()).optional() }) })
  .openapi("Error");
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected YYYY-MM-DD");
