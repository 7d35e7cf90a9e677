// The limitation clock (诉讼时效): the last day a claim for an invoice can still be brought, and what restarts it.
// Pure: (claim, events, rule, asOf).
//
// China (Civil Code art. 188): three years. The period runs from the due date; the due date itself is not counted
// (art. 201), so the last day is the same date `years` later, or the month's last day when that date does not
// exist (art. 202: 2020-02-29 + 3 years ends on 2023-02-28). The move to the next working day when the last day
// is a holiday (art. 203) is not applied: the clock errs on the early side.
// Restarts (art. 195, 中断; SPC limitation rules 2020 arts. 8-16) count from the event's date, for events after the
// due date and no later than the last day (a barred claim is not revived here; whether a later acknowledgement
// waives the defence is for a lawyer):
//   payment          a payment by the customer (partial performance). A payment with explicit allocations restarts
//                    the invoices it is allocated to; one without, every invoice of that currency then due.
//   promise          a promise to pay recorded (made_on), whatever became of it; invoices of its currency.
//   plan             a payment plan agreed (清偿债务计划, SPC art. 16); its covered invoices, else its currency's.
//   acknowledgement  an interaction, any channel or direction, with the outcome promise_to_pay: the debtor agreed
//                    to pay.
//   signed_acknowledgement  a statement of account whose balance-confirmation slip the customer signed and returned
//                    (record-statement-confirmation.ts): the invoices open on the day it was signed. A signed
//                    acknowledgement is an acknowledgement too: rules that take acknowledgements take it.
//   demand           an outbound interaction on a written channel (default: letter, email; `demandChannels`)
//                    whose outcome is not wrong_number: a demand sent that reached the customer and can be proved
//                    (SPC art. 8, letters and data messages that arrive).
// Not restarting: calls, visits and messages without a promise, refusals, disputes, claims of having paid.
import { z } from "zod";
import { daysBetween, type IsoDate } from "../calendar/calendar-date.ts";
import { CHANNELS, type Channel } from "./ledger.schema.ts";

export const LIMITATION_EVENT_KINDS = [
  "payment",
  "promise",
  "plan",
  "acknowledgement",
  "signed_acknowledgement",
  "demand",
] as const;
export type LimitationEventKind = (typeof LIMITATION_EVENT_KINDS)[number];

export type LimitationRule = { years: number; restartBy: readonly LimitationEventKind[] };

/** Whether the rule restarts the clock on this kind of event (a signed acknowledgement counts as an acknowledgement). */
function restartsOn(rule: LimitationRule, kind: LimitationEventKind): boolean {
  return (
    rule.restartBy.includes(kind) || (kind === "signed_acknowledgement" && rule.restartBy.includes("acknowledgement"))
  );
}
export type LimitationSettings = {
  defaultYears: number;
  restartBy: LimitationEventKind[];
  /** Outbound interactions on these channels count as a demand sent with proof. */
  demandChannels: Channel[];
  /** Per ISO 3166 country code of the customer: its years, and its restarting events when they differ. */
  countries: Record<string, { years: number; restartBy?: LimitationEventKind[] }>;
  /** How far ahead the worklist looks for claims about to expire. */
  nearingDays: number;
};

export const DEFAULT_LIMITATION: LimitationSettings = {
  defaultYears: 3,
  restartBy: [...LIMITATION_EVENT_KINDS],
  demandChannels: ["letter", "email"],
  countries: {
    // Civil Code art. 188.
    CN: { years: 3 },
    // UCC § 2-725: four years for the sale of goods (many states allow six for other written contracts).
    US: { years: 4 },
    // Limitation Act 1980 s. 5 (six years) and ss. 29-30: only a payment or a signed written acknowledgement
    // restarts it (a signed balance confirmation is one; a collector's log of a promise is not).
    GB: { years: 6, restartBy: ["payment", "signed_acknowledgement"] },
  },
  nearingDays: 90,
};

const years = z.number().int().min(1).max(30);
const kinds = z.array(z.enum(LIMITATION_EVENT_KINDS));
export const limitationSettingsSchema = z.object({
  defaultYears: years,
  restartBy: kinds,
  demandChannels: z.array(z.enum(CHANNELS)),
  countries: z.record(
    z.string().regex(/^[A-Z]{2}$/, "expected an ISO 3166 country code such as CN"),
    z.object({ years, restartBy: kinds.optional() }),
  ),
  nearingDays: z.number().int().min(1).max(366),
});

export function limitationRuleFor(settings: LimitationSettings, country: string | null): LimitationRule {
  const own = country ? settings.countries[country.trim().toUpperCase()] : undefined;
  return { years: own?.years ?? settings.defaultYears, restartBy: own?.restartBy ?? settings.restartBy };
}

/** The fewest years any rule gives: no claim can expire sooner than its due date plus these. */
export function shortestYears(settings: LimitationSettings): number {
  return Math.min(settings.defaultYears, ...Object.values(settings.countries).map((c) => c.years));
}

/** The same date `n` years on; the month's last day when it does not exist (Civil Code art. 202). */
export function addYears(date: IsoDate, n: number): IsoDate {
  const y = Number(date.slice(0, 4)) + n;
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
}

export type LimitationEvent = {
  kind: LimitationEventKind;
  on: IsoDate;
  /** The event concerns this currency's invoices only; null: every currency. */
  currency: string | null;
  /** The event concerns these invoices only; null: every invoice due by then (of `currency`). */
  invoiceIds: readonly number[] | null;
  /** What it was, for people: "payment R-17", "interaction 42". */
  ref: string;
};
export type Claim = { invoiceId: number; dueDate: IsoDate; currency: string };
export type ClaimClock = {
  expiresOn: IsoDate;
  /** asOf to expiresOn in days: negative once barred. */
  daysLeft: number;
  timeBarred: boolean;
  years: number;
  restartedBy: { kind: LimitationEventKind; on: IsoDate; ref: string } | null;
  restarts: number;
};

export function eventConcerns(event: LimitationEvent, claim: Claim): boolean {
  if (event.currency !== null && event.currency !== claim.currency) return false;
  return event.invoiceIds === null || event.invoiceIds.includes(claim.invoiceId);
}

/**
 * The clock of one claim as of `asOf`, from the customer's events (any order; those after `asOf` are ignored).
 */
export function limitationClock(
  claim: Claim,
  events: readonly LimitationEvent[],
  rule: LimitationRule,
  asOf: IsoDate,
): ClaimClock {
  let expiresOn = addYears(claim.dueDate, rule.years);
  let restartedBy: ClaimClock["restartedBy"] = null;
  let restarts = 0;
  const ordered = [...events].sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
  for (const e of ordered) {
    if (e.on > asOf) break;
    if (e.on <= claim.dueDate || e.on > expiresOn) continue;
    if (!restartsOn(rule, e.kind) || !eventConcerns(e, claim)) continue;
    const next = addYears(e.on, rule.years);
    if (next > expiresOn) {
      expiresOn = next;
      restartedBy = { kind: e.kind, on: e.on, ref: e.ref };
      restarts++;
    }
  }
  const daysLeft = daysBetween(asOf, expiresOn);
  return { expiresOn, daysLeft, timeBarred: daysLeft < 0, years: rule.years, restartedBy, restarts };
}
