// The JSON of the analytics reads the dashboard draws beside the KPIs: the latest backtest
// (GET /api/backtest/latest) and the champion/challenger evaluation (GET /api/strategy).

/** One figure per predictor: the model and the two baselines; null when there was nothing to measure. */
export type BacktestMeasures = { model: number | null; dueDate: number | null; customerMedian: number | null };
export type BacktestStep = {
  asOf: string;
  openInvoices: number;
  withPaymentDate: number;
  notYetDue: number;
  paidLate: number;
  mae: BacktestMeasures;
  auc: BacktestMeasures;
  /** The 13-week cash forecast per currency (absent in backtests stored before it was scored). */
  cash?: BacktestCash[];
};
/** Weekly mean absolute error (minor units) and the total's relative error, over the weeks scored. */
export type BacktestCash = {
  currency: string;
  weeks: number;
  collected: number;
  mae: BacktestMeasures;
  totalError: BacktestMeasures;
};
export type BacktestResult = {
  from: string;
  to: string;
  step: "week" | "month";
  dataEnd: string;
  computedAt: string;
  steps: BacktestStep[];
  overall: Omit<BacktestStep, "asOf">;
};

/** A 95% interval around an estimate. */
export type Interval = { estimate: number; low: number; high: number };
export type StrategyArm = {
  customers: number;
  overdue: string;
  recovered: string;
  recoveryRate: Interval | null;
  payingRate: Interval | null;
  daysToPay: Interval | null;
  promisesSettled: number;
  promiseKeptRate: Interval | null;
};
type Difference = (Interval & { better: "champion" | "challenger" | null }) | null;
export type PlaybookComparison = {
  playbook: string;
  /** Its name in the settings (the id when removed since). */
  playbookName: string;
  currency: string;
  champion: StrategyArm;
  challenger: StrategyArm;
  difference: { recoveryRate: Difference; daysToPay: Difference; promiseKeptRate: Difference };
};
export type StrategyReport = {
  from: string;
  to: string;
  playbooks: PlaybookComparison[];
  scripts: { scriptId: string; uses: number; promisesSettled: number; keptRate: Interval | null }[];
  minUses: number;
  unranked: number;
};

/** GET /api/forecast/cash: per currency, one row per week after asOf; amounts as decimal text. */
export type CashWeek = {
  currency: string;
  weekStart: string;
  weekEnd: string;
  expected: string;
  low: string;
  high: string;
};
export type CashForecast = { asOf: string; cash: CashWeek[] };
