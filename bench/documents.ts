// Figures (issue 7): PDF statements of account asked for one at a time (the API, the CLI): the whole use case
// (reads + render + audit) and the render alone, for customers with 8 open invoices, a quarter of movements and a
// payment QR code. The target (10,000 e-mails with PDF statements in < 60 s) is the statement run's, which
// reads set-based and renders on worker threads: bench/outbox.ts measures it.
// Usage: node --import tsx bench/documents.ts [--statements 100] [--postgres]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { connect } from "../src/db/connect.ts";
import { migrate } from "../src/db/migrate.ts";
import { queryRows } from "../src/db/query-rows.ts";
import { getCompany, getDocumentCustomerOrThrow, getOpenItems } from "../src/documents/document-data.ts";
import { buildDocument, renderDocument } from "../src/documents/render-document.ts";
import { renderStatementPdf } from "../src/documents/statement.document.ts";
import { getStatement } from "../src/ledger/get-statement.ts";
import { setSetting } from "../src/settings/settings.ts";
import { arg, emitResult, freshPgDatabase, median, peakMb } from "./bench-util.ts";

const count = arg("statements", 100);
const onPostgres = process.argv.includes("--postgres");
const NOW = new Date("2025-03-10T02:00:00Z");

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "huikuan-bench-documents-"));
const database = onPostgres
  ? await connect({ databaseUrl: await freshPgDatabase("huikuan_bench_documents"), poolSize: 4 })
  : await connect({ dataDir: dir });
await migrate(database);
const deps = { database, now: () => NOW };
await setSetting(
  deps,
  "company",
  {
    name: "华东精密机械有限公司",
    currency: "CNY",
    timeZone: "Asia/Shanghai",
    address: "上海市浦东新区张江路 88 号",
    phone: "021-6888-0000",
    taxId: "91310000MA1K000000",
    bankName: "招商银行上海张江支行",
    bankAccount: "1219 0000 0000 8888",
  },
  "bench",
);
await database.db.execute(
  sql`insert into customers (code, name, country) select 'S' || g, '客户' || g || '贸易有限公司', 'CN'
      from generate_series(1, ${count}) g`,
);
await database.db.execute(
  sql`insert into contacts (customer_id, name, role) select id, '王女士', 'finance' from customers`,
);
await database.db.execute(
  sql`insert into invoices (customer_id, number, issue_date, due_date, amount, currency)
      select id, code || '-' || n, ('2024-10-01'::date + n * 18), ('2024-10-31'::date + n * 18), 100000 * n + id, 'CNY'
      from customers, generate_series(1, 8) n`,
);
await database.db.execute(
  sql`insert into payments (customer_id, reference, paid_on, amount, currency)
      select id, 'P-' || id, '2025-02-01', 150000, 'CNY' from customers`,
);
const customers = (await queryRows<{ id: string }>(database.db, sql`select id from customers order by id`)).map((r) =>
  Number(r.id),
);

// Warm up (the font file, fontkit's tables, the modules), then time.
await buildDocument(deps, null, { kind: "statement", customer: { id: customers[0] as number }, asOf: "2025-03-10" });
const full: number[] = [];
let bytes = 0;
const t0 = performance.now();
for (const id of customers) {
  const t = performance.now();
  const doc = await renderDocument(deps, null, { kind: "statement", customer: { id }, asOf: "2025-03-10" });
  full.push(performance.now() - t);
  bytes += doc.pdf.length;
}
const total = performance.now() - t0;
const built: number[] = [];
for (const id of customers.slice(0, Math.min(50, count))) {
  const t = performance.now();
  await buildDocument(deps, null, { kind: "reminder", customer: { id }, asOf: "2025-03-10" });
  built.push(performance.now() - t);
}
// The PDF alone (data read once): what the bulk statement run pays per message on top of its set-based reads.
const first = customers[0] as number;
const company = await getCompany(database.db);
const customer = await getDocumentCustomerOrThrow(database.db, { id: first }, null);
const openItems = await getOpenItems(database.db, first, "2025-03-10");
const statement = await getStatement(database.db, {
  customerCode: customer.code,
  from: "2025-01-01",
  to: "2025-03-10",
});
const renders: number[] = [];
for (let i = 0; i < count; i++) {
  const t = performance.now();
  await renderStatementPdf({
    lang: "zh",
    now: NOW,
    generatedAt: "2025-03-10 10:00",
    company,
    customer,
    asOf: "2025-03-10",
    openItems,
    statement,
  });
  renders.push(performance.now() - t);
}
const perPdf = total / count;
console.log(
  `documents (${database.dialect}): ${count} statements in ${(total / 1000).toFixed(2)} s, ` +
    `${perPdf.toFixed(1)} ms per PDF (median ${median(full).toFixed(1)} ms), ${Math.round(bytes / count / 1024)} KB each`,
);
console.log(`reminder letters without the audit row: median ${median(built).toFixed(1)} ms per PDF`);
const renderMs = renders.reduce((a, b) => a + b, 0) / count;
console.log(
  `statement PDF rendering alone: ${renderMs.toFixed(1)} ms per PDF (median ${median(renders).toFixed(1)} ms)`,
);
console.log(
  `10,000 statements one by one at this rate: ${((perPdf * 10_000) / 1000).toFixed(0)} s on one core (the statement run: bench/outbox.ts)`,
);
emitResult("documents", [
  {
    figure: "one statement of account PDF on request (reads + render + audit)",
    engine: onPostgres ? "PostgreSQL" : "PGlite",
    value: perPdf,
    unit: "ms per PDF",
    peakMb: peakMb(),
    stat: `mean of ${count}`,
    // One PDF asked for on its own (the API, the CLI): reads, render and audit row each time. The figure,
    // 10,000 e-mails with PDF statements in < 60 s, is the statement run's, measured by bench/outbox.ts.
  },
]);
await database.close();
fs.rmSync(dir, { recursive: true, force: true });
