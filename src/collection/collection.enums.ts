// The collection vocabulary, defined once: causes of lateness, playbook actions, tones, stop conditions, contact
// outcomes and excuses. Everything else (schema, rules, API, UI) derives from these lists.

/** Why an overdue customer is late (domain guide, "the cause"). */
export const CAUSES = [
  "forgot",
  "hardship",
  "dispute",
  "habitual",
  "deliberate",
  "middleman",
  "fx_wait",
  "switched_supplier",
  "unreachable",
] as const;
export type Cause = (typeof CAUSES)[number];
/** Each cause's name for people, in both languages (the web app and the exports show these). */
export const CAUSE_NAMES: Record<Cause, { zh: string; en: string }> = {
  forgot: { zh: "疏忽遗忘", en: "Forgot" },
  hardship: { zh: "资金困难", en: "Cash-flow hardship" },
  dispute: { zh: "存在争议", en: "Dispute" },
  habitual: { zh: "习惯性拖欠", en: "Habitual delay" },
  deliberate: { zh: "故意拒付", en: "Deliberate refusal" },
  middleman: { zh: "中间商等回款", en: "Middleman waiting to be paid" },
  fx_wait: { zh: "等待汇率", en: "Waiting for the exchange rate" },
  switched_supplier: { zh: "疑似换供应商", en: "May have switched supplier" },
  unreachable: { zh: "失联", en: "Unreachable" },
};

/** What a playbook step does. */
export const ACTIONS = [
  "email_reminder",
  "sms",
  "call",
  "visit",
  "statement",
  "payment_plan_offer",
  "manager_escalation",
  "credit_hold",
  "prepay_only",
  "repayment_agreement",
  "reminder_letter",
  "lawyer_letter",
  "legal_action",
] as const;
export type Action = (typeof ACTIONS)[number];

/** Actions a manager must approve before they happen (hard measures). */
export const APPROVAL_ACTIONS: readonly Action[] = ["credit_hold", "prepay_only", "lawyer_letter", "legal_action"];

export const TONES = ["friendly", "firm", "formal"] as const;
export type Tone = (typeof TONES)[number];

/** Events that end a playbook for the customer until something changes. */
export const STOP_CONDITIONS = ["paid", "promise_made", "plan_agreed", "dispute_opened"] as const;
export type StopCondition = (typeof STOP_CONDITIONS)[number];

/** What the collector (or the system) does with a task. */
export const TASK_KINDS = ["call", "email", "sms", "visit", "letter", "approval", "review"] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export const TASK_STATUSES = ["open", "done", "snoozed", "cancelled"] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** The result of one contact attempt. */
export const OUTCOMES = [
  "no_answer",
  "wrong_number",
  "connected",
  "left_message",
  "promise_to_pay",
  "refused",
  "dispute_raised",
  "claims_paid",
  "callback_requested",
  "complaint",
  /** The customer wrote back (an e-mail reply forwarded to the inbound webhook); not a live conversation. */
  "replied",
] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Outcomes where a live conversation took place. */
export const CONNECTED_OUTCOMES: readonly Outcome[] = [
  "connected",
  "promise_to_pay",
  "refused",
  "dispute_raised",
  "claims_paid",
  "callback_requested",
  "complaint",
];

/** What customers say when they do not pay (the script library answers each). */
export const EXCUSES = [
  "no_money_now",
  "awaiting_approval",
  "boss_away",
  "quality_problem",
  "invoice_not_received",
  "waiting_for_our_customer",
  "waiting_for_exchange_rate",
  "will_pay_next_week",
  "other",
] as const;
export type Excuse = (typeof EXCUSES)[number];
