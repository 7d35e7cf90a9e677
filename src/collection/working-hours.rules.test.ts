import { describe, expect, it } from "vitest";
import {
  DEFAULT_WORKING_HOURS,
  intersectIntervals,
  type WorkingHours,
  workingHoursProblems,
  workingIntervalsBetween,
  workingIntervalsOn,
} from "./working-hours.rules.ts";

const EVERY_DAY: WorkingHours["days"] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const iso = (xs: { start: Date; end: Date }[]) => xs.map((x) => [x.start.toISOString(), x.end.toISOString()]);

describe("workingHoursProblems", () => {
  it("finds none in the default and in a Saturday without lunch", () => {
    expect(workingHoursProblems(DEFAULT_WORKING_HOURS)).toEqual([]);
    expect(workingHoursProblems({ days: ["sat"], from: "00:00", to: "23:59" })).toEqual([]);
  });

  it.each<[WorkingHours, string, RegExp]>([
    [{ ...DEFAULT_WORKING_HOURS, from: "18:00", to: "09:00" }, "to", /must be after the start/],
    [{ ...DEFAULT_WORKING_HOURS, from: "09:00", to: "09:00" }, "to", /must be after the start/],
    [{ ...DEFAULT_WORKING_HOURS, from: "9:00" }, "from", /"9:00" is not a time: expected HH:MM/],
    [{ ...DEFAULT_WORKING_HOURS, to: "24:00" }, "to", /HH:MM/],
    [{ ...DEFAULT_WORKING_HOURS, days: [] }, "days", /at least one working day/],
    [{ ...DEFAULT_WORKING_HOURS, days: ["mon", "mon"] }, "days", /named twice/],
    [{ ...DEFAULT_WORKING_HOURS, lunch: { from: "13:00", to: "12:00" } }, "lunch.to", /after its start/],
    [{ ...DEFAULT_WORKING_HOURS, lunch: { from: "12:00", to: "1pm" } }, "lunch.to", /HH:MM/],
    [{ ...DEFAULT_WORKING_HOURS, lunch: { from: "08:00", to: "09:30" } }, "lunch", /within the working hours/],
    [{ ...DEFAULT_WORKING_HOURS, lunch: { from: "17:30", to: "18:30" } }, "lunch", /within the working hours/],
  ])("%o: %s", (value, path, message) => {
    const problem = workingHoursProblems(value).find((p) => p.path.join(".") === path);
    expect(problem?.message).toMatch(message);
  });
});

describe("workingIntervalsOn", () => {
  const nightShift = (from: string, to: string): WorkingHours => ({ days: EVERY_DAY, from, to });
  it.each<[string, WorkingHours, string, string, [string, string][]]>([
    [
      "Shanghai, a Wednesday, lunch cut out",
      DEFAULT_WORKING_HOURS,
      "Asia/Shanghai",
      "2025-01-08",
      [
        ["2025-01-08T01:00:00.000Z", "2025-01-08T04:00:00.000Z"],
        ["2025-01-08T05:00:00.000Z", "2025-01-08T10:00:00.000Z"],
      ],
    ],
    ["Shanghai, a Saturday: a day off", DEFAULT_WORKING_HOURS, "Asia/Shanghai", "2025-01-11", []],
    [
      "New York on the day it springs forward (EDT from 02:00)",
      { days: EVERY_DAY, from: "09:00", to: "18:00" },
      "America/New_York",
      "2025-03-09",
      [["2025-03-09T13:00:00.000Z", "2025-03-09T22:00:00.000Z"]],
    ],
    [
      "New York the day before (EST)",
      { days: EVERY_DAY, from: "09:00", to: "18:00" },
      "America/New_York",
      "2025-03-08",
      [["2025-03-08T14:00:00.000Z", "2025-03-08T23:00:00.000Z"]],
    ],
    // London skips 01:00–02:00 on 2025-03-30: 00:30–03:00 local is an hour and a half.
    [
      "London, spring forward",
      nightShift("00:30", "03:00"),
      "Europe/London",
      "2025-03-30",
      [["2025-03-30T00:30:00.000Z", "2025-03-30T02:00:00.000Z"]],
    ],
    // London repeats 01:00–02:00 on 2025-10-26: 00:30–03:00 local is three and a half hours.
    [
      "London, fall back",
      nightShift("00:30", "03:00"),
      "Europe/London",
      "2025-10-26",
      [["2025-10-25T23:30:00.000Z", "2025-10-26T03:00:00.000Z"]],
    ],
    // A start inside the skipped hour begins when the clocks change.
    [
      "London, start in the gap",
      nightShift("01:30", "04:00"),
      "Europe/London",
      "2025-03-30",
      [["2025-03-30T01:00:00.000Z", "2025-03-30T03:00:00.000Z"]],
    ],
  ])("%s", (_, hours, zone, date, expected) => {
    expect(iso(workingIntervalsOn(hours, zone, date))).toEqual(expected);
  });
});

describe("workingIntervalsBetween and intersectIntervals", () => {
  it("finds the company's working hours that touch a New York day, from the Shanghai days either side", () => {
    const from = new Date("2025-01-08T05:00:00Z"); // New York 2025-01-08 00:00 EST
    const to = new Date("2025-01-09T05:00:00Z");
    expect(iso(workingIntervalsBetween(DEFAULT_WORKING_HOURS, "Asia/Shanghai", from, to))).toEqual([
      ["2025-01-08T05:00:00.000Z", "2025-01-08T10:00:00.000Z"],
      ["2025-01-09T01:00:00.000Z", "2025-01-09T04:00:00.000Z"],
    ]);
  });

  it("intersects ordered interval lists", () => {
    const w = (a: string, b: string) => ({ start: new Date(`2025-01-01T${a}Z`), end: new Date(`2025-01-01T${b}Z`) });
    expect(iso(intersectIntervals([w("01:00", "05:00"), w("07:00", "09:00")], [w("02:00", "08:00")]))).toEqual(
      iso([w("02:00", "05:00"), w("07:00", "08:00")]),
    );
    expect(intersectIntervals([w("01:00", "02:00")], [w("02:00", "03:00")])).toEqual([]);
  });
});
