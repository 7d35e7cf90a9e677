import { describe, expect, it } from "vitest";
import { checkMessage } from "../messaging/language-check/language-check.rules.ts";
import { CAUSES, EXCUSES, TONES } from "./collection.enums.ts";
import { DEFAULT_PLAYBOOKS } from "./playbook.rules.ts";
import {
  LANGS,
  type Lang,
  matchesFilter,
  placeholderProblems,
  renderScript,
  renderText,
  replyForExcuse,
  SCRIPT_STAGES,
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
  "call.before_due.courtesy",
  "call.forgot.second_reminder",
  "call.promise.broken",
  "call.hardship.installment_missed",
  "call.dispute.resolved",
  "call.habitual.terms_review",
  "call.manager.escalation",
  "call.middleman.follow_up",
  "call.fx_wait.latest_date",
  "visit.collection_appointment",
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
  "sms.before_due",
  "sms.promise_confirmation",
  "sms.installment_reminder",
  "sms.callback_request",
  "email.promise_broken",
  "email.prepay_notice",
  "email.unreachable_check_in",
  "email.switched_supplier_settle",
];

/** Every text a script carries: title, subject and body, in one language. */
const textsOf = (s: Script, lang: Lang): string[] => [
  s.title[lang],
  s.text[lang],
  ...(s.subject ? [s.subject[lang]] : []),
];

const templates = SCRIPTS.filter((s) => s.kind === "template");
const explicitlyFor = (cause: string) => SCRIPTS.filter((s) => s.causes !== "*" && s.causes.includes(cause as never));

/** Realistic but compact values, to measure SMS length as the customer receives it. */
const SAMPLE: Record<Lang, Record<ScriptVariable, string>> = {
  zh: {
    customer: "华东建材有限公司",
    contact: "李经理",
    amount: "¥12,500.00",
    due_date: "2026-03-01",
    days_overdue: "45",
    invoice_list: "INV-1001(2026-03-01到期,¥12,500.00)",
    collector: "王磊",
    company: "恒达五金",
    callback_phone: "021-61234567",
    payment_details: "工商银行 1234 5678 9012",
    promise_date: "2026-04-10",
    promise_amount: "¥5,000.00",
    installment_date: "2026-04-20",
    installment_amount: "¥2,500.00",
  },
  en: {
    customer: "Eastern Building Supply Ltd",
    contact: "Ms Li",
    amount: "CNY 12,500.00",
    due_date: "2026-03-01",
    days_overdue: "45",
    invoice_list: "INV-1001 (due 2026-03-01, CNY 12,500.00)",
    collector: "Wang Lei",
    company: "Hengda Hardware Co",
    callback_phone: "+86 21 6123 4567",
    payment_details: "ICBC 1234 5678 9012",
    promise_date: "2026-04-10",
    promise_amount: "CNY 5,000.00",
    installment_date: "2026-04-20",
    installment_amount: "CNY 2,500.00",
  },
};

describe("script library", () => {
  it("holds at least 40 scripts, each in Chinese and English", () => {
    expect(SCRIPTS.length).toBeGreaterThanOrEqual(40);
    expect(SCRIPTS.length).toBe(TALK_TRACK_IDS.length + REPLY_IDS.length + TEMPLATE_IDS.length);
    for (const s of SCRIPTS) {
      for (const lang of LANGS) {
        expect(s.title[lang].trim(), `${s.id} title ${lang}`).not.toBe("");
        expect(s.text[lang].trim(), `${s.id} text ${lang}`).not.toBe("");
      }
    }
  });

  it("has every id the default playbooks reference", () => {
    const referenced = DEFAULT_PLAYBOOKS.playbooks.flatMap((p) => [
      ...p.steps.map((s) => s.script),
      ...(p.challenger?.steps.map((s) => s.script) ?? []),
    ]);
    for (const id of referenced) if (id !== null) expect(scriptById(id), id).toBeDefined();
    for (const id of [...TALK_TRACK_IDS, ...REPLY_IDS, ...TEMPLATE_IDS]) expect(scriptById(id), id).toBeDefined();
  });

  it("covers every cause with scripts written for it, in more than one stage, in both languages", () => {
    for (const cause of CAUSES) {
      const own = explicitlyFor(cause);
      expect(own.length, cause).toBeGreaterThanOrEqual(3);
      expect(new Set(own.map((s) => s.stage)).size, cause).toBeGreaterThanOrEqual(2);
      expect(
        own.some((s) => s.kind === "script"),
        `${cause} has a talk track`,
      ).toBe(true);
      expect(
        own.some((s) => s.kind === "template"),
        `${cause} has a message template`,
      ).toBe(true);
      expect(SCRIPTS.filter((s) => matchesFilter(s, { cause })).length).toBeGreaterThan(own.length);
    }
  });

  it("covers every stage, and the stages the domain names for every cause that needs them", () => {
    for (const stage of SCRIPT_STAGES)
      expect(
        SCRIPTS.some((s) => s.stage === stage),
        stage,
      ).toBe(true);
    const has = (cause: string, stage: string) => explicitlyFor(cause).some((s) => s.stage === stage);
    expect(has("hardship", "plan_offer")).toBe(true);
    expect(has("hardship", "after_broken_promise")).toBe(true);
    expect(has("dispute", "dispute_handling")).toBe(true);
    expect(has("deliberate", "escalation")).toBe(true);
    expect(has("deliberate", "legal")).toBe(true);
    expect(has("habitual", "escalation")).toBe(true);
    expect(has("forgot", "follow_up")).toBe(true);
  });

  it("has unique ids and well-formed fields; legal-stage texts and only they are flagged legal", () => {
    expect(new Set(SCRIPTS.map((s) => s.id)).size).toBe(SCRIPTS.length);
    for (const s of SCRIPTS) {
      expect(TONES, s.id).toContain(s.tone);
      expect(SCRIPT_STAGES, s.id).toContain(s.stage);
      expect(s.legal === true, s.id).toBe(s.stage === "legal");
      expect(s.excuse !== null, s.id).toBe(s.stage === "excuse_reply");
      if (s.causes !== "*") {
        expect(s.causes.length, s.id).toBeGreaterThan(0);
        for (const c of s.causes) expect(CAUSES, s.id).toContain(c);
      }
    }
  });

  it("passes the language check in both languages: allow, or legal wording only in a flagged legal-stage text", () => {
    for (const s of SCRIPTS) {
      for (const lang of LANGS) {
        for (const text of [...textsOf(s, lang), renderScript(s, lang, SAMPLE[lang])]) {
          const r = checkMessage(text, { lang });
          const summary = `${s.id} ${lang}: ${r.findings.map((f) => `${f.category} "${f.span}"`).join(", ")}`;
          if (s.legal) {
            expect(r.verdict, summary).not.toBe("block");
            for (const f of r.findings) expect(f.category, summary).toBe("legal_action");
          } else {
            expect(r.verdict, summary).toBe("allow");
          }
        }
      }
    }
    // The lawyer's letter does carry legal wording: the flag is needed, not decorative.
    const draft = scriptById("letter.lawyer_draft");
    expect(draft?.legal).toBe(true);
    expect(checkMessage(draft?.text.zh ?? "", { lang: "zh" }).verdict).toBe("warn");
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

  it("has exactly one reply per excuse, in both languages, and replyForExcuse returns it", () => {
    for (const excuse of EXCUSES) {
      const replies = SCRIPTS.filter((s) => s.excuse === excuse);
      expect(replies, excuse).toHaveLength(1);
      const r = replyForExcuse(excuse);
      expect(r.id).toBe(`reply.${excuse}`);
      expect(r.kind).toBe("script");
      expect(r.text.zh).toContain("【客户说】");
      expect(r.text.en).toContain("CUSTOMER SAYS");
      expect(SCRIPTS.filter((s) => matchesFilter(s, { excuse }))).toEqual([r]);
    }
    expect(SCRIPTS.filter((s) => s.excuse !== null)).toHaveLength(EXCUSES.length);
  });

  it("uses only known variables and no stray braces", () => {
    const known = new Set<string>(SCRIPT_VARIABLES);
    for (const s of SCRIPTS) {
      for (const lang of LANGS) {
        for (const text of textsOf(s, lang)) {
          for (const v of variablesIn(text)) expect(known.has(v), `${s.id} uses {${v}}`).toBe(true);
          expect(placeholderProblems(text), s.id).toEqual([]);
        }
      }
    }
  });

  it("names the company, the collector and a callback number in every template (conduct rule 10)", () => {
    for (const s of templates) {
      for (const lang of LANGS) {
        for (const v of ["company", "collector", "callback_phone"]) {
          expect(variablesIn(s.text[lang]), `${s.id} ${lang}`).toContain(v);
        }
      }
    }
  });

  it("gives letters the amount, the invoices and the payment details", () => {
    for (const s of SCRIPTS.filter((x) => x.channel === "letter")) {
      for (const lang of LANGS) {
        for (const v of ["amount", "invoice_list", "payment_details"]) {
          expect(variablesIn(s.text[lang]), `${s.id} ${lang}`).toContain(v);
        }
      }
    }
  });

  it("keeps SMS within one message (70 Chinese / 160 Latin characters) and offers an opt-out", () => {
    const sms = SCRIPTS.filter((s) => s.channel === "sms");
    expect(sms.length).toBeGreaterThanOrEqual(4);
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
});

describe("filters", () => {
  it("finds scripts for a cause (its own and those for every cause), a stage, a kind and a channel", () => {
    const forgot = SCRIPTS.filter((s) => matchesFilter(s, { cause: "forgot" }));
    expect(forgot.map((s) => s.id)).toContain("call.forgot.reminder");
    expect(forgot.map((s) => s.id)).toContain("reply.no_money_now");
    expect(forgot.map((s) => s.id)).not.toContain("call.hardship.listen");
    const sms = SCRIPTS.filter((s) => matchesFilter(s, { cause: "hardship", stage: "plan_offer", channel: "sms" }));
    expect(sms.map((s) => s.id)).toEqual(["sms.installment_reminder"]);
    expect(SCRIPTS.filter((s) => matchesFilter(s, { stage: "legal" })).map((s) => s.id)).toEqual([
      "letter.lawyer_draft",
    ]);
  });
});

describe("placeholders", () => {
  it("finds unknown variables and stray braces with their line and column", () => {
    expect(placeholderProblems("Dear {contact},\nyou owe {amout} {{amount}} {due date}")).toEqual([
      { kind: "unknown_variable", name: "amout", index: 24, line: 2, column: 9 },
      { kind: "stray_brace", name: "{", index: 32, line: 2, column: 17 },
      { kind: "stray_brace", name: "}", index: 41, line: 2, column: 26 },
      { kind: "stray_brace", name: "{", index: 43, line: 2, column: 28 },
      { kind: "stray_brace", name: "}", index: 52, line: 2, column: 37 },
    ]);
    expect(placeholderProblems("{customer} {contact}")).toEqual([]);
  });
});

describe("renderScript", () => {
  const script: Script = {
    id: "test.render",
    kind: "template",
    channel: "email",
    causes: "*",
    stage: "first_reminder",
    excuse: null,
    tone: "friendly",
    title: { zh: "测试", en: "Test" },
    text: {
      zh: "{contact}您好,贵司欠款{amount},请联系{collector}。",
      en: "Dear {contact}, {amount} is open; {collector} / {notAVariable} / {promise_date}",
    },
  };

  it("replaces the variables it is given", () => {
    expect(renderScript(script, "zh", { contact: "李经理", amount: "¥100.00", collector: "王磊" })).toBe(
      "李经理您好,贵司欠款¥100.00,请联系王磊。",
    );
  });

  it("marks missing, blank and unknown variables as [name]", () => {
    expect(renderScript(script, "en", { contact: "Ms Li", amount: "  " })).toBe(
      "Dear Ms Li, [amount] is open; [collector] / [notAVariable] / [promise_date]",
    );
  });

  it("replaces every occurrence and leaves the rest of the text alone", () => {
    expect(renderText("{company} {company} [x] { spaced }", { company: "恒达" })).toBe("恒达 恒达 [x] { spaced }");
  });

  it("does not read inherited properties as values", () => {
    expect(renderText("{constructor} {toString}", {})).toBe("[constructor] [toString]");
  });

  it("renders every library text with full values and leaves no placeholder behind", () => {
    for (const s of SCRIPTS) {
      for (const lang of LANGS) {
        const out = renderScript(s, lang, SAMPLE[lang]);
        expect(out, s.id).not.toMatch(/[{}]/);
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
