// Table, CSV and JSON output for the CLI. CSV text cells that a spreadsheet would run as a formula are
// neutralised with a leading apostrophe (OWASP CSV injection); amounts are plain decimals in major units.
import { csvCell, displayWidth } from "../export/text-cells.ts";

export { csvCell, displayWidth };

export type Format = "table" | "csv" | "json";

export const FORMATS: readonly Format[] = ["table", "csv", "json"];

export type Column<T> = { key: string; value: (row: T) => string | number; text?: boolean; align?: "left" | "right" };

export function csvHeader<T>(columns: readonly Column<T>[]): string {
  return `${columns.map((c) => c.key).join(",")}\n`;
}

export function csvRows<T>(columns: readonly Column<T>[], rows: readonly T[]): string {
  let out = "";
  for (const r of rows) out += `${columns.map((c) => csvCell(c.value(r), c.text)).join(",")}\n`;
  return out;
}

export function jsonRow<T>(columns: readonly Column<T>[], row: T): Record<string, string | number> {
  const o: Record<string, string | number> = {};
  for (const c of columns) o[c.key] = c.value(row);
  return o;
}

function pad(s: string, width: number, align: "left" | "right"): string {
  const fill = " ".repeat(Math.max(0, width - displayWidth(s)));
  return align === "right" ? fill + s : s + fill;
}

export function renderTable<T>(columns: readonly Column<T>[], rows: readonly T[]): string {
  const cells = rows.map((r) => columns.map((c) => String(c.value(r))));
  const widths = columns.map((c, i) =>
    Math.max(displayWidth(c.key), ...cells.map((row) => displayWidth(row[i] ?? ""))),
  );
  const align = (i: number) => columns[i]?.align ?? (columns[i]?.text ? "left" : "right");
  const line = (row: string[]) =>
    row
      .map((s, i) => pad(s, widths[i] ?? 0, align(i)))
      .join("  ")
      .trimEnd();
  return `${[line(columns.map((c) => c.key)), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n")}\n`;
}
