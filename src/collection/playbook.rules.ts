// Playbooks as data: for each risk grade and cause of lateness, the ordered steps a collector (or the system) takes.
// Pure: validation, the defaults that embody the domain guide, choosing a customer's playbook and variant, and
// deciding which step is due on a date.
import { z } from "zod";
import { RISK_GRADES, type RiskGrade } from "../aging/aging.rules.ts";
import { addDays, type IsoDate } from "../calendar/calendar-date.ts";
import { CHANNELS, type Channel } from "../ledger/ledger.schema.ts";
import {
  ACTIONS,
  type Action,
  APPROVAL_ACTIONS,
  CAUSES,
  type Cause,
  STOP_CONDITIONS,
  type StopCondition,
  type TaskKind,
  TONES,
  type Tone,
} from "./collection.enums.ts";

export type PlaybookStep = {
  id: string;
  action: Action;
  channel: Channel | null;
  /** A talk track (calls, visits) or message template (emails, SMS, letters) from the script library. */
  script: string | null;
  /** Days to wait after this step before the next one is due. */
  waitDays: number;
  tone: Tone;
  stopOn: StopCondition[];
  /** The step that follows (default: the next in the list); "end" finishes the playbook. */
  next?: string;
};
export type Playbook = {
  id: string;
  name: string;
  grades: RiskGrade[];
  causes: Cause[];
  steps: PlaybookStep[];
  /** A variant tried on a share of customers (by stable hash), recorded on every task for comparison. */
  challenger?: { share: number; steps: PlaybookStep[] } | undefined;
};
export type PlaybookSet = { playbooks: Playbook[] };

/** Grades the engine collects on; "current" receivables are not overdue and get no playbook. */
export const COLLECTED_GRADES = RISK_GRADES.filter((g) => g !== "current");

/** The channel each action uses when a step leaves it open, and the kind of task it becomes. */
const ACTION_CHANNEL: Record<Action, Channel | null> = {
  email_reminder: "email",
  sms: "sms",
  call: "call",
  visit: "visit",
  statement: "email",
  payment_plan_offer: "call",
  manager_escalation: null,
  credit_hold: null,
  prepay_only: null,
  repayment_agreement: "visit",
  reminder_letter: "letter",
  lawyer_letter: "letter",
  legal_action: null,
};
/** Actions that contact the customer and so need a script or template. */
const CONTACT_ACTIONS = new Set<Action>(ACTIONS.filter((a) => ACTION_CHANNEL[a] !== null));

export function channelOf(step: PlaybookStep): Channel | null {
  return step.channel ?? ACTION_CHANNEL[step.action];
}
export function needsApproval(action: Action): boolean {
  return APPROVAL_ACTIONS.includes(action);
}
export function taskKindOf(step: PlaybookStep): TaskKind {
  if (needsApproval(step.action)) return "approval";
  if (step.action === "manager_escalation") return "review";
  const channel = channelOf(step);
  switch (channel) {
    case "call":
    case "visit":
    case "email":
    case "sms":
    case "letter":
      return channel;
    case "wechat":
      return "sms";
    default:
      return "review";
  }
}

const stepSchema = z.object({
  id: z.string().regex(/^[a-z0-9_.-]{1,40}$/, "step id: 1-40 of a-z, 0-9, _ . -"),
  action: z.enum(ACTIONS),
  channel: z.enum(CHANNELS).nullable(),
  script: z.string().min(1).nullable(),
  waitDays: z.number().int().min(0).max(365),
  tone: z.enum(TONES),
  stopOn: z.array(z.enum(STOP_CONDITIONS)),
  next: z.string().optional(),
});
const playbookSchema = z.object({
  id: z.string().regex(/^[a-z0-9_.-]{1,60}$/, "playbook id: 1-60 of a-z, 0-9, _ . -"),
  name: z.string().min(1),
  grades: z.array(z.enum(COLLECTED_GRADES as [RiskGrade, ...RiskGrade[]])).min(1),
  causes: z.array(z.enum(CAUSES)).min(1),
  steps: z.array(stepSchema).min(1),
  challenger: z.object({ share: z.number().gt(0).lt(1), steps: z.array(stepSchema).min(1) }).optional(),
});

/**
 * The schema of a playbook set: structure first (unknown actions are refused with their path), then what only the
 * whole set shows: unreachable steps, loops, unknown next steps, missing scripts, grade × cause pairs covered twice
 * or not at all. `scriptExists` checks references against the script library.
 */
export function playbookSetSchema(scriptExists: (id: string) => boolean) {
  return z.object({ playbooks: z.array(playbookSchema).min(1) }).superRefine((set, ctx) => {
    const owner = new Map<string, number>();
    const ids = new Set<string>();
    set.playbooks.forEach((p, pi) => {
      if (ids.has(p.id))
        ctx.addIssue({ code: "custom", path: ["playbooks", pi, "id"], message: `duplicate id "${p.id}"` });
      ids.add(p.id);
      for (const g of p.grades) {
        for (const c of p.causes) {
          const k = `${g} × ${c}`;
          const before = owner.get(k);
          if (before !== undefined) {
            ctx.addIssue({
              code: "custom",
              path: ["playbooks", pi, "causes"],
              message: `${k} is already covered by playbook "${set.playbooks[before]?.id}"`,
            });
          } else owner.set(k, pi);
        }
      }
      for (const problem of stepProblems(p.steps, scriptExists)) {
        ctx.addIssue({ code: "custom", path: ["playbooks", pi, "steps", ...problem.path], message: problem.message });
      }
      if (p.challenger) {
        for (const problem of stepProblems(p.challenger.steps, scriptExists)) {
          ctx.addIssue({
            code: "custom",
            path: ["playbooks", pi, "challenger", "steps", ...problem.path],
            message: problem.message,
          });
        }
      }
    });
    const missing = COLLECTED_GRADES.flatMap((g) => CAUSES.map((c) => `${g} × ${c}`)).filter((k) => !owner.has(k));
    if (missing.length) {
      ctx.addIssue({
        code: "custom",
        path: ["playbooks"],
        message: `no playbook for ${missing.slice(0, 5).join(", ")}${missing.length > 5 ? ` and ${missing.length - 5} more` : ""}`,
      });
    }
  });
}

type StepProblem = { path: (string | number)[]; message: string };

/** Unknown next steps, loops, unreachable steps and missing scripts of one step list. */
export function stepProblems(steps: PlaybookStep[], scriptExists: (id: string) => boolean): StepProblem[] {
  const problems: StepProblem[] = [];
  const index = new Map<string, number>();
  steps.forEach((s, i) => {
    if (index.has(s.id)) problems.push({ path: [i, "id"], message: `duplicate step id "${s.id}"` });
    else index.set(s.id, i);
  });
  const nextOf = (i: number): number | null => {
    const s = steps[i] as PlaybookStep;
    if (s.next === "end") return null;
    if (s.next !== undefined) return index.get(s.next) ?? -1;
    return i + 1 < steps.length ? i + 1 : null;
  };
  steps.forEach((s, i) => {
    if (s.next !== undefined && s.next !== "end" && !index.has(s.next)) {
      problems.push({ path: [i, "next"], message: `next step "${s.next}" does not exist` });
    }
    const contacts = CONTACT_ACTIONS.has(s.action);
    if (contacts && !s.script) {
      problems.push({ path: [i, "script"], message: `${s.action} needs a script or template` });
    } else if (s.script && !scriptExists(s.script)) {
      problems.push({ path: [i, "script"], message: `script "${s.script}" does not exist in the script library` });
    }
    if (!contacts && s.channel !== null) {
      problems.push({
        path: [i, "channel"],
        message: `${s.action} does not contact the customer: channel must be null`,
      });
    }
  });
  if (problems.some((p) => p.path[1] === "next")) return problems;
  // Walk from the first step: a step seen twice is a loop; steps never reached are unreachable.
  const seen = new Set<number>();
  let at: number | null = 0;
  while (at !== null && at >= 0) {
    if (seen.has(at)) {
      problems.push({ path: [at, "id"], message: `loop: step "${steps[at]?.id}" is reached again` });
      break;
    }
    seen.add(at);
    at = nextOf(at);
  }
  steps.forEach((s, i) => {
    if (!seen.has(i)) problems.push({ path: [i, "id"], message: `step "${s.id}" is unreachable from the first step` });
  });
  return problems;
}

/** zod issues as "playbooks.2.steps.1.action: Invalid option ..." lines. */
export function describeIssues(issues: readonly { path: PropertyKey[]; message: string }[]): string[] {
  return issues.map((i) => `${i.path.map(String).join(".") || "(root)"}: ${i.message}`);
}

// ---- choosing and advancing ----

/** Stable 32-bit FNV-1a hash: the same customer always lands in the same variant. */
export function stableHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // FNV-1a alone leaves the high bits barely touched by the last characters, and the share is read off the high
  // bits: customer codes differing in their last digits (C000001…C000300) all fell in the same few tenths, none
  // below 0.2. MurmurHash3's finaliser spreads every input bit over the whole word.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export type PlaybookIndex = Map<string, Playbook>;
export function indexPlaybooks(set: PlaybookSet): PlaybookIndex {
  const index: PlaybookIndex = new Map();
  for (const p of set.playbooks) for (const g of p.grades) for (const c of p.causes) index.set(`${g}|${c}`, p);
  return index;
}

export function variantFor(playbook: Playbook, customerKey: string): "champion" | "challenger" {
  if (!playbook.challenger) return "champion";
  const bucket = stableHash(`${playbook.id}:${customerKey}`) / 0x1_0000_0000;
  return bucket < playbook.challenger.share ? "challenger" : "champion";
}
export function stepsOf(playbook: Playbook, variant: "champion" | "challenger"): PlaybookStep[] {
  return variant === "challenger" && playbook.challenger ? playbook.challenger.steps : playbook.steps;
}

/** Where a customer stands in its playbook. */
export type Position = {
  playbookId: string | null;
  variant: "champion" | "challenger" | null;
  stepIndex: number | null;
  /** The date the current step's task was written. */
  stepOn: IsoDate | null;
};
export type Advance =
  | { kind: "step"; stepIndex: number; step: PlaybookStep; restarted: boolean }
  | { kind: "wait"; until: IsoDate }
  | { kind: "stopped"; by: StopCondition }
  | { kind: "finished" };

/**
 * Which step is due on `asOf`. A new playbook (cause or grade changed) starts at its first step; a step is due once
 * the previous one's wait has passed; an active stop condition pauses the playbook; a broken promise re-opens it at
 * once with the next step.
 */
export function advance(
  position: Position,
  playbook: Playbook,
  variant: "champion" | "challenger",
  asOf: IsoDate,
  active: ReadonlySet<StopCondition>,
  promiseBroken: boolean,
): Advance {
  const steps = stepsOf(playbook, variant);
  const same = position.playbookId === playbook.id && position.variant === variant && position.stepIndex !== null;
  if (!same) {
    const first = steps[0] as PlaybookStep;
    const stop = first.stopOn.find((c) => active.has(c));
    if (stop && !promiseBroken) return { kind: "stopped", by: stop };
    return { kind: "step", stepIndex: 0, step: first, restarted: true };
  }
  const current = steps[position.stepIndex as number];
  if (!current) return { kind: "finished" };
  const stop = current.stopOn.find((c) => active.has(c));
  if (stop && !promiseBroken) return { kind: "stopped", by: stop };
  const due = addDays(position.stepOn as IsoDate, current.waitDays);
  if (!promiseBroken && asOf < due) return { kind: "wait", until: due };
  const nextIndex = nextStepIndex(steps, position.stepIndex as number);
  if (nextIndex === null) return { kind: "finished" };
  return { kind: "step", stepIndex: nextIndex, step: steps[nextIndex] as PlaybookStep, restarted: false };
}

function nextStepIndex(steps: PlaybookStep[], i: number): number | null {
  const s = steps[i] as PlaybookStep;
  if (s.next === "end") return null;
  if (s.next) {
    const j = steps.findIndex((x) => x.id === s.next);
    return j < 0 ? null : j;
  }
  return i + 1 < steps.length ? i + 1 : null;
}

// ---- the defaults ----

const step = (
  id: string,
  action: Action,
  script: string | null,
  waitDays: number,
  tone: Tone,
  stopOn: StopCondition[] = ["paid", "promise_made", "plan_agreed", "dispute_opened"],
  channel: Channel | null = null,
): PlaybookStep => ({ id, action, channel, script, waitDays, tone, stopOn });

const ALL_STOPS: StopCondition[] = ["paid", "promise_made", "plan_agreed", "dispute_opened"];
const NO_DISPUTE_STOP: StopCondition[] = ["paid", "promise_made", "plan_agreed"];

/**
 * What ships with the product, from the domain guide: soft for forgot and hardship, evidence first for disputes,
 * firm for habitual delay, hard measures with a manager's approval for deliberate refusal; patience for middlemen
 * and FX waits; sales escalation for switched suppliers; cool-down and other contacts for the unreachable.
 * Older debts (doubtful, bad, dead) move faster to formal letters and escalation.
 */
export const DEFAULT_PLAYBOOKS: PlaybookSet = {
  playbooks: [
    {
      id: "forgot",
      name: "Friendly reminder (forgot)",
      grades: ["overdue"],
      causes: ["forgot"],
      steps: [
        step("sms", "sms", "sms.friendly_reminder", 2, "friendly"),
        step("email", "email_reminder", "email.friendly_reminder", 3, "friendly"),
        step("call", "call", "call.forgot.reminder", 5, "friendly"),
        step("statement", "statement", "email.statement", 7, "firm"),
      ],
      challenger: {
        share: 0.2,
        steps: [
          step("email", "email_reminder", "email.friendly_reminder", 2, "friendly"),
          step("call", "call", "call.forgot.reminder", 4, "friendly"),
          step("statement", "statement", "email.statement", 7, "firm"),
        ],
      },
    },
    {
      id: "hardship",
      name: "Listen and offer a plan (hardship)",
      grades: ["overdue", "doubtful"],
      causes: ["hardship"],
      steps: [
        step("listen", "call", "call.hardship.listen", 3, "friendly"),
        step("offer", "payment_plan_offer", "call.hardship.plan_offer", 5, "friendly"),
        step("plan-email", "payment_plan_offer", "email.plan_offer", 7, "friendly", ALL_STOPS, "email"),
        step("visit", "visit", "visit.hardship.plan", 10, "firm"),
        step("agreement", "repayment_agreement", "doc.repayment_agreement", 14, "formal"),
        step("escalate", "manager_escalation", null, 14, "formal"),
      ],
    },
    {
      id: "dispute",
      name: "Evidence first (dispute)",
      grades: ["overdue", "doubtful", "bad"],
      causes: ["dispute"],
      steps: [
        step("evidence-call", "call", "call.dispute.evidence", 2, "friendly", NO_DISPUTE_STOP),
        step("evidence-email", "email_reminder", "email.dispute_evidence", 5, "friendly", NO_DISPUTE_STOP),
        step("meeting", "visit", "visit.dispute.meeting", 10, "firm", NO_DISPUTE_STOP),
        step("escalate", "manager_escalation", null, 14, "formal", NO_DISPUTE_STOP),
      ],
    },
    {
      id: "habitual",
      name: "Firm and regular (habitual delay)",
      grades: ["overdue", "doubtful"],
      causes: ["habitual"],
      steps: [
        step("email", "email_reminder", "email.firm_reminder", 2, "firm"),
        step("call", "call", "call.habitual.firm", 3, "firm"),
        step("sms", "sms", "sms.firm_reminder", 3, "firm"),
        step("statement", "statement", "email.statement", 5, "firm"),
        step("letter", "reminder_letter", "letter.reminder", 10, "formal"),
        step("prepay", "prepay_only", null, 14, "formal"),
      ],
    },
    {
      id: "deliberate",
      name: "Hard measures with approval (deliberate refusal)",
      grades: ["overdue", "doubtful", "bad"],
      causes: ["deliberate"],
      steps: [
        step("call", "call", "call.deliberate.firm", 3, "firm"),
        step("hold", "credit_hold", null, 2, "formal"),
        step("letter", "reminder_letter", "letter.reminder", 7, "formal"),
        step("agreement", "repayment_agreement", "visit.deliberate.agreement", 10, "formal"),
        step("final", "reminder_letter", "letter.final_demand", 10, "formal"),
        step("lawyer", "lawyer_letter", "letter.lawyer_draft", 14, "formal"),
        step("legal", "legal_action", null, 30, "formal"),
      ],
    },
    {
      id: "middleman",
      name: "Follow the end customer (middleman)",
      grades: ["overdue", "doubtful"],
      causes: ["middleman"],
      steps: [
        step("timeline", "call", "call.middleman.timeline", 7, "friendly"),
        step("check-in", "email_reminder", "email.middleman_check_in", 10, "friendly"),
        step("call", "call", "call.middleman.timeline", 10, "firm"),
        step("escalate", "manager_escalation", null, 14, "formal"),
      ],
    },
    {
      id: "fx-wait",
      name: "Patient and regular (waiting for the exchange rate)",
      grades: ["overdue", "doubtful"],
      causes: ["fx_wait"],
      steps: [
        step("email", "email_reminder", "email.fx_check_in", 5, "friendly"),
        step("call", "call", "call.fx_wait.check_in", 7, "friendly"),
        step("statement", "statement", "email.statement", 10, "firm"),
        step("escalate", "manager_escalation", null, 14, "formal"),
      ],
    },
    {
      id: "switched-supplier",
      name: "Sales escalation (switched supplier)",
      grades: ["overdue", "doubtful"],
      causes: ["switched_supplier"],
      steps: [
        step("call", "call", "call.switched_supplier.sales", 3, "friendly"),
        step("escalate", "manager_escalation", null, 5, "firm"),
        step("statement", "statement", "email.statement", 7, "firm"),
        step("letter", "reminder_letter", "letter.reminder", 10, "formal"),
      ],
    },
    {
      id: "unreachable",
      name: "Cool down, then other contacts (unreachable)",
      grades: ["overdue", "doubtful", "bad"],
      causes: ["unreachable"],
      steps: [
        step("email", "email_reminder", "email.friendly_reminder", 7, "friendly"),
        step("other-contact", "call", "call.unreachable.other_contact", 7, "friendly"),
        step("letter", "reminder_letter", "letter.reminder", 14, "formal"),
        step("escalate", "manager_escalation", null, 14, "formal"),
      ],
    },
    {
      id: "forgot-older",
      name: "Older debts that look like an oversight",
      grades: ["doubtful"],
      causes: ["forgot"],
      steps: [
        step("call", "call", "call.forgot.reminder", 3, "firm"),
        step("statement", "statement", "email.statement", 5, "firm"),
        step("letter", "reminder_letter", "letter.reminder", 10, "formal"),
        step("escalate", "manager_escalation", null, 14, "formal"),
      ],
    },
    {
      id: "late-stage",
      name: "Late stage: formal letters and escalation",
      grades: ["bad", "dead"],
      causes: ["forgot", "hardship", "habitual", "middleman", "fx_wait", "switched_supplier"],
      steps: [
        step("call", "call", "call.promise.follow_up", 3, "formal"),
        step("final", "reminder_letter", "letter.final_demand", 10, "formal"),
        step("escalate", "manager_escalation", null, 7, "formal"),
        step("lawyer", "lawyer_letter", "letter.lawyer_draft", 14, "formal"),
      ],
    },
    {
      id: "dead-hard",
      name: "Written-off risk: legal review",
      grades: ["dead"],
      causes: ["deliberate", "dispute", "unreachable"],
      steps: [
        step("escalate", "manager_escalation", null, 7, "formal"),
        step("lawyer", "lawyer_letter", "letter.lawyer_draft", 14, "formal"),
        step("legal", "legal_action", null, 30, "formal"),
      ],
    },
  ],
};
