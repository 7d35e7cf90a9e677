// Why an overdue customer is late (domain guide, "Why a customer is late: the cause"): a pure rule set that scores
// each cause from the customer's signals, picks the highest, and explains it. Called for every overdue customer in
// the daily run (~60,000), so the scoring pass allocates nothing: each rule is one function that adds up its points
// and writes evidence sentences only when given a list, which happens once, for the winning cause.
import { addDays, dayNumber, type IsoDate } from "../calendar/calendar-date.ts";
import type { Cause, Excuse, Outcome } from "./collection.enums.ts";

export type CauseSignals = {
  asOf: IsoDate;
  /** Oldest overdue invoice, in days. */
  daysPastDue: number;
  /** Overdue amount in minor units. */
  overdueMinor: bigint;
  // Payment history over the last 12 months (computed by SQL in the daily run).
  /** Invoices fully paid in the window. */
  invoicesPaid: number;
  /** Of those, paid after the due date plus a 5-day grace. */
  invoicesPaidLate: number;
  /** Mean days late of the paid invoices. */
  avgDaysLate: number | null;
  /** Payments in the last 90 days that did not clear an invoice. */
  partialPayments90d: number;
  lastPaymentOn: IsoDate | null;
  // Workspace facts (all zero until the collector workspace records them).
  openDisputes: number;
  promisesBroken180d: number;
  promisesKept180d: number;
  /** Outbound attempts on any channel. */
  contactAttempts30d: number;
  /** Attempts with a live conversation. */
  connected30d: number;
  /** Last inbound reply or connected contact. */
  lastReplyOn: IsoDate | null;
  excuses90d: Partial<Record<Excuse, number>>;
  outcomes90d: Partial<Record<Outcome, number>>;
  // Customer attributes.
  middleman: boolean;
  foreignTrade: boolean;
  /** Overdue invoices in a currency other than the company's. */
  invoiceCurrencyForeign: boolean;
  /** First invoice less than 180 days ago. */
  newCustomer: boolean;
  /** Invoices issued in the last 60 days: still trading. */
  recentOrders: boolean;
};

export type CauseOptions = {
  /** Days without any reply (with at least 3 attempts in 30 days) after which a customer counts as unreachable. */
  unreachableAfterDays: number;
  /** Share of paid invoices paid late from which lateness is a habit. */
  habitualShare: number;
  /** Paid invoices needed before the share means anything. */
  minPaidForHabit: number;
};
export const DEFAULT_CAUSE_OPTIONS: CauseOptions = { unreachableAfterDays: 21, habitualShare: 0.5, minPaidForHabit: 3 };

/** One fact behind a verdict, e.g. { signal: "promises_broken", detail: "2 promises broken in 180 days" }. */
export type Evidence = { signal: string; detail: string };
export type CauseVerdict = {
  cause: Cause;
  /** 0.3 (a guess) to 0.95 (recorded facts that leave no doubt). */
  confidence: number;
  /** What produced the verdict; never empty. */
  evidence: Evidence[];
  /** Points of every cause that scored above zero. */
  scores: Partial<Record<Cause, number>>;
};

/** Who wins a tie: the cause whose playbook must not be missed comes first (a dispute holds collection). */
export const CAUSE_TIE_ORDER: readonly Cause[] = [
  "dispute",
  "deliberate",
  "unreachable",
  "hardship",
  "middleman",
  "fx_wait",
  "habitual",
  "switched_supplier",
  "forgot",
];

/** A cause set by hand is re-checked by the rules after this many days unless the collector chose a date. */
export const MANUAL_CAUSE_RECHECK_DAYS = 30;

// Points. A primary sign of a cause is worth 3, a supporting sign 1, a recorded fact that settles the question
// more. "forgot" can reach at most 2.5, so any primary sign of another cause beats it: forgot is what is left.
const RECORDED_DISPUTE = 8;
const STRONG = 5;
const CLEAR = 4;
const PRIMARY = 3;
const SUPPORT = 1;
const CONFIDENCE_MIN = 0.3;
const CONFIDENCE_MAX = 0.95;
/** A lead of this many points over the runner-up, or this total, counts as certain. */
const MARGIN_FOR_CERTAINTY = 5;
const POINTS_FOR_CERTAINTY = 8;
/** Domain guide: switched supplier is a weak inference from silence; never state it with more than this. */
const SWITCHED_SUPPLIER_MAX_CONFIDENCE = 0.5;
const RECENTLY_OVERDUE_DAYS = 30;

type Sink = Evidence[] | null;
type Rule = (s: CauseSignals, o: CauseOptions, ev: Sink) => number;

const n = (value: number | undefined): number => value ?? 0;
const plural = (count: number, one: string, many = `${one}s`): string => `${count} ${count === 1 ? one : many}`;
const percent = (share: number): string => `${Math.round(share * 100)}%`;

function excusesTotal(e: Partial<Record<Excuse, number>>): number {
  return (
    n(e.no_money_now) +
    n(e.awaiting_approval) +
    n(e.boss_away) +
    n(e.quality_problem) +
    n(e.invoice_not_received) +
    n(e.waiting_for_our_customer) +
    n(e.waiting_for_exchange_rate) +
    n(e.will_pay_next_week) +
    n(e.other)
  );
}

/** Days since the last reply, or +Infinity when the customer never replied. */
function silentDays(s: CauseSignals): number {
  return s.lastReplyOn === null ? Number.POSITIVE_INFINITY : dayNumber(s.asOf) - dayNumber(s.lastReplyOn);
}

/** No reply on any channel for the threshold despite repeated attempts (shared by unreachable and deliberate). */
function isSilentDespiteAttempts(s: CauseSignals, o: CauseOptions): boolean {
  return s.contactAttempts30d >= 3 && silentDays(s) >= o.unreachableAfterDays;
}

/**
 * Silent towards the collector while still ordering. Ordering proves the company is working and reachable, so this
 * counts for deliberate, not unreachable. Needs a paying history: a silent new customer that never paid is more
 * likely unreachable or gone to another supplier.
 */
function isDuckingWhileTrading(s: CauseSignals, o: CauseOptions): boolean {
  return s.recentOrders && s.invoicesPaid > 0 && isSilentDespiteAttempts(s, o);
}

function silenceDetail(s: CauseSignals): string {
  const attempts = plural(s.contactAttempts30d, "attempt");
  return s.lastReplyOn === null
    ? `no reply ever recorded despite ${attempts} in 30 days`
    : `no reply since ${s.lastReplyOn} (${silentDays(s)} days) despite ${attempts} in 30 days`;
}

/** Signs: a complaint about quality, quantity, price, service or amount. */
const dispute: Rule = (s, _o, ev) => {
  let points = 0;
  if (s.openDisputes > 0) {
    // A dispute on record is a fact, not an inference.
    points += RECORDED_DISPUTE;
    ev?.push({ signal: "open_dispute", detail: `${plural(s.openDisputes, "dispute")} open` });
  }
  const raised = n(s.outcomes90d.dispute_raised);
  if (raised > 0) {
    points += CLEAR;
    ev?.push({ signal: "dispute_raised", detail: `raised a dispute in ${plural(raised, "contact")} in 90 days` });
  }
  const quality = n(s.excuses90d.quality_problem);
  const noInvoice = n(s.excuses90d.invoice_not_received);
  if (quality + noInvoice > 0) {
    points += CLEAR;
    if (ev) {
      const parts: string[] = [];
      if (quality > 0) parts.push(`a quality problem ${plural(quality, "time")}`);
      if (noInvoice > 0) parts.push(`not receiving the invoice ${plural(noInvoice, "time")}`);
      ev.push({ signal: "dispute_excuse", detail: `cited ${parts.join(" and ")} in 90 days` });
    }
  }
  return points;
};

/** Signs: broken promises, excuses, avoids contact while trading. */
const deliberate: Rule = (s, o, ev) => {
  let points = 0;
  const broken = s.promisesBroken180d;
  if (broken >= 2) {
    points += STRONG + Math.min(broken - 2, 3);
    ev?.push({ signal: "promises_broken", detail: `${broken} promises broken in 180 days` });
  } else if (broken === 1 && s.recentOrders) {
    // One broken promise alone happens to honest customers in trouble; with excuses while still ordering it does not.
    const excuses = excusesTotal(s.excuses90d);
    if (excuses > 0) {
      points += CLEAR;
      ev?.push({
        signal: "broken_promise_with_excuses",
        detail: `1 promise broken in 180 days and ${plural(excuses, "excuse")} in 90 days while still ordering`,
      });
    }
  }
  const refused = n(s.outcomes90d.refused);
  if (refused > 0) {
    points += CLEAR;
    ev?.push({ signal: "refused", detail: `refused to pay in ${plural(refused, "contact")} in 90 days` });
  }
  if (isDuckingWhileTrading(s, o)) {
    points += STRONG;
    ev?.push({ signal: "avoids_contact_while_trading", detail: `${silenceDetail(s)}, yet still ordering` });
  }
  return points;
};

/** Signs: no reply on any channel. */
const unreachable: Rule = (s, o, ev) => {
  if (!isSilentDespiteAttempts(s, o) || isDuckingWhileTrading(s, o)) return 0;
  ev?.push({ signal: "no_reply", detail: silenceDetail(s) });
  return CLEAR + (silentDays(s) >= 2 * o.unreachableAfterDays ? SUPPORT : 0);
};

/** Signs: partial payments, asks for time, honest contact. */
const hardship: Rule = (s, _o, ev) => {
  let points = 0;
  const partial = s.partialPayments90d;
  if (partial > 0) {
    points += PRIMARY + (partial >= 2 ? SUPPORT : 0);
    ev?.push({ signal: "partial_payments", detail: `${plural(partial, "partial payment")} in 90 days` });
  }
  const noMoney = n(s.excuses90d.no_money_now);
  if (noMoney > 0) {
    points += PRIMARY + (noMoney >= 2 ? SUPPORT : 0);
    ev?.push({ signal: "no_money_now", detail: `said there is no money now ${plural(noMoney, "time")} in 90 days` });
  }
  // Honest contact only supports hardship; on its own it is just a customer who answers the phone.
  if (points === 0) return 0;
  if (s.connected30d > 0) {
    points += SUPPORT;
    ev?.push({ signal: "answers_calls", detail: `${plural(s.connected30d, "conversation")} in 30 days` });
  }
  if (s.promisesKept180d > 0) {
    points += SUPPORT;
    ev?.push({ signal: "promises_kept", detail: `${plural(s.promisesKept180d, "promise")} kept in 180 days` });
  }
  return points;
};

/** Signs: waiting for its own customer to pay. */
const middleman: Rule = (s, _o, ev) => {
  let points = 0;
  if (s.middleman) {
    points += PRIMARY;
    ev?.push({ signal: "middleman", detail: "customer is a middleman (resells to its own customers)" });
  }
  const waiting = n(s.excuses90d.waiting_for_our_customer);
  if (waiting > 0) {
    points += PRIMARY + (waiting >= 2 ? SUPPORT : 0);
    ev?.push({
      signal: "waiting_for_our_customer",
      detail: `said it is waiting for its own customer to pay ${plural(waiting, "time")} in 90 days`,
    });
  }
  return points;
};

/** Signs: a foreign-trade buyer timing the exchange rate. */
const fxWait: Rule = (s, _o, ev) => {
  let points = 0;
  if (s.foreignTrade && s.invoiceCurrencyForeign) {
    points += PRIMARY;
    ev?.push({
      signal: "foreign_currency",
      detail: "foreign-trade customer with overdue invoices in a foreign currency",
    });
  }
  const waiting = n(s.excuses90d.waiting_for_exchange_rate);
  if (waiting > 0) {
    points += PRIMARY + (waiting >= 2 ? SUPPORT : 0);
    ev?.push({
      signal: "waiting_for_exchange_rate",
      detail: `said it is waiting for a better exchange rate ${plural(waiting, "time")} in 90 days`,
    });
  }
  return points;
};

function lateShare(s: CauseSignals): number {
  return s.invoicesPaid > 0 ? s.invoicesPaidLate / s.invoicesPaid : 0;
}

function isHabitual(s: CauseSignals, o: CauseOptions): boolean {
  return s.invoicesPaid >= o.minPaidForHabit && lateShare(s) >= o.habitualShare;
}

/** Signs: pays, but always late. */
const habitual: Rule = (s, o, ev) => {
  if (!isHabitual(s, o)) return 0;
  const share = lateShare(s);
  if (ev) {
    const average = s.avgDaysLate === null ? "" : `, on average ${Math.round(s.avgDaysLate)} days late`;
    ev.push({
      signal: "paid_late_share",
      detail: `${s.invoicesPaidLate} of ${s.invoicesPaid} invoices paid late in 12 months (${percent(share)})${average}`,
    });
  }
  return PRIMARY + (share >= 0.8 ? SUPPORT : 0);
};

/** Signs: order confirmed then stalls; new customers. A weak inference, capped in confidence. */
const switchedSupplier: Rule = (s, _o, ev) => {
  const neverPaid = s.invoicesPaid === 0 && s.lastPaymentOn === null;
  if (!(s.newCustomer && s.recentOrders && neverPaid && s.connected30d === 0)) return 0;
  ev?.push({
    signal: "new_customer_stalled",
    detail: "new customer ordered in the last 60 days, has never paid and has not spoken to us in 30 days",
  });
  return PRIMARY;
};

/** Signs: first lateness, pays right after a reminder. What is left when no other cause shows. */
const forgot: Rule = (s, o, ev) => {
  let points = 0;
  if (s.invoicesPaid > 0 && s.invoicesPaidLate === 0) {
    points += 2;
    ev?.push({
      signal: "first_lateness",
      detail: `none of the ${plural(s.invoicesPaid, "invoice")} paid in 12 months was late`,
    });
  } else if (s.invoicesPaid > 0 && !isHabitual(s, o)) {
    points += SUPPORT;
    ev?.push({
      signal: "few_late_payments",
      detail: `only ${s.invoicesPaidLate} of ${plural(s.invoicesPaid, "invoice")} paid in 12 months were late`,
    });
  }
  if (s.daysPastDue <= RECENTLY_OVERDUE_DAYS) {
    points += 0.5;
    ev?.push({ signal: "recently_overdue", detail: `overdue only ${plural(s.daysPastDue, "day")}` });
  }
  return points;
};

const RULES: Record<Cause, Rule> = {
  dispute,
  deliberate,
  unreachable,
  hardship,
  middleman,
  fx_wait: fxWait,
  habitual,
  switched_supplier: switchedSupplier,
  forgot,
};

function confidenceOf(cause: Cause, top: number, runnerUp: number): number {
  const margin = Math.min(top - runnerUp, MARGIN_FOR_CERTAINTY) / MARGIN_FOR_CERTAINTY;
  const strength = Math.min(top, POINTS_FOR_CERTAINTY) / POINTS_FOR_CERTAINTY;
  const raw = CONFIDENCE_MIN + (CONFIDENCE_MAX - CONFIDENCE_MIN) * (0.6 * margin + 0.4 * strength);
  const capped = cause === "switched_supplier" ? Math.min(raw, SWITCHED_SUPPLIER_MAX_CONFIDENCE) : raw;
  return Math.round(capped * 100) / 100;
}

/**
 * The customer's current cause of lateness, with a confidence and the evidence. Every cause is scored; the highest
 * wins and ties go by CAUSE_TIE_ORDER. With no sign of any cause the verdict is "forgot" at the lowest confidence.
 */
export function inferCause(s: CauseSignals, options: CauseOptions = DEFAULT_CAUSE_OPTIONS): CauseVerdict {
  const scores: Partial<Record<Cause, number>> = {};
  let best: Cause = "forgot";
  let top = 0;
  let runnerUp = 0;
  for (const cause of CAUSE_TIE_ORDER) {
    const points = RULES[cause](s, options, null);
    if (points <= 0) continue;
    scores[cause] = points;
    if (points > top) {
      runnerUp = top;
      top = points;
      best = cause;
    } else if (points > runnerUp) {
      runnerUp = points;
    }
  }
  const evidence: Evidence[] = [];
  if (top > 0) RULES[best](s, options, evidence);
  else evidence.push({ signal: "no_other_signs", detail: "no sign of another cause; treated as an oversight" });
  return { cause: best, confidence: confidenceOf(best, top, runnerUp), evidence, scores };
}

/**
 * Whether a cause a collector set by hand still overrides the rules on `asOf`: it holds until the re-check date
 * (exclusive), which defaults to MANUAL_CAUSE_RECHECK_DAYS after it was set.
 */
export function manualCauseHolds(setAt: IsoDate, recheckOn: IsoDate | null, asOf: IsoDate): boolean {
  const until = recheckOn ?? addDays(setAt, MANUAL_CAUSE_RECHECK_DAYS);
  return dayNumber(asOf) < dayNumber(until);
}
