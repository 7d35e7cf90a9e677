// The dashboard's reads: the KPIs (weekly business figures for the aging trend, the collectors over the period),
// what is overdue now by grade and by cause, the largest overdue customers, and the promises the run found broken
// today. Each is scoped on the server: a collector gets their own figures.
import { useQuery } from "@tanstack/react-query";
import type { BacktestResult, CashForecast, StrategyReport } from "../api/analytics-types.ts";
import { apiGet, withQuery } from "../api/client.ts";
import type { IsoDate, Kpis, OverdueBreakdown, PromiseList, TopRisk } from "../api/types.ts";

export const TOP_RISKS = 10;

export function useKpis(by: Kpis["by"], from: IsoDate, to: IsoDate, grain?: "week") {
  return useQuery({
    queryKey: ["kpis", by, from, to, grain ?? ""],
    queryFn: () => apiGet<Kpis>(withQuery("/api/kpis", { by, from, to, grain })),
    staleTime: 5 * 60_000,
  });
}

export function useOverdueBreakdown(by: OverdueBreakdown["by"]) {
  return useQuery({
    queryKey: ["dashboard", "overdue", by],
    queryFn: () => apiGet<OverdueBreakdown>(withQuery("/api/dashboard/overdue", { by })),
  });
}

/**
 * The largest overdue customers in `currency` (the dashboard's; null: the portfolio has none, so all of them), asked
 * for once the currency is known (undefined: not yet), not once for all currencies and again for it.
 */
export function useTopRisks(currency: string | null | undefined) {
  return useQuery({
    enabled: currency !== undefined,
    queryKey: ["dashboard", "top-risks", TOP_RISKS, currency],
    queryFn: () =>
      apiGet<TopRisk[]>(withQuery("/api/dashboard/top-risks", { limit: TOP_RISKS, currency: currency ?? undefined })),
    placeholderData: (previous) => previous,
  });
}

/** Settled today as broken or partly kept (the daily run settles a promise the day after its date). */
export function useBrokenToday(today: IsoDate) {
  return useQuery({
    queryKey: ["promises", "broken", today],
    queryFn: () =>
      apiGet<PromiseList>(
        withQuery("/api/promises", {
          dateOf: "settled",
          from: today,
          to: today,
          status: "broken,partially_kept",
        }),
      ),
  });
}

/** The latest backtest saved (`huikuan backtest` or the daily run), or null while there is too little history. */
export function useLatestBacktest() {
  return useQuery({
    queryKey: ["backtest", "latest"],
    queryFn: () => apiGet<BacktestResult | null>("/api/backtest/latest"),
    staleTime: 30 * 60_000,
  });
}

/** The next 13 weeks' expected collections per currency, from today's stored forecast (computed when none is). */
export function useCashForecast() {
  return useQuery({
    queryKey: ["forecast", "cash"],
    queryFn: () => apiGet<CashForecast>("/api/forecast/cash"),
    staleTime: 30 * 60_000,
  });
}

export function useStrategy(from: IsoDate, to: IsoDate) {
  return useQuery({
    queryKey: ["strategy", from, to],
    queryFn: () => apiGet<StrategyReport>(withQuery("/api/strategy", { from, to })),
    staleTime: 5 * 60_000,
  });
}

/** The link of a download of the KPIs (the server scopes it like /api/kpis). */
export const kpiExportUrl = (
  q: { by: Kpis["by"]; from: IsoDate; to: IsoDate; grain?: "week" },
  format: "csv" | "xlsx",
  lang: string,
) => withQuery("/api/kpis/export", { ...q, format, lang });
