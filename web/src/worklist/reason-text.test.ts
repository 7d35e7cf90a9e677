import { describe, expect, it } from "vitest";
import type { Task } from "../api/types.ts";
import { labelsFor } from "../i18n/labels.ts";
import { reasonText } from "./reason-text.ts";

const task = { grade: "bad", cause: "forgot", action: "call", currency: "CNY" } as Task;
const zh = labelsFor("zh-CN");

describe("worklist reasons in Chinese", () => {
  it.each([
    ["overdue 258,314.74", "逾期 CNY 258,314.74"],
    ["354 days past due", "逾期 354 天"],
    ["risk grade bad", "风险等级：呆账"],
    ["overdue 258,314.74 exceeds the credit limit 100,000.00", "逾期 CNY 258,314.74 超过信用额度 CNY 100,000.00"],
    ["never contacted", "从未联系"],
    ["no contact for 21 days", "21 天未联系"],
    ["cause: oversight", "逾期原因：疏忽遗忘"],
    ["next step: call", "下一步：电话催收"],
    [
      "limitation period ends in 40 days: get a demand or acknowledgement on record",
      "诉讼时效 40 天后届满：取得催款或确认记录",
    ],
    ["a payment plan broke: an installment was missed", "还款计划已中断：有分期款逾期未付"],
    ["no contact window: no contact person on file for this customer", "无可联系时段：未登记联系人"],
    ["something new", "something new"],
  ])("%s → %s", (reason, expected) => {
    expect(reasonText(reason, task, zh, "zh-CN")).toBe(expected);
  });

  it("adds the currency to amounts in English and leaves the rest as it is", () => {
    const en = labelsFor("en");
    expect(reasonText("overdue 1,200.00", task, en, "en")).toBe("overdue CNY 1,200.00");
    expect(reasonText("never contacted", task, en, "en")).toBe("never contacted");
  });
});
