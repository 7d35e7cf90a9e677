// The suggested contact window of a task: the hours the contact gate allows on the run date in the contact's zone,
// and inside them the hour the best-time model ranks highest. Pure; memoised for contacts without history, who
// share one answer per zone, channel and debtor type (most of them on a first run).
import type { IsoDate } from "../calendar/calendar-date.ts";
import { learnModel, type OutcomeSample, priorModel, suggestWindow } from "../contact/best-time.rules.ts";
import { type ContactPolicy, contactHoursOn, type GateContactRole, selectPolicy } from "../contact/gate.rules.ts";
import type { Channel, DebtorType } from "../ledger/ledger.schema.ts";

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

export function makeWindowPlanner(policies: readonly ContactPolicy[], asOf: IsoDate) {
  const prior = priorModel();
  const memo = new Map<string, PlannedWindow>();
  const plan = (input: ContactWindowInput): PlannedWindow => {
    if (!input.contactId && input.channel !== "visit" && input.channel !== "letter") {
      return { blocked: "no contact person on file for this customer", review: false };
    }
    const policy = selectPolicy(policies, input.country ?? null, input.debtorType);
    const hours = contactHoursOn(
      policy,
      {
        channel: input.channel,
        debtorType: input.debtorType,
        contactTimeZone: input.contactZone,
        customerTimeZone: input.customerZone,
        contactRole: (input.contactRole as GateContactRole | null) ?? null,
        flags: { doNotContact: input.doNotContact },
        optedOut: input.optedOut,
        automated: false,
      },
      asOf,
    );
    if ("blocked" in hours) return { blocked: hours.blocked, review: input.doNotContact || input.optedOut };
    const zone = (input.contactZone || input.customerZone) as string;
    const allowed = hours.preferred.length ? hours.preferred : hours.allowed;
    if (!allowed.length) return { window: null };
    const model = input.samples?.length ? learnModel(input.samples, zone, prior) : prior;
    const w = suggestWindow(model, input.samples ?? null, zone, asOf, allowed);
    return { window: w ? { start: w.start, end: w.end, reason: w.reason } : null };
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
