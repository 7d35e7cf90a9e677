// /api/forecast (payment prediction per open invoice), /api/forecast/cash (the 13-week cash forecast) and
// /api/backtest/latest (how good the forecast has been, for the dashboard). Thin wrappers over the use cases the
// CLI calls; the model learns from the whole company's history, each user sees their own portfolio's invoices.
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { requireRole } from "../auth/access.ts";
import type { Database } from "../db/database.ts";
import type { AuthEnv } from "../http/auth-middleware.ts";
import { ErrorBody, isoDate } from "../http/route-schemas.ts";
import { backtestResultSchema } from "./backtest.rules.ts";
import { latestBacktest } from "./backtest.ts";
import { CASH_WEEKS, cashWeekJson, customerForecast, forecastPayments, forecastRowJson } from "./forecast-payments.ts";

type Deps = { database: Database; now: () => Date };

const json = <S extends z.ZodType>(schema: S) => ({ "application/json": { schema } });
const amount = z.string().openapi({ description: "decimal text in the currency's unit", example: "1234.50" });
const errors = {
  400: { description: "A bad date, a date in the future or before any data", content: json(ErrorBody) },
  401: { description: "Not signed in", content: json(ErrorBody) },
};

const InvoiceForecast = z
  .object({
    invoiceNumber: z.string(),
    customerCode: z.string(),
    currency: z.string(),
    openAmount: amount,
    dueDate: z.string(),
    daysPastDue: z.number(),
    predictedPayDate: z.string().openapi({ description: "the median of the predicted payment date" }),
    pLate: z.number().openapi({ description: "probability it is paid after its due date" }),
    pLate30: z.number().openapi({ description: "probability it is paid more than 30 days after its due date" }),
    expectedDaysLate: z.number(),
    topFactors: z.array(z.string()),
  })
  .openapi("InvoiceForecast");

const CashWeek = z
  .object({
    currency: z.string(),
    weekStart: z.string(),
    weekEnd: z.string(),
    expected: amount,
    low: amount.openapi({ description: "lower end of a 90% band" }),
    high: amount.openapi({ description: "upper end of a 90% band" }),
  })
  .openapi("CashWeek");

const PaymentForecast = z
  .object({
    asOf: z.string(),
    invoices: z.array(InvoiceForecast),
    cash: z.array(CashWeek),
    computedAt: z.string().openapi({
      description: "when the forecast was computed: by the refresh after today's daily run, or for this request",
    }),
    model: z.object({
      historyInvoices: z.number(),
      settledInvoices: z.number(),
      coefficients: z.record(z.string(), z.number()),
    }),
  })
  .openapi("PaymentForecast");

const forecastRoute = createRoute({
  method: "get",
  path: "/api/forecast",
  summary: "Predicted payment date and lateness probabilities per open invoice, using only what was known on asOf",
  request: { query: z.object({ asOf: isoDate.optional().openapi({ description: "default: today" }) }) },
  responses: { 200: { description: "The forecast", content: json(PaymentForecast) }, ...errors },
});

const cashRoute = createRoute({
  method: "get",
  path: "/api/forecast/cash",
  summary: "Expected collections per week and currency after asOf (Σ open amount × probability paid that week)",
  request: {
    query: z.object({
      asOf: isoDate.optional(),
      weeks: z.coerce
        .number()
        .int()
        .min(1)
        .max(52)
        .optional()
        .openapi({ description: `default ${CASH_WEEKS}` }),
    }),
  },
  responses: {
    200: {
      description: "Per currency, one row per week",
      content: json(z.object({ asOf: z.string(), cash: z.array(CashWeek) })),
    },
    ...errors,
  },
});

const customerForecastRoute = createRoute({
  method: "get",
  path: "/api/customers/{id}/forecast",
  summary: "The customer's open invoices in today's stored forecast (computedAt null until the daily run's refresh)",
  request: { params: z.object({ id: z.coerce.number().int().positive() }) },
  responses: {
    200: {
      description: "The customer's forecast",
      content: json(
        z.object({ asOf: z.string(), computedAt: z.string().nullable(), invoices: z.array(InvoiceForecast) }),
      ),
    },
    401: errors[401],
    404: { description: "No such customer in your portfolio", content: json(ErrorBody) },
  },
});

const backtestRoute = createRoute({
  method: "get",
  path: "/api/backtest/latest",
  summary: "The latest backtest (MAE and AUC of the forecast beside two baselines), or one computed now",
  responses: {
    200: {
      description: "The backtest; null when there is too little data",
      content: json(backtestResultSchema.nullable()),
    },
    401: errors[401],
  },
});

const ROLES = ["admin", "manager", "finance", "collector"] as const;

export function forecastRoutes<T extends OpenAPIHono<AuthEnv>>(app: T, deps: Deps): T {
  app.openapi(forecastRoute, async (c) => {
    const user = c.get("user");
    requireRole(user, ROLES, "the forecast");
    const f = await forecastPayments(deps, { asOf: c.req.valid("query").asOf, scope: user });
    return c.json(
      {
        asOf: f.asOf,
        invoices: f.invoices.map(forecastRowJson),
        cash: f.cash.map(cashWeekJson),
        computedAt: f.computedAt,
        model: f.model,
      },
      200,
    );
  });
  app.openapi(cashRoute, async (c) => {
    const user = c.get("user");
    requireRole(user, ROLES, "the cash forecast");
    const q = c.req.valid("query");
    const f = await forecastPayments(deps, { asOf: q.asOf, scope: user, weeks: q.weeks });
    return c.json({ asOf: f.asOf, cash: f.cash.map(cashWeekJson) }, 200);
  });
  app.openapi(customerForecastRoute, async (c) => {
    const user = c.get("user");
    requireRole(user, ROLES, "the forecast");
    const f = await customerForecast(deps, { customerId: c.req.valid("param").id, scope: user });
    return c.json({ asOf: f.asOf, computedAt: f.computedAt, invoices: f.invoices.map(forecastRowJson) }, 200);
  });
  app.openapi(backtestRoute, async (c) => {
    requireRole(c.get("user"), ROLES, "the backtest");
    return c.json(await latestBacktest(deps), 200);
  });
  return app;
}
