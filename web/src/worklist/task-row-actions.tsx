// Done and Snooze on a worklist row (approval tasks wait for a manager's decision instead), and the same two
// actions for the keyboard: d marks the selected row done, s snoozes it for an hour.
import { ClockCircleOutlined, DownOutlined } from "@ant-design/icons";
import { App, Button, Dropdown, Space } from "antd";
import { useCallback } from "react";
import type { Task } from "../api/types.ts";
import { useI18n } from "../i18n/i18n-provider.tsx";
import { SNOOZES, type Snooze, snoozeUntil, useTaskDone, useTaskSnooze } from "./task-actions.ts";

export function useWorkTask() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const done = useTaskDone();
  const snooze = useTaskSnooze();

  const markDone = useCallback(
    (task: Task) => {
      if (task.needsApproval) return;
      done.mutate(
        { id: task.id },
        {
          onSuccess: () => message.success(t("task.doneOk", { customer: task.customerName })),
          onError: (e) => message.error(t("task.failed", { message: e.message })),
        },
      );
    },
    [done.mutate, message, t],
  );

  const snoozeTask = useCallback(
    (task: Task, kind: Snooze) => {
      if (task.needsApproval) return;
      const until = snoozeUntil(kind, new Date());
      const when = new Intl.DateTimeFormat(lang, {
        month: "numeric",
        day: "numeric",
        hour: "2-digit",
        minute: "2-digit",
        hour12: false,
      }).format(until);
      snooze.mutate(
        { id: task.id, until },
        {
          onSuccess: () => message.success(t("task.snoozedOk", { customer: task.customerName, until: when })),
          onError: (e) => message.error(t("task.failed", { message: e.message })),
        },
      );
    },
    [snooze.mutate, message, t, lang],
  );

  const busyId = done.isPending ? done.variables?.id : snooze.isPending ? snooze.variables?.id : undefined;
  return { markDone, snoozeTask, busyId };
}

type Props = {
  task: Task;
  busy: boolean;
  onDone: (task: Task) => void;
  onSnooze: (task: Task, kind: Snooze) => void;
};

export function TaskRowActions({ task, busy, onDone, onSnooze }: Props) {
  const { t } = useI18n();
  if (task.needsApproval) return null;
  return (
    // Clicks here (the snooze menu's too: React events bubble through its portal) must not open the customer.
    // biome-ignore lint/a11y/noStaticElementInteractions lint/a11y/useKeyWithClickEvents: only stops the row's click
    <span className="row-actions" onClick={(e) => e.stopPropagation()}>
      <Space size={4}>
        <Button size="small" loading={busy} onClick={() => onDone(task)} data-testid="task-done">
          {t("task.done")}
        </Button>
        <Dropdown
          trigger={["click"]}
          disabled={busy}
          menu={{
            items: SNOOZES.map((k) => ({ key: k, label: t(`task.snooze.${k}`) })),
            onClick: ({ key }) => onSnooze(task, key as Snooze),
          }}
        >
          <Button size="small" icon={<ClockCircleOutlined />} data-testid="task-snooze">
            {t("task.snooze")} <DownOutlined />
          </Button>
        </Dropdown>
      </Space>
    </span>
  );
}
