// /api/promises: the promises to pay in the user's portfolio between two dates (the promises calendar; the
// dashboard's broken promises). Only customers the user may see; amounts as decimal text.
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { PROMISE_STATUSES, type PromiseStatus } from "../collection/collection.schema.ts";
import type { Database } from "../db/database.ts";
import type { AuthEnv } from "../http/auth-middleware.ts";
import { ErrorBody, isoDate } from "../http/route-schemas.ts";
import { listPromises, MAX_PROMISES, PROMISE_DATE_FIELDS } from "./list-promises.ts";

const json = <S extends z.ZodType>(schema: S) => ({ "application/json": { schema } });
const amount = z.string().openapi({ description: "decimal text in the currency's unit", example: "1234.50" });

const PromiseItem = z
  .object({
    id: z.number(),
    customerId: z.number(),
    customerCode: z.string(),
    customerName: z.string(),
    collector: z.string().nullable(),
    contactName: z.string().nullable(),
    amount,
    currency: z.string(),
    promisedOn: z.string(),
    madeOn: z.string(),
    status: z.enum(PROMISE_STATUSES),
    paidAmount: amount.nullable(),
    settledOn: z.string().nullable(),
    createdBy: z.string(),
  })
  .openapi("Promise");

const PromiseList = z
  .object({
    today: z.string().openapi({ description: "the company's calendar day" }),
    from: z.string(),
    to: z.string(),
    dateOf: z.enum(PROMISE_DATE_FIELDS),
    promises: z.array(PromiseItem),
    truncated: z.boolean().openapi({ description: "more promises matched than the limit: narrow the range" }),
  })
  .openapi("PromiseList");

const statusList = z
  .string()
  .regex(
    new RegExp(`^(${PROMISE_STATUSES.join("|")})(,(${PROMISE_STATUSES.join("|")}))*$`),
    `expected statuses separated by commas, from: ${PROMISE_STATUSES.join(", ")}`,
  );

const listRoute = createRoute({
  method: "get",
  path: "/api/promises",
  summary: "Promises to pay in your portfolio by promised date (or by the day the daily run settled them)",
  description:
    "Without dates: 30 days back to 60 days ahead of the company's today. Without status: every status but cancelled. " +
    "A collector sees their own customers' promises, a manager their team's, finance and admins all.",
  request: {
    query: z.object({
      from: isoDate.optional(),
      to: isoDate.optional(),
      dateOf: z.enum(PROMISE_DATE_FIELDS).optional(),
      status: statusList.optional().openapi({ example: "broken,partially_kept" }),
      limit: z.coerce.number().int().min(1).max(MAX_PROMISES).optional(),
    }),
  },
  responses: {
    200: { description: "The promises, by date", content: json(PromiseList) },
    400: { description: "A bad date, a reversed or too long range, an unknown status", content: json(ErrorBody) },
    401: { description: "Not signed in", content: json(ErrorBody) },
  },
});

export function promiseRoutes<T extends OpenAPIHono<AuthEnv>>(
  app: T,
  deps: { database: Database; now: () => Date },
): T {
  app.openapi(listRoute, async (c) => {
    const q = c.req.valid("query");
    const statuses = q.status?.split(",") as PromiseStatus[] | undefined;
    const list = await listPromises(deps, c.get("user"), { ...q, statuses });
    return c.json(list, 200);
  });
  return app;
}
