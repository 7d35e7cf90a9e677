// GET /api/strategy: champion vs challenger per playbook and scripts ranked by kept promises, within the user's
// portfolio (the same getStrategy as `huikuan strategy`).
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { IsoDate } from "../calendar/calendar-date.ts";
import type { Database } from "../db/database.ts";
import type { AuthEnv } from "../http/auth-middleware.ts";
import { ErrorBody, isoDate } from "../http/route-schemas.ts";
import { getStrategy } from "./get-strategy.ts";

const json = <S extends z.ZodType>(schema: S) => ({ "application/json": { schema } });
const strategyRoute = createRoute({
  method: "get",
  path: "/api/strategy",
  summary: "Champion vs challenger per playbook (recovery, days to pay, kept promises, 95% intervals); scripts ranked",
  request: {
    query: z.object({
      from: isoDate,
      to: isoDate,
      minUses: z.coerce.number().int().min(1).max(100_000).optional(),
    }),
  },
  responses: {
    200: { description: "The evaluation", content: json(z.record(z.string(), z.unknown()).openapi("StrategyReport")) },
    400: { description: "Bad dates", content: json(ErrorBody) },
  },
});

export function strategyRoutes(app: OpenAPIHono<AuthEnv>, deps: { database: Database }): void {
  app.openapi(strategyRoute, async (c) => {
    const q = c.req.valid("query");
    return c.json(
      await getStrategy(deps.database.db, c.get("user"), {
        from: q.from as IsoDate,
        to: q.to as IsoDate,
        minUses: q.minUses,
      }),
      200,
    );
  });
}
