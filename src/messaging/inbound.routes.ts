// E-mail replies: the signed inbound webhook (no session), a customer's replies and their acknowledgement (which
// resumes automated reminders), and the managers' list of replies no customer was found for.
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Database } from "../db/database.ts";
import type { AuthEnv } from "../http/auth-middleware.ts";
import { ErrorBody } from "../http/route-schemas.ts";
import { acknowledgeReplies, assignInboundEmail, listCustomerReplies, listUnmatchedInbound } from "./manage-inbound.ts";
import { INBOUND_MATCHES } from "./messaging.schema.ts";
import { INBOUND_SIGNATURE_HEADER, receiveInboundEmail } from "./receive-inbound-email.ts";

const json = <S extends z.ZodType>(schema: S) => ({ "application/json": { schema } });
const idParam = z.object({ id: z.coerce.number().int().positive() });
const InboundEmail = z
  .object({
    id: z.number(),
    messageId: z.string(),
    from: z.string(),
    to: z.string().nullable(),
    subject: z.string().nullable(),
    text: z.string(),
    customerId: z.number().nullable(),
    contactId: z.number().nullable(),
    matchedBy: z.enum(INBOUND_MATCHES).nullable(),
    outboxMessageId: z.number().nullable(),
    receivedAt: z.string(),
    acknowledgedAt: z.string().nullable(),
    acknowledgedBy: z.string().nullable(),
  })
  .openapi("InboundEmail");
const Replies = z
  .object({ pausedSince: z.string().nullable(), unread: z.number(), emails: z.array(InboundEmail) })
  .openapi("CustomerReplies");
const errors = {
  403: { description: "Not open to this role", content: json(ErrorBody) },
  404: { description: "Not found in your portfolio", content: json(ErrorBody) },
};

const webhook = createRoute({
  method: "post",
  path: "/api/inbound/email",
  summary: `A forwarded e-mail reply, signed: ${INBOUND_SIGNATURE_HEADER}: sha256=<HMAC-SHA256 of the raw body>. JSON {messageId, from, to?, subject?, text, inReplyTo?, references?}; once per messageId`,
  request: { headers: z.object({ "x-huikuan-signature": z.string().optional() }) },
  responses: {
    200: { description: "Recorded (or a repeat)", content: json(z.record(z.string(), z.unknown())) },
    400: { description: "Not an e-mail", content: json(ErrorBody) },
    401: { description: "Bad signature", content: json(ErrorBody) },
  },
});
const customerReplies = createRoute({
  method: "get",
  path: "/api/customers/{id}/replies",
  summary: "A customer's e-mail replies and whether its automated reminders are paused",
  request: { params: idParam },
  responses: { 200: { description: "Replies", content: json(Replies) }, 404: errors[404] },
});
const acknowledge = createRoute({
  method: "post",
  path: "/api/customers/{id}/replies/acknowledge",
  summary: "The replies were read: mark them and resume automated reminders",
  request: { params: idParam },
  responses: { 200: { description: "Acknowledged", content: json(Replies) }, ...errors },
});
const unmatched = createRoute({
  method: "get",
  path: "/api/inbound-emails/unmatched",
  summary: "Replies no customer was found for, oldest first (managers, admins)",
  responses: { 200: { description: "Replies", content: json(z.array(InboundEmail)) }, 403: errors[403] },
});
const assign = createRoute({
  method: "post",
  path: "/api/inbound-emails/{id}/assign",
  summary: "Give an unmatched reply its customer (and contact): it goes on the customer's timeline",
  request: {
    params: idParam,
    body: {
      content: json(
        z
          .object({
            customerId: z.number().int().positive(),
            contactId: z.number().int().positive().nullable().optional(),
          })
          .strict(),
      ),
    },
  },
  responses: {
    200: { description: "Assigned", content: json(InboundEmail) },
    400: { description: "Refused", content: json(ErrorBody) },
    ...errors,
    409: { description: "Already assigned", content: json(ErrorBody) },
  },
});

export function inboundRoutes<T extends OpenAPIHono<AuthEnv>>(
  app: T,
  deps: { database: Database; now: () => Date; env?: NodeJS.ProcessEnv },
): T {
  app.openapi(webhook, async (c) => {
    const rawBody = await c.req.text();
    return c.json(await receiveInboundEmail(deps, { rawBody, signature: c.req.header(INBOUND_SIGNATURE_HEADER) }), 200);
  });
  app.openapi(customerReplies, async (c) =>
    c.json(await listCustomerReplies(deps.database.db, c.get("user"), c.req.valid("param").id), 200),
  );
  app.openapi(acknowledge, async (c) =>
    c.json(await acknowledgeReplies(deps, c.get("user"), c.req.valid("param").id), 200),
  );
  app.openapi(unmatched, async (c) => c.json(await listUnmatchedInbound(deps.database.db, c.get("user")), 200));
  app.openapi(assign, async (c) =>
    c.json(await assignInboundEmail(deps, c.get("user"), c.req.valid("param").id, c.req.valid("json")), 200),
  );
  return app;
}
