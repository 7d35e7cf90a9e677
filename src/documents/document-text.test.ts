// The letters' wording passes the language check (conduct.md rule 11): the reminder and final demand with no
// finding at all, the lawyer's draft only in the context it is produced in (legal action approved).
import { describe, expect, it } from "vitest";
import { checkMessage } from "../messaging/language-check/language-check.rules.ts";
import { DOCUMENT_LANGS } from "./document-format.ts";
import { agreementClauses, documentLanguageFor, LABELS, LETTER_KINDS, letterParagraphs } from "./document-text.ts";

const facts = {
  company: "华东精密机械有限公司",
  customer: "上海华夏金贸有限公司",
  asOf: "2025-03-10",
  total: "CNY 13,456.78",
  invoices: 2,
  oldestDue: "2024-12-01",
  oldestDays: 99,
  replyBy: "2025-03-20",
  disputedLeftOut: 1,
  collector: "王敏",
  phone: "021-6888-0000",
};

describe.each(DOCUMENT_LANGS)("document wording in %s", (lang) => {
  it.each(LETTER_KINDS)("the %s passes the language check", (kind) => {
    const text = [LABELS[lang].letterTitles[kind], ...letterParagraphs(kind, lang, facts)].join("\n");
    const approved = checkMessage(text, { lang, context: { legalApproved: true } });
    expect(approved.findings).toEqual([]);
    const plain = checkMessage(text, { lang });
    if (kind === "lawyer-letter") {
      expect(plain.verdict).toBe("warn");
      expect(new Set(plain.findings.map((f) => f.category))).toEqual(new Set(["legal_action"]));
    } else expect(plain.verdict).toBe("allow");
    // Conduct rule 12: nothing here may go out for a time-barred claim with legal wording.
    if (kind === "lawyer-letter") {
      expect(checkMessage(text, { lang, context: { legalApproved: true, timeBarred: true } }).verdict).toBe("block");
    }
  });

  it("the repayment agreement's clauses pass too", () => {
    const clauses = agreementClauses(lang, {
      company: facts.company,
      customer: facts.customer,
      code: "C001",
      createdOn: "2025-03-01",
      total: facts.total,
      totalInWords: "人民币壹万叁仟肆佰伍拾陆元柒角捌分",
      graceDays: 3,
      terms: "协议期间新订单须预付。",
      hasInvoices: true,
    });
    expect(checkMessage(clauses.map((c) => `${c.title}\n${c.text}`).join("\n"), { lang }).verdict).toBe("allow");
  });

  it("the statement's portal block passes with no finding", () => {
    const t = LABELS[lang];
    const text = [t.portalTitle, t.portalText("2025-04-09"), t.portalCaption].join("\n");
    expect(checkMessage(text, { lang }).findings).toEqual([]);
  });
});

describe("documentLanguageFor", () => {
  it.each([
    [{ country: "CN", foreignTrade: false }, "zh"],
    [{ country: "hk", foreignTrade: true }, "zh"],
    [{ country: "US", foreignTrade: false }, "en"],
    [{ country: null, foreignTrade: true }, "en"],
    [{ country: null, foreignTrade: false }, "zh"],
  ] as const)("%o → %s", (customer, lang) => {
    expect(documentLanguageFor(customer)).toBe(lang);
  });
});
