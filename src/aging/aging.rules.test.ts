import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BUCKETS, bucketFor, DEFAULT_GRADE_THRESHOLDS, daysPastDue, gradeFor, RISK_GRADES } from "./aging.rules.ts";

describe("aging rules", () => {
  it.each([
    ["2024-03-10", "2024-03-01", 0],
    ["2024-03-01", "2024-03-01", 0],
    ["2024-03-01", "2024-03-02", 1],
    ["2024-02-28", "2024-03-01", 2],
    ["2023-03-01", "2024-03-01", 366],
  ])("due %s as of %s is %d days past due", (due, asOf, days) => expect(daysPastDue(due, asOf)).toBe(days));

  it.each([
    [0, "current", "current"],
    [1, "d1_30", "overdue"],
    [30, "d1_30", "overdue"],
    [31, "d31_60", "overdue"],
    [60, "d31_60", "overdue"],
    [61, "d61_90", "overdue"],
    [90, "d61_90", "overdue"],
    [91, "d91_180", "doubtful"],
    [180, "d91_180", "doubtful"],
    [181, "d181_365", "bad"],
    [365, "d181_365", "bad"],
    [366, "over_365", "dead"],
    [5000, "over_365", "dead"],
  ])("%d days: bucket %s, grade %s", (days, bucket, grade) => {
    expect(bucketFor(days)).toBe(bucket);
    expect(gradeFor(days)).toBe(grade);
  });

  it("legal action makes a receivable at least bad, never better", () => {
    expect(gradeFor(10, DEFAULT_GRADE_THRESHOLDS, { legal: true })).toBe("bad");
    expect(gradeFor(400, DEFAULT_GRADE_THRESHOLDS, { legal: true })).toBe("dead");
  });

  it("uses configured thresholds", () => {
    const t = { overdue: 8, doubtful: 31, bad: 61, dead: 181 };
    expect(gradeFor(7, t)).toBe("current");
    expect(gradeFor(8, t)).toBe("overdue");
    expect(gradeFor(61, t)).toBe("bad");
  });

  it("buckets cover every day exactly once and grades never improve with age", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), (days) => {
        expect(BUCKETS.filter((b) => days >= b.min && days <= b.max)).toHaveLength(1);
        expect(RISK_GRADES.indexOf(gradeFor(days + 1))).toBeGreaterThanOrEqual(RISK_GRADES.indexOf(gradeFor(days)));
      }),
    );
  });
});
