// A message's status as a coloured tag: waiting is blue or gold, sent green, failed red, cancelled grey.
import { Tag } from "antd";
import { useI18n } from "../i18n/i18n-provider.tsx";
import type { OutboxStatus } from "./use-outbox.ts";

export const STATUS_COLORS: Record<OutboxStatus, string> = {
  queued: "blue",
  waiting_window: "gold",
  sending: "processing",
  sent: "green",
  failed: "red",
  cancelled: "default",
};

export function OutboxStatusTag({ status }: { status: OutboxStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={STATUS_COLORS[status]} bordered={false} data-testid="outbox-status" data-status={status}>
      {t(`outbox.status.${status}`)}
    </Tag>
  );
}
