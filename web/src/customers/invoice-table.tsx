// The customer's invoices: open ones by default, paid, disputed or all on request. A customer with thousands of
// invoices scrolls them in a virtual table (only the rows in view are rendered) rather than paging ten at a time.
import { Card, Segmented, Table, Tag } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useState } from "react";
import { INVOICE_FILTERS, type Invoice, type InvoiceFilter } from "../api/types.ts";
import { useI18n } from "../i18n/i18n-provider.tsx";
import { groupDecimal } from "../money/format-money.ts";
import { useInvoices } from "./use-customer.ts";

/** Beyond this many rows the table scrolls within its card; beyond VIRTUAL_FROM it renders only the rows in view. */
const SCROLL_FROM = 12;
const VIRTUAL_FROM = 50;

export function InvoiceTable({ customerId }: { customerId: number }) {
  const { t, labels } = useI18n();
  const [filter, setFilter] = useState<InvoiceFilter>("open");
  const invoices = useInvoices(customerId, filter);
  const rows = invoices.data?.length ?? 0;
  const columns: ColumnsType<Invoice> = [
    { title: t("invoices.number"), dataIndex: "number", key: "number" },
    { title: t("invoices.issued"), dataIndex: "issueDate", key: "issued", width: 110 },
    { title: t("invoices.due"), dataIndex: "dueDate", key: "due", width: 110 },
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
      width: 120,
      render: (_, r) => (r.daysPastDue > 0 ? r.daysPastDue : ""),
    },
    {
      title: filter === "open" ? t("invoices.bucket") : "",
      key: "bucket",
      width: 110,
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
        scroll={rows > SCROLL_FROM ? { y: 420 } : undefined}
      />
    </Card>
  );
}
