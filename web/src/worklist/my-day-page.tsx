// My day: the signed-in collector's tasks from today's run, with what they add up to.
import { Button, Card, Empty, Result, Skeleton, Statistic, Typography } from "antd";
import { useState } from "react";
import { isApiError } from "../api/client.ts";
import type { Task, User } from "../api/types.ts";
import { useI18n } from "../i18n/i18n-provider.tsx";
import { decimalDigits, formatMinor } from "../money/format-money.ts";
import { MyDayCounters } from "./my-day-counters.tsx";
import { MyDayReminders } from "./my-day-reminders.tsx";
import { useWorklist, WORKLIST_ALL, WORKLIST_LIMIT } from "./use-worklist.ts";
import { WorklistTable } from "./worklist-table.tsx";

/** Overdue per currency, each customer counted once, added in minor units. */
function overdueTotals(tasks: Task[]): string[] {
  const seen = new Set<number>();
  const totals = new Map<string, { minor: bigint; digits: number }>();
  for (const task of tasks) {
    if (seen.has(task.customerId)) continue;
    seen.add(task.customerId);
    const total = totals.get(task.currency) ?? { minor: 0n, digits: decimalDigits(task.amountOverdue) };
    total.minor += BigInt(task.amountOverdueMinor);
    totals.set(task.currency, total);
  }
  return [...totals].map(([currency, { minor, digits }]) => `${currency} ${formatMinor(minor, digits)}`);
}

export function MyDayPage({ user }: { user: User }) {
  const { t } = useI18n();
  const mayWork = user.role !== "finance";
  const [all, setAll] = useState(false);
  const worklist = useWorklist(mayWork, all);

  if (!mayWork) return <Result status="info" title={t("myDay.notOpen")} />;
  if (worklist.isError) {
    const forbidden = isApiError(worklist.error) && worklist.error.status === 403;
    return (
      <Result
        status={forbidden ? "info" : "error"}
        title={forbidden ? t("myDay.notOpen") : t("common.loadFailed", { message: worklist.error.message })}
        extra={!forbidden && <Button onClick={() => worklist.refetch()}>{t("common.retry")}</Button>}
      />
    );
  }
  const tasks = worklist.data;
  const runDate = tasks?.[0]?.runDate;
  return (
    <div className="page">
      <div className="page__head">
        <div>
          <Typography.Title level={3} className="page__title">
            {t("myDay.title")}
          </Typography.Title>
          {runDate && <Typography.Text type="secondary">{t("myDay.subtitle", { date: runDate })}</Typography.Text>}
        </div>
        {tasks && tasks.length > 0 && (
          <div className="stats">
            {/* A full page means there may be more than the API's page holds. */}
            <Statistic
              title={t("myDay.tasks")}
              value={`${tasks.length}${tasks.length >= (all ? WORKLIST_ALL : WORKLIST_LIMIT) ? "+" : ""}`}
            />
            <Statistic
              title={t("myDay.overdue")}
              valueRender={() => (
                <span className="amount">
                  {overdueTotals(tasks).map((s) => (
                    <div key={s}>{s}</div>
                  ))}
                </span>
              )}
            />
            <Statistic title={t("myDay.approvals")} value={tasks.filter((x) => x.needsApproval).length} />
            <MyDayCounters />
          </div>
        )}
      </div>
      <MyDayReminders />
      <Card className="card-flush">
        {!tasks ? (
          <Skeleton active paragraph={{ rows: 8 }} style={{ padding: 24 }} />
        ) : tasks.length === 0 ? (
          <Empty description={t("myDay.empty")} style={{ padding: 48 }} />
        ) : (
          <WorklistTable tasks={tasks} showCollector={user.role !== "collector"} />
        )}
      </Card>
      {tasks && tasks.length > 0 && (
        <div className="keys-hint">
          <Typography.Text type="secondary">{t("myDay.keys")}</Typography.Text>
          {!all && tasks.length >= WORKLIST_LIMIT && (
            <Button type="link" onClick={() => setAll(true)} loading={worklist.isFetching} data-testid="worklist-all">
              {t("myDay.showAll")}
            </Button>
          )}
        </div>
      )}
    </div>
  );
}
