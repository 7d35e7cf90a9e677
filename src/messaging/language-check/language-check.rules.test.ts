import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkMessage } from "./language-check.rules.ts";
import { ALLOWLIST, expandTerm, LEXICON } from "./lexicon.ts";

describe("checkMessage", () => {
  it("passes clean messages", () => {
    for (const text of ["对账单", "付款计划", "please find attached your statement", ""]) {
      expect(checkMessage(text)).toEqual({ verdict: "allow", findings: [] });
    }
  });

  it.each([
    ["你就是个老赖", "block", "insults"],
    ["再不还钱就让你坐牢", "block", "threat_of_arrest"],
    ["这是法院通知", "block", "posing_as_authority"],
    ["出门小心", "block", "violence_intimidation"],
    ["我们会发朋友圈", "block", "shaming_third_parties"],
    ["先借钱还上", "warn", "pressure_to_borrow"],
    ["请立即付款", "warn", "ultimatums_orders"],
    ["我们将起诉", "warn", "legal_action"],
    ["会上征信", "warn", "credit_reporting"],
    ["收取滞纳金", "warn", "fees_interest"],
    ["You deadbeat", "block", "insults"],
    ["We know where you live", "block", "violence_intimidation"],
    ["A bailiff will call", "block", "posing_as_authority"],
    ["Sell your house", "warn", "pressure_to_borrow"],
    ["Final warning", "warn", "ultimatums_orders"],
    ["We will sue", "warn", "legal_action"],
  ])("%s -> %s (%s)", (text, verdict, category) => {
    const r = checkMessage(text);
    expect(r.verdict).toBe(verdict);
    expect(r.findings.map((f) => f.category)).toContain(category);
  });

  it("reports offsets into the original text, evasions included", () => {
    const text = "Hello. 你這個 老 賴，我們會起\u200b訴";
    const r = checkMessage(text);
    expect(r.findings.map((f) => [f.category, f.span, text.slice(f.start, f.end)])).toEqual([
      ["insults", "老 賴", "老 賴"],
      ["legal_action", "起\u200b訴", "起\u200b訴"],
    ]);
    expect(r.findings[0]).toMatchObject({ start: 11, end: 14 });
  });

  it("gives a suggestion in the message's language", () => {
    expect(checkMessage("请立即付款").findings[0]?.suggestion).toMatch(/分期/);
    expect(checkMessage("Pay immediately").findings[0]?.suggestion).toMatch(/payment plan/);
    expect(checkMessage("老赖", { lang: "en" }).findings[0]?.suggestion).toMatch(/insult/);
  });

  it("does not fire inside innocent words", () => {
    for (const text of [
      "Scunthorpe courtesy reminder",
      "our privacy policy",
      "the issue is resolved, as is the tissue order",
      "办公安排",
      "请查看垃圾邮件",
      "您的分期马上到期",
      "Dear Sue, thanks for the remittance",
      "Please contact Sue from credit control",
      "Because of its age we cannot sue you for this debt",
    ]) {
      expect(checkMessage(text), text).toEqual({ verdict: "allow", findings: [] });
    }
    expect(checkMessage("We will SUE").verdict).toBe("warn");
    expect(checkMessage("Dear Sue, we will sue you").findings).toHaveLength(1);
  });

  describe("context", () => {
    const legal = [
      "我们将向法院起诉",
      "律师函已经寄出",
      "We will take legal action",
      "Our solicitors will issue a claim",
    ];
    it.each(legal)("legal wording: %s", (text) => {
      expect(checkMessage(text).verdict).toBe("warn");
      expect(checkMessage(text, { context: { legalApproved: true } }).verdict).toBe("allow");
      expect(checkMessage(text, { context: { legalApproved: false } }).verdict).toBe("block");
      expect(checkMessage(text, { context: { legalApproved: true, timeBarred: true } }).verdict).toBe("block");
      expect(checkMessage(text, { context: { timeBarred: true } }).verdict).toBe("block");
    });

    it("approval does not clear other categories", () => {
      const r = checkMessage("已起诉，请立即付款，不然就坐牢", { context: { legalApproved: true } });
      expect(r.verdict).toBe("block");
      expect(r.findings.map((f) => f.category)).toEqual(["ultimatums_orders", "threat_of_arrest"]);
    });

    it("credit reporting blocks on a time-barred claim", () => {
      expect(checkMessage("逾期会上征信").verdict).toBe("warn");
      expect(checkMessage("逾期会上征信", { context: { legalApproved: true } }).verdict).toBe("warn");
      expect(checkMessage("逾期会上征信", { context: { timeBarred: true } }).verdict).toBe("block");
    });

    it("fees pass when their basis is cited (conduct.md rule 13)", () => {
      expect(checkMessage("逾期将收取违约金").verdict).toBe("warn");
      expect(checkMessage("依据合同第7.2条，逾期将收取违约金").verdict).toBe("allow");
      expect(checkMessage("A late fee applies under clause 9 of our terms").verdict).toBe("allow");
    });
  });

  it("with a language given, the other language only blocks", () => {
    expect(checkMessage("请付款 immediately", { lang: "zh" }).verdict).toBe("allow");
    expect(checkMessage("请付款 immediately", { lang: "auto" }).verdict).toBe("warn");
    expect(checkMessage("付款吧 deadbeat", { lang: "zh" }).verdict).toBe("block");
  });

  it("every lexicon term is detected on its own", () => {
    for (const entry of LEXICON) {
      for (const term of entry.terms.flatMap(expandTerm)) {
        const r = checkMessage(term, { lang: entry.lang });
        const allowlisted = ALLOWLIST[entry.lang].flatMap(expandTerm).some((a) => a.includes(term));
        if (!allowlisted) expect(r.verdict, term).not.toBe("allow");
      }
    }
  });

  const flagged = fc.constantFrom(
    "你就是个老赖",
    "请立即付款",
    "我们将起诉",
    "後果自負",
    "You deadbeat",
    "Pay immediately or else",
    "We will sue you",
    "we know where you live",
    "对账单已发送，请查收",
    "Please find attached your statement",
  );
  const invisible = fc.constantFrom("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad");

  it("property: inserting zero-width characters never changes the verdict", () => {
    fc.assert(
      fc.property(flagged, fc.array(fc.tuple(fc.nat(), invisible), { maxLength: 8 }), (text, inserts) => {
        let evaded = text;
        for (const [at, ch] of inserts) {
          const i = at % (evaded.length + 1);
          evaded = evaded.slice(0, i) + ch + evaded.slice(i);
        }
        expect(checkMessage(evaded).verdict).toBe(checkMessage(text).verdict);
      }),
    );
  });

  it("property: findings' offsets always slice their span out of the original", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(flagged, fc.string({ maxLength: 5 }), invisible), { maxLength: 6 }), (parts) => {
        const text = parts.join(" ");
        for (const f of checkMessage(text).findings) {
          expect(text.slice(f.start, f.end)).toBe(f.span);
          expect(f.start).toBeLessThan(f.end);
        }
      }),
    );
  });
});
