// /api/kpis: team and business KPIs over a date range. A thin wrapper over getKpis (the CLI calls the same one);
// what each user sees is their portfolio scope: a collector their own customers, a manager their team's, finance
// and admins everything.
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { RISK_GRADES } from "../aging/aging.rules.ts";
import { requireRole } from "../auth/access.ts";
import type { Database } from "../db/database.ts";
import { exportRoutes } from "../export/export.routes.ts";
import type { AuthEnv } from "../http/auth-middleware.ts";
import { ErrorBody, isoDate } from "../http/route-schemas.ts";
import { dashboardRoutes } from "./dashboard.routes.ts";
import { forecastRoutes } from "./forecast.routes.ts";
import { getKpis, KPI_GROUPINGS, kpisToJson } from "./get-kpis.ts";
import { GRAINS } from "./kpi.rules.ts";
import { strategyRoutes } from "./strategy.routes.ts";

type Deps = { database: Database; now: () => Date };

const rate = z.number().nullable();
const amount = z.string().openapi({ description: "decimal text in the currency's unit", example: "1234.50" });
const grades = z.object(Object.fromEntries(RISK_GRADES.map((g) => [g, amount])) as Record<string, typeof amount>);
const Period = z.object({ start: z.string(), end: z.string() });

const GroupKpis = z
  .object({
    periodStart: z.string(),
    periodEnd: z.string(),
    group: z.string().openapi({ description: 'login, team, cause or "playbook/variant/step"; "" for none' }),
    label: z.string(),
    attempts: z.number(),
    connects: z.number(),
    effectiveContacts: z.number(),
    conversations: z.number(),
    promisesMade: z.number(),
    promisesSettled: z.number(),
    promisesKept: z.number(),
    complaints: z.number(),
    connectRate: rate,
    effectiveContactRate: rate,
    promiseRate: rate,
    promiseKeptRate: rate,
    complaintRate: rate,
    money: z.array(
      z.object({
        currency: z.string(),
        promised: amount,
        overdueAtStart: amount,
        recovered: amount,
        recoveryRate: rate,
        collected: amount,
      }),
    ),
  })
  .openapi("GroupKpis");

const BusinessKpis = z
  .object({
    periodStart: z.string(),
    periodEnd: z.string(),
    currency: z.string(),
    openingReceivables: amount,
    closingReceivables: amount,
    closingCurrent: amount,
    sales: amount,
    dso: rate,
    bestPossibleDso: rate,
    averageDaysDelinquent: rate,
    cei: rate.openapi({ description: "percent" }),
    aging: z.record(z.string(), amount),
    openByGrade: grades,
    provisionByGrade: grades,
    provisionTotal: amount,
  })
  .openapi("BusinessKpis");

const Kpis = z
  .object({
    from: z.string(),
    to: z.string(),
    by: z.enum(KPI_GROUPINGS),
    grain: z.enum(GRAINS).nullable(),
    periods: z.array(Period),
    groups: z.array(GroupKpis),
    business: z.array(BusinessKpis),
  })
  .openapi("Kpis");

const kpisRoute = createRoute({
  method: "get",
  path: "/api/kpis",
  summary: "Collection and business KPIs per period and group (formulas in the README, section KPIs)",
  description:
    "Per collector, team, cause or playbook step, and per day, week or month (or the whole range without a grain). " +
    "Collectors see their own portfolio, managers their team's and the unassigned customers, finance and admins all.",
  request: {
    query: z.object({
      from: isoDate,
      to: isoDate,
      by: z.enum(KPI_GROUPINGS),
      grain: z.enum(GRAINS).optional(),
    }),
  },
  responses: {
    200: { description: "The KPIs", content: { "application/json": { schema: Kpis } } },
    400: {
      description: "A bad date, a reversed range or too many periods",
      content: { "application/json": { schema: ErrorBody } },
    },
    401: { description: "Not signed in", content: { "application/json": { schema: ErrorBody } } },
  },
});

export function analyticsRoutes<T extends OpenAPIHono<AuthEnv>>(app: T, deps: Deps): T {
  app.openapi(kpisRoute, async (c) => {
    const user = c.get("user");
    requireRole(user, ["admin", "manager", "finance", "collector"], "the KPIs");
    const q = c.req.valid("query");
    const kpis = await getKpis(deps, { from: q.from, to: q.to, by: q.by, grain: q.grain, scope: user });
    return c.json(kpisToJson(kpis), 200);
  });
  dashboardRoutes(app, deps);
  strategyRoutes(app, deps);
  forecastRoutes(app, deps);
  exportRoutes(app, deps);
  return app;
}
