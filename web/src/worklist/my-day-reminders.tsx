// Visit reminders on My day: the server turns an appointment's reminder time into a notice for the collector (and
// e-mails it when it can); each shows here until marked done.
import { BellOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, Button } from "antd";
import { Link } from "react-router";
import { apiGet, apiPost } from "../api/client.ts";
import { useI18n } from "../i18n/i18n-provider.tsx";
import type { MyDay } from "./my-day-counters.tsx";

export function MyDayReminders() {
  const { t } = useI18n();
  const client = useQueryClient();
  const day = useQuery({ queryKey: ["my-day"], queryFn: () => apiGet<MyDay>("/api/my-day"), refetchInterval: 60_000 });
  const read = useMutation({
    mutationFn: (id: number) => apiPost<void>(`/api/notifications/${id}/read`),
    onSuccess: () => void client.invalidateQueries({ queryKey: ["my-day"] }),
  });
  const reminders = day.data?.reminders ?? [];
  if (!reminders.length) return null;
  return (
    <div className="my-day-reminders" data-testid="my-day-reminders">
      {reminders.map((r) => (
        <Alert
          key={r.id}
          type="info"
          showIcon
          icon={<BellOutlined />}
          style={{ marginBottom: 8 }}
          message={
            r.customerId ? (
              <Link to={`/customers/${r.customerId}`}>
                {t("myDay.reminder", {
                  customer: r.detail.customerName ?? "",
                  local: `${r.detail.local ?? ""} (${r.detail.timeZone ?? ""})`,
                  place: r.detail.place ?? "",
                })}
              </Link>
            ) : (
              r.title
            )
          }
          action={
            <Button size="small" onClick={() => read.mutate(r.id)} loading={read.isPending}>
              {t("myDay.reminderRead")}
            </Button>
          }
        />
      ))}
    </div>
  );
}
