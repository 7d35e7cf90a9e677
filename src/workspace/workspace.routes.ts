// /api/customers/{id}/interactions, /promises, /plans: what a collector records about a customer; disputes, visit
// appointments and the promises calendar (/api/promises) have their own route files, registered here.
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { requireRole, visibleCustomerOrThrow } from "../auth/access.ts";
import { EXCUSES, OUTCOMES } from "../collection/collection.enums.ts";
import type { Database } from "../db/database.ts";
import type { AuthEnv } from "../http/auth-middleware.ts";
import { ErrorBody, isoDate } from "../http/route-schemas.ts";
import { CHANNELS } from "../ledger/ledger.schema.ts";
import { appointmentRoutes } from "./appointment.routes.ts";
import { createPlan } from "./create-plan.ts";
import { disputeRoutes } from "./dispute.routes.ts";
import { logInteraction } from "./log-interaction.ts";
import { promiseRoutes } from "./promise.routes.ts";
import { recordPromise } from "./record-promise.ts";

const idParam = z.object({ id: z.coerce.number().int().positive() });
const decimal = z.string().regex(/^\d{1,15}(\.\d{1,3})?$/, "expected a plain decimal such as 1234.50");
const body = <S extends z.ZodType>(schema: S) => ({ body: { content: { "application/json": { schema } } } });
const created = (schema: z.ZodType) => ({
  201: { description: "Recorded", content: { "application/json": { schema } } },
  400: { description: "Refused: what is wrong", content: { "application/json": { schema: ErrorBody } } },
  404: { description: "No such customer in your portfolio", content: { "application/json": { schema: ErrorBody } } },
});

const interactionRoute = createRoute({
  method: "post",
  path: "/api/customers/{id}/interactions",
  summary: "Log a contact (outbound calls and visits pass the contact gate first)",
  request: {
    params: idParam,
    ...body(
      z
        .object({
          channel: z.enum(CHANNELS),
          direction: z.enum(["outbound", "inbound"]).default("outbound"),
          outcome: z.enum(OUTCOMES),
          contactId: z.number().int().positive().nullable().optional(),
          excuse: z.enum(EXCUSES).nullable().optional(),
          note: z.string().max(4000).nullable().optional(),
          durationSeconds: z.number().int().min(0).max(86_400).nullable().optional(),
          scriptId: z.string().max(100).nullable().optional(),
          taskId: z.number().int().positive().nullable().optional(),
          overrideReason: z.string().trim().min(1).max(500).nullable().optional(),
          promise: z
            .object({ amount: decimal, date: isoDate, currency: z.string().length(3).optional() })
            .strict()
            .nullable()
            .optional()
            .describe("the promise made on this call (outcome promise_to_pay), recorded in the same transaction"),
        })
        .strict(),
    ),
  },
  responses: {
    ...created(z.record(z.string(), z.unknown())),
    409: { description: "The contact gate blocks it", content: { "application/json": { schema: ErrorBody } } },
    422: { description: "The gate warns: a reason is needed", content: { "application/json": { schema: ErrorBody } } },
  },
});
const promiseRoute = createRoute({
  method: "post",
  path: "/api/customers/{id}/promises",
  summary: "Record a promise to pay (today or later)",
  request: {
    params: idParam,
    ...body(
      z
        .object({
          amount: decimal,
          date: isoDate,
          currency: z.string().length(3).optional(),
          contactId: z.number().int().positive().nullable().optional(),
          interactionId: z.number().int().positive().nullable().optional(),
        })
        .strict(),
    ),
  },
  responses: created(z.record(z.string(), z.unknown())),
});
const planRoute = createRoute({
  method: "post",
  path: "/api/customers/{id}/plans",
  summary: "Agree a payment plan: installments and down payment must add up to the total exactly",
  request: {
    params: idParam,
    ...body(
      z
        .object({
          total: decimal,
          downPayment: decimal.optional(),
          currency: z.string().length(3).optional(),
          terms: z.string().max(4000).nullable().optional(),
          installments: z
            .array(z.object({ date: isoDate, amount: decimal }).strict())
            .min(1)
            .max(120)
            .optional(),
          split: z
            .object({
              count: z.number().int().min(1).max(120),
              firstDate: isoDate,
              intervalDays: z.number().int().min(1).max(366),
            })
            .strict()
            .optional(),
          invoiceIds: z.array(z.number().int().positive()).max(1000).optional(),
        })
        .strict(),
    ),
  },
  responses: created(z.record(z.string(), z.unknown())),
});

export function workspaceRoutes<T extends OpenAPIHono<AuthEnv>>(
  app: T,
  deps: { database: Database; now: () => Date },
): T {
  const guard = async (user: AuthEnv["Variables"]["user"], id: number, what: string) => {
    requireRole(user, ["admin", "manager", "collector"], what);
    await visibleCustomerOrThrow(deps.database.db, user, id);
  };
  app.openapi(interactionRoute, async (c) => {
    const { id } = c.req.valid("param");
    const user = c.get("user");
    await guard(user, id, "logging contacts");
    return c.json(await logInteraction(deps, user, id, c.req.valid("json")), 201);
  });
  app.openapi(promiseRoute, async (c) => {
    const { id } = c.req.valid("param");
    const user = c.get("user");
    await guard(user, id, "recording promises");
    return c.json(await recordPromise(deps, user, id, c.req.valid("json")), 201);
  });
  app.openapi(planRoute, async (c) => {
    const { id } = c.req.valid("param");
    const user = c.get("user");
    await guard(user, id, "agreeing payment plans");
    return c.json(await createPlan(deps, user, id, c.req.valid("json")), 201);
  });
  disputeRoutes(app, deps);
  appointmentRoutes(app, deps);
  promiseRoutes(app, deps);
  return app;
}
