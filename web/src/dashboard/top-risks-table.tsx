// The customers with the most overdue, each a link to its page: who they are, how much and how old, grade, cause.
import { Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { Link } from "react-router";
import type { TopRisk } from "../api/types.ts";
import { GradeTag } from "../customers/grade-tag.tsx";
import { useI18n } from "../i18n/i18n-provider.tsx";
import { formatMoney } from "../money/format-money.ts";

export function TopRisksTable({ risks, showCollector }: { risks: TopRisk[]; showCollector: boolean }) {
  const { t, labels } = useI18n();
  const columns: ColumnsType<TopRisk> = [
    {
      title: t("col.customer"),
      key: "customer",
      render: (_, r) => (
        <div className="customer-cell">
          <Link to={`/customers/${r.customerId}`} className="customer-link" data-testid="top-risk-customer">
            <Typography.Text strong ellipsis={{ tooltip: r.customerName }}>
              {r.customerName}
            </Typography.Text>
          </Link>
          <Typography.Text type="secondary" className="code">
            {r.customerCode}
            {showCollector && ` · ${r.collector ?? t("dashboard.unassigned")}`}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t("col.overdue"),
      key: "overdue",
      align: "right",
      width: 200,
      render: (_, r) => <span className="amount">{formatMoney(r.overdue, r.currency)}</span>,
    },
    {
      title: t("col.age"),
      key: "age",
      width: 240,
      render: (_, r) => (
        <span className="age-cell">
          <span className="days">{t("task.days", { days: r.daysPastDue })}</span>
          <GradeTag grade={r.grade} />
          {r.legal && (
            <Tag color="magenta" bordered={false}>
              {labels.flag("legal")}
            </Tag>
          )}
        </span>
      ),
    },
    {
      title: t("col.cause"),
      key: "cause",
      width: 200,
      render: (_, r) => labels.cause(r.cause) || t("common.none"),
    },
  ];
  return (
    <Table<TopRisk>
      rowKey="customerId"
      size="middle"
      columns={columns}
      dataSource={risks}
      pagination={false}
      locale={{ emptyText: t("dashboard.nothingOverdue") }}
      data-testid="top-risks-table"
    />
  );
}
