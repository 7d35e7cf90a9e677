// Documents rendered from a real database and read back as text with pdf.js: names, amounts to the minor unit,
// Chinese text (only extractable when the CJK font is embedded with its Unicode map), page numbers, scope, refusals.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, openTestDatabase } from "../../test/test-database.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { findCjkFont } from "./cjk-font.ts";
import { AS_OF, COMPANY, type DocumentsFixture, loadDocumentsFixture, NOW, pdfText } from "./documents.fixture.ts";
import { buildDocument, renderDocument } from "./render-document.ts";

const font = findCjkFont();
if (!font) console.warn("documents: no CJK font installed (apt-get install fonts-wqy-microhei): PDF tests skipped");

describe.skipIf(!font).each(ENGINES)("documents on %s", (engine) => {
  let database: Database;
  let f: DocumentsFixture;
  const deps = () => ({ database, now: () => NOW });
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    f = await loadDocumentsFixture(database);
  });
  afterAll(() => database.close());

  it("prints a Chinese statement: letterhead, open items, aging, activity, bank details, slip, page numbers", async () => {
    const doc = await renderDocument(deps(), f.users.c1, { kind: "statement", customer: { id: f.hx.id }, asOf: AS_OF });
    expect(doc.lang).toBe("zh");
    expect(doc.filename).toBe(`statement-${f.hx.code}-2025-03-10-zh.pdf`);
    expect(doc.pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const { compact, pages } = await pdfText(doc.pdf);
    for (const s of [
      COMPANY.name,
      COMPANY.address,
      COMPANY.taxId,
      "对账单",
      "上海华夏金贸有限公司",
      "王丽", // the finance contact, before the owner
      "INV-1",
      "INV-2",
      "INV-3（有异议）",
      "10,000.00", // INV-1 after the 2,000.00 payment
      "3,456.78",
      "1,000.01",
      "14,456.79", // open and balance
      "13,456.78", // overdue
      "91-180天",
      "余额确认回执",
      COMPANY.bankAccount,
      `第 1 页 / 共 ${pages} 页`,
      "生成时间 2025-03-10 10:00 (Asia/Shanghai)",
    ]) {
      expect(compact, s).toContain(s.replace(/\s+/g, ""));
    }
    expect(compact).not.toContain("INV-0"); // settled before the activity period and not open
    const audit = await queryRows<{ actor: string; object_id: string; after: { sha256: string; kind: string } }>(
      database.db,
      sql`select actor, object_id, after from audit_log where action = 'document.generated' order by id desc limit 1`,
    );
    expect(audit[0]).toMatchObject({ actor: "c1", object_id: `statement:${f.hx.code}`, after: { kind: "statement" } });
  });

  it("prints in English when asked, and by default for a customer abroad", async () => {
    const en = await buildDocument(deps(), f.users.c1, {
      kind: "statement",
      customer: { code: f.hx.code },
      asOf: AS_OF,
      lang: "en",
    });
    const text = (await pdfText(en.pdf)).text;
    expect(text).toContain("Statement of account");
    expect(text).toContain("上海华夏金贸有限公司");
    expect(text).toContain("INV-3 (disputed)");
    expect(text).toContain("Page 1 of");
    const us = await buildDocument(deps(), null, { kind: "reminder", customer: { id: f.us.id }, asOf: AS_OF });
    expect(us.lang).toBe("en");
    const usText = (await pdfText(us.pdf)).text;
    expect(usText).toContain("Payment reminder");
    expect(usText).toContain("Dear Jane Smith,");
    expect(usText).toContain("USD 2,500.50");
    expect(usText).toContain("Your contact: Li Lei, telephone 021-6888-0000.");
  });

  it("writes the reminder and final demand about undisputed overdue invoices only, naming the collector", async () => {
    for (const [kind, heading] of [
      ["reminder", "催款函"],
      ["final-demand", "最终催款函"],
    ] as const) {
      const doc = await buildDocument(deps(), f.users.c1, { kind, customer: { id: f.hx.id }, asOf: AS_OF });
      const { text, compact } = await pdfText(doc.pdf);
      expect(text).toContain(heading);
      expect(compact).toContain("CNY13,456.78"); // INV-1 10,000.00 + INV-2 3,456.78; INV-3 (disputed, not due) left out
      expect(text).not.toContain("INV-3");
      expect(compact).toContain("联系人：王敏，电话：021-6888-0000");
      expect(compact).toContain("2025年3月20日"); // ten days to pay or reply
    }
  });

  it("drafts a lawyer's letter only with legal action approved, marked as a draft", async () => {
    const refused = buildDocument(deps(), f.users.c1, { kind: "lawyer-letter", customer: { id: f.hx.id } });
    await expect(refused).rejects.toMatchObject({
      code: "unprocessable",
      message: expect.stringContaining('"legal" flag'),
    });
    const doc = await buildDocument(deps(), f.users.c1, {
      kind: "lawyer-letter",
      customer: { id: f.legal.id },
      asOf: AS_OF,
    });
    const { compact } = await pdfText(doc.pdf);
    expect(compact).toContain("律师函");
    expect(compact).toContain("草稿：须经律师审阅、修改并签署后方可发出");
    expect(compact).toContain("CNY8,800.00");
    // Three years after 2024-06-30 the claim is time-barred: no legal letter then.
    await expect(
      buildDocument(deps(), f.users.c1, { kind: "lawyer-letter", customer: { id: f.legal.id }, asOf: "2027-07-01" }),
    ).rejects.toMatchObject({ code: "unprocessable", message: expect.stringContaining("time-barred") });
  });

  it("prints the repayment agreement from the plan, exact to the fen, with both parties and signatures", async () => {
    const doc = await renderDocument(deps(), f.users.c1, { kind: "agreement", planId: f.planId });
    expect(doc.filename).toBe(`agreement-${f.planId}-${f.hx.code}-zh.pdf`);
    const { compact } = await pdfText(doc.pdf);
    for (const s of [
      "还款协议",
      `HK-PLAN-${f.planId}`,
      "甲方（债权人）",
      "乙方（债务人）",
      COMPANY.name,
      "上海华夏金贸有限公司",
      "CNY 13,456.78",
      "人民币壹万叁仟肆佰伍拾陆元柒角捌分",
      "首付款",
      "1,000.00",
      "2025-04-01",
      "2025-05-01",
      "2025-05-31",
      "4,152.26",
      "协议期间新订单须预付。",
      "INV-1",
      "12,000.00",
      "授权代表（签字）",
    ]) {
      expect(compact, s).toContain(s.replace(/\s+/g, ""));
    }
    const en = await buildDocument(deps(), f.users.c1, { kind: "agreement", planId: f.planId, lang: "en" });
    expect((await pdfText(en.pdf)).text).toContain("Repayment agreement");
  });

  it("keeps to the user's portfolio: another collector's customer or plan is not found", async () => {
    await expect(
      buildDocument(deps(), f.users.c2, { kind: "statement", customer: { id: f.hx.id } }),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(buildDocument(deps(), f.users.c2, { kind: "agreement", planId: f.planId })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(buildDocument(deps(), null, { kind: "statement", customer: { code: "NOPE" } })).rejects.toMatchObject({
      code: "not_found",
      message: 'no customer with code "NOPE"',
    });
  });

  it("refuses a letter when nothing is overdue, and a bad date", async () => {
    await expect(
      buildDocument(deps(), null, { kind: "reminder", customer: { id: f.hx.id }, asOf: "2024-10-15" }),
    ).rejects.toMatchObject({ code: "unprocessable" });
    await expect(
      buildDocument(deps(), null, { kind: "statement", customer: { id: f.hx.id }, asOf: "2025-02-30" }),
    ).rejects.toMatchObject({ code: "invalid_input" });
  });
});
