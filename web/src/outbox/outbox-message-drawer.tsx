// One outbox message in a drawer: to whom, its status (and the error when it failed), the subject and the text as
// it goes out (plain text, pre-wrapped: never HTML), the files it carries as downloads, and in demo mode the .eml
// it went out as.
import { DownloadOutlined, PaperClipOutlined } from "@ant-design/icons";
import { Alert, Button, Descriptions, Drawer, Empty, List, Result, Skeleton, Space, Typography } from "antd";
import { Link } from "react-router";
import { isApiError } from "../api/client.ts";
import { useI18n } from "../i18n/i18n-provider.tsx";
import { instantText, sizeText } from "./outbox-format.ts";
import { OutboxStatusTag } from "./outbox-status-tag.tsx";
import { attachmentUrl, emlUrl, type OutboxMessage, useOutboxMessage } from "./use-outbox.ts";

export function OutboxMessageDrawer({ id, open, onClose }: { id: number | null; open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const message = useOutboxMessage(id);
  return (
    <Drawer
      open={open && id !== null}
      onClose={onClose}
      width={680}
      title={id === null ? "" : t("outbox.messageTitle", { id })}
      destroyOnHidden
      data-testid="outbox-message"
    >
      {message.isError ? (
        <Result
          status={isApiError(message.error) && message.error.status === 404 ? "404" : "error"}
          title={
            isApiError(message.error) && message.error.status === 404
              ? t("outbox.messageMissing")
              : t("common.loadFailed", { message: message.error.message })
          }
          extra={<Button onClick={() => message.refetch()}>{t("common.retry")}</Button>}
        />
      ) : !message.data ? (
        <Skeleton active paragraph={{ rows: 10 }} />
      ) : (
        <MessageBody m={message.data} />
      )}
    </Drawer>
  );
}

function MessageBody({ m }: { m: OutboxMessage }) {
  const { t, labels } = useI18n();
  const waiting = m.status === "queued" || m.status === "waiting_window";
  return (
    <Space direction="vertical" size={16} style={{ width: "100%" }}>
      <Typography.Title level={4} style={{ margin: 0 }} data-testid="outbox-message-subject">
        {m.subject ?? t("outbox.noSubject", { channel: labels.channel(m.channel) })}
      </Typography.Title>
      {m.status === "failed" && m.error && (
        <Alert type="error" showIcon message={t("outbox.failedBecause")} description={m.error} />
      )}
      {m.status !== "failed" && m.error && (
        <Alert type="warning" showIcon message={t("outbox.lastError")} description={m.error} />
      )}
      <Descriptions size="small" column={2} bordered>
        <Descriptions.Item label={t("outbox.col.status")}>
          <OutboxStatusTag status={m.status} />
        </Descriptions.Item>
        <Descriptions.Item label={t("outbox.col.channel")}>{labels.channel(m.channel)}</Descriptions.Item>
        <Descriptions.Item label={t("outbox.col.customer")}>
          <Link to={`/customers/${m.customerId}`}>{m.customerCode}</Link>
        </Descriptions.Item>
        <Descriptions.Item label={t("outbox.col.address")}>
          <span className="code">{m.address}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t("outbox.col.created")}>
          {instantText(m.createdAt)}
          <Typography.Text type="secondary" className="small">
            {" "}
            {m.automated ? t("outbox.automated") : t("outbox.by", { login: m.createdBy })}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={waiting ? t("outbox.nextAttempt") : t("outbox.col.sent")}>
          {waiting ? instantText(m.nextAttemptAt) : m.sentAt ? instantText(m.sentAt) : t("common.none")}
        </Descriptions.Item>
        <Descriptions.Item label={t("outbox.col.attempts")}>{m.attempts}</Descriptions.Item>
        <Descriptions.Item label={t("outbox.language")}>{m.language}</Descriptions.Item>
        {m.overrideReason && (
          <Descriptions.Item label={t("outbox.overrideReason")} span={2}>
            {m.overrideReason}
          </Descriptions.Item>
        )}
      </Descriptions>
      <section aria-label={t("outbox.body")}>
        <Typography.Text type="secondary" className="small">
          {t("outbox.body")}
        </Typography.Text>
        <div
          className="outbox-body"
          style={{
            whiteSpace: "pre-wrap",
            overflowWrap: "anywhere",
            padding: "12px 16px",
            marginTop: 4,
            background: "#fafafa",
            border: "1px solid #f0f0f0",
            borderRadius: 6,
            maxHeight: 420,
            overflow: "auto",
          }}
          data-testid="outbox-message-body"
        >
          {m.body}
        </div>
      </section>
      <section aria-label={t("outbox.files")}>
        <Typography.Text type="secondary" className="small">
          {t("outbox.files")}
        </Typography.Text>
        {m.files.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("outbox.noFiles")} />
        ) : (
          <List
            size="small"
            dataSource={m.files}
            renderItem={(f) => (
              <List.Item>
                <a href={attachmentUrl(m.id, f.id)} download={f.fileName} data-testid="outbox-file">
                  <PaperClipOutlined /> {f.fileName}
                </a>
                <Typography.Text type="secondary" className="small">
                  {sizeText(f.size)}
                </Typography.Text>
              </List.Item>
            )}
          />
        )}
      </section>
      {m.eml && (
        <Button
          icon={<DownloadOutlined />}
          href={emlUrl(m.id)}
          download={`outbox-${m.id}.eml`}
          data-testid="outbox-eml"
        >
          {t("outbox.downloadEml")}
        </Button>
      )}
    </Space>
  );
}
