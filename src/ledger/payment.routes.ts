// POST /api/customers/{id}/payments: a payment received, recorded by hand, with its receipt queued in the same
// transaction. Send Idempotency-Key to make a retry safe (the first answer comes back; a different body is 422).
// POST /api/payments/{id}/reverse: a payment reversed from a day on (managers and admins).
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { visibleCustomerOrThrow } from "../auth/access.ts";
import type { Database } from "../db/database.ts";
import type { AuthEnv } from "../http/auth-middleware.ts";
import { ErrorBody, isoDate } from "../http/route-schemas.ts";
import { recordPayment } from "./record-payment.ts";
import { reversePayment } from "./reverse-payment.ts";

const json = <S extends z.ZodType>(schema: S) => ({ "application/json": { schema } });
const paymentRoute = createRoute({
  method: "post",
  path: "/api/customers/{id}/payments",
  summary: "Record a payment received (allocated to the invoices named, oldest due first); its receipt is queued",
  request: {
    params: z.object({ id: z.coerce.number().int().positive() }),
    body: {
      content: json(
        z
          .object({
            amount: z.string().regex(/^\d{1,15}(\.\d{1,3})?$/, "expected a plain decimal such as 1234.50"),
            date: isoDate,
            reference: z.string().trim().min(1).max(100),
            currency: z.string().length(3).optional(),
            method: z.string().max(50).nullable().optional(),
            invoiceIds: z.array(z.number().int().positive()).max(1000).optional(),
            notify: z.boolean().optional(),
            contactId: z.number().int().positive().nullable().optional(),
            language: z.enum(["zh-CN", "en"]).optional(),
          })
          .strict(),
      ),
    },
  },
  responses: {
    201: { description: "Recorded", content: json(z.record(z.string(), z.unknown()).openapi("RecordedPayment")) },
    400: { description: "Refused: what is wrong, by field", content: json(ErrorBody) },
    403: { description: "Not open to this role", content: json(ErrorBody) },
    404: { description: "No such customer in your portfolio", content: json(ErrorBody) },
    409: { description: "This reference is already recorded for the customer", content: json(ErrorBody) },
  },
});

const reverseRoute = createRoute({
  method: "post",
  path: "/api/payments/{id}/reverse",
  summary:
    "Reverse a payment (a bounced cheque, a recalled transfer, a payment booked twice): it stops counting from the day given, and the invoices it paid are open again",
  request: {
    params: z.object({ id: z.coerce.number().int().positive() }),
    body: {
      content: json(
        z
          .object({
            reason: z.string().trim().min(1).max(500),
            on: isoDate.optional().describe("the day the money went back (default: today)"),
          })
          .strict(),
      ),
    },
  },
  responses: {
    201: { description: "Reversed", content: json(z.record(z.string(), z.unknown()).openapi("ReversedPayment")) },
    400: { description: "Refused: no reason, a date before the payment or in the future", content: json(ErrorBody) },
    403: { description: "Managers and admins only", content: json(ErrorBody) },
    404: { description: "No such payment in your portfolio", content: json(ErrorBody) },
    409: { description: "Already reversed (the answer says when and why)", content: json(ErrorBody) },
  },
});

export function paymentRoutes(app: OpenAPIHono<AuthEnv>, deps: { database: Database; now: () => Date }): void {
  app.openapi(paymentRoute, async (c) => {
    const { id } = c.req.valid("param");
    const user = c.get("user");
    await visibleCustomerOrThrow(deps.database.db, user, id);
    return c.json(await recordPayment(deps, user, id, c.req.valid("json")), 201);
  });
  app.openapi(reverseRoute, async (c) => {
    const { id } = c.req.valid("param");
    return c.json(await reversePayment(deps, c.get("user"), id, c.req.valid("json")), 201);
  });
}
