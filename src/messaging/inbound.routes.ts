// E-mail replies: the signed inbound webhook (no session; JSON or the raw message), a customer's replies and their
// acknowledgement (which resumes automated reminders), and the managers' list of replies no customer was found for,
// with assigning one to a customer and dismissing one.
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Database } from "../db/database.ts";
import type { AuthEnv } from "../http/auth-middleware.ts";
import { ErrorBody } from "../http/route-schemas.ts";
import {
  acknowledgeReplies,
  assignInboundEmail,
  dismissInboundEmail,
  listCustomerReplies,
  listUnmatchedInbound,
} from "./manage-inbound.ts";
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
  summary: `A forwarded e-mail reply, signed: ${INBOUND_SIGNATURE_HEADER}: sha256=<HMAC-SHA256 of the raw body bytes>. JSON {messageId, from, to?, subject?, text, inReplyTo?, references?}, or the raw RFC 822 message (Content-Type message/rfc822, or multipart/form-data with the message in the field "email"; attachments listed, not kept); once per Message-ID; at most 1 MB`,
  request: {
    headers: z.object({
      "x-huikuan-signature": z.string().optional(),
      "content-type": z.string().optional().openapi({ example: "message/rfc822" }),
    }),
  },
  responses: {
    200: { description: "Recorded (or a repeat)", content: json(z.record(z.string(), z.unknown())) },
    400: { description: "Not an e-mail (nothing is written)", content: json(ErrorBody) },
    401: { description: "Bad signature", content: json(ErrorBody) },
    413: { description: "Larger than 1 MB", content: json(ErrorBody) },
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
      // Without it a request with no body skips validation and reaches the handler with {} (500, not 400).
      required: true,
    },
  },
  responses: {
    200: { description: "Assigned", content: json(InboundEmail) },
    400: { description: "Refused", content: json(ErrorBody) },
    ...errors,
    409: { description: "Already assigned", content: json(ErrorBody) },
  },
});

const dismiss = createRoute({
  method: "post",
  path: "/api/inbound-emails/{id}/dismiss",
  summary: "Set an unmatched reply aside (spam, an auto-reply, nobody's): off the list, kept and audited",
  request: {
    params: idParam,
    body: { content: json(z.object({ reason: z.string().max(500).nullable().optional() }).strict()), required: false },
  },
  responses: {
    200: { description: "Dismissed", content: json(InboundEmail) },
    ...errors,
    409: { description: "Already assigned or dismissed", content: json(ErrorBody) },
  },
});

export function inboundRoutes<T extends OpenAPIHono<AuthEnv>>(
  app: T,
  deps: { database: Database; now: () => Date; env?: NodeJS.ProcessEnv },
): T {
  app.openapi(webhook, async (c) => {
    const rawBody = new Uint8Array(await c.req.arrayBuffer());
    return c.json(
      await receiveInboundEmail(deps, {
        rawBody,
        contentType: c.req.header("content-type") ?? null,
        signature: c.req.header(INBOUND_SIGNATURE_HEADER),
      }),
      200,
    );
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
  app.openapi(dismiss, async (c) => {
    // The body is optional: a bare POST dismisses without a reason.
    const body = (c.req.header("content-type") ?? "").includes("json") ? c.req.valid("json") : {};
    return c.json(await dismissInboundEmail(deps, c.get("user"), c.req.valid("param").id, body ?? {}), 200);
  });
  return app;
}
