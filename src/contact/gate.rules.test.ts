import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dateInZone } from "../calendar/calendar-date.ts";
import type { DebtorType } from "../ledger/ledger.schema.ts";
import {
  type ContactPolicy,
  contactHoursOn,
  DEFAULT_POLICIES,
  decideContact,
  GATE_CHANNELS,
  type GateAttempt,
  type GateHistory,
  type GateVerdict,
  selectPolicy,
  validatePolicy,
} from "./gate.rules.ts";

const SH = "Asia/Shanghai"; // UTC+8 all year
const NY = "America/New_York";
const LDN = "Europe/London";
const DAY = 86_400_000;

const policyFor = (type: DebtorType) => selectPolicy(DEFAULT_POLICIES, null, type);
const BUSINESS = policyFor("business");
const CONSUMER = policyFor("consumer");

/** An instant given as Shanghai wall-clock time. */
const sh = (local: string) => new Date(`${local}+08:00`);
const utc = (iso: string) => new Date(`${iso}Z`);
const daysBefore = (d: Date, days: number) => new Date(d.getTime() - days * DAY);

const attempt = (over: Partial<GateAttempt> = {}): GateAttempt => ({
  channel: "call",
  debtorType: "consumer",
  contactTimeZone: SH,
  customerTimeZone: null,
  contactRole: "finance",
  phone: "+8613800000001",
  flags: {},
  ...over,
});
const history = (over: Partial<GateHistory> = {}): GateHistory => ({
  calls: [],
  lastConversationAt: null,
  reminders: [],
  ...over,
});
const calls = (...at: Date[]) => at.map((d) => ({ at: d, phone: "+8613800000001" }));

// A Monday in Shanghai, 10:00: inside every window of every default policy.
const MONDAY_10 = sh("2024-03-11T10:00");

describe("rule 1: contact hours", () => {
  it.each([
    // consumer policy: hard hours only, [08:00, 21:00)
    [SH, "2024-03-10T23:59", "block", "hours.hard"], // 07:59 CST
    [SH, "2024-03-11T00:00", "allow", "allow"], // 08:00
    [SH, "2024-03-11T12:59", "allow", "allow"], // 20:59
    [SH, "2024-03-11T13:00", "block", "hours.hard"], // 21:00
    // New York, spring forward on Sunday 2024-03-10 (02:00 EST -> 03:00 EDT)
    [NY, "2024-03-09T12:59", "block", "hours.hard"], // 07:59 EST
    [NY, "2024-03-09T13:00", "allow", "allow"], // 08:00 EST
    [NY, "2024-03-10T11:59", "block", "hours.hard"], // 07:59 EDT
    [NY, "2024-03-10T12:00", "allow", "allow"], // 08:00 EDT
    [NY, "2024-03-11T00:59", "allow", "allow"], // 20:59 EDT
    [NY, "2024-03-11T01:00", "block", "hours.hard"], // 21:00 EDT
    // New York, fall back on Sunday 2024-11-03 (02:00 EDT -> 01:00 EST)
    [NY, "2024-11-02T11:59", "block", "hours.hard"], // 07:59 EDT
    [NY, "2024-11-02T12:00", "allow", "allow"], // 08:00 EDT
    [NY, "2024-11-03T12:59", "block", "hours.hard"], // 07:59 EST
    [NY, "2024-11-03T13:00", "allow", "allow"], // 08:00 EST
    [NY, "2024-11-04T01:59", "allow", "allow"], // 20:59 EST
    [NY, "2024-11-04T02:00", "block", "hours.hard"], // 21:00 EST
    // London: BST from 2024-03-31 01:00Z to 2024-10-27 01:00Z
    [LDN, "2024-03-31T06:59", "block", "hours.hard"],
    [LDN, "2024-03-31T07:00", "allow", "allow"],
    [LDN, "2024-10-27T07:59", "block", "hours.hard"],
    [LDN, "2024-10-27T08:00", "allow", "allow"],
  ])("%s at %sZ: %s (%s)", (zone, instant, verdict, rule) => {
    const d = decideContact(CONSUMER, attempt({ contactTimeZone: zone }), history(), utc(instant));
    expect([d.verdict, d.rule]).toEqual([verdict, rule]);
  });

  it("says when and where in the reason", () => {
    const d = decideContact(CONSUMER, attempt(), history(), sh("2024-03-11T22:10"));
    expect(d.reason).toBe("outside contact hours: 22:10 in Asia/Shanghai (allowed 08:00–21:00)");
    expect(d.localTimes).toEqual([{ zone: SH, local: "2024-03-11 22:10" }]);
  });

  it.each([
    ["call", "block"],
    ["sms", "block"],
    ["email", "block"],
    ["wechat", "block"],
    ["visit", "block"],
    ["letter", "allow"],
  ] as const)("hard hours on %s: %s at 22:10", (channel, verdict) => {
    const d = decideContact(CONSUMER, attempt({ channel }), history(), sh("2024-03-11T22:10"));
    expect(d.verdict).toBe(verdict);
  });

  it.each([
    ["2024-03-11T08:30", "warn", "outside business hours: 08:30 in Asia/Shanghai (preferred 09:00–18:00)"],
    ["2024-03-11T09:00", "allow", "all contact rules pass"],
    ["2024-03-11T17:59", "allow", "all contact rules pass"],
    ["2024-03-11T18:00", "warn", "outside business hours: 18:00 in Asia/Shanghai (preferred 09:00–18:00)"],
    [
      "2024-03-16T10:00",
      "warn",
      "not a business day: Saturday 10:00 in Asia/Shanghai (preferred Monday–Friday 09:00–18:00)",
    ],
    ["2024-03-11T21:30", "block", "outside contact hours: 21:30 in Asia/Shanghai (allowed 08:00–21:00)"],
  ])("business soft hours at %s Shanghai: %s", (local, verdict, reason) => {
    const d = decideContact(BUSINESS, attempt({ channel: "email", debtorType: "business" }), history(), sh(local));
    expect([d.verdict, d.reason]).toEqual([verdict, reason]);
  });

  it.each([
    ["call", "11:44", "allow"],
    ["call", "11:45", "warn"],
    ["call", "13:59", "warn"],
    ["call", "14:00", "allow"],
    ["sms", "12:30", "allow"],
    ["visit", "12:30", "allow"],
  ] as const)("%s at %s (lunch avoid window): %s", (channel, time, verdict) => {
    const d = decideContact(CONSUMER, attempt({ channel }), history(), sh(`2024-03-11T${time}`));
    expect(d.verdict).toBe(verdict);
    if (verdict === "warn") {
      expect(d.rule).toBe("hours.lunch");
      expect(d.reason).toBe(`lunch break: ${time} in Asia/Shanghai (calls avoided 11:45–14:00)`);
    }
  });

  it.each([
    [{ contactTimeZone: null, customerTimeZone: null }, "time zone unknown: set the contact's or customer's time zone"],
    [{ contactTimeZone: "", customerTimeZone: null }, "time zone unknown: set the contact's or customer's time zone"],
    [
      { contactTimeZone: "Mars/Olympus", customerTimeZone: SH },
      "time zone \"Mars/Olympus\" is not a valid IANA zone: fix the contact's or customer's zone",
    ],
    [
      { extraTimeZones: ["Asia/Nowhere"] },
      "time zone \"Asia/Nowhere\" is not a valid IANA zone: fix the contact's or customer's zone",
    ],
  ])("unknown or invalid zone blocks: %o", (zones, reason) => {
    const d = decideContact(CONSUMER, attempt(zones), history(), MONDAY_10);
    expect([d.verdict, d.rule, d.reason]).toEqual(["block", "hours.unknown_zone", reason]);
  });

  it("falls back to the customer's zone, and letters need no zone", () => {
    const viaCustomer = attempt({ contactTimeZone: null, customerTimeZone: NY });
    // 10:00 Shanghai = 22:00 New York
    expect(decideContact(CONSUMER, viaCustomer, history(), MONDAY_10).rule).toBe("hours.hard");
    const letter = attempt({ channel: "letter", contactTimeZone: null, customerTimeZone: null });
    expect(decideContact(CONSUMER, letter, history(), MONDAY_10).verdict).toBe("allow");
  });

  it("requires every candidate zone to pass", () => {
    const both = attempt({ channel: "sms", extraTimeZones: [LDN] });
    // 20:00 Shanghai = 12:00 London
    expect(decideContact(CONSUMER, both, history(), sh("2024-03-11T20:00")).verdict).toBe("allow");
    // 10:00 Shanghai = 02:00 London
    const d = decideContact(CONSUMER, both, history(), MONDAY_10);
    expect([d.verdict, d.reason]).toEqual([
      "block",
      "outside contact hours: 02:00 in Europe/London (allowed 08:00–21:00)",
    ]);
    expect(d.localTimes.map((t) => t.zone)).toEqual([SH, LDN]);
  });

  it("tells local wall time the way Intl does, across DST, whatever the host zone", () => {
    const zones = [SH, NY, LDN, "Australia/Lord_Howe", "America/St_Johns", "Asia/Kathmandu", "America/Santiago"];
    const wall = (zone: string, d: Date) => {
      const parts = Object.fromEntries(
        new Intl.DateTimeFormat("en-CA", {
          timeZone: zone,
          hourCycle: "h23",
          year: "numeric",
          month: "2-digit",
          day: "2-digit",
          hour: "2-digit",
          minute: "2-digit",
        })
          .formatToParts(d)
          .map((p) => [p.type, p.value]),
      );
      return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
    };
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }),
        (zone, ms) => {
          const d = decideContact(CONSUMER, attempt({ contactTimeZone: zone }), history(), new Date(ms));
          expect(d.localTimes[0]?.local).toBe(wall(zone, new Date(ms)));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe("rule 2: calls per contact in 7 days", () => {
  const now = MONDAY_10;
  it.each([
    [6, "allow"],
    [7, "block"],
  ])("%d calls spread over the week: %s", (n, verdict) => {
    const h = history({ calls: calls(...Array.from({ length: n }, (_, i) => daysBefore(now, i * 0.9 + 0.01))) });
    const d = decideContact(CONSUMER, attempt({ phone: null }), h, now);
    expect(d.verdict).toBe(verdict);
    if (verdict === "block") expect(d.reason).toBe("7 calls to this contact in the last 7 days (limit 7)");
  });

  it("counts (now - 7 days, now]: a call exactly 7 days ago or in the future does not count", () => {
    const within = Array.from({ length: 6 }, (_, i) => daysBefore(now, 1 + i * 0.5));
    const edge = decideContact(CONSUMER, attempt(), history({ calls: calls(...within, daysBefore(now, 7)) }), now);
    expect(edge.verdict).toBe("allow");
    const future = decideContact(
      CONSUMER,
      attempt(),
      history({ calls: calls(...within, daysBefore(now, -0.01)) }),
      now,
    );
    expect(future.verdict).toBe("allow");
    const inside = decideContact(CONSUMER, attempt(), history({ calls: calls(...within, daysBefore(now, 6.99)) }), now);
    expect(inside.rule).toBe("calls.per_contact_7d");
  });
});

describe("rule 3: calls per number per local day", () => {
  const now = sh("2024-03-11T09:00");
  const at = (...locals: string[]) => locals.map((l) => sh(`2024-03-${l}`));
  it.each([
    ["two today", calls(...at("11T00:30", "11T08:00")), "allow"],
    ["three today", calls(...at("11T00:30", "11T08:00", "11T08:59")), "block"],
    ["one of three last night", calls(...at("10T23:59", "11T08:00", "11T08:59")), "allow"],
    [
      "one of three to another number",
      [...calls(...at("11T00:30", "11T08:00")), { at: sh("2024-03-11T08:59"), phone: "+8613900000002" }],
      "allow",
    ],
    [
      "one of three to an unrecorded number",
      [...calls(...at("11T00:30", "11T08:00")), { at: sh("2024-03-11T08:59"), phone: null }],
      "block",
    ],
  ])("%s: %s", (_, list, verdict) => {
    const d = decideContact(CONSUMER, attempt(), history({ calls: list }), now);
    expect(d.verdict).toBe(verdict);
    if (verdict === "block") {
      expect([d.rule, d.reason]).toEqual([
        "calls.per_number_day",
        "3 calls to +8613800000001 today (2024-03-11 in Asia/Shanghai; limit 3 a day)",
      ]);
    }
  });

  it("uses the contact's day, not UTC's: New York evening calls after 00:00 UTC", () => {
    // 2024-03-11 19:00-20:30 EDT are 23:00-00:30 UTC; all on the same New York day.
    const list = calls(utc("2024-03-11T23:00"), utc("2024-03-11T23:30"), utc("2024-03-12T00:10"));
    const d = decideContact(
      CONSUMER,
      attempt({ contactTimeZone: NY }),
      history({ calls: list }),
      utc("2024-03-12T00:30"),
    );
    expect(d.rule).toBe("calls.per_number_day");
  });
});

describe("rule 4: quiet days after a conversation", () => {
  const now = MONDAY_10;
  it.each([
    ["consumer", 6, false, "block"],
    ["consumer", 7, false, "allow"],
    ["sole_trader", 1, false, "block"],
    ["consumer", 1, true, "block"],
    ["business", 6, false, "warn"],
    ["business", 6, true, "allow"],
    ["business", 7, false, "allow"],
  ] as const)("%s, conversation %d local days ago, callback agreed %s: %s", (type, days, callback, verdict) => {
    const a = attempt({ debtorType: type, callbackAgreed: callback });
    const d = decideContact(policyFor(type), a, history({ lastConversationAt: daysBefore(now, days) }), now);
    expect(d.verdict).toBe(verdict);
    if (verdict !== "allow") expect(d.rule).toBe("calls.after_conversation");
  });

  it("counts local calendar days, the conversation day being day one (Reg F)", () => {
    const last = sh("2024-03-04T23:00");
    const h = history({ lastConversationAt: last });
    expect(decideContact(CONSUMER, attempt(), h, sh("2024-03-10T20:00")).reason).toBe(
      "spoke with this person 6 days ago: no unsolicited call within 7 days for consumer debtors",
    );
    expect(decideContact(CONSUMER, attempt(), h, sh("2024-03-11T08:00")).verdict).toBe("allow");
  });

  it("only limits calls", () => {
    const h = history({ lastConversationAt: daysBefore(now, 1) });
    expect(decideContact(CONSUMER, attempt({ channel: "email" }), h, now).verdict).toBe("allow");
  });
});

describe("rule 5: reminder gap and cool-down", () => {
  const now = MONDAY_10;
  const r = (days: number, answered = false) => ({ at: daysBefore(now, days), answered });
  it.each([
    ["last reminder 2 days ago, automated", [r(2, true)], true, "block", "reminders.min_gap"],
    ["last reminder 2 days ago, a person", [r(2, true)], false, "warn", "reminders.min_gap"],
    ["last reminder 3 days ago", [r(3, true)], true, "allow", "allow"],
    ["two unanswered, last 4 days ago, automated", [r(4), r(9)], true, "block", "reminders.cool_down"],
    ["two unanswered, last 4 days ago, a person", [r(4), r(9)], false, "warn", "reminders.cool_down"],
    ["two unanswered, last 7 days ago", [r(7), r(9)], true, "allow", "allow"],
    ["newest answered", [r(4, true), r(9)], true, "allow", "allow"],
    ["older answered", [r(4), r(9, true)], true, "allow", "allow"],
    ["only one reminder", [r(4)], true, "allow", "allow"],
    ["scheduled in the future (not sent yet)", [r(-1), r(5, true)], true, "allow", "allow"],
  ])("%s: %s", (_, reminders, automated, verdict, rule) => {
    const d = decideContact(CONSUMER, attempt({ channel: "sms", automated }), history({ reminders }), now);
    expect([d.verdict, d.rule]).toEqual([verdict, rule]);
  });

  it("explains the cool-down", () => {
    const reminders = [r(4), r(9)];
    const d = decideContact(CONSUMER, attempt({ channel: "email", automated: true }), history({ reminders }), now);
    expect(d.reason).toBe("last 2 reminders unanswered: wait 7 days after the last (sent 4 days ago)");
  });

  it("does not apply to calls", () => {
    const d = decideContact(CONSUMER, attempt(), history({ reminders: [r(0)] }), now);
    expect(d.verdict).toBe("allow");
  });
});

describe("rules 6-9: dispute, flags, opt-out, recipient", () => {
  const now = MONDAY_10;
  it.each([
    [
      "automated on a disputed invoice",
      { channel: "email", automated: true, invoiceDisputed: true },
      "block",
      "dispute.automated",
    ],
    ["a person on a disputed invoice", { channel: "email", invoiceDisputed: true }, "allow", "allow"],
    ["do-not-contact", { flags: { doNotContact: true } }, "block", "flags.do_not_contact"],
    ["cease", { channel: "letter", flags: { cease: true } }, "block", "flags.cease"],
    ["represented by a lawyer", { flags: { representedByLawyer: true } }, "block", "flags.lawyer"],
    ["the customer's lawyer", { contactRole: "lawyer", flags: { representedByLawyer: true } }, "allow", "allow"],
    ["insolvency", { channel: "visit", flags: { insolvency: true } }, "block", "flags.insolvency"],
    ["legal hold", { channel: "wechat", flags: { legalHold: true } }, "block", "flags.legal_hold"],
    ["breathing space until today", { flags: { breathingSpaceUntil: "2024-03-11" } }, "block", "flags.breathing_space"],
    ["breathing space ended yesterday", { flags: { breathingSpaceUntil: "2024-03-10" } }, "allow", "allow"],
    ["breathing space not a date", { flags: { breathingSpaceUntil: "11/03/2024" } }, "block", "flags.breathing_space"],
    ["opted out", { channel: "sms", optedOut: true }, "block", "opt_out"],
    ["sms to role other", { channel: "sms", contactRole: "other" }, "block", "recipient.not_authorised"],
    ["email to unknown role", { channel: "email", contactRole: null }, "block", "recipient.not_authorised"],
    ["letter, role missing", { channel: "letter", contactRole: undefined }, "block", "recipient.not_authorised"],
    ["call to role other", { contactRole: "other" }, "warn", "recipient.not_authorised"],
    ["sms without debt details", { channel: "sms", contactRole: "other", carriesDebtDetails: false }, "allow", "allow"],
    ["sms to a guarantor", { channel: "sms", contactRole: "guarantor" }, "allow", "allow"],
  ] as const)("%s: %s", (_, over, verdict, rule) => {
    const d = decideContact(CONSUMER, attempt(over as Partial<GateAttempt>), history(), now);
    expect([d.verdict, d.rule]).toEqual([verdict, rule]);
  });

  it("routes a represented customer to the lawyer", () => {
    const d = decideContact(CONSUMER, attempt({ flags: { representedByLawyer: true } }), history(), now);
    expect(d.reason).toBe("the customer is represented by a lawyer: route to the customer's lawyer");
  });

  it("reads the breathing space in the contact's local date", () => {
    // 2024-03-10T16:30Z is already 2024-03-11 00:30 in Shanghai (still the 10th in UTC)
    const a = attempt({ channel: "letter", flags: { breathingSpaceUntil: "2024-03-10" } });
    expect(decideContact(CONSUMER, a, history(), utc("2024-03-10T16:30")).verdict).toBe("allow");
    expect(decideContact(CONSUMER, a, history(), utc("2024-03-10T15:30")).verdict).toBe("block");
  });

  it("keeps every finding; the first of the strictest decides", () => {
    const a = attempt({ contactRole: "other", flags: { cease: true, legalHold: true } });
    const h = history({ lastConversationAt: daysBefore(now, 1) });
    const d = decideContact(CONSUMER, a, h, sh("2024-03-11T22:00"));
    expect(d.rule).toBe("flags.cease");
    expect(d.findings.map((f) => [f.rule, f.verdict])).toEqual([
      ["flags.cease", "block"],
      ["flags.legal_hold", "block"],
      ["recipient.not_authorised", "warn"],
      ["hours.hard", "block"],
      ["calls.after_conversation", "block"],
    ]);
    expect(d.policy).toEqual({ id: "default-consumer", version: 1 });
  });

  it("allows inbound contact whatever the flags and hours", () => {
    const a = attempt({ direction: "inbound", flags: { cease: true }, contactTimeZone: null });
    const d = decideContact(CONSUMER, a, history({ calls: calls(now, now, now, now) }), sh("2024-03-11T23:00"));
    expect([d.verdict, d.rule, d.findings]).toEqual(["allow", "allow", []]);
  });

  it("fails closed on a malformed policy or clock", () => {
    const bad = { ...CONSUMER, hardHours: { start: "8", end: "21:00" } };
    expect(() => decideContact(bad, attempt(), history(), now)).toThrow(/hardHours.start: expected HH:MM/);
    expect(() => decideContact(CONSUMER, attempt(), history(), new Date(Number.NaN))).toThrow(/now/);
  });
});

describe("monotonicity", () => {
  const zones = [SH, NY, LDN];
  const instant = fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2025, 11, 31) });
  const arbAttempt = fc.record({
    channel: fc.constantFrom(...GATE_CHANNELS),
    automated: fc.boolean(),
    debtorType: fc.constantFrom<DebtorType>("business", "sole_trader", "consumer"),
    contactTimeZone: fc.constantFrom(...zones),
    callbackAgreed: fc.boolean(),
    phone: fc.constantFrom("+1", "+2", null),
  });
  const arbCall = (now: number) =>
    fc.record({
      at: fc.integer({ min: now - 10 * DAY, max: now + DAY }).map((ms) => new Date(ms)),
      phone: fc.constantFrom("+1", "+2", null),
    });
  const arbReminder = (now: number, answered: fc.Arbitrary<boolean>) =>
    fc.record({ at: fc.integer({ min: now - 20 * DAY, max: now }).map((ms) => new Date(ms)), answered });
  const severity: Record<GateVerdict, number> = { allow: 0, warn: 1, block: 2 };

  it("never relaxes when more calls, unanswered reminders or a later conversation are added", () => {
    const scenario = instant.chain((now) =>
      fc.record({
        now: fc.constant(now),
        attempt: arbAttempt,
        calls: fc.array(arbCall(now), { maxLength: 8 }),
        moreCalls: fc.array(arbCall(now), { maxLength: 8 }),
        reminders: fc.array(arbReminder(now, fc.boolean()), { maxLength: 5 }),
        moreReminders: fc.array(arbReminder(now, fc.constant(false)), { maxLength: 5 }),
        conversation: fc.option(fc.integer({ min: now - 20 * DAY, max: now })),
        laterBy: fc.integer({ min: 0, max: 10 * DAY }),
      }),
    );
    fc.assert(
      fc.property(scenario, (s) => {
        const a = attempt(s.attempt);
        const policy = policyFor(a.debtorType);
        const now = new Date(s.now);
        const base = history({
          calls: s.calls,
          reminders: s.reminders,
          lastConversationAt: s.conversation === null ? null : new Date(s.conversation),
        });
        const more = history({
          calls: [...s.moreCalls, ...s.calls],
          reminders: [...s.reminders, ...s.moreReminders],
          lastConversationAt: s.conversation === null ? null : new Date(Math.min(s.conversation + s.laterBy, s.now)),
        });
        const before = decideContact(policy, a, base, now).verdict;
        const after = decideContact(policy, a, more, now).verdict;
        expect(severity[after]).toBeGreaterThanOrEqual(severity[before]);
      }),
      { numRuns: 3000 },
    );
  });
});

describe("contactHoursOn", () => {
  const iso = (r: ReturnType<typeof contactHoursOn>) =>
    "blocked" in r
      ? r
      : {
          allowed: r.allowed.map((i) => [i.start.toISOString(), i.end.toISOString()]),
          preferred: r.preferred.map((i) => [i.start.toISOString(), i.end.toISOString()]),
        };

  it("gives hard hours as allowed and soft hours minus lunch as preferred", () => {
    const r = contactHoursOn(BUSINESS, attempt({ debtorType: "business" }), "2024-03-11");
    expect(iso(r)).toEqual({
      allowed: [["2024-03-11T00:00:00.000Z", "2024-03-11T13:00:00.000Z"]],
      preferred: [
        ["2024-03-11T01:00:00.000Z", "2024-03-11T03:45:00.000Z"],
        ["2024-03-11T06:00:00.000Z", "2024-03-11T10:00:00.000Z"],
      ],
    });
  });

  it.each([
    // spring forward: 08:00-21:00 EDT
    ["2024-03-10", "2024-03-10T12:00:00.000Z", "2024-03-11T01:00:00.000Z"],
    ["2024-03-09", "2024-03-09T13:00:00.000Z", "2024-03-10T02:00:00.000Z"],
    // fall back: 08:00-21:00 EST
    ["2024-11-03", "2024-11-03T13:00:00.000Z", "2024-11-04T02:00:00.000Z"],
    ["2024-11-02", "2024-11-02T12:00:00.000Z", "2024-11-03T01:00:00.000Z"],
  ])("New York %s: %s to %s", (date, start, end) => {
    const r = contactHoursOn(CONSUMER, attempt({ contactTimeZone: NY, channel: "sms" }), date);
    expect(iso(r)).toEqual({ allowed: [[start, end]], preferred: [[start, end]] });
  });

  it("intersects every candidate zone", () => {
    const r = contactHoursOn(CONSUMER, attempt({ channel: "email", extraTimeZones: [LDN] }), "2024-03-11");
    expect(iso(r)).toEqual({
      allowed: [["2024-03-11T08:00:00.000Z", "2024-03-11T13:00:00.000Z"]],
      preferred: [["2024-03-11T08:00:00.000Z", "2024-03-11T13:00:00.000Z"]],
    });
  });

  it.each([
    [{ contactTimeZone: null }, "time zone unknown: set the contact's or customer's time zone"],
    [{ flags: { cease: true } }, "the customer asked us to stop contacting them"],
    [{ flags: { breathingSpaceUntil: "2024-03-11" } }, "breathing space until 2024-03-11: no contact"],
    [{ channel: "sms", contactRole: "other" }, expect.stringContaining("debt details only go to")],
  ] as const)("blocked when no time would do: %o", (over, reason) => {
    expect(contactHoursOn(CONSUMER, attempt(over as Partial<GateAttempt>), "2024-03-11")).toEqual({ blocked: reason });
  });

  it("rejects a malformed date and leaves letters the whole day", () => {
    expect(contactHoursOn(CONSUMER, attempt(), "2024-02-30")).toEqual({
      blocked: 'date "2024-02-30" is not a date (expected YYYY-MM-DD)',
    });
    const letter = contactHoursOn(CONSUMER, attempt({ channel: "letter" }), "2024-03-11");
    expect(iso(letter)).toMatchObject({ allowed: [["2024-03-10T16:00:00.000Z", "2024-03-11T16:00:00.000Z"]] });
  });

  it("agrees with decideContact minute by minute, across DST", () => {
    const zones = [SH, NY, LDN, "America/St_Johns", "Australia/Lord_Howe", "America/Santiago"];
    const dates = ["2024-03-10", "2024-03-31", "2024-04-07", "2024-09-08", "2024-10-06", "2024-11-03", "2024-06-15"];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.constantFrom(...dates),
        fc.constantFrom<DebtorType>("business", "consumer"),
        fc.option(fc.constantFrom(...zones), { nil: undefined }),
        fc.integer({ min: -15 * 60, max: 40 * 60 }),
        (zone, date, type, extra, minute) => {
          const a = attempt({ contactTimeZone: zone, debtorType: type, extraTimeZones: extra ? [extra] : undefined });
          const policy = policyFor(type);
          const now = new Date(Date.parse(`${date}T00:00:00Z`) + minute * 60_000);
          if (dateInZone(now, zone) !== date) return;
          const hours = contactHoursOn(policy, a, date);
          if ("blocked" in hours) throw new Error(hours.blocked);
          const inside = (list: { start: Date; end: Date }[]) => list.some((i) => i.start <= now && now < i.end);
          const d = decideContact(policy, a, history(), now);
          const rules = d.findings.map((f) => f.rule);
          expect(inside(hours.allowed)).toBe(!rules.includes("hours.hard"));
          expect(inside(hours.preferred)).toBe(d.findings.length === 0);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe("selectPolicy", () => {
  const p = (id: string, jurisdiction: string, debtorType: ContactPolicy["debtorType"], version = 1) => ({
    ...CONSUMER,
    id,
    jurisdiction,
    debtorType,
    version,
  });
  const policies = [
    p("any", "*", "*"),
    p("any-consumer", "*", "consumer"),
    p("cn", "CN", "*"),
    p("cn-consumer", "CN", "consumer"),
    p("cn-consumer-v2", "CN", "consumer", 2),
    p("us", "US", "*"),
    p("us-ca-business", "US-CA", "business"),
  ];
  it.each([
    ["CN", "consumer", "cn-consumer-v2"],
    ["cn", "business", "cn"],
    ["GB", "consumer", "any-consumer"],
    ["GB", "business", "any"],
    [null, "sole_trader", "any"],
    ["US-CA", "business", "us-ca-business"],
    ["US-CA", "consumer", "us"],
    ["US", "consumer", "us"],
  ] as const)("%s / %s -> %s", (jurisdiction, type, id) => {
    expect(selectPolicy(policies, jurisdiction, type).id).toBe(id);
  });

  it("falls back to the built-in defaults", () => {
    expect(selectPolicy([p("cn", "CN", "*")], "GB", "business").id).toBe("default-business");
    expect(selectPolicy([], "CN", "sole_trader").id).toBe("default-sole-trader");
  });

  it("ships conduct defaults: soft hours for business only", () => {
    expect(BUSINESS.softHours).toEqual({ start: "09:00", end: "18:00", businessDaysOnly: true });
    expect(CONSUMER.softHours).toBeNull();
    for (const policy of DEFAULT_POLICIES) expect(validatePolicy(policy)).toEqual({ ok: true, value: policy });
  });
});

describe("validatePolicy", () => {
  it.each([
    [{ hardHours: { start: "8:00", end: "21:00" } }, ["hardHours.start: expected HH:MM"]],
    [
      { hardHours: { start: "21:00", end: "08:00" } },
      ["hardHours.end: must be after start (a window cannot cross midnight)"],
    ],
    [
      {
        avoidForCalls: [
          { start: "11:45", end: "14:00" },
          { start: "12", end: "13:00" },
        ],
      },
      ["avoidForCalls[1].start: expected HH:MM"],
    ],
    [{ softHours: { start: "09:00", end: "18:00" } }, [expect.stringMatching(/^softHours\.businessDaysOnly: /)]],
    [{ maxCallsPerContactPer7Days: -1 }, [expect.stringMatching(/^maxCallsPerContactPer7Days: /)]],
    [
      { coolDownAfterUnansweredReminders: { count: 0, days: 7 } },
      [expect.stringMatching(/^coolDownAfterUnansweredReminders\.count: /)],
    ],
    [{ jurisdiction: "China" }, ['jurisdiction: expected "*" or an ISO 3166 code ("CN", "US-CA")']],
    [{ maxCallsPerDay: 3 }, ["maxCallsPerDay: unknown setting"]],
    [
      { debtorType: "consumer", maxCallsPerContactPer7Days: 10, afterConversationQuietDays: 3 },
      [
        "maxCallsPerContactPer7Days: at most 7 for consumer debtors (only business policies may relax it)",
        "afterConversationQuietDays: at least 7 for consumer debtors (only business policies may relax it)",
      ],
    ],
    [
      { debtorType: "*", hardHours: { start: "07:30", end: "21:00" } },
      [
        "hardHours.start: 08:00 at the earliest for consumer and sole-trader debtors (only business policies may relax it)",
      ],
    ],
  ])("%o -> %o", (change, errors) => {
    expect(validatePolicy({ ...BUSINESS, ...change })).toEqual({ ok: false, errors });
  });

  it("lets business policies relax the defaults", () => {
    const relaxed = { ...BUSINESS, maxCallsPerContactPer7Days: 10, afterConversationQuietDays: 2 };
    expect(validatePolicy(relaxed)).toEqual({ ok: true, value: relaxed });
  });

  it("rejects what is not a policy", () => {
    expect(validatePolicy(null)).toEqual({ ok: false, errors: [expect.stringMatching(/^policy: /)] });
  });
});
