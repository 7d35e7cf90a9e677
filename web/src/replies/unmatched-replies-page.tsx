// E-mail replies no customer was found for (neither the message they answer nor the sender's address): managers and
// admins read each one and assign it to its customer, or dismiss it. The text is shown as text (React escapes it),
// never as HTML: it is whatever a stranger sent.
import { Button, Card, Empty, Result, Skeleton, Space, Statistic, Table, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { type HTMLAttributes, useState } from "react";
import type { User } from "../api/types.ts";
import { useI18n } from "../i18n/i18n-provider.tsx";
import { AssignReplyModal } from "./assign-reply-modal.tsx";
import { DismissReplyModal } from "./dismiss-reply-modal.tsx";
import { receivedText, replyPreview, type UnmatchedReply, useUnmatchedReplies } from "./use-unmatched-replies.ts";

export const maySortReplies = (user: User) => user.role === "manager" || user.role === "admin";

type Acting = { reply: UnmatchedReply; action: "assign" | "dismiss" } | null;

export function UnmatchedRepliesPage({ user }: { user: User }) {
  const { t } = useI18n();
  const allowed = maySortReplies(user);
  const replies = useUnmatchedReplies(allowed);
  const [acting, setActing] = useState<Acting>(null);

  if (!allowed) return <Result status="info" title={t("unmatched.notOpen")} />;
  if (replies.isError) {
    return (
      <Result
        status="error"
        title={t("common.loadFailed", { message: replies.error.message })}
        extra={<Button onClick={() => replies.refetch()}>{t("common.retry")}</Button>}
      />
    );
  }

  const columns: ColumnsType<UnmatchedReply> = [
    {
      title: t("unmatched.from"),
      key: "from",
      width: 240,
      render: (_, r) => (
        <div className="customer-cell">
          <Typography.Text strong ellipsis={{ tooltip: r.from }} data-testid="unmatched-from">
            {r.from}
          </Typography.Text>
          {r.to && (
            <Typography.Text type="secondary" className="code" ellipsis={{ tooltip: r.to }}>
              {t("unmatched.to", { to: r.to })}
            </Typography.Text>
          )}
        </div>
      ),
    },
    {
      title: t("unmatched.subject"),
      key: "subject",
      width: 220,
      render: (_, r) =>
        r.subject ? (
          <Typography.Text ellipsis={{ tooltip: r.subject }}>{r.subject}</Typography.Text>
        ) : (
          <Typography.Text type="secondary">{t("unmatched.noSubject")}</Typography.Text>
        ),
    },
    {
      title: t("unmatched.received"),
      key: "received",
      width: 150,
      render: (_, r) => <span className="days">{receivedText(r.receivedAt)}</span>,
    },
    {
      title: t("unmatched.preview"),
      key: "preview",
      render: (_, r) => (
        <Typography.Paragraph
          className="small"
          style={{ marginBottom: 0, whiteSpace: "pre-wrap" }}
          ellipsis={{ rows: 3, expandable: true, symbol: t("unmatched.more") }}
          data-testid="unmatched-preview"
        >
          {r.text.trim() ? replyPreview(r.text, 2000) : t("unmatched.noText")}
        </Typography.Paragraph>
      ),
    },
    {
      title: t("unmatched.actions"),
      key: "actions",
      width: 190,
      render: (_, r) => (
        <Space size={6}>
          <Button
            type="primary"
            size="small"
            onClick={() => setActing({ reply: r, action: "assign" })}
            data-testid="unmatched-assign"
          >
            {t("unmatched.assign")}
          </Button>
          <Button
            size="small"
            onClick={() => setActing({ reply: r, action: "dismiss" })}
            data-testid="unmatched-dismiss"
          >
            {t("unmatched.dismiss")}
          </Button>
        </Space>
      ),
    },
  ];

  const rows = replies.data;
  return (
    <div className="page">
      <div className="page__head">
        <div>
          <Typography.Title level={3} className="page__title">
            {t("unmatched.title")}
          </Typography.Title>
          <Typography.Text type="secondary">{t("unmatched.subtitle")}</Typography.Text>
        </div>
        {rows && rows.length > 0 && (
          <div className="stats">
            <Statistic title={t("unmatched.count")} value={rows.length} />
          </div>
        )}
      </div>
      <Card className="card-flush">
        {!rows ? (
          <Skeleton active paragraph={{ rows: 6 }} style={{ padding: 24 }} />
        ) : rows.length === 0 ? (
          <Empty description={t("unmatched.empty")} style={{ padding: 48 }} data-testid="unmatched-empty" />
        ) : (
          <Table<UnmatchedReply>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={rows}
            pagination={false}
            onRow={() => ({ "data-testid": "unmatched-row" }) as HTMLAttributes<HTMLElement>}
          />
        )}
      </Card>
      {acting?.action === "assign" && <AssignReplyModal reply={acting.reply} onClose={() => setActing(null)} />}
      {acting?.action === "dismiss" && <DismissReplyModal reply={acting.reply} onClose={() => setActing(null)} />}
    </div>
  );
}
