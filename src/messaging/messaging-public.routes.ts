// The routes reached without a session: the one-click unsubscribe link (GET shows a page with a button, POST records
// the opt-out; mail clients POST "List-Unsubscribe=One-Click" straight away, RFC 8058) and the SMS provider's
// webhook (HMAC-signed). A bad link shows the same plain page whatever is wrong with it and leaks nothing.
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Database } from "../db/database.ts";
import { isAppError } from "../errors/app-error.ts";
import type { AuthEnv } from "../http/auth-middleware.ts";
import { ErrorBody } from "../http/route-schemas.ts";
import { handleSmsWebhook, SMS_SIGNATURE_HEADER } from "./handle-sms-webhook.ts";
import { LINK_NOT_VALID, readUnsubscribeLink, unsubscribe } from "./unsubscribe.ts";

const tokenParam = z.object({ token: z.string().min(1).max(200) });
const html = { "text/html": { schema: z.string() } };

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<meta name="robots" content="noindex"><title>${title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;line-height:1.5}
button{font-size:1rem;padding:.5rem 1.25rem}</style></head><body>${body}</body></html>`;
}
const channelName = { email: ["emails", "邮件"], sms: ["text messages", "短信"] } as const;

const unsubscribePage = createRoute({
  method: "get",
  path: "/api/unsubscribe/{token}",
  summary: "The unsubscribe page of a message's link: a button that confirms (nothing changes on GET)",
  request: { params: tokenParam },
  responses: { 200: { description: "Page", content: html }, 404: { description: "Link not valid", content: html } },
});
const unsubscribePost = createRoute({
  method: "post",
  path: "/api/unsubscribe/{token}",
  summary:
    "One-click unsubscribe (RFC 8058): records the opt-out and cancels queued messages to that contact on that channel",
  request: { params: tokenParam },
  responses: { 200: { description: "Done", content: html }, 404: { description: "Link not valid", content: html } },
});
const smsWebhook = createRoute({
  method: "post",
  path: "/api/webhooks/sms",
  summary: `SMS provider events, signed: ${SMS_SIGNATURE_HEADER}: sha256=<HMAC-SHA256 of the raw body>. {"type":"inbound","eventId","from","text"} (STOP, 退订, TD, T opt out) or {"type":"status","eventId","messageId","status"}; repeats of an eventId are ignored`,
  request: { headers: z.object({ "x-huikuan-signature": z.string().optional() }) },
  responses: {
    200: {
      description: "Recorded (or a repeat)",
      content: { "application/json": { schema: z.record(z.string(), z.unknown()) } },
    },
    400: { description: "Not an event", content: { "application/json": { schema: ErrorBody } } },
    401: { description: "Bad signature", content: { "application/json": { schema: ErrorBody } } },
  },
});

export function messagingPublicRoutes<T extends OpenAPIHono<AuthEnv>>(
  app: T,
  deps: { database: Database; now: () => Date; env?: NodeJS.ProcessEnv },
): T {
  const notValid = () => page("Link not valid", `<p>${LINK_NOT_VALID}</p><p>此链接已失效。</p>`);
  app.openapi(unsubscribePage, async (c) => {
    const { token } = c.req.valid("param");
    try {
      const link = await readUnsubscribeLink(deps, token);
      const [en, zh] = channelName[link.channel];
      return c.html(
        page(
          "Unsubscribe",
          `<p>Stop receiving ${en} from us at this address?</p><p>不再接收我们发送的${zh}?</p>
<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe / 退订</button></form>`,
        ),
        200,
      );
    } catch (e) {
      if (isAppError(e) && e.code === "not_found") return c.html(notValid(), 404);
      throw e;
    }
  });
  app.openapi(unsubscribePost, async (c) => {
    const { token } = c.req.valid("param");
    try {
      const r = await unsubscribe(deps, token);
      const [en, zh] = channelName[r.channel];
      return c.html(
        page("Unsubscribed", `<p>Done: you will not receive ${en} from us at this address.</p><p>已退订${zh}。</p>`),
        200,
      );
    } catch (e) {
      if (isAppError(e) && e.code === "not_found") return c.html(notValid(), 404);
      throw e;
    }
  });
  app.openapi(smsWebhook, async (c) => {
    const rawBody = await c.req.text();
    const result = await handleSmsWebhook(deps, { rawBody, signature: c.req.header(SMS_SIGNATURE_HEADER) });
    return c.json(result, 200);
  });
  return app;
}
