// When a message the gate held back for the hour may go: the start of the next window in the contact's local time
// (contactHoursOn, DST-safe). Without a reason to override, the preferred window (business hours for business
// debtors) rather than the merely allowed one, since outside it the gate only warns and a warning needs a reason.
import { addDays, dateInZone, isValidTimeZone } from "../calendar/calendar-date.ts";
import { type ContactPolicy, contactHoursOn, type GateAttempt } from "../contact/gate.rules.ts";

const LOOK_AHEAD_DAYS = 14;
/** Never schedule inside the minute that was just refused. */
const STEP_MS = 60_000;

export function nextWindowStart(
  policy: ContactPolicy,
  attempt: GateAttempt,
  now: Date,
  preferred: boolean,
): { at: Date } | { blocked: string } {
  const zone = attempt.contactTimeZone || attempt.customerTimeZone;
  if (!zone) return { blocked: "time zone unknown: set the contact's or customer's time zone" };
  if (!isValidTimeZone(zone)) return { blocked: `time zone "${zone}" is not a valid IANA zone` };
  const earliest = now.getTime() + STEP_MS;
  // Start a day early: the local date in the zone may still be yesterday's for other candidate zones.
  let date = addDays(dateInZone(now, zone), -1);
  for (let i = 0; i <= LOOK_AHEAD_DAYS; i++, date = addDays(date, 1)) {
    const hours = contactHoursOn(policy, attempt, date);
    if ("blocked" in hours) return { blocked: hours.blocked };
    for (const w of preferred ? hours.preferred : hours.allowed) {
      if (w.end.getTime() > earliest) return { at: new Date(Math.max(w.start.getTime(), earliest)) };
    }
  }
  return { blocked: `no contact window in the next ${LOOK_AHEAD_DAYS} days` };
}
