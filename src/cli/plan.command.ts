// `huikuan plan status`: every payment plan's installments followed up as of a date (the same rules the daily run
// records and the customer 360 shows); with --settle, records the changes, audited, as the daily run would.
import { type Command, Option } from "commander";
import { sql } from "drizzle-orm";
import { companyToday, openDatabase } from "../app/open-database.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError, msg } from "../errors/app-error.ts";
import { currencyDigits } from "../money/currencies.ts";
import { formatDecimal } from "../money/money.ts";
import type { InstallmentView } from "../workspace/plan-status.rules.ts";
import type { PlanWithStatus } from "../workspace/settle-plans.ts";
import { isoDate } from "./arguments.ts";
import { type Column, csvHeader, csvRows, FORMATS, type Format, renderTable } from "./output.ts";

type Options = { asOf?: string; customer?: string; settle?: boolean; format: Format };
type Line = { plan: PlanWithStatus; code: string; item: InstallmentView };

const columns: Column<Line>[] = [
  { key: "customer", value: (l) => l.code, text: true },
  { key: "plan", value: (l) => l.plan.planId },
  { key: "plan_status", value: (l) => l.plan.status, text: true },
  { key: "seq", value: (l) => (l.item.seq === 0 ? "down" : l.item.seq), text: true },
  { key: "date", value: (l) => l.item.dueOn, text: true },
  { key: "currency", value: (l) => l.plan.currency, text: true },
  { key: "amount", value: (l) => formatDecimal(l.item.amount, currencyDigits(l.plan.currency)) },
  { key: "paid", value: (l) => formatDecimal(l.item.paid, currencyDigits(l.plan.currency)) },
  { key: "open", value: (l) => formatDecimal(l.item.open, currencyDigits(l.plan.currency)) },
  { key: "status", value: (l) => l.item.status, text: true },
  { key: "remind", value: (l) => (l.item.remind ? "yes" : ""), text: true },
];

export function registerPlanCommand(program: Command): void {
  const plan = program.command("plan").description("payment plans (还款计划)");
  plan
    .command("status")
    .description("each plan's installments as of a date: due, partially_paid, paid, overdue, missed (README)")
    .option("--as-of <date>", "the date, YYYY-MM-DD (default: today in the company's zone)", isoDate)
    .option("--customer <code>", "one customer's plans")
    .option("--settle", "record the statuses, broken and completed plans (audited), as the daily run does")
    .addOption(new Option("--format <format>", "output format").choices(FORMATS).default("table"))
    .action(async (opts: Options) => {
      const database = await openDatabase();
      try {
        const db = database.db;
        const today = await companyToday(db, new Date());
        const asOf = opts.asOf ?? today;
        let customerIds: number[] | undefined;
        if (opts.customer !== undefined) {
          const [c] = await queryRows<{ id: string }>(db, sql`select id from customers where code = ${opts.customer}`);
          if (!c) throw new AppError("not_found", msg`no customer with code "${opts.customer}"`);
          customerIds = [Number(c.id)];
        }
        let summary = "";
        if (opts.settle) {
          if (asOf > today) throw new AppError("invalid_input", msg`--settle for a future date is refused: ${asOf}`);
          if (customerIds)
            throw new AppError("invalid_input", msg`--settle follows up every plan: leave out --customer`);
          const { settlePlans } = await import("../workspace/settle-plans.ts");
          const r = await database.transaction((conn) => settlePlans(conn, { asOf, actor: "cli" }));
          summary =
            `settled ${r.plansFollowed} active plans as of ${asOf}: ${r.installmentsChanged} installment statuses changed, ` +
            `${r.completed} completed, ${r.broken} broken, ${r.reminders.length} installments to remind\n`;
        }
        const { listPlanViews, planViewJson } = await import("../workspace/settle-plans.ts");
        const views = await listPlanViews(db, { asOf, scope: { customerIds } });
        const codes = new Map(
          (
            await queryRows<{ id: string; code: string }>(
              db,
              sql`select id, code from customers where id = any(${`{${[...new Set(views.map((v) => v.customerId))].join(",")}}`}::bigint[])`,
            )
          ).map((c) => [Number(c.id), c.code]),
        );
        const lines: Line[] = views.flatMap((v) =>
          [...(v.downPayment ? [v.downPayment] : []), ...v.installments].map((item) => ({
            plan: v,
            code: codes.get(v.customerId) ?? String(v.customerId),
            item,
          })),
        );
        let out: string;
        if (opts.format === "json") {
          out = `${JSON.stringify(
            views.map((v) => ({ customer: codes.get(v.customerId), ...planViewJson(v) })),
            null,
            2,
          )}\n`;
        } else if (opts.format === "csv") out = csvHeader(columns) + csvRows(columns, lines);
        else out = summary + (lines.length ? renderTable(columns, lines) : `no payment plans as of ${asOf}\n`);
        if (opts.format !== "table" && summary) process.stderr.write(summary);
        await new Promise<void>((resolve) =>
          process.stdout.write(out) ? resolve() : process.stdout.once("drain", resolve),
        );
      } finally {
        await database.close();
      }
    });
}
