// Idempotency-Key on POST requests that create things (payments, promises, plans, contacts logged, messages): a
// retry of the same request gets the first response (status and body) and creates nothing; the same key with a
// different request answers 422; a retry while the first is still running answers 409, so concurrent replays
// create one record. Keys belong to the signed-in user. Requests that are not JSON (uploads) are not keyed.
import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import type { MiddlewareHandler } from "hono";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { msg } from "../errors/app-error.ts";
import type { AuthEnv } from "./auth-middleware.ts";
import { errorResponse } from "./error-response.ts";

const HEADER = "Idempotency-Key";
/** Marks a stored answer that is not JSON (JSON starts with { or [): "binary:" type, a line break, base64. */
const BINARY = "binary:";
/** A first request that never finished (the process died) stops blocking its key after this long. */
const ABANDONED_MS = 5 * 60_000;

export function idempotency(deps: { database: Database; now: () => Date }): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const key = c.req.header(HEADER);
    if (c.req.method !== "POST" || !key) return next();
    if (key.length > 200) return errorResponse(c, "invalid_input", msg`${HEADER} is too long`);
    const user = c.get("user");
    if (!user) return next(); // public routes (sign-in) are not keyed
    // Keys cover JSON requests. Uploads (an import file, an attachment) stream to their handler, which reading them
    // here would break; an import is all or nothing and a re-run of the same file changes nothing, so it needs none.
    if (!(c.req.header("content-type") ?? "application/json").includes("json")) return next();
    const body = await c.req.text();
    const hash = createHash("sha256").update(`${c.req.method} ${c.req.path}\n${body}`).digest("hex");
    const db = deps.database.db;
    const now = deps.now();
    const claimed = await queryRows<{ key: string }>(
      db,
      sql`insert into idempotency_keys (user_id, key, request_hash, created_at)
          values (${user.id}, ${key}, ${hash}, ${now.toISOString()}::timestamptz)
          on conflict (user_id, key) do nothing returning key`,
    );
    if (!claimed.length) {
      const [prior] = await queryRows<{
        request_hash: string;
        status: number | null;
        body: string | null;
        created_at: string | Date;
      }>(
        db,
        sql`select request_hash, status, body, created_at from idempotency_keys where user_id = ${user.id} and key = ${key}`,
      );
      if (prior && prior.request_hash !== hash) {
        return errorResponse(c, "unprocessable", msg`${HEADER} "${key}" was used for a different request`);
      }
      if (prior && prior.status === null) {
        if (now.getTime() - new Date(prior.created_at).getTime() < ABANDONED_MS) {
          return errorResponse(c, "conflict", msg`a request with ${HEADER} "${key}" is still running`);
        }
        await db.execute(
          sql`delete from idempotency_keys where user_id = ${user.id} and key = ${key} and status is null`,
        );
        return idempotency(deps)(c, next);
      }
      if (prior) {
        c.header("Idempotent-Replayed", "true");
        const stored = prior.body ?? "";
        if (stored.startsWith(BINARY)) {
          const [type, data] = stored.slice(BINARY.length).split("\n");
          return c.body(Buffer.from(data ?? "", "base64"), prior.status as 200, { "content-type": type ?? "" });
        }
        return c.body(stored, prior.status as 200, { "content-type": "application/json" });
      }
    }
    await next();
    const status = c.res.status;
    if (status >= 500) {
      // Nothing was done for sure: let the client retry with the same key.
      await db.execute(sql`delete from idempotency_keys where user_id = ${user.id} and key = ${key}`);
      return;
    }
    // JSON answers are kept as they are; anything else (a PDF) as its type and base64, since its bytes are not text.
    const type = c.res.headers.get("content-type") ?? "";
    const text = type.includes("json")
      ? await c.res.clone().text()
      : `${BINARY}${type}\n${Buffer.from(await c.res.clone().arrayBuffer()).toString("base64")}`;
    await db.execute(sql`update idempotency_keys set status = ${status}, body = ${text}
      where user_id = ${user.id} and key = ${key}`);
  };
}
