// Pure rules of a visit appointment: its status moves, whether its time fits the contact gate's hours (the gate's
// contactHoursOn gives them), and when the reminder goes. The clock is passed in.
import { wallClock } from "../calendar/zoned-clock.ts";
import type { ContactHours } from "../contact/gate.rules.ts";
import type { AppointmentStatus } from "./workspace.schema.ts";

export const APPOINTMENT_TRANSITIONS: Record<AppointmentStatus, readonly AppointmentStatus[]> = {
  proposed: ["confirmed", "cancelled", "done"],
  // A confirmed time the customer asks to move goes back to proposed until they confirm the new one.
  confirmed: ["proposed", "cancelled", "done"],
  cancelled: [],
  done: [],
};

/** An appointment that can still be moved, confirmed or visited. */
export const isPendingAppointment = (s: AppointmentStatus): boolean => s === "proposed" || s === "confirmed";

export function transitionProblem(from: AppointmentStatus, to: AppointmentStatus): string | null {
  if (from === to || APPOINTMENT_TRANSITIONS[from].includes(to)) return null;
  const allowed = APPOINTMENT_TRANSITIONS[from];
  return `status: a ${from} appointment cannot become ${to}${allowed.length ? ` (it may become ${allowed.join(", ")})` : " (it is final)"}`;
}

export type TimeVerdict = { verdict: "allow" | "warn" | "block"; reason: string };

/**
 * The whole visit, [start, end), must lie inside one allowed span of the gate's hours for its local date (the hard
 * hours: a visit outside them is refused); outside the preferred spans (soft hours, weekends for businesses) it is a
 * warning that needs a reason, as a warned call does.
 */
export function appointmentTimeVerdict(hours: ContactHours, start: Date, end: Date, zone: string): TimeVerdict {
  if ("blocked" in hours) return { verdict: "block", reason: hours.blocked };
  const within = (spans: { start: Date; end: Date }[]) =>
    spans.some((s) => s.start.getTime() <= start.getTime() && end.getTime() <= s.end.getTime());
  const span = `${localWallTime(start, zone)}–${localWallTime(end, zone).slice(11)} (${zone})`;
  if (!within(hours.allowed)) {
    const allowed = hours.allowed.map(
      (s) => `${localWallTime(s.start, zone).slice(11)}–${localWallTime(s.end, zone).slice(11)}`,
    );
    return {
      verdict: "block",
      reason: `${span} is outside the contact hours${allowed.length ? ` of that day (${allowed.join(", ")})` : ": no visits that day"}`,
    };
  }
  if (!within(hours.preferred)) {
    return { verdict: "warn", reason: `${span} is outside the preferred contact hours` };
  }
  return { verdict: "allow", reason: "inside the contact hours" };
}

/** A day before by default, else an hour before; none when both have passed. */
export function defaultReminder(start: Date, now: Date): Date | null {
  for (const hours of [24, 1]) {
    const at = new Date(start.getTime() - hours * 3_600_000);
    if (at.getTime() > now.getTime()) return at;
  }
  return null;
}

/** "YYYY-MM-DD HH:MM" at `instant` in an IANA zone. */
export function localWallTime(instant: Date, zone: string): string {
  return new Date(wallClock(instant.getTime(), zone)).toISOString().slice(0, 16).replace("T", " ");
}
