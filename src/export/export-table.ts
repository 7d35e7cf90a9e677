// Reports as downloads: a typed table (columns with zh-CN and English headers, a type per column) written as CSV or
// XLSX. One module for every export (KPIs, forecast, aging, strategy), the CLI's `--format xlsx` and the API's
// /export routes, so a cell means the same in each.
//
// CSV: UTF-8 with a BOM (Excel in Chinese Windows reads a BOM-less file as GBK and garbles the names), RFC 4180
// quoting, CRLF line ends, formula guard on text cells (csvCell). Amounts are exact decimal text in the currency's
// unit; percents are fractions (0.25), as in the CLI's CSV.
// XLSX: real number cells with number formats (amounts per the currency's digits, percents, dates), a header row,
// the first row frozen, column widths from the content, one sheet per table. Written with exceljs' streaming writer,
// so a long aging report is not held in memory twice.
import type { Writable } from "node:stream";
import { currencyDigits } from "../money/currencies.ts";
import { formatDecimal } from "../money/money.ts";
import { csvCell, displayWidth } from "./text-cells.ts";

export const EXPORT_FORMATS = ["csv", "xlsx"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const EXPORT_LANGS = ["zh-CN", "en"] as const;
export type ExportLang = (typeof EXPORT_LANGS)[number];

export type Header = { zh: string; en: string };
export type MoneyValue = { minor: bigint; currency: string };

type Base<T, V> = { key: string; header: Header; value: (row: T) => V | null };
export type ExportColumn<T> =
  | (Base<T, string> & { type: "text" })
  | (Base<T, number | bigint> & { type: "integer" })
  /** A decimal number such as days (12.5), shown with `digits` decimals. */
  | (Base<T, number> & { type: "number"; digits: number })
  | (Base<T, MoneyValue> & { type: "money" })
  /** YYYY-MM-DD. */
  | (Base<T, string> & { type: "date" })
  /** A fraction: 0.25 is 25%. */
  | (Base<T, number> & { type: "percent" });

export type ExportTable<T> = {
  /** The sheet's name (XLSX); at most 31 characters, none of []:*?/\ . */
  sheet: Header;
  columns: readonly ExportColumn<T>[];
  /** Rows in memory, or batches as they stream from the database. */
  rows: readonly T[] | AsyncIterable<readonly T[]>;
};

/** Any table: the column type is checked where the table is built, not here. */
// biome-ignore lint/suspicious/noExplicitAny: a list of tables of different row types.
export type AnyExportTable = ExportTable<any>;

export const headerText = (h: Header, lang: ExportLang) => (lang === "zh-CN" ? h.zh : h.en);

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

async function* batchesOf<T>(rows: readonly T[] | AsyncIterable<readonly T[]>): AsyncIterable<readonly T[]> {
  if (Symbol.asyncIterator in rows) yield* rows;
  else yield rows as readonly T[];
}

/**
 * Batches from a use case that hands them to a callback (forEachAgingCustomer), as an async iterable: the use case
 * waits while two batches are queued, so a long report streams through at the writer's pace.
 */
export async function* batchesFrom<T>(
  each: (fn: (rows: T[]) => Promise<void>) => Promise<void>,
): AsyncIterable<readonly T[]> {
  const queue: T[][] = [];
  // Set in callbacks, so held in an object the compiler does not narrow.
  const s: { done: boolean; abandoned: boolean; error: unknown; wake?: () => void; resume?: () => void } = {
    done: false,
    abandoned: false,
    error: undefined,
  };
  const release = (key: "wake" | "resume") => {
    const r = s[key];
    s[key] = undefined;
    r?.();
  };
  const run = each(async (rows) => {
    if (s.abandoned) throw new Error("export abandoned");
    queue.push(rows);
    release("wake");
    if (queue.length >= 2)
      await new Promise<void>((r) => {
        s.resume = r;
      });
  }).then(
    () => {
      s.done = true;
      release("wake");
    },
    (e: unknown) => {
      s.error = e;
      s.done = true;
      release("wake");
    },
  );
  try {
    for (;;) {
      const batch = queue.shift();
      if (batch) {
        release("resume");
        yield batch;
      } else if (s.done) {
        if (s.error) throw s.error;
        return;
      } else
        await new Promise<void>((r) => {
          s.wake = r;
        });
    }
  } finally {
    s.abandoned = true;
    release("resume");
    await run;
  }
}

const fraction = (x: number) => String(Number(x.toFixed(6)));

/** The CSV text of one cell of a column. */
function csvValue<T>(c: ExportColumn<T>, row: T): string {
  switch (c.type) {
    case "text": {
      const v = c.value(row);
      return v === null ? "" : csvCell(v, true);
    }
    case "money": {
      const v = c.value(row);
      return v === null ? "" : formatDecimal(v.minor, currencyDigits(v.currency));
    }
    case "number": {
      const v = c.value(row);
      return v === null ? "" : v.toFixed(c.digits);
    }
    case "percent": {
      const v = c.value(row);
      return v === null ? "" : fraction(v);
    }
    case "integer":
    case "date": {
      const v = c.value(row);
      return v === null ? "" : String(v);
    }
  }
}

/** The CSV of one table, as chunks of text: the header in `lang`, then the rows. */
export async function* csvChunks<T>(table: ExportTable<T>, lang: ExportLang): AsyncIterable<string> {
  yield `\uFEFF${table.columns.map((c) => csvCell(headerText(c.header, lang), true)).join(",")}\r\n`;
  for await (const batch of batchesOf(table.rows)) {
    let out = "";
    for (const r of batch) out += `${table.columns.map((c) => csvValue(c, r)).join(",")}\r\n`;
    if (out) yield out;
  }
}

/** Excel keeps 15 significant digits: a decimal of at most 15 digits survives the trip through a double. */
const EXCEL_EXACT_LIMIT = 10n ** 15n;

/**
 * An amount as an XLSX cell value: a number when Excel holds it exactly, else the exact decimal as text. An
 * amount's double is parsed from its decimal text (correctly rounded), never computed as minor ÷ 10^digits, and only
 * below 10^15 minor units, where a double written with 15 significant digits gives the same decimal back; 2^53 would
 * not be enough, since Excel shows and keeps only 15 digits. Larger amounts (a 2^60 minor-unit total) are text,
 * right-aligned, so the figure read is the figure owed.
 */
export function moneyCell(v: MoneyValue): number | string {
  const text = formatDecimal(v.minor, currencyDigits(v.currency));
  const abs = v.minor < 0n ? -v.minor : v.minor;
  return abs < EXCEL_EXACT_LIMIT ? Number(text) : text;
}

function integerCell(v: number | bigint): number | string {
  if (typeof v === "number") return v;
  const abs = v < 0n ? -v : v;
  return abs < EXCEL_EXACT_LIMIT ? Number(v) : String(v);
}

const moneyFormat = (digits: number) => (digits > 0 ? `#,##0.${"0".repeat(digits)}` : "#,##0");

type XlsxCell = { value: string | number | Date | null; numFmt?: string; alignRight?: boolean };

function xlsxValue<T>(c: ExportColumn<T>, row: T): XlsxCell {
  switch (c.type) {
    case "text":
      // An XLSX string cell is never evaluated as a formula, so no apostrophe is needed here.
      return { value: c.value(row) };
    case "money": {
      const v = c.value(row);
      if (v === null) return { value: null };
      const cell = moneyCell(v);
      return typeof cell === "number"
        ? { value: cell, numFmt: moneyFormat(currencyDigits(v.currency)) }
        : { value: cell, alignRight: true };
    }
    case "integer": {
      const v = c.value(row);
      if (v === null) return { value: null };
      const cell = integerCell(v);
      return typeof cell === "number" ? { value: cell } : { value: cell, alignRight: true };
    }
    case "number":
    case "percent":
      return { value: c.value(row) };
    case "date": {
      // Midnight UTC: exceljs turns a Date into a serial day from its UTC time, so the day is the same in any TZ.
      const v = c.value(row);
      return { value: v === null ? null : new Date(`${v}T00:00:00Z`) };
    }
  }
}

function columnFormat<T>(c: ExportColumn<T>): string | undefined {
  switch (c.type) {
    case "integer":
      return "#,##0";
    case "number":
      return c.digits > 0 ? `0.${"0".repeat(c.digits)}` : "0";
    case "percent":
      return "0.0%";
    case "date":
      return "yyyy-mm-dd";
    case "money":
      return "#,##0.00";
    default:
      return undefined;
  }
}

const sheetName = (name: string, used: Set<string>) => {
  const base = name.replace(/[[\]:*?/\\]/g, " ").slice(0, 28) || "Sheet";
  let n = base;
  for (let i = 2; used.has(n.toLowerCase()); i++) n = `${base} ${i}`;
  used.add(n.toLowerCase());
  return n;
};

/** Width in characters of a cell's text: CJK characters count twice. */
const widthOf = (v: XlsxCell, c: ExportColumn<unknown>): number => {
  if (v.value === null) return 0;
  if (c.type === "date") return 10;
  if (typeof v.value === "number") return c.type === "percent" ? 7 : String(Math.round(v.value)).length * 1.35 + 4;
  return displayWidth(String(v.value));
};

/**
 * Writes the tables as one workbook (a sheet each) to `out`, and resolves when the last byte is handed over. Column
 * widths come from the header and the first batch of rows (later batches are already streamed out).
 */
export async function writeXlsx(tables: readonly AnyExportTable[], lang: ExportLang, out: Writable): Promise<void> {
  // exceljs takes a quarter of a second to load: only when a workbook is written.
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = "Huikuan";
  const used = new Set<string>();
  for (const table of tables) {
    const sheet = workbook.addWorksheet(sheetName(headerText(table.sheet, lang), used), {
      views: [{ state: "frozen", ySplit: 1 }],
    });
    const columns = table.columns as readonly ExportColumn<unknown>[];
    const iterator = batchesOf(table.rows)[Symbol.asyncIterator]();
    const first = await iterator.next();
    const firstRows = first.done ? [] : first.value;
    const widths = columns.map((c) => displayWidth(headerText(c.header, lang)) + 2);
    for (const r of firstRows.slice(0, 1000))
      columns.forEach((c, i) => {
        widths[i] = Math.max(widths[i] ?? 0, widthOf(xlsxValue(c, r), c) + 2);
      });
    sheet.columns = columns.map((c, i) => ({
      key: c.key,
      width: Math.min(60, Math.max(8, widths[i] ?? 8)),
      style: columnFormat(c) ? { numFmt: columnFormat(c) } : {},
    }));
    const header = sheet.addRow(columns.map((c) => headerText(c.header, lang)));
    header.font = { bold: true };
    header.commit();
    const writeRows = (rows: readonly unknown[]) => {
      for (const r of rows) {
        const cells = columns.map((c) => xlsxValue(c, r));
        const row = sheet.addRow(cells.map((x) => x.value));
        cells.forEach((x, i) => {
          const cell = row.getCell(i + 1);
          if (x.numFmt) cell.numFmt = x.numFmt;
          if (x.alignRight) cell.alignment = { horizontal: "right" };
        });
        row.commit();
      }
    };
    writeRows(firstRows);
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) writeRows(next.value);
    sheet.commit();
  }
  await workbook.commit();
}

/** Writes the first table as CSV to `out`, waiting for the stream to drain as it goes. */
export async function writeCsv(table: AnyExportTable, lang: ExportLang, out: Writable): Promise<void> {
  for await (const chunk of csvChunks(table, lang))
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once("drain", resolve));
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

/** An export into a Writable: CSV of `tables[csvTable]`, or XLSX of all the tables. */
export async function writeExport(
  tables: readonly AnyExportTable[],
  options: { format: ExportFormat; lang: ExportLang; csvTable?: number },
  out: Writable,
): Promise<void> {
  if (options.format === "xlsx") return writeXlsx(tables, options.lang, out);
  const table = tables[options.csvTable ?? 0];
  if (!table) throw new Error("no table to export");
  return writeCsv(table, options.lang, out);
}

/** `kpi-2025-02-01-2025-02-28.xlsx`: a download's file name, ASCII only, from parts of a report's parameters. */
export function exportFileName(parts: readonly string[], format: ExportFormat): string {
  return `${parts.map((p) => p.replace(/[^A-Za-z0-9._-]+/g, "_")).join("-")}.${format}`;
}
