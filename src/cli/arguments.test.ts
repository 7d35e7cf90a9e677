import { InvalidArgumentError } from "commander";
import { describe, expect, it } from "vitest";
import { countAbove0, isoDate, wholeNumber } from "./arguments.ts";

describe("the CLI's argument parsers", () => {
  it("take a real day and refuse anything else with what is expected", () => {
    expect(isoDate("2024-02-29")).toBe("2024-02-29");
    for (const bad of ["2023-02-29", "2026-13-01", "20260101", "tomorrow", ""])
      expect(() => isoDate(bad)).toThrow(new InvalidArgumentError(`"${bad}" is not a date (expected YYYY-MM-DD)`));
  });

  it("take whole numbers (0 up, or 1 up) and refuse words, fractions, negatives and nothing", () => {
    expect(wholeNumber("0")).toBe(0);
    expect(wholeNumber("20")).toBe(20);
    for (const bad of ["abc", "1.5", "-5", "", " ", "1e30"])
      expect(() => wholeNumber(bad)).toThrow(InvalidArgumentError);
    expect(countAbove0("3")).toBe(3);
    for (const bad of ["0", "-1", "x"]) expect(() => countAbove0(bad)).toThrow(/not a whole number above 0/);
  });
});
