// Figure (security issue): what the auth + authorization layer adds per API request, p50 < 1 ms. Measured on
// PostgreSQL as the same route (GET /api/customers/{id}/timeline) through the app with a session and CSRF, against
// a bare Hono app that runs the same use case for a fixed admin: no session lookup, no CSRF, no request validation,
// and the portfolio check in its admin form (an existence query with no filter), so the difference is the layer.
// Usage: npx tsx bench/auth.ts [--requests 2000]
import { sql } from "drizzle-orm";
import { Hono } from "hono";
import { addUser } from "../src/auth/manage-users.ts";
import type { AuthUser } from "../src/auth/sessions.ts";
import { getTimeline } from "../src/customers/get-timeline.ts";
import { connect } from "../src/db/connect.ts";
import { migrate } from "../src/db/migrate.ts";
import { queryRows } from "../src/db/query-rows.ts";
import { createApp } from "../src/http/app.ts";
import { signIn } from "../test/http-session.ts";
import { arg, emitResult, freshPgDatabase, median, peakMb } from "./bench-util.ts";

const n = arg("requests", 2000);
const url = await freshPgDatabase("huikuan_bench_auth");
const database = await connect({ databaseUrl: url });
await migrate(database);
const deps = { database, now: () => new Date() };
const user = await addUser(
  deps,
  { login: "ann", name: "Ann", role: "collector", password: "ann-secret-pass" },
  "bench",
);
const [c] = await queryRows<{ id: string }>(
  database.db,
  sql`insert into customers (code, name, collector_id) values ('B-1', 'Bench', ${user.id}) returning id`,
);
const id = Number(c?.id);
const app = createApp({ ...deps, version: "bench" });
const client = await signIn(app, "ann", "ann-secret-pass");
const bare = new Hono();
const fixed: AuthUser = { ...user, team: null };
bare.get("/t/:id", async (c2) =>
  c2.json(await getTimeline(database.db, { ...fixed, role: "admin" }, Number(c2.req.param("id")))),
);

async function time(fn: () => Promise<Response>) {
  const ms: number[] = [];
  for (let i = 0; i < 200; i++) await (await fn()).arrayBuffer();
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const r = await fn();
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`HTTP ${r.status}`);
    ms.push(performance.now() - t0);
  }
  return median(ms);
}
const withAuth = await time(() => client("GET", `/api/customers/${id}/timeline`));
const without = await time(async () => await bare.request(`/t/${id}`));
const added = withAuth - without;
console.log(
  `timeline p50 with auth ${withAuth.toFixed(2)} ms, without ${without.toFixed(2)} ms: the layer adds ${added.toFixed(2)} ms (limit < 1) ${added < 1 ? "ok" : "OVER"}`,
);
await database.close();
emitResult("auth", [
  {
    figure: "timeline route with auth + authorization",
    engine: "PostgreSQL",
    value: withAuth,
    unit: "ms",
    floor: { label: "same use case, bare Hono route", value: without },
    peakMb: peakMb(),
    stat: `p50 of ${n} requests`,
    limits: [{ on: "excess", op: "<", value: 1, source: "issue 6" }],
  },
]);
