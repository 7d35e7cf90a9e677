// Words the server stores in English and the Chinese page rewrites: the cause's evidence details
// (src/collection/cause.rules.ts) and the names of the default playbooks (src/collection/playbook.rules.ts). By
// pattern or exact name; what no pattern knows (a playbook a manager renamed, a new wording) is shown as it came.
// test/server-text-zh.test.ts runs the daily run on the demo and checks every detail it writes is rewritten.
import type { Language } from "./messages.ts";
import { type Rewrite, rewriteFirst } from "./rewrite.ts";

const n = "(\\d+)";
const DETAILS: Rewrite[] = [
  [new RegExp(`^${n} disputes? open$`), (m) => `${m[1]} 项争议未解决`],
  [new RegExp(`^raised a dispute in ${n} contacts? in 90 days$`), (m) => `近 90 天有 ${m[1]} 次联系中提出争议`],
  [
    /^cited (.+) in 90 days$/,
    (m) =>
      `近 90 天提到${(m[1] as string)
        .split(" and ")
        .map((part) => {
          const q = /^a quality problem (\d+) times?$/.exec(part);
          if (q) return `质量问题 ${q[1]} 次`;
          const i = /^not receiving the invoice (\d+) times?$/.exec(part);
          return i ? `未收到发票 ${i[1]} 次` : part;
        })
        .join("、")}`,
  ],
  [
    new RegExp(`^1 promise broken in 180 days and ${n} excuses? in 90 days while still ordering$`),
    (m) => `近 180 天 1 次承诺未兑现，近 90 天找理由 ${m[1]} 次，仍在下单`,
  ],
  [new RegExp(`^${n} promises broken in 180 days$`), (m) => `近 180 天 ${m[1]} 次承诺未兑现`],
  [new RegExp(`^refused to pay in ${n} contacts? in 90 days$`), (m) => `近 90 天有 ${m[1]} 次联系中拒绝付款`],
  [
    new RegExp(`^no reply ever recorded despite ${n} attempts? in 30 days(, yet still ordering)?$`),
    (m) => `近 30 天联系 ${m[1]} 次，从未有回复${m[2] ? "，但仍在下单" : ""}`,
  ],
  [
    new RegExp(`^no reply since (\\S+) \\(${n} days\\) despite ${n} attempts? in 30 days(, yet still ordering)?$`),
    (m) => `自 ${m[1]} 起无回复（${m[2]} 天），近 30 天联系 ${m[3]} 次${m[4] ? "，但仍在下单" : ""}`,
  ],
  [new RegExp(`^${n} partial payments? in 90 days$`), (m) => `近 90 天部分付款 ${m[1]} 次`],
  [new RegExp(`^said there is no money now ${n} times? in 90 days$`), (m) => `近 90 天 ${m[1]} 次表示暂时没钱`],
  [new RegExp(`^${n} conversations? in 30 days$`), (m) => `近 30 天通话 ${m[1]} 次`],
  [new RegExp(`^${n} promises? kept in 180 days$`), (m) => `近 180 天兑现承诺 ${m[1]} 次`],
  [/^customer is a middleman \(resells to its own customers\)$/, () => "客户是中间商（转售给自己的客户）"],
  [
    new RegExp(`^said it is waiting for its own customer to pay ${n} times? in 90 days$`),
    (m) => `近 90 天 ${m[1]} 次表示在等下游客户付款`,
  ],
  [/^foreign-trade customer with overdue invoices in a foreign currency$/, () => "外贸客户，有外币逾期发票"],
  [
    new RegExp(`^said it is waiting for a better exchange rate ${n} times? in 90 days$`),
    (m) => `近 90 天 ${m[1]} 次表示在等更好的汇率`,
  ],
  [
    new RegExp(`^${n} of ${n} invoices paid late in 12 months \\((\\d+%)\\)(?:, on average ${n} days late)?$`),
    (m) => `近 12 个月付清的 ${m[2]} 张发票中 ${m[1]} 张逾期（${m[3]}）${m[4] ? `，平均晚 ${m[4]} 天` : ""}`,
  ],
  [
    /^new customer ordered in the last 60 days, has never paid and has not spoken to us in 30 days$/,
    () => "新客户：近 60 天下过单，从未付款，近 30 天没有通话",
  ],
  [
    new RegExp(`^none of the ${n} invoices? paid in 12 months was late$`),
    (m) => `近 12 个月付清的 ${m[1]} 张发票无一逾期`,
  ],
  [
    new RegExp(`^only ${n} of ${n} invoices? paid in 12 months were late$`),
    (m) => `近 12 个月付清的 ${m[2]} 张发票中仅 ${m[1]} 张逾期`,
  ],
  [new RegExp(`^overdue only ${n} days?$`), (m) => `仅逾期 ${m[1]} 天`],
  [/^no sign of another cause; treated as an oversight$/, () => "没有其他原因的迹象，按疏忽遗忘处理"],
  [/^set by (\S+): ([\s\S]*)$/, (m) => `由 ${m[1]} 设定：${m[2]}`],
];

/** The evidence behind a cause, in the page's language. */
export function evidenceDetailText(detail: string, lang: Language): string {
  if (lang === "en") return detail;
  return rewriteFirst(DETAILS, detail) ?? detail;
}

const PLAYBOOKS_ZH: Record<string, string> = {
  "Friendly reminder (forgot)": "友好提醒（疏忽遗忘）",
  "Listen and offer a plan (hardship)": "倾听并提出还款计划（资金困难）",
  "Evidence first (dispute)": "先拿证据（争议）",
  "Firm and regular (habitual delay)": "坚定而有规律（习惯性拖延）",
  "Hard measures with approval (deliberate refusal)": "经审批的强硬措施（故意拒付）",
  "Follow the end customer (middleman)": "跟进下游客户（中间商）",
  "Patient and regular (waiting for the exchange rate)": "耐心而有规律（等待汇率）",
  "Sales escalation (switched supplier)": "交由销售升级处理（已换供应商）",
  "Cool down, then other contacts (unreachable)": "先冷却，再找其他联系人（联系不上）",
  "Older debts that look like an oversight": "看似疏忽的陈欠",
  "Late stage: formal letters and escalation": "后期：正式函件与升级",
  "Written-off risk: legal review": "坏账风险：法务审查",
};

/** A playbook's name: the default playbooks' names in Chinese; a name someone gave is shown as it is. */
export function playbookNameText(name: string, lang: Language): string {
  return lang === "en" ? name : (PLAYBOOKS_ZH[name] ?? name);
}

/** The default playbooks' English names (for the test that checks they match the server's). */
export const DEFAULT_PLAYBOOK_NAMES = Object.keys(PLAYBOOKS_ZH);
