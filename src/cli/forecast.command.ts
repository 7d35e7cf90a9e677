// `huikuan forecast` (payment prediction per open invoice, or the 13-week cash forecast) and `huikuan backtest`
// (the model and two baselines scored on past steps): the same use cases as GET /api/forecast and /api/backtest.
import { type Command, InvalidArgumentError, Option } from "commander";
import { BACKTEST_STEPS, type BacktestResult, type BacktestStep } from "../analytics/backtest.rules.ts";
import { runBacktest, saveBacktest } from "../analytics/backtest.ts";
import type { CashWeek } from "../analytics/forecast-build.ts";
import {
  cashWeekJson,
  forecastPayments,
  forecastRowJson,
  type PaymentForecast,
} from "../analytics/forecast-payments.ts";
import { openDatabase } from "../app/open-database.ts";
import type { AuthUser } from "../auth/sessions.ts";
import type { ExportLang } from "../export/export-table.ts";
import { currencyDigits } from "../money/currencies.ts";
import { formatDecimal } from "../money/money.ts";
import { isoDate } from "./arguments.ts";
import { checkXlsxOut, langOption, outOption, outputSink, writeOutputFile, writeWorkbookFile } from "./export-file.ts";
import { type Column, csvHeader, csvRows, FORMATS, type Format, renderTable } from "./output.ts";

const weeksArg = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 52) throw new InvalidArgumentError(`"${v}" is not a number of weeks (1-52)`);
  return n;
};
/** Standard output with back-pressure (the same sink as `--out`, without a file). */
const { write } = outputSink();
const CLI_USER: AuthUser = { id: 0, login: "cli", name: "cli", role: "admin", team: null };
const prob = (p: number) => String(Number(p.toFixed(4)));

type Row = PaymentForecast["invoices"][number];
/** The CSV columns, in the order the issue names them. */
export const FORECAST_COLUMNS: Column<Row>[] = [
  { key: "invoice_number", value: (f) => f.invoiceNumber, text: true },
  { key: "customer_code", value: (f) => f.customerCode, text: true },
  { key: "due_date", value: (f) => f.dueDate, text: true },
  { key: "predicted_pay_date", value: (f) => f.predictedPayDate, text: true },
  { key: "p_late", value: (f) => prob(f.pLate) },
  { key: "p_late_30", value: (f) => prob(f.pLate30) },
  { key: "expected_days_late", value: (f) => f.expectedDaysLate.toFixed(1) },
  { key: "top_factors", value: (f) => f.topFactors.join("; "), text: true },
];

const money = (minor: bigint, currency: string) => formatDecimal(minor, currencyDigits(currency));
const CASH_COLUMNS: Column<CashWeek>[] = [
  { key: "currency", value: (w) => w.currency, text: true },
  { key: "week_start", value: (w) => w.weekStart, text: true },
  { key: "week_end", value: (w) => w.weekEnd, text: true },
  { key: "expected", value: (w) => money(w.expected, w.currency) },
  { key: "low_90", value: (w) => money(w.low, w.currency) },
  { key: "high_90", value: (w) => money(w.high, w.currency) },
];

const num = (x: number | null, digits: number) => (x === null ? "-" : x.toFixed(digits));
type Line = { label: string; s: Omit<BacktestResult["steps"][number], "asOf"> };
const BACKTEST_COLUMNS: Column<Line>[] = [
  { key: "as_of", value: (l) => l.label, text: true },
  { key: "open", value: (l) => l.s.openInvoices },
  { key: "paid_later", value: (l) => l.s.withPaymentDate },
  { key: "mae_model", value: (l) => num(l.s.mae.model, 1) },
  { key: "mae_due_date", value: (l) => num(l.s.mae.dueDate, 1) },
  { key: "mae_cust_median", value: (l) => num(l.s.mae.customerMedian, 1) },
  { key: "not_yet_due", value: (l) => l.s.notYetDue },
  { key: "paid_late", value: (l) => l.s.paidLate },
  { key: "auc_model", value: (l) => num(l.s.auc.model, 3) },
  { key: "auc_due_date", value: (l) => num(l.s.auc.dueDate, 3) },
  { key: "auc_cust_median", value: (l) => num(l.s.auc.customerMedian, 3) },
];

const share = (x: number | null, signed = false) =>
  x === null ? "-" : `${signed && x > 0 ? "+" : ""}${(100 * x).toFixed(1)}%`;
/** The cash forecast's weekly error per currency, the model's beside the baselines', as a share of a week's collections. */
function renderCash(r: BacktestResult): string {
  const cash = r.overall.cash;
  if (!cash?.length) return "";
  const lines = cash.map((c) => {
    const perWeek = (x: number | null) => (x === null || c.collected <= 0 ? null : (x * c.weeks) / c.collected);
    const mae = c.mae.model === null ? "-" : money(BigInt(Math.round(c.mae.model)), c.currency);
    return (
      `  ${c.currency}: weekly error ${mae} = ${share(perWeek(c.mae.model))} of a week's collections vs ` +
      `${share(perWeek(c.mae.dueDate))} (due date), ${share(perWeek(c.mae.customerMedian))} (cust median); ` +
      `total ${share(c.totalError.model, true)} vs ${share(c.totalError.dueDate, true)}, ` +
      `${share(c.totalError.customerMedian, true)} (${c.weeks} weeks)\n`
    );
  });
  return (
    `Cash forecast: the 13 weeks after each step that end by ${r.dataEnd}, expected collections per currency and week against the open amounts settled in that week; ` +
    `baselines put each invoice's whole open amount in the week of their date.\n${lines.join("")}`
  );
}

/** The backtest as a table with a plain verdict, each figure beside the better baseline. */
/** Below this many invoices scored, a backtest's MAE or AUC is noise and the table says so. */
const FEW_SCORED = 100;

export function renderBacktest(r: BacktestResult): string {
  const lines: Line[] = [...r.steps.map((s) => ({ label: s.asOf, s })), { label: "all steps", s: r.overall }];
  const o = r.overall;
  const better = Math.min(o.mae.dueDate ?? Number.POSITIVE_INFINITY, o.mae.customerMedian ?? Number.POSITIVE_INFINITY);
  const ratio = o.mae.model !== null && Number.isFinite(better) && better > 0 ? o.mae.model / better : null;
  const bestAuc = Math.max(o.auc.dueDate ?? 0, o.auc.customerMedian ?? 0);
  return (
    `Backtest ${r.from} to ${r.to} per ${r.step}; actual payments as known on ${r.dataEnd}\n` +
    renderTable(BACKTEST_COLUMNS, lines) +
    `\nMAE: days between the predicted and the actual payment date, over invoices open at each step that were paid by ${r.dataEnd}.\n` +
    `AUC: how well p_late ranks the invoices not yet due at each step that were paid late (or are still open past due).\n` +
    `Baselines: "due date" = pays on the due date; "cust median" = pays the customer's median days late after it (both no earlier than the next day).\n` +
    (ratio === null
      ? "Too little data to compare.\n"
      : `Model MAE ${num(o.mae.model, 1)} days = ${ratio.toFixed(2)}× the better baseline (${better.toFixed(1)}); ` +
        `AUC ${num(o.auc.model, 3)} vs ${bestAuc.toFixed(3)} for the better baseline.\n`) +
    (ratio !== null && (o.withPaymentDate < FEW_SCORED || o.notYetDue < FEW_SCORED)
      ? `Few invoices scored (${o.withPaymentDate} paid, ${o.notYetDue} not yet due): these figures say little; ` +
        `take more steps or steps further back.\n`
      : "") +
    renderCash(r)
  );
}

export function registerForecastCommands(program: Command): void {
  program
    .command("forecast")
    .description("predicted payment date and lateness probabilities per open invoice, as of a date (or --weeks: cash)")
    .option("--as-of <date>", "use only what was known at the end of this day (default: today)", isoDate)
    .option(
      "--weeks <n>",
      "instead: expected collections per week for the next n weeks (13 for the cash forecast)",
      weeksArg,
    )
    .addOption(
      new Option("--format <format>", "output format (xlsx: a sheet for the invoices, one for the weekly cash)")
        .choices([...FORMATS, "xlsx"])
        .default("csv"),
    )
    .addOption(outOption())
    .addOption(langOption())
    .option(
      "--refresh",
      "instead: compute the forecast as of the date and store it (what the server does after each daily run; " +
        "today's forecast is then served from the store)",
    )
    .action(
      async (opts: {
        asOf?: string;
        weeks?: number;
        format: Format | "xlsx";
        out?: string;
        lang: ExportLang;
        refresh?: boolean;
      }) => {
        checkXlsxOut(opts);
        const database = await openDatabase();
        try {
          if (opts.refresh) {
            const { refreshForecast } = await import("../analytics/forecast-store.ts");
            const r = await refreshForecast({ database, now: () => new Date() }, { asOf: opts.asOf, actor: "cli" });
            console.log(
              `forecast as of ${r.asOf} stored: ${r.invoices} open invoices in ${(r.durationMs / 1000).toFixed(1)} s`,
            );
            return;
          }
          const f = await forecastPayments(
            { database, now: () => new Date() },
            { asOf: opts.asOf, scope: CLI_USER, weeks: opts.weeks },
          );
          if (opts.format === "xlsx") {
            const { forecastTables } = await import("../export/report-tables.ts");
            await writeWorkbookFile(forecastTables(f), opts.lang, opts.out ?? "");
            return;
          }
          let out: string;
          if (opts.weeks !== undefined) {
            if (opts.format === "json")
              out = `${JSON.stringify({ asOf: f.asOf, cash: f.cash.map(cashWeekJson) }, null, 2)}\n`;
            else if (opts.format === "csv") out = csvHeader(CASH_COLUMNS) + csvRows(CASH_COLUMNS, f.cash);
            else out = `Expected collections per week after ${f.asOf} (90% band)\n${renderTable(CASH_COLUMNS, f.cash)}`;
          } else if (opts.format === "json") {
            out = `${JSON.stringify({ asOf: f.asOf, computedAt: f.computedAt, model: f.model, invoices: f.invoices.map(forecastRowJson) }, null, 2)}\n`;
          } else if (opts.format === "csv") out = csvHeader(FORECAST_COLUMNS) + csvRows(FORECAST_COLUMNS, f.invoices);
          else out = `Payment forecast as of ${f.asOf}\n${renderTable(FORECAST_COLUMNS, f.invoices)}`;
          if (opts.out) writeOutputFile(opts.out, out);
          else await write(out);
        } finally {
          await database.close();
        }
      },
    );

  program
    .command("backtest")
    .description("forecast as of each step and score it against what happened, beside two baselines")
    .requiredOption("--from <date>", "first step, YYYY-MM-DD", isoDate)
    .requiredOption("--to <date>", "last step, YYYY-MM-DD (before the data's last day)", isoDate)
    .addOption(new Option("--step <step>", "distance between steps").choices(BACKTEST_STEPS).default("month"))
    .addOption(new Option("--format <format>", "output format").choices(["table", "json"]).default("table"))
    .option("--no-save", "do not keep the result for the dashboard")
    .action(async (opts: { from: string; to: string; step: BacktestStep; format: Format; save: boolean }) => {
      const database = await openDatabase();
      try {
        const deps = { database, now: () => new Date() };
        const r = await runBacktest(deps, {
          from: opts.from,
          to: opts.to,
          step: opts.step,
          onStep: (asOf, done, total) => {
            if (process.stderr.isTTY && done < total) process.stderr.write(`\rbacktest ${asOf} (${done + 1}/${total})`);
            else if (process.stderr.isTTY) process.stderr.write("\r\x1b[K");
          },
        });
        if (opts.save) await saveBacktest(deps, r, "cli");
        await write(opts.format === "json" ? `${JSON.stringify(r, null, 2)}\n` : renderBacktest(r));
      } finally {
        await database.close();
      }
    });
}
