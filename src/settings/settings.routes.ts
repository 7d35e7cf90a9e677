// /api/settings/{key}: read a setting with its version (ETag), change it with If-Match (admins). A stale version
// answers 409 with the current state, so nobody overwrites a change they have not seen.

import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { requireRole } from "../auth/access.ts";
import type { Database } from "../db/database.ts";
import { AppError } from "../errors/app-error.ts";
import { errorJson } from "../errors/localize.ts";
import type { AuthEnv } from "../http/auth-middleware.ts";
import { ErrorBody } from "../http/route-schemas.ts";
import { getSettingVersioned, setSetting } from "./settings.ts";

const Setting = z.object({ key: z.string(), value: z.unknown(), version: z.number() }).openapi("Setting");
const keyParam = z.object({ key: z.string().min(1).max(100) });

const getRoute = createRoute({
  method: "get",
  path: "/api/settings/{key}",
  summary: "A setting and its version (also in the ETag header)",
  request: { params: keyParam },
  responses: {
    200: { description: "The setting", content: { "application/json": { schema: Setting } } },
    404: { description: "No such setting", content: { "application/json": { schema: ErrorBody } } },
  },
});
const putRoute = createRoute({
  method: "put",
  path: "/api/settings/{key}",
  summary: "Change a setting (admins); If-Match: the version you read",
  request: {
    params: keyParam,
    headers: z.object({ "if-match": z.string().regex(/^"?\d+"?$/, 'expected the version you read, e.g. "3"') }),
    body: { content: { "application/json": { schema: z.object({ value: z.unknown() }).strict() } } },
  },
  responses: {
    200: { description: "Saved", content: { "application/json": { schema: Setting } } },
    400: {
      description: "The value is refused, with the path of every problem",
      content: { "application/json": { schema: ErrorBody } },
    },
    409: {
      description: "Changed meanwhile: the current state",
      content: { "application/json": { schema: z.object({ error: ErrorBody.shape.error, current: Setting }) } },
    },
  },
});

export function settingsRoutes<T extends OpenAPIHono<AuthEnv>>(
  app: T,
  deps: { database: Database; now: () => Date },
): T {
  app.openapi(getRoute, async (c) => {
    const s = await getSettingVersioned(deps.database.db, c.req.valid("param").key);
    c.header("ETag", `"${s.version}"`);
    return c.json(s, 200);
  });
  app.openapi(putRoute, async (c) => {
    const user = c.get("user");
    requireRole(user, ["admin"], "changing settings");
    const { key } = c.req.valid("param");
    const expected = Number(c.req.valid("header")["if-match"].replace(/"/g, ""));
    try {
      await setSetting(deps, key, c.req.valid("json").value, user.login, expected);
    } catch (e) {
      if (e instanceof AppError && e.code === "conflict") {
        const current = await getSettingVersioned(deps.database.db, key);
        return c.json({ error: errorJson(e, c.req.header("accept-language")), current }, 409);
      }
      throw e;
    }
    const s = await getSettingVersioned(deps.database.db, key);
    c.header("ETag", `"${s.version}"`);
    return c.json(s, 200);
  });
  return app;
}
