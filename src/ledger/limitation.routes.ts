// /api/limitation: claims whose limitation period (诉讼时效) ends within N days, per customer, in the user's
// portfolio. The same use case the daily run calls for the worklist.
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { companyToday } from "../app/open-database.ts";
import type { Database } from "../db/database.ts";
import type { AuthEnv } from "../http/auth-middleware.ts";
import { ErrorBody, isoDate } from "../http/route-schemas.ts";
import { claimsNearingLimitation, invoiceLimitationJson } from "./get-limitation.ts";
import { LIMITATION_EVENT_KINDS } from "./limitation.rules.ts";

const amount = z.string().openapi({ description: "decimal text in the currency's unit", example: "1234.50" });
const Claim = z
  .object({
    invoiceId: z.number(),
    customerId: z.number(),
    number: z.string(),
    dueDate: z.string(),
    currency: z.string(),
    open: amount,
    country: z.string().nullable(),
    years: z.number(),
    expiresOn: z.string().openapi({ description: "the last day a claim can be brought" }),
    daysLeft: z.number().openapi({ description: "negative once time-barred" }),
    timeBarred: z.boolean(),
    restartedBy: z
      .object({ kind: z.enum(LIMITATION_EVENT_KINDS), on: z.string(), ref: z.string() })
      .nullable()
      .openapi({ description: "the latest event that restarted the clock" }),
    restarts: z.number(),
  })
  .openapi("LimitationClaim");
const NearingCustomer = z
  .object({
    customerId: z.number(),
    earliestExpiry: z.string(),
    daysLeft: z.number(),
    invoices: z.array(Claim),
  })
  .openapi("LimitationCustomer");

const listRoute = createRoute({
  method: "get",
  path: "/api/limitation",
  summary: "Claims whose limitation period ends within `within` days (default 90), per customer, earliest first",
  request: {
    query: z.object({
      within: z.coerce.number().int().min(0).max(3660).optional(),
      asOf: isoDate.optional(),
      includeTimeBarred: z.enum(["true", "false"]).optional(),
    }),
  },
  responses: {
    200: {
      description: "Customers with claims nearing their limit",
      content: { "application/json": { schema: z.array(NearingCustomer) } },
    },
    400: { description: "Bad query", content: { "application/json": { schema: ErrorBody } } },
  },
});

export function limitationRoutes<T extends OpenAPIHono<AuthEnv>>(
  app: T,
  deps: { database: Database; now: () => Date },
): T {
  app.openapi(listRoute, async (c) => {
    const q = c.req.valid("query");
    const asOf = q.asOf ?? (await companyToday(deps.database.db, deps.now()));
    const rows = await claimsNearingLimitation(deps.database.db, {
      asOf,
      withinDays: q.within ?? 90,
      user: c.get("user"),
      includeTimeBarred: q.includeTimeBarred === "true",
    });
    return c.json(
      rows.map((r) => ({ ...r, invoices: r.invoices.map(invoiceLimitationJson) })),
      200,
    );
  });
  return app;
}
