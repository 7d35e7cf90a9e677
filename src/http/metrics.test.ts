import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, openTestDatabase } from "../../test/test-database.ts";
import type { Database } from "../db/database.ts";
import { createApp } from "./app.ts";

describe.each(ENGINES)("GET /metrics on %s", (engine) => {
  let database: Database;
  let app: ReturnType<typeof createApp>;
  const before = process.env.HUIKUAN_METRICS_TOKEN;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    app = createApp({ database, now: () => new Date("2025-03-12T02:00:00Z"), version: "test" });
    await database.db.execute(sql`insert into collection_runs (as_of, status, trigger, started_at, stats)
      values ('2025-03-11', 'done', 'cli', now(), '{"durationMs": 2500}')`);
    await database.db.execute(sql`insert into collection_run_shards (as_of, shard, shard_count, status, attempts)
      values ('2025-03-11', 0, 2, 'done', 1), ('2025-03-11', 1, 2, 'done', 2)`);
  });
  afterAll(async () => {
    process.env.HUIKUAN_METRICS_TOKEN = before;
    await database.close();
  });

  it("is off without a token, refuses a wrong one, and serves Prometheus text with the right one", async () => {
    delete process.env.HUIKUAN_METRICS_TOKEN;
    expect((await app.request("/metrics")).status).toBe(404);
    process.env.HUIKUAN_METRICS_TOKEN = "s3cret-token";
    expect((await app.request("/metrics", { headers: { authorization: "Bearer nope" } })).status).toBe(401);
    await app.request("/api/auth/me"); // anonymous: 401, counted under its route pattern
    await app.request("/api/customers/123"); // counted by pattern, not by id
    const res = await app.request("/metrics", { headers: { authorization: "Bearer s3cret-token" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/huikuan_http_requests_total\{method="GET",route="\/api\/auth\/me",status="401"\} [1-9]/);
    expect(text).not.toMatch(/route="\/api\/customers\/123"/);
    expect(text).toMatch(/huikuan_run_latest\{field="duration_seconds"\} 2\.5/);
    expect(text).toMatch(/huikuan_run_shards\{status="done"\} 2/);
    expect(text).toMatch(/huikuan_run_shards\{status="retried"\} 1/);
    expect(text).toMatch(/huikuan_process_resident_memory_bytes \d+/);
  });
});
