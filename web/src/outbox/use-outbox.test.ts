import { describe, expect, it } from "vitest";
import { formatMessage, MESSAGES } from "../i18n/messages.ts";
import { refusalText, type StatementRefusal } from "./use-outbox.ts";

const refusal = (reason: string): StatementRefusal => ({
  customerId: 7,
  customerCode: "C7",
  code: "unprocessable",
  reason,
  message: "the server's words",
});

describe("why a statement was not sent", () => {
  it("is said in the user's language for the reasons the server gives, in the server's words otherwise", () => {
    const zh = (key: keyof (typeof MESSAGES)["zh-CN"]) => formatMessage(MESSAGES["zh-CN"][key]);
    expect(refusalText(zh, refusal("opted_out"))).toBe("该联系人已退订邮件");
    expect(refusalText(zh, refusal("no_recipient"))).toContain("邮箱");
    expect(refusalText(zh, refusal("something_new"))).toBe("the server's words");
  });
});
