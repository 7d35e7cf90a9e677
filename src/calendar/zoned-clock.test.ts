import { describe, expect, it } from "vitest";
import { AppError } from "../errors/app-error.ts";
import { instantOfWall, wallClock } from "./zoned-clock.ts";

const wall = (s: string) => Date.parse(`${s}Z`);

describe("zoned clock", () => {
  it("reads the local wall clock at an instant", () => {
    expect(new Date(wallClock(Date.parse("2025-03-12T02:00:00Z"), "Asia/Shanghai")).toISOString()).toBe(
      "2025-03-12T10:00:00.000Z",
    );
  });

  it.each([
    ["an ordinary time", "2025-06-02T09:00:00", "America/New_York", "2025-06-02T13:00:00.000Z"],
    [
      "a time skipped by spring forward: the instant of the change",
      "2025-03-09T02:30:00",
      "America/New_York",
      "2025-03-09T07:00:00.000Z",
    ],
    [
      "a time repeated by fall back: its first occurrence",
      "2025-11-02T01:30:00",
      "America/New_York",
      "2025-11-02T05:30:00.000Z",
    ],
    ["Berlin's summer time", "2025-03-31T09:00:00", "Europe/Berlin", "2025-03-31T07:00:00.000Z"],
  ])("turns a local time into an instant: %s", (_, local, zone, utc) => {
    expect(new Date(instantOfWall(wall(local), zone)).toISOString()).toBe(utc);
  });

  it("refuses an unknown zone with the reason", () => {
    expect(() => wallClock(0, "Mars/Olympus")).toThrow(AppError);
    expect(() => wallClock(0, "Mars/Olympus")).toThrow(/unknown time zone "Mars\/Olympus"/);
  });
});
