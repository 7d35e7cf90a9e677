// Figure (contact gate): decisions per second over varied attempts and histories, median of 3 timed rounds after a
// warm-up round (the warm-up also fills the per-zone offset cache, as a running server would have); plus the
// worklist's contactHoursOn per second.
// Usage: node --import tsx bench/gate.ts [--attempts 10000 --decisions 300000]
import {
  contactHoursOn,
  DEFAULT_POLICIES,
  decideContact,
  GATE_CHANNELS,
  type GateAttempt,
  type GateHistory,
  type GateVerdict,
  selectPolicy,
} from "../src/contact/gate.rules.ts";
import { DEBTOR_TYPES } from "../src/ledger/ledger.schema.ts";
import { arg, emitResult, median, peakMb } from "./bench-util.ts";

const size = { attempts: arg("attempts", 10_000), decisions: arg("decisions", 300_000) };
const DAY = 86_400_000;
const ZONES = ["Asia/Shanghai", "America/New_York", "Europe/London", "Asia/Kolkata", "Australia/Sydney", null];
const ROLES = ["owner", "finance", "purchasing", "other", "guarantor", null] as const;

// Deterministic (mulberry32), so every run measures the same cases.
let seed = 42;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
const chance = (p: number) => random() < p;

type Case = { attempt: GateAttempt; history: GateHistory; now: Date };

function makeCase(): Case {
  // Nows over two years, so DST changes in every zone are crossed.
  const now = Date.UTC(2025, 0, 1) + Math.floor(random() * 730 * DAY);
  const phones = ["+8613800000001", "+8613800000002"];
  const attempt: GateAttempt = {
    channel: pick(GATE_CHANNELS),
    direction: chance(0.03) ? "inbound" : "outbound",
    automated: chance(0.4),
    debtorType: pick(DEBTOR_TYPES),
    contactTimeZone: pick(ZONES),
    customerTimeZone: pick(ZONES),
    extraTimeZones: chance(0.05) ? [pick(ZONES) ?? "Asia/Tokyo"] : undefined,
    phone: pick(phones),
    contactRole: pick(ROLES),
    flags: {
      doNotContact: chance(0.01),
      cease: chance(0.01),
      representedByLawyer: chance(0.01),
      breathingSpaceUntil: chance(0.02) ? "2025-06-30" : null,
    },
    optedOut: chance(0.02),
    invoiceDisputed: chance(0.05),
    callbackAgreed: chance(0.1),
  };
  const calls = Array.from({ length: Math.floor(random() * 12) }, () => ({
    at: new Date(now - Math.floor(random() * 10 * DAY)),
    phone: pick(phones),
  }));
  const reminders = Array.from({ length: Math.floor(random() * 6) }, () => ({
    at: new Date(now - Math.floor(random() * 30 * DAY)),
    answered: chance(0.3),
  }));
  const lastConversationAt = chance(0.5) ? new Date(now - Math.floor(random() * 20 * DAY)) : null;
  return { attempt, history: { calls, lastConversationAt, reminders }, now: new Date(now) };
}

const cases = Array.from({ length: size.attempts }, makeCase);
const policies = cases.map((c) => selectPolicy(DEFAULT_POLICIES, "CN", c.attempt.debtorType));

function round(): { seconds: number; verdicts: Record<GateVerdict, number> } {
  const verdicts: Record<GateVerdict, number> = { allow: 0, warn: 0, block: 0 };
  const t0 = performance.now();
  for (let i = 0; i < size.decisions; i++) {
    const k = i % cases.length;
    const c = cases[k] as Case;
    verdicts[decideContact(policies[k] as (typeof policies)[number], c.attempt, c.history, c.now).verdict]++;
  }
  return { seconds: (performance.now() - t0) / 1000, verdicts };
}

const cold = round();
const times = [round(), round(), round()].map((r) => r.seconds);
const perSecond = (n: number, s: number) => Math.round(n / s).toLocaleString("en-US");
console.log(`gate bench: ${size.attempts} attempts and histories, ${size.decisions} decisions per round`);
console.log(
  `decideContact: ${perSecond(size.decisions, median(times))} decisions/s median of 3 (first round, cold caches: ${perSecond(size.decisions, cold.seconds)}/s)`,
);
console.log(`verdicts per round: ${JSON.stringify(cold.verdicts)}`);

const hoursRuns = Math.min(size.attempts, 10_000);
const t1 = performance.now();
let windows = 0;
for (let i = 0; i < hoursRuns; i++) {
  const c = cases[i] as Case;
  const r = contactHoursOn(policies[i] as (typeof policies)[number], c.attempt, c.now.toISOString().slice(0, 10));
  if (!("blocked" in r)) windows += r.allowed.length;
}
const hoursSeconds = (performance.now() - t1) / 1000;
console.log(`contactHoursOn: ${perSecond(hoursRuns, hoursSeconds)} calls/s (${windows} allowed windows)`);
emitResult("gate", [
  {
    figure: "decideContact (pure)",
    engine: "node",
    value: size.decisions / median(times),
    unit: "decisions/s",
    peakMb: peakMb(),
    stat: "median of 3",
    limits: [{ on: "value", op: ">=", value: 50_000, source: "issue 3" }],
  },
  {
    figure: "contactHoursOn (pure)",
    engine: "node",
    value: hoursRuns / hoursSeconds,
    unit: "calls/s",
    peakMb: peakMb(),
  },
]);
