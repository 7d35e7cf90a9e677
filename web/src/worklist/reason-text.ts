// The worklist's reasons arrive as English sentences (src/collection/priority.rules.ts writes them), amounts
// without their currency. The currency is added in both languages; in Chinese the sentences are rewritten by
// pattern, and one no pattern knows is shown as it came, so a new wording degrades to English, not to nothing.
import type { Task } from "../api/types.ts";
import type { Labels } from "../i18n/labels.ts";
import type { Language } from "../i18n/messages.ts";
import { type Rewrite as RewriteRule, rewriteFirst } from "../i18n/rewrite.ts";

type Rewrite = RewriteRule<[Task, Labels]>;

const EN: Rewrite[] = [
  [
    /^overdue (\S+) exceeds the credit limit (\S+)$/,
    (m, task) => `overdue ${task.currency} ${m[1]} exceeds the credit limit ${task.currency} ${m[2]}`,
  ],
  [/^overdue (\S+)$/, (m, task) => `overdue ${task.currency} ${m[1]}`],
];

const ZH: Rewrite[] = [
  [
    /^overdue (\S+) exceeds the credit limit (\S+)$/,
    (m, task) => `逾期 ${task.currency} ${m[1]} 超过信用额度 ${task.currency} ${m[2]}`,
  ],
  [/^overdue (\S+)$/, (m, task) => `逾期 ${task.currency} ${m[1]}`],
  [/^(\d+) days past due$/, (m) => `逾期 ${m[1]} 天`],
  [/^risk grade \w+$/, (_m, task, labels) => `风险等级：${labels.grade(task.grade)}`],
  [/^cause: /, (m, task, labels) => (task.cause ? `逾期原因：${labels.cause(task.cause)}` : m.input)],
  [/^a promise to pay was broken recently$/, () => "近期有付款承诺未兑现"],
  [/^a payment plan broke/, () => "还款计划已中断：有分期款逾期未付"],
  [/^promised payment due today/, () => "承诺今天付款：跟进"],
  [/^installment due soon/, () => "分期款即将到期：提前提醒"],
  [/^limitation period ends in (\d+) days/, (m) => `诉讼时效 ${m[1]} 天后届满：取得催款或确认记录`],
  [/^limitation period ends today/, () => "诉讼时效今天届满：取得催款或确认记录"],
  [/^limitation period ended (\d+) days ago/, (m) => `诉讼时效已过 ${m[1]} 天：只有新的债务确认有效`],
  [/^never contacted$/, () => "从未联系"],
  [/^no contact for (\d+) days$/, (m) => `${m[1]} 天未联系`],
  [/^next step: /, (_m, task, labels) => `下一步：${labels.action(task.action)}`],
  [/^no contact window: no contact person on file/, () => "无可联系时段：未登记联系人"],
  [/^no contact window: (.*)$/, (m) => `无可联系时段：${m[1]}`],
];

export function reasonText(reason: string, task: Task, labels: Labels, lang: Language): string {
  return rewriteFirst(lang === "en" ? EN : ZH, reason, task, labels) ?? reason;
}
