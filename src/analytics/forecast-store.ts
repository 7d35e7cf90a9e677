// The forecast the daily run keeps: when a run is done it asks for the forecast as of its date (a pending refresh);
// the server's scheduler or `huikuan worker` computes it outside the run (retraining on the whole history takes
// seconds to tens of seconds, which neither the run nor a web request should wait for) and stores every open
// invoice's forecast with its probability of being paid in each of the next 13 weeks. The API then serves today's
// forecast from the store, scoped to the user in SQL, and sums the cash forecast of any portfolio from it.
import { type SQL, sql } from "drizzle-orm";
import { appendAudit } from "../audit/append-audit.ts";
import { customerScope } from "../auth/access.ts";
import type { AuthUser } from "../auth/sessions.ts";
import { dateInZone, dayNumber, type IsoDate } from "../calendar/calendar-date.ts";
import { batchLines, copyLine } from "../db/copy-text.ts";
import type { Database, Db } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { getSetting } from "../settings/settings.ts";
import { refreshStaleBacktest } from "./backtest.ts";
import { checkAsOf, forecastAsOf } from "./forecast-as-of.ts";
import {
  CASH_WEEKS,
  type CashWeek,
  cashWeekOf,
  coefficientsOf,
  type ForecastSet,
  type InvoiceForecastRow,
  type PaymentForecast,
  paidPerWeek,
} from "./forecast-build.ts";

type Deps = { database: Database; now: () => Date };

const timing = process.env.HUIKUAN_DEBUG?.includes("timing");
/** A refresh that has been running this long is taken to have died with its process, and is taken over. */
const STALE_REFRESH_MINUTES = 60;

const COLUMNS = [
  "invoice_id",
  "as_of",
  "customer_id",
  "customer_code",
  "invoice_number",
  "currency",
  "due_date",
  "open_amount",
  "days_past_due",
  "predicted_pay_date",
  "p_late",
  "p_late_30",
  "expected_days_late",
  "top_factors",
  "p_weeks",
];

export type RefreshResult = { asOf: IsoDate; invoices: number; durationMs: number };

/**
 * Computes the forecast as of `asOf` (default today) from the whole history known then and stores it in place of the
 * stored one, in one transaction with its refresh row and audit entry.
 */
export async function refreshForecast(deps: Deps, input: { asOf?: IsoDate; actor: string }): Promise<RefreshResult> {
  const db = deps.database.db;
  const company = await getSetting(db, "company");
  const today = dateInZone(deps.now(), company.timeZone);
  const asOf = input.asOf ?? today;
  await checkAsOf(db, asOf, today);
  const started = performance.now();
  let last = started;
  const lap = (what: string) => {
    if (!timing) return;
    const t = performance.now();
    console.error(`[forecast refresh] ${what}: ${(t - last).toFixed(0)} ms`);
    last = t;
  };
  await db.execute(sql`insert into forecast_refreshes (as_of, status, requested_at, started_at)
    values (${asOf}::date, 'running', ${deps.now().toISOString()}::timestamptz, ${deps.now().toISOString()}::timestamptz)
    on conflict (as_of) do update set status = 'running', started_at = excluded.started_at, error = null`);
  try {
    const set = await forecastAsOf(deps.database, asOf);
    lap(`forecast of ${set.invoices.length} open invoices`);
    await deps.database.transaction(async (conn) => {
      await conn.db.execute(sql`delete from invoice_forecasts`);
      lap("old forecast deleted");
      await conn.copyIn("invoice_forecasts", COLUMNS, batchLines(storedLines(set)));
      lap("new forecast stored");
      const coefficients = coefficientsOf(set.model);
      const at = deps.now();
      await conn.db.execute(sql`update forecast_refreshes set status = 'done', computed_at = ${at.toISOString()}::timestamptz,
          history_invoices = ${set.historyInvoices}, settled_invoices = ${set.settledInvoices},
          coefficients = ${JSON.stringify(coefficients)}::jsonb where as_of = ${asOf}::date`);
      await appendAudit(conn.db, {
        at,
        actor: input.actor,
        action: "forecast.refresh",
        objectType: "forecast",
        objectId: asOf,
        after: { invoices: set.invoices.length, historyInvoices: set.historyInvoices },
      });
    });
    return { asOf, invoices: set.invoices.length, durationMs: Math.round(performance.now() - started) };
  } catch (e) {
    await db.execute(sql`update forecast_refreshes set status = 'failed', error = ${(e as Error).message}
      where as_of = ${asOf}::date`);
    throw e;
  }
}

function* storedLines(set: ForecastSet): Generator<string> {
  const first = dayNumber(set.asOf) + 1;
  const weeks = new Array<number>(CASH_WEEKS);
  for (const f of set.invoices) {
    paidPerWeek(f, first, CASH_WEEKS, weeks);
    yield copyLine([
      f.invoiceId,
      set.asOf,
      f.customerId,
      f.customerCode,
      f.invoiceNumber,
      f.currency,
      f.dueDate,
      f.openAmount,
      f.daysPastDue,
      f.predictedPayDate,
      f.pLate,
      f.pLate30,
      f.expectedDaysLate,
      JSON.stringify(f.topFactors),
      `{${weeks.join(",")}}`,
    ]);
  }
}

/**
 * Works on the refreshes asked for and not done, newest first, one at a time (another process's running refresh
 * is left alone unless it has run for an hour); one older than a refresh asked for, running or done is superseded
 * instead. Returns the refreshes done.
 */
export async function workOnForecastRefreshes(deps: Deps, actor: string): Promise<RefreshResult[]> {
  const done: RefreshResult[] = [];
  for (;;) {
    // The store holds one day's forecast: an older day's refresh, asked for by a daily run for a past day (npm
    // start runs two weeks back, one week back and today), would only replace a later one. It is left undone.
    await deps.database.db.execute(sql`update forecast_refreshes set status = 'superseded'
      where status = 'pending'
        and as_of < (select max(as_of) from forecast_refreshes where status in ('pending', 'running', 'done'))`);
    const [claimed] = await queryRows<{ as_of: string }>(
      deps.database.db,
      sql`update forecast_refreshes r set status = 'running', started_at = ${deps.now().toISOString()}::timestamptz
        from (select as_of from forecast_refreshes
              where status = 'pending' or (status = 'running'
                and started_at < ${deps.now().toISOString()}::timestamptz - make_interval(mins => ${STALE_REFRESH_MINUTES}))
              order by as_of desc limit 1 for update skip locked) x
        where r.as_of = x.as_of returning r.as_of::text as as_of`,
    );
    if (!claimed) {
      // The dashboard's backtest, once a week, by whoever refreshed a forecast (a refresh is claimed by one process).
      if (done.length)
        await refreshStaleBacktest(deps, actor).catch((e: Error) =>
          // The forecasts are stored; a failed backtest is said and tried again after the next refresh.
          console.error(`backtest refresh failed: ${e.message}`),
        );
      return done;
    }
    done.push(await refreshForecast(deps, { asOf: claimed.as_of as IsoDate, actor }));
  }
}

/**
 * Today's forecast from the store, for `user`'s portfolio, or null when the store does not hold a forecast as of
 * `asOf` (no run yet today, or its refresh not done).
 */
export async function storedForecast(
  db: Db,
  asOf: IsoDate,
  user: AuthUser,
  weeks: number,
): Promise<PaymentForecast | null> {
  if (weeks > CASH_WEEKS) return null;
  const refresh = await doneRefresh(db, asOf);
  if (!refresh) return null;
  const scope = customerScope(user);
  const invoices = await storedRows(db, scope);
  // The weeks' sums per currency: Σ amount × p and, for the band, Σ amount² × p × (1 − p).
  const sums = await queryRows<{ currency: string; w: number; e: number; v: number }>(
    db,
    sql`select f.currency, w, sum(f.open_amount * f.p_weeks[w])::float8 as e,
        sum(f.open_amount::float8 * f.open_amount * f.p_weeks[w] * (1 - f.p_weeks[w]))::float8 as v
      from invoice_forecasts f join customers c on c.id = f.customer_id cross join generate_series(1, ${weeks}::int) w
      where ${scope}
      group by f.currency, w order by f.currency collate "C", w`,
  );
  const first = dayNumber(asOf) + 1;
  const cash: CashWeek[] = sums.map((s) =>
    cashWeekOf(s.currency.trim(), first, Number(s.w) - 1, Number(s.e), Number(s.v)),
  );
  return {
    asOf,
    invoices,
    cash,
    computedAt: new Date(refresh.computed_at).toISOString(),
    model: {
      historyInvoices: Number(refresh.history_invoices),
      settledInvoices: Number(refresh.settled_invoices),
      coefficients: Object.fromEntries(Object.entries(refresh.coefficients).map(([k, v]) => [k, Number(v.toFixed(4))])),
    },
  };
}

/**
 * One customer's invoices in the stored forecast as of `asOf` (its computedAt), or null when the store holds no
 * forecast as of that day. The caller checks the customer is the user's to see.
 */
export async function storedCustomerForecast(
  db: Db,
  asOf: IsoDate,
  customerId: number,
): Promise<{ computedAt: string; invoices: InvoiceForecastRow[] } | null> {
  const refresh = await doneRefresh(db, asOf);
  if (!refresh) return null;
  return {
    computedAt: new Date(refresh.computed_at).toISOString(),
    invoices: await storedRows(db, sql`c.id = ${customerId}`),
  };
}

/** The refresh as of `asOf` when it is done and the store holds its forecasts (and no other day's). */
async function doneRefresh(db: Db, asOf: IsoDate) {
  const [refresh] = await queryRows<{
    computed_at: string | Date;
    history_invoices: number;
    settled_invoices: number;
    coefficients: Record<string, number>;
  }>(
    db,
    sql`select computed_at, history_invoices, settled_invoices, coefficients from forecast_refreshes
      where as_of = ${asOf}::date and status = 'done'
        and not exists (select 1 from invoice_forecasts f where f.as_of <> ${asOf}::date)`,
  );
  return refresh ?? null;
}

/** The stored invoice forecasts of the customers `where` keeps (on customers c), by customer, due date, number. */
async function storedRows(db: Db, where: SQL): Promise<InvoiceForecastRow[]> {
  const rows = await queryRows<{
    invoice_number: string;
    customer_code: string;
    currency: string;
    open_amount: string;
    due_date: string;
    days_past_due: number;
    predicted_pay_date: string;
    p_late: number;
    p_late_30: number;
    expected_days_late: number;
    top_factors: string[];
  }>(
    db,
    sql`select f.invoice_number, f.customer_code, f.currency, f.open_amount, f.due_date, f.days_past_due,
        f.predicted_pay_date, f.p_late, f.p_late_30, f.expected_days_late, f.top_factors
      from invoice_forecasts f join customers c on c.id = f.customer_id
      where ${where}
      order by f.customer_code collate "C", f.due_date, f.invoice_number collate "C"`,
  );
  return rows.map((r) => ({
    invoiceNumber: r.invoice_number,
    customerCode: r.customer_code,
    currency: r.currency,
    openAmount: BigInt(r.open_amount),
    dueDate: r.due_date as IsoDate,
    daysPastDue: Number(r.days_past_due),
    predictedPayDate: r.predicted_pay_date as IsoDate,
    pLate: Number(r.p_late),
    pLate30: Number(r.p_late_30),
    expectedDaysLate: Number(r.expected_days_late),
    topFactors: r.top_factors,
  }));
}
