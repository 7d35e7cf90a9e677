import { describe, expect, it } from "vitest";
import { contactHoursOn, DEFAULT_POLICIES, selectPolicy } from "../contact/gate.rules.ts";
import { type CompanyHours, type ContactWindowInput, makeWindowPlanner } from "./window-planner.ts";
import { DEFAULT_WORKING_HOURS, type WorkingHours, workingIntervalsBetween } from "./working-hours.rules.ts";

const SHANGHAI: CompanyHours = { timeZone: "Asia/Shanghai", workingHours: DEFAULT_WORKING_HOURS };
const call = (zone: string, more: Partial<ContactWindowInput> = {}): ContactWindowInput => ({
  channel: "call",
  debtorType: "business",
  contactZone: zone,
  customerZone: null,
  contactRole: "finance",
  doNotContact: false,
  optedOut: false,
  contactId: "1",
  ...more,
});
const windowOf = (asOf: string, input: ContactWindowInput, company?: CompanyHours) => {
  const planned = makeWindowPlanner(DEFAULT_POLICIES, asOf, company).windowFor(input);
  if ("blocked" in planned) return { blocked: planned.blocked };
  const w = planned.window;
  return w && [w.start.toISOString(), w.end.toISOString()];
};

describe("makeWindowPlanner with the company's working hours", () => {
  const morning: WorkingHours = { days: ["mon", "tue", "wed", "thu", "fri"], from: "09:00", to: "11:00" };
  const berlinAfternoon = (days: WorkingHours["days"]): CompanyHours => ({
    timeZone: "Europe/Berlin",
    workingHours: { days, from: "13:00", to: "18:00" },
  });
  it.each<[string, string, ContactWindowInput, CompanyHours | undefined, unknown]>([
    // Mid-afternoon connects best (best-time priors), inside the gate's hours and the office day alike.
    [
      "Shanghai debtor, a Wednesday",
      "2025-01-08",
      call("Asia/Shanghai"),
      SHANGHAI,
      ["2025-01-08T07:00:00.000Z", "2025-01-08T08:00:00.000Z"],
    ],
    [
      "the same without working hours",
      "2025-01-08",
      call("Asia/Shanghai"),
      undefined,
      ["2025-01-08T07:00:00.000Z", "2025-01-08T08:00:00.000Z"],
    ],
    // The gate allows Saturday 08:00–21:00 (with a warning for business debtors); the office is closed: Monday.
    [
      "a Saturday run moves to Monday",
      "2025-01-11",
      call("Asia/Shanghai"),
      SHANGHAI,
      ["2025-01-13T07:00:00.000Z", "2025-01-13T08:00:00.000Z"],
    ],
    [
      "a Saturday without working hours stays",
      "2025-01-11",
      call("Asia/Shanghai"),
      undefined,
      ["2025-01-11T01:00:00.000Z", "2025-01-11T02:00:00.000Z"],
    ],
    [
      "only mornings worked: the best morning hour",
      "2025-01-08",
      call("Asia/Shanghai"),
      { ...SHANGHAI, workingHours: morning },
      ["2025-01-08T02:00:00.000Z", "2025-01-08T03:00:00.000Z"],
    ],
    // New York (EST) 08:00–21:00 meets Shanghai's 09:00–18:00 only in NY's last hour, 20:00 = 09:00 next day.
    [
      "New York debtor, winter: the one shared hour",
      "2025-01-08",
      call("America/New_York"),
      SHANGHAI,
      ["2025-01-09T01:00:00.000Z", "2025-01-09T02:00:00.000Z"],
    ],
    // NY Friday 20:00 is Shanghai Saturday: the next shared hour is NY Sunday 20:00 = Shanghai Monday 09:00.
    [
      "New York debtor, Friday: to Sunday evening",
      "2025-01-10",
      call("America/New_York"),
      SHANGHAI,
      ["2025-01-13T01:00:00.000Z", "2025-01-13T02:00:00.000Z"],
    ],
    // With daylight saving (EDT), NY 21:00 is Shanghai 09:00 exactly: no hour is shared on any day.
    ["New York debtor, summer: no shared hour", "2025-03-10", call("America/New_York"), SHANGHAI, null],
    // Berlin across its spring-forward night (2025-03-30): the same local hour, an hour earlier in UTC.
    [
      "Berlin office and debtor, CET",
      "2025-03-28",
      call("Europe/Berlin"),
      berlinAfternoon(["mon", "tue", "wed", "thu", "fri"]),
      ["2025-03-28T14:00:00.000Z", "2025-03-28T15:00:00.000Z"],
    ],
    [
      "Berlin office and debtor, CEST",
      "2025-03-31",
      call("Europe/Berlin"),
      berlinAfternoon(["mon", "tue", "wed", "thu", "fri"]),
      ["2025-03-31T13:00:00.000Z", "2025-03-31T14:00:00.000Z"],
    ],
    // On the change day itself, an office open on Sundays and a consumer (no soft hours): weekend hours rank alike,
    // so the first hour after the calls' lunch break (11:45–14:00), 14:00 CEST = 12:00Z.
    [
      "Berlin, the DST Sunday, office open",
      "2025-03-30",
      call("Europe/Berlin", { debtorType: "consumer" }),
      berlinAfternoon(["sun"]),
      ["2025-03-30T12:00:00.000Z", "2025-03-30T13:00:00.000Z"],
    ],
    // A Berlin debtor of a Shanghai office: Shanghai 13:00–18:00 is Berlin 06:00–11:00 (CET), 07:00–12:00 (CEST).
    [
      "Berlin debtor, Shanghai office, CET",
      "2025-03-28",
      call("Europe/Berlin"),
      SHANGHAI,
      ["2025-03-28T09:00:00.000Z", "2025-03-28T10:00:00.000Z"],
    ],
    [
      "Berlin debtor, Shanghai office, CEST",
      "2025-03-31",
      call("Europe/Berlin"),
      SHANGHAI,
      ["2025-03-31T08:00:00.000Z", "2025-03-31T09:00:00.000Z"],
    ],
    // What blocks on the run date still blocks.
    [
      "do not contact",
      "2025-01-08",
      call("Asia/Shanghai", { doNotContact: true }),
      SHANGHAI,
      { blocked: "marked do-not-contact" },
    ],
  ])("%s", (_, asOf, input, company, expected) => {
    expect(windowOf(asOf, input, company)).toEqual(expected);
  });

  it.each([
    ["2025-01-06", "Asia/Shanghai"],
    ["2025-01-11", "America/Los_Angeles"],
    ["2025-03-09", "America/New_York"],
    ["2025-10-26", "Europe/London"],
    ["2025-06-15", "Australia/Sydney"],
  ])("every window from %s for a debtor in %s lies within working hours and the gate's hours", (asOf, zone) => {
    const company: CompanyHours = { timeZone: "Europe/London", workingHours: DEFAULT_WORKING_HOURS };
    for (const channel of ["call", "email", "sms", "visit"] as const) {
      const planned = makeWindowPlanner(DEFAULT_POLICIES, asOf, company).windowFor(call(zone, { channel }));
      if (!("window" in planned) || !planned.window) throw new Error(`no window for ${channel}`);
      const { start, end } = planned.window;
      const work = workingIntervalsBetween(DEFAULT_WORKING_HOURS, company.timeZone, start, end);
      expect(work.some((w) => w.start <= start && end <= w.end)).toBe(true);
      const date = new Intl.DateTimeFormat("en-CA", { timeZone: zone }).format(start);
      const policy = selectPolicy(DEFAULT_POLICIES, null, "business");
      const hours = contactHoursOn(
        policy,
        {
          channel,
          debtorType: "business",
          contactTimeZone: zone,
          customerTimeZone: null,
          contactRole: "finance",
          flags: {},
          automated: false,
        },
        date,
      );
      if ("blocked" in hours) throw new Error(hours.blocked);
      expect(hours.allowed.some((w) => w.start <= start && end <= w.end)).toBe(true);
    }
  });

  it("says in the reason when the window moved to a later day", () => {
    const planned = makeWindowPlanner(DEFAULT_POLICIES, "2025-01-11", SHANGHAI).windowFor(call("Asia/Shanghai"));
    expect("window" in planned && planned.window?.reason).toMatch(/2025-01-13: the first day from 2025-01-11 with/);
  });
});
