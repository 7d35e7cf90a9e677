// How documents print amounts and dates: exact from minor units (string arithmetic on formatDecimal's output, never a
// float), grouped by thousands, and for CNY the amount in Chinese capitals (大写金额) that contracts and receipts
// carry so a figure cannot be altered.
import { currencyDigits } from "../money/currencies.ts";
import { formatDecimal } from "../money/money.ts";

export const DOCUMENT_LANGS = ["zh", "en"] as const;
export type DocumentLang = (typeof DOCUMENT_LANGS)[number];

/** 1234567.5 CNY → "1,234,567.50"; digits from the currency (JPY 0, BHD 3). */
export function groupedAmount(minor: bigint, currency: string): string {
  const digits = currencyDigits(currency);
  const text = minor === 0n ? (digits ? `0.${"0".repeat(digits)}` : "0") : formatDecimal(minor, digits);
  const negative = text.startsWith("-");
  const [whole = "", fraction] = (negative ? text.slice(1) : text).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${negative ? "-" : ""}${grouped}${fraction === undefined ? "" : `.${fraction}`}`;
}

/** "CNY 1,234.50" */
export const moneyText = (minor: bigint, currency: string): string => `${currency} ${groupedAmount(minor, currency)}`;

const DIGITS_ZH = "零壹贰叁肆伍陆柒捌玖";
const SMALL_UNITS = ["", "拾", "佰", "仟"];
const SECTION_UNITS = ["", "万", "亿", "万亿", "亿亿"];

function section(value: number): string {
  let out = "";
  let zero = false;
  for (let i = 3; i >= 0; i--) {
    const d = Math.floor(value / 10 ** i) % 10;
    if (d === 0) {
      if (out) zero = true;
      continue;
    }
    if (zero) out += "零";
    zero = false;
    out += (DIGITS_ZH[d] ?? "") + SMALL_UNITS[i];
  }
  return out;
}

/**
 * The amount in Chinese capitals as written on contracts and receipts (会计基础工作规范 art. 52): 123456 → "壹仟贰佰叁拾肆元伍角陆分",
 * 100000000 → "壹佰万元整", 1005 → "壹拾元零伍分". Two-digit currencies only (yuan, jiao, fen); null for others.
 */
export function chineseCapitalAmount(minor: bigint, currency: string): string | null {
  if (currencyDigits(currency) !== 2) return null;
  const negative = minor < 0n;
  const magnitude = negative ? -minor : minor;
  const yuan = magnitude / 100n;
  const jiao = Number((magnitude / 10n) % 10n);
  const fen = Number(magnitude % 10n);
  const sections: number[] = [];
  for (let rest = yuan; rest > 0n; rest /= 10_000n) sections.unshift(Number(rest % 10_000n));
  let whole = "";
  let gap = false;
  sections.forEach((value, i) => {
    const unit = SECTION_UNITS[sections.length - 1 - i] ?? "";
    if (value === 0) {
      if (whole) gap = true;
      return;
    }
    if (whole && (gap || value < 1000)) whole += "零";
    whole += section(value) + unit;
    gap = false;
  });
  let out = whole ? `${whole}元` : "";
  if (jiao === 0 && fen === 0) out = whole ? `${out}整` : "零元整";
  else {
    if (jiao) out += `${DIGITS_ZH[jiao]}角`;
    else if (whole) out += "零";
    if (fen) out += `${DIGITS_ZH[fen]}分`;
  }
  return (negative ? "负" : "") + out;
}

/** "2025年3月10日" or "10 March 2025". */
export function longDate(date: string, lang: DocumentLang): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  if (lang === "zh") return `${y}年${m}月${d}日`;
  const month = new Date(Date.UTC(y, m - 1, 1)).toLocaleString("en-GB", { month: "long", timeZone: "UTC" });
  return `${d} ${month} ${y}`;
}

/** Date and time of an instant in a zone: "2025-03-10 10:05". */
export function localDateTime(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")}`;
}

/** A document's file name: kind, customer code, date and language, with what file systems refuse replaced. */
export function documentFileName(kind: string, customerCode: string, date: string, lang: DocumentLang): string {
  return `${kind}-${customerCode.replace(/[\\/:*?"<>|\s]+/g, "_")}-${date}-${lang}.pdf`;
}
