// The reports as export tables: which columns each download has, their zh-CN and English headers and their types.
// Built from what the use cases return (getKpis, forecastPayments, getStrategy, the aging streams), so the CLI and
// the API export the same figures the JSON endpoints show, for the same portfolio.
import { BUCKETS, RISK_GRADE_NAMES_ZH, RISK_GRADES } from "../aging/aging.rules.ts";
import type { AgingCustomerRow, AgingInvoiceRow } from "../aging/get-aging.ts";
import type { CashWeek, InvoiceForecastRow } from "../analytics/forecast-build.ts";
import type { PaymentForecast } from "../analytics/forecast-payments.ts";
import type { BusinessKpis, GroupKpis, Kpis } from "../analytics/get-kpis.ts";
import type { Arm, StrategyReport } from "../analytics/get-strategy.ts";
import type { Interval } from "../analytics/strategy.rules.ts";
import { CAUSE_NAMES, type Cause } from "../collection/collection.enums.ts";
import { currencyDigits } from "../money/currencies.ts";
import { parseDecimal } from "../money/money.ts";
import { type ExportColumn, type ExportLang, type ExportTable, type Header, headerText } from "./export-table.ts";

const h = (zh: string, en: string): Header => ({ zh, en });

const BUCKET_HEADERS: Record<(typeof BUCKETS)[number]["key"], Header> = {
  current: h("未到期", "Current"),
  d1_30: h("逾期1-30天", "1-30 days"),
  d31_60: h("逾期31-60天", "31-60 days"),
  d61_90: h("逾期61-90天", "61-90 days"),
  d91_180: h("逾期91-180天", "91-180 days"),
  d181_365: h("逾期181-365天", "181-365 days"),
  over_365: h("逾期365天以上", "Over 365 days"),
};
// The grades' own names (RISK_GRADE_NAMES_ZH, as the web app shows them): "呆账" is the bad grade, not the dead one.
const GRADE_HEADERS: Record<(typeof RISK_GRADES)[number], Header> = Object.fromEntries(
  RISK_GRADES.map((g) => [g, h(RISK_GRADE_NAMES_ZH[g], g)]),
) as Record<(typeof RISK_GRADES)[number], Header>;

// --- KPIs -----------------------------------------------------------------------------------------------------

/** A line of the group KPIs: a group in a period, with one currency's money (`first`: the group's first line). */
export type GroupLine = { g: GroupKpis; m: GroupKpis["money"][number] | undefined; first: boolean };
/**
 * One line per group and currency (a group without money has one line). The contact counts and rates belong to the
 * group, not to a currency: they are on its first line only, so that summing a column counts each contact once.
 */
export const kpiGroupLines = (groups: readonly GroupKpis[]): GroupLine[] =>
  groups.flatMap((g): GroupLine[] =>
    g.money.length ? g.money.map((m, k) => ({ g, m, first: k === 0 })) : [{ g, m: undefined, first: true }],
  );
/** A group's count or rate, on its first line only (kpiGroupLines). */
const onFirst =
  <T>(pick: (g: GroupKpis) => T) =>
  (l: GroupLine): T | null =>
    l.first ? pick(l.g) : null;
const count = (key: string, header: Header, pick: (g: GroupKpis) => number): ExportColumn<GroupLine> => ({
  key,
  header,
  type: "integer",
  value: onFirst(pick),
});
const ratio = (key: string, header: Header, pick: (g: GroupKpis) => number | null): ExportColumn<GroupLine> => ({
  key,
  header,
  type: "percent",
  value: onFirst(pick),
});

const GROUP_HEADERS: Record<Kpis["by"], Header> = {
  collector: h("催收员", "Collector"),
  team: h("团队", "Team"),
  cause: h("逾期原因", "Cause"),
  playbook: h("策略/变体/步骤", "Playbook/variant/step"),
};

const GROUP_SHEETS: Record<Kpis["by"], Header> = {
  collector: h("催收员KPI", "KPIs by collector"),
  team: h("团队KPI", "KPIs by team"),
  cause: h("逾期原因KPI", "KPIs by cause"),
  playbook: h("策略KPI", "KPIs by playbook"),
};

/** A group's name: the label the KPIs carry (a collector's name), or a cause's name in the export's language. */
function groupName(by: Kpis["by"], g: GroupKpis, lang: ExportLang): string | null {
  if (by !== "cause") return g.label;
  if (!g.group) return lang === "zh-CN" ? "（无）" : "(none)";
  const names = CAUSE_NAMES[g.group as Cause];
  return names ? headerText(names, lang) : g.group;
}

export function kpiGroupColumns(by: Kpis["by"], lang: ExportLang = "en"): ExportColumn<GroupLine>[] {
  const money = (pick: (m: NonNullable<GroupLine["m"]>) => bigint) => (l: GroupLine) =>
    l.m ? { minor: pick(l.m), currency: l.m.currency } : null;
  return [
    { key: "period_start", header: h("期间开始", "Period start"), type: "date", value: (l) => l.g.periodStart },
    { key: "period_end", header: h("期间结束", "Period end"), type: "date", value: (l) => l.g.periodEnd },
    { key: "group", header: GROUP_HEADERS[by], type: "text", value: (l) => l.g.group || "(none)" },
    { key: "label", header: h("名称", "Name"), type: "text", value: (l) => groupName(by, l.g, lang) },
    count("attempts", h("联系次数", "Attempts"), (g) => g.attempts),
    count("connects", h("接通", "Connects"), (g) => g.connects),
    ratio("connect_rate", h("接通率", "Connect rate"), (g) => g.connectRate),
    count("effective", h("有效联系", "Effective"), (g) => g.effectiveContacts),
    ratio("effective_rate", h("有效联系率", "Effective rate"), (g) => g.effectiveContactRate),
    count("conversations", h("通话", "Conversations"), (g) => g.conversations),
    count("promises", h("承诺", "Promises"), (g) => g.promisesMade),
    ratio("promise_rate", h("承诺率", "Promise rate"), (g) => g.promiseRate),
    count("promises_due", h("到期承诺", "Promises due"), (g) => g.promisesSettled),
    count("promises_kept", h("兑现承诺", "Promises kept"), (g) => g.promisesKept),
    ratio("kept_rate", h("承诺兑现率", "Kept rate"), (g) => g.promiseKeptRate),
    count("complaints", h("投诉", "Complaints"), (g) => g.complaints),
    ratio("complaint_rate", h("投诉率", "Complaint rate"), (g) => g.complaintRate),
    { key: "currency", header: h("币种", "Currency"), type: "text", value: (l) => l.m?.currency ?? null },
    { key: "promised", header: h("承诺金额", "Promised"), type: "money", value: money((m) => m.promised) },
    {
      key: "overdue_at_start",
      header: h("期初逾期", "Overdue at start"),
      type: "money",
      value: money((m) => m.overdueAtStart),
    },
    { key: "recovered", header: h("回收金额", "Recovered"), type: "money", value: money((m) => m.recovered) },
    {
      key: "recovery_rate",
      header: h("回收率", "Recovery rate"),
      type: "percent",
      value: (l) => l.m?.recoveryRate ?? null,
    },
    { key: "collected", header: h("收款", "Collected"), type: "money", value: money((m) => m.collected) },
  ];
}

export function kpiBusinessColumns(): ExportColumn<BusinessKpis>[] {
  const money = (pick: (b: BusinessKpis) => bigint) => (b: BusinessKpis) => ({ minor: pick(b), currency: b.currency });
  return [
    { key: "period_start", header: h("期间开始", "Period start"), type: "date", value: (b) => b.periodStart },
    { key: "period_end", header: h("期间结束", "Period end"), type: "date", value: (b) => b.periodEnd },
    { key: "currency", header: h("币种", "Currency"), type: "text", value: (b) => b.currency },
    { key: "opening", header: h("期初应收", "Opening"), type: "money", value: money((b) => b.openingReceivables) },
    { key: "sales", header: h("赊销", "Sales"), type: "money", value: money((b) => b.sales) },
    { key: "closing", header: h("期末应收", "Closing"), type: "money", value: money((b) => b.closingReceivables) },
    {
      key: "closing_current",
      header: h("期末未到期", "Closing current"),
      type: "money",
      value: money((b) => b.closingCurrent),
    },
    { key: "dso", header: h("DSO(天)", "DSO (days)"), type: "number", digits: 1, value: (b) => b.dso },
    {
      key: "best_dso",
      header: h("最佳DSO(天)", "Best DSO (days)"),
      type: "number",
      digits: 1,
      value: (b) => b.bestPossibleDso,
    },
    {
      key: "add",
      header: h("平均逾期天数", "ADD (days)"),
      type: "number",
      digits: 1,
      value: (b) => b.averageDaysDelinquent,
    },
    { key: "cei", header: h("CEI", "CEI"), type: "percent", value: (b) => (b.cei === null ? null : b.cei / 100) },
    ...BUCKETS.map(
      (k): ExportColumn<BusinessKpis> => ({
        key: k.key,
        header: BUCKET_HEADERS[k.key],
        type: "money",
        value: money((b) => b.aging[k.key]),
      }),
    ),
    ...RISK_GRADES.map(
      (g): ExportColumn<BusinessKpis> => ({
        key: `provision_${g}`,
        header: h(`坏账准备-${GRADE_HEADERS[g].zh}`, `Provision ${GRADE_HEADERS[g].en}`),
        type: "money",
        value: money((b) => b.provisionByGrade[g]),
      }),
    ),
    { key: "provision", header: h("坏账准备合计", "Provision"), type: "money", value: money((b) => b.provisionTotal) },
  ];
}

/** The KPIs: the group rows, then the business KPIs (a sheet each; the CSV is the first, or the second). */
export function kpiTables(k: Kpis, lang: ExportLang): [ExportTable<GroupLine>, ExportTable<BusinessKpis>] {
  return [
    { sheet: GROUP_SHEETS[k.by], columns: kpiGroupColumns(k.by, lang), rows: kpiGroupLines(k.groups) },
    { sheet: h("经营KPI", "Business KPIs"), columns: kpiBusinessColumns(), rows: k.business },
  ];
}

// --- Forecast -------------------------------------------------------------------------------------------------

export const FORECAST_EXPORT_COLUMNS: ExportColumn<InvoiceForecastRow>[] = [
  { key: "invoice_number", header: h("发票号", "Invoice number"), type: "text", value: (f) => f.invoiceNumber },
  { key: "customer_code", header: h("客户编码", "Customer code"), type: "text", value: (f) => f.customerCode },
  { key: "currency", header: h("币种", "Currency"), type: "text", value: (f) => f.currency },
  {
    key: "open_amount",
    header: h("未结金额", "Open amount"),
    type: "money",
    value: (f) => ({ minor: f.openAmount, currency: f.currency }),
  },
  { key: "due_date", header: h("到期日", "Due date"), type: "date", value: (f) => f.dueDate },
  {
    key: "predicted_pay_date",
    header: h("预计付款日", "Predicted pay date"),
    type: "date",
    value: (f) => f.predictedPayDate,
  },
  { key: "p_late", header: h("逾期概率", "P(late)"), type: "percent", value: (f) => f.pLate },
  { key: "p_late_30", header: h("逾期30天以上概率", "P(late > 30 days)"), type: "percent", value: (f) => f.pLate30 },
  {
    key: "expected_days_late",
    header: h("预计逾期天数", "Expected days late"),
    type: "number",
    digits: 1,
    value: (f) => f.expectedDaysLate,
  },
  { key: "top_factors", header: h("主要因素", "Top factors"), type: "text", value: (f) => f.topFactors.join("; ") },
];

export const CASH_EXPORT_COLUMNS: ExportColumn<CashWeek>[] = [
  { key: "currency", header: h("币种", "Currency"), type: "text", value: (w) => w.currency },
  { key: "week_start", header: h("周开始", "Week start"), type: "date", value: (w) => w.weekStart },
  { key: "week_end", header: h("周结束", "Week end"), type: "date", value: (w) => w.weekEnd },
  {
    key: "expected",
    header: h("预计回款", "Expected"),
    type: "money",
    value: (w) => ({ minor: w.expected, currency: w.currency }),
  },
  {
    key: "low_90",
    header: h("90%下限", "Low (90%)"),
    type: "money",
    value: (w) => ({ minor: w.low, currency: w.currency }),
  },
  {
    key: "high_90",
    header: h("90%上限", "High (90%)"),
    type: "money",
    value: (w) => ({ minor: w.high, currency: w.currency }),
  },
];

/** The forecast: invoices, then the weekly cash (a sheet each; the CSV is the invoices, or the cash). */
export function forecastTables(f: PaymentForecast): [ExportTable<InvoiceForecastRow>, ExportTable<CashWeek>] {
  return [
    { sheet: h("付款预测", "Payment forecast"), columns: FORECAST_EXPORT_COLUMNS, rows: f.invoices },
    { sheet: h("现金预测", "Cash forecast"), columns: CASH_EXPORT_COLUMNS, rows: f.cash },
  ];
}

// --- Strategy -------------------------------------------------------------------------------------------------

type ArmLine = { playbook: string; currency: string; variant: "champion" | "challenger"; arm: Arm };
const VARIANT_TEXT = { champion: h("冠军", "champion"), challenger: h("挑战者", "challenger") };

function intervalColumns(
  key: string,
  header: Header,
  type: "percent" | "number",
  pick: (a: Arm) => Interval | null,
): ExportColumn<ArmLine>[] {
  const col = (suffix: string, hz: string, he: string, v: (i: Interval) => number): ExportColumn<ArmLine> =>
    type === "percent"
      ? {
          key: `${key}${suffix}`,
          header: h(`${header.zh}${hz}`, `${header.en}${he}`),
          type,
          value: (l) => {
            const i = pick(l.arm);
            return i ? v(i) : null;
          },
        }
      : {
          key: `${key}${suffix}`,
          header: h(`${header.zh}${hz}`, `${header.en}${he}`),
          type,
          digits: 1,
          value: (l) => {
            const i = pick(l.arm);
            return i ? v(i) : null;
          },
        };
  return [
    col("", "", "", (i) => i.estimate),
    col("_low", "(95%下限)", " (95% low)", (i) => i.low),
    col("_high", "(95%上限)", " (95% high)", (i) => i.high),
  ];
}

/** Amounts in the report are decimal text in the currency's unit; back to minor units, exactly. */
const armMoney = (text: string, currency: string) => ({
  minor: parseDecimal(text, currencyDigits(currency)),
  currency,
});

export function strategyTables(
  r: StrategyReport,
  lang: "zh-CN" | "en",
): [ExportTable<ArmLine>, ExportTable<StrategyReport["scripts"][number]>] {
  const lines = r.playbooks.flatMap((p) =>
    (["champion", "challenger"] as const).map((variant) => ({
      playbook: p.playbook,
      currency: p.currency,
      variant,
      arm: p[variant],
    })),
  );
  const armColumns: ExportColumn<ArmLine>[] = [
    { key: "playbook", header: h("策略", "Playbook"), type: "text", value: (l) => l.playbook },
    { key: "currency", header: h("币种", "Currency"), type: "text", value: (l) => l.currency },
    {
      key: "variant",
      header: h("变体", "Variant"),
      type: "text",
      value: (l) => (lang === "zh-CN" ? VARIANT_TEXT[l.variant].zh : VARIANT_TEXT[l.variant].en),
    },
    { key: "customers", header: h("客户数", "Customers"), type: "integer", value: (l) => l.arm.customers },
    {
      key: "overdue",
      header: h("逾期金额", "Overdue"),
      type: "money",
      value: (l) => armMoney(l.arm.overdue, l.currency),
    },
    {
      key: "recovered",
      header: h("回收金额", "Recovered"),
      type: "money",
      value: (l) => armMoney(l.arm.recovered, l.currency),
    },
    ...intervalColumns("recovery_rate", h("回收率", "Recovery rate"), "percent", (a) => a.recoveryRate),
    ...intervalColumns("days_to_pay", h("付款天数", "Days to pay"), "number", (a) => a.daysToPay),
    {
      key: "promises_due",
      header: h("到期承诺", "Promises due"),
      type: "integer",
      value: (l) => l.arm.promisesSettled,
    },
    ...intervalColumns("kept_rate", h("承诺兑现率", "Kept rate"), "percent", (a) => a.promiseKeptRate),
  ];
  type Script = StrategyReport["scripts"][number];
  const keptRate = (pick: (i: Interval) => number) => (s: Script) => (s.keptRate ? pick(s.keptRate) : null);
  const scriptColumns: ExportColumn<Script>[] = [
    { key: "script", header: h("话术", "Script"), type: "text", value: (s) => s.scriptId },
    {
      key: "title",
      header: h("标题", "Title"),
      type: "text",
      value: (s) => (s.title ? (lang === "zh-CN" ? s.title.zh : s.title.en) : null),
    },
    { key: "uses", header: h("使用次数", "Uses"), type: "integer", value: (s) => s.uses },
    { key: "promises_due", header: h("到期承诺", "Promises due"), type: "integer", value: (s) => s.promisesSettled },
    { key: "kept_rate", header: h("承诺兑现率", "Kept rate"), type: "percent", value: keptRate((i) => i.estimate) },
    {
      key: "kept_rate_low",
      header: h("承诺兑现率(95%下限)", "Kept rate (95% low)"),
      type: "percent",
      value: keptRate((i) => i.low),
    },
    {
      key: "kept_rate_high",
      header: h("承诺兑现率(95%上限)", "Kept rate (95% high)"),
      type: "percent",
      value: keptRate((i) => i.high),
    },
  ];
  return [
    { sheet: h("冠军与挑战者", "Champion vs challenger"), columns: armColumns, rows: lines },
    { sheet: h("话术排名", "Scripts ranked"), columns: scriptColumns, rows: r.scripts },
  ];
}

// --- Aging ----------------------------------------------------------------------------------------------------

const gradeText = (lang: "zh-CN" | "en") => (g: (typeof RISK_GRADES)[number]) =>
  lang === "zh-CN" ? GRADE_HEADERS[g].zh : g;

export function agingInvoiceColumns(lang: "zh-CN" | "en"): ExportColumn<AgingInvoiceRow>[] {
  return [
    { key: "customer_code", header: h("客户编码", "Customer code"), type: "text", value: (r) => r.customerCode },
    { key: "customer_name", header: h("客户名称", "Customer name"), type: "text", value: (r) => r.customerName },
    { key: "invoice_number", header: h("发票号", "Invoice number"), type: "text", value: (r) => r.invoiceNumber },
    { key: "issue_date", header: h("开票日", "Issue date"), type: "date", value: (r) => r.issueDate },
    { key: "due_date", header: h("到期日", "Due date"), type: "date", value: (r) => r.dueDate },
    { key: "currency", header: h("币种", "Currency"), type: "text", value: (r) => r.currency },
    {
      key: "amount",
      header: h("发票金额", "Amount"),
      type: "money",
      value: (r) => ({ minor: r.amount, currency: r.currency }),
    },
    {
      key: "open_amount",
      header: h("未结金额", "Open amount"),
      type: "money",
      value: (r) => ({ minor: r.openAmount, currency: r.currency }),
    },
    { key: "days_past_due", header: h("逾期天数", "Days past due"), type: "integer", value: (r) => r.daysPastDue },
    {
      key: "bucket",
      header: h("账龄段", "Bucket"),
      type: "text",
      value: (r) => BUCKET_HEADERS[r.bucket][lang === "zh-CN" ? "zh" : "en"],
    },
    { key: "grade", header: h("风险等级", "Grade"), type: "text", value: (r) => gradeText(lang)(r.grade) },
  ];
}

export function agingCustomerColumns(lang: "zh-CN" | "en"): ExportColumn<AgingCustomerRow>[] {
  return [
    { key: "customer_code", header: h("客户编码", "Customer code"), type: "text", value: (r) => r.customerCode },
    { key: "customer_name", header: h("客户名称", "Customer name"), type: "text", value: (r) => r.customerName },
    { key: "currency", header: h("币种", "Currency"), type: "text", value: (r) => r.currency },
    {
      key: "open_amount",
      header: h("未结金额", "Open amount"),
      type: "money",
      value: (r) => ({ minor: r.openAmount, currency: r.currency }),
    },
    ...BUCKETS.map(
      (k): ExportColumn<AgingCustomerRow> => ({
        key: k.key,
        header: BUCKET_HEADERS[k.key],
        type: "money",
        value: (r) => ({ minor: r.buckets[k.key], currency: r.currency }),
      }),
    ),
    { key: "grade", header: h("风险等级", "Grade"), type: "text", value: (r) => gradeText(lang)(r.grade) },
  ];
}
