// Test files on disk: one temporary folder per test file, removed afterwards, and CSV text as a spreadsheet writes it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";

export type Cells = readonly (string | number)[];

const csvCell = (v: string | number): string => {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export const csvText = (rows: readonly Cells[]): string =>
  `${rows.map((r) => r.map(csvCell).join(",")).join("\r\n")}\r\n`;

/** Call at the top of a test file. */
export function tempFiles() {
  let dir = "";
  let seq = 0;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "hk-"));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const pathOf = (name: string) => path.join(dir, name);
  const writeFile = (content: string | Buffer, ext = ".csv"): string => {
    const file = pathOf(`f${seq++}${ext}`);
    fs.writeFileSync(file, content);
    return file;
  };
  return { pathOf, writeFile, csvFile: (rows: readonly Cells[]) => writeFile(csvText(rows)) };
}
