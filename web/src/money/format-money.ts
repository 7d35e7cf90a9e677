// Amounts arrive as decimal text in the currency's unit ("258314.74"); they are only regrouped for display, never
// turned into floats. Sums are added in minor units as bigint.

/** "258314.74" → "258,314.74"; "-1200" → "-1,200". Text that is not a plain decimal is returned as it is. */
export function groupDecimal(decimal: string): string {
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(decimal.trim());
  if (!m) return decimal;
  const [, sign, whole = "", fraction = ""] = m;
  return `${sign}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}${fraction}`;
}

/** "CNY 258,314.74" */
export function formatMoney(decimal: string, currency: string): string {
  return `${currency} ${groupDecimal(decimal)}`;
}

/** Minor units (bigint or integer text) → grouped decimal with `digits` places. */
export function formatMinor(minor: bigint | string, digits: number): string {
  const n = typeof minor === "bigint" ? minor : BigInt(minor);
  const negative = n < 0n;
  const abs = (negative ? -n : n).toString().padStart(digits + 1, "0");
  const whole = abs.slice(0, abs.length - digits);
  const fraction = digits > 0 ? `.${abs.slice(abs.length - digits)}` : "";
  return groupDecimal(`${negative ? "-" : ""}${whole}${fraction}`);
}

/** Digits after the point for an ISO 4217 currency (CNY 2, JPY 0, BHD 3), as the browser's Intl knows them. */
export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** Digits of a decimal text as the server wrote it ("1234.50" → 2). */
export const decimalDigits = (decimal: string): number => decimal.split(".")[1]?.length ?? 0;

/** Decimal text → minor units, exact. */
export function toMinor(decimal: string, digits: number): bigint {
  const [whole = "0", fraction = ""] = decimal.trim().replace(/^-/, "").split(".");
  const n = BigInt(whole + fraction.padEnd(digits, "0").slice(0, digits));
  return decimal.trim().startsWith("-") ? -n : n;
}
