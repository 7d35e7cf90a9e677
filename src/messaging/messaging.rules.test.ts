import { describe, expect, it } from "vitest";
import { DEFAULT_POLICIES, type GateAttempt, selectPolicy } from "../contact/gate.rules.ts";
import { DEFAULT_TEMPLATES } from "./default-templates.ts";
import { isOptOutKeyword } from "./opt-out-keywords.rules.ts";
import { maskAddress, normaliseAddress } from "./record-opt-out.ts";
import { nextWindowStart } from "./send-window.rules.ts";
import { describeProblem, parseTemplateText, renderTemplate, validateTemplate } from "./template.rules.ts";
import { classifySmtpError, retryDelayMs } from "./transport.rules.ts";
import { readUnsubscribeToken, unsubscribeToken } from "./unsubscribe-token.ts";

const sign = "{collector} {company} {callback_phone}";

describe("templates", () => {
  it("ships default templates that pass every check", () => {
    for (const t of DEFAULT_TEMPLATES) expect(validateTemplate(t), `${t.key} ${t.language}`).toEqual([]);
  });

  it.each([
    ["Hi {foo}", 'body 3–8 "{foo}": unknown variable {foo}'],
    ["Hi {Customer}", 'body 3–13 "{Customer}": malformed variable'],
    ["Hi {customer", 'body 3–4 "{": malformed variable'],
    ["Hi customer}", 'body 11–12 "}": stray }'],
  ])("refuses %j naming the span", (body, expected) => {
    const problems = validateTemplate({ channel: "email", language: "en", subject: "s", body: `${body} ${sign}` });
    expect(problems.map(describeProblem)[0]).toContain(expected);
  });

  it("asks every template to name the company, and emails also the collector and a callback number", () => {
    const sms = validateTemplate({ channel: "sms", language: "en", subject: null, body: "Please pay {amount}" });
    expect(sms.map((p) => p.kind)).toEqual(["identity"]);
    const email = validateTemplate({ channel: "email", language: "en", subject: "", body: "Please pay {company}" });
    expect(email.map((p) => p.message)).toEqual([
      "an email needs a subject",
      expect.stringMatching(/^must contain \{collector\}/),
      expect.stringMatching(/^must contain \{callback_phone\}/),
    ]);
  });

  it("blocks what the language check blocks, in Chinese too, and lets a warning through only with a reason", () => {
    const zh = validateTemplate({ channel: "sms", language: "zh-CN", subject: null, body: "{company}:老赖,还钱" });
    expect(zh).toMatchObject([{ kind: "language", verdict: "block", span: "老赖", start: 10, end: 12 }]);
    const firm = {
      channel: "sms" as const,
      language: "en" as const,
      subject: null,
      body: "{company}: pay immediately",
    };
    expect(validateTemplate(firm)).toMatchObject([{ verdict: "warn", span: "immediately" }]);
    expect(validateTemplate(firm, "agreed with the customer")).toEqual([]);
  });

  it("renders values and shows what is missing", () => {
    expect(
      renderTemplate("Dear {contact}, {amount} by {due_date}", { contact: "Ms Wang", amount: "CNY 1.00" }),
    ).toEqual({
      text: "Dear Ms Wang, CNY 1.00 by [due_date]",
      missing: ["due_date"],
    });
    expect(parseTemplateText("{a}{b}", "subject").problems).toHaveLength(2);
  });
});

describe("opt-out keywords", () => {
  it.each([
    ["STOP", true],
    ["stop", true],
    [" ＳＴＯＰ ", true],
    ["Stop please", true],
    ["退订", true],
    ["请退订，谢谢", true],
    ["TD", true],
    ["ｔｄ", true],
    ["T", true],
    ["t.", true],
    ["Thanks, paid today", false],
    ["stopped by the bank, will pay", false],
    ["收到，明天付款", false],
    ["", false],
  ])("%j -> %s", (text, expected) => expect(isOptOutKeyword(text)).toBe(expected));
});

describe("addresses and tokens", () => {
  it("normalises and masks addresses", () => {
    expect(normaliseAddress("sms", "+86 139-0000-0001")).toBe("+8613900000001");
    expect(normaliseAddress("email", " Wang@Example.COM ")).toBe("wang@example.com");
    expect(maskAddress("wang@example.com")).toBe("w***@example.com");
    expect(maskAddress("+8613900000001")).toBe("+861****01");
  });

  it("reads back its own unsubscribe tokens and nothing else", () => {
    const token = unsubscribeToken("secret-secret-secret", 42, "email");
    expect(readUnsubscribeToken("secret-secret-secret", token)).toEqual({ contactId: 42, channel: "email" });
    expect(readUnsubscribeToken("another-secret-value", token)).toBeNull();
    expect(readUnsubscribeToken("secret-secret-secret", token.replace("42.", "43."))).toBeNull();
    expect(readUnsubscribeToken("secret-secret-secret", "garbage")).toBeNull();
  });
});

describe("sending", () => {
  it("retries 4xx, not 5xx, and not failures that may have delivered", () => {
    expect(classifySmtpError({ responseCode: 451, message: "451 later" }).temporary).toBe(true);
    expect(classifySmtpError({ responseCode: 550, message: "550 no" }).temporary).toBe(false);
    expect(classifySmtpError({ code: "ECONNECTION", command: "CONN", message: "refused" }).temporary).toBe(true);
    const midway = classifySmtpError({ code: "ETIMEDOUT", command: "DATA", message: "timeout" });
    expect(midway).toMatchObject({ temporary: false, message: "unknown: timeout" });
    expect([1, 2, 3, 10].map(retryDelayMs)).toEqual([60_000, 120_000, 240_000, 6 * 3_600_000]);
  });

  const attempt = (over: Partial<GateAttempt> = {}): GateAttempt => ({
    channel: "email",
    debtorType: "consumer",
    contactTimeZone: null,
    customerTimeZone: "Asia/Shanghai",
    contactRole: "finance",
    flags: {},
    ...over,
  });
  const policy = (t: GateAttempt["debtorType"]) => selectPolicy(DEFAULT_POLICIES, null, t);

  it.each([
    ["consumer after 21:00", "2025-03-12T21:01:00+08:00", "consumer", false, "2025-03-13T08:00:00+08:00"],
    ["consumer before 08:00", "2025-03-13T06:30:00+08:00", "consumer", false, "2025-03-13T08:00:00+08:00"],
    ["business, preferred", "2025-03-12T21:01:00+08:00", "business", true, "2025-03-13T09:00:00+08:00"],
    ["business on Friday night", "2025-03-14T22:00:00+08:00", "business", true, "2025-03-17T09:00:00+08:00"],
    ["business with a reason", "2025-03-14T22:00:00+08:00", "business", false, "2025-03-15T08:00:00+08:00"],
  ] as const)("waits for the next window: %s", (_name, now, type, preferred, expected) => {
    expect(nextWindowStart(policy(type), attempt({ debtorType: type }), new Date(now), preferred)).toEqual({
      at: new Date(expected),
    });
  });

  it("uses the contact's zone over the customer's, and gives up without a valid zone", () => {
    const ny = attempt({ contactTimeZone: "America/New_York" });
    // 21:01 in Shanghai is 09:01 in New York (EDT): inside the window, so the next minute.
    expect(nextWindowStart(policy("consumer"), ny, new Date("2025-03-12T13:01:00Z"), false)).toEqual({
      at: new Date("2025-03-12T13:02:00Z"),
    });
    expect(nextWindowStart(policy("consumer"), attempt({ customerTimeZone: null }), new Date(), false)).toMatchObject({
      blocked: expect.stringMatching(/time zone unknown/),
    });
  });
});
