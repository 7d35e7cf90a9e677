// HTTP route of the contact gate: ask before contacting; an allowed attempt is reserved.
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { requireRole, visibleCustomerOrThrow } from "../auth/access.ts";
import type { Database } from "../db/database.ts";
import type { AuthEnv } from "../http/auth-middleware.ts";
import { ErrorBody } from "../http/route-schemas.ts";
import { CHANNELS } from "../ledger/ledger.schema.ts";
import { reserveContact } from "./reserve-contact.ts";

const Decision = z
  .object({
    reserved: z.boolean(),
    attemptId: z.number(),
    decision: z.object({
      verdict: z.enum(["allow", "warn", "block"]),
      rule: z.string(),
      reason: z.string(),
      findings: z.array(z.object({ rule: z.string(), verdict: z.string(), reason: z.string() })),
      localTimes: z.array(z.object({ zone: z.string(), local: z.string() })),
      policy: z.object({ id: z.string(), version: z.number() }),
    }),
  })
  .openapi("ContactDecision");

const reserveRoute = createRoute({
  method: "post",
  path: "/api/contact-attempts",
  summary: "Ask the contact gate; an allowed attempt (or a warned one with a reason) is reserved",
  request: {
    body: {
      content: {
        "application/json": {
          schema: z
            .object({
              customerId: z.number().int().positive(),
              contactId: z.number().int().positive().nullable(),
              channel: z.enum(CHANNELS),
              address: z.string().min(1).optional(),
              automated: z.boolean().optional(),
              overrideReason: z.string().trim().min(1).optional(),
              invoiceDisputed: z.boolean().optional(),
              callbackAgreed: z.boolean().optional(),
            })
            .strict(),
        },
      },
    },
  },
  responses: {
    200: {
      description: "The gate's decision (reserved or not)",
      content: { "application/json": { schema: Decision } },
    },
    404: { description: "No such customer or contact", content: { "application/json": { schema: ErrorBody } } },
  },
});

export function contactRoutes<T extends OpenAPIHono<AuthEnv>>(
  app: T,
  deps: { database: Database; now: () => Date },
): T {
  app.openapi(reserveRoute, async (c) => {
    const body = c.req.valid("json");
    const user = c.get("user");
    requireRole(user, ["admin", "manager", "collector"], "contacting customers");
    await visibleCustomerOrThrow(deps.database.db, user, body.customerId);
    return c.json(await reserveContact(deps, { ...body, actor: user.login }), 200);
  });
  return app;
}
