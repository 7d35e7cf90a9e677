// The outbox: the messages queued for the user's customers, newest first, with what became of each (queued,
// waiting for the contact window, sent, failed and why). A status filter (kept in the address), a click on a row
// (or Enter on its subject) opens the message in a drawer; "Send statements" runs the statement run for every
// overdue customer of the user's. Admins, managers and collectors; finance does not send.
import { ExclamationCircleOutlined, FileTextOutlined, PaperClipOutlined } from "@ant-design/icons";
import { Button, Card, Empty, Result, Segmented, Skeleton, Table, Tooltip, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { type HTMLAttributes, useRef, useState } from "react";
import { Link, useSearchParams } from "react-router";
import type { User } from "../api/types.ts";
import { useI18n } from "../i18n/i18n-provider.tsx";
import { instantText } from "./outbox-format.ts";
import { OutboxMessageDrawer } from "./outbox-message-drawer.tsx";
import { OutboxStatusTag } from "./outbox-status-tag.tsx";
import { SendStatementsModal } from "./send-statements-modal.tsx";
import {
  maySendMessages,
  OUTBOX_LIMIT,
  OUTBOX_STATUSES,
  type OutboxItem,
  type OutboxStatus,
  useOutbox,
} from "./use-outbox.ts";

type Filter = OutboxStatus | "all";
const isStatus = (s: string | null): s is OutboxStatus => OUTBOX_STATUSES.some((x) => x === s);

export function OutboxPage({ user }: { user: User }) {
  const { t, labels } = useI18n();
  const allowed = maySendMessages(user);
  const [params, setParams] = useSearchParams();
  const raw = params.get("status");
  const status = isStatus(raw) ? raw : undefined;
  const outbox = useOutbox(status, allowed);
  // The message shown stays while the drawer slides away, so it does not fall back to its skeleton as it closes.
  const [shown, setShown] = useState<{ id: number | null; open: boolean }>({ id: null, open: false });
  // Closing the drawer puts the focus back where it was (the subject that opened it), not on the page's body.
  const opener = useRef<HTMLElement | null>(null);
  const setOpenId = (id: number) => {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setShown({ id, open: true });
  };
  const [sending, setSending] = useState(false);

  if (!allowed) return <Result status="info" title={t("outbox.notOpen")} />;

  const setFilter = (f: Filter) => setParams(f === "all" ? {} : { status: f }, { replace: true });

  const columns: ColumnsType<OutboxItem> = [
    {
      title: t("outbox.col.status"),
      key: "status",
      width: 110,
      render: (_, m) => <OutboxStatusTag status={m.status} />,
    },
    {
      title: t("outbox.col.channel"),
      key: "channel",
      width: 80,
      render: (_, m) => labels.channel(m.channel),
    },
    {
      title: t("outbox.col.customer"),
      key: "customer",
      width: 110,
      render: (_, m) => (
        <Link to={`/customers/${m.customerId}`} className="code" onClick={(e) => e.stopPropagation()}>
          {m.customerCode}
        </Link>
      ),
    },
    {
      title: t("outbox.col.address"),
      key: "address",
      width: 200,
      render: (_, m) => (
        <Typography.Text className="code small" ellipsis={{ tooltip: m.address }} style={{ maxWidth: "100%" }}>
          {m.address}
        </Typography.Text>
      ),
    },
    {
      title: t("outbox.col.subject"),
      key: "subject",
      render: (_, m) => (
        <Button
          type="link"
          size="small"
          title={m.subject ?? undefined}
          style={{
            display: "inline-block",
            maxWidth: "100%",
            height: "auto",
            padding: 0,
            overflow: "hidden",
            textOverflow: "ellipsis",
            whiteSpace: "nowrap",
            textAlign: "left",
          }}
          onClick={(e) => {
            e.stopPropagation();
            setOpenId(m.id);
          }}
          aria-haspopup="dialog"
          data-testid="outbox-open"
        >
          {m.subject ?? t("outbox.noSubject", { channel: labels.channel(m.channel) })}
        </Button>
      ),
    },
    {
      title: t("outbox.col.created"),
      key: "created",
      width: 140,
      render: (_, m) => (
        <span className="small" style={{ whiteSpace: "nowrap" }}>
          {instantText(m.createdAt)}
        </span>
      ),
    },
    {
      title: t("outbox.col.sent"),
      key: "sent",
      width: 140,
      render: (_, m) => (
        <span className="small" style={{ whiteSpace: "nowrap" }}>
          {m.sentAt ? instantText(m.sentAt) : t("common.none")}
        </span>
      ),
    },
    {
      title: t("outbox.col.attempts"),
      key: "attempts",
      width: 96,
      align: "right",
      render: (_, m) => m.attempts,
    },
    {
      title: t("outbox.col.error"),
      key: "error",
      width: 180,
      render: (_, m) =>
        m.error ? (
          <Typography.Text type="danger" className="small" ellipsis={{ tooltip: m.error }} style={{ maxWidth: "100%" }}>
            <ExclamationCircleOutlined /> {m.error}
          </Typography.Text>
        ) : null,
    },
    {
      title: <PaperClipOutlined aria-label={t("outbox.col.files")} />,
      key: "files",
      width: 60,
      align: "center",
      render: (_, m) =>
        m.attachments > 0 ? (
          <Tooltip title={t("outbox.filesCount", { count: m.attachments })}>
            <span data-testid="outbox-files">
              <PaperClipOutlined aria-hidden /> {m.attachments}
            </span>
          </Tooltip>
        ) : null,
    },
  ];

  const rows = outbox.data;
  const filters: Filter[] = ["all", ...OUTBOX_STATUSES];
  return (
    <div className="page" data-testid="outbox-page">
      <div className="page__head">
        <div>
          <Typography.Title level={3} className="page__title">
            {t("outbox.title")}
          </Typography.Title>
          <Typography.Text type="secondary">{t("outbox.subtitle")}</Typography.Text>
        </div>
        <Button
          type="primary"
          icon={<FileTextOutlined />}
          onClick={() => setSending(true)}
          data-testid="send-statements"
        >
          {t("outbox.statements.open")}
        </Button>
      </div>
      <div style={{ marginBottom: 12 }}>
        <Segmented<Filter>
          value={status ?? "all"}
          onChange={setFilter}
          options={filters.map((f) => ({ value: f, label: f === "all" ? t("outbox.all") : t(`outbox.status.${f}`) }))}
          aria-label={t("outbox.filter")}
          data-testid="outbox-filter"
        />
      </div>
      <Card className="card-flush">
        {outbox.isError ? (
          <Result
            status="error"
            title={t("common.loadFailed", { message: outbox.error.message })}
            extra={<Button onClick={() => outbox.refetch()}>{t("common.retry")}</Button>}
          />
        ) : !rows ? (
          <Skeleton active paragraph={{ rows: 8 }} style={{ padding: 24 }} />
        ) : rows.length === 0 ? (
          <Empty
            description={status ? t("outbox.emptyStatus", { status: t(`outbox.status.${status}`) }) : t("outbox.empty")}
            style={{ padding: 48 }}
            data-testid="outbox-empty"
          />
        ) : (
          <Table<OutboxItem>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={rows}
            pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
            tableLayout="fixed"
            scroll={{ x: 1280 }}
            data-testid="outbox-table"
            onRow={(m) =>
              ({
                "data-testid": "outbox-row",
                onClick: () => setOpenId(m.id),
                style: { cursor: "pointer" },
              }) as HTMLAttributes<HTMLElement>
            }
          />
        )}
      </Card>
      {rows && rows.length >= OUTBOX_LIMIT && (
        <Typography.Text type="secondary" className="small" style={{ display: "block", marginTop: 8 }}>
          {t("outbox.limited", { count: OUTBOX_LIMIT })}
        </Typography.Text>
      )}
      <OutboxMessageDrawer
        id={shown.id}
        open={shown.open}
        onClose={() => {
          setShown((s) => ({ ...s, open: false }));
          requestAnimationFrame(() => opener.current?.isConnected && opener.current.focus({ preventScroll: true }));
        }}
      />
      {sending && <SendStatementsModal onClose={() => setSending(false)} />}
    </div>
  );
}
