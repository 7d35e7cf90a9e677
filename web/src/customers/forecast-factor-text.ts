// The forecast's top factors arrive as English sentences (src/analytics/forecast-build.ts writes them; the CLI and
// the CSV show them as they are). In Chinese they are rewritten by pattern, and one no pattern knows is shown as
// it came, so a new wording degrades to English, not to nothing. test/forecast-factors-zh.test.ts runs the
// forecast on a synthetic company and checks that every factor it writes is rewritten.
import type { Language } from "../i18n/messages.ts";
import { type Rewrite, rewriteFirst } from "../i18n/rewrite.ts";

const WEEKDAYS: Record<string, string> = {
  Mondays: "周一",
  Tuesdays: "周二",
  Wednesdays: "周三",
  Thursdays: "周四",
  Fridays: "周五",
  Saturdays: "周六",
  Sundays: "周日",
};
const MONTHS: Record<string, string> = {
  jan: "1月",
  feb: "2月",
  mar: "3月",
  apr: "4月",
  may: "5月",
  jun: "6月",
  jul: "7月",
  aug: "8月",
  sep: "9月",
  oct: "10月",
  nov: "11月",
  dec: "12月",
};

/** "customers in CNY on ~30-day terms", "middlemen in CNY on cash terms rated B". */
const group = (text: string): string => {
  const m = /^(customers|middlemen) in (\w+) on (?:~(\d+)-day|(cash)) terms(?: rated (.+))?$/.exec(text);
  if (!m) return text;
  const who = m[1] === "middlemen" ? "中间商" : "客户";
  const rated = m[5] ? `评级 ${m[5]}、` : "";
  return m[4] ? `${rated}${m[2]} 现款${who}` : `${rated}${m[2]} 账期约 ${m[3]} 天的${who}`;
};

/** What a covariate says, without its "(pay rate ×…)". */
const COVARIATES: Rewrite[] = [
  [/^dispute open$/, () => "有未决争议"],
  [/^no dispute$/, () => "无争议"],
  [/^promise to pay in force$/, () => "有付款承诺在期"],
  [/^no promise in force$/, () => "无付款承诺在期"],
  [/^installment plan in force$/, () => "有还款计划在执行"],
  [/^no installment plan$/, () => "无还款计划"],
  [/^amount ([\d.]+)× the customer's typical$/, (m) => `金额是该客户常见金额的 ${m[1]} 倍`],
  [/^other invoices (\d+) days overdue$/, (m) => `其他发票已逾期 ${m[1]} 天`],
  [/^no other invoice overdue$/, () => "无其他逾期发票"],
  [/^(\d+) contacts in the last 30 days$/, (m) => `近 30 天联系 ${m[1]} 次`],
  [/^electronic channel$/, () => "电子渠道"],
  [/^paper channel$/, () => "纸质渠道"],
  [/^([\d.]+)× its usual days between payments since its last payment$/, (m) => `距上次付款已是平常间隔的 ${m[1]} 倍`],
  [/^season \((\w+)\)$/, (m) => `季节（${MONTHS[m[1] as string] ?? m[1]}）`],
];

const ZH: Rewrite[] = [
  [
    /^pays in runs every ~(\d+) days \((\d+) runs, ~(\d+) invoices each, last (\S+)\): the run taking it ~(\S+)$/,
    (m) =>
      `按批付款，约每 ${m[1]} 天一批（共 ${m[2]} 批，每批约 ${m[3]} 张，最近一批 ${m[4]}）：预计 ${m[5]} 那批付这张`,
  ],
  [
    /^pays on ([A-Za-z ]+) \((\d+) of its (\d+) payment days\)$/,
    (m) =>
      `固定在${(m[1] as string)
        .split(" and ")
        .map((d) => WEEKDAYS[d] ?? d)
        .join("、")}付款（${m[3]} 个付款日中有 ${m[2]} 个）`,
  ],
  [
    /^pays a median (\d+) days? late \((\d+) settled invoices\)$/,
    (m) => `通常晚付 ${m[1]} 天（${m[2]} 张已结清发票的中位数）`,
  ],
  [
    /^pays a median (\d+) days? early \((\d+) settled invoices\)$/,
    (m) => `通常提前 ${m[1]} 天付款（${m[2]} 张已结清发票的中位数）`,
  ],
  [
    /^pays on the due date \(median of (\d+) settled invoices\)$/,
    (m) => `通常在到期日付款（${m[1]} 张已结清发票的中位数）`,
  ],
  [
    /^little history \((\d+) settled\): leans on (.+)$/,
    (m) => `历史较少（${m[1]} 张已结清）：参照 ${group(m[2] as string)}`,
  ],
  [/^no settled invoices yet: leans on (.+)$/, (m) => `尚无已结清发票：参照 ${group(m[1] as string)}`],
  [/^no history for (.+): leans on the whole portfolio$/, (m) => `${group(m[1] as string)}无历史：参照全部客户`],
  [/^open (\d+) days? past due$/, (m) => `已逾期 ${m[1]} 天`],
  [/^due today$/, () => "今天到期"],
  [/^due in (\d+) days?$/, (m) => `${m[1]} 天后到期`],
];

export function forecastFactorText(factor: string, lang: Language): string {
  if (lang === "en") return factor;
  const whole = rewriteFirst(ZH, factor);
  if (whole !== null) return whole;
  // A covariate: "<what> (pay rate ×0.25)".
  const c = /^(.*) \(pay rate ×([\d.]+)\)$/.exec(factor);
  const what = c ? rewriteFirst(COVARIATES, c[1] as string) : null;
  return what === null ? factor : `${what}（付款速度 ×${c?.[2]}）`;
}
