// Figure (analytics issue): the payment forecast of every open invoice, training included, on the demo company
// (default 10,000 customers, two years of history) on PostgreSQL: time to read the rows known on D, to settle and
// fit, and the whole forecast. Usage: npx tsx bench/forecast.ts [--customers 10000] [--invoices 200000]
//   [--payments 170000] [--open 1000000] [--pglite 1] [--db NAME] [--reuse 1] (--reuse keeps a database named by --db
//   that already holds this demo, to time the forecast again without loading it; --open tops the open invoices up to
//   that many with recent unpaid ones, since the demo's history leaves about an eighth of its invoices open)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { openItemsSql } from "../src/aging/aging.sql.ts";
import { loadLedgerAsOf } from "../src/analytics/forecast.repository.ts";
import { buildForecast, cashWeeks } from "../src/analytics/forecast-build.ts";
import { forecastPayments } from "../src/analytics/forecast-payments.ts";
import { connect } from "../src/db/connect.ts";
import { migrate } from "../src/db/migrate.ts";
import { queryRows } from "../src/db/query-rows.ts";
import { loadDemo } from "../src/demo/load-demo.ts";
import { arg, freshPgDatabase, PG_URL, runAsTheProduct } from "./bench-util.ts";

runAsTheProduct();

const customers = arg("customers", 10_000);
const invoices = arg("invoices", customers * 20);
const payments = arg("payments", Math.round(invoices * 0.85));
const onPglite = arg("pglite", 0) === 1;
const dbArg = process.argv.indexOf("--db");
const dbName = dbArg > 0 ? (process.argv[dbArg + 1] as string) : "huikuan_bench_forecast";
const reuse = arg("reuse", 0) === 1 && !onPglite;
const wantOpen = arg("open", 0);
const today = "2025-06-30";
const dir = onPglite ? fs.mkdtempSync(path.join(os.tmpdir(), "huikuan-bench-forecast-")) : "";
const database = onPglite
  ? await connect({ dataDir: dir })
  : await connect({ databaseUrl: reuse ? reuseUrl(dbName) : await freshPgDatabase(dbName) });
await migrate(database);
const now = () => new Date(`${today}T10:00:00Z`);
let t = performance.now();
const [loaded] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from invoices`);
if (reuse && Number(loaded?.n) > 0) console.log(`demo: reusing ${dbName} (${loaded?.n} invoices)`);
else {
  await loadDemo({ database, now }, { customers, invoices, payments, today });
  console.log(
    `demo: ${customers} customers, ${invoices} invoices, ${payments} payments loaded in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
}

if (wantOpen > 0) {
  // Open invoices as of today: issued by then and not paid off by the payments made by then (a payment pays the
  // customer's oldest invoices first). Topped up with invoices issued over the last 120 days, each customer's
  // latest currency, terms and typical amount, spread evenly over the customers; no payment follows them.
  t = performance.now();
  const [row] = await queryRows<{ n: number }>(
    database.db,
    sql`select count(*)::int as n from (${openItemsSql(today)}) o where o.open_amount > 0`,
  );
  const missing = wantOpen - Number(row?.n ?? 0);
  if (missing > 0) {
    await database.db.execute(sql`insert into invoices (customer_id, number, issue_date, due_date, amount, currency)
      select t.customer_id, ${`BENCH-${Date.now().toString(36)}-`} || g, d.issued, d.issued + t.terms,
        greatest(100, (t.amount * (0.5 + (g * 7919 % 1000) / 1000.0))::bigint), t.currency
      from generate_series(1::bigint, ${missing}::bigint) g
      join (select row_number() over (order by customer_id) - 1 as k, customer_id, currency, amount, due_date - issue_date as terms
            from (select distinct on (customer_id) customer_id, currency, amount, due_date, issue_date from invoices
                  where issue_date <= ${today}::date order by customer_id, issue_date desc) x) t
        on t.k = g % (select count(distinct customer_id) from invoices where issue_date <= ${today}::date)
      cross join lateral (select ${today}::date - (g * 31 % 120)::int as issued) d`);
    await database.db.execute(sql`analyze invoices`);
  }
  console.log(
    `open invoices: ${row?.n} in the demo, ${Math.max(0, missing)} added (${((performance.now() - t) / 1000).toFixed(1)} s)`,
  );
}

// Wall times suffer from whatever else runs on the machine (other benchmarks, a stopped process); the process's CPU
// time beside them does not count the time it was waiting (the database server's own time is not in it).
const cpuSeconds = (from: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(from);
  return ((c.user + c.system) / 1e6).toFixed(2);
};
// In a function: the rows and forecasts are garbage before the use case runs (in a block of the module's top level,
// which awaits, they stayed alive and the use case ran out of memory beside them with a million open invoices).
async function parts(): Promise<void> {
  t = performance.now();
  let cpu = process.cpuUsage();
  const rows = await loadLedgerAsOf(database, today, "Asia/Shanghai");
  const read = performance.now() - t;
  const readCpu = cpuSeconds(cpu);
  t = performance.now();
  cpu = process.cpuUsage();
  const set = buildForecast(rows, today);
  const fit = performance.now() - t;
  const fitCpu = cpuSeconds(cpu);
  t = performance.now();
  cashWeeks(set, 13);
  const cash = performance.now() - t;
  console.log(
    `forecast as of ${today} (${database.description}): read ${(read / 1000).toFixed(2)} s (node CPU ${readCpu} s), ` +
      `settle + fit + predict ${(fit / 1000).toFixed(2)} s (CPU ${fitCpu} s) (${set.historyInvoices} invoices of history, ` +
      `${set.invoices.length} open), 13-week cash ${(cash / 1000).toFixed(2)} s`,
  );
}
if (arg("parts", 1) === 1) await parts();
t = performance.now();
const cpu = process.cpuUsage();
await forecastPayments(
  { database, now },
  { asOf: today, scope: { id: 0, login: "bench", name: "bench", role: "admin", team: null } },
);
console.log(
  `the use case end to end (GET /api/forecast without the JSON): ${((performance.now() - t) / 1000).toFixed(2)} s ` +
    `(node CPU ${cpuSeconds(cpu)} s)`,
);
console.log(
  `peak RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB (node ${process.execArgv.filter((a) => a.includes("=")).join(" ")})`,
);
await database.close();
if (dir) fs.rmSync(dir, { recursive: true, force: true });

function reuseUrl(name: string): string {
  const u = new URL(PG_URL);
  u.pathname = `/${name}`;
  return u.toString();
}
