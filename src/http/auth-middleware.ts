// Every /api request but the public ones needs a session; every state-changing one also the CSRF token
// (double submit: the readable huikuan_csrf cookie echoed in X-CSRF-Token, matching the session's).
import type { MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { type AuthUser, CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE, sessionUser } from "../auth/sessions.ts";
import type { Database } from "../db/database.ts";
import { msg } from "../errors/app-error.ts";
import { errorResponse } from "./error-response.ts";

export type AuthEnv = { Variables: { user: AuthUser } };

const PUBLIC = new Set(["GET /api/health", "GET /api/openapi.json", "POST /api/auth/login"]);
/**
 * Reached from outside without a session: unsubscribe links (signed), the debtor portal (its link's token and a
 * per-link form token), provider webhooks and the inbound e-mail webhook (signed).
 */
const PUBLIC_PREFIXES = ["/api/unsubscribe/", "/api/portal/", "/api/webhooks/", "/api/inbound/"];
const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

export function authMiddleware(deps: { database: Database; now: () => Date }): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const path = c.req.path;
    if (!path.startsWith("/api/") || PUBLIC.has(`${c.req.method} ${path}`)) return next();
    if (PUBLIC_PREFIXES.some((p) => path.startsWith(p))) return next();
    const token = getCookie(c, SESSION_COOKIE);
    const session = token ? await sessionUser(deps, token) : null;
    if (!session) {
      return errorResponse(c, "unauthorized", msg`sign in first (POST /api/auth/login)`);
    }
    if (!SAFE.has(c.req.method)) {
      const header = c.req.header(CSRF_HEADER);
      const cookie = getCookie(c, CSRF_COOKIE);
      if (!header || header !== session.csrf || cookie !== session.csrf) {
        return errorResponse(
          c,
          "forbidden",
          msg`missing or wrong ${CSRF_HEADER} header (echo the ${CSRF_COOKIE} cookie)`,
        );
      }
    }
    c.set("user", session.user);
    return next();
  };
}
