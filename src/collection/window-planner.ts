// The suggested contact window of a task: the hours the contact gate allows in the contact's zone, cut to the
// company's working hours (in the company's zone, when they are given), and inside them the hour the best-time model
// ranks highest. On a day where the two do not meet (a weekend, a debtor whose day is the company's night) the window
// moves to the next day where they do. Pure; memoised for contacts without history, who share one answer per zone,
// channel and debtor type (most of them on a first run).
import { addDays, type IsoDate } from "../calendar/calendar-date.ts";
import { learnModel, type OutcomeSample, priorModel, suggestWindow } from "../contact/best-time.rules.ts";
import { type ContactPolicy, contactHoursOn, type GateContactRole, selectPolicy } from "../contact/gate.rules.ts";
import type { Channel, DebtorType } from "../ledger/ledger.schema.ts";
import {
  type Interval,
  intersectIntervals,
  type WorkingHours,
  workingIntervalsBetween,
} from "./working-hours.rules.ts";

export type ContactWindowInput = {
  channel: Channel;
  debtorType: DebtorType;
  contactZone: string | null;
  customerZone: string | null;
  contactRole: string | null;
  doNotContact: boolean;
  optedOut: boolean;
  contactId: string | null;
  country?: string | null;
  /** Logged outcomes with this contact, when there are any. */
  samples?: OutcomeSample[];
};
export type PlannedWindow =
  | { blocked: string; review: boolean }
  | { window: { start: Date; end: Date; reason: string } | null };
/** The company setting's part the planner needs: its zone and working hours. */
export type CompanyHours = { timeZone: string; workingHours: WorkingHours };

/** How far ahead the planner looks for a day with hours (two weeks: past any holiday-free week of working days). */
export const LOOK_AHEAD_DAYS = 14;

export function makeWindowPlanner(policies: readonly ContactPolicy[], asOf: IsoDate, company?: CompanyHours) {
  const prior = priorModel();
  const memo = new Map<string, PlannedWindow>();
  const working = (allowed: Interval[]): Interval[] => {
    if (!company || allowed.length === 0) return allowed;
    const from = allowed[0] as Interval;
    const to = allowed[allowed.length - 1] as Interval;
    const work = workingIntervalsBetween(company.workingHours, company.timeZone, from.start, to.end);
    return intersectIntervals(allowed, work);
  };
  const plan = (input: ContactWindowInput): PlannedWindow => {
    if (!input.contactId && input.channel !== "visit" && input.channel !== "letter") {
      return { blocked: "no contact person on file for this customer", review: false };
    }
    const policy = selectPolicy(policies, input.country ?? null, input.debtorType);
    const attempt = {
      channel: input.channel,
      debtorType: input.debtorType,
      contactTimeZone: input.contactZone,
      customerTimeZone: input.customerZone,
      contactRole: (input.contactRole as GateContactRole | null) ?? null,
      flags: { doNotContact: input.doNotContact },
      optedOut: input.optedOut,
      automated: false,
    };
    const zone = (input.contactZone || input.customerZone) as string;
    const model = input.samples?.length ? learnModel(input.samples, zone, prior) : prior;
    for (let ahead = 0; ahead < LOOK_AHEAD_DAYS; ahead++) {
      const date = addDays(asOf, ahead);
      const hours = contactHoursOn(policy, attempt, date);
      if ("blocked" in hours) {
        // What blocks on the run date blocks the task; a block that starts later (none today) only skips its days.
        if (ahead === 0) return { blocked: hours.blocked, review: input.doNotContact || input.optedOut };
        continue;
      }
      // The gate's preferred hours (no warning) when any of them are working hours, else its allowed hours.
      const preferred = working(hours.preferred);
      const candidates = preferred.length ? preferred : working(hours.allowed);
      if (!candidates.length) continue;
      const w = suggestWindow(model, input.samples ?? null, zone, date, candidates);
      if (!w) continue;
      const reason =
        ahead === 0 ? w.reason : `${w.reason}; ${date}: the first day from ${asOf} with ${hoursNote(company)}`;
      return { window: { start: w.start, end: w.end, reason } };
    }
    return { window: null };
  };
  return {
    windowFor(input: ContactWindowInput): PlannedWindow {
      if (input.samples?.length) return plan(input);
      const key = `${input.channel}|${input.debtorType}|${input.contactZone}|${input.customerZone}|${input.contactRole}|${input.doNotContact}|${input.optedOut}|${input.contactId === null}|${input.country ?? ""}`;
      let found = memo.get(key);
      if (!found) {
        found = plan(input);
        memo.set(key, found);
      }
      return found;
    },
  };
}

const hoursNote = (company: CompanyHours | undefined) =>
  company ? "contact hours within working hours" : "contact hours";
