// The `huikuan` command. Each command parses its flags, calls a use case and prints; rules live elsewhere.
import fs from "node:fs";
import { Command, Option } from "commander";
import { z } from "zod";
// Use cases load when their command runs (`await import`), so each command starts with only what it needs.
import type { AgingCustomerRow, AgingInvoiceRow } from "../aging/get-aging.ts";
import { companyToday, openDatabase } from "../app/open-database.ts";
import type { Database } from "../db/database.ts";
import { migrate } from "../db/migrate.ts";
import { AppError, errorSummary, isAppError, msg } from "../errors/app-error.ts";
import type { ExportLang } from "../export/export-table.ts";
import { IMPORT_KINDS, type ImportKind } from "../import/import-fields.ts";
import { currencyDigits } from "../money/currencies.ts";
import { formatDecimal } from "../money/money.ts";
import { isoDate, wholeNumber as positiveInt } from "./arguments.ts";
import { registerCheckMessageCommand } from "./check-message.command.ts";
import { registerStatementCommand } from "./confirm-statement.command.ts";
import { registerDisputeCommand } from "./dispute.command.ts";
import { registerDocumentCommand } from "./document.command.ts";
import { checkXlsxOut, langOption, outOption, outputSink, writeWorkbookFile } from "./export-file.ts";
import { registerForecastCommands } from "./forecast.command.ts";
import { registerKpiCommand } from "./kpi.command.ts";
import { registerOutboxCommand } from "./outbox.command.ts";
import { type Column, csvHeader, csvRows, FORMATS, type Format, jsonRow, renderTable } from "./output.ts";
import { registerPaymentCommand } from "./payment.command.ts";
import { registerPlanCommand } from "./plan.command.ts";
import { progressBar } from "./progress.ts";
import { registerStrategyCommand } from "./strategy.command.ts";
import { registerWorkspaceCommands } from "./workspace.command.ts";

const program = new Command("huikuan")
  .description("Huikuan (回款): receivables collection. Data: DATABASE_URL, else PGlite in HUIKUAN_DATA_DIR (./data).")
  .version(
    (JSON.parse(fs.readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string })
      .version,
    "-V, --version",
    "print the version",
  )
  .showHelpAfterError("(run with --help for usage)");

const money = (minor: bigint, currency: string) => formatDecimal(minor, currencyDigits(currency));
const formatOption = () => new Option("--format <format>", "output format").choices(FORMATS).default("table");
const collect = (v: string, prev: string[]) => [...prev, v];

async function withDatabase<T>(fn: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase();
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

/** Standard output with back-pressure (the same sink as `--out`, without a file). */
const { write } = outputSink();

program
  .command("migrate")
  .description("apply pending database migrations")
  .action(() =>
    withDatabase(async (database) => {
      await migrate(database);
      // The default message templates belong to a new install as much as its tables (edited ones are kept).
      const { seedDefaultTemplates } = await import("../messaging/seed-templates.ts");
      const added = await seedDefaultTemplates({ database, now: () => new Date() });
      console.log(
        `migrations applied (${database.description})${added ? `; ${added} default message templates added` : ""}`,
      );
    }),
  );

const mapFileSchema = z.record(z.string(), z.string());
program
  .command("import")
  .description("import customers, contacts, invoices or payments from CSV or XLSX (all or nothing)")
  .addArgument(new Command().createArgument("<kind>", "what the file holds").choices(IMPORT_KINDS))
  .argument("<file>", "CSV (UTF-8, UTF-8 BOM, GBK/GB18030) or XLSX file")
  .option("--column <field=Header>", "map a field to a column header (repeatable)", collect, [])
  .option("--map <file.json>", 'JSON object of field to header, e.g. {"number": "发票号"}')
  .option(
    "--date-format <format>",
    "date format of ambiguous dates: M/D/YYYY, D/M/YYYY, YYYY/M/D, D.M.YYYY, YYYYMMDD ...",
  )
  .option("--currency <code>", "currency when the file has no currency column (default: the company currency)")
  .option("--encoding <name>", "file encoding (default: detected): utf8, gbk, gb18030, big5, utf16le")
  .option("--dry-run", "check everything and report, write nothing")
  .action(async (kind: ImportKind, file: string, opts) => {
    const columns: Record<string, string> = {};
    if (opts.map) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(fs.readFileSync(opts.map, "utf8"));
      } catch (e) {
        throw new AppError("invalid_input", msg`--map ${opts.map}: ${(e as Error).message}`);
      }
      const r = mapFileSchema.safeParse(parsed);
      if (!r.success)
        throw new AppError("invalid_input", msg`--map ${opts.map}: expected a JSON object of field to column header`);
      Object.assign(columns, r.data);
    }
    for (const pair of opts.column as string[]) {
      const eq = pair.indexOf("=");
      if (eq < 1) throw new AppError("invalid_input", msg`--column "${pair}": expected field=Header`);
      columns[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
    }
    await withDatabase(async (database) => {
      const size = fs.existsSync(file) ? fs.statSync(file).size : 0;
      const bar = progressBar(`import ${kind}`, Math.max(1, Math.round(size / 1e6)));
      const t0 = performance.now();
      try {
        const { importFile } = await import("../import/import-file.ts");
        const s = await importFile(
          { database, now: () => new Date() },
          {
            kind,
            file,
            columns,
            dateFormat: opts.dateFormat,
            currency: opts.currency,
            encoding: opts.encoding,
            dryRun: Boolean(opts.dryRun),
            actor: "cli",
            onProgress: (p) => bar.update(Math.round(p.bytes / 1e6), `${p.rows} rows, ${p.phase}`),
          },
        );
        bar.stop();
        const secs = (performance.now() - t0) / 1000;
        for (const n of s.notes) console.error(`  ${n}`);
        console.log(
          `${s.dryRun ? "dry run: would import" : "imported"} ${s.rows} ${kind} rows from ${s.file} (${s.format}, ${s.encoding}) in ${secs.toFixed(1)} s: ` +
            `${s.inserted} new, ${s.updated} updated, ${s.unchanged} unchanged` +
            (s.customersCreated ? `, ${s.customersCreated} customers created` : "") +
            (s.linkedChanged ? `, ${s.linkedChanged} settlements or allocations changed` : ""),
        );
      } finally {
        bar.stop();
      }
    });
  });

const invoiceColumns: Column<AgingInvoiceRow>[] = [
  { key: "customer_code", value: (r) => r.customerCode, text: true },
  { key: "invoice_number", value: (r) => r.invoiceNumber, text: true },
  { key: "issue_date", value: (r) => r.issueDate, text: true },
  { key: "due_date", value: (r) => r.dueDate, text: true },
  { key: "currency", value: (r) => r.currency, text: true },
  { key: "amount", value: (r) => money(r.amount, r.currency) },
  { key: "open_amount", value: (r) => money(r.openAmount, r.currency) },
  { key: "days_past_due", value: (r) => r.daysPastDue },
  { key: "bucket", value: (r) => r.bucket, text: true },
  { key: "grade", value: (r) => r.grade, text: true },
];
const customerColumns: Column<AgingCustomerRow>[] = [
  { key: "customer_code", value: (r) => r.customerCode, text: true },
  { key: "customer_name", value: (r) => r.customerName, text: true },
  { key: "currency", value: (r) => r.currency, text: true },
  { key: "open_amount", value: (r) => money(r.openAmount, r.currency) },
  ...(["current", "d1_30", "d31_60", "d61_90", "d91_180", "d181_365", "over_365"] as const).map((k) => ({
    key: k,
    value: (r: AgingCustomerRow) => money(r.buckets[k], r.currency),
  })),
  { key: "grade", value: (r) => r.grade, text: true },
];

program
  .command("aging")
  .description("open receivables by age and risk grade as of a date (nothing dated later is seen)")
  .option("--as-of <date>", "YYYY-MM-DD (default: today in the company time zone)", isoDate)
  .addOption(new Option("--by <level>", "one row per").choices(["customer", "invoice"]).default("customer"))
  .addOption(new Option("--format <format>", "output format").choices([...FORMATS, "xlsx"]).default("table"))
  .addOption(outOption())
  .addOption(langOption())
  .action(
    (opts: { asOf?: string; by: "customer" | "invoice"; format: Format | "xlsx"; out?: string; lang: ExportLang }) => {
      checkXlsxOut(opts);
      return withDatabase(async (database) => {
        const asOf = opts.asOf ?? (await companyToday(database.db, new Date()));
        const { forEachAgingCustomer, forEachAgingInvoice } = await import("../aging/get-aging.ts");
        if (opts.format === "xlsx") {
          const { agingCustomerColumns, agingInvoiceColumns } = await import("../export/report-tables.ts");
          const { batchesFrom } = await import("../export/export-table.ts");
          const sheet = { zh: `账龄 ${asOf}`, en: `Aging ${asOf}` };
          const table =
            opts.by === "invoice"
              ? {
                  sheet,
                  columns: agingInvoiceColumns(opts.lang),
                  rows: batchesFrom<AgingInvoiceRow>((fn) => forEachAgingInvoice(database, { asOf }, fn)),
                }
              : {
                  sheet,
                  columns: agingCustomerColumns(opts.lang),
                  rows: batchesFrom<AgingCustomerRow>((fn) => forEachAgingCustomer(database, { asOf }, fn)),
                };
          return writeWorkbookFile([table], opts.lang, opts.out ?? "");
        }
        // To the --out file when given (opened before the work, so a wrong path fails at once), else the terminal.
        const sink = outputSink(opts.out);
        const write = sink.write;
        const emit = async <T>(columns: Column<T>[], each: (fn: (rows: T[]) => Promise<void>) => Promise<void>) => {
          if (opts.format === "table") {
            const all: T[] = [];
            await each(async (rows) => void all.push(...rows));
            await write(`Aging as of ${asOf}\n${renderTable(columns, all)}`);
            return;
          }
          let first = true;
          if (opts.format === "csv") await write(csvHeader(columns));
          else await write("[");
          await each(async (rows) => {
            if (opts.format === "csv") return write(csvRows(columns, rows));
            let s = "";
            for (const r of rows) {
              s += `${first ? "\n" : ",\n"}${JSON.stringify(jsonRow(columns, r))}`;
              first = false;
            }
            await write(s);
          });
          if (opts.format === "json") await write("\n]\n");
        };
        if (opts.by === "invoice") await emit(invoiceColumns, (fn) => forEachAgingInvoice(database, { asOf }, fn));
        else await emit(customerColumns, (fn) => forEachAgingCustomer(database, { asOf }, fn));
        await sink.close();
      });
    },
  );

program
  .command("statement")
  .description("statement of account for one customer between two dates")
  .argument("<customer_code>")
  .requiredOption("--from <date>", "first day, YYYY-MM-DD", isoDate)
  .requiredOption("--to <date>", "last day, YYYY-MM-DD", isoDate)
  .addOption(formatOption())
  .action((code: string, opts: { from: string; to: string; format: Format }) =>
    withDatabase(async (database) => {
      const { getStatement } = await import("../ledger/get-statement.ts");
      const st = await getStatement(database.db, { customerCode: code, from: opts.from, to: opts.to });
      type Line = {
        date: string;
        kind: string;
        reference: string;
        due_date: string;
        debit: string;
        credit: string;
        balance: string;
        currency: string;
      };
      const lines: Line[] = [];
      for (const s of st.sections) {
        const m = (v: bigint) => money(v, s.currency);
        lines.push({
          date: st.from,
          kind: "opening",
          reference: "",
          due_date: "",
          debit: "",
          credit: "",
          balance: m(s.opening),
          currency: s.currency,
        });
        for (const l of s.lines) {
          lines.push({
            date: l.date,
            kind: l.kind,
            reference: l.reference,
            due_date: l.dueDate ?? "",
            debit: l.debit ? m(l.debit) : "",
            credit: l.credit ? m(l.credit) : "",
            balance: m(l.balance),
            currency: s.currency,
          });
        }
        lines.push({
          date: st.to,
          kind: "closing",
          reference: "",
          due_date: "",
          debit: m(s.debits),
          credit: m(s.credits),
          balance: m(s.closing),
          currency: s.currency,
        });
      }
      const cols: Column<Line>[] = (
        ["currency", "date", "kind", "reference", "due_date", "debit", "credit", "balance"] as const
      ).map((k) => ({
        key: k,
        value: (l: Line) => l[k],
        text: ["currency", "date", "kind", "reference", "due_date"].includes(k),
      }));
      if (opts.format === "json") {
        const json = JSON.stringify(st, (_k, v) => (typeof v === "bigint" ? v.toString() : v), 2);
        await write(`${json}\n`);
      } else if (opts.format === "csv") await write(csvHeader(cols) + csvRows(cols, lines));
      else {
        await write(`Statement of account: ${st.customer.code} ${st.customer.name}, ${st.from} to ${st.to}\n`);
        await write(st.sections.length ? renderTable(cols, lines) : "no entries\n");
      }
    }),
  );

program
  .command("adjust")
  .description("record a credit note or write-off (reduces what the customer owes; a reason is required)")
  .argument("<customer_code>")
  .addOption(new Option("--kind <kind>", "what it is").choices(["credit_note", "write_off"]).makeOptionMandatory())
  .requiredOption("--amount <decimal>", "amount in major units, e.g. 1200.50")
  .requiredOption("--date <date>", "YYYY-MM-DD", isoDate)
  .requiredOption("--reason <text>", "why: kept with the ledger and the audit log")
  .option("--invoice <number>", "the invoice it applies to (else it is a credit on the account)")
  .option("--currency <code>", "currency (default: the invoice's, else the company currency)")
  .option("--reference <text>", "credit note number or other reference")
  .action((code: string, opts) =>
    withDatabase(async (database) => {
      const { recordAdjustment } = await import("../ledger/record-adjustment.ts");
      const r = await recordAdjustment(
        { database, now: () => new Date() },
        {
          customerCode: code,
          invoiceNumber: opts.invoice,
          kind: opts.kind,
          amount: opts.amount,
          currency: opts.currency,
          date: opts.date,
          reason: opts.reason,
          reference: opts.reference,
        },
        "cli",
      );
      console.log(
        `recorded ${opts.kind.replace("_", " ")} #${r.id}: ${money(r.amount, r.currency)} ${r.currency} for ${code}`,
      );
    }),
  );

const settingsCommand = program.command("settings").description("read and change settings (grade thresholds, company)");
settingsCommand
  .command("get")
  .argument("[key]", "one setting; all when left out")
  .action((key?: string) =>
    withDatabase(async (database) => {
      const { SETTINGS, getSetting, isSettingKey } = await import("../settings/settings.ts");
      if (key && !isSettingKey(key))
        throw new AppError(
          "invalid_input",
          msg`unknown setting "${key}" (settings: ${Object.keys(SETTINGS).join(", ")})`,
        );
      const keys = key ? [key] : Object.keys(SETTINGS);
      const out: Record<string, unknown> = {};
      for (const k of keys) if (isSettingKey(k)) out[k] = await getSetting(database.db, k);
      console.log(JSON.stringify(key ? out[key] : out, null, 2));
    }),
  );
settingsCommand
  .command("set")
  .argument("<key>", "e.g. aging.grades")
  .argument("<json>", 'the new value, e.g. \'{"overdue":1,"doubtful":61,"bad":121,"dead":366}\'')
  .action((key: string, json: string) =>
    withDatabase(async (database) => {
      const { setSetting } = await import("../settings/settings.ts");
      let value: unknown;
      try {
        value = JSON.parse(json);
      } catch {
        throw new AppError("invalid_input", msg`the value for ${key} is not JSON: ${json}`);
      }
      await setSetting({ database, now: () => new Date() }, key, value, "cli");
      console.log(`${key} updated`);
    }),
  );

program
  .command("demo")
  .description("load the demo company (deterministic from --seed); larger sizes for benchmarks")
  .option("--customers <n>", "customers", positiveInt, 300)
  .option("--invoices <n>", "invoices", positiveInt, 6000)
  .option("--payments <n>", "payments", positiveInt, 5000)
  .option("--seed <n>", "random seed", positiveInt, 20240601)
  .option("--as-of <date>", "the demo's today (default: today)", isoDate)
  .action((opts) =>
    withDatabase(async (database) => {
      const { loadDemo } = await import("../demo/load-demo.ts");
      const t0 = performance.now();
      const today = opts.asOf ?? (await companyToday(database.db, new Date()));
      const r = await loadDemo({ database, now: () => new Date() }, { ...opts, today });
      const { seedDefaultTemplates } = await import("../messaging/seed-templates.ts");
      await seedDefaultTemplates({ database, now: () => new Date() });
      console.log(
        `demo loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${r.customers} customers, ${r.contacts} contacts, ${r.invoices} invoices, ${r.payments} payments, ${r.interactions} interactions, ${r.promises} promises, ${r.disputes} disputes (today = ${today})`,
      );
    }),
  );

const runCommand = program
  .command("run")
  .description("the daily collection run: aging, promises, causes, playbooks, today's tasks (idempotent per date)")
  .option("--as-of <date>", "YYYY-MM-DD (default: today in the company time zone; never the future)", isoDate)
  .option(
    "--shards <n>",
    "split the customers into this many shards (default: 2 per connection on PostgreSQL)",
    positiveInt,
  )
  .option("--concurrency <n>", "shards run at once, each on its own connection (default: CPUs, at most 4)", positiveInt)
  .action((opts: { asOf?: string; shards?: number; concurrency?: number }) =>
    withDatabase(async (database) => {
      const { runDaily } = await import("../collection/run-daily.ts");
      const r = await runDaily(
        { database, now: () => new Date() },
        { asOf: opts.asOf, trigger: "cli", actor: "cli", shards: opts.shards, concurrency: opts.concurrency },
      );
      const s = r.stats;
      if (r.status === "already_done") {
        console.log(`run for ${r.asOf} was already done: nothing new (${s.tasksCreated} tasks then)`);
        return;
      }
      console.log(
        `run for ${r.asOf} done in ${(s.durationMs / 1000).toFixed(1)} s: ${s.customersOverdue} customers overdue, ${s.tasksCreated} tasks (${s.approvalsCreated} approvals), ${s.causesChanged} causes changed, ${s.promisesSettled} promises settled, ${s.customersCleared} customers cleared, ${s.waiting} waiting, ${s.stopped} paused`,
      );
    }),
  );

runCommand
  .command("status")
  .description("the latest runs and their shards (done, failed, retried, by which process)")
  .option("--as-of <date>", "only this date", isoDate)
  .option("--limit <n>", "at most this many runs (default 10)", positiveInt)
  .addOption(formatOption())
  .action((opts: { asOf?: string; limit?: number; format: Format }) =>
    withDatabase(async (database) => {
      const { listRuns } = await import("../collection/run-daily.ts");
      const runs = await listRuns(database.db, { asOf: opts.asOf, limit: opts.limit ?? 10 });
      if (opts.format === "json") return console.log(JSON.stringify(runs, null, 2));
      type Run = (typeof runs)[number];
      const count = (r: Run, st: string) => r.shards.filter((x) => x.status === st).length;
      const columns: Column<Run>[] = [
        { key: "as_of", value: (r) => r.asOf },
        { key: "status", value: (r) => r.status },
        { key: "trigger", value: (r) => r.trigger },
        { key: "shards_done", value: (r) => `${count(r, "done")}/${r.shards.length}` },
        { key: "failed", value: (r) => count(r, "failed"), align: "right" },
        { key: "retried", value: (r) => r.shards.filter((x) => x.attempts > 1).length, align: "right" },
        { key: "tasks", value: (r) => r.stats?.tasksCreated ?? "", align: "right" },
        { key: "seconds", value: (r) => (r.stats ? (r.stats.durationMs / 1000).toFixed(1) : ""), align: "right" },
        { key: "error", value: (r) => r.error ?? "", text: true },
      ];
      if (opts.format === "csv") return void (await write(csvHeader(columns) + csvRows(columns, runs)));
      console.log(renderTable(columns, runs));
    }),
  );

program
  .command("worker")
  .description(
    "take shards of daily runs in progress (started by huikuan run, the API or the scheduler anywhere), and " +
      "compute the payment forecasts finished runs ask for",
  )
  .option("--concurrency <n>", "shards at once, each on its own connection (default 1)", positiveInt)
  .option("--once", "work on what is there now, then exit")
  .option("--idle <ms>", "pause between looks when there is nothing to do (default 1000)", positiveInt)
  .action((opts: { concurrency?: number; once?: boolean; idle?: number }) =>
    withDatabase(async (database) => {
      const { workOnRuns } = await import("../collection/run-daily.ts");
      const { workOnForecastRefreshes } = await import("../analytics/forecast-store.ts");
      const deps = { database, now: () => new Date() };
      let stop = false;
      const quit = () => {
        stop = true;
      };
      process.once("SIGINT", quit);
      process.once("SIGTERM", quit);
      console.log(`worker ${process.pid} waiting for daily runs (${database.description})`);
      do {
        const n = await workOnRuns(deps, { concurrency: opts.concurrency });
        if (n) console.log(`worker ${process.pid}: ${n} shard(s) done`);
        for (const f of await workOnForecastRefreshes(deps, "worker")) {
          console.log(`worker ${process.pid}: forecast as of ${f.asOf} stored (${f.invoices} open invoices)`);
        }
        if (!opts.once && !stop) await new Promise((r) => setTimeout(r, opts.idle ?? 1000));
      } while (!opts.once && !stop);
    }),
  );

program
  .command("worklist")
  .description("open tasks in priority order (all collectors unless --collector)")
  .option("--collector <login>", "only this collector's tasks")
  .option("--as-of <date>", "tasks written by runs up to this date", isoDate)
  .option("--limit <n>", "at most this many tasks (default: 200 in a table, all as JSON or CSV)", positiveInt)
  .addOption(formatOption())
  .action((opts: { collector?: string; asOf?: string; limit?: number; format: Format }) =>
    withDatabase(async (database) => {
      const { getWorklist } = await import("../collection/get-worklist.ts");
      const limit = opts.limit ?? (opts.format === "table" ? 200 : null);
      const tasks = await getWorklist(database.db, {
        collector: opts.collector,
        asOf: opts.asOf,
        limit,
      });
      type T = (typeof tasks)[number];
      const local = (iso: string) => iso.slice(0, 16).replace("T", " ");
      const columns: Column<T>[] = [
        { key: "priority", value: (t) => t.priority.toFixed(1) },
        { key: "customer", value: (t) => t.customerCode, text: true },
        { key: "name", value: (t) => t.customerName, text: true },
        { key: "collector", value: (t) => t.collector ?? "", text: true },
        { key: "action", value: (t) => (t.needsApproval ? `${t.action} (approve)` : t.action), text: true },
        { key: "channel", value: (t) => t.channel ?? "", text: true },
        { key: "overdue", value: (t) => t.amountOverdue },
        { key: "currency", value: (t) => t.currency, text: true },
        { key: "grade", value: (t) => t.grade, text: true },
        { key: "cause", value: (t) => t.cause ?? "", text: true },
        {
          key: "window (UTC)",
          value: (t) => (t.window ? `${local(t.window.start)}–${local(t.window.end).slice(11)}` : ""),
          text: true,
        },
        { key: "why", value: (t) => t.reasons.slice(0, 2).join("; "), text: true },
      ];
      if (opts.format === "json") await write(`${JSON.stringify(tasks, null, 2)}\n`);
      else if (opts.format === "csv") await write(csvHeader(columns) + csvRows(columns, tasks));
      else await write(renderTable(columns, tasks));
    }),
  );

registerKpiCommand(program);
registerForecastCommands(program);
registerDisputeCommand(program);
registerStatementCommand(program);
registerStrategyCommand(program);
registerPlanCommand(program);
registerWorkspaceCommands(program);
registerPaymentCommand(program);

const playbook = program.command("playbook").description("collection playbooks as JSON (admins)");
playbook
  .command("export")
  .description("print the playbooks in force as JSON")
  .action(() =>
    withDatabase(async (database) => {
      const { getSetting } = await import("../settings/settings.ts");
      await write(`${JSON.stringify(await getSetting(database.db, "collection.playbooks"), null, 2)}\n`);
    }),
  );
playbook
  .command("import")
  .description("replace the playbooks with a JSON file; refused with the path of every problem")
  .argument("<file>")
  .option("--actor <login>", "who makes the change (recorded in the audit log)", "cli")
  .action((file: string, opts: { actor: string }) =>
    withDatabase(async (database) => {
      const { setSetting } = await import("../settings/settings.ts");
      let value: unknown;
      try {
        value = JSON.parse(fs.readFileSync(file, "utf8"));
      } catch (e) {
        throw new AppError("invalid_input", msg`${file}: not readable JSON (${(e as Error).message})`);
      }
      await setSetting({ database, now: () => new Date() }, "collection.playbooks", value, opts.actor);
      const count = (value as { playbooks: unknown[] }).playbooks.length;
      console.log(`playbooks replaced: ${count} playbooks from ${file}`);
    }),
  );

const cause = program.command("cause").description("the cause of lateness of a customer");
cause
  .command("set")
  .description("set a customer's cause by hand; it holds until the re-check date")
  .argument("<customer_code>")
  .argument(
    "<cause>",
    "forgot | hardship | dispute | habitual | deliberate | middleman | fx_wait | switched_supplier | unreachable",
  )
  .requiredOption("--note <text>", "why (required)")
  .option("--recheck <date>", "when the rules take over again (default: in 30 days)", isoDate)
  .option("--actor <login>", "who sets it (recorded)", "cli")
  .action((code: string, value: string, opts: { note: string; recheck?: string; actor: string }) =>
    withDatabase(async (database) => {
      const { setCause } = await import("../collection/set-cause.ts");
      const r = await setCause(
        { database, now: () => new Date() },
        { customerCode: code, cause: value, note: opts.note, recheckOn: opts.recheck, actor: opts.actor },
      );
      console.log(`${code}: cause ${r.previous ?? "(none)"} → ${r.cause}, holds until ${r.recheckOn}`);
    }),
  );

const user = program.command("user").description("accounts: add, change a password, disable, list");
const readPassword = (opts: { passwordEnv?: string }): string => {
  // Never on the command line (it would land in the shell history): from an environment variable or stdin.
  if (opts.passwordEnv !== undefined) {
    const fromEnv = process.env[opts.passwordEnv];
    if (!fromEnv)
      throw new AppError("invalid_input", msg`--password-env: the variable ${opts.passwordEnv} is not set or empty`);
    return fromEnv;
  }
  const text = fs.readFileSync(0, "utf8").split(/\r?\n/)[0] ?? "";
  if (!text) throw new AppError("invalid_input", msg`give the password on standard input (or --password-env NAME)`);
  return text;
};
user
  .command("add")
  .description("add a user; the password is read from standard input")
  .argument("<login>")
  .requiredOption("--name <name>", "full name")
  .requiredOption("--role <role>", "admin | manager | collector | finance")
  .option("--team <team>", "team")
  .option("--email <address>", "where visit reminders are e-mailed (when SMTP is set)")
  .option("--password-env <name>", "read the password from this environment variable instead of stdin")
  .action((login: string, opts: { name: string; role: string; team?: string; email?: string; passwordEnv?: string }) =>
    withDatabase(async (database) => {
      const { addUser } = await import("../auth/manage-users.ts");
      const u = await addUser(
        { database, now: () => new Date() },
        {
          login,
          name: opts.name,
          role: opts.role,
          team: opts.team ?? null,
          email: opts.email ?? null,
          password: readPassword(opts),
        },
        "cli",
      );
      console.log(`user ${u.login} (${u.role}${u.team ? `, team ${u.team}` : ""}) added`);
    }),
  );
user
  .command("passwd")
  .description("set a user's password (read from standard input); ends their sessions")
  .argument("<login>")
  .option("--password-env <name>", "read the password from this environment variable instead of stdin")
  .action((login: string, opts: { passwordEnv?: string }) =>
    withDatabase(async (database) => {
      const { setPassword } = await import("../auth/manage-users.ts");
      await setPassword({ database, now: () => new Date() }, { login, password: readPassword(opts) }, "cli");
      console.log(`password of ${login} changed; their sessions are ended`);
    }),
  );
user
  .command("disable")
  .description("disable a user and end their sessions")
  .argument("<login>")
  .action((login: string) =>
    withDatabase(async (database) => {
      const { disableUser } = await import("../auth/manage-users.ts");
      await disableUser({ database, now: () => new Date() }, login, "cli");
      console.log(`user ${login} disabled`);
    }),
  );
user
  .command("list")
  .description("list users")
  .addOption(formatOption())
  .action((opts: { format: Format }) =>
    withDatabase(async (database) => {
      const { listUsers } = await import("../auth/manage-users.ts");
      const users = await listUsers(database.db);
      type U = (typeof users)[number];
      const columns: Column<U>[] = [
        { key: "login", value: (u) => u.login, text: true },
        { key: "name", value: (u) => u.name, text: true },
        { key: "role", value: (u) => u.role, text: true },
        { key: "team", value: (u) => u.team ?? "", text: true },
        { key: "active", value: (u) => (u.active ? "yes" : "no"), text: true },
      ];
      if (opts.format === "json") await write(`${JSON.stringify(users, null, 2)}\n`);
      else if (opts.format === "csv") await write(csvHeader(columns) + csvRows(columns, users));
      else await write(renderTable(columns, users));
    }),
  );

program
  .command("audit")
  .description("the audit log")
  .command("verify")
  .description("check the hash chain of the audit log; reports the first broken link")
  .action(() =>
    withDatabase(async (database) => {
      const { verifyAudit } = await import("../audit/verify-audit.ts");
      const v = await verifyAudit(database);
      if (v.ok) console.log(`audit log intact: ${v.rows} rows, last hash ${v.lastHash.slice(0, 16)}...`);
      else
        throw new AppError("conflict", msg`audit log broken at row ${v.brokenAt}: ${v.reason} (${v.rows} rows read)`);
    }),
  );

program
  .command("backup")
  .description("write every table to FILE (gzip, works across PGlite and PostgreSQL), from one consistent snapshot")
  .argument("<file>")
  .action((file: string) =>
    withDatabase(async (database) => {
      const { backupDatabase } = await import("../backup/backup.ts");
      const t0 = performance.now();
      const s = await backupDatabase(database, file);
      const rows = s.tables.reduce((a, t) => a + t.rows, 0);
      console.log(
        `backup of ${database.description} written to ${file}: ${s.tables.length} tables, ${rows} rows, ${(fs.statSync(file).size / 1e6).toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );
    }),
  );

program
  .command("restore")
  .description("load a backup into an empty database (same Huikuan version); checks the audit chain after")
  .argument("<file>")
  .action((file: string) =>
    withDatabase(async (database) => {
      const { restoreDatabase } = await import("../backup/backup.ts");
      const t0 = performance.now();
      const s = await restoreDatabase(database, file);
      const rows = s.tables.reduce((a, t) => a + t.rows, 0);
      console.log(
        `restored ${rows} rows in ${s.tables.length} tables into ${database.description} in ${((performance.now() - t0) / 1000).toFixed(1)} s; audit chain intact (${s.auditRows} rows)`,
      );
    }),
  );

program
  .command("serve")
  .description("serve the web app and API (PORT, default 3000)")
  .action(async () => {
    const { startServer } = await import("../app/start.ts");
    await startServer({ demo: false });
  });

program
  .command("start")
  .description("what `npm start` runs: migrate, load the demo data on an empty database, serve")
  .action(async () => {
    const { startServer } = await import("../app/start.ts");
    await startServer({ demo: true });
  });

registerCheckMessageCommand(program);
registerOutboxCommand(program);
registerDocumentCommand(program);

// `huikuan aging | head` closes the pipe early: that is not an error.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
  throw e;
});

program.exitOverride();
try {
  await program.parseAsync(process.argv);
} catch (e) {
  const err = e as { code?: string; exitCode?: number };
  if (typeof err.code === "string" && err.code.startsWith("commander.")) {
    process.exitCode = err.exitCode ?? 1;
  } else if (isAppError(e)) {
    console.error(`huikuan: ${e.message}`);
    process.exitCode = 1;
  } else {
    // Database errors can quote whole statements: the database's own message, the full text behind HUIKUAN_DEBUG.
    console.error(`huikuan: unexpected error: ${errorSummary(e)}`);
    if (process.env.HUIKUAN_DEBUG) console.error((e as Error)?.stack);
    process.exitCode = 2;
  }
}
