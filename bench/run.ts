// Figure (engine issue): the daily run over C customers / I invoices / P payments, on PostgreSQL and PGlite, median
// of 3 first runs (the engine's tables emptied between them), beside one bare SQL statement that only computes
// per-customer balance, oldest overdue days and aging buckets over the same rows, measured in the same run.
// Limits: PostgreSQL <= 3x the bare statement, PGlite <= 4x.
// The bare statement is the acceptance check's (../shared/acceptance/run-scale), word for word: over the rows as an
// ERP export has them (tables of text, dates and decimal amounts, as `\copy` loads the CSV files), so both engines
// are measured against the same floor. The same sums over the engine's own typed tables (bigint minor units,
// customer ids) take about half as long; that ratio is printed too.
// Usage: npx tsx bench/run.ts [--customers 100000 --invoices 1000000 --payments 300000] [--skip-pglite 1] [--skip-pg 1]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type SQL, sql } from "drizzle-orm";
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

/** The rows as the import files had them: what the acceptance check loads with \copy (the demo's currencies have 2 digits). */
const bareTables = [
  sql`drop table if exists bare_inv`,
  sql`drop table if exists bare_pay`,
  sql`create table bare_inv(customer_code text, customer_name text, number text, issue_date date, due_date date, amount numeric, currency text)`,
  sql`create table bare_pay(customer_code text, reference text, date date, amount numeric, currency text)`,
  sql`insert into bare_inv select c.code, c.name, i.number, i.issue_date, i.due_date, i.amount / 100.0, i.currency
    from invoices i join customers c on c.id = i.customer_id order by i.id`,
  sql`insert into bare_pay select c.code, p.reference, p.paid_on, p.amount / 100.0, p.currency
    from payments p join customers c on c.id = p.customer_id order by p.id`,
  sql`analyze bare_inv`,
  sql`analyze bare_pay`,
];

const buckets = (code: SQL, from: SQL) => sql`select ${code}, sum(amount) total,
      max(case when due_date < date '${sql.raw(today)}' then date '${sql.raw(today)}' - due_date end) oldest,
      sum(amount) filter (where due_date >= date '${sql.raw(today)}') b0,
      sum(amount) filter (where date '${sql.raw(today)}' - due_date between 1 and 30) b30,
      sum(amount) filter (where date '${sql.raw(today)}' - due_date between 31 and 60) b60,
      sum(amount) filter (where date '${sql.raw(today)}' - due_date between 61 and 90) b90,
      sum(amount) filter (where date '${sql.raw(today)}' - due_date between 91 and 180) b180,
      sum(amount) filter (where date '${sql.raw(today)}' - due_date between 181 and 365) b365,
      sum(amount) filter (where date '${sql.raw(today)}' - due_date > 365) bmax
    from ${from} where issue_date <= date '${sql.raw(today)}' group by ${code}`;

/** The acceptance check's statement. */
const floorSql = sql`create temp table bare_status on commit drop as
  with i as (${buckets(sql`customer_code`, sql`bare_inv`)}),
  p as (select customer_code, sum(amount) paid from bare_pay where date <= date '${sql.raw(today)}' group by customer_code)
  select i.*, i.total - coalesce(p.paid, 0) balance from i left join p using (customer_code)`;

/** The same sums over the engine's own tables. */
const typedFloorSql = sql`create temp table typed_status on commit drop as
  with i as (${buckets(sql`customer_id`, sql`invoices`)}),
  p as (select customer_id, sum(amount) paid from payments where paid_on <= date '${sql.raw(today)}' group by customer_id)
  select i.*, i.total - coalesce(p.paid, 0) balance from i left join p using (customer_id)`;

async function timed(database: Database, statement: SQL): Promise<number> {
  const t = performance.now();
  await database.transaction(async (conn) => {
    await conn.db.execute(statement);
  });
  return (performance.now() - t) / 1000;
}

async function measure(label: string, database: Database, limit: number) {
  const runs: number[] = [];
  const floors: number[] = [];
  const typedFloors: number[] = [];
  let tasks = 0;
  for (const statement of bareTables) await database.db.execute(statement);
  for (let i = 0; i < 3; i++) {
    await database.db.execute(
      sql`truncate tasks, cause_history, collection_states, collection_runs, collection_run_shards, contact_attempts, interactions, promises cascade`,
    );
    typedFloors.push(await timed(database, typedFloorSql));
    floors.push(await timed(database, floorSql));
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
  const typedRatio = median(runs) / median(typedFloors);
  console.log(
    `${label}: daily run ${median(runs).toFixed(2)} s median of 3 (${tasks} tasks); bare statement ${median(floors).toFixed(2)} s; ratio ${ratio.toFixed(2)} (limit ${limit}) ${ratio <= limit ? "ok" : "OVER"}; ` +
      `the same sums over the engine's typed tables ${median(typedFloors).toFixed(2)} s (ratio ${typedRatio.toFixed(2)})`,
  );
  emitResult("run", [
    {
      figure: `daily run, ${size.customers} customers / ${size.invoices} invoices`,
      engine: label === "PGlite" ? "PGlite" : "PostgreSQL",
      value: median(runs),
      unit: "s",
      floor: { label: "bare SQL statement (the acceptance check's)", value: median(floors) },
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
