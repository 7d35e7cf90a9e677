// The customer's statement of account (对账单) from its page: the PDF as of today to print or download (anyone who
// may see the customer), and e-mailing it to the customer's finance contact through the outbox (not finance: it
// reads only). The e-mail goes once per customer and day; the server picks the contact and says why it cannot.
import { FilePdfOutlined, MailOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { App, Button, type ButtonProps, Popconfirm, Space } from "antd";
import type { Customer, User } from "../api/types.ts";
import { useI18n } from "../i18n/i18n-provider.tsx";
import { maySendMessages, outboxMessageQuery, refusalText, useSendStatements } from "../outbox/use-outbox.ts";

export function StatementActions({ customer, user }: { customer: Customer; user: User }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const send = useSendStatements();

  const email = () =>
    send.mutate(
      { customerIds: [customer.id] },
      {
        onSuccess: async (run) => {
          const refusal = run.refused[0];
          if (refusal) {
            message.error(t("customerStatement.refused", { reason: refusalText(t, refusal) }), 8);
          } else if (run.alreadyQueued > 0) {
            message.info(t("customerStatement.alreadyQueued", { asOf: run.asOf }), 6);
          } else if (run.messageIds[0] !== undefined) {
            // The server chose the contact: its address makes the confirmation say where the statement goes.
            const queued = await client.fetchQuery(outboxMessageQuery(run.messageIds[0])).catch(() => null);
            message.success(
              queued
                ? t("customerStatement.queuedTo", { address: queued.address, asOf: run.asOf })
                : t("customerStatement.queued", { asOf: run.asOf }),
              6,
            );
          } else {
            message.warning(t("customerStatement.nothing", { asOf: run.asOf }));
          }
        },
        onError: (e) => message.error(t("customerStatement.failed", { message: e.message }), 8),
      },
    );

  return (
    <Space wrap size={8}>
      <Button
        icon={<FilePdfOutlined />}
        href={`/api/customers/${customer.id}/documents/statement.pdf`}
        target="_blank"
        rel="noreferrer"
        data-testid="customer-statement-pdf"
      >
        {t("customerStatement.pdf")}
      </Button>
      {maySendMessages(user) && (
        <Popconfirm
          title={t("customerStatement.confirmTitle")}
          description={t("customerStatement.confirm")}
          okText={t("customerStatement.send")}
          cancelText={t("common.cancel")}
          onConfirm={email}
          okButtonProps={{ "data-testid": "customer-email-statement-ok" } as ButtonProps}
        >
          <Button icon={<MailOutlined />} loading={send.isPending} data-testid="customer-email-statement">
            {t("customerStatement.email")}
          </Button>
        </Popconfirm>
      )}
    </Space>
  );
}
