// Approvals: the measures the engine proposes that wait for a manager's decision (credit hold, prepayment only,
// letters, legal action), each approved or rejected with a note.
import { Button, Card, Empty, Result, Skeleton, Space, Statistic, Table, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { type HTMLAttributes, useState } from "react";
import { Link } from "react-router";
import type { Task, User } from "../api/types.ts";
import { GradeTag } from "../customers/grade-tag.tsx";
import { useI18n } from "../i18n/i18n-provider.tsx";
import { formatMoney } from "../money/format-money.ts";
import { reasonText } from "../worklist/reason-text.ts";
import { DecisionModal } from "./decision-modal.tsx";
import { useApprovals } from "./use-approvals.ts";

export const mayApprove = (user: User) => user.role === "manager" || user.role === "admin";

export function ApprovalsPage({ user }: { user: User }) {
  const { t, labels, lang } = useI18n();
  const allowed = mayApprove(user);
  const approvals = useApprovals(allowed);
  const [deciding, setDeciding] = useState<{ task: Task; approve: boolean } | null>(null);

  if (!allowed) return <Result status="info" title={t("approvals.notOpen")} />;
  if (approvals.isError) {
    return (
      <Result
        status="error"
        title={t("common.loadFailed", { message: approvals.error.message })}
        extra={<Button onClick={() => approvals.refetch()}>{t("common.retry")}</Button>}
      />
    );
  }

  const columns: ColumnsType<Task> = [
    {
      title: t("col.customer"),
      key: "customer",
      render: (_, task) => (
        <div className="customer-cell">
          <Link to={`/customers/${task.customerId}`} className="customer-link" data-testid="approval-customer">
            <Typography.Text strong ellipsis={{ tooltip: task.customerName }}>
              {task.customerName}
            </Typography.Text>
          </Link>
          <Typography.Text type="secondary" className="code">
            {task.customerCode}
            {task.collector && ` · ${task.collector}`}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t("col.action"),
      key: "action",
      width: 130,
      render: (_, task) => <Typography.Text strong>{labels.action(task.action)}</Typography.Text>,
    },
    {
      title: t("col.overdue"),
      key: "overdue",
      align: "right",
      width: 160,
      render: (_, task) => <span className="amount">{formatMoney(task.amountOverdue, task.currency)}</span>,
    },
    {
      title: t("col.daysPastDue"),
      key: "days",
      width: 140,
      render: (_, task) => (
        <span className="age-cell">
          <span className="days">{t("task.days", { days: task.daysPastDue })}</span>
          <GradeTag grade={task.grade} />
        </span>
      ),
    },
    {
      title: t("col.cause"),
      key: "cause",
      width: 140,
      render: (_, task) => labels.cause(task.cause) || t("common.none"),
    },
    {
      title: t("col.reasons"),
      key: "reasons",
      render: (_, task) => (
        <ul className="reasons">
          {task.reasons.map((r) => (
            <li key={r}>{reasonText(r, task, labels, lang)}</li>
          ))}
        </ul>
      ),
    },
    {
      title: t("col.decision"),
      key: "decision",
      width: 170,
      render: (_, task) => (
        <Space size={6}>
          <Button
            type="primary"
            size="small"
            onClick={() => setDeciding({ task, approve: true })}
            data-testid="approval-approve"
          >
            {t("approvals.approve")}
          </Button>
          <Button
            danger
            size="small"
            onClick={() => setDeciding({ task, approve: false })}
            data-testid="approval-reject"
          >
            {t("approvals.reject")}
          </Button>
        </Space>
      ),
    },
  ];

  const tasks = approvals.data;
  return (
    <div className="page">
      <div className="page__head">
        <div>
          <Typography.Title level={3} className="page__title">
            {t("approvals.title")}
          </Typography.Title>
          <Typography.Text type="secondary">{t("approvals.subtitle")}</Typography.Text>
        </div>
        {tasks && tasks.length > 0 && (
          <div className="stats">
            <Statistic title={t("approvals.count")} value={tasks.length} />
          </div>
        )}
      </div>
      <Card className="card-flush">
        {!tasks ? (
          <Skeleton active paragraph={{ rows: 6 }} style={{ padding: 24 }} />
        ) : tasks.length === 0 ? (
          <Empty description={t("approvals.empty")} style={{ padding: 48 }} data-testid="approvals-empty" />
        ) : (
          <Table<Task>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={tasks}
            pagination={false}
            onRow={() => ({ "data-testid": "approval-row" }) as HTMLAttributes<HTMLElement>}
          />
        )}
      </Card>
      {deciding && <DecisionModal task={deciding.task} approve={deciding.approve} onClose={() => setDeciding(null)} />}
    </div>
  );
}
