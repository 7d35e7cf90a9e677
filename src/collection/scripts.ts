// The script library (domain guide, "Scripts"): talk tracks for calls and visits, replies to the excuses customers
// give, and message templates (email, SMS, letters, the repayment agreement outline), each in Chinese and English,
// by cause, stage and excuse. The texts live in script-talk-tracks.ts, script-follow-up-tracks.ts,
// script-excuse-replies.ts, script-templates.ts and script-follow-up-templates.ts; this file holds the library's
// vocabulary, look-ups and rendering. Custom scripts (script-custom.ts) sit beside it as data.
// Texts carry {variables} that renderText fills in; a variable without a value stays visible as "[name]" so the
// collector sees what is missing before anything goes out. Wording follows the conduct rules: friendly or firm,
// never threatening, options (installments) instead of ultimatums, and every outgoing template names the company,
// the collector and a callback number (rule 10); every text passes the language check (rule 11), legal-stage
// texts with legal wording only. Opt-out lines for email are added by the sender, not here.
import type { Channel } from "../ledger/ledger.schema.ts";
import type { Cause, Excuse, Tone } from "./collection.enums.ts";
import { EXCUSE_REPLIES } from "./script-excuse-replies.ts";
import { FOLLOW_UP_TEMPLATES } from "./script-follow-up-templates.ts";
import { FOLLOW_UP_TRACKS } from "./script-follow-up-tracks.ts";
import { TALK_TRACKS } from "./script-talk-tracks.ts";
import { TEMPLATES } from "./script-templates.ts";

export type Lang = "zh" | "en";
export const LANGS: readonly Lang[] = ["zh", "en"];

/** "script": a talk track for a call or visit; "template": message text (email, SMS, letter, document). */
export const SCRIPT_KINDS = ["script", "template"] as const;
export type ScriptKind = (typeof SCRIPT_KINDS)[number];

/** Where in the collection of a receivable a script is used, from before the due date to legal action. */
export const SCRIPT_STAGES = [
  "before_due",
  "first_reminder",
  "follow_up",
  "plan_offer",
  "dispute_handling",
  "after_broken_promise",
  "escalation",
  "legal",
  "excuse_reply",
  "after_payment",
] as const;
export type ScriptStage = (typeof SCRIPT_STAGES)[number];

/** The variables a text may use, written {name}, with what each is filled with when rendered for a customer. */
export const SCRIPT_VARIABLE_INFO = {
  customer: { zh: "客户名称", en: "customer (company) name" },
  contact: { zh: "联系人姓名", en: "contact person's name" },
  amount: { zh: "逾期金额", en: "overdue amount" },
  due_date: { zh: "最早一张未结发票的到期日", en: "due date of the oldest open invoice" },
  days_overdue: { zh: "逾期天数", en: "days overdue" },
  invoice_list: { zh: "未结发票清单", en: "list of open invoices" },
  collector: { zh: "催款员姓名", en: "collector's name" },
  company: { zh: "我方公司名称", en: "our company's name" },
  callback_phone: { zh: "回电号码", en: "callback number" },
  payment_details: { zh: "收款账户信息", en: "payment details (bank account)" },
  promise_date: { zh: "客户承诺的付款日期", en: "date the customer promised to pay" },
  promise_amount: { zh: "客户承诺的付款金额", en: "amount the customer promised" },
  installment_date: { zh: "还款计划中下一期未付款的到期日", en: "due date of the next unpaid plan installment" },
  installment_amount: { zh: "还款计划中下一期未付款的金额", en: "amount of the next unpaid plan installment" },
} as const satisfies Record<string, Record<Lang, string>>;
export type ScriptVariable = keyof typeof SCRIPT_VARIABLE_INFO;
export const SCRIPT_VARIABLES = Object.keys(SCRIPT_VARIABLE_INFO) as ScriptVariable[];

export type Script = {
  id: string;
  kind: ScriptKind;
  /** Templates: email, sms or letter. Null for documents and for talk tracks usable on calls and visits. */
  channel: Channel | null;
  causes: readonly Cause[] | "*";
  stage: ScriptStage;
  /** Set when the script answers an excuse. */
  excuse: Excuse | null;
  tone: Tone;
  /**
   * A legal-stage text (stage "legal"), used only once legal action is approved: the language check's legal-action
   * wording is expected in it and warns; nothing else may.
   */
  legal?: true;
  title: Record<Lang, string>;
  /** Emails and letters. */
  subject?: Record<Lang, string>;
  text: Record<Lang, string>;
};

// ---------------------------------------------------------------------------------------------------------------
// The library and its look-ups

export const SCRIPTS: readonly Script[] = Object.freeze([
  ...TALK_TRACKS,
  ...FOLLOW_UP_TRACKS,
  ...EXCUSE_REPLIES,
  ...TEMPLATES,
  ...FOLLOW_UP_TEMPLATES,
]);

const BY_ID: ReadonlyMap<string, Script> = new Map(SCRIPTS.map((s) => [s.id, s]));

const BY_EXCUSE: ReadonlyMap<Excuse, Script> = new Map(
  SCRIPTS.flatMap((s) => (s.excuse === null ? [] : [[s.excuse, s] as const])),
);

export function scriptById(id: string): Script | undefined {
  return BY_ID.get(id);
}

/** The suggested reply to an excuse; the library holds exactly one per excuse. */
export function replyForExcuse(excuse: Excuse): Script {
  const found = BY_EXCUSE.get(excuse);
  if (!found) throw new Error(`no reply for excuse "${excuse}" in the script library`);
  return found;
}

export type ScriptFilter = {
  cause?: Cause;
  excuse?: Excuse;
  stage?: ScriptStage;
  kind?: ScriptKind;
  channel?: Channel;
};

/** Scripts for a cause (those written for it and those for every cause), an excuse, a stage, a kind, a channel. */
export function matchesFilter(s: Script, f: ScriptFilter): boolean {
  if (f.cause && s.causes !== "*" && !s.causes.includes(f.cause)) return false;
  if (f.excuse && s.excuse !== f.excuse) return false;
  if (f.stage && s.stage !== f.stage) return false;
  if (f.kind && s.kind !== f.kind) return false;
  if (f.channel && s.channel !== f.channel) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------------------------
// Variables and rendering

const VARIABLE_SET: ReadonlySet<string> = new Set(SCRIPT_VARIABLES);
const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export function isScriptVariable(name: string): name is ScriptVariable {
  return VARIABLE_SET.has(name);
}

/** The {variables} a text uses, in order of first use. */
export function variablesIn(text: string): string[] {
  return [...new Set(Array.from(text.matchAll(PLACEHOLDER), (m) => m[1] ?? ""))];
}

export type PlaceholderProblem = {
  /** An unknown {name}, or a brace that opens or closes no variable ("{{amount}}", "{due date}"). */
  kind: "unknown_variable" | "stray_brace";
  /** The variable's name, or the brace. */
  name: string;
  /** UTF-16 offset of the problem in the text, and its line and column (1-based), for the error message. */
  index: number;
  line: number;
  column: number;
};

/** Unknown variables and stray braces in a text, in order: what a stored script may not contain. */
export function placeholderProblems(text: string): PlaceholderProblem[] {
  const problems: { kind: PlaceholderProblem["kind"]; name: string; index: number }[] = [];
  const covered: [number, number][] = [];
  for (const m of text.matchAll(PLACEHOLDER)) {
    const name = m[1] ?? "";
    covered.push([m.index, m.index + m[0].length]);
    if (!VARIABLE_SET.has(name)) problems.push({ kind: "unknown_variable", name, index: m.index });
  }
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if ((ch === "{" || ch === "}") && !covered.some(([a, b]) => a <= i && i < b)) {
      problems.push({ kind: "stray_brace", name: ch, index: i });
    }
  }
  problems.sort((a, b) => a.index - b.index);
  return problems.map((p) => {
    const before = text.slice(0, p.index).split("\n");
    return { ...p, line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
  });
}

export type ScriptValues = Partial<Record<ScriptVariable, string>>;

/** Fills in a script's text in one language (see renderText). */
export function renderScript(script: Script, lang: Lang, vars: ScriptValues): string {
  return renderText(script.text[lang], vars);
}

/**
 * Fills in any text, e.g. an email subject. A variable that is unknown, missing or blank is shown as "[name]", so
 * the collector sees what still has to be filled in.
 */
export function renderText(text: string, vars: ScriptValues): string {
  return text.replace(PLACEHOLDER, (_match, name: string) => {
    const value = VARIABLE_SET.has(name) ? vars[name as ScriptVariable] : undefined;
    return value === undefined || value.trim() === "" ? `[${name}]` : value;
  });
}
