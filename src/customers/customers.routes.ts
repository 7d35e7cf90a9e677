// /api/customers: the list (search, filters, sorting), one customer, its invoices and its timeline; all within the
// user's portfolio (someone else's customer answers 404, like a missing one). /api/collectors: whom to filter by and
// assign to.
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { RISK_GRADES } from "../aging/aging.rules.ts";
import { companyToday } from "../app/open-database.ts";
import { CAUSES } from "../collection/collection.enums.ts";
import type { Database } from "../db/database.ts";
import type { AuthEnv } from "../http/auth-middleware.ts";
import { ErrorBody, isoDate, startsWithRealDate } from "../http/route-schemas.ts";
import { getCustomer, getCustomerInvoices } from "./get-customer.ts";
import { getTimeline } from "./get-timeline.ts";
import { listCollectors } from "./list-collectors.ts";
import { CUSTOMER_FLAGS, CUSTOMER_SORTS, findCustomers } from "./list-customers.ts";

const idParam = z.object({ id: z.coerce.number().int().positive() });
const json = (schema: z.ZodType) => ({ "application/json": { schema } });
const notFound = { description: "No such customer in your portfolio", content: json(ErrorBody) };

const listQuery = z.object({
  q: z.string().max(100).optional().openapi({ description: "Part of the code or name, or pinyin initials (hxjm)" }),
  collector: z.string().min(1).max(100).optional().openapi({ description: "A collector's login" }),
  unassigned: z
    .enum(["true", "false"])
    .optional()
    .openapi({ description: "true: only customers assigned to nobody (instead of collector)" }),
  grade: z.enum(RISK_GRADES).optional(),
  cause: z.enum(CAUSES).optional(),
  flags: z
    .string()
    .regex(new RegExp(`^(${CUSTOMER_FLAGS.join("|")})(,(${CUSTOMER_FLAGS.join("|")}))*$`), {
      message: `expected flags separated by commas, from ${CUSTOMER_FLAGS.join(", ")}`,
    })
    .optional()
    .openapi({ description: "Customers with all of these flags, e.g. creditHold,legal" }),
  sort: z.enum(CUSTOMER_SORTS).optional(),
  order: z.enum(["asc", "desc"]).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  offset: z.coerce.number().int().min(0).optional(),
  total: z
    .enum(["true", "false"])
    .optional()
    .openapi({ description: "true: the X-Total-Count header gives how many match" }),
});
const listRoute = createRoute({
  method: "get",
  path: "/api/customers",
  summary: "Customers in your portfolio: search, filters (collector, grade, cause, flags) and sorting",
  request: { query: listQuery },
  responses: {
    200: {
      description: "Customers; balance and overdue as of the last daily run",
      headers: z.object({ "X-Total-Count": z.string().optional() }),
      content: json(z.array(z.record(z.string(), z.unknown()))),
    },
  },
});
const collectorsRoute = createRoute({
  method: "get",
  path: "/api/collectors",
  summary: "Active collectors you may filter by (admins and finance: all; managers: their team's)",
  responses: {
    200: {
      description: "Collectors",
      content: json(z.array(z.object({ login: z.string(), name: z.string(), team: z.string().nullable() }))),
    },
  },
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
      before: z
        .string()
        .max(80)
        .refine((v) => v === "" || startsWithRealDate(v), {
          error: (issue) =>
            `"${String(issue.input)}" is not an entry's cursor or an instant on a date that exists (e.g. 2025-03-12T02:00:00Z)`,
        })
        .optional(),
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
  app.openapi(listRoute, async (c) => {
    const { unassigned, flags, total, collector, ...rest } = c.req.valid("query");
    const query = {
      ...rest,
      collector: unassigned === "true" ? null : collector,
      flags: flags?.split(",") as (typeof CUSTOMER_FLAGS)[number][] | undefined,
    };
    const found = await findCustomers(deps.database.db, c.get("user"), query, total === "true");
    if (found.total !== null) c.header("X-Total-Count", String(found.total));
    return c.json(found.rows, 200);
  });
  app.openapi(collectorsRoute, async (c) => c.json(await listCollectors(deps.database.db, c.get("user")), 200));
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
