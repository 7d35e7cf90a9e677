import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  combine,
  connectRate,
  DAY_BOOST,
  dayFactor,
  deserializeModel,
  hourOfWeek,
  learnModel,
  type OutcomeSample,
  priorModel,
  serializeModel,
  suggestWindow,
  type Window,
} from "./best-time.rules.ts";

const SH = "Asia/Shanghai"; // UTC+8 all year
const NY = "America/New_York";

/** An instant given as Shanghai wall-clock time. */
const sh = (local: string) => new Date(`${local}+08:00`);
const win = (start: Date, end: Date): Window => ({ start, end });
/** The Shanghai office day 09:00–18:00. */
const officeDay = (date: string) => [win(sh(`${date}T09:00`), sh(`${date}T18:00`))];
const how = (weekday: number, hour: number) => weekday * 24 + hour;
const iso = (d: Date | undefined) => d?.toISOString();
const sample = (at: Date, connected: boolean): OutcomeSample => ({ at, connected });
/** The same local time on `count` consecutive weeks before `first` (a Shanghai wall-clock time). */
const weekly = (first: string, count: number, connected: boolean) =>
  Array.from({ length: count }, (_, i) => sample(new Date(sh(first).getTime() - (i + 1) * 7 * 86_400_000), connected));

describe("hourOfWeek", () => {
  it.each([
    // Shanghai, no DST: 2026-01-05 is a Monday
    ["2026-01-04T16:00:00Z", SH, 0],
    ["2026-01-04T15:59:59Z", SH, how(6, 23)],
    ["2026-01-05T07:00:00Z", SH, 15],
    // New York spring forward, Sunday 2026-03-08 02:00 EST -> 03:00 EDT
    ["2026-03-08T06:59:59Z", NY, how(6, 1)],
    ["2026-03-08T07:00:00Z", NY, how(6, 3)],
    ["2026-03-09T19:30:00Z", NY, 15],
    // New York fall back, Sunday 2026-11-01 02:00 EDT -> 01:00 EST: 01h twice
    ["2026-11-01T05:30:00Z", NY, how(6, 1)],
    ["2026-11-01T06:30:00Z", NY, how(6, 1)],
    ["2026-11-01T07:30:00Z", NY, how(6, 2)],
    // London spring forward, Sunday 2026-03-29 01:00 GMT -> 02:00 BST
    ["2026-03-29T00:59:00Z", "Europe/London", how(6, 0)],
    ["2026-03-29T01:00:00Z", "Europe/London", how(6, 2)],
    // London fall back, Sunday 2026-10-25 02:00 BST -> 01:00 GMT
    ["2026-10-25T00:30:00Z", "Europe/London", how(6, 1)],
    ["2026-10-25T01:30:00Z", "Europe/London", how(6, 1)],
    ["2026-10-26T15:00:00Z", "Europe/London", 15],
  ])("%s in %s is slot %d", (at, zone, slot) => expect(hourOfWeek(new Date(at), zone)).toBe(slot));

  it("agrees with plain UTC arithmetic for UTC and Shanghai", () => {
    const utcSlot = (t: number) => ((((Math.floor(t / 86_400_000) + 3) % 7) + 7) % 7) * 24 + new Date(t).getUTCHours();
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }), (t) => {
        expect(hourOfWeek(new Date(t), "UTC")).toBe(utcSlot(t));
        expect(hourOfWeek(new Date(t), SH)).toBe(utcSlot(t + 8 * 3_600_000));
      }),
    );
  });

  it("rejects an unknown zone with a message that says what to pass", () => {
    expect(() => hourOfWeek(new Date(0), "Mars/Olympus")).toThrow(/IANA/);
  });
});

describe("priors from practice", () => {
  const prior = priorModel();

  it.each([
    ["Tue 15h over Tue lunch 12h", how(1, 15), how(1, 12)],
    ["Tue 15h over Tue 13h", how(1, 15), how(1, 13)],
    ["Tue 15h over Monday 9h", how(1, 15), how(0, 9)],
    ["Wed 9h over Monday 9h", how(2, 9), how(0, 9)],
    ["Friday 15h over Tue 15h", how(4, 15), how(1, 15)],
    ["Thu 10h over Sat 10h", how(3, 10), how(5, 10)],
    ["Thu 10h over Thu 22h", how(3, 10), how(3, 22)],
  ])("%s", (_, better, worse) => expect(connectRate(prior, better)).toBeGreaterThan(connectRate(prior, worse)));

  it("has `strength` pseudo-counts per slot", () => {
    const strong = priorModel(20);
    expect((strong.alpha[15] ?? 0) + (strong.beta[15] ?? 0)).toBeCloseTo(20, 2);
    expect(connectRate(strong, 15)).toBeCloseTo(connectRate(prior, 15), 3);
    expect(() => priorModel(0)).toThrow(/positive/);
  });

  it.each([
    ["2026-01-05", "07:00", "08:00", "no history yet: mid-afternoon usually connects best"], // Monday
    ["2026-01-06", "07:00", "08:00", "no history yet: mid-afternoon usually connects best"], // Tuesday
    ["2026-01-09", "07:00", "08:00", "no history yet: Friday afternoon is usually relaxed"], // Friday
  ])("with no history the office day %s gets 15–16h", (date, start, end, reason) => {
    const w = suggestWindow(priorModel(), null, SH, date, officeDay(date));
    expect(iso(w?.start)).toBe(`${date}T${start}:00.000Z`);
    expect(iso(w?.end)).toBe(`${date}T${end}:00.000Z`);
    expect(w?.reason).toBe(reason);
    expect(w?.evidence).toEqual({ connected: 0, attempts: 0 });
  });

  it("avoids lunch and says so when Monday morning is all that is left", () => {
    const allowed = [win(sh("2026-01-05T08:00"), sh("2026-01-05T14:00"))];
    const w = suggestWindow(priorModel(), [], SH, "2026-01-05", allowed);
    expect(w?.start).toEqual(sh("2026-01-05T10:00"));
    expect(w?.reason).toBe("no history yet: Monday morning is usually busy; best time allowed");
  });
});

describe("learned from outcomes", () => {
  it("a contact who only ever connects on Tuesdays at 10:00 gets Tuesday 10:00 with the real counts", () => {
    const samples = [
      ...weekly("2026-01-06T10:15", 6, true),
      ...weekly("2026-01-06T15:20", 4, false),
      ...weekly("2026-01-07T15:00", 3, false),
      ...weekly("2026-01-08T11:00", 2, false),
    ];
    const model = learnModel(samples, SH);
    expect(model.samples).toBe(15);
    const w = suggestWindow(model, samples, SH, "2026-01-06", officeDay("2026-01-06"));
    expect(w?.start).toEqual(sh("2026-01-06T10:00"));
    expect(w?.end).toEqual(sh("2026-01-06T11:00"));
    expect(w?.reason).toBe("connected 6 of 6 times on Tue 10–11h");
    expect(w?.evidence).toEqual({ connected: 6, attempts: 6 });
    // Other days keep the prior where there is no data: Wednesday mid-afternoon failed 3 times, so not 15h.
    const wed = suggestWindow(model, samples, SH, "2026-01-07", officeDay("2026-01-07"));
    expect(wed?.start).toEqual(sh("2026-01-07T16:00"));
  });

  it("groups weekdays that agree at the same hours, and only those", () => {
    const samples = [
      ...weekly("2026-01-06T15:10", 3, true),
      ...weekly("2026-01-06T15:40", 1, false).map((s) => sample(new Date(s.at.getTime() - 21 * 86_400_000), false)),
      ...weekly("2026-01-08T15:05", 3, true),
      ...weekly("2026-01-08T15:50", 1, false),
      ...weekly("2026-01-07T15:30", 3, false),
    ];
    const w = suggestWindow(learnModel(samples, SH), samples, SH, "2026-01-06", officeDay("2026-01-06"));
    expect(w?.start).toEqual(sh("2026-01-06T15:00"));
    expect(w?.reason).toBe("connected 6 of 8 times on Tue/Thu 15–16h");
    expect(w?.evidence).toEqual({ connected: 6, attempts: 8 });
  });

  it.each([
    [
      [sample(sh("2025-12-30T15:30"), true)],
      "only 1 of 1 connected at this time so far: mid-afternoon usually connects best",
    ],
    [[sample(sh("2025-12-31T15:30"), true)], "no history at this time yet: mid-afternoon usually connects best"],
  ])("too little history at the chosen time falls back to the prior's reason", (samples, reason) => {
    const w = suggestWindow(learnModel(samples, SH), samples, SH, "2026-01-06", officeDay("2026-01-06"));
    expect(w?.reason).toBe(reason);
  });

  it("learns in the contact's zone across DST: Sunday 15:00 New York in winter and in summer", () => {
    const samples = ["2026-02-01", "2026-02-08", "2026-02-15", "2026-02-22"].map((d) =>
      sample(new Date(`${d}T20:30:00Z`), true),
    );
    const model = learnModel(samples, NY);
    const wholeDays = [win(new Date("2026-03-07T00:00:00Z"), new Date("2026-11-03T00:00:00Z"))];
    for (const [date, start] of [
      ["2026-03-08", "2026-03-08T19:00:00.000Z"], // spring forward: 23-hour day, EDT
      ["2026-11-01", "2026-11-01T20:00:00.000Z"], // fall back: 25-hour day, EST
    ] as const) {
      const w = suggestWindow(model, samples, NY, date, wholeDays);
      expect(iso(w?.start)).toBe(start);
      expect(w?.reason).toBe("connected 4 of 4 times on Sun 15–16h");
    }
  });

  it("shares a quarter of each attempt with the neighbouring hours", () => {
    const m = learnModel([sample(sh("2026-01-06T10:15"), true)], SH);
    const p = priorModel();
    expect((m.alpha[how(1, 10)] ?? 0) - (p.alpha[how(1, 10)] ?? 0)).toBe(1);
    expect((m.alpha[how(1, 9)] ?? 0) - (p.alpha[how(1, 9)] ?? 0)).toBe(0.25);
    expect((m.alpha[how(1, 11)] ?? 0) - (p.alpha[how(1, 11)] ?? 0)).toBe(0.25);
    expect((m.alpha[how(1, 12)] ?? 0) - (p.alpha[how(1, 12)] ?? 0)).toBe(0);
  });
});

describe("combine", () => {
  const wed10 = how(2, 10);
  const customer = learnModel(weekly("2026-01-07T10:20", 100, true), SH);

  it("falls back to the prior, or to the contact alone", () => {
    expect(combine(null, null)).toEqual(priorModel());
    const contact = learnModel(weekly("2026-01-07T10:20", 2, false), SH);
    expect(combine(contact, null)).toEqual(contact);
  });

  it("uses the customer's data as a prior worth at most 8 attempts per slot", () => {
    const m = combine(null, customer);
    const p = priorModel();
    expect(m.alpha[wed10]).toBeCloseTo((p.alpha[wed10] ?? 0) + 8, 9);
    expect(m.beta[wed10]).toBeCloseTo(p.beta[wed10] ?? 0, 9);
    expect(connectRate(m, wed10)).toBeGreaterThan(connectRate(p, wed10));
    expect(m.samples).toBe(100);
  });

  it("lets the contact's own data outweigh its customer's", () => {
    const contact = learnModel(weekly("2026-01-07T10:20", 12, false), SH);
    const m = combine(contact, customer);
    expect(connectRate(m, wed10)).toBeLessThan(0.5);
    expect(connectRate(m, wed10)).toBeGreaterThan(connectRate(contact, wed10));
  });
});

describe("suggestWindow and the gate", () => {
  const model = priorModel();
  const date = "2026-01-06"; // Tuesday

  it.each([
    ["an interval shorter than the window", [["09:00", "09:40"]], undefined, ["09:00", "09:40"]],
    ["an interval with no aligned start that fits", [["09:10", "10:10"]], undefined, ["09:10", "10:10"]],
    ["an aligned start inside an unaligned interval", [["09:10", "10:40"]], undefined, ["09:30", "10:30"]],
    ["now: not before 15:10", [["09:00", "18:00"]], "15:10", ["15:30", "16:30"]],
    ["now: what is left after 17:20", [["09:00", "18:00"]], "17:20", ["17:20", "18:00"]],
    [
      "the better of two intervals",
      [
        ["09:00", "10:00"],
        ["14:30", "16:00"],
      ],
      undefined,
      ["15:00", "16:00"],
    ],
  ])("%s", (_, intervals, now, [start, end]) => {
    const allowed = intervals.map(([s, e]) => win(sh(`${date}T${s}`), sh(`${date}T${e}`)));
    const w = suggestWindow(model, null, SH, date, allowed, now ? { now: sh(`${date}T${now}`) } : undefined);
    expect(w?.start).toEqual(sh(`${date}T${start}`));
    expect(w?.end).toEqual(sh(`${date}T${end}`));
  });

  it.each([
    ["nothing allowed", [], undefined],
    ["less than 15 minutes allowed", [["09:00", "09:10"]], undefined],
    ["now is past the allowed hours", [["09:00", "18:00"]], "17:50"],
  ])("null when %s", (_, intervals, now) => {
    const allowed = intervals.map(([s, e]) => win(sh(`${date}T${s}`), sh(`${date}T${e}`)));
    expect(suggestWindow(model, null, SH, date, allowed, now ? { now: sh(`${date}T${now}`) } : undefined)).toBeNull();
  });

  it("null when the allowed hours are on another day; clips intervals that span days", () => {
    expect(suggestWindow(model, null, SH, date, officeDay("2026-01-07"))).toBeNull();
    const span = [win(sh("2026-01-05T20:00"), sh("2026-01-08T02:00"))];
    expect(suggestWindow(model, null, SH, date, span)?.start).toEqual(sh(`${date}T15:00`));
  });

  it("honours other window lengths", () => {
    const w = suggestWindow(model, null, SH, date, officeDay(date), { minutes: 30 });
    expect([w?.start, w?.end]).toEqual([sh(`${date}T15:00`), sh(`${date}T15:30`)]);
    expect(() => suggestWindow(model, null, SH, date, officeDay(date), { minutes: 5 })).toThrow(/15\.\.1440/);
    expect(() => suggestWindow(model, null, SH, "2026-02-30", officeDay(date))).toThrow(/YYYY-MM-DD/);
  });

  it("keeps clear of `avoid` when it can, and uses it when nothing else is allowed", () => {
    const avoid = [win(sh(`${date}T14:45`), sh(`${date}T16:00`))];
    expect(suggestWindow(model, null, SH, date, officeDay(date), { avoid })?.start).toEqual(sh(`${date}T16:00`));
    const only = [win(sh(`${date}T15:00`), sh(`${date}T15:50`))];
    expect(suggestWindow(model, null, SH, date, only, { avoid })?.start).toEqual(sh(`${date}T15:00`));
  });

  it("starts the day where DST skips local midnight (Santiago, 2026-09-06 00:00 -> 01:00)", () => {
    const allowed = [win(new Date("2026-09-05T00:00:00Z"), new Date("2026-09-08T00:00:00Z"))];
    const w = suggestWindow(model, null, "America/Santiago", "2026-09-06", allowed);
    // A Sunday: every hour has the same low prior, so the earliest window wins, at local 01:00 (-03).
    expect(iso(w?.start)).toBe("2026-09-06T04:00:00.000Z");
  });

  it("always lies inside one allowed interval, on the local date, after now, 15..60 minutes long", () => {
    const day0 = sh(`${date}T00:00`).getTime();
    const minute = 60_000;
    const interval = fc
      .tuple(fc.integer({ min: -600, max: 2000 }), fc.integer({ min: 0, max: 600 }))
      .map(([s, len]) => win(new Date(day0 + s * minute), new Date(day0 + (s + len) * minute)));
    fc.assert(
      fc.property(
        fc.array(interval, { maxLength: 4 }),
        fc.option(fc.integer({ min: 0, max: 1440 })),
        (allowed, now) => {
          const nowAt = now === null ? undefined : new Date(day0 + now * minute);
          const w = suggestWindow(model, null, SH, date, allowed, { now: nowAt });
          if (!w) return;
          const s = w.start.getTime();
          const e = w.end.getTime();
          expect(allowed.some((a) => a.start.getTime() <= s && e <= a.end.getTime())).toBe(true);
          expect(e - s).toBeGreaterThanOrEqual(15 * minute);
          expect(e - s).toBeLessThanOrEqual(60 * minute);
          expect(s).toBeGreaterThanOrEqual(Math.max(day0, nowAt?.getTime() ?? day0));
          expect(e).toBeLessThanOrEqual(day0 + 1440 * minute);
        },
      ),
    );
  });
});

describe("month end and payday", () => {
  it.each([
    ["2026-03-31", undefined, DAY_BOOST],
    ["2026-03-29", undefined, DAY_BOOST],
    ["2026-03-28", undefined, DAY_BOOST], // 3 days after the 25th
    ["2026-03-25", undefined, 1],
    ["2026-02-26", undefined, DAY_BOOST],
    ["2026-03-10", undefined, 1],
    ["2026-03-11", undefined, DAY_BOOST],
    ["2026-03-13", undefined, DAY_BOOST],
    ["2026-03-14", undefined, 1],
    ["2026-03-26", undefined, DAY_BOOST],
    ["2026-03-11", [15], 1],
    ["2026-03-16", [15], DAY_BOOST],
    ["2026-03-01", [31], DAY_BOOST], // payday 31 falls on 28 February
    ["2026-03-04", [31], 1],
    ["2027-01-02", [31], DAY_BOOST],
  ])("dayFactor(%s, %j) = %d", (date, paydays, factor) => expect(dayFactor(date, paydays)).toBe(factor));

  it("boosts the score on month end and after payday and says why", () => {
    const allowed = (d: string) => officeDay(d);
    const plain = suggestWindow(priorModel(), null, SH, "2026-03-24", allowed("2026-03-24")); // Tuesday
    const monthEnd = suggestWindow(priorModel(), null, SH, "2026-03-31", allowed("2026-03-31")); // Tuesday
    expect(monthEnd?.score).toBeCloseTo((plain?.score ?? 0) * DAY_BOOST, 12);
    expect(monthEnd?.reason).toBe("no history yet: mid-afternoon usually connects best; month end");
    const afterPayday = suggestWindow(priorModel(), null, SH, "2026-03-12", allowed("2026-03-12"));
    expect(afterPayday?.reason).toBe("no history yet: mid-afternoon usually connects best; 2 days after payday");
    const custom = suggestWindow(priorModel(), null, SH, "2026-03-12", allowed("2026-03-12"), { paydays: [1] });
    expect(custom?.reason).toBe("no history yet: mid-afternoon usually connects best");
  });
});

describe("storage", () => {
  const samplesArb = fc.array(
    fc.record({
      at: fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2027, 0, 1) }).map((t) => new Date(t)),
      connected: fc.boolean(),
    }),
    { maxLength: 60 },
  );

  it("round-trips learned models exactly through JSON", () => {
    fc.assert(
      fc.property(samplesArb, fc.constantFrom(SH, NY, "Europe/London"), (samples, zone) => {
        const m = learnModel(samples, zone);
        const back = deserializeModel(JSON.parse(JSON.stringify(serializeModel(m))));
        expect(back).toEqual(m);
      }),
    );
  });

  it("round-trips combined models to float precision", () => {
    fc.assert(
      fc.property(samplesArb, samplesArb, (a, b) => {
        const m = combine(learnModel(a, SH), learnModel([...a, ...b], SH));
        const back = deserializeModel(JSON.parse(JSON.stringify(serializeModel(m))));
        for (let i = 0; i < 168; i++) {
          expect(back.alpha[i]).toBeCloseTo(m.alpha[i] ?? 0, 9);
          expect(back.beta[i]).toBeCloseTo(m.beta[i] ?? 0, 9);
        }
      }),
    );
  });

  it("stores only the slots with counts", () => {
    expect(serializeModel(priorModel())).toEqual({ a: {}, b: {}, n: 0 });
    const stored = serializeModel(learnModel([sample(sh("2026-01-06T10:15"), true)], SH));
    expect(stored).toEqual({ a: { [how(1, 9)]: 0.25, [how(1, 10)]: 1, [how(1, 11)]: 0.25 }, b: {}, n: 1 });
  });

  it.each([
    [null, /object/],
    [{ a: {}, b: {} }, /sample count/],
    [{ a: { 168: 1 }, b: {}, n: 1 }, /slot 0\.\.167/],
    [{ a: {}, b: { 3: "x" }, n: 1 }, /slot 0\.\.167/],
    [{ a: {}, n: 0 }, /"b"/],
  ])("rejects a damaged stored model %j", (stored, message) => expect(() => deserializeModel(stored)).toThrow(message));
});
