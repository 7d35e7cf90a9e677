// The cash forecast card's arithmetic, apart from the chart: which currency's weeks to show and their total.
import type { CashWeek } from "../api/analytics-types.ts";
import { currencyDigits, formatMinor, toMinor } from "../money/format-money.ts";

/** The weeks of `currency`, or of the first currency the forecast has when it has none in that one. */
export function weeksOf(cash: readonly CashWeek[], currency: string | null): CashWeek[] {
  const chosen = currency !== null && cash.some((w) => w.currency === currency) ? currency : cash[0]?.currency;
  return cash.filter((w) => w.currency === chosen);
}

/** The weeks' expected collections summed exactly, in the currency's digits and grouped ("1,234,569.00"). */
export function totalExpected(weeks: readonly CashWeek[], currency: string): string {
  const digits = currencyDigits(currency);
  return formatMinor(
    weeks.reduce((sum, w) => sum + toMinor(w.expected, digits), 0n),
    digits,
  );
}
