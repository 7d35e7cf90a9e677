// Figures (scale issue): ten times the issues' data on PostgreSQL — 1,000,000 customers / 10,000,000 invoices /
// 3,000,000 payments — imported through the CLI (rows/s, peak memory), then the first daily run split into shards
// with one `huikuan worker` beside the process that starts it (seconds, each process's peak memory), and the
// database's size. Limits: import >= 100,000 rows/s; the run < 90 s with 2 workers on this machine.
// The worklist at that size: bench/worklist.ts --customers 1000000 --invoices 10000000 --payments 3000000.
// Usage: npx tsx bench/scale.ts [--customers 1000000 --invoices 10000000 --payments 3000000 --shards 4]
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { arg, emitResult, freshPgDatabase, peakMbOf, runCli, writeInvoiceCsv, writePaymentCsv } from "./bench-util.ts";

const size = {
  customers: arg("customers", 1_000_000),
  invoices: arg("invoices", 10_000_000),
  payments: arg("payments", 3_000_000),
};
const shards = arg("shards", 4);
const asOf = "2026-11-20";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "huikuan-bench-scale-"));
const invoices = path.join(dir, "invoices.csv");
const payments = path.join(dir, "payments.csv");
writeInvoiceCsv(invoices, size.invoices, size.customers);
writePaymentCsv(payments, size.payments, size.customers);
const url = await freshPgDatabase("huikuan_bench_scale");
const env = { DATABASE_URL: url };

const imported = {
  invoices: runCli(["import", "invoices", invoices], env),
  payments: runCli(["import", "payments", payments], env),
};
for (const [kind, r] of Object.entries(imported)) {
  const rows = kind === "invoices" ? size.invoices : size.payments;
  console.log(
    `import ${kind}: ${rows} rows in ${r.seconds.toFixed(1)} s = ${Math.round(rows / r.seconds)} rows/s, peak ${r.peakMb} MB`,
  );
}

// The worker first, waiting for a run; then the run, which takes shards alongside it.
const worker = spawn(process.execPath, ["bin/huikuan.js", "worker", "--concurrency", "1", "--idle", "200"], {
  env: { ...process.env, ...env },
  stdio: ["ignore", "pipe", "inherit"],
});
await new Promise<void>((resolve) => worker.stdout.once("data", () => resolve()));
const run = runCli(["run", "--as-of", asOf, "--concurrency", "1", "--shards", String(shards)], env);
// The kernel's high-water mark of the worker's resident memory, read before it stops.
const workerPeak = peakMbOf(worker.pid) ?? 0;
worker.kill();
const client = new pg.Client({ connectionString: url });
await client.connect();
const { rows } = await client.query(
  `select pg_database_size(current_database())::float8 / 1e9 as gb,
     (select stats->>'tasksCreated' from collection_runs where as_of = $1) as tasks,
     (select count(distinct worker)::int from collection_run_shards where as_of = $1) as processes`,
  [asOf],
);
await client.end();
const { gb, tasks, processes } = rows[0] as { gb: number; tasks: string; processes: number };
console.log(
  `daily run: ${run.seconds.toFixed(1)} s over ${shards} shards taken by ${processes} processes, ${tasks} tasks; ` +
    `peak ${run.peakMb} MB (run), ${workerPeak} MB (worker); database ${gb.toFixed(2)} GB`,
);
const stat = `${size.customers} customers / ${size.invoices} invoices / ${size.payments} payments`;
emitResult("scale", [
  {
    figure: `import ${size.invoices} invoice rows (CSV, CLI)`,
    engine: "PostgreSQL",
    value: size.invoices / imported.invoices.seconds,
    unit: "rows/s",
    peakMb: imported.invoices.peakMb,
    stat,
    limits: [{ on: "value", op: ">=", value: 100_000, source: "issue 9" }],
  },
  {
    figure: `import ${size.payments} payment rows (CSV, CLI)`,
    engine: "PostgreSQL",
    value: size.payments / imported.payments.seconds,
    unit: "rows/s",
    peakMb: imported.payments.peakMb,
    stat,
    limits: [{ on: "value", op: ">=", value: 100_000, source: "issue 9" }],
  },
  {
    figure: `first daily run, ${shards} shards, run + 1 worker`,
    engine: "PostgreSQL",
    value: run.seconds,
    unit: "s",
    peakMb: Math.max(run.peakMb, workerPeak),
    stat: `${stat}; database ${gb.toFixed(2)} GB`,
    limits: [{ on: "value", op: "<", value: 90, source: "issue 9 (2 workers)" }],
  },
]);
fs.rmSync(dir, { recursive: true, force: true });
