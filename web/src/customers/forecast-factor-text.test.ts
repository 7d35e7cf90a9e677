import { describe, expect, it } from "vitest";
import { forecastFactorText } from "./forecast-factor-text.ts";

describe("the forecast's factors in Chinese", () => {
  it.each([
    ["pays on Thursdays (17 of its 19 payment days)", "固定在周四付款（19 个付款日中有 17 个）"],
    ["pays on Tuesdays and Fridays (9 of its 10 payment days)", "固定在周二、周五付款（10 个付款日中有 9 个）"],
    ["pays a median 1 day late (6 settled invoices)", "通常晚付 1 天（6 张已结清发票的中位数）"],
    ["pays a median 3 days early (12 settled invoices)", "通常提前 3 天付款（12 张已结清发票的中位数）"],
    ["pays on the due date (median of 8 settled invoices)", "通常在到期日付款（8 张已结清发票的中位数）"],
    [
      "pays in runs every ~30 days (12 runs, ~3 invoices each, last 2025-06-25): the run taking it ~2025-07-25",
      "按批付款，约每 30 天一批（共 12 批，每批约 3 张，最近一批 2025-06-25）：预计 2025-07-25 那批付这张",
    ],
    [
      "no settled invoices yet: leans on customers in USD on ~60-day terms",
      "尚无已结清发票：参照 USD 账期约 60 天的客户",
    ],
    [
      "little history (2 settled): leans on customers in CNY on cash terms",
      "历史较少（2 张已结清）：参照 CNY 现款客户",
    ],
    [
      "no settled invoices yet: leans on middlemen in CNY on ~45-day terms rated B",
      "尚无已结清发票：参照 评级 B、CNY 账期约 45 天的中间商",
    ],
    [
      "little history (1 settled): leans on customers in USD on cash terms rated AA+",
      "历史较少（1 张已结清）：参照 评级 AA+、USD 现款客户",
    ],
    [
      "no history for customers in EUR on ~90-day terms: leans on the whole portfolio",
      "EUR 账期约 90 天的客户无历史：参照全部客户",
    ],
    ["open 1 day past due", "已逾期 1 天"],
    ["due today", "今天到期"],
    ["due in 12 days", "12 天后到期"],
    ["dispute open (pay rate ×0.25)", "有未决争议（付款速度 ×0.25）"],
    ["season (dec) (pay rate ×1.40)", "季节（12月）（付款速度 ×1.40）"],
    ["amount 2.3× the customer's typical (pay rate ×0.81)", "金额是该客户常见金额的 2.3 倍（付款速度 ×0.81）"],
    ["something new", "something new"],
    ["something new (pay rate ×2.00)", "something new (pay rate ×2.00)"],
  ])("%s → %s", (factor, zh) => {
    expect(forecastFactorText(factor, "zh-CN")).toBe(zh);
    expect(forecastFactorText(factor, "en")).toBe(factor);
  });
});
