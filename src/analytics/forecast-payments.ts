// The payment forecast use case (CLI `huikuan forecast`, GET /api/forecast): every invoice open at the end of D
// with its predicted payment date, the probabilities it is paid late and more than 30 days late, the expected days
// late and its top factors, plus the 13-week cash forecast. Trained on the whole company's history as known on D;
// each user then sees their own portfolio.
import { sql } from "drizzle-orm";
import { customerScope, visibleCustomerOrThrow } from "../auth/access.ts";
import type { AuthUser } from "../auth/sessions.ts";
import { dateInZone, type IsoDate } from "../calendar/calendar-date.ts";
import type { Database, Db } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { currencyDigits } from "../money/currencies.ts";
import { formatDecimal } from "../money/money.ts";
import { getSetting } from "../settings/settings.ts";
import type { ModelOptions } from "./forecast.rules.ts";
import { checkAsOf, forecastAsOf } from "./forecast-as-of.ts";
import {
  CASH_WEEKS,
  type CashWeek,
  cashWeeks,
  coefficientsOf,
  type InvoiceForecastRow,
  type PaymentForecast,
} from "./forecast-build.ts";
import { storedCustomerForecast, storedForecast } from "./forecast-store.ts";

export { CASH_WEEKS, type PaymentForecast };

export type ForecastInput = {
  /** Default: today in the company's time zone. */
  asOf?: IsoDate;
  scope: AuthUser;
  weeks?: number;
  options?: ModelOptions;
};

export async function visibleCustomerIds(db: Db, user: AuthUser): Promise<Set<number> | null> {
  if (user.role === "admin" || user.role === "finance") return null;
  const rows = await queryRows<{ id: string }>(db, sql`select c.id from customers c where ${customerScope(user)}`);
  return new Set(rows.map((r) => Number(r.id)));
}

export async function forecastPayments(
  deps: { database: Database; now: () => Date },
  input: ForecastInput,
): Promise<PaymentForecast> {
  const db = deps.database.db;
  const company = await getSetting(db, "company");
  const today = dateInZone(deps.now(), company.timeZone);
  const asOf = input.asOf ?? today;
  await checkAsOf(db, asOf, today);
  // Today's forecast is the one the daily run had computed, when it has: retraining for every request would take
  // tens of seconds on a large ledger. Another day, other options or more weeks: computed now.
  if (asOf === today && !input.options) {
    const stored = await storedForecast(db, asOf, input.scope, input.weeks ?? CASH_WEEKS);
    if (stored) return stored;
  }
  const set = await forecastAsOf(deps.database, asOf, input.options);
  const visible = await visibleCustomerIds(db, input.scope);
  const invoices = visible ? set.invoices.filter((f) => visible.has(f.customerId)) : set.invoices;
  // In code-unit order, as the database sorts codes (C.UTF-8) elsewhere: localeCompare's collation costs seconds
  // on a million invoices, and ISO dates need none.
  invoices.sort(
    (a, b) =>
      codeOrder(a.customerCode, b.customerCode) ||
      codeOrder(a.dueDate, b.dueDate) ||
      codeOrder(a.invoiceNumber, b.invoiceNumber),
  );
  return {
    asOf,
    invoices,
    cash: cashWeeks({ ...set, invoices }, input.weeks ?? CASH_WEEKS),
    computedAt: deps.now().toISOString(),
    model: {
      historyInvoices: set.historyInvoices,
      settledInvoices: set.settledInvoices,
      coefficients: coefficientsOf(set.model),
    },
  };
}

export type CustomerForecast = {
  asOf: IsoDate;
  /** When today's stored forecast was computed; null while it is not (no daily run yet today, or not refreshed). */
  computedAt: string | null;
  invoices: InvoiceForecastRow[];
};

/**
 * One customer's open invoices in today's stored forecast (the customer page). Read from the store only: a page
 * view never retrains the model, which takes seconds to tens of seconds on a large ledger.
 */
export async function customerForecast(
  deps: { database: Database; now: () => Date },
  input: { customerId: number; scope: AuthUser },
): Promise<CustomerForecast> {
  const db = deps.database.db;
  await visibleCustomerOrThrow(db, input.scope, input.customerId);
  const company = await getSetting(db, "company");
  const asOf = dateInZone(deps.now(), company.timeZone);
  const stored = await storedCustomerForecast(db, asOf, input.customerId);
  return { asOf, computedAt: stored?.computedAt ?? null, invoices: stored?.invoices ?? [] };
}

const codeOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const round = (x: number, digits = 4) => Number(x.toFixed(digits));
const money = (minor: bigint, currency: string) => formatDecimal(minor, currencyDigits(currency));

export function forecastRowJson(f: InvoiceForecastRow) {
  return {
    invoiceNumber: f.invoiceNumber,
    customerCode: f.customerCode,
    currency: f.currency,
    openAmount: money(f.openAmount, f.currency),
    dueDate: f.dueDate,
    daysPastDue: f.daysPastDue,
    predictedPayDate: f.predictedPayDate,
    pLate: round(f.pLate),
    pLate30: round(f.pLate30),
    expectedDaysLate: round(f.expectedDaysLate, 1),
    topFactors: f.topFactors,
  };
}

export function cashWeekJson(w: CashWeek) {
  return {
    currency: w.currency,
    weekStart: w.weekStart,
    weekEnd: w.weekEnd,
    expected: money(w.expected, w.currency),
    low: money(w.low, w.currency),
    high: money(w.high, w.currency),
  };
}

export function forecastToJson(f: PaymentForecast) {
  return {
    asOf: f.asOf,
    invoices: f.invoices.map(forecastRowJson),
    cash: f.cash.map(cashWeekJson),
    computedAt: f.computedAt,
    model: f.model,
  };
}
export type PaymentForecastJson = ReturnType<typeof forecastToJson>;
