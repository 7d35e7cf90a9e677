import { describe, expect, it } from "vitest";
import { asScript, type CustomScriptBody, customScriptList, scriptTextProblems } from "./script-custom.ts";

const base: CustomScriptBody = {
  kind: "template",
  channel: "sms",
  causes: ["forgot"],
  stage: "first_reminder",
  excuse: null,
  tone: "friendly",
  title: { zh: "提醒", en: "Reminder" },
  text: {
    zh: "【{company}】您好,货款{amount}已到期。{collector}{callback_phone} 退订回T",
    en: "{company}: {amount} is due. {collector}, {callback_phone}. Reply STOP to opt out",
  },
};

const messages = (s: CustomScriptBody) => scriptTextProblems(s).map((p) => `${p.path.join(".")}: ${p.message}`);

describe("custom script checks", () => {
  it("accepts a clean SMS template", () => {
    expect(messages(base)).toEqual([]);
  });

  it("names the field, the language and the place of every problem", () => {
    const out = messages({
      ...base,
      subject: { zh: "{amount}", en: "Amount {amout}" },
      text: { zh: "【{company}】{collector}{callback_phone} 退订回T", en: "{company} {collector} {callback_phone}" },
    });
    expect(out).toEqual([
      "subject.en: unknown variable {amout} at line 1, column 8 (known: {customer}, {contact}, {amount}, {due_date}, {days_overdue}, {invoice_list}, {collector}, {company}, {callback_phone}, {payment_details}, {promise_date}, {promise_amount}, {installment_date}, {installment_amount})",
      'text.en: an SMS carries the opt-out (conduct rule 8): add "Reply STOP to opt out"',
    ]);
  });

  it("refuses a talk track with a channel, and blocked words even in a legal-stage text", () => {
    const track = { ...base, kind: "script" as const, text: { zh: "您好{contact}", en: "Hello {contact}" } };
    expect(messages(track)).toEqual(["channel: a talk track has no channel (null); templates have one"]);
    const legal = {
      ...track,
      channel: null,
      stage: "legal" as const,
      text: { zh: "律师函:老赖请付款", en: "Our lawyer" },
    };
    const out = messages(legal);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^text\.zh: the language check blocks "老赖" \(insults\) at characters 4-6/);
  });

  it("keeps ids unique and apart from the library's in the stored list", () => {
    const stored = { ...base, id: "team.one", version: 1, updatedBy: "boss", updatedAt: "2025-03-12T02:00:00.000Z" };
    expect(customScriptList.safeParse([stored]).success).toBe(true);
    const issues = customScriptList.safeParse([stored, stored, { ...stored, id: "sms.before_due" }]).error?.issues;
    expect(issues?.map((i) => `${i.path.join(".")}: ${i.message}`)).toEqual([
      '1.id: "team.one" is used twice',
      '2.id: "sms.before_due" is a library script\'s id',
    ]);
    expect(asScript({ ...stored, stage: "legal" }).legal).toBe(true);
    expect(asScript(stored).legal).toBeUndefined();
  });
});
