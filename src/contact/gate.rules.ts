// The contact gate (conduct.md, rules 1–9): one pure decision that every contact path asks (worklist windows, logging
// a call, sending a message, bulk runs). The rules are data (a policy per jurisdiction and debtor type); the clock is
// passed in. Local times come from Intl (never fixed offsets), cached per zone and UTC day because the gate is hot.
import { z } from "zod";
import { dayNumber, isIsoDate } from "../calendar/calendar-date.ts";
import { CHANNELS, type Channel, CONTACT_ROLES, DEBTOR_TYPES, type DebtorType } from "../ledger/ledger.schema.ts";

export const GATE_CHANNELS = CHANNELS;
export type GateChannel = Channel;

/** The ledger's contact roles plus the guarantor and the debtor's lawyer, who may also receive debt details. */
export const GATE_CONTACT_ROLES = [...CONTACT_ROLES, "guarantor", "lawyer"] as const;
export type GateContactRole = (typeof GATE_CONTACT_ROLES)[number];
// Rule 9: debt details only go to the debtor's authorised contacts.
const AUTHORISED_ROLES: ReadonlySet<string> = new Set<GateContactRole>([
  "owner",
  "finance",
  "purchasing",
  "guarantor",
  "lawyer",
]);
/** Channels that deliver a written message (a reminder, for rule 5). */
const MESSAGE_CHANNELS: ReadonlySet<Channel> = new Set<Channel>(["sms", "email", "letter", "wechat"]);

export const GATE_VERDICTS = ["allow", "warn", "block"] as const;
export type GateVerdict = (typeof GATE_VERDICTS)[number];
const SEVERITY: Record<GateVerdict, number> = { allow: 0, warn: 1, block: 2 };

export const GATE_RULES = [
  "hours.unknown_zone",
  "hours.hard",
  "hours.soft",
  "hours.lunch",
  "calls.per_contact_7d",
  "calls.per_number_day",
  "calls.after_conversation",
  "reminders.min_gap",
  "reminders.cool_down",
  "dispute.automated",
  "flags.do_not_contact",
  "flags.cease",
  "flags.lawyer",
  "flags.insolvency",
  "flags.legal_hold",
  "flags.breathing_space",
  "opt_out",
  "recipient.not_authorised",
  "allow",
] as const;
export type GateRule = (typeof GATE_RULES)[number];

export type TimeWindow = { start: string; end: string };

export type ContactPolicy = {
  id: string;
  version: number;
  /** ISO 3166 code ("CN", "US-CA") or "*". */
  jurisdiction: string;
  debtorType: DebtorType | "*";
  /** Block outside, every channel but letters. Windows are [start, end) in local wall time and cannot cross midnight. */
  hardHours: TimeWindow;
  /** Warn outside. */
  softHours: (TimeWindow & { businessDaysOnly: boolean }) | null;
  /** Warn inside, calls only. */
  avoidForCalls: TimeWindow[];
  maxCallsPerContactPer7Days: number;
  maxCallsPerNumberPerDay: number;
  /** Local calendar days; the day of the conversation is day one (Reg F 1006.14(b)(2)(ii)). */
  afterConversationQuietDays: number;
  /** Local calendar days between reminders on the same debt. */
  minDaysBetweenReminders: number;
  coolDownAfterUnansweredReminders: { count: number; days: number };
};

// The conduct.md defaults. Only business policies may relax them (validatePolicy enforces it).
const CONDUCT = {
  hardStart: "08:00",
  hardEnd: "21:00",
  maxCallsPerContactPer7Days: 7, // Reg F 1006.14(b)(2)(i): 7 calls in 7 days
  maxCallsPerNumberPerDay: 3,
  afterConversationQuietDays: 7, // Reg F 1006.14(b)(2)(ii)
  minDaysBetweenReminders: 3,
  coolDownCount: 2,
  coolDownDays: 7,
} as const;

function conductPolicy(id: string, debtorType: ContactPolicy["debtorType"], softHours: boolean): ContactPolicy {
  return {
    id,
    version: 1,
    jurisdiction: "*",
    debtorType,
    hardHours: { start: CONDUCT.hardStart, end: CONDUCT.hardEnd },
    softHours: softHours ? { start: "09:00", end: "18:00", businessDaysOnly: true } : null,
    avoidForCalls: [{ start: "11:45", end: "14:00" }],
    maxCallsPerContactPer7Days: CONDUCT.maxCallsPerContactPer7Days,
    maxCallsPerNumberPerDay: CONDUCT.maxCallsPerNumberPerDay,
    afterConversationQuietDays: CONDUCT.afterConversationQuietDays,
    minDaysBetweenReminders: CONDUCT.minDaysBetweenReminders,
    coolDownAfterUnansweredReminders: { count: CONDUCT.coolDownCount, days: CONDUCT.coolDownDays },
  };
}

/** Built-in policies for every jurisdiction; "*"/"*" (no soft hours) catches anything the others miss. */
export const DEFAULT_POLICIES: ContactPolicy[] = [
  conductPolicy("default-business", "business", true),
  conductPolicy("default-sole-trader", "sole_trader", false),
  conductPolicy("default-consumer", "consumer", false),
  conductPolicy("default", "*", false),
];

/**
 * Most specific match wins: exact jurisdiction > its country (for "US-CA", "US") > "*", then exact debtor type > "*";
 * a higher version breaks ties. With no match, the built-in defaults apply (the conduct defaults are the strictest).
 */
export function selectPolicy(
  policies: readonly ContactPolicy[],
  jurisdiction: string | null,
  debtorType: DebtorType,
): ContactPolicy {
  const wanted = jurisdiction?.trim().toUpperCase() || "*";
  const dash = wanted.indexOf("-");
  const country = dash > 0 ? wanted.slice(0, dash) : null;
  let best: ContactPolicy | null = null;
  let bestScore = -1;
  for (const p of policies) {
    const j = p.jurisdiction === wanted ? 2 : p.jurisdiction === country ? 1 : p.jurisdiction === "*" ? 0 : -1;
    const t = p.debtorType === debtorType ? 1 : p.debtorType === "*" ? 0 : -1;
    if (j < 0 || t < 0) continue;
    const score = j * 2 + t;
    if (score > bestScore || (score === bestScore && best !== null && p.version > best.version)) {
      best = p;
      bestScore = score;
    }
  }
  if (best) return best;
  if (policies === DEFAULT_POLICIES) throw new Error(`no default contact policy for ${debtorType}`);
  return selectPolicy(DEFAULT_POLICIES, jurisdiction, debtorType);
}

// ---- policy validation ----

const HHMM = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;
const timeOfDay = z.string().regex(HHMM, "expected HH:MM");
const startBeforeEnd = (w: TimeWindow) => !HHMM.test(w.start) || !HHMM.test(w.end) || w.start < w.end;
const startBeforeEndIssue = { message: "must be after start (a window cannot cross midnight)", path: ["end"] };
const timeWindow = z.strictObject({ start: timeOfDay, end: timeOfDay }).refine(startBeforeEnd, startBeforeEndIssue);
const softWindow = z
  .strictObject({ start: timeOfDay, end: timeOfDay, businessDaysOnly: z.boolean() })
  .refine(startBeforeEnd, startBeforeEndIssue);
const wholeNumber = (min: number) => z.number().int().min(min);

const policyShape = z.strictObject({
  id: z.string().min(1),
  version: wholeNumber(1),
  jurisdiction: z
    .string()
    .regex(/^(?:\*|[A-Z]{2}(?:-[A-Z0-9]{1,3})?)$/, 'expected "*" or an ISO 3166 code ("CN", "US-CA")'),
  debtorType: z.enum([...DEBTOR_TYPES, "*"]),
  hardHours: timeWindow,
  softHours: softWindow.nullable(),
  avoidForCalls: z.array(timeWindow),
  maxCallsPerContactPer7Days: wholeNumber(0),
  maxCallsPerNumberPerDay: wholeNumber(0),
  afterConversationQuietDays: wholeNumber(0),
  minDaysBetweenReminders: wholeNumber(0),
  coolDownAfterUnansweredReminders: z.strictObject({ count: wholeNumber(1), days: wholeNumber(0) }),
});

// conduct.md: "an admin may relax a rule for business debtors only".
const policySchema = policyShape.superRefine((p, ctx) => {
  if (p.debtorType === "business") return;
  const who =
    p.debtorType === "*" ? "consumer and sole-trader" : p.debtorType === "consumer" ? "consumer" : "sole-trader";
  const relaxed = (path: string[], limit: string) =>
    ctx.addIssue({
      code: "custom",
      path,
      message: `${limit} for ${who} debtors (only business policies may relax it)`,
    });
  if (p.hardHours.start < CONDUCT.hardStart) relaxed(["hardHours", "start"], `${CONDUCT.hardStart} at the earliest`);
  if (p.hardHours.end > CONDUCT.hardEnd) relaxed(["hardHours", "end"], `${CONDUCT.hardEnd} at the latest`);
  if (p.maxCallsPerContactPer7Days > CONDUCT.maxCallsPerContactPer7Days)
    relaxed(["maxCallsPerContactPer7Days"], `at most ${CONDUCT.maxCallsPerContactPer7Days}`);
  if (p.maxCallsPerNumberPerDay > CONDUCT.maxCallsPerNumberPerDay)
    relaxed(["maxCallsPerNumberPerDay"], `at most ${CONDUCT.maxCallsPerNumberPerDay}`);
  if (p.afterConversationQuietDays < CONDUCT.afterConversationQuietDays)
    relaxed(["afterConversationQuietDays"], `at least ${CONDUCT.afterConversationQuietDays}`);
  if (p.minDaysBetweenReminders < CONDUCT.minDaysBetweenReminders)
    relaxed(["minDaysBetweenReminders"], `at least ${CONDUCT.minDaysBetweenReminders}`);
  if (p.coolDownAfterUnansweredReminders.count > CONDUCT.coolDownCount)
    relaxed(["coolDownAfterUnansweredReminders", "count"], `at most ${CONDUCT.coolDownCount}`);
  if (p.coolDownAfterUnansweredReminders.days < CONDUCT.coolDownDays)
    relaxed(["coolDownAfterUnansweredReminders", "days"], `at least ${CONDUCT.coolDownDays}`);
});

function issuePath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) out += typeof key === "number" ? `[${key}]` : out ? `.${String(key)}` : String(key);
  return out;
}

function issueMessages(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.flatMap((issue) =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => `${issuePath([...issue.path, key])}: unknown setting`)
      : [`${issuePath(issue.path) || "policy"}: ${issue.message}`],
  );
}

/** Checks a policy from outside (settings, API). Errors name the path: "hardHours.start: expected HH:MM". */
export function validatePolicy(p: unknown): { ok: true; value: ContactPolicy } | { ok: false; errors: string[] } {
  const result = policySchema.safeParse(p);
  return result.success ? { ok: true, value: result.data } : { ok: false, errors: issueMessages(result.error.issues) };
}

// ---- compiled policies: times parsed once per policy object (treat policies as immutable values) ----

type Window = { start: number; end: number; text: string }; // minutes of the local day, [start, end)
type CompiledPolicy = {
  hard: Window;
  soft: Window | null;
  businessDaysOnly: boolean;
  avoid: Window[];
  maxCalls7d: number;
  maxCallsDay: number;
  quietDays: number;
  minGapDays: number;
  coolCount: number;
  coolDays: number;
};
const compiled = new WeakMap<ContactPolicy, CompiledPolicy>();

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const compileWindow = (w: TimeWindow): Window => ({
  start: minutes(w.start),
  end: minutes(w.end),
  text: `${w.start}–${w.end}`,
});

function compile(policy: ContactPolicy): CompiledPolicy {
  const cached = compiled.get(policy);
  if (cached) return cached;
  // A malformed policy is a configuration error: fail closed, loudly (validatePolicy guards the boundary).
  const shape = policyShape.safeParse(policy);
  if (!shape.success) {
    throw new Error(`contact policy "${policy.id}" is invalid: ${issueMessages(shape.error.issues).join("; ")}`);
  }
  const c: CompiledPolicy = {
    hard: compileWindow(policy.hardHours),
    soft: policy.softHours ? compileWindow(policy.softHours) : null,
    businessDaysOnly: policy.softHours?.businessDaysOnly ?? false,
    avoid: policy.avoidForCalls.map(compileWindow),
    maxCalls7d: policy.maxCallsPerContactPer7Days,
    maxCallsDay: policy.maxCallsPerNumberPerDay,
    quietDays: policy.afterConversationQuietDays,
    minGapDays: policy.minDaysBetweenReminders,
    coolCount: policy.coolDownAfterUnansweredReminders.count,
    coolDays: policy.coolDownAfterUnansweredReminders.days,
  };
  compiled.set(policy, c);
  return c;
}

// ---- zone clocks: UTC offsets from Intl, cached per UTC day ----

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

type Transition = { at: number; before: number; after: number };
type ZoneClock = {
  name: string;
  format: Intl.DateTimeFormat;
  /** UTC day number -> offset (ms) for days without an offset change. */
  offsets: Map<number, number>;
  /** UTC day number -> the offset change inside it (tzdb has at most one per day since 1970). */
  transitions: Map<number, Transition>;
};
const clocks = new Map<string, ZoneClock | null>();

function clockFor(zone: string): ZoneClock | null {
  const known = clocks.get(zone);
  if (known !== undefined) return known;
  let clock: ZoneClock | null = null;
  try {
    const format = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    clock = { name: zone, format, offsets: new Map(), transitions: new Map() };
  } catch {
    clock = null;
  }
  // Zone strings come from data; bound the cache so junk cannot grow it without limit.
  if (clocks.size < 10_000) clocks.set(zone, clock);
  return clock;
}

/** Offset of the zone at instant t (whole seconds), straight from Intl. */
function intlOffset(clock: ZoneClock, t: number): number {
  const second = Math.floor(t / 1000) * 1000;
  let y = 0;
  let mo = 0;
  let d = 0;
  let h = 0;
  let mi = 0;
  let s = 0;
  for (const part of clock.format.formatToParts(second)) {
    const v = Number(part.value);
    if (part.type === "year") y = v;
    else if (part.type === "month") mo = v;
    else if (part.type === "day") d = v;
    else if (part.type === "hour") h = v;
    else if (part.type === "minute") mi = v;
    else if (part.type === "second") s = v;
  }
  return Date.UTC(y, mo - 1, d, h, mi, s) - second;
}

function offsetAt(clock: ZoneClock, t: number): number {
  const day = Math.floor(t / DAY);
  const offset = clock.offsets.get(day);
  if (offset !== undefined) return offset;
  const change = clock.transitions.get(day) ?? learnDay(clock, day);
  if (change === null) return clock.offsets.get(day) as number;
  return t < change.at ? change.before : change.after;
}

function learnDay(clock: ZoneClock, day: number): Transition | null {
  if (clock.offsets.size > 200_000) clock.offsets.clear();
  const start = day * DAY;
  const before = intlOffset(clock, start);
  const after = intlOffset(clock, start + DAY - 1000);
  if (before === after) {
    clock.offsets.set(day, before);
    return null;
  }
  // Binary search for the first second with the new offset.
  let lo = start;
  let hi = start + DAY - 1000;
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (intlOffset(clock, mid) === before) lo = mid;
    else hi = mid;
  }
  const change = { at: hi, before, after };
  clock.transitions.set(day, change);
  return change;
}

/** Flat [start, end, offset, ...] segments of constant offset covering [from, to). */
function offsetSegments(clock: ZoneClock, from: number, to: number): number[] {
  const out: number[] = [];
  let s = from;
  for (let day = Math.floor(from / DAY); day * DAY < to; day++) {
    offsetAt(clock, day * DAY);
    const change = clock.transitions.get(day);
    if (change && change.at > s && change.at < to) {
      out.push(s, change.at, offsetAt(clock, s));
      s = change.at;
    }
  }
  out.push(s, to, offsetAt(clock, s));
  return out;
}

// ---- local wall time as a number: ms since 1970-01-01T00:00 local ----

const localDay = (local: number) => Math.floor(local / DAY);
const minuteOfDay = (local: number) => Math.floor((local - localDay(local) * DAY) / MINUTE);
/** 0 = Sunday (1970-01-01 was a Thursday). */
const weekday = (day: number) => (((day + 4) % 7) + 7) % 7;
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/** YYYY-MM-DD of a day number without allocating a Date (Hinnant's civil_from_days). */
function isoDay(days: number): string {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

const hhmm = (local: number) => {
  const m = minuteOfDay(local);
  return `${pad2(Math.floor(m / 60))}:${pad2(m % 60)}`;
};

// ---- attempts and decisions ----

export type GateAttempt = {
  channel: Channel;
  /** An inbound contact (the customer reached us) is not a contact we make: always allowed. */
  direction?: "outbound" | "inbound";
  /** A scheduled reminder rather than a person. */
  automated?: boolean;
  debtorType: DebtorType;
  /** IANA zones. The contact's wins over the customer's; "" counts as unknown. */
  contactTimeZone: string | null;
  customerTimeZone: string | null;
  /** More candidate zones (a mobile number from another region...): every zone must pass. */
  extraTimeZones?: string[];
  /** For the per-number rule; compare as stored (E.164). */
  phone?: string | null;
  /** Unknown (null or missing) counts as not authorised. */
  contactRole?: GateContactRole | null;
  /** Defaults to true on every channel: a collection call or visit is about the debt too. */
  carriesDebtDetails?: boolean;
  flags: {
    doNotContact?: boolean;
    cease?: boolean;
    representedByLawyer?: boolean;
    insolvency?: boolean;
    legalHold?: boolean;
    /** YYYY-MM-DD, inclusive, in the contact's local date. */
    breathingSpaceUntil?: string | null;
  };
  /** Opted out of this channel at this address. */
  optedOut?: boolean;
  invoiceDisputed?: boolean;
  /** Rule 4 exception for business debtors. */
  callbackAgreed?: boolean;
};

export type GateHistory = {
  /** Outbound call attempts to this contact for this debt, any order. */
  calls: { at: Date; contactId?: string | null; phone?: string | null }[];
  /** Last live conversation with this person. */
  lastConversationAt: Date | null;
  /** Reminders on this debt, any channel, any order. */
  reminders: { at: Date; answered: boolean }[];
};

export type Finding = { rule: GateRule; verdict: GateVerdict; reason: string };
export type LocalTime = { zone: string; local: string };
export type GateDecision = {
  verdict: GateVerdict;
  /** The rule that decided: the first of the strictest findings (flags before hours before counts). */
  rule: GateRule;
  reason: string;
  findings: Finding[];
  /** "YYYY-MM-DD HH:MM" in each valid candidate zone, for the record and the screen. */
  localTimes: LocalTime[];
  /** Which policy decided, for the audit record. */
  policy: { id: string; version: number };
};

export type ContactInterval = { start: Date; end: Date };
export type ContactHours = { allowed: ContactInterval[]; preferred: ContactInterval[] } | { blocked: string };

const UNKNOWN_ZONE = "time zone unknown: set the contact's or customer's time zone";

type Zones = { clocks: ZoneClock[]; problem: string | null };

/** Rule 1: the contact's zone, else the customer's, plus any extra candidates; all must be valid. */
function resolveZones(a: GateAttempt): Zones {
  const found: ZoneClock[] = [];
  let problem: string | null = null;
  const primary = a.contactTimeZone || a.customerTimeZone || null;
  if (primary === null) problem = UNKNOWN_ZONE;
  const names = a.extraTimeZones;
  const count = names ? names.length + 1 : 1;
  for (let i = 0; i < count; i++) {
    const name = i === 0 ? primary : (names?.[i - 1] ?? null);
    if (!name) continue;
    const clock = clockFor(name);
    if (clock === null)
      problem ??= `time zone "${name}" is not a valid IANA zone: fix the contact's or customer's zone`;
    else if (!found.includes(clock)) found.push(clock);
  }
  return { clocks: found, problem };
}

/** Days from the local date of `at` to today, in the zone where that is fewest; 24-hour days without a zone. */
function daysAgo(zones: ZoneClock[], locals: number[], t: number, at: number): number {
  if (zones.length === 0) return Math.floor((t - at) / DAY);
  let fewest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < zones.length; i++) {
    const days = localDay(locals[i] as number) - localDay(at + offsetAt(zones[i] as ZoneClock, at));
    if (days < fewest) fewest = days;
  }
  return fewest;
}

const ago = (days: number) => (days <= 0 ? "today" : days === 1 ? "yesterday" : `${days} days ago`);

/** Rules that need only the attempt: flags (7), opt-out (8), recipient (9), dispute (6). `today` is a day number. */
function checkAttempt(a: GateAttempt, today: number, findings: Finding[]): void {
  const f = a.flags;
  const channel = a.channel;
  if (f.doNotContact)
    findings.push({ rule: "flags.do_not_contact", verdict: "block", reason: "marked do-not-contact" });
  if (f.cease) {
    findings.push({ rule: "flags.cease", verdict: "block", reason: "the customer asked us to stop contacting them" });
  }
  // Talking to the customer's own lawyer is the route the flag asks for.
  if (f.representedByLawyer && a.contactRole !== "lawyer") {
    const reason = "the customer is represented by a lawyer: route to the customer's lawyer";
    findings.push({ rule: "flags.lawyer", verdict: "block", reason });
  }
  if (f.insolvency) {
    const reason = "the customer is in insolvency proceedings: no direct collection contact";
    findings.push({ rule: "flags.insolvency", verdict: "block", reason });
  }
  if (f.legalHold)
    findings.push({ rule: "flags.legal_hold", verdict: "block", reason: "legal hold: no direct contact" });
  const until = f.breathingSpaceUntil;
  if (until) {
    if (!isIsoDate(until)) {
      const reason = `breathing space until "${until}" is not a date (expected YYYY-MM-DD): treated as in force`;
      findings.push({ rule: "flags.breathing_space", verdict: "block", reason });
    } else if (dayNumber(until) >= today) {
      const reason = `breathing space until ${until}: no contact`;
      findings.push({ rule: "flags.breathing_space", verdict: "block", reason });
    }
  }
  if (a.optedOut)
    findings.push({ rule: "opt_out", verdict: "block", reason: `opted out of ${channel} at this address` });
  if ((a.carriesDebtDetails ?? true) && !AUTHORISED_ROLES.has(a.contactRole ?? "")) {
    const role = a.contactRole ? `this contact's role is "${a.contactRole}"` : "this contact's role is unknown";
    if (MESSAGE_CHANNELS.has(channel)) {
      const reason = `debt details only go to the owner, finance, purchasing, a guarantor or a lawyer; ${role}`;
      findings.push({ rule: "recipient.not_authorised", verdict: "block", reason });
    } else {
      const reason = `confirm you speak to an authorised person before discussing the debt (${role})`;
      findings.push({ rule: "recipient.not_authorised", verdict: "warn", reason });
    }
  }
  if (a.automated && a.invoiceDisputed) {
    const reason = "the invoice is disputed: automated reminders stop until the dispute is resolved";
    findings.push({ rule: "dispute.automated", verdict: "block", reason });
  }
}

/** Rule 1 for one instant: every zone must be inside hard hours; soft hours and call-avoid windows warn. */
function checkHours(p: CompiledPolicy, channel: Channel, zones: ZoneClock[], locals: number[], findings: Finding[]) {
  for (let i = 0; i < zones.length; i++) {
    const zone = (zones[i] as ZoneClock).name;
    const local = locals[i] as number;
    const minute = minuteOfDay(local);
    if (minute < p.hard.start || minute >= p.hard.end) {
      const reason = `outside contact hours: ${hhmm(local)} in ${zone} (allowed ${p.hard.text})`;
      findings.push({ rule: "hours.hard", verdict: "block", reason });
      continue;
    }
    if (p.soft) {
      const day = weekday(localDay(local));
      if (p.businessDaysOnly && (day === 0 || day === 6)) {
        const when = `${WEEKDAYS[day]} ${hhmm(local)} in ${zone}`;
        const reason = `not a business day: ${when} (preferred Monday–Friday ${p.soft.text})`;
        findings.push({ rule: "hours.soft", verdict: "warn", reason });
      } else if (minute < p.soft.start || minute >= p.soft.end) {
        const reason = `outside business hours: ${hhmm(local)} in ${zone} (preferred ${p.soft.text})`;
        findings.push({ rule: "hours.soft", verdict: "warn", reason });
      }
    }
    if (channel === "call") {
      for (const w of p.avoid) {
        if (minute >= w.start && minute < w.end) {
          const reason = `lunch break: ${hhmm(local)} in ${zone} (calls avoided ${w.text})`;
          findings.push({ rule: "hours.lunch", verdict: "warn", reason });
          break;
        }
      }
    }
  }
}

/** Rules 2–4. */
function checkCalls(
  p: CompiledPolicy,
  a: GateAttempt,
  history: GateHistory,
  t: number,
  zones: ZoneClock[],
  locals: number[],
  findings: Finding[],
) {
  const calls = history.calls;
  // Rule 2: rolling 7 days (now - 7d, now]; stricter than Reg F's seven calendar days.
  const weekAgo = t - 7 * DAY;
  let week = 0;
  for (const c of calls) {
    const at = c.at.getTime();
    if (at > weekAgo && at <= t) week++;
  }
  if (week >= p.maxCalls7d) {
    const reason = `${week} calls to this contact in the last 7 days (limit ${p.maxCalls7d})`;
    findings.push({ rule: "calls.per_contact_7d", verdict: "block", reason });
  }

  // Rule 3: the local calendar day in each candidate zone. A call without a number may have been to this one.
  const phone = a.phone || null;
  const target = phone ? `to ${phone}` : "to this contact";
  if (zones.length === 0) {
    let n = 0;
    for (const c of calls) {
      const at = c.at.getTime();
      if (at > t - DAY && at <= t && (phone === null || !c.phone || c.phone === phone)) n++;
    }
    if (n >= p.maxCallsDay) {
      const reason = `${n} calls ${target} in the last 24 hours (limit ${p.maxCallsDay} a day)`;
      findings.push({ rule: "calls.per_number_day", verdict: "block", reason });
    }
  }
  for (let i = 0; i < zones.length; i++) {
    const zone = zones[i] as ZoneClock;
    const today = localDay(locals[i] as number);
    let n = 0;
    for (const c of calls) {
      const at = c.at.getTime();
      if (at > t || at <= t - 2 * DAY || (phone !== null && c.phone && c.phone !== phone)) continue;
      if (localDay(at + offsetAt(zone, at)) === today) n++;
    }
    if (n >= p.maxCallsDay) {
      const reason = `${n} calls ${target} today (${isoDay(today)} in ${zone.name}; limit ${p.maxCallsDay} a day)`;
      findings.push({ rule: "calls.per_number_day", verdict: "block", reason });
      break;
    }
  }

  // Rule 4: Reg F 1006.14(b)(2)(ii) counts the day of the conversation as day one.
  const last = history.lastConversationAt;
  if (last && p.quietDays > 0) {
    const days = daysAgo(zones, locals, t, last.getTime());
    if (days < p.quietDays) {
      const spoke = `spoke with this person ${ago(days)}`;
      if (a.debtorType !== "business") {
        const reason = `${spoke}: no unsolicited call within ${p.quietDays} days for ${a.debtorType.replace("_", " ")} debtors`;
        findings.push({ rule: "calls.after_conversation", verdict: "block", reason });
      } else if (!a.callbackAgreed) {
        const reason = `${spoke}: a call within ${p.quietDays} days needs a reason unless a callback was agreed`;
        findings.push({ rule: "calls.after_conversation", verdict: "warn", reason });
      }
    }
  }
}

/** Rule 5, on the local calendar days of the contact. Reminders dated after now are not yet sent and do not count. */
function checkReminders(
  p: CompiledPolicy,
  a: GateAttempt,
  history: GateHistory,
  t: number,
  zones: ZoneClock[],
  locals: number[],
  findings: Finding[],
) {
  let last = Number.NEGATIVE_INFINITY;
  let lastAnswered = Number.NEGATIVE_INFINITY;
  for (const r of history.reminders) {
    const at = r.at.getTime();
    if (at > t) continue;
    if (at > last) last = at;
    if (r.answered && at > lastAnswered) lastAnswered = at;
  }
  if (last === Number.NEGATIVE_INFINITY) return;
  const days = daysAgo(zones, locals, t, last);
  const verdict: GateVerdict = a.automated ? "block" : "warn";
  if (days < p.minGapDays) {
    const reason = `last reminder ${ago(days)}: reminders at least ${p.minGapDays} days apart`;
    findings.push({ rule: "reminders.min_gap", verdict, reason });
  }
  if (days < p.coolDays) {
    // The newest `coolCount` reminders are all unanswered iff that many come after the newest answered one.
    let unanswered = 0;
    for (const r of history.reminders) {
      const at = r.at.getTime();
      if (at <= t && at > lastAnswered && !r.answered) unanswered++;
    }
    if (unanswered >= p.coolCount) {
      const reason = `last ${p.coolCount} reminders unanswered: wait ${p.coolDays} days after the last (sent ${ago(days)})`;
      findings.push({ rule: "reminders.cool_down", verdict, reason });
    }
  }
}

/**
 * Allow, warn or block one contact attempt at `now`. Every finding is kept; the first of the strictest decides.
 * Hours apply to every channel (conduct.md: "every channel", email included) except letters: posted mail has
 * no time of delivery.
 */
export function decideContact(
  policy: ContactPolicy,
  attempt: GateAttempt,
  history: GateHistory,
  now: Date,
): GateDecision {
  const p = compile(policy);
  const t = now.getTime();
  if (Number.isNaN(t)) throw new Error("decideContact: now is not a valid date");
  const ref = { id: policy.id, version: policy.version };
  const { clocks: zones, problem } = resolveZones(attempt);
  const locals: number[] = [];
  const localTimes: LocalTime[] = [];
  let today = Number.POSITIVE_INFINITY;
  for (const zone of zones) {
    const local = t + offsetAt(zone, t);
    locals.push(local);
    localTimes.push({ zone: zone.name, local: `${isoDay(localDay(local))} ${hhmm(local)}` });
    if (localDay(local) < today) today = localDay(local);
  }
  // Without a zone, "today" is the earliest date on Earth (UTC-12), so date limits hold everywhere.
  if (zones.length === 0) today = Math.floor((t - 12 * HOUR) / DAY);

  if (attempt.direction === "inbound") {
    const reason = "inbound: the customer reached us, the contact rules do not apply";
    return { verdict: "allow", rule: "allow", reason, findings: [], localTimes, policy: ref };
  }

  const findings: Finding[] = [];
  checkAttempt(attempt, today, findings);
  const channel = attempt.channel;
  if (channel !== "letter") {
    if (problem !== null) findings.push({ rule: "hours.unknown_zone", verdict: "block", reason: problem });
    checkHours(p, channel, zones, locals, findings);
  }
  if (channel === "call") checkCalls(p, attempt, history, t, zones, locals, findings);
  if (MESSAGE_CHANNELS.has(channel)) checkReminders(p, attempt, history, t, zones, locals, findings);

  let top: Finding | null = null;
  for (const f of findings) if (top === null || SEVERITY[f.verdict] > SEVERITY[top.verdict]) top = f;
  if (top === null) {
    return { verdict: "allow", rule: "allow", reason: "all contact rules pass", findings, localTimes, policy: ref };
  }
  return { verdict: top.verdict, rule: top.rule, reason: top.reason, findings, localTimes, policy: ref };
}

// ---- contact hours for the worklist: sorted, disjoint, half-open spans as flat [start, end, ...] instants ----

function pushSpan(out: number[], a: number, b: number) {
  const n = out.length;
  if (n > 0 && (out[n - 1] as number) >= a) out[n - 1] = Math.max(out[n - 1] as number, b);
  else out.push(a, b);
}

function appendSpans(out: number[], spans: number[]) {
  for (let i = 0; i < spans.length; i += 2) pushSpan(out, spans[i] as number, spans[i + 1] as number);
}

function intersect(x: number[], y: number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    const a = Math.max(x[i] as number, y[j] as number);
    const b = Math.min(x[i + 1] as number, y[j + 1] as number);
    if (a < b) pushSpan(out, a, b);
    if ((x[i + 1] as number) < (y[j + 1] as number)) i += 2;
    else j += 2;
  }
  return out;
}

function subtract(x: number[], y: number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < x.length; i += 2) {
    let a = x[i] as number;
    const b = x[i + 1] as number;
    for (let j = 0; j < y.length && a < b; j += 2) {
      const ya = y[j] as number;
      const yb = y[j + 1] as number;
      if (yb <= a || ya >= b) continue;
      if (ya > a) pushSpan(out, a, ya);
      a = Math.max(a, yb);
    }
    if (a < b) pushSpan(out, a, b);
  }
  return out;
}

/** The instants whose local wall time on local day `day` lies in [startMin, endMin): exact across DST changes. */
function localSpans(clock: ZoneClock, day: number, startMin: number, endMin: number): number[] {
  const lo = day * DAY + startMin * MINUTE;
  const hi = day * DAY + endMin * MINUTE;
  // UTC offsets lie within -12h..+14h.
  const segments = offsetSegments(clock, lo - 15 * HOUR, hi + 15 * HOUR);
  const out: number[] = [];
  for (let i = 0; i < segments.length; i += 3) {
    const offset = segments[i + 2] as number;
    const a = Math.max(segments[i] as number, lo - offset);
    const b = Math.min(segments[i + 1] as number, hi - offset);
    if (a < b) pushSpan(out, a, b);
  }
  return out;
}

function preferredSpans(p: CompiledPolicy, channel: Channel, clock: ZoneClock, day: number): number[] {
  let spans: number[];
  if (!p.soft) spans = localSpans(clock, day, 0, 24 * 60);
  else if (p.businessDaysOnly && (weekday(day) === 0 || weekday(day) === 6)) spans = [];
  else spans = localSpans(clock, day, p.soft.start, p.soft.end);
  if (channel === "call") for (const w of p.avoid) spans = subtract(spans, localSpans(clock, day, w.start, w.end));
  return spans;
}

const toIntervals = (spans: number[]): ContactInterval[] => {
  const out: ContactInterval[] = [];
  for (let i = 0; i < spans.length; i += 2) {
    out.push({ start: new Date(spans[i] as number), end: new Date(spans[i + 1] as number) });
  }
  return out;
};

/**
 * For the worklist: when on `date` (the contact's local date) this attempt may happen. `allowed` is inside hard
 * hours in every candidate zone; `preferred` also avoids soft-hour and call-avoid warnings. Rules that need no
 * history and block whatever the time (flags, breathing space on that date, opt-out, recipient, dispute, zone)
 * give `{ blocked }`. Counts and quiet days depend on the moment: ask decideContact when the call is placed.
 */
export function contactHoursOn(policy: ContactPolicy, attempt: GateAttempt, date: string): ContactHours {
  const p = compile(policy);
  if (!isIsoDate(date)) return { blocked: `date "${date}" is not a date (expected YYYY-MM-DD)` };
  const day = dayNumber(date);
  const findings: Finding[] = [];
  checkAttempt(attempt, day, findings);
  const { clocks: zones, problem } = resolveZones(attempt);
  const channel = attempt.channel;
  if (channel !== "letter" && problem !== null)
    findings.push({ rule: "hours.unknown_zone", verdict: "block", reason: problem });
  const block = findings.find((f) => f.verdict === "block");
  if (block) return { blocked: block.reason };
  const primary = zones[0];
  if (channel === "letter" || primary === undefined) {
    const whole = primary ? localSpans(primary, day, 0, 24 * 60) : [day * DAY, (day + 1) * DAY];
    return { allowed: toIntervals(whole), preferred: toIntervals(whole) };
  }
  let allowed = localSpans(primary, day, p.hard.start, p.hard.end);
  let preferred = preferredSpans(p, channel, primary, day);
  // Other zones' local dates differ from `day` by at most two (offsets span 26 hours).
  for (let z = 1; z < zones.length; z++) {
    const clock = zones[z] as ZoneClock;
    const hard: number[] = [];
    const soft: number[] = [];
    for (let d = day - 2; d <= day + 2; d++) {
      appendSpans(hard, localSpans(clock, d, p.hard.start, p.hard.end));
      appendSpans(soft, preferredSpans(p, channel, clock, d));
    }
    allowed = intersect(allowed, hard);
    preferred = intersect(preferred, soft);
  }
  return { allowed: toIntervals(allowed), preferred: toIntervals(intersect(preferred, allowed)) };
}
