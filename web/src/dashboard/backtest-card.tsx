// How good the payment forecast has been: the latest backtest's MAE (days between predicted and actual payment,
// lower is better) and AUC (how well p_late ranks the late payers, higher is better) of the model beside the two
// baselines, as bars and as numbers.
import { Descriptions, Result, Skeleton, Typography } from "antd";
import { useMemo } from "react";
import type { BacktestMeasures } from "../api/analytics-types.ts";
import { useI18n } from "../i18n/i18n-provider.tsx";
import type { MessageKey } from "../i18n/messages.ts";
import { type ChartOption, EChart } from "./echart.tsx";
import { useLatestBacktest } from "./use-dashboard.ts";

const PREDICTORS = ["model", "dueDate", "customerMedian"] as const;
const PREDICTOR_LABELS: Record<(typeof PREDICTORS)[number], MessageKey> = {
  model: "dashboard.backtestModel",
  dueDate: "dashboard.backtestDueDate",
  customerMedian: "dashboard.backtestMedian",
};
const COLORS = ["#1677ff", "#bfbfbf", "#8c8c8c"];

function MeasureChart(props: { measures: BacktestMeasures; digits: number; label: string; max?: number }) {
  const { t } = useI18n();
  const { measures, digits, max } = props;
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: (v: number) => v.toFixed(digits) },
      xAxis: { type: "category", data: PREDICTORS.map((p) => t(PREDICTOR_LABELS[p])) },
      yAxis: { type: "value", max },
      series: [
        {
          type: "bar",
          barMaxWidth: 40,
          label: {
            show: true,
            position: "top",
            formatter: (p: { value: number | null }) => (p.value === null ? "—" : p.value.toFixed(digits)),
          },
          data: PREDICTORS.map((p, i) => ({ value: measures[p], itemStyle: { color: COLORS[i] } })),
        },
      ],
    }),
    [measures, digits, max, t],
  );
  return <EChart option={option} height={200} label={props.label} />;
}

export function BacktestCard() {
  const { t } = useI18n();
  const backtest = useLatestBacktest();
  if (backtest.isError)
    return <Result status="warning" title={t("common.loadFailed", { message: backtest.error.message })} />;
  if (backtest.isPending) return <Skeleton active paragraph={{ rows: 6 }} />;
  const r = backtest.data;
  if (!r || (r.overall.mae.model === null && r.overall.auc.model === null))
    return <Result status="info" title={t("dashboard.backtestEmpty")} />;
  const o = r.overall;
  const fmt = (v: number | null, digits: number) => (v === null ? "—" : v.toFixed(digits));
  const better = Math.min(o.mae.dueDate ?? Number.POSITIVE_INFINITY, o.mae.customerMedian ?? Number.POSITIVE_INFINITY);
  const ratio = o.mae.model !== null && Number.isFinite(better) && better > 0 ? o.mae.model / better : null;
  return (
    <div data-testid="backtest-card">
      <Typography.Paragraph type="secondary">
        {t("dashboard.backtestRange", { from: r.from, to: r.to, end: r.dataEnd, steps: r.steps.length })}
      </Typography.Paragraph>
      <Typography.Text strong>{t("dashboard.backtestMae")}</Typography.Text>
      <MeasureChart measures={o.mae} digits={1} label={t("dashboard.backtestMaeLabel")} />
      <Typography.Text strong>{t("dashboard.backtestAuc")}</Typography.Text>
      <MeasureChart measures={o.auc} digits={3} max={1} label={t("dashboard.backtestAucLabel")} />
      <Descriptions size="small" column={1} bordered>
        {PREDICTORS.map((p) => (
          <Descriptions.Item key={p} label={t(PREDICTOR_LABELS[p])}>
            MAE {fmt(o.mae[p], 1)} · AUC {fmt(o.auc[p], 3)}
          </Descriptions.Item>
        ))}
      </Descriptions>
      {o.cash?.length ? (
        <>
          <Typography.Text strong style={{ display: "block", marginTop: 12 }}>
            {t("dashboard.backtestCash")}
          </Typography.Text>
          <Descriptions size="small" column={1} bordered data-testid="backtest-cash">
            {o.cash.map((c) => {
              // A week's error as a share of an average week's collections: comparable across currencies.
              const perWeek = c.weeks > 0 ? c.collected / c.weeks : 0;
              const share = (v: number | null) =>
                v === null || perWeek <= 0 ? "—" : `${((100 * v) / perWeek).toFixed(1)}%`;
              return (
                <Descriptions.Item key={c.currency} label={`${c.currency} (${c.weeks})`}>
                  {PREDICTORS.map((p) => `${t(PREDICTOR_LABELS[p])} ${share(c.mae[p])}`).join(" · ")}
                </Descriptions.Item>
              );
            })}
          </Descriptions>
        </>
      ) : null}
      {ratio !== null && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t("dashboard.backtestRatio", { ratio: ratio.toFixed(2), invoices: o.withPaymentDate })}
        </Typography.Paragraph>
      )}
    </div>
  );
}
