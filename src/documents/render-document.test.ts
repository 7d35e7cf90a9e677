// Documents rendered from a real database and read back as text with pdf.js: names, amounts to the minor unit,
// Chinese text (only extractable when the CJK font is embedded with its Unicode map), page numbers, scope, refusals.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, openTestDatabase } from "../../test/test-database.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { openPortalLinkOrThrow } from "../portal/portal-link.ts";
import { findCjkFont } from "./cjk-font.ts";
import {
  AS_OF,
  COMPANY,
  type DocumentsFixture,
  loadDocumentsFixture,
  NOW,
  pdfQrCodes,
  pdfText,
} from "./documents.fixture.ts";
import { paymentQrPayload } from "./payment-qr.ts";
import { buildDocument, renderDocument } from "./render-document.ts";

/** The payment QR of the fixture's 华夏金贸 statement: bank details, the balance 14,456.79 and the reference. */
const paymentQrFor = (code: string) =>
  paymentQrPayload(
    { payee: COMPANY.name, bankName: COMPANY.bankName, bankAccount: COMPANY.bankAccount },
    { customerCode: code, amount: 1445679n, currency: "CNY", reference: `${code} ${AS_OF}` },
    "zh",
  );

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

  it("a statement for sending carries the portal link: a second QR code and the link in full; without one only the payment QR", async () => {
    const [wang] = await queryRows<{ id: string }>(
      database.db,
      sql`select id from contacts where customer_id = ${f.hx.id} and name = '王丽'`,
    );
    const contactId = Number(wang?.id);
    const payment = (await paymentQrFor(f.hx.code)) as string;

    const printed = await renderDocument(deps(), f.users.c1, {
      kind: "statement",
      customer: { id: f.hx.id },
      asOf: AS_OF,
    });
    expect(await pdfQrCodes(printed.pdf)).toEqual([payment]);
    expect((await pdfText(printed.pdf)).compact).not.toContain("/api/portal/");
    expect(printed.portalLink).toBeUndefined();

    const sent = await renderDocument(deps(), f.users.c1, {
      kind: "statement",
      customer: { id: f.hx.id },
      asOf: AS_OF,
      portalFor: { contactId },
    });
    const url = sent.portalLink?.url as string;
    expect(url).toMatch(/^http:\/\/localhost:3000\/api\/portal\/[0-9a-f]{64}$/);
    expect(await pdfQrCodes(sent.pdf)).toEqual([payment, url]);
    const { compact } = await pdfText(sent.pdf);
    for (const s of [url, "在线查看与回复", "扫码在线查看", "有效期至2025年4月9日"]) expect(compact, s).toContain(s);
    // The link printed opens this customer's page for that contact, in the statement's language.
    const link = await openPortalLinkOrThrow(database.db, url.split("/").pop() as string, NOW);
    expect(link).toMatchObject({ id: sent.portalLink?.id, customerId: f.hx.id, contactId, language: "zh-CN" });
    expect(link.expiresAt.toISOString()).toBe(sent.portalLink?.expiresAt);
    const audit = await queryRows<{ action: string; object_id: string; after: Record<string, unknown> }>(
      database.db,
      sql`select action, object_id, after from audit_log order by id desc limit 2`,
    );
    expect(audit).toMatchObject([
      { action: "document.generated", after: { kind: "statement", portalLinkId: sent.portalLink?.id } },
      { action: "portal.link_created", object_id: String(sent.portalLink?.id), after: { contactId } },
    ]);

    const en = await renderDocument(deps(), f.users.c1, {
      kind: "statement",
      customer: { id: f.hx.id },
      asOf: AS_OF,
      lang: "en",
      portalFor: { contactId },
    });
    const enText = (await pdfText(en.pdf)).text;
    expect(enText).toContain("See and answer online");
    expect(enText).toContain("works until 9 April 2025");
  });

  it("makes a portal link only for a contact of the customer who may see the debt, only on a statement; nothing stays of a refusal", async () => {
    const [other] = await queryRows<{ id: string }>(
      database.db,
      sql`insert into contacts (customer_id, name, role) values (${f.hx.id}, '门卫', 'other') returning id`,
    );
    const [usContact] = await queryRows<{ id: string }>(
      database.db,
      sql`select id from contacts where customer_id = ${f.us.id}`,
    );
    const links = async () =>
      (await queryRows<{ n: string }>(database.db, sql`select count(*)::text as n from portal_links`))[0]?.n;
    const before = await links();
    const statement = (contactId: number, user = f.users.c1) =>
      renderDocument(deps(), user, { kind: "statement", customer: { id: f.hx.id }, portalFor: { contactId } });
    await expect(statement(Number(other?.id))).rejects.toMatchObject({ code: "unprocessable" });
    await expect(statement(Number(usContact?.id))).rejects.toMatchObject({ code: "invalid_input" });
    await expect(statement(Number(usContact?.id), f.users.c2)).rejects.toMatchObject({ code: "not_found" });
    await expect(
      renderDocument(deps(), f.users.c1, {
        kind: "reminder",
        customer: { id: f.hx.id },
        asOf: AS_OF,
        portalFor: { contactId: Number(usContact?.id) },
      }),
    ).rejects.toMatchObject({ code: "invalid_input" });
    expect(await links()).toBe(before);
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
