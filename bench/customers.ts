// Figure (web app issue, customers page): GET /api/customers over 100,000 customers, one request at a time as an
// admin (the widest portfolio) and as a collector: p50/p99 per kind of query (search by name, code and pinyin
// initials; filters; sorts; with the total), and how long the first fill of the pinyin initials takes.
// Limit: p99 < 100 ms.
// Usage: npx tsx bench/customers.ts [--customers 100000 --invoices 300000 --payments 100000 --rounds 30] [--pg 1]
import { sql } from "drizzle-orm";
import { runDaily } from "../src/collection/run-daily.ts";
import { fillNameInitials } from "../src/customers/fill-name-initials.ts";
import { connect } from "../src/db/connect.ts";
import type { Database } from "../src/db/database.ts";
import { migrate } from "../src/db/migrate.ts";
import { queryRows } from "../src/db/query-rows.ts";
import { loadDemo } from "../src/demo/load-demo.ts";
import { createApp } from "../src/http/app.ts";
import { signIn } from "../test/http-session.ts";
import { arg, freshPgDatabase } from "./bench-util.ts";

const today = "2026-11-20";
const size = {
  customers: arg("customers", 100_000),
  invoices: arg("invoices", 300_000),
  payments: arg("payments", 100_000),
};
const rounds = arg("rounds", 30);

const database: Database = arg("pg", 0)
  ? await connect({ databaseUrl: await freshPgDatabase("huikuan_bench_customers"), poolSize: 4 })
  : await connect({});
await migrate(database);
const now = () => new Date(`${today}T04:00:00Z`);
let t0 = performance.now();
await loadDemo({ database, now }, { ...size, today });
await runDaily({ database, now }, { asOf: today, trigger: "cli", actor: "bench" });
console.log(
  `customers bench (${database.dialect}): ${size.customers} customers loaded and run in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
);

t0 = performance.now();
const filled = await fillNameInitials(database.db);
console.log(`first fill of the pinyin initials: ${filled} customers in ${(performance.now() - t0).toFixed(0)} ms`);
const [sample] = await queryRows<{ name: string; name_initials: string; code: string }>(
  database.db,
  sql`select name, name_initials, code from customers where name ~ '[一-龥]' order by id limit 1 offset 5000`,
);
const initials = sample?.name_initials.slice(0, 4) ?? "hx";
const namePart = sample?.name.slice(0, 2) ?? "华";

const app = createApp({ database, now, version: "bench" });
const admin = await signIn(app, "admin", "huikuan-demo");
const c1 = await signIn(app, "c1", "huikuan-demo");
const queries: [string, string][] = [
  ["first page", ""],
  ["first page with total", "total=true"],
  [`search initials "${initials}"`, `q=${initials}&total=true`],
  ["search initials, rare (zzzq)", "q=zzzq"],
  [`search name "${namePart}"`, `q=${encodeURIComponent(namePart)}&total=true`],
  ["search code", `q=${sample?.code ?? "C0001"}`],
  ["collector c2 + grade bad", "collector=c2&grade=bad&total=true"],
  ["cause forgot, by overdue desc", "cause=forgot&sort=overdue&order=desc&total=true"],
  ["flags creditHold", "flags=creditHold&total=true"],
  ["sort by overdue desc", "sort=overdue&order=desc"],
  ["sort by name, page 100", "sort=name&offset=5000"],
];
const pct = (xs: number[], p: number) =>
  xs.sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(p * xs.length) - 1)];
for (const [who, client] of [
  ["admin", admin],
  ["c1", c1],
] as const) {
  for (const [label, query] of queries) {
    const times: number[] = [];
    let rows = 0;
    let total = "";
    for (let i = 0; i < rounds + 2; i++) {
      const start = performance.now();
      const res = await client("GET", `/api/customers?${query}&limit=50`);
      const body = (await res.json()) as unknown[];
      if (i >= 2) times.push(performance.now() - start);
      rows = body.length;
      total = res.headers.get("x-total-count") ?? "";
    }
    console.log(
      `${who.padEnd(6)} ${label.padEnd(36)} ${String(rows).padStart(3)} rows${total ? ` of ${total}` : ""}  p50 ${pct(times, 0.5)?.toFixed(1)} ms  p99 ${pct(times, 0.99)?.toFixed(1)} ms`,
    );
  }
}
await database.close();
