import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csvText } from "../../test/temp-files.ts";
import { ENGINES, openTestDatabase, uniquePrefix } from "../../test/test-database.ts";
import { addUser } from "../auth/manage-users.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { createApp } from "../http/app.ts";
import { MAX_UPLOAD_BYTES, parseProblem, sniffUpload } from "./import.routes.ts";

const NOW = new Date("2025-03-12T02:00:00Z");
const HEADERS = ["customer_code", "customer_name", "number", "issue_date", "due_date", "amount", "currency"];
const CSV = "text/csv";
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
// The first bytes of a PNG image: signature, then the IHDR chunk.
const PNG = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
  0x10, 0x00, 0x00, 0x00, 0x10, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0xf3, 0xff, 0x61,
]);

type Upload = (path: string, body: BodyInit, type?: string, headers?: Record<string, string>) => Promise<Response>;
type Json = Record<string, unknown>;

describe("reading an upload's first bytes", () => {
  it.each([
    ["CSV text", Buffer.from("a,b\r\n1,2\r\n"), "csv"],
    ["GBK CSV", Buffer.from([0xbf, 0xcd, 0xbb, 0xa7, 0x2c, 0x61, 0x0a]), "csv"],
    ["UTF-16 CSV with its BOM", Buffer.from([0xff, 0xfe, 0x61, 0x00, 0x2c, 0x00]), "csv"],
    ["an XLSX zip", Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), "xlsx"],
    ["a PNG", PNG, null],
    ["a PDF with binary", Buffer.from("%PDF-1.7\n\x00\x01\x02"), null],
  ] as const)("%s", (_, bytes, expected) => {
    expect(sniffUpload(bytes)).toBe(expected);
  });
  it("splits a problem into row, column and message", () => {
    expect(parseProblem('row 3, column "due_date": "31/02/2024" is not a date')).toEqual({
      row: 3,
      column: "due_date",
      message: '"31/02/2024" is not a date',
    });
    expect(parseProblem("the file has a header row but no data rows")).toEqual({
      row: null,
      column: null,
      message: "the file has a header row but no data rows",
    });
  });
});

describe.each(ENGINES)("POST /api/imports on %s", (engine) => {
  let database: Database;
  let app: ReturnType<typeof createApp>;
  const as: Record<string, Upload> = {};
  const up = (role: string): Upload => {
    const upload = as[role];
    if (!upload) throw new Error(`no session for ${role}`);
    return upload;
  };

  async function signInUpload(login: string, password: string): Promise<Upload> {
    const res = await app.request("/api/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ login, password }),
    });
    expect(res.status).toBe(200);
    const cookies = res.headers.getSetCookie().map((c) => c.split(";")[0] as string);
    const csrf = cookies.find((c) => c.startsWith("huikuan_csrf="))?.split("=")[1] ?? "";
    return async (path, body, type = CSV, headers = {}) =>
      await app.request(path, {
        method: "POST",
        headers: { cookie: cookies.join("; "), "x-csrf-token": csrf, "content-type": type, ...headers },
        body,
        duplex: "half",
      } as RequestInit);
  }
  const invoicesOf = async (prefix: string) =>
    (
      await queryRows<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from invoices i join customers c on c.id = i.customer_id
          where c.code like ${`${prefix}%`}`,
      )
    )[0]?.n;
  const customersOf = async (prefix: string) =>
    (
      await queryRows<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from customers where code like ${`${prefix}%`}`,
      )
    )[0]?.n;
  const auditOf = async (login: string) =>
    (
      await queryRows<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from audit_log where action = 'import.invoices' and actor = ${login}`,
      )
    )[0]?.n;
  const goodCsv = (p: string) =>
    csvText([
      HEADERS,
      [`${p}-A`, "Acme 甲公司", "INV-1", "2025-01-05", "2025-02-04", "1000.00", "CNY"],
      [`${p}-A`, "Acme 甲公司", "INV-2", "2025-01-10", "2025-02-09", "250.5", "CNY"],
      [`${p}-B`, "Beta Ltd", "INV-1", "2025-01-12", "2025-03-12", "99", "USD"],
    ]);

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    const deps = { database, now: () => NOW };
    app = createApp({ ...deps, version: "test" });
    for (const role of ["admin", "manager", "collector", "finance"] as const) {
      const login = `imp-${role}`;
      await addUser(deps, { login, name: role, role, password: `${role}-secret-pass` }, "t");
      as[role] = await signInUpload(login, `${role}-secret-pass`);
    }
  });
  afterAll(() => database.close());

  it("imports a good CSV for a manager, answers the summary with the mapping, and audits it", async () => {
    const p = uniquePrefix("UP");
    const res = await up("manager")("/api/imports?kind=invoices&name=march.csv", goodCsv(p));
    expect(res.status).toBe(200);
    const body = (await res.json()) as Json;
    expect(body).toMatchObject({
      kind: "invoices",
      file: "march.csv",
      format: "csv",
      rows: 3,
      inserted: 3,
      customersCreated: 2,
      dryRun: false,
    });
    expect(body.mapping).toContainEqual({ field: "due_date", column: "due_date" });
    expect(await invoicesOf(p)).toBe(3);
    expect(await auditOf("imp-manager")).toBe(1);
  });

  it("imports an XLSX workbook for an admin", async () => {
    const p = uniquePrefix("UX");
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("发票");
    ws.addRow(["客户编码", "客户名称", "发票号", "开票日期", "到期日", "金额", "币种"]);
    ws.addRow([`${p}-A`, "甲公司", "X-1", "2025-01-05", "2025-02-04", 1200.5, "CNY"]);
    const res = await up("admin")(
      "/api/imports?kind=invoices&name=x.xlsx",
      new Uint8Array(await wb.xlsx.writeBuffer()),
      XLSX,
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as Json;
    expect(body).toMatchObject({ format: "xlsx", rows: 1, inserted: 1 });
    expect((body.notes as string[]).length).toBeGreaterThan(0);
    expect(await invoicesOf(p)).toBe(1);
  });

  it("refuses a workbook with a TRUE cell in a date column with 400 and the row, never as an unreadable workbook", async () => {
    const p = uniquePrefix("UT");
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("发票");
    ws.addRow(HEADERS);
    ws.addRow([`${p}-A`, "甲公司", "X-1", true, "2025-02-04", 1200.5, "CNY"]);
    ws.addRow([{ error: "#N/A" }, "乙公司", "X-2", "2025-01-05", "2025-02-04", 1, "CNY"]);
    const res = await up("admin")(
      "/api/imports?kind=invoices&name=x.xlsx",
      new Uint8Array(await wb.xlsx.writeBuffer()),
      XLSX,
    );
    expect(res.status).toBe(400);
    const body = (await res.json()) as { problems: Json[]; total: number };
    expect(body.problems).toEqual([
      { row: 2, column: "issue_date", message: "TRUE is not a date (expected YYYY-MM-DD)" },
      { row: 3, column: "customer_code", message: "the cell holds the Excel error #N/A" },
    ]);
    expect(await customersOf(p)).toBe(0);
  });

  it("answers 415 to a zip that is no workbook, naming the upload", async () => {
    const zip = await up("manager")("/api/imports?kind=invoices&name=z.xlsx", Buffer.from("PK\x03\x04garbage"), XLSX);
    expect(zip.status).toBe(415);
    expect(((await zip.json()) as { error: Json }).error.message).toBe(
      "z.xlsx could not be read as an Excel workbook (.xlsx): save it again from Excel, or as CSV",
    );
  });

  it("refuses a CSV with one bad row with 400, listing the row and column, and writes nothing", async () => {
    const p = uniquePrefix("UB");
    const csv = csvText([
      HEADERS,
      [`${p}-A`, "Acme", "INV-1", "2025-01-05", "2025-02-04", "1000.00", "CNY"],
      [`${p}-A`, "Acme", "INV-2", "2025-01-10", "2025-02-31", "250.5", "CNY"],
      [`${p}-B`, "Beta", "INV-1", "2025-01-12", "2025-03-12", "99", "USD"],
    ]);
    const res = await up("manager")("/api/imports?kind=invoices&name=bad.csv", csv);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: Json; problems: Json[]; total: number };
    expect(body.total).toBe(1);
    expect(body.problems).toHaveLength(1);
    expect(body.problems[0]).toMatchObject({ row: 3, column: "due_date" });
    expect(String(body.problems[0]?.message)).toContain("2025-02-31");
    expect(String(body.error.message)).toContain("bad.csv: 1 problem, nothing was imported");
    expect(await invoicesOf(p)).toBe(0);
    expect(await customersOf(p)).toBe(0);

    // For a reader of Chinese: the same row and column, the problem and the summary in Chinese.
    const zh = await up("manager")("/api/imports?kind=invoices&name=bad.csv", csv, CSV, { "accept-language": "zh-CN" });
    expect(zh.status).toBe(400);
    const zhBody = (await zh.json()) as { error: Json; problems: Json[]; total: number };
    expect(zhBody.problems[0]).toMatchObject({ row: 3, column: "due_date" });
    const zhProblem = String(zhBody.problems[0]?.message);
    expect(zhProblem).toContain("2025-02-31");
    expect(zhProblem).toMatch(/[\u4e00-\u9fff]/);
    expect(zhProblem).not.toMatch(/is not a date/);
    expect(String(zhBody.error.message)).toMatch(/^bad\.csv：.*[\u4e00-\u9fff]/);
  });

  it("a dry run answers what would be imported and writes nothing", async () => {
    const p = uniquePrefix("UD");
    const before = await auditOf("imp-admin");
    const res = await up("admin")("/api/imports?kind=invoices&dryRun=true", goodCsv(p));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ rows: 3, inserted: 3, customersCreated: 2, dryRun: true });
    expect(await invoicesOf(p)).toBe(0);
    expect(await customersOf(p)).toBe(0);
    expect(await auditOf("imp-admin")).toBe(before);
  });

  it("refuses with 415 a PNG or random bytes sent as CSV, and a declared type that is no spreadsheet", async () => {
    const png = await up("manager")("/api/imports?kind=invoices&name=photo.csv", PNG, CSV);
    expect(png.status).toBe(415);
    expect(((await png.json()) as { error: Json }).error.message).toMatch(/neither CSV text nor an Excel workbook/);
    const random = new Uint8Array(4096);
    for (let i = 0; i < random.length; i++) random[i] = (i * 7919 + 13) % 256;
    expect((await up("manager")("/api/imports?kind=invoices", random, CSV))?.status).toBe(415);
    expect((await up("manager")("/api/imports?kind=invoices", "a,b\n1,2\n", "image/png"))?.status).toBe(415);
    // A zip that is no workbook is refused too, and the server's temporary folder is never shown.
    const zip = await up("manager")("/api/imports?kind=invoices&name=z.xlsx", Buffer.from("PK\x03\x04garbage"), XLSX);
    expect([400, 415]).toContain(zip.status);
    expect(JSON.stringify(await zip.json())).not.toContain("huikuan-import-");
  });

  it("refuses a file over the limit with 413 (declared or streamed) and lets files over 1 MB through", async () => {
    const big = new Uint8Array(MAX_UPLOAD_BYTES + 1).fill(0x61);
    const res = await up("manager")("/api/imports?kind=invoices", big);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: Json }).error.message).toMatch(/larger than 50 MB/);
    // Streamed without a Content-Length: refused as it passes the limit.
    const stream = new ReadableStream<Uint8Array>({
      start(ctl) {
        for (let i = 0; i < 51; i++) ctl.enqueue(new Uint8Array(1 << 20).fill(0x61));
        ctl.close();
      },
    });
    const streamed = await up("manager")("/api/imports?kind=invoices", stream);
    expect(streamed.status).toBe(413);
    const p = uniquePrefix("UL");
    const rows: string[][] = [HEADERS];
    for (let i = 0; i < 25_000; i++) rows.push([`${p}-A`, "Acme", `N-${i}`, "2025-01-05", "2025-02-04", "10", "CNY"]);
    const text = csvText(rows);
    expect(text.length).toBeGreaterThan(1 << 20);
    const ok = await up("manager")("/api/imports?kind=invoices&dryRun=true", text);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ rows: 25_000, dryRun: true });
  });

  it("answers 401 to anonymous and 403 to collectors and finance", async () => {
    const anonymous = await app.request("/api/imports?kind=invoices", {
      method: "POST",
      headers: { "content-type": CSV },
      body: goodCsv("ANON"),
    });
    expect(anonymous.status).toBe(401);
    for (const role of ["collector", "finance"]) {
      const p = uniquePrefix("UR");
      const res = await up(role)("/api/imports?kind=invoices", goodCsv(p));
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: Json }).error.message).toContain(`not open to the ${role} role`);
      expect(await invoicesOf(p)).toBe(0);
    }
    // In Chinese, the action and the role are named in Chinese too.
    const zh = await up("finance")("/api/imports?kind=invoices", goodCsv(uniquePrefix("UZ")), CSV, {
      "accept-language": "zh-CN",
    });
    expect(zh.status).toBe(403);
    expect(((await zh.json()) as { error: Json }).error.message).toBe("导入文件：财务角色无权使用");
  });

  it("refuses an unknown kind with 400", async () => {
    expect((await up("manager")("/api/imports?kind=people", goodCsv("K")))?.status).toBe(400);
  });
});
