import { parse } from "csv-parse/sync";
import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signIn } from "../../test/http-session.ts";
import { ENGINES, openTestDatabase } from "../../test/test-database.ts";
import { loadKpiFixture, PASSWORDS } from "../analytics/kpi.fixture.ts";
import { CAUSE_NAMES } from "../collection/collection.enums.ts";
import type { Database } from "../db/database.ts";
import { createApp } from "../http/app.ts";

const NOW = new Date("2025-03-10T02:00:00Z");
const KPI = "/api/kpis/export?from=2025-02-01&to=2025-02-28&by=collector";

async function workbook(r: Response) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await r.arrayBuffer()) as ArrayBuffer);
  return wb;
}
const columnOf = (rows: string[][], header: string) => {
  const i = rows[0]?.indexOf(header) ?? -1;
  return rows.slice(1).map((r) => r[i]);
};

describe.each(ENGINES)("exports on %s", (engine) => {
  let database: Database;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    app = createApp({ database, now: () => NOW, version: "test" });
    await loadKpiFixture(database);
    await database.db.execute(sql`update customers set name = '杭州西湖贸易有限公司' where code = 'A'`);
  });
  afterAll(() => database.close());

  it("answers 401 without a session and is in the OpenAPI document", async () => {
    expect((await app.request(`${KPI}&format=csv`)).status).toBe(401);
    const doc = (await (await app.request("/api/openapi.json")).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/api/kpis/export", "/api/forecast/export", "/api/strategy/export"]),
    );
  });

  it("downloads the KPIs as XLSX with a sheet per table, scoped to the collector", async () => {
    const c1 = await signIn(app, "c1", PASSWORDS.c1);
    const r = await c1("GET", `${KPI}&format=xlsx&lang=en`);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(r.headers.get("content-disposition")).toBe(
      'attachment; filename="kpi-collector-2025-02-01-2025-02-28.xlsx"',
    );
    expect(r.headers.get("cache-control")).toBe("private, no-store");
    const wb = await workbook(r);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["KPIs by collector", "Business KPIs"]);
    const groups = wb.getWorksheet("KPIs by collector");
    if (!groups) throw new Error("no sheet");
    const header = (groups.getRow(1).values as unknown[]).slice(1);
    const cell = (row: number, name: string) => groups?.getRow(row).getCell(header.indexOf(name) + 1).value;
    expect(groups?.rowCount).toBe(2);
    expect(cell(2, "Collector")).toBe("c1");
    expect(cell(2, "Attempts")).toBe(5);
    expect(cell(2, "Connect rate")).toBe(0.6);
    expect(cell(2, "Overdue at start")).toBe(1000);
    expect(cell(2, "Recovered")).toBe(400);
  });

  it("downloads CSV with zh-CN headers, and the business table on request", async () => {
    const fin = await signIn(app, "fin", PASSWORDS.fin);
    const r = await fin("GET", `${KPI}&format=csv&table=business`);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(r.headers.get("content-disposition")).toBe(
      'attachment; filename="kpi-collector-2025-02-01-2025-02-28-business.csv"',
    );
    const bytes = new Uint8Array(await r.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(new TextDecoder().decode(bytes), { bom: true }) as string[][];
    expect(rows[0]?.slice(0, 4)).toEqual(["期间开始", "期间结束", "币种", "期初应收"]);
    // Finance sees the whole company: A's 1000.00 and D's 200.00 in CNY, C's 300.00 in USD.
    expect(columnOf(rows, "币种")).toEqual(["CNY", "USD"]);
    expect(columnOf(rows, "期末应收")).toEqual(["1200.00", "300.00"]);
    expect((await fin("GET", `${KPI}&format=pdf`)).status).toBe(400);
  });

  it("names the causes in the export's language when the KPIs are by cause", async () => {
    const fin = await signIn(app, "fin", PASSWORDS.fin);
    const byCause = KPI.replace("by=collector", "by=cause");
    const zh = parse(await (await fin("GET", `${byCause}&format=csv&lang=zh-CN`)).text(), { bom: true }) as string[][];
    const en = parse(await (await fin("GET", `${byCause}&format=csv&lang=en`)).text(), { bom: true }) as string[][];
    const ids = columnOf(zh, "逾期原因");
    expect(ids.length).toBeGreaterThan(0);
    const zhNames = columnOf(zh, "名称");
    const enNames = columnOf(en, "Name");
    ids.forEach((id, i) => {
      const names = CAUSE_NAMES[id as keyof typeof CAUSE_NAMES];
      expect(zhNames[i]).toBe(names ? names.zh : "（无）");
      expect(enNames[i]).toBe(names ? names.en : "(none)");
    });
    const wb = await workbook(await fin("GET", `${byCause}&format=xlsx&lang=zh-CN`));
    expect(wb.worksheets.map((w) => w.name)).toEqual(["逾期原因KPI", "经营KPI"]);
  });

  it("gives a collector's forecast export only their customers; finance sees everyone's", async () => {
    const c1 = await signIn(app, "c1", PASSWORDS.c1);
    const mine = await c1("GET", "/api/forecast/export?format=csv&lang=en");
    expect(mine.status).toBe(200);
    expect(mine.headers.get("content-disposition")).toBe('attachment; filename="forecast-2025-03-10.csv"');
    const rows = parse(await mine.text(), { bom: true }) as string[][];
    expect(new Set(columnOf(rows, "Customer code"))).toEqual(new Set(["A"]));

    const fin = await signIn(app, "fin", PASSWORDS.fin);
    const all = await fin("GET", "/api/forecast/export?format=xlsx&lang=zh-CN");
    const wb = await workbook(all);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["付款预测", "现金预测"]);
    const sheet = wb.getWorksheet("付款预测");
    const codes = new Set<unknown>();
    sheet?.eachRow((row, n) => {
      if (n > 1) codes.add(row.getCell(2).value);
    });
    expect(codes.has("A")).toBe(true);
    expect(codes.has("C")).toBe(true);
  });

  it("downloads the strategy evaluation", async () => {
    const boss = await signIn(app, "boss", PASSWORDS.boss);
    const r = await boss("GET", "/api/strategy/export?from=2025-02-01&to=2025-03-09&format=csv&lang=en");
    expect(r.status).toBe(200);
    const rows = parse(await r.text(), { bom: true }) as string[][];
    expect(rows[0]?.slice(0, 4)).toEqual(["Playbook", "Currency", "Variant", "Customers"]);
    expect(columnOf(rows, "Playbook")).toContain("hardship");
  });
});
