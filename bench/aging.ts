// Figure (foundation issue): aging as of a date over C customers / I invoices / P payments, on PostgreSQL and PGlite,
// median of 3 runs, beside the bare SQL aggregate (balance and buckets per customer, no payment application).
// Usage: npx tsx bench/aging.ts [--customers 100000 --invoices 1000000 --payments 300000] [--skip-pglite 1]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { forEachAgingCustomer } from "../src/aging/get-aging.ts";
import { connect } from "../src/db/connect.ts";
import type { Database } from "../src/db/database.ts";
import { arg, type BenchFigure, emitResult, freshPgDatabase, median, peakMb, runCli } from "./bench-util.ts";

const size = {
  customers: arg("customers", 100_000),
  invoices: arg("invoices", 1_000_000),
  payments: arg("payments", 300_000),
};
const today = "2026-11-20";
const asOf = "2026-10-31";
const demoArgs = [
  "demo",
  "--customers",
  String(size.customers),
  "--invoices",
  String(size.invoices),
  "--payments",
  String(size.payments),
  "--as-of",
  today,
];

const figures: BenchFigure[] = [];

async function measure(label: string, database: Database, limit: number) {
  const times: number[] = [];
  const floors: number[] = [];
  let customers = 0;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    customers = 0;
    await forEachAgingCustomer(database, { asOf }, (rows) => {
      customers += rows.length;
    });
    times.push((performance.now() - t0) / 1000);
    const t1 = performance.now();
    await database.db.execute(sql`select customer_id, sum(amount),
        sum(amount) filter (where due_date >= ${asOf}::date),
        sum(amount) filter (where ${asOf}::date - due_date between 1 and 30),
        sum(amount) filter (where ${asOf}::date - due_date > 30)
      from invoices where issue_date <= ${asOf}::date group by customer_id`);
    floors.push((performance.now() - t1) / 1000);
  }
  console.log(
    `${label} (limit ${limit} s): aging as of ${asOf} by customer ${median(times).toFixed(2)} s median of 3 (${customers} customers with open items); bare aggregate ${median(floors).toFixed(2)} s`,
  );
  figures.push({
    figure: `aging by customer, ${size.customers} customers / ${size.invoices} invoices`,
    engine: label === "PGlite" ? "PGlite" : "PostgreSQL",
    value: median(times),
    unit: "s",
    floor: { label: "bare SQL aggregate", value: median(floors) },
    peakMb: peakMb(),
    stat: "median of 3",
    limits: [{ on: "value", op: "<", value: limit, fullSizeOnly: true, source: "issue 2" }],
  });
}

console.log(`aging bench: ${size.customers} customers / ${size.invoices} invoices / ${size.payments} payments`);
const url = await freshPgDatabase("huikuan_bench_aging");
const load = runCli(demoArgs, { DATABASE_URL: url });
console.log(`PostgreSQL: demo data loaded in ${load.seconds.toFixed(1)} s`);
const pgdb = await connect({ databaseUrl: url });
await measure("PostgreSQL", pgdb, 5);
await pgdb.close();

if (!arg("skip-pglite", 0)) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "huikuan-bench-aging-"));
  const lite = runCli(demoArgs, { HUIKUAN_DATA_DIR: dir, DATABASE_URL: "" });
  console.log(`PGlite: demo data loaded in ${lite.seconds.toFixed(1)} s`);
  const litedb = await connect({ dataDir: dir });
  await measure("PGlite", litedb, 10);
  await litedb.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
emitResult("aging", figures);
