// The HTTP API: routes are declared with zod schemas that both validate and document (OpenAPI at /api/openapi.json).
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { sql } from "drizzle-orm";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { analyticsRoutes } from "../analytics/analytics.routes.ts";
import { attachmentBodyLimit, attachmentRoutes, isAttachmentUpload } from "../attachments/attachment.routes.ts";
import { authRoutes } from "../auth/auth.routes.ts";
import { userRoutes } from "../auth/users.routes.ts";
import { collectionRoutes } from "../collection/collection.routes.ts";
import { scriptRoutes } from "../collection/script.routes.ts";
import { contactRoutes } from "../contact/contact.routes.ts";
import { customerEditRoutes } from "../customers/customer-edit.routes.ts";
import { customerRoutes } from "../customers/customers.routes.ts";
import type { Database } from "../db/database.ts";
import { documentRoutes } from "../documents/documents.routes.ts";
import { AppError, HTTP_STATUS, isAppError, msg } from "../errors/app-error.ts";
import { errorJson, messageLanguageOf } from "../errors/localize.ts";
import { IMPORTS_PATH, importRoutes } from "../import/import.routes.ts";
import { limitationRoutes } from "../ledger/limitation.routes.ts";
import { paymentRoutes } from "../ledger/payment.routes.ts";
import { statementConfirmationRoutes } from "../ledger/statement-confirmation.routes.ts";
import { inboundRoutes } from "../messaging/inbound.routes.ts";
import { messagingRoutes } from "../messaging/messaging.routes.ts";
import { messagingPublicRoutes } from "../messaging/messaging-public.routes.ts";
import { portalRoutes } from "../portal/portal.routes.ts";
import { portalLinkRoutes } from "../portal/portal-links.routes.ts";
import { settingsRoutes } from "../settings/settings.routes.ts";
import { workspaceRoutes } from "../workspace/workspace.routes.ts";
import { type AuthEnv, authMiddleware } from "./auth-middleware.ts";
import { errorResponse } from "./error-response.ts";
import { idempotency } from "./idempotency.ts";
import { jsonDepthLimit } from "./json-depth.ts";
import { metricsHandler, requestMetrics } from "./metrics.ts";
import { placeholderPage } from "./placeholder-page.ts";
import { ErrorBody } from "./route-schemas.ts";
import { issueText } from "./validation-message.ts";
import { webAssets } from "./web-assets.ts";

/** A dispute through the portal may carry a file: the attachments' cap, not the 1 MB one. */
const isPortalUpload = (method: string, path: string) =>
  method === "POST" && /^\/api\/portal\/[^/]+\/dispute$/.test(path);

export type AppDeps = { database: Database; now: () => Date; version: string };

const Health = z
  .object({ status: z.literal("ok"), database: z.enum(["pglite", "postgres"]), version: z.string(), time: z.string() })
  .openapi("Health");

const healthRoute = createRoute({
  method: "get",
  path: "/api/health",
  summary: "Liveness and database reachability",
  responses: {
    200: { description: "The server and its database answer", content: { "application/json": { schema: Health } } },
    503: { description: "The database does not answer", content: { "application/json": { schema: ErrorBody } } },
  },
});

export function createApp(deps: AppDeps) {
  const app = new OpenAPIHono<AuthEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const lang = messageLanguageOf(c.req.header("accept-language"));
        const details = result.error.issues.map((i) => issueText(i, lang));
        return c.json({ error: { code: "invalid_input", message: details[0] ?? "invalid request", details } }, 400);
      }
    },
  });

  // Every JSON body a route declares is validated, sent or not: left optional, a request with no body (and no
  // content type) would reach the handler as {} without its schema ever being checked.
  const register = app.openapi.bind(app);
  app.openapi = ((route: Parameters<typeof register>[0], ...rest: unknown[]) =>
    (register as (...a: unknown[]) => unknown)(
      route.request?.body && route.request.body.required === undefined
        ? { ...route, request: { ...route.request, body: { ...route.request.body, required: true } } }
        : route,
      ...rest,
    )) as typeof app.openapi;

  app.openapi(healthRoute, async (c) => {
    try {
      await deps.database.db.execute(sql`select 1`);
    } catch {
      const e = new AppError("internal", msg`the database does not answer`);
      return c.json({ error: errorJson(e, c.req.header("accept-language")) }, 503);
    }
    return c.json(
      { status: "ok" as const, database: deps.database.dialect, version: deps.version, time: deps.now().toISOString() },
      200,
    );
  });

  app.use("/api/*", requestMetrics(deps.database));
  app.get("/metrics", (c) => metricsHandler(c));

  // Hostile input: no request body beyond 1 MB reaches a handler (imports of big files go through the CLI), but the
  // import upload, which checks its own limit while it streams the file to disk, and attachment uploads (their own
  // cap; the setting's size is checked by the route).
  const smallBodies = bodyLimit({
    maxSize: 1 << 20,
    onError: (c) => errorResponse(c, "invalid_input", msg`the request body is larger than 1 MB`, 413),
  });
  app.use("/api/*", (c, next) => {
    if (c.req.path === IMPORTS_PATH) return next();
    if (isAttachmentUpload(c.req.method, c.req.path) || isPortalUpload(c.req.method, c.req.path)) {
      return attachmentBodyLimit(c, next);
    }
    return smallBodies(c, next);
  });
  app.use("/api/*", jsonDepthLimit());
  app.use("/api/*", authMiddleware(deps));
  app.use("/api/*", idempotency(deps));
  authRoutes(app, deps);
  userRoutes(app, deps);
  customerEditRoutes(app, deps);
  customerRoutes(app, deps);
  limitationRoutes(app, deps);
  paymentRoutes(app, deps);
  statementConfirmationRoutes(app, deps);
  collectionRoutes(app, deps);
  scriptRoutes(app, deps);
  contactRoutes(app, deps);
  workspaceRoutes(app, deps);
  settingsRoutes(app, deps);
  analyticsRoutes(app, deps);
  messagingRoutes(app, deps);
  messagingPublicRoutes(app, deps);
  inboundRoutes(app, deps);
  portalRoutes(app, deps);
  portalLinkRoutes(app, deps);
  documentRoutes(app, deps);
  attachmentRoutes(app, deps);
  importRoutes(app, deps);

  app.doc31("/api/openapi.json", { openapi: "3.1.0", info: { title: "Huikuan API", version: deps.version } });
  app.get(
    "*",
    webAssets(() => placeholderPage(deps.version)),
  );
  app.notFound((c) =>
    c.req.path.startsWith("/api/")
      ? errorResponse(c, "not_found", msg`no route ${c.req.method} ${c.req.path}`)
      : c.html(placeholderPage(deps.version), 404),
  );
  app.onError((err, c) => {
    // Hono's own refusals (malformed JSON, an unsupported media type) keep their status; they are the client's error.
    if (err instanceof HTTPException && err.status < 500) {
      const message =
        err.status === 415
          ? msg`send the body as application/json`
          : /malformed json/i.test(err.message)
            ? msg`the request body is not valid JSON`
            : msg`bad request: ${err.message || err.status}`;
      return errorResponse(c, "invalid_input", message, err.status);
    }
    const e = isAppError(err) ? err : new AppError("internal", msg`internal error`);
    if (!isAppError(err)) console.error(err);
    const status = HTTP_STATUS[e.code] as 400;
    return c.json({ error: errorJson(e, c.req.header("accept-language")) }, status);
  });
  return app;
}
export type App = ReturnType<typeof createApp>;
