import { describe, expect, it } from "vitest";
import { evidenceDetailText, playbookNameText } from "./server-text.ts";

describe("evidence details in Chinese", () => {
  it.each([
    ["1 dispute open", "1 项争议未解决"],
    ["raised a dispute in 2 contacts in 90 days", "近 90 天有 2 次联系中提出争议"],
    [
      "cited a quality problem 1 time and not receiving the invoice 2 times in 90 days",
      "近 90 天提到质量问题 1 次、未收到发票 2 次",
    ],
    [
      "1 promise broken in 180 days and 3 excuses in 90 days while still ordering",
      "近 180 天 1 次承诺未兑现，近 90 天找理由 3 次，仍在下单",
    ],
    ["2 promises broken in 180 days", "近 180 天 2 次承诺未兑现"],
    ["refused to pay in 1 contact in 90 days", "近 90 天有 1 次联系中拒绝付款"],
    ["1 partial payment in 90 days", "近 90 天部分付款 1 次"],
    ["said there is no money now 2 times in 90 days", "近 90 天 2 次表示暂时没钱"],
    ["3 conversations in 30 days", "近 30 天通话 3 次"],
    ["said it is waiting for its own customer to pay 1 time in 90 days", "近 90 天 1 次表示在等下游客户付款"],
    [
      "7 of 9 invoices paid late in 12 months (78%), on average 23 days late",
      "近 12 个月付清的 9 张发票中 7 张逾期（78%），平均晚 23 天",
    ],
    ["7 of 9 invoices paid late in 12 months (78%)", "近 12 个月付清的 9 张发票中 7 张逾期（78%）"],
    [
      "new customer ordered in the last 60 days, has never paid and has not spoken to us in 30 days",
      "新客户：近 60 天下过单，从未付款，近 30 天没有通话",
    ],
    ["none of the 1 invoice paid in 12 months was late", "近 12 个月付清的 1 张发票无一逾期"],
    ["overdue only 1 day", "仅逾期 1 天"],
    ["set by c1: 客户说下周付款", "由 c1 设定：客户说下周付款"],
    ["something the server says now", "something the server says now"],
  ])("%s → %s", (detail, zh) => {
    expect(evidenceDetailText(detail, "zh-CN")).toBe(zh);
    expect(evidenceDetailText(detail, "en")).toBe(detail);
  });
});

describe("playbook names", () => {
  it("names the default playbooks in Chinese and leaves others as they are", () => {
    expect(playbookNameText("Evidence first (dispute)", "zh-CN")).toBe("先拿证据（争议）");
    expect(playbookNameText("Evidence first (dispute)", "en")).toBe("Evidence first (dispute)");
    expect(playbookNameText("华东区特别方案", "zh-CN")).toBe("华东区特别方案");
  });
});
