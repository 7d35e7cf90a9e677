// The payment forecast as of a day D, for everyone (the use cases then scope it): the rows known on D, the model
// trained on them, every invoice open at the end of D forecast. Shared by the forecast, its store and the backtest.
import type { IsoDate } from "../calendar/calendar-date.ts";
import { isIsoDate } from "../calendar/calendar-date.ts";
import type { Database, Db } from "../db/database.ts";
import { AppError, msg } from "../errors/app-error.ts";
import { getSetting } from "../settings/settings.ts";
import { ledgerSpan, loadLedgerAsOf } from "./forecast.repository.ts";
import { DEFAULT_MODEL_OPTIONS, type ModelOptions } from "./forecast.rules.ts";
import { buildForecast, type ForecastSet } from "./forecast-build.ts";

/** Refuses an as-of day in the future or before any ledger data, with what would be accepted. */
export async function checkAsOf(db: Db, asOf: IsoDate, today: IsoDate): Promise<void> {
  if (!isIsoDate(asOf)) throw new AppError("invalid_input", msg`as-of "${asOf}" is not a date (expected YYYY-MM-DD)`);
  if (asOf > today)
    throw new AppError("invalid_input", msg`as-of ${asOf} is in the future (today is ${today}): nothing is known yet`);
  const span = await ledgerSpan(db);
  if (span.first === null)
    throw new AppError("invalid_input", msg`there are no invoices or payments to learn from yet`);
  if (asOf < span.first)
    throw new AppError("invalid_input", msg`as-of ${asOf} is before any data (the ledger starts on ${span.first})`);
}

/** Forecast as of D from the rows known on D (no scope: the backtest and the cash total use everything). */
export async function forecastAsOf(
  database: Database,
  asOf: IsoDate,
  options: ModelOptions = DEFAULT_MODEL_OPTIONS,
): Promise<ForecastSet> {
  const company = await getSetting(database.db, "company");
  return buildForecast(await loadLedgerAsOf(database, asOf, company.timeZone), asOf, options);
}
