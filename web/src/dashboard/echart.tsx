// A small ECharts wrapper: only the chart types and components the dashboard uses are bundled (echarts/core: bars,
// and a custom series for the strategy chart's error bars), the chart follows its box's size, and speaks the page's
// language (tooltips, the aria description). The chart is a picture for the eye; every figure it shows is also in a
// table or a tooltip-free text beside it.
import { BarChart, CustomChart } from "echarts/charts";
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import { type EChartsCoreOption, type EChartsType, init, use } from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";
import { useI18n } from "../i18n/i18n-provider.tsx";

use([BarChart, CustomChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, CanvasRenderer]);

export type ChartOption = EChartsCoreOption;

/** What a custom series' renderItem reads (the error bars, the cash forecast's band): values and pixel positions. */
export type RenderApi = {
  value: (i: number) => number;
  coord: (p: [number, number]) => [number, number];
  size: (p: [number, number]) => [number, number];
};

type Props = { option: ChartOption; height: number; label: string; testId?: string };

export function EChart({ option, height, label, testId }: Props) {
  const { lang } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const c = init(el, undefined, { renderer: "canvas", locale: lang === "en" ? "EN" : "ZH" });
    chart.current = c;
    const resize = new ResizeObserver(() => c.resize());
    resize.observe(el);
    return () => {
      resize.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, [lang]);

  // After a language change the chart is a new instance (the effect above), which needs the option again.
  // biome-ignore lint/correctness/useExhaustiveDependencies: lang is the signal that the instance was replaced
  useEffect(() => {
    chart.current?.setOption({ aria: { enabled: true }, ...option }, { notMerge: true });
  }, [option, lang]);

  return <div ref={box} style={{ height, width: "100%" }} role="img" aria-label={label} data-testid={testId} />;
}
