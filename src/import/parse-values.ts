/**
 * Parsers for single spreadsheet/CSV cells from ERP and Excel exports (Chinese and Western). They never throw: each
 * returns a Parsed result whose error message quotes the cell as written, so callers can prefix it with the row and
 * column (`row 12, due_date: "31/02/2024" is not a date (expected D/M/YYYY)`).
 */
import { type Message, msg } from "../errors/app-error.ts";
import { isKnownCurrency } from "../money/currencies.ts";
import { isMinorInRange, tooManyDecimalsMessage } from "../money/money.ts";

/** A failure's message is a Message (translated for the reader at the API; plain English in the CLI). */
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: Message };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (message: Message): { ok: false; message: Message } => ({ ok: false, message });

/** Quotes a cell for a message, shortening very long ones. */
function quote(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}…` : text);
}

/** Full-width digits and punctuation (１２３，（）￥) become ASCII; surrounding whitespace goes. */
const normalize = (text: string): string => text.normalize("NFKC").trim();

// ---------------------------------------------------------------------------------------------------------------
// Cells

/** An Excel error value: what a cell shows when its formula failed (#N/A, #REF! …). */
export type ExcelError = { readonly error: string };
/** A cell as the readers give it (read-table.ts): text, a number, a boolean, a Date, an Excel error, or nothing. */
export type CellValue = string | number | boolean | Date | ExcelError | null;
/** What a cell parser takes: a read cell, or a value straight from exceljs (rich text, hyperlink, formula objects). */
export type CellInput = CellValue | undefined | object;

/** Excel's error values, as an .xlsx holds them and as Excel writes them into a CSV file. */
export const EXCEL_ERRORS: ReadonlySet<string> = new Set([
  "#NULL!",
  "#DIV/0!",
  "#VALUE!",
  "#REF!",
  "#NAME?",
  "#NUM!",
  "#N/A",
  "#GETTING_DATA",
  "#SPILL!",
  "#CALC!",
  "#FIELD!",
  "#BLOCKED!",
  "#CONNECT!",
  "#BUSY!",
  "#UNKNOWN!",
]);

export const excelErrorMessage = (token: string): Message => msg`the cell holds the Excel error ${token}`;

export const isExcelError = (v: unknown): v is ExcelError =>
  typeof v === "object" && v !== null && !(v instanceof Date) && "error" in v && v.error !== undefined;

/**
 * The Excel error a cell holds: an error value, or text that is exactly an error token (Excel writes #N/A into a CSV
 * as that text; no code, name, date or amount is ever spelled so). Null for anything else, cheaply for most cells.
 */
export function excelErrorOf(cell: unknown): string | null {
  if (typeof cell === "string") return cell.charCodeAt(0) === 35 && EXCEL_ERRORS.has(cell) ? cell : null;
  return isExcelError(cell) ? textOf(cell.error) : null;
}

/**
 * Any cell value as plain data: exceljs gives rich text, hyperlinks and formulas as objects. Rich text and a
 * hyperlink become their text; a formula stays its own text ("=HYPERLINK(...)"), never evaluated; a formula whose
 * cached result is an error, and an error value, become an ExcelError.
 */
/**
 * Text of a value from a workbook, which may be any object: one whose toString is not a function, or returns an
 * object, makes String() throw; it reads as "[object Object]" instead, which the parsers refuse like any bad cell.
 */
function textOf(v: unknown): string {
  try {
    return String(v);
  } catch {
    return Object.prototype.toString.call(v);
  }
}

export function cellValueOf(v: unknown): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean" || v instanceof Date) return v;
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (o.error !== undefined) return { error: textOf(o.error) };
    if (typeof o.formula === "string" || typeof o.sharedFormula === "string") {
      if (isExcelError(o.result)) return { error: textOf(o.result.error) };
      return `=${typeof o.formula === "string" ? o.formula : o.sharedFormula}`;
    }
    if (Array.isArray(o.richText))
      return (o.richText as { text?: unknown }[]).map((t) => textOf(t.text ?? "")).join("");
    // A hyperlink: its text is what the cell shows (itself rich text at times).
    if ("text" in o) {
      const text = cellValueOf(o.text);
      return text === null ? "" : isExcelError(text) ? text : textOf(text);
    }
  }
  return textOf(v);
}

/** A Date cell as the text it stands for. */
const cellDateText = (d: Date): string => (Number.isNaN(d.getTime()) ? "Invalid Date" : d.toISOString().slice(0, 10));

/**
 * A cell reduced to the text, number or Date a parser reads (an exceljs object becomes its value, nothing becomes "");
 * an Excel error, or a boolean (`notA` says what was wanted: TRUE is not a date...), fails.
 */
function readable(raw: CellInput, notA: (shown: string) => Message): Parsed<string | number | Date> {
  const v = cellValueOf(raw);
  if (v === null) return ok("");
  if (typeof v === "boolean") return fail(notA(v ? "TRUE" : "FALSE"));
  if (isExcelError(v)) return fail(excelErrorMessage(v.error));
  return ok(v);
}

// ---------------------------------------------------------------------------------------------------------------
// Dates

export const DATE_FORMATS = [
  "YYYY-MM-DD",
  "YYYY/M/D",
  "M/D/YYYY",
  "D/M/YYYY",
  "D.M.YYYY",
  "YYYYMMDD",
  "M/D/YY",
  "D/M/YY",
] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

export function isDateFormat(s: string): s is DateFormat {
  return (DATE_FORMATS as readonly string[]).includes(s);
}

const MIN_YEAR = 1900;
const MAX_YEAR = 9999;

/** An optional time of day after the date, which is ignored: "T10:30:00Z", " 10:30", " 9:05:00 PM", " 00:00:00.000". */
const TIME = String.raw`(?:(?:T|\s+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[AaPp][Mm])?(?:\s*(?:Z|[+-]\d{2}(?::?\d{2})?))?)?`;
const dated = (body: string): RegExp => new RegExp(`^${body}${TIME}$`);

type Layout = { re: RegExp; order: "ymd" | "mdy" | "dmy" };

/** Slash layouts also take "-" (3-5-2024), but the same separator both times. */
const LAYOUTS: Record<DateFormat, Layout> = {
  "YYYY-MM-DD": { re: dated(String.raw`(\d{4})-(\d{1,2})-(\d{1,2})`), order: "ymd" },
  "YYYY/M/D": { re: dated(String.raw`(\d{4})/(\d{1,2})/(\d{1,2})`), order: "ymd" },
  "M/D/YYYY": { re: dated(String.raw`(\d{1,2})([/-])(\d{1,2})\2(\d{4})`), order: "mdy" },
  "D/M/YYYY": { re: dated(String.raw`(\d{1,2})([/-])(\d{1,2})\2(\d{4})`), order: "dmy" },
  "D.M.YYYY": { re: dated(String.raw`(\d{1,2})\.(\d{1,2})\.(\d{4})`), order: "dmy" },
  YYYYMMDD: { re: dated(String.raw`(\d{4})(\d{2})(\d{2})`), order: "ymd" },
  // The two-digit-year layouts also take a four-digit year: that is never ambiguous.
  "M/D/YY": { re: dated(String.raw`(\d{1,2})([/-])(\d{1,2})\2(\d{2}|\d{4})`), order: "mdy" },
  "D/M/YY": { re: dated(String.raw`(\d{1,2})([/-])(\d{1,2})\2(\d{2}|\d{4})`), order: "dmy" },
};
const YMD_DOTTED: Layout = { re: dated(String.raw`(\d{4})\.(\d{1,2})\.(\d{1,2})`), order: "ymd" };
const CHINESE: Layout = { re: dated(String.raw`(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]`), order: "ymd" };
/** Understood whatever --date-format says: these cannot be misread. */
const UNAMBIGUOUS = [LAYOUTS["YYYY-MM-DD"], CHINESE];
/** Also understood when no --date-format is given. */
const DEFAULTS = [LAYOUTS["YYYY/M/D"], YMD_DOTTED, LAYOUTS.YYYYMMDD];

const AMBIGUOUS = dated(String.raw`\d{1,2}([/.-])\d{1,2}\1(\d{2}|\d{4})`);

const EXCEL_MAX_SERIAL = 2958465; // 9999-12-31

type DateResult = Parsed<string>;

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

const isLeap = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const max = month === 2 && isLeap(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
  return day <= max;
}

const pad = (n: number, width: number): string => String(n).padStart(width, "0");

/** Checks a calendar date and renders it as YYYY-MM-DD. */
function isoDate(year: number, month: number, day: number, shown: string, expected: string): DateResult {
  if (!isRealDate(year, month, day)) return fail(msg`${shown} is not a date (expected ${expected})`);
  if (year < MIN_YEAR || year > MAX_YEAR) {
    return fail(msg`${shown} is out of range (expected a year from ${MIN_YEAR} to ${MAX_YEAR})`);
  }
  return ok(`${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`);
}

/** Applies a layout; undefined when the text does not have its shape. */
function tryLayout(layout: Layout, text: string, shown: string, expected: string): DateResult | undefined {
  const match = layout.re.exec(text);
  if (!match) return undefined;
  // Slash layouts capture their separator as group 2.
  const groups = match.slice(1).filter((g) => g !== undefined && /^\d+$/.test(g));
  const [a = "", b = "", c = ""] = groups;
  const [yearText, month, day] =
    layout.order === "ymd"
      ? [a, Number(b), Number(c)]
      : layout.order === "mdy"
        ? [c, Number(a), Number(b)]
        : [c, Number(b), Number(a)];
  let year = Number(yearText);
  if (yearText.length === 2) year += year < 70 ? 2000 : 1900;
  return isoDate(year, month, day, shown, expected);
}

/** Excel 1900 date system, including Lotus 1-2-3's fictitious 1900-02-29 (serial 60). A time fraction is dropped. */
function fromExcelSerial(serial: number, shown: string): DateResult {
  const whole = Math.floor(serial);
  if (whole < 1) return fail(msg`${shown} is not a date (Excel serial dates start at 1 = 1900-01-01)`);
  if (whole === 60) return fail(msg`${shown} is not a date (Excel serial 60 is 1900-02-29, which does not exist)`);
  if (whole > EXCEL_MAX_SERIAL) return fail(msg`${shown} is not a date (expected YYYY-MM-DD)`);
  const epoch = whole < 60 ? daysFromCivil(1899, 12, 31) : daysFromCivil(1899, 12, 30);
  const [year, month, day] = civilFromDays(epoch + whole);
  return isoDate(year, month, day, shown, "YYYY-MM-DD");
}

function ambiguityHint(text: string): string {
  const match = AMBIGUOUS.exec(text);
  if (match?.[1] === ".") return "D.M.YYYY";
  return match?.[2]?.length === 2 ? "M/D/YY or D/M/YY" : "M/D/YYYY or D/M/YYYY";
}

/**
 * Parses a date cell to "YYYY-MM-DD". Always understood: ISO dates (time of day ignored), 2024年3月5日, Excel serial
 * numbers (a number, or text of 1-5 digits) and Date objects (UTC components, as XLSX readers produce them).
 * Without `format`, also YYYY/M/D, YYYY.M.D and YYYYMMDD; day/month orders like 3/5/2024 are refused as ambiguous.
 * With `format`, exactly that layout (slash layouts also accept "-").
 */
const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The number written by `n` ASCII digits from `at`, or -1 when one of them is not a digit. */
function digitsAt(text: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

export function parseDateCell(raw: CellInput, format?: DateFormat): Parsed<string> {
  // Fast path for the common case (plain ISO text): a million-row import spends most of its time here.
  if (typeof raw === "string" && raw.length === 10) {
    const y = digitsAt(raw, 0, 4);
    const mo = digitsAt(raw, 5, 2);
    const d = digitsAt(raw, 8, 2);
    if (raw.charCodeAt(4) === 45 && raw.charCodeAt(7) === 45 && y >= 1900 && mo >= 1 && mo <= 12 && d >= 1) {
      const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
      if (d <= (mo === 2 && !leap ? 28 : (MONTH_DAYS[mo - 1] ?? 0))) return { ok: true, value: raw };
    }
  }
  const expected = format ?? "YYYY-MM-DD";
  if (typeof raw !== "string" && typeof raw !== "number" && !(raw instanceof Date)) {
    const v = readable(raw, (shown) => msg`${shown} is not a date (expected ${expected})`);
    return v.ok ? parseDateCell(v.value, format) : v;
  }
  if (raw instanceof Date) {
    const time = raw.getTime();
    if (Number.isNaN(time)) return fail(msg`"Invalid Date" is not a date (expected ${expected})`);
    return isoDate(raw.getUTCFullYear(), raw.getUTCMonth() + 1, raw.getUTCDate(), quote(raw.toISOString()), expected);
  }
  if (typeof raw === "number") {
    const shown = quote(String(raw));
    if (!Number.isFinite(raw)) return fail(msg`${shown} is not a date (expected ${expected})`);
    // SAP and other ERPs put YYYYMMDD dates into numeric cells; no Excel serial has 8 digits.
    if (Number.isInteger(raw) && raw >= 10_000_000 && raw <= 99_999_999) {
      return (
        tryLayout(LAYOUTS.YYYYMMDD, String(raw), shown, expected) ??
        fail(msg`${shown} is not a date (expected ${expected})`)
      );
    }
    return fromExcelSerial(raw, shown);
  }

  const text = normalize(raw);
  if (text === "") return fail(msg`is empty (expected a date)`);
  const shown = quote(raw.trim());
  if (/^\d{1,5}$/.test(text)) return fromExcelSerial(Number(text), shown);

  const layouts = format ? [...UNAMBIGUOUS, LAYOUTS[format]] : [...UNAMBIGUOUS, ...DEFAULTS];
  for (const layout of layouts) {
    const result = tryLayout(layout, text, shown, expected);
    if (result) return result;
  }
  if (!format && AMBIGUOUS.test(text)) {
    return fail(msg`${shown} is ambiguous (pass --date-format, e.g. ${ambiguityHint(text)})`);
  }
  return fail(msg`${shown} is not a date (expected ${expected})`);
}

// ---------------------------------------------------------------------------------------------------------------
// Currencies

/** Names and symbols used for currencies in Chinese and Western exports; keys are upper-case. */
const CURRENCY_ALIASES = new Map<string, string>([
  ["人民币", "CNY"],
  ["人民幣", "CNY"],
  ["RMB", "CNY"],
  ["元", "CNY"],
  ["¥", "CNY"],
  ["美元", "USD"],
  ["美金", "USD"],
  ["US$", "USD"],
  ["$", "USD"],
  ["欧元", "EUR"],
  ["歐元", "EUR"],
  ["€", "EUR"],
  ["港币", "HKD"],
  ["港幣", "HKD"],
  ["港元", "HKD"],
  ["HK$", "HKD"],
  ["日元", "JPY"],
  ["日圆", "JPY"],
  ["日圓", "JPY"],
  ["円", "JPY"],
  ["英镑", "GBP"],
  ["英鎊", "GBP"],
  ["£", "GBP"],
]);

/**
 * Symbols that several currencies share (¥ is also the yen, $ many dollars, 元 any "yuan"/"dollar"): next to an
 * amount they say nothing about which currency it is in.
 */
const SHARED_SYMBOLS = new Set(["¥", "$", "元", "£"]);

/** Parses a currency cell to an ISO 4217 code: "cny", "人民币", "RMB", "¥", "US$", "港币", "€" … */
export function parseCurrencyCell(raw: CellInput): Parsed<string> {
  if (typeof raw !== "string") {
    const v = readable(raw, (shown) => msg`${shown} is not a currency (expected an ISO 4217 code such as CNY)`);
    if (!v.ok) return v;
    if (v.value instanceof Date) return fail(msg`${quote(cellDateText(v.value))} is a date, not a currency`);
    return parseCurrencyCell(String(v.value));
  }
  const text = normalize(raw);
  if (text === "") return fail(msg`is empty (expected a currency code)`);
  const upper = text.toUpperCase();
  const alias = CURRENCY_ALIASES.get(upper);
  if (alias) return ok(alias);
  if (/^[A-Z]{3}$/.test(upper) && isKnownCurrency(upper)) return ok(upper);
  return fail(msg`${quote(raw.trim())} is not a currency (expected an ISO 4217 code such as CNY)`);
}

// ---------------------------------------------------------------------------------------------------------------
// Amounts

/** Currency markers that may lead or trail an amount, longest first so "US$" wins over "$" and "美元" over "元". */
const AMOUNT_MARKERS = [...CURRENCY_ALIASES.keys()].sort((a, b) => b.length - a.length);
const CODE_PREFIX = /^([A-Za-z]{3})(?![A-Za-z])/;
const CODE_SUFFIX = /(?<![A-Za-z])([A-Za-z]{3})$/;
const MINUS = /^[-−]/;
const TRAILING_MINUS = /[-−]$/;

type Marker = { length: number; code: string; shared: boolean };

function markerAt(text: string, end: "start" | "end"): Marker | undefined {
  const upper = text.toUpperCase();
  for (const marker of AMOUNT_MARKERS) {
    if (end === "start" ? upper.startsWith(marker) : upper.endsWith(marker)) {
      return { length: marker.length, code: CURRENCY_ALIASES.get(marker) ?? "", shared: SHARED_SYMBOLS.has(marker) };
    }
  }
  const code = (end === "start" ? CODE_PREFIX : CODE_SUFFIX).exec(upper)?.[1];
  return code && isKnownCurrency(code) ? { length: 3, code, shared: false } : undefined;
}

/** Thousands separators: comma, space (NBSP becomes a space under NFKC), apostrophe (Swiss), underscore. */
const NUMBER = /^(\d+(?:[, '’_]\d+)*)?(?:\.(\d+))?$/;
const DECIMAL_COMMA = /^\d{1,3}(?:[. ]\d{3})*,\d+$/;
const SCIENTIFIC = /^(?:\d+\.?\d*|\.\d+)e[+-]?\d+$/i;

const notAnAmount = (shown: string): Message => msg`${shown} is not an amount (expected a number such as 1234.56)`;

/** Converts a sign and plain digits to minor units, checking decimals and the 64-bit range. */
function toMinor(
  negative: boolean,
  whole: string,
  fraction: string,
  shownText: string,
  digits: number,
  currency: string | undefined,
): Parsed<bigint> {
  const significant = fraction.replace(/0+$/, "");
  if (significant.length > digits) return fail(tooManyDecimalsMessage(shownText, significant.length, digits, currency));
  const magnitude = BigInt((whole || "0") + significant.padEnd(digits, "0"));
  const minor = negative ? -magnitude : magnitude;
  if (!isMinorInRange(minor)) return fail(msg`${quote(shownText)} is too large for an amount`);
  return ok(minor);
}

/** A number from an XLSX cell, converted through its shortest decimal representation (never float arithmetic). */
function amountFromNumber(raw: number, digits: number, currency: string | undefined): Parsed<bigint> {
  const text = String(raw);
  if (!Number.isFinite(raw)) return fail(notAnAmount(quote(text)));
  if (Math.abs(raw) > Number.MAX_SAFE_INTEGER) return fail(msg`${quote(text)} is too large for an amount`);
  const exponent = /^(-?)(\d)(?:\.(\d+))?e-(\d+)$/.exec(text);
  if (exponent) {
    // Tiny numbers such as 1e-7: spell them out so the decimals check reports them.
    const [, sign = "", lead = "", rest = "", power = "0"] = exponent;
    const plain = `${sign}0.${"0".repeat(Number(power) - 1)}${lead}${rest}`;
    return toMinor(sign === "-", "0", plain.slice(plain.indexOf(".") + 1), plain, digits, currency);
  }
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return fail(notAnAmount(quote(text)));
  const [, sign = "", whole = "", fraction = ""] = match;
  return toMinor(sign === "-", whole, fraction, text, digits, currency);
}

/**
 * Parses an amount cell to minor units. Accepts thousands separators (1,234.56; 1 234.56; 1'234.56; 1_234.56),
 * currency symbols, codes and names before or after the number (¥1,234.56, RMB 1,234.00, 1234.5元, USD 10),
 * negatives as -1,234.56, (123.45) or SAP's 1234.56-, and full-width characters. A dot is always the decimal
 * separator. Formulas are never evaluated. When `currency` is given, a cell naming another currency is an error.
 */
/**
 * "1234.56" as minor units when the text is only digits, with at most one point followed by at most `digits` digits
 * (1 to 15 digits before it); null for anything else, which the general parser then reads.
 */
export function plainMinorUnits(raw: string, digits: number): bigint | null {
  const n = raw.length;
  let point = -1;
  for (let i = 0; i < n; i++) {
    const c = raw.charCodeAt(i);
    if (c === 46 && point < 0) point = i;
    else if (c < 48 || c > 57) return null;
  }
  const whole = point < 0 ? n : point;
  const fraction = point < 0 ? 0 : n - point - 1;
  if (whole < 1 || whole > 15 || (point >= 0 && fraction < 1) || fraction > digits) return null;
  const text = point < 0 ? raw : raw.slice(0, point) + raw.slice(point + 1);
  return BigInt(fraction === digits ? text : text + "0".repeat(digits - fraction));
}

export function parseAmountCell(raw: CellInput, digits: number, currency?: string): Parsed<bigint> {
  if (typeof raw === "number") return amountFromNumber(raw, digits, currency);
  if (typeof raw !== "string") {
    const v = readable(raw, notAnAmount);
    if (!v.ok) return v;
    if (v.value instanceof Date) return fail(msg`${quote(cellDateText(v.value))} is a date, not an amount`);
    return parseAmountCell(v.value, digits, currency);
  }
  // Fast path for plain positive decimals such as 1234.56 (most ERP exports), read without a regular expression.
  const plain = plainMinorUnits(raw, digits);
  if (plain !== null) return { ok: true, value: plain };

  const text = normalize(raw);
  if (text === "") return fail(msg`is empty (expected an amount)`);
  const shownText = raw.trim();
  const shown = quote(shownText);
  if (text.startsWith("=")) return fail(msg`${shown} is a formula, not an amount`);

  let rest = text;
  let negatives = 0;
  let pluses = 0;
  let parenthesized = false;
  const markers: Marker[] = [];
  for (;;) {
    const before = rest;
    if (!parenthesized && rest.startsWith("(") && rest.endsWith(")")) {
      parenthesized = true;
      negatives++;
      rest = rest.slice(1, -1).trim();
    }
    if (MINUS.test(rest)) {
      negatives++;
      rest = rest.slice(1).trimStart();
    } else if (rest.startsWith("+")) {
      pluses++;
      rest = rest.slice(1).trimStart();
    }
    if (TRAILING_MINUS.test(rest)) {
      negatives++;
      rest = rest.slice(0, -1).trimEnd();
    }
    const prefix = markerAt(rest, "start");
    if (prefix) {
      markers.push(prefix);
      rest = rest.slice(prefix.length).trimStart();
    }
    const suffix = markerAt(rest, "end");
    if (suffix) {
      markers.push(suffix);
      rest = rest.slice(0, rest.length - suffix.length).trimEnd();
    }
    if (rest === before) break;
  }
  // Two markers are fine when they agree ("RMB ¥1,234.00"); the shared symbols agree with anything.
  const named = new Set(markers.filter((m) => !m.shared).map((m) => m.code));
  if (negatives + pluses > 1 || markers.length > 2 || named.size > 1) return fail(notAnAmount(shown));

  if (SCIENTIFIC.test(rest)) {
    return fail(msg`${shown} is in scientific notation, which may have lost digits (format the column as a number)`);
  }
  const match = NUMBER.exec(rest);
  if (!match || (match[1] === undefined && match[2] === undefined)) {
    if (DECIMAL_COMMA.test(rest)) {
      return fail(msg`${shown} uses a decimal comma (expected a dot as the decimal separator, e.g. 1234.56)`);
    }
    return fail(notAnAmount(shown));
  }
  const [, grouped = "", fraction = ""] = match;
  const groups = grouped.split(/[, '’_]/);
  const separators = new Set(grouped.replace(/\d/g, ""));
  if (
    groups.length > 1 &&
    (separators.size > 1 ||
      groups.some((group, i) => (i === 0 ? group.length > 3 || group.startsWith("0") : group.length !== 3)))
  ) {
    return fail(msg`${shown} has a misplaced thousands separator (expected a number such as 1,234.56)`);
  }

  const [namedCode] = named;
  if (currency && namedCode !== undefined && namedCode !== currency)
    return fail(msg`${shown} is in ${namedCode}, not ${currency}`);
  return toMinor(negatives === 1, groups.join(""), fraction, shownText, digits, currency);
}

// ---------------------------------------------------------------------------------------------------------------
// Booleans

const TRUE_WORDS = new Set(["yes", "y", "true", "1", "是", "有", "x", "√", "✓", "✔"]);
const FALSE_WORDS = new Set(["no", "n", "false", "0", "否", "无", "無", ""]);

/** yes/no/y/n/true/false/1/0/是/否/有/无/x (any case); an empty cell is false. */
export function parseBooleanCell(raw: CellInput): Parsed<boolean> {
  if (typeof raw === "boolean") return ok(raw);
  if (typeof raw !== "string" && typeof raw !== "number") {
    const v = cellValueOf(raw);
    if (typeof v === "boolean") return ok(v);
    if (isExcelError(v)) return fail(excelErrorMessage(v.error));
    if (v instanceof Date)
      return fail(msg`${quote(cellDateText(v))} is a date, not yes/no (expected yes, no, 是 or 否)`);
    return parseBooleanCell(v ?? "");
  }
  const text = normalize(String(raw)).toLowerCase();
  if (TRUE_WORDS.has(text)) return ok(true);
  if (FALSE_WORDS.has(text)) return ok(false);
  return fail(msg`${quote(String(raw).trim())} is not yes/no (expected yes, no, 是 or 否)`);
}
