// `huikuan kpi`: the KPIs of getKpis (the same use case as GET /api/kpis) as a table, CSV or JSON.
import { type Command, Option } from "commander";
import { sql } from "drizzle-orm";
import { BUCKETS, RISK_GRADES } from "../aging/aging.rules.ts";
import type { BusinessKpis, KpiBy, KPI_GROUPINGS as KpiGroupings } from "../analytics/get-kpis.ts";

import { GRAINS, type Grain } from "../analytics/kpi.rules.ts";
import { openDatabase } from "../app/open-database.ts";
import type { AuthUser } from "../auth/sessions.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError, msg } from "../errors/app-error.ts";
import type { ExportLang } from "../export/export-table.ts";
import type { GroupLine } from "../export/report-tables.ts";
import { currencyDigits } from "../money/currencies.ts";
import { formatDecimal } from "../money/money.ts";
import { isoDate } from "./arguments.ts";
import { checkXlsxOut, langOption, outOption, writeOutputFile, writeWorkbookFile } from "./export-file.ts";
import { type Column, csvHeader, csvRows, FORMATS, type Format, renderTable } from "./output.ts";

/** get-kpis' KPI_GROUPINGS (the module itself loads when the command runs). */
const KPI_GROUPINGS = ["collector", "team", "cause", "playbook"] as const satisfies typeof KpiGroupings;

type Options = {
  from: string;
  to: string;
  by: KpiBy;
  grain?: Grain;
  format: Format | "xlsx";
  business?: boolean;
  as?: string;
  out?: string;
  lang: ExportLang;
};

const money = (minor: bigint, currency: string) => formatDecimal(minor, currencyDigits(currency));
/** Ratios: a percentage in a table, a plain fraction in CSV; "" when there was nothing to divide by. */
const pct = (r: number | null) => (r === null ? "" : `${(r * 100).toFixed(1)}%`);
const frac = (r: number | null) => (r === null ? "" : String(Number(r.toFixed(6))));
const days = (d: number | null) => (d === null ? "" : d.toFixed(1));

/** A group's count or rate, on its first line only (kpiGroupLines): a column's sum counts each contact once. */
const onFirst =
  (pick: (g: GroupLine["g"]) => string | number) =>
  (l: GroupLine): string | number =>
    l.first ? pick(l.g) : "";

function groupColumns(rate: (r: number | null) => string): Column<GroupLine>[] {
  return [
    { key: "period_start", value: (l) => l.g.periodStart, text: true },
    { key: "period_end", value: (l) => l.g.periodEnd, text: true },
    { key: "group", value: (l) => l.g.group || "(none)", text: true },
    { key: "attempts", value: onFirst((g) => g.attempts) },
    { key: "connects", value: onFirst((g) => g.connects) },
    { key: "connect_rate", value: onFirst((g) => rate(g.connectRate)) },
    { key: "effective", value: onFirst((g) => g.effectiveContacts) },
    { key: "effective_rate", value: onFirst((g) => rate(g.effectiveContactRate)) },
    { key: "conversations", value: onFirst((g) => g.conversations) },
    { key: "promises", value: onFirst((g) => g.promisesMade) },
    { key: "promise_rate", value: onFirst((g) => rate(g.promiseRate)) },
    { key: "promises_due", value: onFirst((g) => g.promisesSettled) },
    { key: "promises_kept", value: onFirst((g) => g.promisesKept) },
    { key: "kept_rate", value: onFirst((g) => rate(g.promiseKeptRate)) },
    { key: "complaints", value: onFirst((g) => g.complaints) },
    { key: "complaint_rate", value: onFirst((g) => rate(g.complaintRate)) },
    { key: "currency", value: (l) => l.m?.currency ?? "", text: true },
    { key: "promised", value: (l) => (l.m ? money(l.m.promised, l.m.currency) : "") },
    { key: "overdue_at_start", value: (l) => (l.m ? money(l.m.overdueAtStart, l.m.currency) : "") },
    { key: "recovered", value: (l) => (l.m ? money(l.m.recovered, l.m.currency) : "") },
    { key: "recovery_rate", value: (l) => (l.m ? rate(l.m.recoveryRate) : "") },
    { key: "collected", value: (l) => (l.m ? money(l.m.collected, l.m.currency) : "") },
  ];
}

function businessColumns(rate: (r: number | null) => string): Column<BusinessKpis>[] {
  return [
    { key: "period_start", value: (b) => b.periodStart, text: true },
    { key: "period_end", value: (b) => b.periodEnd, text: true },
    { key: "currency", value: (b) => b.currency, text: true },
    { key: "opening", value: (b) => money(b.openingReceivables, b.currency) },
    { key: "sales", value: (b) => money(b.sales, b.currency) },
    { key: "closing", value: (b) => money(b.closingReceivables, b.currency) },
    { key: "closing_current", value: (b) => money(b.closingCurrent, b.currency) },
    { key: "dso", value: (b) => days(b.dso) },
    { key: "best_dso", value: (b) => days(b.bestPossibleDso) },
    { key: "add", value: (b) => days(b.averageDaysDelinquent) },
    { key: "cei", value: (b) => rate(b.cei === null ? null : b.cei / 100) },
    ...BUCKETS.map((k) => ({ key: k.key, value: (b: BusinessKpis) => money(b.aging[k.key], b.currency) })),
    ...RISK_GRADES.map((g) => ({
      key: `provision_${g}`,
      value: (b: BusinessKpis) => money(b.provisionByGrade[g], b.currency),
    })),
    { key: "provision", value: (b) => money(b.provisionTotal, b.currency) },
  ];
}

export function registerKpiCommand(program: Command): void {
  program
    .command("kpi")
    .description("collection and business KPIs per period and group (formulas: README, section KPIs)")
    .requiredOption("--from <date>", "first day, YYYY-MM-DD", isoDate)
    .requiredOption("--to <date>", "last day, YYYY-MM-DD", isoDate)
    .addOption(new Option("--by <group>", "one row per").choices(KPI_GROUPINGS).default("collector"))
    .addOption(new Option("--grain <grain>", "periods (default: the whole range)").choices(GRAINS))
    .addOption(
      new Option("--format <format>", "output format (xlsx: a sheet for the groups, one for the business KPIs)")
        .choices([...FORMATS, "xlsx"])
        .default("table"),
    )
    .addOption(outOption())
    .addOption(langOption())
    .option("--business", "CSV: the business KPIs (DSO, CEI, ADD, aging, provision) instead of the group rows")
    .option("--as <login>", "what this user may see (their portfolio); default: the whole company")
    .action(async (opts: Options) => {
      checkXlsxOut(opts);
      const database = await openDatabase();
      try {
        let scope: AuthUser = { id: 0, login: "cli", name: "cli", role: "admin", team: null };
        if (opts.as !== undefined) {
          const [u] = await queryRows<{
            id: string;
            login: string;
            name: string;
            role: AuthUser["role"];
            team: string;
          }>(database.db, sql`select id, login, name, role, team from users where login = ${opts.as}`);
          if (!u) throw new AppError("not_found", msg`no user "${opts.as}"`);
          scope = { ...u, id: Number(u.id) };
        }
        const { getKpis, kpisToJson } = await import("../analytics/get-kpis.ts");
        const { kpiGroupLines: groupLines } = await import("../export/report-tables.ts");
        const k = await getKpis(
          { database, now: () => new Date() },
          { from: opts.from, to: opts.to, by: opts.by, grain: opts.grain, scope },
        );
        // A range running into the future is measured to today: said on stderr, so CSV and JSON stay clean.
        if (k.to !== opts.to) console.error(`note: --to ${opts.to} is in the future; measured to today, ${k.to}`);
        if (opts.format === "xlsx") {
          const { kpiTables } = await import("../export/report-tables.ts");
          await writeWorkbookFile(kpiTables(k, opts.lang), opts.lang, opts.out ?? "");
          return;
        }
        let out: string;
        if (opts.format === "json") out = `${JSON.stringify(kpisToJson(k), null, 2)}\n`;
        else if (opts.format === "csv") {
          out = opts.business
            ? csvHeader(businessColumns(frac)) + csvRows(businessColumns(frac), k.business)
            : csvHeader(groupColumns(frac)) + csvRows(groupColumns(frac), groupLines(k.groups));
        } else {
          out =
            `KPIs ${k.from} to ${k.to} by ${k.by}${k.grain ? ` per ${k.grain}` : ""}\n` +
            (k.groups.length ? renderTable(groupColumns(pct), groupLines(k.groups)) : "no activity\n") +
            `\nBusiness (DSO by countback, CEI, ADD, aging and provision at each period's end)\n` +
            (k.business.length ? renderTable(businessColumns(pct), k.business) : "no receivables\n");
        }
        if (opts.out) writeOutputFile(opts.out, out);
        else
          await new Promise<void>((resolve) =>
            process.stdout.write(out) ? resolve() : process.stdout.once("drain", resolve),
          );
      } finally {
        await database.close();
      }
    });
}
