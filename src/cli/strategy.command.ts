// `huikuan strategy --from D --to D`: champion vs challenger per playbook and the script ranking (getStrategy, the
// same as GET /api/strategy), as a table or JSON.
import { type Command, Option } from "commander";
import type { Interval } from "../analytics/strategy.rules.ts";
import { openDatabase } from "../app/open-database.ts";
import type { AuthUser } from "../auth/sessions.ts";
import type { IsoDate } from "../calendar/calendar-date.ts";
import type { ExportLang } from "../export/export-table.ts";
import { isoDate as date, wholeNumber } from "./arguments.ts";
import { checkXlsxOut, langOption, outOption, writeOutputFile, writeWorkbookFile } from "./export-file.ts";
import { renderTable } from "./output.ts";

const pct = (i: Interval | null) =>
  i ? `${(i.estimate * 100).toFixed(1)}% [${(i.low * 100).toFixed(1)}, ${(i.high * 100).toFixed(1)}]` : "-";
const num = (i: Interval | null) => (i ? `${i.estimate.toFixed(1)} [${i.low.toFixed(1)}, ${i.high.toFixed(1)}]` : "-");
const admin: AuthUser = { id: 0, login: "cli", name: "cli", role: "admin", team: null };

export function registerStrategyCommand(program: Command): void {
  program
    .command("strategy")
    .description(
      "champion vs challenger per playbook (recovery, days to pay, kept promises, 95% intervals) and scripts ranked",
    )
    .requiredOption("--from <date>", "first day (YYYY-MM-DD)", date)
    .requiredOption("--to <date>", "last day (YYYY-MM-DD)", date)
    .option("--min-uses <n>", "rank scripts used at least this often (default 20)", wholeNumber)
    .addOption(
      new Option("--format <format>", "output (csv: the playbooks; xlsx: the playbooks and the scripts)")
        .choices(["table", "json", "csv", "xlsx"])
        .default("table"),
    )
    .addOption(outOption())
    .addOption(langOption())
    .action(
      async (opts: {
        from: string;
        to: string;
        minUses?: number;
        format: "table" | "json" | "csv" | "xlsx";
        out?: string;
        lang: ExportLang;
      }) => {
        checkXlsxOut(opts);
        const database = await openDatabase();
        try {
          const { getStrategy } = await import("../analytics/get-strategy.ts");
          const r = await getStrategy(database.db, admin, {
            from: opts.from as IsoDate,
            to: opts.to as IsoDate,
            minUses: opts.minUses,
          });
          if (opts.format === "json") return console.log(JSON.stringify(r, null, 2));
          if (opts.format === "xlsx" || opts.format === "csv") {
            const { strategyTables } = await import("../export/report-tables.ts");
            const tables = strategyTables(r, opts.lang);
            if (opts.format === "xlsx") return await writeWorkbookFile(tables, opts.lang, opts.out ?? "");
            const { csvChunks } = await import("../export/export-table.ts");
            let text = "";
            for await (const chunk of csvChunks(tables[0], opts.lang)) text += chunk;
            if (opts.out) writeOutputFile(opts.out, text);
            else process.stdout.write(text);
            return;
          }
          type Row = { playbook: string; variant: string; a: ReturnType<typeof Object>; [k: string]: unknown };
          const rows = r.playbooks.flatMap((p) =>
            (["champion", "challenger"] as const).map((v) => {
              const a = p[v];
              const d = p.difference;
              const better =
                v === "challenger" ? [d.recoveryRate?.better, d.daysToPay?.better, d.promiseKeptRate?.better] : [];
              return {
                playbook: `${p.playbook} ${p.currency}`,
                variant: v,
                customers: a.customers,
                recovered: `${a.recovered} of ${a.overdue}`,
                recovery: pct(a.recoveryRate),
                days_to_pay: num(a.daysToPay),
                kept: `${pct(a.promiseKeptRate)} of ${a.promisesSettled}`,
                verdict: better.filter(Boolean).length ? `better: ${better.map((b) => b ?? "=").join("/")}` : "",
              } satisfies Omit<Row, "a">;
            }),
          );
          const keys = ["playbook", "variant", "customers", "recovered", "recovery", "days_to_pay", "kept", "verdict"];
          console.log(
            renderTable(
              keys.map((key) => ({ key, value: (x: Record<string, unknown>) => String(x[key] ?? "") })),
              rows,
            ),
          );
          console.log(
            `\nscripts used at least ${r.minUses} times, by kept-promise rate (lower end of the 95% interval first); ${r.unranked} used less`,
          );
          console.log(
            renderTable(
              [
                { key: "script", value: (s: (typeof r.scripts)[number]) => s.scriptId },
                { key: "uses", value: (s: (typeof r.scripts)[number]) => s.uses, align: "right" },
                { key: "kept", value: (s: (typeof r.scripts)[number]) => `${pct(s.keptRate)} of ${s.promisesSettled}` },
              ],
              r.scripts,
            ),
          );
        } finally {
          await database.close();
        }
      },
    );
}
