// `--format xlsx --out FILE`: a workbook (a sheet per table, from src/export/report-tables.ts) written to a file.
import fs from "node:fs";
import path from "node:path";
import { finished } from "node:stream/promises";
import { Option } from "commander";
import { AppError, msg } from "../errors/app-error.ts";
import { type AnyExportTable, EXPORT_LANGS, type ExportLang } from "../export/export-table.ts";

export const outOption = () => new Option("--out <file>", "write to this file (required with --format xlsx)");
export const langOption = () =>
  new Option("--lang <lang>", "language of the XLSX headers and sheet names").choices(EXPORT_LANGS).default("en");

/** Refuses `--format xlsx` without `--out` before any work is done: a workbook is not for a terminal. */
export function checkXlsxOut(opts: { format: string; out?: string }): void {
  if (opts.format === "xlsx" && !opts.out)
    throw new AppError(
      "invalid_input",
      msg`--format xlsx needs --out FILE (a workbook is binary, not for the terminal)`,
    );
}

/** "cannot write FILE: <why>", in words, for a file the user named. */
function cannotWrite(file: string, err: unknown): AppError {
  if (err instanceof AppError) return err;
  const code = (err as NodeJS.ErrnoException)?.code;
  const why =
    code === "ENOENT"
      ? `the folder ${JSON.stringify(path.dirname(path.resolve(file)))} does not exist`
      : code === "EISDIR"
        ? "it is a folder"
        : code === "EACCES" || code === "EPERM" || code === "EROFS"
          ? "permission denied"
          : code === "ENOSPC"
            ? "the disk is full"
            : String((err as Error)?.message ?? err);
  return new AppError("invalid_input", msg`cannot write ${file}: ${why}`);
}

/** The file opened for writing now (so a wrong path is refused before any work), as a stream. */
function openFileStream(file: string): fs.WriteStream {
  let fd: number;
  try {
    fd = fs.openSync(file, "w");
  } catch (err) {
    throw cannotWrite(file, err);
  }
  return fs.createWriteStream(file, { fd });
}

/** Writes a whole text or PDF to a file the user named; a wrong path is one clear message. */
export function writeOutputFile(file: string, data: string | Uint8Array): void {
  try {
    fs.writeFileSync(file, data);
  } catch (err) {
    throw cannotWrite(file, err);
  }
}

/**
 * Where a command's text goes: the file of `--out` (opened at once) or standard output, written in pieces with
 * back-pressure. `close()` waits until a file is on disk.
 */
export function outputSink(file?: string): { write(text: string): Promise<void>; close(): Promise<void> } {
  const out: NodeJS.WritableStream = file ? openFileStream(file) : process.stdout;
  let failure: unknown = null;
  if (file)
    out.on("error", (err) => {
      failure ??= err;
    });
  const check = () => {
    if (failure) throw cannotWrite(file ?? "", failure);
  };
  return {
    write: (text) =>
      new Promise<void>((resolve, reject) => {
        try {
          check();
        } catch (e) {
          return reject(e);
        }
        if (out.write(text)) return resolve();
        const onDrain = () => {
          out.off("error", onError);
          resolve();
        };
        const onError = (err: unknown) => {
          out.off("drain", onDrain);
          reject(cannotWrite(file ?? "", err));
        };
        out.once("drain", onDrain);
        out.once("error", onError);
      }),
    close: async () => {
      if (!file) return;
      out.end();
      try {
        await finished(out);
      } catch (err) {
        throw cannotWrite(file, err);
      }
      check();
    },
  };
}

export async function writeWorkbookFile(tables: readonly AnyExportTable[], lang: ExportLang, file: string) {
  const { writeXlsx } = await import("../export/export-table.ts");
  const out = openFileStream(file);
  // Errors while writing (a full disk) reach `finished` below; without a listener they would end the process.
  out.on("error", () => {});
  try {
    await writeXlsx(tables, lang, out);
    await finished(out);
  } catch (err) {
    out.destroy();
    throw cannotWrite(file, err);
  }
}
