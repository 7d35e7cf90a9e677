// The forecast's backtest figures (issue 8): MAE of the predicted payment date and AUC of p_late beside the two
// baselines, on the demo company of each seed asked for, monthly steps 2024-01-31 to 2025-05-31 (today 2025-06-30).
//   npx tsx bench/backtest.ts [--seeds 20240601,7,1,2,3] [--customers 300 --invoices 6000 --payments 5000] [--pg 1]
// PGlite in memory by default (the figures do not depend on the engine); --pg 1 uses a fresh PostgreSQL database.
import { runBacktest } from "../src/analytics/backtest.ts";
import { connect } from "../src/db/connect.ts";
import { migrate } from "../src/db/migrate.ts";
import { DEFAULT_DEMO_SEED } from "../src/demo/generate-demo.ts";
import { loadDemo } from "../src/demo/load-demo.ts";
import { arg, type BenchFigure, emitResult, freshPgDatabase } from "./bench-util.ts";

const seedsArg = process.argv.indexOf("--seeds");
const seeds = seedsArg > 0 ? (process.argv[seedsArg + 1] as string).split(",").map(Number) : [DEFAULT_DEMO_SEED];
const customers = arg("customers", 300);
const invoices = arg("invoices", 6000);
const payments = arg("payments", 5000);
const onPg = arg("pg", 0) === 1;
const today = "2025-06-30";
const now = () => new Date(`${today}T04:00:00Z`);
const MAE_BAR = 0.75;
const AUC_BAR = 0.87;

const figures: BenchFigure[] = [];
for (const seed of seeds) {
  const database = onPg
    ? await connect({ databaseUrl: await freshPgDatabase("huikuan_bench_backtest") })
    : await connect({});
  await migrate(database);
  await loadDemo({ database, now }, { customers, invoices, payments, seed, today });
  const t = performance.now();
  const r = await runBacktest({ database, now }, { from: "2024-01-31", to: "2025-05-31", step: "month" });
  const seconds = (performance.now() - t) / 1000;
  await database.close();
  const { mae, auc } = r.overall;
  if (mae.model === null || auc.model === null) throw new Error(`seed ${seed}: nothing to score`);
  const better = Math.min(mae.dueDate ?? Number.POSITIVE_INFINITY, mae.customerMedian ?? Number.POSITIVE_INFINITY);
  const betterAuc = Math.max(auc.dueDate ?? 0, auc.customerMedian ?? 0);
  const ratio = mae.model / better;
  console.log(
    `seed ${seed}: MAE ${mae.model.toFixed(2)} days (due date ${mae.dueDate?.toFixed(2)}, customer's median ` +
      `${mae.customerMedian?.toFixed(2)}) = ${ratio.toFixed(2)}x the better baseline (bar <= ${MAE_BAR}: ` +
      `${ratio <= MAE_BAR ? "met" : "NOT met"}); AUC ${auc.model.toFixed(3)} (baselines ${auc.dueDate?.toFixed(3)}, ` +
      `${auc.customerMedian?.toFixed(3)}; bar >= ${AUC_BAR}: ${auc.model >= AUC_BAR ? "met" : "NOT met"}); ` +
      `${r.overall.withPaymentDate} and ${r.overall.notYetDue} invoices scored, backtest ${seconds.toFixed(1)} s`,
  );
  const engine = onPg ? "PostgreSQL" : "PGlite";
  const demo = `demo seed ${seed}`;
  figures.push(
    {
      figure: `backtest MAE of the predicted payment date, ${demo}`,
      engine,
      value: mae.model,
      unit: "days",
      floor: { label: "the better baseline's MAE", value: better },
      limits: [{ on: "ratio", op: "<=", value: MAE_BAR, source: "issue 8 (MAE <= 0.75x the better baseline)" }],
    },
    {
      figure: `backtest AUC of p_late, ${demo}`,
      engine,
      value: auc.model,
      unit: "AUC",
      floor: { label: "the better baseline's AUC", value: betterAuc },
      limits: [{ on: "value", op: ">=", value: AUC_BAR, source: "issue 8 (AUC >= 0.87)" }],
    },
  );
}
emitResult("backtest", figures);
