import { describe, expect, it } from "vitest";
import { contactHoursOn, DEFAULT_POLICIES, selectPolicy } from "../contact/gate.rules.ts";
import {
  APPOINTMENT_TRANSITIONS,
  appointmentTimeVerdict,
  defaultReminder,
  localWallTime,
  transitionProblem,
} from "./appointment.rules.ts";
import { APPOINTMENT_STATUSES } from "./workspace.schema.ts";

const business = selectPolicy(DEFAULT_POLICIES, "CN", "business");
const visit = (contactTimeZone: string | null, doNotContact = false) => ({
  channel: "visit" as const,
  debtorType: "business" as const,
  contactTimeZone,
  customerTimeZone: "Asia/Shanghai",
  contactRole: "finance" as const,
  flags: { doNotContact },
});
const hoursOn = (date: string, zone: string | null = null, doNotContact = false) =>
  contactHoursOn(business, visit(zone, doNotContact), date);
const verdict = (startIso: string, minutes: number, zone = "Asia/Shanghai", doNotContact = false) => {
  const start = new Date(startIso);
  const end = new Date(start.getTime() + minutes * 60_000);
  return appointmentTimeVerdict(
    hoursOn(localWallTime(start, zone).slice(0, 10), zone === "Asia/Shanghai" ? null : zone, doNotContact),
    start,
    end,
    zone,
  );
};

describe("appointment time against the gate's hours", () => {
  it.each([
    // Thursday 2025-03-13 in Shanghai (UTC+8); business hours 08:00–21:00 hard, 09:00–18:00 preferred on weekdays.
    ["2025-03-13T15:00:00+08:00", 60, "allow"],
    ["2025-03-13T09:00:00+08:00", 540, "allow"],
    ["2025-03-13T08:30:00+08:00", 60, "warn"],
    ["2025-03-13T17:30:00+08:00", 60, "warn"],
    ["2025-03-13T20:30:00+08:00", 60, "block"],
    ["2025-03-13T22:00:00+08:00", 60, "block"],
    ["2025-03-13T07:00:00+08:00", 30, "block"],
    // Saturday: inside the hard hours, outside the preferred ones.
    ["2025-03-15T10:00:00+08:00", 60, "warn"],
  ] as const)("%s for %i minutes: %s", (start, minutes, expected) => {
    expect(verdict(start, minutes).verdict).toBe(expected);
  });

  it("reads the hours in the contact's zone, across a DST change (New York, 2025-03-09)", () => {
    // 08:30 local on the morning clocks went forward is 12:30 UTC: inside the hard hours.
    expect(verdict("2025-03-09T12:30:00Z", 30, "America/New_York").verdict).not.toBe("block");
    // 07:30 local (11:30 UTC) is before 08:00.
    const early = verdict("2025-03-09T11:30:00Z", 30, "America/New_York");
    expect(early.verdict).toBe("block");
    expect(early.reason).toContain("2025-03-09 07:30–08:00 (America/New_York) is outside the contact hours");
  });

  it("a customer who may not be contacted cannot be visited at any time", () => {
    const v = verdict("2025-03-13T15:00:00+08:00", 60, "Asia/Shanghai", true);
    expect(v.verdict).toBe("block");
  });
});

describe("appointment status and reminder", () => {
  it("done and cancelled are final; a confirmed visit may go back to proposed", () => {
    for (const s of APPOINTMENT_STATUSES) expect(APPOINTMENT_TRANSITIONS[s]).toBeDefined();
    expect(transitionProblem("confirmed", "proposed")).toBeNull();
    expect(transitionProblem("proposed", "done")).toBeNull();
    expect(transitionProblem("done", "cancelled")).toMatch(/^status: a done appointment cannot become cancelled/);
    expect(transitionProblem("cancelled", "confirmed")).toMatch(/it is final/);
  });
  it("reminds a day before, else an hour before, else not at all", () => {
    const start = new Date("2025-03-13T07:00:00Z");
    expect(defaultReminder(start, new Date("2025-03-10T00:00:00Z"))?.toISOString()).toBe("2025-03-12T07:00:00.000Z");
    expect(defaultReminder(start, new Date("2025-03-13T01:00:00Z"))?.toISOString()).toBe("2025-03-13T06:00:00.000Z");
    expect(defaultReminder(start, new Date("2025-03-13T06:30:00Z"))).toBeNull();
  });
});
