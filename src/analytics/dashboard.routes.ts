// /api/dashboard/*: the manager dashboard's reads that the KPIs do not give: what is overdue now by grade or by
// cause, and the largest overdue customers. Scoped like every customer read: a collector sees their own portfolio.
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { RISK_GRADES } from "../aging/aging.rules.ts";
import { CAUSES } from "../collection/collection.enums.ts";
import type { Database } from "../db/database.ts";
import type { AuthEnv } from "../http/auth-middleware.ts";
import { ErrorBody } from "../http/route-schemas.ts";
import { getOverdueBreakdown, OVERDUE_GROUPINGS } from "./get-overdue-breakdown.ts";
import { listTopRisks, MAX_TOP_RISKS } from "./list-top-risks.ts";

const json = <S extends z.ZodType>(schema: S) => ({ "application/json": { schema } });
const amount = z.string().openapi({ description: "decimal text in the currency's unit", example: "1234.50" });
const unauthorized = { description: "Not signed in", content: json(ErrorBody) };

const OverdueBreakdown = z
  .object({
    by: z.enum(OVERDUE_GROUPINGS),
    asOf: z.string().nullable().openapi({ description: "the last daily run counted; null when nothing is overdue" }),
    groups: z.array(
      z.object({
        key: z.string().openapi({ description: 'a risk grade or a cause; "" for no cause inferred' }),
        currency: z.string(),
        customers: z.number(),
        overdue: amount,
      }),
    ),
  })
  .openapi("OverdueBreakdown");

const TopRisk = z
  .object({
    customerId: z.number(),
    customerCode: z.string(),
    customerName: z.string(),
    collector: z.string().nullable(),
    grade: z.enum(RISK_GRADES),
    cause: z.enum(CAUSES).nullable(),
    currency: z.string(),
    overdue: amount,
    balance: amount,
    daysPastDue: z.number(),
    legal: z.boolean(),
    asOf: z.string(),
  })
  .openapi("TopRisk");

const overdueRoute = createRoute({
  method: "get",
  path: "/api/dashboard/overdue",
  summary: "What is overdue in your portfolio by risk grade or by cause, as of the last daily run",
  request: { query: z.object({ by: z.enum(OVERDUE_GROUPINGS) }) },
  responses: {
    200: { description: "Overdue per group and currency", content: json(OverdueBreakdown) },
    400: { description: "An unknown grouping", content: json(ErrorBody) },
    401: unauthorized,
  },
});

const topRisksRoute = createRoute({
  method: "get",
  path: "/api/dashboard/top-risks",
  summary: "The customers with the most overdue in your portfolio, with grade and cause",
  request: {
    query: z.object({
      limit: z.coerce.number().int().min(1).max(MAX_TOP_RISKS).optional(),
      currency: z
        .string()
        .regex(/^[A-Z]{3}$/, "a currency code, three capital letters")
        .optional()
        .openapi({ description: "only this currency's overdue (the order is exact within one currency)" }),
    }),
  },
  responses: {
    200: { description: "Largest overdue first", content: json(z.array(TopRisk)) },
    400: { description: "A bad limit or currency", content: json(ErrorBody) },
    401: unauthorized,
  },
});

export function dashboardRoutes<T extends OpenAPIHono<AuthEnv>>(app: T, deps: { database: Database }): T {
  app.openapi(overdueRoute, async (c) =>
    c.json(await getOverdueBreakdown(deps.database.db, c.get("user"), c.req.valid("query").by), 200),
  );
  app.openapi(topRisksRoute, async (c) => {
    const { limit, currency } = c.req.valid("query");
    return c.json(await listTopRisks(deps.database.db, c.get("user"), limit, currency), 200);
  });
  return app;
}
