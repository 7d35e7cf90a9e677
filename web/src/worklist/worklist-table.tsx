// Today's tasks, most urgent first. A click (or Enter on the selected row) opens the customer; d marks the selected
// row done, s snoozes it for an hour. Long lists (a manager's "show all", up to 10,000 tasks) render virtually:
// only the rows in view are in the page, so they scroll smoothly.
import { type GetRef, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { type HTMLAttributes, useCallback, useEffect, useMemo, useRef } from "react";
import { useNavigate } from "react-router";
import type { Task } from "../api/types.ts";
import { GradeTag } from "../customers/grade-tag.tsx";
import { useI18n } from "../i18n/i18n-provider.tsx";
import { formatMoney } from "../money/format-money.ts";
import { PriorityBadge } from "./priority-badge.tsx";
import { TaskRowActions, useWorkTask } from "./task-row-actions.tsx";
import { TaskWindow } from "./task-window.tsx";
import { type RowKeyActions, useRowKeys } from "./use-row-keys.ts";

type Props = { tasks: Task[]; showCollector: boolean };

/** From this many rows on, the table renders only the rows in view. */
export const VIRTUAL_FROM = 100;
const VIRTUAL_HEIGHT = 640;
const ELLIPSIS = { display: "block", overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" } as const;

export function WorklistTable({ tasks, showCollector }: Props) {
  const { t, labels } = useI18n();
  const navigate = useNavigate();
  const open = useCallback(
    (index: number) => {
      const task = tasks[index];
      if (task) navigate(`/customers/${task.customerId}?task=${task.id}`);
    },
    [tasks, navigate],
  );
  const { markDone, snoozeTask, busyId } = useWorkTask();
  const keys = useMemo<RowKeyActions>(
    () => ({
      d: (index) => {
        const task = tasks[index];
        if (task) markDone(task);
      },
      s: (index) => {
        const task = tasks[index];
        if (task) snoozeTask(task, "hour");
      },
    }),
    [tasks, markDone, snoozeTask],
  );
  const [selected, setSelected] = useRowKeys(tasks.length, open, keys);
  const selectedId = tasks[selected]?.id;
  const virtual = tasks.length >= VIRTUAL_FROM;
  const tableRef = useRef<GetRef<typeof Table>>(null);
  useEffect(() => {
    if (selectedId === undefined) return;
    // A virtual table has no element for a row out of view: it scrolls to the row by its key.
    if (virtual) tableRef.current?.scrollTo({ key: selectedId });
    else document.querySelector(`tr[data-row-key="${selectedId}"]`)?.scrollIntoView({ block: "nearest" });
  }, [selectedId, virtual]);

  const columns: ColumnsType<Task> = [
    {
      title: t("col.customer"),
      key: "customer",
      render: (_, task) => (
        <div className="customer-cell">
          {/* Not Typography's ellipsis: its tooltip measures the text (a forced layout) on every mount, and a
              fast scroll through 10,000 rows mounts a screenful each frame. CSS cuts the name; the title shows it. */}
          <strong title={task.customerName} style={ELLIPSIS}>
            {task.customerName}
          </strong>
          <Typography.Text type="secondary" className="code">
            {task.customerCode}
          </Typography.Text>
        </div>
      ),
    },
    ...(showCollector
      ? [{ title: t("col.collector"), dataIndex: "collector", key: "collector", width: 90 } as const]
      : []),
    {
      title: t("col.overdue"),
      key: "overdue",
      align: "right",
      width: 160,
      render: (_, task) => <span className="amount">{formatMoney(task.amountOverdue, task.currency)}</span>,
    },
    {
      title: t("col.age"),
      key: "age",
      width: 150,
      render: (_, task) => {
        return (
          <span className="age-cell">
            <span className="days">{t("task.days", { days: task.daysPastDue })}</span>
            <GradeTag grade={task.grade} />
          </span>
        );
      },
    },
    {
      title: t("col.cause"),
      key: "cause",
      width: 150,
      render: (_, task) => labels.cause(task.cause) || t("common.none"),
    },
    {
      title: t("col.action"),
      key: "action",
      width: 190,
      render: (_, task) => (
        <div>
          <div>
            {labels.action(task.action)}
            {task.needsApproval && (
              <Tag color="volcano" bordered={false} className="inline-tag">
                {t("task.needsApproval")}
              </Tag>
            )}
          </div>
          {task.channel && task.channel !== task.kind && (
            <Typography.Text type="secondary" className="small">
              {t("task.via", { channel: labels.channel(task.channel) })}
            </Typography.Text>
          )}
        </div>
      ),
    },
    { title: t("col.window"), key: "window", width: 170, render: (_, task) => <TaskWindow task={task} /> },
    {
      title: t("col.priority"),
      key: "priority",
      align: "right",
      width: 90,
      render: (_, task) => <PriorityBadge task={task} />,
    },
    {
      title: t("col.work"),
      key: "work",
      width: 170,
      render: (_, task) => (
        <TaskRowActions task={task} busy={busyId === task.id} onDone={markDone} onSnooze={snoozeTask} />
      ),
    },
  ];

  return (
    <Table<Task>
      ref={tableRef}
      className="worklist"
      virtual={virtual}
      // On a narrow screen (a phone) the table scrolls sideways inside its card instead of widening the page; the
      // customer column keeps at least 160px.
      scroll={{ x: showCollector ? 1330 : 1240, y: virtual ? VIRTUAL_HEIGHT : undefined }}
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={tasks}
      pagination={false}
      rowClassName={(_, index) => (index === selected ? "worklist__row worklist__row--selected" : "worklist__row")}
      onRow={(_, index) =>
        ({
          "data-testid": "worklist-row",
          onClick: () => {
            if (index === undefined) return;
            setSelected(index);
            open(index);
          },
        }) as HTMLAttributes<HTMLElement>
      }
    />
  );
}
