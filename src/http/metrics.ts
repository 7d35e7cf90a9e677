// GET /metrics in Prometheus' text format (prom-client): this process (CPU, memory, event-loop delay, GC), its HTTP
// requests by route and status with latency histograms, and the state of the work that all processes share, read
// from the database at scrape time: open tasks, the latest daily run and its shards, the outbox queue.
// Off unless HUIKUAN_METRICS_TOKEN is set; then a scraper sends it as a bearer token.
import { sql } from "drizzle-orm";
import type { Context, MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { msg } from "../errors/app-error.ts";
import { errorResponse } from "./error-response.ts";

type Metrics = {
  registry: Registry;
  requests: Counter<"method" | "route" | "status">;
  latency: Histogram<"method" | "route">;
};
let shared: Metrics | null = null;
/** Where the database-backed gauges read from: the last app created in this process. */
let source: Database | null = null;

/** One registry per process (several apps in one process, as in tests, share it). */
function metrics(): Metrics {
  if (shared) return shared;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "huikuan_" });
  const requests = new Counter({
    name: "huikuan_http_requests_total",
    help: "HTTP requests answered, by method, route pattern and status",
    labelNames: ["method", "route", "status"] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: "huikuan_http_request_duration_seconds",
    help: "Time to answer an HTTP request, by method and route pattern",
    labelNames: ["method", "route"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  new Gauge({
    name: "huikuan_tasks_open",
    help: "Open and snoozed tasks on all worklists",
    labelNames: ["status"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      if (!source) return;
      for (const r of await queryRows<{ status: string; n: number }>(
        source.db,
        sql`select status, count(*)::int as n from tasks where status in ('open', 'snoozed') group by status`,
      )) {
        this.set({ status: r.status }, Number(r.n));
      }
    },
  });
  new Gauge({
    name: "huikuan_run_latest",
    help: "The latest daily run: its date (unix seconds), 1 when done, its duration in seconds",
    labelNames: ["field"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      if (!source) return;
      const [r] = await queryRows<{ as_of: string; status: string; ms: number | null }>(
        source.db,
        sql`select as_of::text, status, (stats->>'durationMs')::float8 as ms from collection_runs
          order by as_of desc limit 1`,
      );
      if (!r) return;
      this.set({ field: "as_of" }, Date.parse(`${r.as_of}T00:00:00Z`) / 1000);
      this.set({ field: "done" }, r.status === "done" ? 1 : 0);
      if (r.ms !== null) this.set({ field: "duration_seconds" }, Number(r.ms) / 1000);
    },
  });
  new Gauge({
    name: "huikuan_run_shards",
    help: "Shards of the latest daily run by status, and how many were retried",
    labelNames: ["status"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      if (!source) return;
      for (const r of await queryRows<{ status: string; n: number; retried: number }>(
        source.db,
        sql`select status, count(*)::int as n, count(*) filter (where attempts > 1)::int as retried
          from collection_run_shards where as_of = (select max(as_of) from collection_runs) group by status`,
      )) {
        this.set({ status: r.status }, Number(r.n));
        if (Number(r.retried)) this.inc({ status: "retried" }, Number(r.retried));
      }
    },
  });
  new Gauge({
    name: "huikuan_outbox_messages",
    help: "Messages in the outbox by status (the sending queue's depth)",
    labelNames: ["status"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      if (!source) return;
      const [exists] = await queryRows<{ t: string | null }>(
        source.db,
        sql`select to_regclass('outbox_messages')::text as t`,
      );
      if (!exists?.t) return;
      for (const r of await queryRows<{ status: string; n: number }>(
        source.db,
        sql`select status, count(*)::int as n from outbox_messages group by status`,
      )) {
        this.set({ status: r.status }, Number(r.n));
      }
    },
  });
  shared = { registry, requests, latency };
  return shared;
}

/** Counts and times every request under `/api`, labelled by the route pattern (not the path, so ids add no series). */
export function requestMetrics(database: Database): MiddlewareHandler {
  const m = metrics();
  source = database;
  return async (c, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      // The handler's pattern (the first route matched that is not middleware), not the path: ids add no series.
      const handler = matchedRoutes(c).find((r) => r.method !== "ALL");
      const route = handler?.path ?? "unmatched";
      m.requests.inc({ method: c.req.method, route, status: String(c.res.status) });
      m.latency.observe({ method: c.req.method, route }, (performance.now() - started) / 1000);
    }
  };
}

/** The /metrics handler; 404 when no token is configured, 401 on a wrong one. */
export async function metricsHandler(c: Context, token = process.env.HUIKUAN_METRICS_TOKEN): Promise<Response> {
  if (!token) return errorResponse(c, "not_found", msg`metrics are off (set HUIKUAN_METRICS_TOKEN)`);
  if (c.req.header("authorization") !== `Bearer ${token}`) {
    return errorResponse(c, "unauthorized", msg`send the metrics token as a bearer token`);
  }
  const { registry } = metrics();
  return c.body(await registry.metrics(), 200, { "content-type": registry.contentType });
}
