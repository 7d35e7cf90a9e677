// /api/auth: sign in (sets the session cookie, HttpOnly, and the readable CSRF cookie), sign out, who am I.
import { getConnInfo } from "@hono/node-server/conninfo";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Database } from "../db/database.ts";
import type { AuthEnv } from "../http/auth-middleware.ts";
import { ErrorBody } from "../http/route-schemas.ts";
import { ABSOLUTE_MS, CSRF_COOKIE, login, logout, SESSION_COOKIE } from "./sessions.ts";
import { USER_ROLES } from "./users.schema.ts";

const User = z
  .object({
    id: z.number(),
    login: z.string(),
    name: z.string(),
    role: z.enum(USER_ROLES),
    team: z.string().nullable(),
  })
  .openapi("User");

const loginRoute = createRoute({
  method: "post",
  path: "/api/auth/login",
  summary: "Sign in; sets the session cookie and the CSRF cookie",
  request: {
    body: {
      content: {
        "application/json": {
          schema: z.object({ login: z.string().min(1).max(100), password: z.string().min(1).max(200) }).strict(),
        },
      },
    },
  },
  responses: {
    200: { description: "Signed in", content: { "application/json": { schema: z.object({ user: User }) } } },
    401: { description: "Wrong login or password", content: { "application/json": { schema: ErrorBody } } },
    429: { description: "Too many failed attempts", content: { "application/json": { schema: ErrorBody } } },
  },
});
const logoutRoute = createRoute({
  method: "post",
  path: "/api/auth/logout",
  summary: "Sign out (ends this session)",
  responses: { 204: { description: "Signed out" } },
});
const meRoute = createRoute({
  method: "get",
  path: "/api/auth/me",
  summary: "The signed-in user",
  responses: {
    200: { description: "The user", content: { "application/json": { schema: z.object({ user: User }) } } },
  },
});

function secure(c: Context): boolean {
  return c.req.header("x-forwarded-proto") === "https" || new URL(c.req.url).protocol === "https:";
}
function clientAddress(c: Context): string | null {
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    return null; // in-process requests (tests) have no socket
  }
}

export function authRoutes<T extends OpenAPIHono<AuthEnv>>(app: T, deps: { database: Database; now: () => Date }): T {
  app.openapi(loginRoute, async (c) => {
    const body = c.req.valid("json");
    const s = await login(deps, { ...body, ip: clientAddress(c) });
    const maxAge = Math.floor(ABSOLUTE_MS / 1000);
    const common = { path: "/", sameSite: "Lax" as const, secure: secure(c), maxAge };
    setCookie(c, SESSION_COOKIE, s.token, { ...common, httpOnly: true });
    setCookie(c, CSRF_COOKIE, s.csrf, { ...common, httpOnly: false });
    return c.json({ user: s.user }, 200);
  });
  app.openapi(logoutRoute, async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await logout(deps, token);
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    deleteCookie(c, CSRF_COOKIE, { path: "/" });
    return c.body(null, 204);
  });
  app.openapi(meRoute, (c) => c.json({ user: c.get("user") }, 200));
  return app;
}
