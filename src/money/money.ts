import { AppError, type Message, msg } from "../errors/app-error.ts";

/** Amounts are stored as signed 64-bit integers of minor units (Postgres bigint). */
export const MINOR_MIN = -(2n ** 63n);
export const MINOR_MAX = 2n ** 63n - 1n;

/** Largest number of minor-unit digits we accept (ISO 4217 tops out at 4: CLF, UYW). */
const MAX_DIGITS = 18;

export const isMinorInRange = (minor: bigint): boolean => minor >= MINOR_MIN && minor <= MINOR_MAX;

/**
 * The largest amount one document (an invoice, a payment, a credit note, a promise, a plan) may carry: 10^15 minor
 * units (10 trillion yuan). Balances, aging buckets and KPIs are sums of documents in 64 bits; one document near
 * MINOR_MAX would overflow every sum it is in, and stop the aging and the daily run for all customers. With this
 * ceiling a sum overflows only past nine thousand documents at the ceiling.
 */
export const DOCUMENT_MINOR_MAX = 10n ** 15n;

/** Throws `field: ... is more than one document may carry (...)` (invalid input) above DOCUMENT_MINOR_MAX. */
export function checkDocumentAmount(field: string, minor: bigint, digits: number, currency: string): void {
  const problem = documentAmountProblem(minor, digits, currency);
  if (problem) throw new AppError("invalid_input", msg`${field}: ${problem}`);
}

/** `amount: 9999999999999999.99 is more than one document may carry (10000000000000.00 CNY)`, or null when it fits. */
export function documentAmountProblem(minor: bigint, digits: number, currency: string): Message | null {
  if (minor <= DOCUMENT_MINOR_MAX) return null;
  return msg`${formatDecimal(minor, digits)} is more than one document may carry (${formatDecimal(DOCUMENT_MINOR_MAX, digits)} ${currency})`;
}

function assertDigits(digits: number): void {
  if (!Number.isSafeInteger(digits) || digits < 0 || digits > MAX_DIGITS) {
    throw new AppError("internal", msg`invalid number of currency digits: ${digits}`);
  }
}

/** `"12.345" has 3 decimals; CNY allows 2` (or `the currency allows 2` without a currency code). */
export function tooManyDecimalsMessage(text: string, decimals: number, digits: number, currency?: string): Message {
  const shown = JSON.stringify(text);
  if (currency === undefined) {
    return decimals === 1
      ? msg`${shown} has 1 decimal; the currency allows ${digits}`
      : msg`${shown} has ${decimals} decimals; the currency allows ${digits}`;
  }
  return decimals === 1
    ? msg`${shown} has 1 decimal; ${currency} allows ${digits}`
    : msg`${shown} has ${decimals} decimals; ${currency} allows ${digits}`;
}

const PLAIN_DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * Parses a plain decimal ("1234.50", "-0.5", "12") into minor units, exactly (string arithmetic, no floats).
 * Trailing zeros beyond `digits` are accepted ("1.500" with 2 digits); any other extra decimal is an error, as are
 * thousands separators, exponents, a leading "+" or ".", and values outside the signed 64-bit range.
 */
export function parseDecimal(text: string, digits: number, currency?: string): bigint {
  assertDigits(digits);
  const match = PLAIN_DECIMAL.exec(text);
  if (!match) {
    throw new AppError(
      "invalid_input",
      msg`${JSON.stringify(text)} is not a number (expected a plain decimal such as 1234.50)`,
    );
  }
  const [, sign = "", whole = "", fraction = ""] = match;
  const significant = fraction.replace(/0+$/, "");
  if (significant.length > digits) {
    throw new AppError("invalid_input", tooManyDecimalsMessage(text, significant.length, digits, currency));
  }
  const magnitude = BigInt(whole + significant.padEnd(digits, "0"));
  const minor = sign === "-" ? -magnitude : magnitude;
  if (!isMinorInRange(minor)) {
    throw new AppError("invalid_input", msg`${JSON.stringify(text)} is too large for an amount`);
  }
  return minor;
}

/**
 * Formats minor units as a plain decimal with exactly `digits` decimals: 123450n, 2 → "1234.50"; -5n, 2 → "-0.05";
 * 1234n, 0 → "1234". Zero is always "0". The result always parses back with parseDecimal.
 */
export function formatDecimal(minor: bigint, digits: number): string {
  assertDigits(digits);
  if (minor === 0n) return "0";
  const sign = minor < 0n ? "-" : "";
  const magnitude = (minor < 0n ? -minor : minor).toString();
  if (digits === 0) return sign + magnitude;
  const padded = magnitude.padStart(digits + 1, "0");
  return `${sign}${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}

export function sumMinor(values: readonly bigint[]): bigint {
  let total = 0n;
  for (const value of values) total += value;
  return total;
}

export function minBig(first: bigint, ...rest: bigint[]): bigint {
  let min = first;
  for (const value of rest) if (value < min) min = value;
  return min;
}

export function maxBig(first: bigint, ...rest: bigint[]): bigint {
  let max = first;
  for (const value of rest) if (value > max) max = value;
  return max;
}

/**
 * Splits `total` in proportion to `weights`, exactly: the parts always sum to `total`. Each part is the exact share
 * rounded towards zero, and the leftover units go one each to the first rows whose exact share was not whole, so
 * every part is within one unit of its exact share and a zero-weight row always gets 0. A negative total is split
 * like its absolute value, then negated. Weights must be >= 0 with a positive sum.
 */
export function allocate(total: bigint, weights: readonly bigint[]): bigint[] {
  let weightSum = 0n;
  for (const weight of weights) {
    if (weight < 0n) throw new AppError("invalid_input", msg`cannot allocate by a negative weight (${weight})`);
    weightSum += weight;
  }
  if (weightSum <= 0n) throw new AppError("invalid_input", msg`cannot allocate: the weights must have a positive sum`);

  const negative = total < 0n;
  const magnitude = negative ? -total : total;
  const parts = weights.map((weight) => (magnitude * weight) / weightSum);
  const remainders = weights.map((weight) => (magnitude * weight) % weightSum);
  // The remainders sum to leftover * weightSum and each is < weightSum, so more than `leftover` rows have one.
  let leftover = magnitude - sumMinor(parts);
  for (let i = 0; leftover > 0n; i++) {
    if ((remainders[i] ?? 0n) > 0n) {
      parts[i] = (parts[i] ?? 0n) + 1n;
      leftover--;
    }
  }
  return negative ? parts.map((part) => -part) : parts;
}

/** Splits `total` into `n` parts that differ by at most one unit; the leftover units go to the first rows. */
export function splitEvenly(total: bigint, n: number): bigint[] {
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new AppError("invalid_input", msg`cannot split into ${n} parts (expected a positive whole number)`);
  }
  return allocate(
    total,
    Array.from({ length: n }, () => 1n),
  );
}

/** parseDecimal with the field named in the message ("amount: ..."), for requests that carry several amounts. */
export function parseDecimalField(field: string, text: string, digits: number, currency: string): bigint {
  try {
    return parseDecimal(text, digits, currency);
  } catch (e) {
    if (e instanceof AppError) throw new AppError(e.code, msg`${field}: ${e.message}`);
    throw e;
  }
}
