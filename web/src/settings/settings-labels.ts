// Names of the settings' own vocabularies (tones, stop conditions, script stages) in both languages; the rest
// (causes, grades, actions, channels, excuses) come from the app's labels.
import type { StopCondition, Tone } from "../../../src/collection/collection.enums.ts";
import type { ScriptStage } from "../api/types.ts";
import type { Language } from "../i18n/messages.ts";

type Names<K extends string> = Record<K, { zh: string; en: string }>;

const TONE_NAMES: Names<Tone> = {
  friendly: { zh: "友好", en: "Friendly" },
  firm: { zh: "坚定", en: "Firm" },
  formal: { zh: "正式", en: "Formal" },
};
const STOP_NAMES: Names<StopCondition> = {
  paid: { zh: "已付款", en: "Paid" },
  promise_made: { zh: "已承诺付款", en: "Promise made" },
  plan_agreed: { zh: "已约定还款计划", en: "Plan agreed" },
  dispute_opened: { zh: "提出争议", en: "Dispute opened" },
};
const STAGE_NAMES: Names<ScriptStage> = {
  before_due: { zh: "到期前", en: "Before due" },
  first_reminder: { zh: "首次提醒", en: "First reminder" },
  follow_up: { zh: "跟进", en: "Follow-up" },
  plan_offer: { zh: "提出还款计划", en: "Plan offer" },
  dispute_handling: { zh: "争议处理", en: "Dispute handling" },
  after_broken_promise: { zh: "违约后", en: "After a broken promise" },
  escalation: { zh: "升级", en: "Escalation" },
  legal: { zh: "法律", en: "Legal" },
  excuse_reply: { zh: "借口应对", en: "Excuse reply" },
  after_payment: { zh: "付款后", en: "After payment" },
};

const pick = <K extends string>(names: Names<K>, key: K, lang: Language) =>
  names[key] ? (lang === "en" ? names[key].en : names[key].zh) : key;

export function settingsLabelsFor(lang: Language) {
  return {
    tone: (k: Tone) => pick(TONE_NAMES, k, lang),
    stop: (k: StopCondition) => pick(STOP_NAMES, k, lang),
    stage: (k: ScriptStage) => pick(STAGE_NAMES, k, lang),
  };
}
