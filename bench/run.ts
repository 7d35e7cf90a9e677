// Figure (engine issue): the daily run over C customers / I invoices / P payments, on PostgreSQL and PGlite, median
// of 3 first runs (the engine's tables emptied between them), beside one bare SQL statement that only computes
// per-customer balance, oldest overdue days and aging buckets over the same rows, measured in the same run.
// Limits: PostgreSQL <= 3x the bare statement, PGlite <= 4x.
// Usage: npx tsx bench/run.ts [--customers 100000 --invoices 1000000 --payments 300000] [--skip-pglite 1] [--skip-pg 1]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { runDaily } from "../src/collection/run-daily.ts";
import { connect } from "../src/db/connect.ts";
import type { Database } from "../src/db/database.ts";
import { arg, emitResult, freshPgDatabase, median, peakMb, runCli } from "./bench-util.ts";

const size = {
  customers: arg("customers", 100_000),
  invoices: arg("invoices", 1_000_000),
  payments: arg("payments", 300_000),
};
const today = "2026-11-20";
const demoArgs = ["demo", ...Object.entries(size).flatMap(([k, v]) => [`--${k}`, String(v)]), "--as-of", today];

const floorSql = sql`create temp table bare_status on commit drop as
  with i as (select customer_id, sum(amount) total,
      max(case when due_date < ${today}::date then ${today}::date - due_date end) oldest,
      sum(amount) filter (where due_date >= ${today}::date) b0,
      sum(amount) filter (where ${today}::date - due_date between 1 and 30) b30,
      sum(amount) filter (where ${today}::date - due_date between 31 and 60) b60,
      sum(amount) filter (where ${today}::date - due_date between 61 and 90) b90,
      sum(amount) filter (where ${today}::date - due_date between 91 and 180) b180,
      sum(amount) filter (where ${today}::date - due_date between 181 and 365) b365,
      sum(amount) filter (where ${today}::date - due_date > 365) bmax
    from invoices where issue_date <= ${today}::date group by customer_id),
  p as (select customer_id, sum(amount) paid from payments where paid_on <= ${today}::date group by customer_id)
  select i.*, i.total - coalesce(p.paid, 0) balance from i left join p using (customer_id)`;

async function measure(label: string, database: Database, limit: number) {
  const runs: number[] = [];
  const floors: number[] = [];
  let tasks = 0;
  for (let i = 0; i < 3; i++) {
    await database.db.execute(
      sql`truncate tasks, cause_history, collection_states, collection_runs, collection_run_shards, contact_attempts, interactions, promises cascade`,
    );
    const t1 = performance.now();
    await database.transaction(async (conn) => {
      await conn.db.execute(floorSql);
    });
    floors.push((performance.now() - t1) / 1000);
    const t0 = performance.now();
    const r = await runDaily(
      { database, now: () => new Date(`${today}T12:00:00Z`) },
      {
        asOf: today,
        trigger: "cli",
        actor: "bench",
      },
    );
    runs.push((performance.now() - t0) / 1000);
    tasks = r.stats.tasksCreated;
  }
  const ratio = median(runs) / median(floors);
  console.log(
    `${label}: daily run ${median(runs).toFixed(2)} s median of 3 (${tasks} tasks); bare statement ${median(floors).toFixed(2)} s; ratio ${ratio.toFixed(2)} (limit ${limit}) ${ratio <= limit ? "ok" : "OVER"}`,
  );
  emitResult("run", [
    {
      figure: `daily run, ${size.customers} customers / ${size.invoices} invoices`,
      engine: label === "PGlite" ? "PGlite" : "PostgreSQL",
      value: median(runs),
      unit: "s",
      floor: { label: "bare SQL statement", value: median(floors) },
      peakMb: peakMb(),
      stat: "median of 3",
      limits: [{ on: "ratio", op: "<=", value: limit, source: "issue 3" }],
    },
  ]);
}

console.log(`daily run bench: ${size.customers} customers / ${size.invoices} invoices / ${size.payments} payments`);
if (!arg("skip-pg", 0)) {
  const url = await freshPgDatabase("huikuan_bench_run");
  const load = runCli(demoArgs, { DATABASE_URL: url });
  console.log(`PostgreSQL: demo data loaded in ${load.seconds.toFixed(1)} s`);
  const pgdb = await connect({ databaseUrl: url });
  await pgdb.db.execute(sql`analyze`);
  await measure("PostgreSQL", pgdb, 3);
  await pgdb.close();
}

if (!arg("skip-pglite", 0)) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "huikuan-bench-run-"));
  const lite = runCli(demoArgs, { HUIKUAN_DATA_DIR: dir, DATABASE_URL: "" });
  console.log(`PGlite: demo data loaded in ${lite.seconds.toFixed(1)} s`);
  const litedb = await connect({ dataDir: dir });
  await litedb.db.execute(sql`analyze`);
  await measure("PGlite", litedb, 4);
  await litedb.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
