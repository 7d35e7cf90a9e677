// The priority score, with the reasons behind it on hover.
import { Tooltip } from "antd";
import type { Task } from "../api/types.ts";
import { useI18n } from "../i18n/i18n-provider.tsx";
import { reasonText } from "./reason-text.ts";

const level = (score: number) => (score >= 60 ? "high" : score >= 40 ? "medium" : "low");

export function PriorityBadge({ task }: { task: Task }) {
  const { t, labels, lang } = useI18n();
  const reasons = (
    <div>
      <div className="priority-tip__title">{t("priority.reasons")}</div>
      <ul className="priority-tip__list">
        {task.reasons.map((r) => (
          <li key={r}>{reasonText(r, task, labels, lang)}</li>
        ))}
      </ul>
    </div>
  );
  return (
    <Tooltip title={reasons} placement="left">
      <span className={`priority priority--${level(task.priority)}`}>{task.priority.toFixed(1)}</span>
    </Tooltip>
  );
}
