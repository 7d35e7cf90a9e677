// Numbers for the charts' axes and bars. Amounts arrive as exact decimal text; a chart can only draw floats, so the
// bars use Number() of the text while every figure a person reads (tooltips, tables) stays the exact text.
import type { Language } from "../i18n/messages.ts";

/** 12,345,678 → "12M" (en) or "1234.6万" (zh): short axis labels. */
export function compactNumber(lang: Language): (value: number) => string {
  const f = new Intl.NumberFormat(lang === "en" ? "en" : "zh-CN", { notation: "compact", maximumFractionDigits: 1 });
  return (value) => f.format(value);
}

/** A bar's height from decimal text (display only). */
export const barValue = (decimal: string | undefined): number => (decimal ? Number(decimal) : 0);

/** 0.6123 → "61.2%"; null → "—". */
export function percent(rate: number | null, lang: Language): string {
  if (rate === null) return "—";
  return new Intl.NumberFormat(lang === "en" ? "en" : "zh-CN", { style: "percent", maximumFractionDigits: 1 }).format(
    rate,
  );
}

/** Escapes text put into an ECharts HTML tooltip. */
export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
