// Figure (analytics issue): the payment forecast of every open invoice, training included, on the demo company
// (default 10,000 customers, two years of history) on PostgreSQL: time to read the rows known on D, to settle and
// fit, and the whole forecast. Usage: npx tsx bench/forecast.ts [--customers 10000] [--invoices 200000]
//   [--payments 170000] [--pglite 1]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadLedgerAsOf } from "../src/analytics/forecast.repository.ts";
import { buildForecast, cashWeeks } from "../src/analytics/forecast-build.ts";
import { forecastPayments } from "../src/analytics/forecast-payments.ts";
import { connect } from "../src/db/connect.ts";
import { migrate } from "../src/db/migrate.ts";
import { loadDemo } from "../src/demo/load-demo.ts";
import { arg, freshPgDatabase } from "./bench-util.ts";

const customers = arg("customers", 10_000);
const invoices = arg("invoices", customers * 20);
const payments = arg("payments", Math.round(invoices * 0.85));
const onPglite = arg("pglite", 0) === 1;
const today = "2025-06-30";
const dir = onPglite ? fs.mkdtempSync(path.join(os.tmpdir(), "huikuan-bench-forecast-")) : "";
const database = onPglite
  ? await connect({ dataDir: dir })
  : await connect({ databaseUrl: await freshPgDatabase("huikuan_bench_forecast") });
await migrate(database);
const now = () => new Date(`${today}T10:00:00Z`);
let t = performance.now();
await loadDemo({ database, now }, { customers, invoices, payments, today });
console.log(
  `demo: ${customers} customers, ${invoices} invoices, ${payments} payments loaded in ${((performance.now() - t) / 1000).toFixed(1)} s`,
);

t = performance.now();
const rows = await loadLedgerAsOf(database.db, today, "Asia/Shanghai");
const read = performance.now() - t;
t = performance.now();
const set = buildForecast(rows, today);
const fit = performance.now() - t;
t = performance.now();
cashWeeks(set, 13);
const cash = performance.now() - t;
console.log(
  `forecast as of ${today} (${database.description}): read ${(read / 1000).toFixed(2)} s, settle + fit + predict ` +
    `${(fit / 1000).toFixed(2)} s (${set.historyInvoices} invoices of history, ${set.invoices.length} open), 13-week cash ${(cash / 1000).toFixed(2)} s`,
);
t = performance.now();
await forecastPayments(
  { database, now },
  { asOf: today, scope: { id: 0, login: "bench", name: "bench", role: "admin", team: null } },
);
console.log(
  `the use case end to end (GET /api/forecast without the JSON): ${((performance.now() - t) / 1000).toFixed(2)} s`,
);
console.log(`peak RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
await database.close();
if (dir) fs.rmSync(dir, { recursive: true, force: true });
