import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays } from "../calendar/calendar-date.ts";
import {
  addYears,
  DEFAULT_LIMITATION,
  LIMITATION_EVENT_KINDS,
  type LimitationEvent,
  type LimitationEventKind,
  limitationClock,
  limitationRuleFor,
  limitationSettingsSchema,
  shortestYears,
} from "./limitation.rules.ts";

const CN = { years: 3, restartBy: LIMITATION_EVENT_KINDS };
const claim = { invoiceId: 7, dueDate: "2021-03-10", currency: "CNY" };
const ev = (kind: LimitationEventKind, on: string, over: Partial<LimitationEvent> = {}): LimitationEvent => ({
  kind,
  on,
  currency: null,
  invoiceIds: null,
  ref: `${kind} ${on}`,
  ...over,
});

describe("addYears", () => {
  it.each([
    ["2021-03-10", 3, "2024-03-10"],
    // Civil Code art. 202: no 29 February in 2023, so the month's last day.
    ["2020-02-29", 3, "2023-02-28"],
    ["2020-02-29", 4, "2024-02-29"],
    ["2023-02-28", 1, "2024-02-28"],
    ["2021-12-31", 6, "2027-12-31"],
    ["2021-01-31", 0, "2021-01-31"],
  ])("%s + %i years = %s", (date, n, expected) => {
    expect(addYears(date, n)).toBe(expected);
  });
});

describe("limitationClock", () => {
  it("runs three years from the due date and is barred the day after its last day", () => {
    expect(limitationClock(claim, [], CN, "2024-03-10")).toMatchObject({
      expiresOn: "2024-03-10",
      daysLeft: 0,
      timeBarred: false,
      restartedBy: null,
    });
    expect(limitationClock(claim, [], CN, "2024-03-11")).toMatchObject({ daysLeft: -1, timeBarred: true });
    expect(limitationClock(claim, [], CN, "2023-12-11").daysLeft).toBe(90);
  });

  it.each(LIMITATION_EVENT_KINDS)("a %s after the due date restarts it from its own date", (kind) => {
    const c = limitationClock(claim, [ev(kind, "2022-06-15")], CN, "2024-05-01");
    expect(c).toMatchObject({
      expiresOn: "2025-06-15",
      timeBarred: false,
      restarts: 1,
      restartedBy: { kind, on: "2022-06-15", ref: `${kind} 2022-06-15` },
    });
  });

  it.each([
    ["on the due date", "2021-03-10", "2024-03-10"],
    ["before the due date", "2021-01-05", "2024-03-10"],
    ["after the claim was already barred", "2024-03-11", "2024-03-10"],
    ["on the last day", "2024-03-10", "2027-03-10"],
    ["after the date asked about", "2024-04-01", "2024-03-10"],
  ])("an event %s: the clock ends on %s", (_what, on, expiresOn) => {
    expect(limitationClock(claim, [ev("payment", on)], CN, "2024-03-20").expiresOn).toBe(expiresOn);
  });

  it("takes the latest of several restarts, in any order, and counts leap days by the month's end", () => {
    const events = [ev("demand", "2023-02-01"), ev("promise", "2022-01-01"), ev("payment", "2024-02-29")];
    expect(limitationClock(claim, events, CN, "2025-01-01")).toMatchObject({
      expiresOn: "2027-02-28",
      restarts: 3,
      restartedBy: { kind: "payment", on: "2024-02-29" },
    });
  });

  it("restarts only the invoices and currency an event concerns", () => {
    const allocated = ev("payment", "2022-06-15", { invoiceIds: [8], currency: "CNY" });
    expect(limitationClock(claim, [allocated], CN, "2023-01-01").expiresOn).toBe("2024-03-10");
    expect(limitationClock(claim, [{ ...allocated, invoiceIds: [7, 8] }], CN, "2023-01-01").expiresOn).toBe(
      "2025-06-15",
    );
    const dollars = ev("promise", "2022-06-15", { currency: "USD" });
    expect(limitationClock(claim, [dollars], CN, "2023-01-01").expiresOn).toBe("2024-03-10");
  });

  it("uses each country's years and restarting events", () => {
    const settings = limitationSettingsSchema.parse(DEFAULT_LIMITATION);
    expect(limitationRuleFor(settings, "cn").years).toBe(3);
    expect(limitationRuleFor(settings, "US").years).toBe(4);
    expect(limitationRuleFor(settings, null)).toEqual({ years: 3, restartBy: LIMITATION_EVENT_KINDS });
    expect(limitationRuleFor(settings, "FR").years).toBe(3);
    const gb = limitationRuleFor(settings, "GB");
    expect(limitationClock(claim, [], gb, "2022-01-01").expiresOn).toBe("2027-03-10");
    // In England a demand does not restart the clock; a payment does.
    expect(limitationClock(claim, [ev("demand", "2022-06-15")], gb, "2023-01-01").expiresOn).toBe("2027-03-10");
    expect(limitationClock(claim, [ev("payment", "2022-06-15")], gb, "2023-01-01").expiresOn).toBe("2028-06-15");
    // A signed balance confirmation is a signed written acknowledgement; a logged promise is not.
    expect(limitationClock(claim, [ev("acknowledgement", "2022-06-15")], gb, "2023-01-01").expiresOn).toBe(
      "2027-03-10",
    );
    expect(limitationClock(claim, [ev("signed_acknowledgement", "2022-06-15")], gb, "2023-01-01").expiresOn).toBe(
      "2028-06-15",
    );
    // Rules that take acknowledgements take signed ones too (settings written before signed ones existed).
    const acks = { years: 3, restartBy: ["acknowledgement"] as const };
    expect(limitationClock(claim, [ev("signed_acknowledgement", "2022-06-15")], acks, "2023-01-01").expiresOn).toBe(
      "2025-06-15",
    );
    expect(limitationClock(claim, [], limitationRuleFor(settings, "US"), "2022-01-01").expiresOn).toBe("2025-03-10");
    expect(shortestYears(settings)).toBe(3);
    expect(shortestYears({ ...settings, countries: { XX: { years: 2 } } })).toBe(2);
  });

  it("refuses settings that are not data it can use", () => {
    expect(limitationSettingsSchema.safeParse({ ...DEFAULT_LIMITATION, defaultYears: 0 }).success).toBe(false);
    expect(
      limitationSettingsSchema.safeParse({ ...DEFAULT_LIMITATION, countries: { China: { years: 3 } } }).success,
    ).toBe(false);
    expect(limitationSettingsSchema.safeParse({ ...DEFAULT_LIMITATION, restartBy: ["lawsuit"] }).success).toBe(false);
  });

  it("property: never ends before due date + years, and restarts only move it later", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3000 }),
        fc.array(fc.tuple(fc.constantFrom(...LIMITATION_EVENT_KINDS), fc.integer({ min: -100, max: 2000 }))),
        (dueOffset, raw) => {
          const due = addDays("2016-01-01", dueOffset);
          const c = { ...claim, dueDate: due };
          const events = raw.map(([k, d]) => ev(k, addDays(due, d)));
          const clock = limitationClock(c, events, CN, "2030-01-01");
          expect(clock.expiresOn >= addYears(due, 3)).toBe(true);
          const fewer = limitationClock(c, events.slice(1), CN, "2030-01-01");
          expect(clock.expiresOn >= fewer.expiresOn).toBe(true);
        },
      ),
    );
  });
});
