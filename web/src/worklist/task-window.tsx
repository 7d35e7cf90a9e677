// A task's contact window in the browser's local time, marked when it is open now or already over; the reason the
// engine chose it shows on hover.
import { Tag, Tooltip } from "antd";
import type { Task } from "../api/types.ts";
import { useNow } from "../app/use-now.ts";
import { useI18n } from "../i18n/i18n-provider.tsx";

const sameLocalDay = (a: Date, b: Date) => a.toDateString() === b.toDateString();

export function TaskWindow({ task }: { task: Task }) {
  const { t, lang } = useI18n();
  const now = useNow();
  if (!task.window) return <span className="muted">{t("window.none")}</span>;
  const start = new Date(task.window.start);
  const end = new Date(task.window.end);
  const time = new Intl.DateTimeFormat(lang, { hour: "2-digit", minute: "2-digit", hour12: false });
  const day = new Intl.DateTimeFormat(lang, { month: "numeric", day: "numeric" });
  const text = `${sameLocalDay(start, new Date(now)) ? "" : `${day.format(start)} `}${time.format(start)}–${time.format(end)}`;
  const state = now >= end.getTime() ? "past" : now >= start.getTime() ? "now" : "later";
  return (
    <Tooltip title={task.windowReason ? t("window.reason", { reason: task.windowReason }) : undefined}>
      <span className={state === "past" ? "task-window task-window--past" : "task-window"}>
        {text}
        {state === "now" && (
          <Tag color="green" bordered={false} className="task-window__tag">
            {t("window.now")}
          </Tag>
        )}
        {state === "past" && (
          <Tag bordered={false} className="task-window__tag">
            {t("window.past")}
          </Tag>
        )}
      </span>
    </Tooltip>
  );
}
