// /api/customers/{id}/disputes, /api/disputes (the board), /api/disputes/{id}: record a customer's objection, follow
// it up, resolve it. Only customers in the user's portfolio; someone else's dispute answers like a missing one.

import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { requireRole, visibleCustomerOrThrow } from "../auth/access.ts";
import type { Database } from "../db/database.ts";
import { AppError, msg } from "../errors/app-error.ts";
import { errorJson } from "../errors/localize.ts";
import type { AuthEnv } from "../http/auth-middleware.ts";
import { ErrorBody } from "../http/route-schemas.ts";
import { ifMatchHeader, versionFrom } from "../http/versioned-edit.ts";
import { findDispute, listCustomerDisputes, listDisputeBoard } from "./list-disputes.ts";
import { recordDispute } from "./record-dispute.ts";
import { updateDispute } from "./update-dispute.ts";
import { DISPUTE_CATEGORIES, DISPUTE_RESOLUTIONS, DISPUTE_STATUSES } from "./workspace.schema.ts";

const idParam = z.object({ id: z.coerce.number().int().positive() });
const decimal = z.string().regex(/^\d{1,15}(\.\d{1,3})?$/, "expected a plain decimal such as 1234.50");
const json = <S extends z.ZodType>(schema: S) => ({ "application/json": { schema } });
const Dispute = z.record(z.string(), z.unknown()).openapi("Dispute");
const refused = { description: "Refused: what is wrong, by field", content: json(ErrorBody) };
const notFound = { description: "No such dispute or customer in your portfolio", content: json(ErrorBody) };
const statusFilter = z.enum([...DISPUTE_STATUSES, "active", "all"]);
const ifMatch = ifMatchHeader;

const createDisputeRoute = createRoute({
  method: "post",
  path: "/api/customers/{id}/disputes",
  summary: "Record a dispute on an invoice or a delivery record; the invoice is held out of reminders while it is open",
  request: {
    params: idParam,
    body: {
      content: json(
        z
          .object({
            invoiceId: z.number().int().positive().optional(),
            deliveryRecordId: z.number().int().positive().optional(),
            category: z.enum(DISPUTE_CATEGORIES),
            amount: decimal,
            description: z.string().trim().min(1).max(4000),
            owner: z.string().min(1).max(100).optional(),
          })
          .strict(),
      ),
    },
  },
  responses: { 201: { description: "Recorded", content: json(Dispute) }, 400: refused, 404: notFound },
});
const customerDisputesRoute = createRoute({
  method: "get",
  path: "/api/customers/{id}/disputes",
  summary: "A customer's disputes, newest first",
  request: { params: idParam, query: z.object({ status: statusFilter.optional() }) },
  responses: { 200: { description: "Disputes", content: json(z.array(Dispute)) }, 404: notFound },
});
const boardRoute = createRoute({
  method: "get",
  path: "/api/disputes",
  summary: "The dispute board: disputes in your portfolio (open and investigating by default), escalated first",
  request: {
    query: z.object({
      status: statusFilter.optional(),
      escalated: z.enum(["true", "false"]).optional(),
      owner: z.string().max(100).optional(),
      limit: z.coerce.number().int().min(1).max(1000).optional(),
      offset: z.coerce.number().int().min(0).optional(),
    }),
  },
  responses: { 200: { description: "Disputes", content: json(z.array(Dispute)) } },
});
const oneRoute = createRoute({
  method: "get",
  path: "/api/disputes/{id}",
  summary: "One dispute and its version (also in the ETag header)",
  request: { params: idParam },
  responses: { 200: { description: "The dispute", content: json(Dispute) }, 404: notFound },
});
const patchRoute = createRoute({
  method: "patch",
  path: "/api/disputes/{id}",
  summary:
    "Investigate, resolve (a credit resolution writes a credit note), reject, reopen, hand over or escalate; If-Match or version: the version you read",
  request: {
    params: idParam,
    headers: ifMatch,
    body: {
      content: json(
        z
          .object({
            version: z.number().int().positive().optional(),
            status: z.enum(DISPUTE_STATUSES).optional(),
            resolution: z.enum(DISPUTE_RESOLUTIONS).nullable().optional(),
            resolutionNote: z.string().max(4000).nullable().optional(),
            creditAmount: decimal.nullable().optional(),
            owner: z.string().min(1).max(100).optional(),
            escalate: z.boolean().optional(),
          })
          .strict(),
      ),
    },
  },
  responses: {
    200: { description: "Changed", content: json(Dispute) },
    400: refused,
    404: notFound,
    409: {
      description: "Changed meanwhile: the current state",
      content: json(z.object({ error: ErrorBody.shape.error, current: Dispute })),
    },
  },
});

export function disputeRoutes<T extends OpenAPIHono<AuthEnv>>(
  app: T,
  deps: { database: Database; now: () => Date },
): T {
  const db = deps.database.db;
  app.openapi(createDisputeRoute, async (c) => {
    const { id } = c.req.valid("param");
    const user = c.get("user");
    requireRole(user, ["admin", "manager", "collector"], "recording disputes");
    await visibleCustomerOrThrow(db, user, id);
    const d = await recordDispute(deps, user, id, c.req.valid("json"));
    c.header("ETag", `"${d.version}"`);
    return c.json(d, 201);
  });
  app.openapi(customerDisputesRoute, async (c) => {
    const { id } = c.req.valid("param");
    return c.json(await listCustomerDisputes(db, c.get("user"), id, c.req.valid("query")), 200);
  });
  app.openapi(boardRoute, async (c) => {
    const q = c.req.valid("query");
    const escalated = q.escalated === undefined ? undefined : q.escalated === "true";
    return c.json(await listDisputeBoard(db, c.get("user"), { ...q, escalated }), 200);
  });
  app.openapi(oneRoute, async (c) => {
    const d = await findDispute(db, c.get("user"), c.req.valid("param").id);
    if (!d) throw new AppError("not_found", msg`no such dispute`);
    c.header("ETag", `"${d.version}"`);
    return c.json(d, 200);
  });
  app.openapi(patchRoute, async (c) => {
    const { id } = c.req.valid("param");
    const user = c.get("user");
    requireRole(user, ["admin", "manager", "collector"], "changing disputes");
    const { version: bodyVersion, ...change } = c.req.valid("json");
    const version = versionFrom(c.req.valid("header")["if-match"], bodyVersion);
    try {
      const d = await updateDispute(deps, user, id, { ...change, version });
      c.header("ETag", `"${d.version}"`);
      return c.json(d, 200);
    } catch (e) {
      if (e instanceof AppError && e.code === "conflict") {
        const current = await findDispute(db, user, id);
        if (current) return c.json({ error: errorJson(e, c.req.header("accept-language")), current }, 409);
      }
      throw e;
    }
  });
  return app;
}
