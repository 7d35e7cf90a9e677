// Streams rows out of CSV (any common Chinese or Western encoding) and XLSX files, never holding a file whole.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { parse as parseCsv } from "csv-parse";
import iconv from "iconv-lite";
import { AppError, msg } from "../errors/app-error.ts";
import { type CellValue, cellValueOf } from "./parse-values.ts";

/** Text, a number, a boolean, a Date, an Excel error value (#N/A …) or nothing. */
export type Cell = CellValue;
export type Row = { rowNo: number; cells: Cell[] };
export type TableSource = {
  format: "csv" | "xlsx";
  encoding: string;
  headers: string[];
  /** Data rows in batches, in file order; `rowNo` is the row number a spreadsheet shows (header = 1). */
  batches: AsyncIterable<Row[]>;
  totalBytes: number;
  bytesRead(): number;
  /** SHA-256 of the raw file, complete once all batches were read. */
  sha256(): string;
  close(): void;
};
export type ReadOptions = { encoding?: string; batchSize?: number };

/** The workbook itself cannot be read (not a valid .xlsx, or cut off): not a problem of its rows. */
export class UnreadableWorkbook extends AppError {}

// Small batches: rows in flight die young, so the garbage collector never has to carry them into the old generation.
const BATCH = 1000;

export async function openTable(file: string, options: ReadOptions = {}): Promise<TableSource> {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new AppError("invalid_input", msg`cannot read ${file}: no such file`);
  }
  if (!stat.isFile()) throw new AppError("invalid_input", msg`${file} is not a file`);
  if (stat.size === 0)
    throw new AppError("invalid_input", msg`${file} is empty (0 bytes): expected a header row and data rows`);
  const head = readHead(file, 65536);
  const isZip = head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
  const ext = path.extname(file).toLowerCase();
  if (isZip || ext === ".xlsx") {
    if (!isZip) throw new AppError("invalid_input", msg`${file} has the .xlsx ending but is not an Excel workbook`);
    return openXlsx(file, stat.size, options);
  }
  if (ext === ".xls")
    throw new AppError("invalid_input", msg`${file}: old .xls workbooks are not supported; save it as .xlsx or CSV`);
  return openCsv(file, stat.size, head, options);
}

function readHead(file: string, n: number): Buffer {
  const fd = fs.openSync(file, "r");
  try {
    const buf = Buffer.alloc(n);
    const read = fs.readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, read);
  } finally {
    fs.closeSync(fd);
  }
}

/** BOM first; then strict UTF-8; else GB18030 (a superset of GBK, what Chinese Excel writes for "CSV"). */
export function detectEncoding(head: Buffer): string {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return "utf-8";
  if (head[0] === 0xff && head[1] === 0xfe) return "utf-16le";
  if (head[0] === 0xfe && head[1] === 0xff) return "utf-16be";
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(head, { stream: true });
    return "utf-8";
  } catch {
    return "gb18030";
  }
}

function normalizeEncoding(name: string): string {
  const n = name.toLowerCase().replace(/[^a-z0-9]/g, "");
  const known: Record<string, string> = {
    utf8: "utf-8",
    utf8bom: "utf-8",
    gbk: "gbk",
    gb2312: "gbk",
    gb18030: "gb18030",
    cp936: "gbk",
    big5: "big5",
    utf16le: "utf-16le",
    utf16be: "utf-16be",
    latin1: "latin1",
    iso88591: "latin1",
    windows1252: "windows-1252",
    cp1252: "windows-1252",
  };
  const found = known[n];
  if (!found || !iconv.encodingExists(found)) {
    throw new AppError(
      "invalid_input",
      msg`unknown encoding "${name}" (use utf8, gbk, gb18030, big5, utf16le or latin1)`,
    );
  }
  return found;
}

function detectDelimiter(firstLine: string): string {
  const counts = [",", ";", "\t", "|"].map((d) => [d, firstLine.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0] && counts[0][1] > 0 ? counts[0][0] : ",";
}

function openCsv(file: string, totalBytes: number, head: Buffer, options: ReadOptions): Promise<TableSource> {
  if (head.subarray(0, 8192).includes(0)) {
    const utf16 = head[0] === 0xff || head[0] === 0xfe;
    if (!utf16)
      throw new AppError(
        "invalid_input",
        msg`${file} is not a text file (it contains NUL bytes): expected CSV or XLSX`,
      );
  }
  const encoding = options.encoding ? normalizeEncoding(options.encoding) : detectEncoding(head);
  const headText = decodeSample(head, encoding);
  const firstLine = headText.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  const delimiter = detectDelimiter(firstLine);
  const hash = createHash("sha256");
  let bytes = 0;
  const input = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  const chunks = input[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const decode = textDecoder(encoding, path.basename(file), () => bytes);
  /** The file as text, chunk by chunk; "" once more at the end for what the decoder still holds. */
  const nextText = async (): Promise<string | null> => {
    const next = await chunks.next();
    if (next.done) return decode.end();
    bytes += next.value.length;
    hash.update(next.value);
    return decode.write(next.value);
  };
  return startRows({
    format: "csv",
    encoding,
    totalBytes,
    bytesRead: () => bytes,
    sha256: () => hash.copy().digest("hex"),
    close: () => input.destroy(),
    records: csvRecords(nextText, delimiter, options.batchSize ?? BATCH),
  });
}

function decodeSample(head: Buffer, encoding: string): string {
  if (encoding === "utf-8") return new TextDecoder("utf-8").decode(head);
  return iconv.decode(head, encoding);
}

type TextDecoding = { write(chunk: Buffer): string; end(): string | null };

function textDecoder(encoding: string, name: string, bytes: () => number): TextDecoding {
  if (encoding !== "utf-8") {
    const decoder = iconv.getDecoder(encoding);
    let ended = false;
    return {
      write: (chunk) => decoder.write(chunk),
      end: () => {
        if (ended) return null;
        ended = true;
        return decoder.end() ?? "";
      },
    };
  }
  // Decode ourselves so that invalid UTF-8 is an error, not silent replacement characters.
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let ended = false;
  return {
    write: (chunk) => {
      try {
        return decoder.decode(chunk, { stream: true });
      } catch {
        throw new AppError(
          "invalid_input",
          msg`${name} is not valid UTF-8 near byte ${bytes()}: it looks like another encoding (Chinese Excel CSV files are usually GBK: try --encoding gbk)`,
        );
      }
    },
    end: () => {
      if (ended) return null;
      ended = true;
      try {
        return decoder.decode(); // throws when the file stops in the middle of a character
      } catch {
        throw new AppError(
          "invalid_input",
          msg`${name} is not valid UTF-8: it ends in the middle of a character (the file is cut off, or in another encoding: try --encoding gbk)`,
        );
      }
    },
  };
}

/**
 * CSV records in batches. Text without any quote character is split by hand, which is several times faster than a
 * general parser and gives the same records; from the first quote (or a lone carriage return) on, csv-parse reads the
 * rest. The switch happens at a record boundary, so no record is read half one way and half the other.
 */
export async function* csvRecords(
  nextText: () => Promise<string | null>,
  delimiter: string,
  size: number,
): AsyncGenerator<string[][]> {
  let carry = "";
  let first = true;
  while (true) {
    const chunk = await nextText();
    if (chunk === null) {
      // The end: what is left is one last record without a line break.
      if (carry.includes('"') || carry.includes("\r")) yield* parsedRecords(carry, nextText, delimiter, size);
      else if (carry) yield [splitLine(carry, delimiter)];
      return;
    }
    let text = carry + chunk;
    if (first) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    const cut = text.lastIndexOf("\n");
    const body = cut < 0 ? "" : text.slice(0, cut);
    // `body` may end in the \r of its last \r\n, so the lone-\r test looks at it with its \n.
    const quoted =
      cut < 0
        ? text.includes('"') || LONE_CR.test(text.slice(0, -1))
        : body.includes('"') || (body.includes("\r") && LONE_CR.test(text.slice(0, cut + 1)));
    if (quoted) {
      yield* parsedRecords(text, nextText, delimiter, size);
      return;
    }
    carry = cut < 0 ? text : text.slice(cut + 1);
    if (!body && cut < 0) continue;
    const lines = body.split("\n");
    for (let i = 0; i < lines.length; i += size) {
      const batch: string[][] = [];
      const to = Math.min(lines.length, i + size);
      for (let j = i; j < to; j++) batch.push(splitLine(lines[j] as string, delimiter));
      yield batch;
    }
  }
}

const LONE_CR = /\r(?!\n)/;

function splitLine(line: string, delimiter: string): string[] {
  return (line.endsWith("\r") ? line.slice(0, -1) : line).split(delimiter);
}

/** The general path: csv-parse reads `text` and the rest of the file, which a pump feeds it with back-pressure. */
async function* parsedRecords(
  text: string,
  nextText: () => Promise<string | null>,
  delimiter: string,
  size: number,
): AsyncGenerator<string[][]> {
  // ERP exports often carry a bare quote inside an unquoted field (=HYPERLINK("...")): keep it as text.
  const parser = parseCsv({
    delimiter,
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
  });
  const pump = async () => {
    let next: string | null = text;
    while (next !== null) {
      if (next && !parser.write(next)) await new Promise((resolve) => parser.once("drain", resolve));
      if (parser.destroyed) return;
      next = await nextText();
    }
    parser.end();
  };
  pump().catch((e: Error) => parser.destroy(e));
  yield* recordsOf(parser, size);
}

/** Pulls parsed records in batches; reading stops while the consumer is busy, so memory stays bounded. */
async function* recordsOf(parser: ReturnType<typeof parseCsv>, size: number) {
  let ended = false;
  let error: Error | null = null;
  parser.on("end", () => {
    ended = true;
  });
  parser.on("error", (e) => {
    error = e;
  });
  while (true) {
    const batch: string[][] = [];
    let r: string[] | null;
    // biome-ignore lint/suspicious/noAssignInExpressions: the stream read loop
    while (batch.length < size && (r = parser.read()) !== null) batch.push(r);
    if (error) throw csvError(error);
    if (batch.length) {
      yield batch;
      continue;
    }
    if (ended) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        parser.off("readable", done);
        parser.off("end", done);
        parser.off("error", done);
        resolve();
      };
      parser.on("readable", done);
      parser.on("end", done);
      parser.on("error", done);
    });
  }
}

function csvError(e: Error): AppError {
  if (e instanceof AppError) return e;
  const lines = (e as { lines?: number }).lines;
  return new AppError(
    "invalid_input",
    msg`the CSV file is malformed${lines ? ` at line ${lines}` : ""}: ${e.message.replace(/^Invalid Record Length: /, "")}`,
  );
}

type RawSource = Omit<TableSource, "headers" | "batches"> & { records: AsyncGenerator<Cell[][]> };

/** Finds the header row (the first non-empty row) and numbers the data rows as a spreadsheet does. */
async function startRows(src: RawSource): Promise<TableSource> {
  const it = src.records[Symbol.asyncIterator]();
  let rowNo = 0;
  let headers: string[] | null = null;
  let pending: Cell[][] = [];
  while (!headers) {
    const next = await it.next();
    if (next.done) throw new AppError("invalid_input", msg`the file has no header row`);
    pending = next.value;
    while (pending.length) {
      const first = pending.shift() as Cell[];
      rowNo++;
      if (first.some((c) => cellText(c) !== "")) {
        headers = first.map((c) => cellText(c));
        break;
      }
    }
  }
  async function* batches(): AsyncGenerator<Row[]> {
    let batch = pending;
    while (true) {
      const rows: Row[] = [];
      for (const cells of batch) {
        rowNo++;
        // Blank lines between rows are skipped (checked only when the first cell is empty: rarely).
        if (
          (cells[0] === "" || cells[0] === null || cells[0] === undefined) &&
          cells.every((c) => c === "" || c === null)
        )
          continue;
        rows.push({ rowNo, cells });
      }
      if (rows.length) yield rows;
      const next = await it.next();
      if (next.done) return;
      batch = next.value;
    }
  }
  return { ...src, headers, batches: batches() };
}

/** A cell as the text it shows: a boolean as Excel shows it (TRUE), an error value as its token (#N/A). */
export function cellText(c: Cell): string {
  if (c === null || c === undefined) return "";
  if (typeof c === "string") return c.trim();
  if (typeof c === "number") return String(c);
  if (typeof c === "boolean") return c ? "TRUE" : "FALSE";
  if (c instanceof Date) return c.toISOString().slice(0, 10);
  return c.error;
}

async function openXlsx(file: string, totalBytes: number, options: ReadOptions): Promise<TableSource> {
  // exceljs takes a quarter of a second to load: only when a workbook is read.
  const { default: ExcelJS } = await import("exceljs");
  const hash = createHash("sha256");
  let bytes = 0;
  const input = fs.createReadStream(file);
  input.on("data", (chunk) => {
    bytes += chunk.length;
    hash.update(chunk as Buffer);
  });
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: "cache",
    styles: "cache",
    hyperlinks: "ignore",
    worksheets: "emit",
    entries: "ignore",
  });
  const size = options.batchSize ?? BATCH;
  async function* records(): AsyncGenerator<Cell[][]> {
    try {
      for await (const sheet of reader) {
        let batch: Cell[][] = [];
        let expected = 1;
        for await (const row of sheet) {
          // Keep row numbers true to the sheet: blank rows in between still count.
          for (; expected < row.number; expected++) batch.push([]);
          expected = row.number + 1;
          const values = (row.values as unknown[]).slice(1);
          batch.push(values.map(cellValueOf));
          if (batch.length >= size) {
            yield batch;
            batch = [];
          }
        }
        if (batch.length) yield batch;
        return; // the first sheet only
      }
    } catch (e) {
      // Only what exceljs raises arrives here: an error in the rows is raised by their reader, outside this generator.
      if (e instanceof AppError) throw e;
      throw new UnreadableWorkbook(
        "invalid_input",
        `${path.basename(file)} is not a readable Excel workbook: ${(e as Error).message}`,
      );
    }
  }
  return startRows({
    format: "xlsx",
    encoding: "xlsx",
    totalBytes,
    bytesRead: () => bytes,
    sha256: () => hash.copy().digest("hex"),
    close: () => input.destroy(),
    records: records(),
  });
}
