// `--format xlsx --out FILE`: a workbook (a sheet per table, from src/export/report-tables.ts) written to a file.
import fs from "node:fs";
import { finished } from "node:stream/promises";
import { Option } from "commander";
import { AppError } from "../errors/app-error.ts";
import { type AnyExportTable, EXPORT_LANGS, type ExportLang } from "../export/export-table.ts";

export const outOption = () => new Option("--out <file>", "write to this file (required with --format xlsx)");
export const langOption = () =>
  new Option("--lang <lang>", "language of the XLSX headers and sheet names").choices(EXPORT_LANGS).default("en");

/** Refuses `--format xlsx` without `--out` before any work is done: a workbook is not for a terminal. */
export function checkXlsxOut(opts: { format: string; out?: string }): void {
  if (opts.format === "xlsx" && !opts.out)
    throw new AppError("invalid_input", "--format xlsx needs --out FILE (a workbook is binary, not for the terminal)");
}

export async function writeWorkbookFile(tables: readonly AnyExportTable[], lang: ExportLang, file: string) {
  const { writeXlsx } = await import("../export/export-table.ts");
  const out = fs.createWriteStream(file);
  try {
    await writeXlsx(tables, lang, out);
    await finished(out);
  } catch (err) {
    out.destroy();
    throw err instanceof AppError ? err : new AppError("invalid_input", `cannot write ${file}: ${String(err)}`);
  }
}
