// /api/customers: the list (with search), one customer, its invoices and its timeline; all within the user's
// portfolio (someone else's customer answers 404, like a missing one).
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { companyToday } from "../app/open-database.ts";
import type { Database } from "../db/database.ts";
import type { AuthEnv } from "../http/auth-middleware.ts";
import { ErrorBody, isoDate } from "../http/route-schemas.ts";
import { getCustomer, getCustomerInvoices } from "./get-customer.ts";
import { getTimeline } from "./get-timeline.ts";
import { listCustomers } from "./list-customers.ts";

const idParam = z.object({ id: z.coerce.number().int().positive() });
const json = (schema: z.ZodType) => ({ "application/json": { schema } });
const notFound = { description: "No such customer in your portfolio", content: json(ErrorBody) };

const listRoute = createRoute({
  method: "get",
  path: "/api/customers",
  summary: "Customers in your portfolio; q searches code and name",
  request: {
    query: z.object({
      q: z.string().max(100).optional(),
      limit: z.coerce.number().int().min(1).max(1000).optional(),
      offset: z.coerce.number().int().min(0).optional(),
    }),
  },
  responses: { 200: { description: "Customers", content: json(z.array(z.record(z.string(), z.unknown()))) } },
});
const oneRoute = createRoute({
  method: "get",
  path: "/api/customers/{id}",
  summary: "One customer: account, balances by age, cause and evidence, contacts",
  request: { params: idParam, query: z.object({ asOf: isoDate.optional() }) },
  responses: { 200: { description: "The customer", content: json(z.record(z.string(), z.unknown())) }, 404: notFound },
});
const invoicesRoute = createRoute({
  method: "get",
  path: "/api/customers/{id}/invoices",
  summary: "The customer's invoices with what is open as of a date",
  request: {
    params: idParam,
    query: z.object({ asOf: isoDate.optional(), status: z.enum(["open", "paid", "disputed", "all"]).optional() }),
  },
  responses: {
    200: { description: "Invoices", content: json(z.array(z.record(z.string(), z.unknown()))) },
    404: notFound,
  },
});
const timelineRoute = createRoute({
  method: "get",
  path: "/api/customers/{id}/timeline",
  summary: "The customer's story, newest first; `before` (an entry's cursor, or an instant) pages back",
  request: {
    params: idParam,
    query: z.object({
      limit: z.coerce.number().int().min(1).max(1000).optional(),
      before: z.string().max(80).optional(),
    }),
  },
  responses: {
    200: { description: "Entries", content: json(z.array(z.record(z.string(), z.unknown()))) },
    400: { description: "A bad cursor", content: json(ErrorBody) },
    404: notFound,
  },
});

export function customerRoutes<T extends OpenAPIHono<AuthEnv>>(
  app: T,
  deps: { database: Database; now: () => Date },
): T {
  const today = () => companyToday(deps.database.db, deps.now());
  app.openapi(listRoute, async (c) =>
    c.json(await listCustomers(deps.database.db, c.get("user"), c.req.valid("query")), 200),
  );
  app.openapi(oneRoute, async (c) => {
    const { id } = c.req.valid("param");
    const asOf = c.req.valid("query").asOf ?? (await today());
    return c.json(await getCustomer(deps.database, c.get("user"), id, asOf, deps.now()), 200);
  });
  app.openapi(invoicesRoute, async (c) => {
    const { id } = c.req.valid("param");
    const q = c.req.valid("query");
    const rows = await getCustomerInvoices(
      deps.database,
      c.get("user"),
      id,
      q.asOf ?? (await today()),
      q.status ?? "open",
    );
    return c.json(rows, 200);
  });
  app.openapi(timelineRoute, async (c) => {
    const { id } = c.req.valid("param");
    const { limit, before } = c.req.valid("query");
    return c.json(await getTimeline(deps.database.db, c.get("user"), id, { limit, before }), 200);
  });
  return app;
}
