// E-mail replies from the customer that nobody has read yet: while there are any, automated reminders are paused
// (the server holds them); the button marks them read and lets reminders go out again.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, List, Typography } from "antd";
import { type ApiError, apiGet, apiPost } from "../api/client.ts";
import { useMe } from "../auth/use-session.ts";
import { useI18n } from "../i18n/i18n-provider.tsx";

type Reply = {
  id: number;
  from: string;
  subject: string | null;
  text: string;
  receivedAt: string;
  acknowledgedAt: string | null;
};
type Replies = { pausedSince: string | null; unread: number; emails: Reply[] };

export function CustomerReplies({ customerId }: { customerId: number }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const mayAcknowledge = useMe().data?.role !== "finance";
  const key = ["replies", customerId];
  const replies = useQuery({ queryKey: key, queryFn: () => apiGet<Replies>(`/api/customers/${customerId}/replies`) });
  const acknowledge = useMutation<Replies, ApiError>({
    mutationFn: () => apiPost<Replies>(`/api/customers/${customerId}/replies/acknowledge`),
    onSuccess: (r) => {
      client.setQueryData(key, r);
      message.success(t("replies.done"));
    },
    onError: (e) => message.error(t("replies.failed", { message: e.message })),
  });
  const data = replies.data;
  if (!data || (data.unread === 0 && data.pausedSince === null)) return null;
  const unread = data.emails.filter((e) => e.acknowledgedAt === null);
  return (
    <Alert
      type="warning"
      showIcon
      message={t("replies.title")}
      description={
        <>
          {data.pausedSince && <Typography.Paragraph>{t("replies.paused")}</Typography.Paragraph>}
          <List
            size="small"
            dataSource={unread}
            renderItem={(e) => (
              <List.Item>
                <List.Item.Meta
                  title={e.subject ?? "(no subject)"}
                  description={
                    <>
                      <Typography.Text type="secondary">
                        {t("replies.from", { from: e.from, date: e.receivedAt.slice(0, 16).replace("T", " ") })}
                      </Typography.Text>
                      <Typography.Paragraph ellipsis={{ rows: 3, expandable: true }} style={{ whiteSpace: "pre-wrap" }}>
                        {e.text}
                      </Typography.Paragraph>
                    </>
                  }
                />
              </List.Item>
            )}
          />
          {mayAcknowledge && (
            <Button type="primary" loading={acknowledge.isPending} onClick={() => acknowledge.mutate()}>
              {t("replies.acknowledge")}
            </Button>
          )}
        </>
      }
    />
  );
}
