// /api/customers/{id}/statement-confirmations: record that the customer signed and returned a statement's
// balance-confirmation slip (it restarts the limitation clock of the invoices open that day), and list them. The
// scan goes to /api/statement-confirmations/{id}/attachments (src/attachments).
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Database } from "../db/database.ts";
import type { AuthEnv } from "../http/auth-middleware.ts";
import { ErrorBody, isoDate } from "../http/route-schemas.ts";
import { listStatementConfirmations, recordStatementConfirmation } from "./record-statement-confirmation.ts";

const json = <S extends z.ZodType>(schema: S) => ({ "application/json": { schema } });
const idParam = z.object({ id: z.coerce.number().int().positive() });
const Confirmation = z
  .object({
    id: z.number(),
    customerId: z.number(),
    confirmedOn: z.string(),
    currency: z.string(),
    confirmedBalance: z.string(),
    ledgerBalance: z.string(),
    difference: z.string(),
    signedBy: z.string(),
    note: z.string().nullable(),
    invoiceIds: z.array(z.number()),
    recordedBy: z.string(),
    recordedAt: z.string(),
  })
  .openapi("StatementConfirmation");
const notFound = { description: "No such customer in your portfolio", content: json(ErrorBody) };

const recordRoute = createRoute({
  method: "post",
  path: "/api/customers/{id}/statement-confirmations",
  summary:
    "Record a statement's balance confirmation signed by the customer: an acknowledgement that restarts the limitation clock of the invoices open that day",
  request: {
    params: idParam,
    body: {
      content: json(
        z
          .object({
            confirmedOn: isoDate,
            confirmedBalance: z.string().regex(/^\d{1,15}(\.\d{1,3})?$/, "expected a plain decimal such as 1234.50"),
            currency: z.string().length(3).optional(),
            signedBy: z.string().trim().min(1).max(200),
            note: z.string().max(2000).nullable().optional(),
          })
          .strict(),
      ),
    },
  },
  responses: {
    201: { description: "Recorded", content: json(Confirmation) },
    400: { description: "Refused: what is wrong, by field", content: json(ErrorBody) },
    403: { description: "Not open to this role", content: json(ErrorBody) },
    404: notFound,
  },
});
const listRoute = createRoute({
  method: "get",
  path: "/api/customers/{id}/statement-confirmations",
  summary: "A customer's confirmed statements, newest first",
  request: { params: idParam },
  responses: { 200: { description: "Confirmations", content: json(z.array(Confirmation)) }, 404: notFound },
});

export function statementConfirmationRoutes<T extends OpenAPIHono<AuthEnv>>(
  app: T,
  deps: { database: Database; now: () => Date },
): T {
  app.openapi(recordRoute, async (c) => {
    const { id } = c.req.valid("param");
    return c.json(await recordStatementConfirmation(deps, c.get("user"), id, c.req.valid("json")), 201);
  });
  app.openapi(listRoute, async (c) => {
    const { id } = c.req.valid("param");
    return c.json(await listStatementConfirmations(deps.database.db, c.get("user"), id), 200);
  });
  return app;
}
