// Aging and risk grades (domain guide, seed 001): pure functions of the dates involved.
import { daysBetween, type IsoDate } from "../calendar/calendar-date.ts";

export const BUCKETS = [
  { key: "current", label: "current", min: Number.NEGATIVE_INFINITY, max: 0 },
  { key: "d1_30", label: "1-30", min: 1, max: 30 },
  { key: "d31_60", label: "31-60", min: 31, max: 60 },
  { key: "d61_90", label: "61-90", min: 61, max: 90 },
  { key: "d91_180", label: "91-180", min: 91, max: 180 },
  { key: "d181_365", label: "181-365", min: 181, max: 365 },
  { key: "over_365", label: ">365", min: 366, max: Number.POSITIVE_INFINITY },
] as const;
export type BucketKey = (typeof BUCKETS)[number]["key"];

export const RISK_GRADES = ["current", "overdue", "doubtful", "bad", "dead"] as const;
export type RiskGrade = (typeof RISK_GRADES)[number];
export const RISK_GRADE_NAMES_ZH: Record<RiskGrade, string> = {
  current: "未收款",
  overdue: "催收款",
  doubtful: "准呆账",
  bad: "呆账",
  dead: "死账",
};

/** The first day past due at which each grade starts; configurable in settings ("aging.grades"). */
export type GradeThresholds = { overdue: number; doubtful: number; bad: number; dead: number };
export const DEFAULT_GRADE_THRESHOLDS: GradeThresholds = { overdue: 1, doubtful: 91, bad: 181, dead: 366 };

/** Facts beyond age that raise a grade. */
export type GradeFlags = { legal?: boolean };

export function daysPastDue(dueDate: IsoDate, asOf: IsoDate): number {
  return Math.max(0, daysBetween(dueDate, asOf));
}

export function bucketFor(days: number): BucketKey {
  for (const b of BUCKETS) if (days >= b.min && days <= b.max) return b.key;
  return "over_365";
}

export function gradeFor(
  days: number,
  thresholds: GradeThresholds = DEFAULT_GRADE_THRESHOLDS,
  flags: GradeFlags = {},
): RiskGrade {
  let grade: RiskGrade = "current";
  if (days >= thresholds.dead) grade = "dead";
  else if (days >= thresholds.bad) grade = "bad";
  else if (days >= thresholds.doubtful) grade = "doubtful";
  else if (days >= thresholds.overdue) grade = "overdue";
  // Domain guide: legal action started makes a receivable at least "bad".
  if (flags.legal) grade = worseGrade(grade, "bad");
  return grade;
}

export function worseGrade(a: RiskGrade, b: RiskGrade): RiskGrade {
  return RISK_GRADES.indexOf(a) >= RISK_GRADES.indexOf(b) ? a : b;
}

export function validateThresholds(t: GradeThresholds): string[] {
  const errors: string[] = [];
  if (t.overdue < 1) errors.push("overdue must start at 1 day or later");
  if (!(t.overdue < t.doubtful && t.doubtful < t.bad && t.bad < t.dead))
    errors.push("thresholds must increase: overdue < doubtful < bad < dead");
  return errors;
}
