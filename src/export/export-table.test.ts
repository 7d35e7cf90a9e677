import { PassThrough } from "node:stream";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import {
  batchesFrom,
  csvChunks,
  type ExportColumn,
  type ExportTable,
  exportFileName,
  moneyCell,
  writeXlsx,
} from "./export-table.ts";

type Row = { name: string; amount: bigint; currency: string; due: string; rate: number | null; count: number };
const COLUMNS: ExportColumn<Row>[] = [
  { key: "name", header: { zh: "客户名称", en: "Customer" }, type: "text", value: (r) => r.name },
  {
    key: "amount",
    header: { zh: "金额", en: "Amount" },
    type: "money",
    value: (r) => ({ minor: r.amount, currency: r.currency }),
  },
  { key: "currency", header: { zh: "币种", en: "Currency" }, type: "text", value: (r) => r.currency },
  { key: "due", header: { zh: "到期日", en: "Due" }, type: "date", value: (r) => r.due },
  { key: "rate", header: { zh: "回收率", en: "Rate" }, type: "percent", value: (r) => r.rate },
  { key: "count", header: { zh: "次数", en: "Count" }, type: "integer", value: (r) => r.count },
];
// 2^60 fen: far beyond what a double holds exactly.
const HUGE = 2n ** 60n + 7n;
const ROWS: Row[] = [
  { name: "上海回款科技有限公司", amount: 123456n, currency: "CNY", due: "2025-02-28", rate: 0.25, count: 3 },
  { name: '=HYPERLINK("http://x")', amount: -500n, currency: "CNY", due: "2025-03-01", rate: null, count: 0 },
  { name: 'Kuwait, "Gulf" Co', amount: 1234567n, currency: "KWD", due: "2025-01-15", rate: 1, count: 12 },
  { name: "+86 and @user", amount: HUGE, currency: "CNY", due: "2024-12-31", rate: 0.5, count: 1 },
];
const TABLE: ExportTable<Row> = { sheet: { zh: "测试", en: "Test" }, columns: COLUMNS, rows: ROWS };

async function csvText(table: ExportTable<Row>, lang: "zh-CN" | "en") {
  let s = "";
  for await (const c of csvChunks(table, lang)) s += c;
  return s;
}

async function xlsxWorkbook(tables: ExportTable<Row>[], lang: "zh-CN" | "en") {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  const ended = new Promise((r) => out.on("end", r));
  await writeXlsx(tables, lang, out);
  await ended;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
  return wb;
}

describe("CSV export", () => {
  it("starts with a BOM, quotes per RFC 4180, keeps amounts exact and guards formulas", async () => {
    const text = await csvText(TABLE, "zh-CN");
    expect(text.startsWith("\uFEFF客户名称,金额,币种,到期日,回收率,次数\r\n")).toBe(true);
    const rows = parse(text, { bom: true }) as string[][];
    expect(rows).toEqual([
      ["客户名称", "金额", "币种", "到期日", "回收率", "次数"],
      ["上海回款科技有限公司", "1234.56", "CNY", "2025-02-28", "0.25", "3"],
      ['\'=HYPERLINK("http://x")', "-5.00", "CNY", "2025-03-01", "", "0"],
      ['Kuwait, "Gulf" Co', "1234.567", "KWD", "2025-01-15", "1", "12"],
      ["'+86 and @user", "11529215046068469.83", "CNY", "2024-12-31", "0.5", "1"],
    ]);
    // The decimal is the exact 2^60 + 7 fen, not a rounded double.
    expect(BigInt((rows[4]?.[1] ?? "").replace(".", ""))).toBe(HUGE);
  });

  it("writes the English headers and streams batches", async () => {
    async function* batches() {
      yield ROWS.slice(0, 1);
      yield ROWS.slice(1, 2);
    }
    const text = await csvText({ ...TABLE, rows: batches() }, "en");
    expect(parse(text, { bom: true })).toEqual([
      ["Customer", "Amount", "Currency", "Due", "Rate", "Count"],
      ["上海回款科技有限公司", "1234.56", "CNY", "2025-02-28", "0.25", "3"],
      ['\'=HYPERLINK("http://x")', "-5.00", "CNY", "2025-03-01", "", "0"],
    ]);
  });
});

describe("XLSX export", () => {
  it("writes number cells with formats, a frozen header row, widths and a sheet per table", async () => {
    const wb = await xlsxWorkbook([TABLE, { ...TABLE, sheet: { zh: "第二", en: "Second" }, rows: [] }], "zh-CN");
    expect(wb.worksheets.map((w) => w.name)).toEqual(["测试", "第二"]);
    const ws = wb.getWorksheet("测试");
    if (!ws) throw new Error("no sheet");
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([
      "客户名称",
      "金额",
      "币种",
      "到期日",
      "回收率",
      "次数",
    ]);
    // CJK names are twice as wide: the column fits the 10-character name.
    expect(ws.getColumn(1).width).toBeGreaterThanOrEqual(20);

    const r2 = ws.getRow(2);
    expect(r2.getCell(1).value).toBe("上海回款科技有限公司");
    expect(r2.getCell(2).value).toBe(1234.56);
    expect(r2.getCell(2).numFmt).toBe("#,##0.00");
    expect(r2.getCell(4).value).toEqual(new Date("2025-02-28T00:00:00Z"));
    expect(r2.getCell(4).numFmt).toBe("yyyy-mm-dd");
    expect(r2.getCell(5).value).toBe(0.25);
    expect(r2.getCell(5).numFmt).toBe("0.0%");
    expect(r2.getCell(6).value).toBe(3);

    const r3 = ws.getRow(3);
    // No apostrophe needed: an XLSX string cell is never a formula.
    expect(r3.getCell(1).value).toBe('=HYPERLINK("http://x")');
    expect(r3.getCell(1).formula).toBeUndefined();
    expect(r3.getCell(2).value).toBe(-5);
    expect(r3.getCell(5).value).toBeNull();

    // Kuwaiti dinar: three decimals, in the value and the format.
    expect(ws.getRow(4).getCell(2).value).toBe(1234.567);
    expect(ws.getRow(4).getCell(2).numFmt).toBe("#,##0.000");
    // Beyond Excel's 15 digits: the exact decimal as text.
    expect(ws.getRow(5).getCell(2).value).toBe("11529215046068469.83");
    expect(wb.getWorksheet("第二")?.rowCount).toBe(1);
  });

  it("writes numbers only when Excel keeps them exactly", () => {
    expect(moneyCell({ minor: 99_999_999_999_999n, currency: "CNY" })).toBe(999999999999.99);
    expect(moneyCell({ minor: 1_000_000_000_000_000n, currency: "CNY" })).toBe("10000000000000.00");
    expect(moneyCell({ minor: -1_000_000_000_000_001n, currency: "JPY" })).toBe("-1000000000000001");
    expect(moneyCell({ minor: 5n, currency: "BHD" })).toBe(0.005);
  });
});

describe("batchesFrom", () => {
  it("turns a callback stream into batches, at the reader's pace, and passes errors on", async () => {
    let produced = 0;
    const each = async (fn: (rows: number[]) => Promise<void>) => {
      for (let i = 0; i < 5; i++) {
        produced++;
        await fn([i, i + 100]);
      }
    };
    const seen: number[][] = [];
    for await (const b of batchesFrom(each)) {
      seen.push([...b]);
      // The producer waits while two batches are queued.
      expect(produced - seen.length).toBeLessThanOrEqual(2);
    }
    expect(seen).toEqual([0, 1, 2, 3, 4].map((i) => [i, i + 100]));

    const failing = async (fn: (rows: number[]) => Promise<void>) => {
      await fn([1]);
      throw new Error("query failed");
    };
    const got: number[] = [];
    await expect(
      (async () => {
        for await (const b of batchesFrom(failing)) got.push(...b);
      })(),
    ).rejects.toThrow("query failed");
    expect(got).toEqual([1]);
  });

  it("names files in ASCII", () => {
    expect(exportFileName(["kpi", "collector", "2025-02-01", "2025-02-28"], "xlsx")).toBe(
      "kpi-collector-2025-02-01-2025-02-28.xlsx",
    );
    expect(exportFileName(["账龄 x/y"], "csv")).toBe("_x_y.csv");
  });
});
