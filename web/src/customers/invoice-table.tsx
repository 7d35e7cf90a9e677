// The customer's invoices: open ones by default, paid, disputed or all on request. A customer with thousands of
// invoices scrolls them in a virtual table (only the rows in view are rendered) rather than paging ten at a time.
import { Card, Segmented, Table, Tag, Tooltip } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useState } from "react";
import { INVOICE_FILTERS, type Invoice, type InvoiceFilter, type InvoiceForecast } from "../api/types.ts";
import { useI18n } from "../i18n/i18n-provider.tsx";
import { groupDecimal } from "../money/format-money.ts";
import { forecastFactorText } from "./forecast-factor-text.ts";
import { useCustomerForecast, useInvoices } from "./use-customer.ts";

/** Beyond this many rows the table scrolls within its card; beyond VIRTUAL_FROM it renders only the rows in view. */
const SCROLL_FROM = 12;
const VIRTUAL_FROM = 50;
/**
 * The table's width with the expected-payment column, below which it scrolls sideways. The issue date makes way for
 * that column (the card is two thirds of a 1400-pixel page, and the column was off its edge).
 */
const FORECAST_WIDTH = 860;

export function InvoiceTable({ customerId }: { customerId: number }) {
  const { t, labels } = useI18n();
  const [filter, setFilter] = useState<InvoiceFilter>("open");
  const invoices = useInvoices(customerId, filter);
  const forecast = useCustomerForecast(customerId);
  const byNumber = new Map((forecast.data?.invoices ?? []).map((f) => [f.invoiceNumber, f]));
  const rows = invoices.data?.length ?? 0;
  const showForecast = filter === "open" && Boolean(forecast.data?.computedAt);
  const columns: ColumnsType<Invoice> = [
    { title: t("invoices.number"), dataIndex: "number", key: "number", className: "nowrap", fixed: "left" },
    ...(showForecast
      ? []
      : [{ title: t("invoices.issued"), dataIndex: "issueDate", key: "issued", width: 110, className: "nowrap" }]),
    { title: t("invoices.due"), dataIndex: "dueDate", key: "due", width: 110, className: "nowrap" },
    {
      title: t("invoices.amount"),
      key: "amount",
      align: "right",
      render: (_, r) => <span className="amount">{`${r.currency} ${groupDecimal(r.amount)}`}</span>,
    },
    {
      title: t("invoices.open"),
      key: "open",
      align: "right",
      render: (_, r) => <span className="amount">{groupDecimal(r.open)}</span>,
    },
    {
      title: t("invoices.daysPastDue"),
      key: "days",
      align: "right",
      width: 90,
      render: (_, r) => (r.daysPastDue > 0 ? r.daysPastDue : ""),
    },
    {
      title: filter === "open" ? t("invoices.bucket") : "",
      key: "bucket",
      width: 100,
      render: (_, r) =>
        r.disputed ? (
          <Tag color="orange" bordered={false}>
            {t("invoices.disputed")}
          </Tag>
        ) : r.bucket ? (
          labels.bucket(r.bucket)
        ) : null,
    },
  ];
  if (showForecast)
    columns.push({
      title: t("invoices.expected"),
      key: "expected",
      width: 150,
      render: (_, r) => {
        const f = byNumber.get(r.number);
        return f ? <ExpectedPayment forecast={f} /> : null;
      },
    });
  return (
    <Card
      title={t("invoices.title")}
      extra={
        <Segmented<InvoiceFilter>
          size="small"
          value={filter}
          onChange={setFilter}
          options={INVOICE_FILTERS.map((f) => ({ value: f, label: t(`invoices.filter.${f}`) }))}
        />
      }
      className="card-table"
    >
      <Table<Invoice>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={invoices.data ?? []}
        loading={invoices.isFetching}
        pagination={false}
        virtual={rows > VIRTUAL_FROM}
        // With the forecast's column the table is wider than a narrow card: it scrolls sideways instead of wrapping.
        scroll={{ x: showForecast ? FORECAST_WIDTH : undefined, y: rows > SCROLL_FROM ? 420 : undefined }}
      />
    </Card>
  );
}

/**
 * The predicted payment date, with the chance the invoice is paid late (not yet due) or more than 30 days late
 * (already overdue), and the factors behind it on hover.
 */
function ExpectedPayment({ forecast: f }: { forecast: InvoiceForecast }) {
  const { t, lang } = useI18n();
  const overdue = f.daysPastDue > 0;
  // Past 30 days overdue the chance of being more than 30 days late is 1: only the date says something.
  const chance = f.daysPastDue > 30 ? null : overdue ? f.pLate30 : f.pLate;
  const key = overdue ? "invoices.pLate30" : "invoices.pLate";
  // A forecast is never certain: shown between 1% and 99% (a rounded 100% read as "is late" on an invoice not due).
  const pct = chance === null ? "" : `${Math.min(99, Math.max(1, Math.round(chance * 100)))}%`;
  const color = chance === null ? "" : chance >= 0.7 ? "red" : chance >= 0.3 ? "gold" : "green";
  const tip = (
    <div>
      {chance !== null && <div>{t(`${key}.long`, { p: pct })}</div>}
      <div className="priority-tip__title">{t("invoices.expectedWhy")}</div>
      <ul className="priority-tip__list">
        {f.topFactors.map((x) => (
          <li key={x}>{forecastFactorText(x, lang)}</li>
        ))}
      </ul>
    </div>
  );
  return (
    <Tooltip title={tip} placement="left">
      <span className="expected-payment" data-testid="expected-payment">
        <span>{f.predictedPayDate}</span>
        {chance !== null && (
          <Tag color={color} bordered={false}>
            {t(key, { p: pct })}
          </Tag>
        )}
      </span>
    </Tooltip>
  );
}
