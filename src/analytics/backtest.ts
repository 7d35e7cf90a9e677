// The backtest use case (`huikuan backtest`, GET /api/backtest/latest): forecast as of each step from what was
// known then, and score it against what happened by the data's end, beside two baselines scored the same way:
// "pays on the due date" and "pays the customer's median lateness after it" (both never earlier than the day
// after the step: an invoice open on D is not paid on D or before). The 13-week cash forecast is scored too: each
// week's expected collections per currency against what was collected on the invoices open at the step.
import { dateInZone, dayNumber, type IsoDate } from "../calendar/calendar-date.ts";
import type { Database } from "../db/database.ts";
import { AppError, msg } from "../errors/app-error.ts";
import { getSetting, setSetting } from "../settings/settings.ts";
import {
  type BacktestCase,
  type BacktestResult,
  type BacktestStep,
  backtestSteps,
  type CashCell,
  cashCells,
  measure,
  measureCash,
} from "./backtest.rules.ts";
import { cashWeekIndex } from "./cash-weeks.rules.ts";
import { ledgerSpan, loadLedgerAsOf } from "./forecast.repository.ts";
import { DEFAULT_MODEL_OPTIONS, type ModelOptions } from "./forecast.rules.ts";
import { checkAsOf, forecastAsOf } from "./forecast-as-of.ts";
import { CASH_WEEKS, cashWeeks, settleAll } from "./forecast-build.ts";

export const MAX_BACKTEST_STEPS = 60;
export const BACKTEST_SETTING = "analytics.backtest";

export type BacktestInput = {
  from: IsoDate;
  to: IsoDate;
  step: BacktestStep;
  options?: ModelOptions;
  onStep?: (asOf: IsoDate, done: number, total: number) => void;
};

export async function runBacktest(
  deps: { database: Database; now: () => Date },
  input: BacktestInput,
): Promise<BacktestResult> {
  const db = deps.database.db;
  if (input.from > input.to) throw new AppError("invalid_input", msg`from ${input.from} is after to ${input.to}`);
  const company = await getSetting(db, "company");
  const today = dateInZone(deps.now(), company.timeZone);
  await checkAsOf(db, input.from, today);
  const span = await ledgerSpan(db);
  const dataEnd = span.last as IsoDate;
  if (input.to >= dataEnd)
    throw new AppError(
      "invalid_input",
      msg`to ${input.to} must be before the data's last day ${dataEnd}: what happened after each step is the test`,
    );
  const steps = backtestSteps(input.from, input.to, input.step);
  if (steps.length > MAX_BACKTEST_STEPS)
    throw new AppError("invalid_input", msg`${steps.length} steps: at most ${MAX_BACKTEST_STEPS} (use a wider step)`);

  // What actually happened: every invoice settled as of the data's end.
  const truth = new Map<number, number | null>();
  for (const inv of settleAll(await loadLedgerAsOf(deps.database, dataEnd, company.timeZone), dayNumber(dataEnd)))
    truth.set(inv.id, inv.paidDay);

  const all: BacktestCase[] = [];
  const allCash: CashCell[] = [];
  const results: BacktestResult["steps"] = [];
  const end = dayNumber(dataEnd);
  for (const [k, asOf] of steps.entries()) {
    input.onStep?.(asOf, k, steps.length);
    const set = await forecastAsOf(deps.database, asOf, input.options ?? DEFAULT_MODEL_OPTIONS);
    const d = dayNumber(asOf);
    const cases: BacktestCase[] = set.invoices.map((f) => ({
      due: f.due,
      asOf: d,
      actual: truth.get(f.invoiceId) ?? null,
      predicted: {
        model: dayNumber(f.predictedPayDate),
        dueDate: dayNumber(f.baselineDueDate),
        customerMedian: dayNumber(f.baselineMedianDate),
      },
      score: { model: f.pLate, dueDate: 0, customerMedian: f.customerMedianLateness },
    }));
    const first = d + 1;
    const cash = cashCells(
      { first, weeks: CASH_WEEKS, dataEnd: end },
      cashWeeks(set, CASH_WEEKS).map((w) => ({
        currency: w.currency,
        week: cashWeekIndex(first, dayNumber(w.weekStart)),
        expected: Number(w.expected),
      })),
      set.invoices.map((f) => ({
        currency: f.currency,
        open: Number(f.openAmount),
        actual: truth.get(f.invoiceId) ?? null,
        dueDate: dayNumber(f.baselineDueDate),
        customerMedian: dayNumber(f.baselineMedianDate),
      })),
    );
    all.push(...cases);
    allCash.push(...cash);
    results.push({ asOf, ...measure(cases, end), cash: measureCash(cash) });
  }
  input.onStep?.(input.to, steps.length, steps.length);
  return {
    from: input.from,
    to: input.to,
    step: input.step,
    dataEnd,
    computedAt: deps.now().toISOString(),
    steps: results,
    overall: { ...measure(all, end), cash: measureCash(allCash) },
  };
}

/** Keeps a backtest for the dashboard (the setting "analytics.backtest", audited like any setting change). */
export async function saveBacktest(
  deps: { database: Database; now: () => Date },
  result: BacktestResult,
  actor: string,
): Promise<void> {
  await setSetting(deps, BACKTEST_SETTING, result, actor);
}

/** The dashboard's default backtest: the six monthly steps before the data's last month; null with too little data. */
async function defaultWindow(db: Database["db"]): Promise<{ from: IsoDate; to: IsoDate } | null> {
  const span = await ledgerSpan(db);
  if (!span.first || !span.last) return null;
  const to = monthsBefore(span.last, 1);
  const from = maxDate(monthsBefore(span.last, 6), span.first);
  return to < from ? null : { from, to };
}

/** Requests asking for a backtest while one is being computed share it (one computation per process at a time). */
const computing = new WeakMap<Database, Promise<BacktestResult | null>>();

/**
 * The latest stored backtest; without one, the default window's backtest computed now (not stored: a read changes
 * nothing; the forecast's refresh stores one, see refreshStaleBacktest). Null when there is too little data.
 */
export async function latestBacktest(deps: { database: Database; now: () => Date }): Promise<BacktestResult | null> {
  const stored = await getSetting(deps.database.db, BACKTEST_SETTING);
  if (stored) return stored;
  let pending = computing.get(deps.database);
  if (!pending) {
    pending = (async () => {
      const window = await defaultWindow(deps.database.db);
      return window ? runBacktest(deps, { ...window, step: "month" }) : null;
    })().finally(() => computing.delete(deps.database));
    computing.set(deps.database, pending);
  }
  return pending;
}

/** A stored backtest younger than this is kept by refreshStaleBacktest. */
export const BACKTEST_MAX_AGE_DAYS = 7;

/**
 * Stores the default window's backtest when none is stored or the stored one is older than BACKTEST_MAX_AGE_DAYS
 * (the forecast's refresh calls it, in the background): without one, every dashboard view would compute it on the
 * spot, seconds on a large ledger. Returns the new backtest, or null when the stored one is recent or there is too
 * little data.
 */
export async function refreshStaleBacktest(
  deps: { database: Database; now: () => Date },
  actor: string,
): Promise<BacktestResult | null> {
  const stored = await getSetting(deps.database.db, BACKTEST_SETTING);
  if (stored && deps.now().getTime() - Date.parse(stored.computedAt) < BACKTEST_MAX_AGE_DAYS * 86_400_000) return null;
  const window = await defaultWindow(deps.database.db);
  if (!window) return null;
  const result = await runBacktest(deps, { ...window, step: "month" });
  await saveBacktest(deps, result, actor);
  return result;
}

function monthsBefore(d: IsoDate, months: number): IsoDate {
  const t = new Date(`${d}T00:00:00Z`);
  const day = t.getUTCDate();
  t.setUTCDate(1);
  t.setUTCMonth(t.getUTCMonth() - months);
  const last = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)).getUTCDate();
  t.setUTCDate(Math.min(day, last));
  return t.toISOString().slice(0, 10);
}
const maxDate = (a: IsoDate, b: IsoDate) => (a > b ? a : b);
