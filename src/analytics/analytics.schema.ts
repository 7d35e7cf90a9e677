// The payment forecast the daily run stores: the latest forecast of every open invoice, and the refreshes that
// produced it. A derived copy (the ledger is the truth): rebuilt whole by each refresh, never edited.
import { bigint, char, date, doublePrecision, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

const at = (name: string) => timestamp(name, { withTimezone: true });

/** "superseded": asked for, but a later day's forecast was asked for or stored first (it would only replace it). */
export const FORECAST_REFRESH_STATUSES = ["pending", "running", "done", "failed", "superseded"] as const;

/** One row per as-of date asked for: pending once a daily run is done, done when its forecast is stored. */
export const forecastRefreshes = pgTable("forecast_refreshes", {
  asOf: date("as_of", { mode: "string" }).primaryKey(),
  status: text("status", { enum: FORECAST_REFRESH_STATUSES }).notNull(),
  requestedAt: at("requested_at").notNull(),
  startedAt: at("started_at"),
  computedAt: at("computed_at"),
  historyInvoices: integer("history_invoices"),
  settledInvoices: integer("settled_invoices"),
  coefficients: jsonb("coefficients"),
  error: text("error"),
});

/** The stored forecast of each invoice open at the end of the latest refresh's as-of date. */
export const invoiceForecasts = pgTable("invoice_forecasts", {
  invoiceId: bigint("invoice_id", { mode: "number" }).primaryKey(),
  asOf: date("as_of", { mode: "string" }).notNull(),
  customerId: bigint("customer_id", { mode: "number" }).notNull(),
  customerCode: text("customer_code").notNull(),
  invoiceNumber: text("invoice_number").notNull(),
  currency: char("currency", { length: 3 }).notNull(),
  dueDate: date("due_date", { mode: "string" }).notNull(),
  openAmount: bigint("open_amount", { mode: "bigint" }).notNull(),
  daysPastDue: integer("days_past_due").notNull(),
  predictedPayDate: date("predicted_pay_date", { mode: "string" }).notNull(),
  pLate: doublePrecision("p_late").notNull(),
  pLate30: doublePrecision("p_late_30").notNull(),
  expectedDaysLate: doublePrecision("expected_days_late").notNull(),
  topFactors: jsonb("top_factors").notNull(),
  /** P(paid in week w after the as-of date), w = 1..13: the cash forecast of any set of invoices is a sum. */
  pWeeks: doublePrecision("p_weeks").array().notNull(),
});
