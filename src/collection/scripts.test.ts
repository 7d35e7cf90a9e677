import { describe, expect, it } from "vitest";
import { CAUSES, EXCUSES, TONES } from "./collection.enums.ts";
import {
  LANGS,
  renderScript,
  renderText,
  replyForExcuse,
  SCRIPT_VARIABLES,
  SCRIPTS,
  type Script,
  type ScriptVariable,
  scriptById,
  variablesIn,
} from "./scripts.ts";

const TALK_TRACK_IDS = [
  "call.forgot.reminder",
  "call.hardship.listen",
  "call.hardship.plan_offer",
  "call.dispute.evidence",
  "call.habitual.firm",
  "call.deliberate.firm",
  "call.middleman.timeline",
  "call.fx_wait.check_in",
  "call.switched_supplier.sales",
  "call.unreachable.other_contact",
  "call.promise.follow_up",
  "visit.hardship.plan",
  "visit.dispute.meeting",
  "visit.deliberate.agreement",
];
const REPLY_IDS = EXCUSES.map((e) => `reply.${e}`);
const TEMPLATE_IDS = [
  "email.friendly_reminder",
  "sms.friendly_reminder",
  "email.statement",
  "email.plan_offer",
  "email.dispute_evidence",
  "email.firm_reminder",
  "sms.firm_reminder",
  "email.fx_check_in",
  "email.middleman_check_in",
  "email.thank_you",
  "letter.reminder",
  "letter.final_demand",
  "letter.lawyer_draft",
  "doc.repayment_agreement",
];

const LAWYER_DRAFT = "letter.lawyer_draft";

/** Every text a script carries: title, subject and body, in both languages. */
const textsOf = (s: Script): string[] =>
  LANGS.flatMap((l) => [s.title[l], s.text[l], ...(s.subject ? [s.subject[l]] : [])]);

const templates = SCRIPTS.filter((s) => s.kind === "template");

// The language check's seed lexicons (conduct guide), blocking and warning categories.
const BLOCK_ZH = [
  "坐牢",
  "拘留",
  "刑事",
  "报警",
  "法院通知",
  "公安",
  "后果自负",
  "曝光",
  "朋友圈",
  "老赖",
  "骗子",
  "无赖",
  "不要脸",
];
const WARN_ZH = [
  "借钱还",
  "网贷",
  "卖房",
  "立即",
  "马上",
  "限你",
  "必须",
  "最后通牒",
  "否则",
  "起诉",
  "仲裁",
  "强制执行",
  "征信",
];
const BLOCK_EN = ["arrest", "jail", "criminal", "bailiff", "deadbeat", "scum", "liar"];
const WARN_EN = ["immediately", "final warning", "or else", "sue", "lawsuit", "credit report"];

const hits = (text: string, zh: string[], en: string[]): string[] => {
  const lower = text.toLowerCase();
  return [
    ...zh.filter((w) => lower.includes(w)),
    ...en.filter((w) => new RegExp(`\\b${w.replace(/ /g, "\\s+")}\\b`, "i").test(text)),
  ];
};

/** Realistic but compact values, to measure SMS length as the customer receives it. */
const SAMPLE: Record<"zh" | "en", Record<ScriptVariable, string>> = {
  zh: {
    customerName: "华东建材有限公司",
    contactName: "李经理",
    amountOverdue: "¥12,500.00",
    oldestDueDate: "2026-03-01",
    daysPastDue: "45",
    invoiceList: "INV-1001 ¥12,500.00",
    collectorName: "王磊",
    companyName: "恒达五金",
    callbackPhone: "021-61234567",
    paymentDetails: "工商银行 1234 5678 9012",
    promiseDate: "2026-04-10",
    promiseAmount: "¥5,000.00",
  },
  en: {
    customerName: "Eastern Building Supply Ltd",
    contactName: "Ms Li",
    amountOverdue: "CNY 12,500.00",
    oldestDueDate: "2026-03-01",
    daysPastDue: "45",
    invoiceList: "INV-1001 CNY 12,500.00",
    collectorName: "Wang Lei",
    companyName: "Hengda Hardware Co",
    callbackPhone: "+86 21 6123 4567",
    paymentDetails: "ICBC 1234 5678 9012",
    promiseDate: "2026-04-10",
    promiseAmount: "CNY 5,000.00",
  },
};

describe("script library", () => {
  it("has every id the default playbooks reference, with both languages filled in", () => {
    for (const id of [...TALK_TRACK_IDS, ...REPLY_IDS, ...TEMPLATE_IDS]) {
      const s = scriptById(id);
      expect(s, id).toBeDefined();
      for (const lang of LANGS) {
        expect(s?.title[lang].trim(), `${id} title ${lang}`).not.toBe("");
        expect(s?.text[lang].trim(), `${id} text ${lang}`).not.toBe("");
      }
    }
  });

  it("has unique ids and well-formed fields", () => {
    expect(new Set(SCRIPTS.map((s) => s.id)).size).toBe(SCRIPTS.length);
    for (const s of SCRIPTS) {
      expect(TONES, s.id).toContain(s.tone);
      if (s.causes !== "*") {
        expect(s.causes.length, s.id).toBeGreaterThan(0);
        for (const c of s.causes) expect(CAUSES, s.id).toContain(c);
      }
    }
  });

  it("gives talk tracks the kind script, no channel, and all four sections in both languages", () => {
    for (const id of TALK_TRACK_IDS) {
      const s = scriptById(id);
      expect(s?.kind, id).toBe("script");
      expect(s?.channel, id).toBeNull();
      expect(s?.excuse, id).toBeNull();
      for (const label of ["【开场】", "【要点】", "【提出请求】", "【收尾】"]) expect(s?.text.zh, id).toContain(label);
      for (const label of ["OPENING", "KEY POINTS", "THE ASK", "CLOSE"]) expect(s?.text.en, id).toContain(label);
    }
  });

  it("gives templates the kind template, the channel their id names, and a subject for emails and letters", () => {
    for (const id of TEMPLATE_IDS) {
      const s = scriptById(id);
      expect(s?.kind, id).toBe("template");
      const prefix = id.split(".")[0];
      expect(s?.channel, id).toBe(prefix === "doc" ? null : prefix);
      if (s?.channel === "email" || s?.channel === "letter") {
        expect(s.subject?.zh.trim(), id).toBeTruthy();
        expect(s.subject?.en.trim(), id).toBeTruthy();
      }
    }
  });

  it("has exactly one reply per excuse, and replyForExcuse returns it", () => {
    for (const excuse of EXCUSES) {
      const replies = SCRIPTS.filter((s) => s.excuse === excuse);
      expect(replies, excuse).toHaveLength(1);
      const r = replyForExcuse(excuse);
      expect(r.id).toBe(`reply.${excuse}`);
      expect(r.kind).toBe("script");
    }
    expect(SCRIPTS.filter((s) => s.excuse !== null)).toHaveLength(EXCUSES.length);
  });

  it("uses only known variables", () => {
    const known = new Set<string>(SCRIPT_VARIABLES);
    for (const s of SCRIPTS) {
      for (const text of textsOf(s)) {
        for (const v of variablesIn(text)) expect(known.has(v), `${s.id} uses {{${v}}}`).toBe(true);
        // No half-written placeholders such as "{{name}" or "{name}}".
        expect(text.replace(/\{\{[A-Za-z0-9_]+\}\}/g, ""), s.id).not.toMatch(/[{}]/);
      }
    }
  });

  it("names the company, the collector and a callback number in every template (conduct rule 10)", () => {
    for (const s of templates) {
      for (const lang of LANGS) {
        for (const v of ["companyName", "collectorName", "callbackPhone"]) {
          expect(variablesIn(s.text[lang]), `${s.id} ${lang}`).toContain(v);
        }
      }
    }
  });

  it("gives letters the amount, the invoices and the payment details", () => {
    for (const s of SCRIPTS.filter((x) => x.channel === "letter")) {
      for (const lang of LANGS) {
        for (const v of ["amountOverdue", "invoiceList", "paymentDetails"]) {
          expect(variablesIn(s.text[lang]), `${s.id} ${lang}`).toContain(v);
        }
      }
    }
  });

  it("keeps SMS within one message (70 Chinese / 160 Latin characters) and offers an opt-out", () => {
    const sms = SCRIPTS.filter((s) => s.channel === "sms");
    expect(sms.length).toBeGreaterThanOrEqual(2);
    for (const s of sms) {
      const zh = renderScript(s, "zh", SAMPLE.zh);
      const en = renderScript(s, "en", SAMPLE.en);
      expect([...zh].length, `${s.id} zh: ${zh}`).toBeLessThanOrEqual(70);
      expect([...en].length, `${s.id} en: ${en}`).toBeLessThanOrEqual(160);
      expect(zh).toContain("退订");
      expect(en).toContain("STOP");
    }
  });

  it("addresses the customer as 您, never 你, in Chinese", () => {
    for (const s of SCRIPTS) {
      const zh = [s.title.zh, s.text.zh, s.subject?.zh ?? ""].join("\n");
      expect(zh, s.id).not.toContain("你");
      // Letters and the agreement address the company (贵司, 乙方); everything else speaks to a person.
      if (s.channel !== "letter" && s.channel !== null) expect(s.text.zh, s.id).toContain("您");
      if (s.kind === "script") expect(s.text.zh, s.id).toContain("您");
    }
  });

  it("contains no blocked or warned words outside the lawyer's letter", () => {
    for (const s of SCRIPTS.filter((x) => x.id !== LAWYER_DRAFT)) {
      for (const text of textsOf(s)) {
        expect(hits(text, [...BLOCK_ZH, ...WARN_ZH], [...BLOCK_EN, ...WARN_EN]), s.id).toEqual([]);
      }
    }
  });

  it("keeps even the lawyer's letter free of threats, insults and pressure (legal wording only)", () => {
    const draft = scriptById(LAWYER_DRAFT);
    expect(draft).toBeDefined();
    if (!draft) return;
    const pressure = ["借钱还", "网贷", "卖房", "立即", "马上", "限你", "必须", "最后通牒", "否则", "征信"];
    for (const text of textsOf(draft)) {
      expect(hits(text, [...BLOCK_ZH, ...pressure], [...BLOCK_EN, "immediately", "final warning", "or else"])).toEqual(
        [],
      );
    }
  });

  it("the word check itself matches whole English words only", () => {
    expect(hits("please find attached your statement", [], WARN_EN)).toEqual([]);
    expect(hits("we will pursue the issue", [], WARN_EN)).toEqual([]);
    expect(hits("we will SUE", [], WARN_EN)).toEqual(["sue"]);
    expect(hits("Final  Warning", [], WARN_EN)).toEqual(["final warning"]);
    expect(hits("请立即付款", WARN_ZH, [])).toEqual(["立即"]);
  });
});

describe("renderScript", () => {
  const script: Script = {
    id: "test.render",
    kind: "template",
    channel: "email",
    causes: "*",
    excuse: null,
    tone: "friendly",
    title: { zh: "测试", en: "Test" },
    text: {
      zh: "{{contactName}}您好,贵司欠款{{amountOverdue}},请联系{{collectorName}}。",
      en: "Dear {{contactName}}, {{amountOverdue}} is open; {{ collectorName }} / {{notAVariable}} / {{promiseDate}}",
    },
  };

  it("replaces the variables it is given", () => {
    expect(renderScript(script, "zh", { contactName: "李经理", amountOverdue: "¥100.00", collectorName: "王磊" })).toBe(
      "李经理您好,贵司欠款¥100.00,请联系王磊。",
    );
  });

  it("marks missing, blank and unknown variables as [name]", () => {
    expect(renderScript(script, "en", { contactName: "Ms Li", amountOverdue: "  " })).toBe(
      "Dear Ms Li, [amountOverdue] is open; [collectorName] / [notAVariable] / [promiseDate]",
    );
  });

  it("replaces every occurrence and leaves the rest of the text alone", () => {
    expect(renderText("{{companyName}} {{companyName}} [x] {single}", { companyName: "恒达" })).toBe(
      "恒达 恒达 [x] {single}",
    );
  });

  it("does not read inherited properties as values", () => {
    expect(renderText("{{constructor}} {{toString}}", {})).toBe("[constructor] [toString]");
  });

  it("renders every library text with full values and leaves no placeholder behind", () => {
    for (const s of SCRIPTS) {
      for (const lang of LANGS) {
        const out = renderScript(s, lang, SAMPLE[lang]);
        expect(out, s.id).not.toMatch(/\{\{|\}\}/);
        for (const v of SCRIPT_VARIABLES) expect(out, s.id).not.toContain(`[${v}]`);
      }
    }
  });

  it("leaves the library untouched", () => {
    const before = JSON.stringify(SCRIPTS);
    for (const s of SCRIPTS) renderScript(s, "zh", {});
    expect(JSON.stringify(SCRIPTS)).toBe(before);
    expect(Object.isFrozen(SCRIPTS)).toBe(true);
  });
});
