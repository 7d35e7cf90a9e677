// Open receivables by age bucket at the end of each week, stacked: is the old debt growing or shrinking?
import { useMemo } from "react";
import type { BucketKey, Kpis } from "../api/types.ts";
import { useI18n } from "../i18n/i18n-provider.tsx";
import { BUCKET_KEYS } from "../i18n/labels.ts";
import { decimalDigits, formatMinor, groupDecimal, toMinor } from "../money/format-money.ts";
import { barValue, compactNumber, escapeHtml } from "./chart-format.ts";
import { type ChartOption, EChart } from "./echart.tsx";

export const BUCKET_COLORS: Record<BucketKey, string> = {
  current: "#73d13d",
  d1_30: "#ffd666",
  d31_60: "#ffc53d",
  d61_90: "#faad14",
  d91_180: "#fa8c16",
  d181_365: "#f5222d",
  over_365: "#722ed1",
};

type Props = { kpis: Kpis; currency: string };

export function AgingTrendChart({ kpis, currency }: Props) {
  const { t, labels, lang } = useI18n();
  const option = useMemo<ChartOption>(() => {
    const rows = kpis.periods.map((p) =>
      kpis.business.find((b) => b.periodStart === p.start && b.currency === currency),
    );
    const weeks = kpis.periods.map((p) => p.start);
    const tooltip = (index: number): string => {
      const row = rows[index];
      const week = weeks[index] ?? "";
      if (!row) return escapeHtml(t("dashboard.week", { date: week }));
      const digits = decimalDigits(row.closingReceivables);
      const total = BUCKET_KEYS.reduce((sum, k) => sum + toMinor(row.aging[k] ?? "0", digits), 0n);
      const lines = [...BUCKET_KEYS]
        .reverse()
        .map(
          (k) =>
            `<span style="display:inline-block;width:8px;height:8px;border-radius:4px;margin-right:6px;background:${BUCKET_COLORS[k]}"></span>` +
            `${escapeHtml(labels.bucket(k))}<span style="float:right;margin-left:24px;font-variant-numeric:tabular-nums">${groupDecimal(row.aging[k] ?? "0")}</span>`,
        );
      return [
        `<b>${escapeHtml(t("dashboard.week", { date: week }))}</b> · ${escapeHtml(currency)}`,
        ...lines,
        `<b>${escapeHtml(t("dashboard.total"))}</b><span style="float:right;margin-left:24px"><b>${formatMinor(total, digits)}</b></span>`,
      ].join("<br/>");
    };
    return {
      color: BUCKET_KEYS.map((k) => BUCKET_COLORS[k]),
      grid: { left: 8, right: 16, top: 48, bottom: 8, containLabel: true },
      legend: { top: 0, type: "scroll", data: BUCKET_KEYS.map((k) => labels.bucket(k)) },
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        formatter: (params: unknown) => tooltip((params as { dataIndex: number }[])[0]?.dataIndex ?? 0),
      },
      xAxis: { type: "category", data: weeks.map((w) => w.slice(5)) },
      yAxis: { type: "value", axisLabel: { formatter: compactNumber(lang) } },
      series: BUCKET_KEYS.map((k) => ({
        name: labels.bucket(k),
        type: "bar",
        stack: "aging",
        barMaxWidth: 36,
        emphasis: { focus: "series" },
        data: rows.map((r) => barValue(r?.aging[k])),
      })),
    };
  }, [kpis, currency, t, labels, lang]);
  return <EChart option={option} height={320} label={t("dashboard.agingTrendLabel")} testId="aging-trend-chart" />;
}
