// Names of the server's vocabularies in both languages. Each table is keyed by the server's own list, so a new
// cause, outcome or channel fails the type check until it has its names.
import { BUCKETS, RISK_GRADE_NAMES_ZH } from "../../../src/aging/aging.rules.ts";
import { CAUSE_NAMES as SERVER_CAUSE_NAMES } from "../../../src/collection/collection.enums.ts";
import type {
  Action,
  BucketKey,
  Cause,
  Channel,
  ContactRole,
  CustomerFlags,
  DisputeCategory,
  DisputeResolution,
  DisputeStatus,
  Excuse,
  Outcome,
  RiskGrade,
  TaskKind,
} from "../api/types.ts";
import type { Language } from "./messages.ts";

type Names<K extends string> = Record<K, { zh: string; en: string }>;

const CAUSE_NAMES: Names<Cause> = SERVER_CAUSE_NAMES;

const GRADE_EN: Record<RiskGrade, string> = {
  current: "Current",
  overdue: "Overdue",
  doubtful: "Doubtful",
  bad: "Bad",
  dead: "Dead",
};

const ACTION_NAMES: Names<Action> = {
  email_reminder: { zh: "邮件提醒", en: "Email reminder" },
  sms: { zh: "短信提醒", en: "SMS" },
  call: { zh: "电话催收", en: "Call" },
  visit: { zh: "上门拜访", en: "Visit" },
  statement: { zh: "发送对账单", en: "Send a statement" },
  payment_plan_offer: { zh: "提出还款计划", en: "Offer a payment plan" },
  manager_escalation: { zh: "上报主管", en: "Escalate to manager" },
  credit_hold: { zh: "暂停赊销", en: "Credit hold" },
  prepay_only: { zh: "先款后货", en: "Prepay only" },
  repayment_agreement: { zh: "签订还款协议", en: "Repayment agreement" },
  reminder_letter: { zh: "催款函", en: "Reminder letter" },
  lawyer_letter: { zh: "律师函", en: "Lawyer's letter" },
  legal_action: { zh: "法律诉讼", en: "Legal action" },
};

const TASK_KIND_NAMES: Names<TaskKind> = {
  call: { zh: "电话", en: "Call" },
  email: { zh: "邮件", en: "Email" },
  sms: { zh: "短信", en: "SMS" },
  visit: { zh: "拜访", en: "Visit" },
  letter: { zh: "信函", en: "Letter" },
  approval: { zh: "审批", en: "Approval" },
  review: { zh: "复核", en: "Review" },
};

const CHANNEL_NAMES: Names<Channel> = {
  call: { zh: "电话", en: "Phone" },
  sms: { zh: "短信", en: "SMS" },
  email: { zh: "邮件", en: "Email" },
  visit: { zh: "拜访", en: "Visit" },
  wechat: { zh: "微信", en: "WeChat" },
  letter: { zh: "信函", en: "Letter" },
};

const OUTCOME_NAMES: Names<Outcome> = {
  no_answer: { zh: "无人接听", en: "No answer" },
  wrong_number: { zh: "号码错误", en: "Wrong number" },
  connected: { zh: "已接通", en: "Connected" },
  left_message: { zh: "已留言", en: "Left a message" },
  promise_to_pay: { zh: "承诺付款", en: "Promised to pay" },
  refused: { zh: "拒绝付款", en: "Refused to pay" },
  dispute_raised: { zh: "提出争议", en: "Raised a dispute" },
  claims_paid: { zh: "称已付款", en: "Says it has paid" },
  callback_requested: { zh: "要求回电", en: "Asked for a call back" },
  replied: { zh: "邮件回复", en: "Replied by e-mail" },
  complaint: { zh: "投诉", en: "Complaint" },
};

const EXCUSE_NAMES: Names<Excuse> = {
  no_money_now: { zh: "现在没钱", en: "No money right now" },
  awaiting_approval: { zh: "等待审批", en: "Waiting for approval" },
  boss_away: { zh: "老板不在", en: "The boss is away" },
  quality_problem: { zh: "质量问题", en: "Quality problem" },
  invoice_not_received: { zh: "没收到发票", en: "Invoice not received" },
  waiting_for_our_customer: { zh: "等下游回款", en: "Waiting for their own customer" },
  waiting_for_exchange_rate: { zh: "等汇率", en: "Waiting for the exchange rate" },
  will_pay_next_week: { zh: "下周付", en: "Will pay next week" },
  other: { zh: "其他", en: "Other" },
};

const ROLE_NAMES: Names<ContactRole> = {
  owner: { zh: "老板", en: "Owner" },
  finance: { zh: "财务", en: "Finance" },
  purchasing: { zh: "采购", en: "Purchasing" },
  other: { zh: "其他", en: "Other" },
};

const FLAG_NAMES: Names<keyof CustomerFlags> = {
  creditHold: { zh: "暂停赊销", en: "Credit hold" },
  prepayOnly: { zh: "仅预付", en: "Prepay only" },
  legal: { zh: "法律程序中", en: "Legal action" },
  doNotContact: { zh: "禁止联系", en: "Do not contact" },
  middleman: { zh: "中间商", en: "Middleman" },
  foreignTrade: { zh: "外贸", en: "Foreign trade" },
};

const BUCKET_ZH: Record<BucketKey, string> = {
  current: "未到期",
  d1_30: "1–30 天",
  d31_60: "31–60 天",
  d61_90: "61–90 天",
  d91_180: "91–180 天",
  d181_365: "181–365 天",
  over_365: "365 天以上",
};

/** The evidence signals of src/collection/cause.rules.ts, for the Chinese page (English shows the detail alone). */
const SIGNAL_ZH: Record<string, string> = {
  answers_calls: "能接通电话",
  avoids_contact_while_trading: "仍在下单却回避联系",
  broken_promise_with_excuses: "承诺未兑现且屡找理由",
  dispute_excuse: "以争议为由",
  dispute_raised: "提出过争议",
  few_late_payments: "偶有逾期",
  first_lateness: "首次逾期",
  foreign_currency: "外币结算",
  middleman: "中间商",
  new_customer_stalled: "新客户付款停滞",
  no_money_now: "多次称没钱",
  no_other_signs: "无其他迹象，按疏忽处理",
  no_reply: "联系无回应",
  open_dispute: "有未解决的争议",
  paid_late_share: "经常逾期付款",
  partial_payments: "分次部分付款",
  promises_broken: "付款承诺未兑现",
  promises_kept: "付款承诺已兑现",
  recently_overdue: "刚逾期不久",
  refused: "明确拒付",
  waiting_for_exchange_rate: "等待汇率",
  waiting_for_our_customer: "等下游客户回款",
};

/** Statuses of tasks (TASK_STATUSES), promises and payment plans, as the timeline shows them. */
const STATUS_NAMES: Record<string, { zh: string; en: string }> = {
  open: { zh: "进行中", en: "open" },
  done: { zh: "已完成", en: "done" },
  snoozed: { zh: "已推迟", en: "snoozed" },
  cancelled: { zh: "已取消", en: "cancelled" },
  kept: { zh: "已兑现", en: "kept" },
  partially_kept: { zh: "部分兑现", en: "partially kept" },
  broken: { zh: "未兑现", en: "broken" },
  active: { zh: "执行中", en: "active" },
  completed: { zh: "已完成", en: "completed" },
  // visit appointments
  proposed: { zh: "待确认", en: "proposed" },
  confirmed: { zh: "已确认", en: "confirmed" },
};

const DISPUTE_CATEGORY_NAMES: Names<DisputeCategory> = {
  quality: { zh: "质量问题", en: "Quality" },
  quantity: { zh: "数量不符", en: "Quantity" },
  price: { zh: "价格异议", en: "Price" },
  delivery: { zh: "交货问题", en: "Delivery" },
  service: { zh: "服务问题", en: "Service" },
  billing_error: { zh: "开票错误", en: "Billing error" },
  not_received: { zh: "未收到货", en: "Not received" },
};

const DISPUTE_STATUS_NAMES: Names<DisputeStatus> = {
  open: { zh: "待处理", en: "Open" },
  investigating: { zh: "调查中", en: "Investigating" },
  resolved: { zh: "已解决", en: "Resolved" },
  rejected: { zh: "已驳回", en: "Rejected" },
};

const DISPUTE_RESOLUTION_NAMES: Names<DisputeResolution> = {
  credit_note: { zh: "全额红字冲销", en: "Credit note" },
  replacement: { zh: "换货", en: "Replacement" },
  explanation: { zh: "出示凭证说明", en: "Explained with evidence" },
  partial_credit: { zh: "部分冲销", en: "Partial credit" },
};

const pick = <K extends string>(names: Names<K>, key: K | null | undefined, lang: Language): string =>
  key == null ? "" : lang === "en" ? (names[key]?.en ?? key) : (names[key]?.zh ?? key);

/** All the vocabularies in one language. */
export function labelsFor(lang: Language) {
  return {
    cause: (k: Cause | null | undefined) => pick(CAUSE_NAMES, k, lang),
    grade: (k: RiskGrade | null | undefined) =>
      k == null ? "" : lang === "en" ? GRADE_EN[k] : (RISK_GRADE_NAMES_ZH[k] ?? k),
    action: (k: Action | null | undefined) => pick(ACTION_NAMES, k, lang),
    taskKind: (k: TaskKind | null | undefined) => pick(TASK_KIND_NAMES, k, lang),
    channel: (k: Channel | null | undefined) => pick(CHANNEL_NAMES, k, lang),
    outcome: (k: Outcome | null | undefined) => pick(OUTCOME_NAMES, k, lang),
    excuse: (k: Excuse | null | undefined) => pick(EXCUSE_NAMES, k, lang),
    contactRole: (k: ContactRole | null | undefined) => pick(ROLE_NAMES, k, lang),
    /** Null in English, or for a signal without a Chinese name: the server's detail says it. */
    signal: (k: string): string | null => (lang === "en" ? null : (SIGNAL_ZH[k] ?? null)),
    status: (k: string) => STATUS_NAMES[k]?.[lang === "en" ? "en" : "zh"] ?? k,
    flag: (k: keyof CustomerFlags) => pick(FLAG_NAMES, k, lang),
    disputeCategory: (k: DisputeCategory | null | undefined) => pick(DISPUTE_CATEGORY_NAMES, k, lang),
    disputeStatus: (k: DisputeStatus | null | undefined) => pick(DISPUTE_STATUS_NAMES, k, lang),
    disputeResolution: (k: DisputeResolution | null | undefined) => pick(DISPUTE_RESOLUTION_NAMES, k, lang),
    bucket: (k: BucketKey) =>
      lang === "en" ? (k === "current" ? "Not due" : `${BUCKETS.find((b) => b.key === k)?.label} days`) : BUCKET_ZH[k],
  };
}
export type Labels = ReturnType<typeof labelsFor>;

/** The buckets in the server's order. */
export const BUCKET_KEYS: readonly BucketKey[] = BUCKETS.map((b) => b.key);
