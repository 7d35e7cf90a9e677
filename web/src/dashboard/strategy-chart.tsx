// Champion vs challenger per playbook: the chosen measure's estimate as bars, its 95% interval as error bars, how
// many observations each bar rests on (customers; the promises settled for kept promises; the customers who paid for
// days to pay), and which variant wins once the difference's interval leaves out zero.
import { Result, Segmented, Skeleton, Space, Typography } from "antd";
import { useMemo, useState } from "react";
import type { Interval, PlaybookComparison, StrategyArm } from "../api/analytics-types.ts";
import type { IsoDate } from "../api/types.ts";
import { useI18n } from "../i18n/i18n-provider.tsx";
import type { MessageKey } from "../i18n/messages.ts";
import { playbookNameText } from "../i18n/server-text.ts";
import { escapeHtml, percent } from "./chart-format.ts";
import { type ChartOption, EChart, type RenderApi } from "./echart.tsx";
import { useStrategy } from "./use-dashboard.ts";

const MEASURES = ["recoveryRate", "promiseKeptRate", "daysToPay"] as const;
type Measure = (typeof MEASURES)[number];
const MEASURE_LABELS: Record<Measure, MessageKey> = {
  recoveryRate: "dashboard.strategyRecovery",
  promiseKeptRate: "dashboard.strategyKept",
  daysToPay: "dashboard.strategyDays",
};
const VARIANTS = ["champion", "challenger"] as const;
const COUNT_LABELS: Record<Measure, MessageKey> = {
  recoveryRate: "dashboard.strategyCustomers",
  promiseKeptRate: "dashboard.strategyPromises",
  daysToPay: "dashboard.strategyPaying",
};

/** What an arm's figure on `measure` rests on: its customers, its promises settled, or its customers who paid. */
export function observationsOf(arm: StrategyArm, measure: Measure): number {
  if (measure === "promiseKeptRate") return arm.promisesSettled;
  if (measure === "daysToPay") return Math.round((arm.payingRate?.estimate ?? 0) * arm.customers);
  return arm.customers;
}
const COLORS = { champion: "#1677ff", challenger: "#fa8c16" };
/** Each bar is 30% of its category's band, side by side: their centres are 15% either side of the middle. */
const BAR_WIDTH = 0.3;

/** Error bars drawn by a custom series: a line from low to high with caps, beside its bar. */
function renderErrorBar(_params: unknown, api: RenderApi) {
  const band = api.size([1, 0])[0];
  const [x0, yLow] = api.coord([api.value(0), api.value(1)]);
  const [, yHigh] = api.coord([api.value(0), api.value(2)]);
  const x = x0 + api.value(3) * (BAR_WIDTH / 2) * band;
  const cap = band * 0.05;
  const style = { stroke: "#262626", lineWidth: 1.5 };
  const line = (x1: number, y1: number, x2: number, y2: number) => ({
    type: "line",
    shape: { x1, y1, x2, y2 },
    style,
  });
  return {
    type: "group",
    children: [line(x, yLow, x, yHigh), line(x - cap, yLow, x + cap, yLow), line(x - cap, yHigh, x + cap, yHigh)],
  };
}

function StrategyBars({ playbooks, measure }: { playbooks: PlaybookComparison[]; measure: Measure }) {
  const { t, lang } = useI18n();
  const option = useMemo<ChartOption>(() => {
    const isRate = measure !== "daysToPay";
    const show = (v: number) => (isRate ? percent(v, lang) : t("dashboard.days", { days: v.toFixed(1) }));
    const interval = (i: Interval | null) => (i ? `${show(i.estimate)} [${show(i.low)}, ${show(i.high)}]` : "—");
    const names = playbooks.map((p) => `${playbookNameText(p.playbookName, lang)} · ${p.currency}`);
    // Under each playbook, n for champion / challenger: the bars are too narrow to hold it.
    const categories = playbooks.map(
      (p, i) => `${names[i]}\nn=${observationsOf(p.champion, measure)}/${observationsOf(p.challenger, measure)}`,
    );
    const armOf = (p: PlaybookComparison, v: (typeof VARIANTS)[number]): StrategyArm => p[v];
    const tooltip = (index: number) => {
      const p = playbooks[index];
      if (!p) return "";
      const d = p.difference[measure];
      const verdict = !d
        ? t("dashboard.strategyTooFew")
        : d.better === null
          ? t("dashboard.strategyNoDifference")
          : t("dashboard.strategyBetter", { variant: t(`dashboard.${d.better}`) });
      return [
        `<b>${escapeHtml(names[index] ?? "")}</b>`,
        ...VARIANTS.map((v) => {
          const a = armOf(p, v);
          return `${escapeHtml(t(`dashboard.${v}`))}: ${escapeHtml(interval(a[measure]))} · ${escapeHtml(
            t(COUNT_LABELS[measure], { n: observationsOf(a, measure) }),
          )}`;
        }),
        escapeHtml(verdict),
      ].join("<br/>");
    };
    return {
      color: VARIANTS.map((v) => COLORS[v]),
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      legend: { top: 0, data: VARIANTS.map((v) => t(`dashboard.${v}`)) },
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        formatter: (params: unknown) => tooltip((params as { dataIndex: number }[])[0]?.dataIndex ?? 0),
      },
      // Every playbook named (ECharts would skip labels that do not fit), wrapped to its band.
      xAxis: {
        type: "category",
        data: categories,
        axisLabel: { interval: 0, fontSize: 11, width: 110, overflow: "break", lineHeight: 14 },
      },
      yAxis: {
        type: "value",
        min: 0,
        max: isRate ? 1 : undefined,
        axisLabel: { formatter: (v: number) => (isRate ? percent(v, lang) : String(v)) },
      },
      series: [
        ...VARIANTS.map((v) => ({
          name: t(`dashboard.${v}`),
          type: "bar",
          barWidth: `${BAR_WIDTH * 100}%`,
          barGap: "0%",
          data: playbooks.map((p) => armOf(p, v)[measure]?.estimate ?? null),
        })),
        {
          type: "custom",
          name: "95%",
          renderItem: renderErrorBar,
          encode: { x: 0, y: [1, 2] },
          z: 10,
          tooltip: { show: false },
          data: playbooks.flatMap((p, i) =>
            VARIANTS.flatMap((v, side) => {
              const iv = armOf(p, v)[measure];
              return iv ? [[i, Math.max(0, iv.low), isRate ? Math.min(1, iv.high) : iv.high, side === 0 ? -1 : 1]] : [];
            }),
          ),
        },
      ],
    };
  }, [playbooks, measure, t, lang]);
  return <EChart option={option} height={300} label={t("dashboard.strategyLabel")} testId="strategy-chart" />;
}

/** Whether any variant of any playbook has a figure above zero on the measure (else there is no bar to draw). */
function hasBars(playbooks: PlaybookComparison[], measure: Measure): boolean {
  return playbooks.some((p) => VARIANTS.some((v) => (p[v][measure]?.estimate ?? 0) > 0));
}

export function StrategyCard({ from, to, currency }: { from: IsoDate; to: IsoDate; currency: string | null }) {
  const { t } = useI18n();
  const [measure, setMeasure] = useState<Measure>("recoveryRate");
  const strategy = useStrategy(from, to);
  // The playbooks in the dashboard's currency (each currency is its own comparison).
  const playbooks = (strategy.data?.playbooks ?? []).filter((p) => currency === null || p.currency === currency);
  let body: React.ReactNode;
  if (strategy.isError)
    body = <Result status="warning" title={t("common.loadFailed", { message: strategy.error.message })} />;
  else if (strategy.isPending) body = <Skeleton active paragraph={{ rows: 6 }} />;
  else if (playbooks.length === 0) body = <Result status="info" title={t("dashboard.strategyEmpty")} />;
  else if (!hasBars(playbooks, measure)) {
    // Right after the first runs nobody has paid or kept a promise yet: bars of zero on an empty grid say nothing.
    const customers = playbooks.reduce((n, p) => n + p.champion.customers + p.challenger.customers, 0);
    body = (
      <div data-testid="strategy-nothing-yet">
        <Result
          status="info"
          title={t("dashboard.strategyNothingYet", { measure: t(MEASURE_LABELS[measure]), n: customers })}
          subTitle={t("dashboard.strategyNothingYetHelp")}
        />
      </div>
    );
  } else body = <StrategyBars playbooks={playbooks} measure={measure} />;
  return (
    <Space direction="vertical" style={{ width: "100%" }} data-testid="strategy-card">
      <Segmented<Measure>
        aria-label={t("dashboard.strategyMeasure")}
        value={measure}
        options={MEASURES.map((m) => ({ value: m, label: t(MEASURE_LABELS[m]) }))}
        onChange={setMeasure}
      />
      {body}
      <Typography.Text type="secondary">{t("dashboard.strategyHelp")}</Typography.Text>
    </Space>
  );
}
