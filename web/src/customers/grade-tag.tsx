import { Tag } from "antd";
import type { RiskGrade } from "../api/types.ts";
import { useI18n } from "../i18n/i18n-provider.tsx";

/** antd tag colours per grade (the dashboard's charts use the same). */
export const GRADE_COLORS: Record<RiskGrade, string> = {
  current: "green",
  overdue: "gold",
  doubtful: "orange",
  bad: "red",
  dead: "purple",
};

export function GradeTag({ grade }: { grade: RiskGrade | null | undefined }) {
  const { labels } = useI18n();
  if (!grade) return null;
  return (
    <Tag color={GRADE_COLORS[grade]} bordered={false}>
      {labels.grade(grade)}
    </Tag>
  );
}
