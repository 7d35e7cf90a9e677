// What is overdue now, per risk grade or per cause, in one currency: horizontal bars with the amount and the number
// of customers at the end of each bar.
import { Empty, Result, Skeleton } from "antd";
import { useMemo } from "react";
import type { Cause, OverdueBreakdown, RiskGrade } from "../api/types.ts";
import { GRADE_COLORS } from "../customers/grade-tag.tsx";
import { useI18n } from "../i18n/i18n-provider.tsx";
import { groupDecimal } from "../money/format-money.ts";
import { barValue, compactNumber, escapeHtml } from "./chart-format.ts";
import { type ChartOption, EChart } from "./echart.tsx";
import { useOverdueBreakdown } from "./use-dashboard.ts";

/** antd's palette names of the grade tags, as chart colours. */
const TAG_HEX: Record<string, string> = {
  green: "#52c41a",
  gold: "#faad14",
  orange: "#fa8c16",
  red: "#f5222d",
  purple: "#722ed1",
};

type Props = { by: OverdueBreakdown["by"]; currency: string | null };

export function OverdueChart({ by, currency }: Props) {
  const { t, labels, lang } = useI18n();
  const breakdown = useOverdueBreakdown(by);
  const groups = useMemo(
    () => (breakdown.data?.groups ?? []).filter((g) => currency === null || g.currency === currency),
    [breakdown.data, currency],
  );
  const option = useMemo<ChartOption>(() => {
    const name = (key: string) =>
      by === "grade" ? labels.grade(key as RiskGrade) : key ? labels.cause(key as Cause) : t("dashboard.noCause");
    // Top to bottom in reading order: ECharts draws a category axis from the bottom up.
    const rows = [...groups].reverse();
    return {
      grid: { left: 8, right: 96, top: 8, bottom: 8, containLabel: true },
      tooltip: {
        trigger: "item",
        formatter: (p: unknown) => {
          const g = rows[(p as { dataIndex: number }).dataIndex];
          return g
            ? `<b>${escapeHtml(name(g.key))}</b><br/>${escapeHtml(g.currency)} ${groupDecimal(g.overdue)}<br/>${escapeHtml(t("common.customers", { count: g.customers }))}`
            : "";
        },
      },
      xAxis: { type: "value", axisLabel: { formatter: compactNumber(lang) } },
      yAxis: { type: "category", data: rows.map((g) => name(g.key)), axisTick: { show: false } },
      series: [
        {
          type: "bar",
          barMaxWidth: 22,
          data: rows.map((g) => ({
            value: barValue(g.overdue),
            itemStyle: {
              color: by === "grade" ? (TAG_HEX[GRADE_COLORS[g.key as RiskGrade]] ?? "#0b5cad") : "#0b5cad",
              borderRadius: [0, 4, 4, 0],
            },
          })),
          label: {
            show: true,
            position: "right",
            formatter: (p: { dataIndex: number }) => {
              const g = rows[p.dataIndex];
              return g ? compactNumber(lang)(barValue(g.overdue)) : "";
            },
          },
        },
      ],
    };
  }, [groups, by, labels, lang, t]);

  if (breakdown.isError) {
    return <Result status="warning" title={t("common.loadFailed", { message: breakdown.error.message })} />;
  }
  if (!breakdown.data) return <Skeleton active paragraph={{ rows: 5 }} />;
  if (groups.length === 0) return <Empty description={t("dashboard.nothingOverdue")} />;
  return (
    <EChart
      option={option}
      height={Math.max(240, groups.length * 36 + 40)}
      label={`${t(by === "grade" ? "dashboard.byGrade" : "dashboard.byCause")}: ${t("dashboard.byLabel")}`}
      testId={`overdue-by-${by}-chart`}
    />
  );
}
