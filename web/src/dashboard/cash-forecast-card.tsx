// The 13-week cash forecast: the collections expected each week in one currency (Σ open amount × the chance it is
// paid that week) as bars, with the 90% band as a shaded range, and the total over the weeks.
import { Result, Skeleton, Typography } from "antd";
import { useMemo } from "react";
import type { CashWeek } from "../api/analytics-types.ts";
import { useI18n } from "../i18n/i18n-provider.tsx";
import { groupDecimal } from "../money/format-money.ts";
import { totalExpected, weeksOf } from "./cash-weeks.ts";
import { barValue, compactNumber, escapeHtml } from "./chart-format.ts";
import { type ChartOption, EChart, type RenderApi } from "./echart.tsx";
import { useCashForecast } from "./use-dashboard.ts";

/** A week's band: a box 60% of its category's width from the band's low end to its high end. */
function renderBand(_params: unknown, api: RenderApi) {
  const width = api.size([1, 0])[0] * 0.6;
  const [x, yLow] = api.coord([api.value(0), api.value(1)]);
  const [, yHigh] = api.coord([api.value(0), api.value(2)]);
  return {
    type: "rect",
    shape: { x: x - width / 2, y: yHigh, width, height: Math.max(1, yLow - yHigh) },
    style: { fill: "#1677ff", opacity: 0.15 },
  };
}

function CashChart({ weeks }: { weeks: CashWeek[] }) {
  const { t, lang } = useI18n();
  const option = useMemo<ChartOption>(() => {
    const label = (w: CashWeek) => w.weekStart.slice(5);
    return {
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      legend: { top: 0, data: [t("dashboard.cashExpected"), t("dashboard.cashBand")] },
      tooltip: {
        trigger: "axis",
        formatter: (params: unknown) => {
          const w = weeks[(params as { dataIndex: number }[])[0]?.dataIndex ?? 0];
          if (!w) return "";
          return [
            `<b>${escapeHtml(t("dashboard.cashWeek", { from: w.weekStart, to: w.weekEnd }))}</b>`,
            `${escapeHtml(t("dashboard.cashExpected"))}: ${escapeHtml(w.currency)} ${groupDecimal(w.expected)}`,
            `${escapeHtml(t("dashboard.cashBand"))}: ${groupDecimal(w.low)} – ${groupDecimal(w.high)}`,
          ].join("<br/>");
        },
      },
      xAxis: { type: "category", data: weeks.map(label), axisLabel: { interval: 0, fontSize: 11 } },
      yAxis: { type: "value", axisLabel: { formatter: compactNumber(lang) } },
      series: [
        // The band: a shaded box from its low to its high end behind each week's bar (a custom series: the charts
        // registered in echart.tsx are bars and custom ones).
        {
          name: t("dashboard.cashBand"),
          type: "custom",
          renderItem: renderBand,
          encode: { x: 0, y: [1, 2] },
          itemStyle: { color: "#91caff" },
          z: 1,
          data: weeks.map((w, i) => [i, barValue(w.low), barValue(w.high)]),
        },
        {
          name: t("dashboard.cashExpected"),
          type: "bar",
          barMaxWidth: 22,
          z: 2,
          itemStyle: { color: "#1677ff", borderRadius: [4, 4, 0, 0] },
          data: weeks.map((w) => barValue(w.expected)),
        },
      ],
    };
  }, [weeks, t, lang]);
  return <EChart option={option} height={260} label={t("dashboard.cashLabel")} testId="cash-chart" />;
}

export function CashForecastCard({ currency }: { currency: string | null }) {
  const { t } = useI18n();
  const cash = useCashForecast();
  if (cash.isError) return <Result status="warning" title={t("common.loadFailed", { message: cash.error.message })} />;
  if (cash.isPending) return <Skeleton active paragraph={{ rows: 6 }} />;
  const weeks = weeksOf(cash.data.cash, currency);
  const first = weeks[0];
  const last = weeks[weeks.length - 1];
  if (!first || !last) return <Result status="info" title={t("dashboard.cashEmpty")} />;
  return (
    <div data-testid="cash-card">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t("dashboard.cashSummary", {
          currency: first.currency,
          total: totalExpected(weeks, first.currency),
          weeks: weeks.length,
          from: first.weekStart,
          to: last.weekEnd,
        })}
      </Typography.Paragraph>
      <CashChart weeks={weeks} />
      <Typography.Text type="secondary">{t("dashboard.cashHelp")}</Typography.Text>
    </div>
  );
}
