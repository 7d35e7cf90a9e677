// Figure (foundation issue): import of N invoice rows over C customers from CSV, end to end through the CLI,
// beside a bare COPY of the same file into an unindexed table measured in the same run; peak memory; PGlite time.
// Usage: npx tsx bench/import.ts [--rows 1000000] [--customers 100000] [--runs 1] [--skip-pglite 1]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { arg, type BenchFigure, emitResult, freshPgDatabase, median, runCli, writeInvoiceCsv } from "./bench-util.ts";

const rows = arg("rows", 1_000_000);
const customers = arg("customers", 100_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "huikuan-bench-import-"));
const csv = path.join(dir, `invoices-${rows}.csv`);

writeInvoiceCsv(csv, rows, customers);
console.log(
  `import bench: ${rows} invoice rows over ${customers} customers (${(fs.statSync(csv).size / 1e6).toFixed(0)} MB)`,
);

// Each run imports into a fresh database (a re-import changes nothing); with --runs N the figures are medians.
const runs = arg("runs", 1);
const bares: number[] = [];
const imports: { seconds: number; peakMb: number }[] = [];
let url = "";
for (let r = 0; r < runs; r++) {
  url = await freshPgDatabase("huikuan_bench_import");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(
    "create table bare(customer_code text, customer_name text, number text, issue_date date, due_date date, amount numeric, currency text)",
  );
  const t0 = performance.now();
  await pipeline(fs.createReadStream(csv), client.query(copyFrom("copy bare from stdin csv header")));
  const bare = (performance.now() - t0) / 1000;
  await client.end();
  runCli(["migrate"], { DATABASE_URL: url });
  const imp = runCli(["import", "invoices", csv], { DATABASE_URL: url });
  console.log(`PostgreSQL: bare COPY ${bare.toFixed(2)} s (${Math.round(rows / bare)} rows/s)`);
  console.log(
    `PostgreSQL: huikuan import ${imp.seconds.toFixed(2)} s = ${Math.round(rows / imp.seconds)} rows/s, ratio to bare COPY ${(bare / imp.seconds).toFixed(2)} (floor 0.2, aim 0.5), peak ${imp.peakMb} MB (limit 500)`,
  );
  bares.push(bare);
  imports.push(imp);
}
const again = runCli(["import", "invoices", csv], { DATABASE_URL: url });
console.log(`PostgreSQL: re-import of the same file (nothing changes) ${again.seconds.toFixed(2)} s`);
const stat = runs > 1 ? `median of ${runs}` : undefined;
const figures: BenchFigure[] = [
  {
    figure: `import ${rows} invoice rows (CSV, CLI)`,
    engine: "PostgreSQL",
    value: rows / median(imports.map((i) => i.seconds)),
    unit: "rows/s",
    floor: { label: "bare COPY", value: rows / median(bares) },
    peakMb: Math.max(...imports.map((i) => i.peakMb)),
    stat,
    limits: [
      { on: "value", op: ">=", value: 100_000, source: "issue 2" },
      // The CLI's start (a few hundred ms) is a fixed cost the bare COPY does not pay: the ratio is the at
      // its size, 1,000,000 rows.
      { on: "ratio", op: ">=", value: 0.2, fullSizeOnly: true, source: "issue 2 (1,000,000 rows)" },
      { on: "peakMb", op: "<", value: 500, source: "issue 2" },
    ],
  },
  { figure: "re-import, nothing changes", engine: "PostgreSQL", value: again.seconds, unit: "s", peakMb: again.peakMb },
];

if (!arg("skip-pglite", 0)) {
  // Migrated once; each run imports into a copy of that folder.
  const migrated = path.join(dir, "pglite-migrated");
  runCli(["migrate"], { HUIKUAN_DATA_DIR: migrated, DATABASE_URL: "" });
  const lites: { seconds: number; peakMb: number }[] = [];
  for (let r = 0; r < runs; r++) {
    const dataDir = path.join(dir, `pglite-${r}`);
    fs.cpSync(migrated, dataDir, { recursive: true });
    const lite = runCli(["import", "invoices", csv], { HUIKUAN_DATA_DIR: dataDir, DATABASE_URL: "" });
    console.log(
      `PGlite: huikuan import ${lite.seconds.toFixed(2)} s = ${Math.round(rows / lite.seconds)} rows/s (limit 60 s), peak ${lite.peakMb} MB`,
    );
    fs.rmSync(dataDir, { recursive: true, force: true });
    lites.push(lite);
  }
  // Issue 2: < 60 s for 1,000,000 rows, i.e. at least 16,667 rows/s.
  figures.push({
    figure: `import ${rows} invoice rows (CSV, CLI)`,
    engine: "PGlite",
    value: rows / median(lites.map((l) => l.seconds)),
    unit: "rows/s",
    peakMb: Math.max(...lites.map((l) => l.peakMb)),
    stat,
    limits: [{ on: "value", op: ">=", value: 1_000_000 / 60, source: "issue 2 (60 s per 1,000,000 rows)" }],
  });
}
fs.rmSync(dir, { recursive: true, force: true });
emitResult("import", figures);
