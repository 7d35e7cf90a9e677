// The script library: every script with its kind, stage, channel and causes, searchable, the text shown on
// demand; managers and admins add custom scripts and change them (the library's own are read-only).
import { PlusOutlined } from "@ant-design/icons";
import { Button, Card, Input, Result, Space, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useMemo, useState } from "react";
import type { Script } from "../api/types.ts";
import { ScriptModal } from "./script-modal.tsx";
import { settingsLabelsFor } from "./settings-labels.ts";
import { useSettingsI18n } from "./settings-messages.ts";
import { useScripts } from "./use-scripts.ts";

export function ScriptsPanel({ mayEdit }: { mayEdit: boolean }) {
  const { s, t, labels, lang } = useSettingsI18n();
  const names = settingsLabelsFor(lang);
  const scripts = useScripts();
  const [q, setQ] = useState("");
  const [editing, setEditing] = useState<Script | null | undefined>(undefined);
  const pickText = (x: { zh?: string; en?: string } | null) =>
    x ? ((lang === "en" ? x.en : x.zh) ?? x.en ?? x.zh ?? "") : "";
  const rows = useMemo(() => {
    const needle = q.trim().toLowerCase();
    const all = scripts.data ?? [];
    if (!needle) return all;
    return all.filter((x) =>
      [x.id, x.title.zh, x.title.en, x.text.zh, x.text.en].some((v) => v?.toLowerCase().includes(needle)),
    );
  }, [scripts.data, q]);

  if (scripts.isError) {
    return (
      <Result
        status="error"
        title={t("common.loadFailed", { message: scripts.error.message })}
        extra={<Button onClick={() => scripts.refetch()}>{t("common.retry")}</Button>}
      />
    );
  }
  const columns: ColumnsType<Script> = [
    {
      title: s("scripts.title"),
      key: "title",
      render: (_, x) => (
        <div>
          <Typography.Text strong>{pickText(x.title)}</Typography.Text>{" "}
          <Tag bordered={false} color={x.source === "custom" ? "blue" : undefined}>
            {s(x.source === "custom" ? "scripts.custom" : "scripts.library")}
          </Tag>
          <div>
            <Typography.Text type="secondary" className="code small">
              {x.id}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    { title: s("scripts.kind"), key: "kind", width: 120, render: (_, x) => s(`scripts.kind.${x.kind}`) },
    { title: s("scripts.stage"), key: "stage", width: 140, render: (_, x) => names.stage(x.stage) },
    {
      title: s("scripts.channel"),
      key: "channel",
      width: 90,
      render: (_, x) => labels.channel(x.channel) || t("common.none"),
    },
    {
      title: s("scripts.causes"),
      key: "causes",
      width: 220,
      render: (_, x) => (x.causes === "*" ? s("scripts.allCauses") : x.causes.map((c) => labels.cause(c)).join("、")),
    },
    ...(mayEdit
      ? [
          {
            title: "",
            key: "edit",
            width: 80,
            render: (_: unknown, x: Script) =>
              x.source === "custom" ? (
                <Button size="small" onClick={() => setEditing(x)}>
                  {s("scripts.edit")}
                </Button>
              ) : null,
          },
        ]
      : []),
  ];
  return (
    <Card data-testid="scripts-panel">
      <Typography.Paragraph type="secondary">{s("scripts.intro")}</Typography.Paragraph>
      <Space className="settings__pick" wrap>
        <Input.Search
          allowClear
          placeholder={s("scripts.search")}
          onChange={(e) => setQ(e.target.value)}
          style={{ width: 320 }}
        />
        {mayEdit && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)}>
            {s("scripts.add")}
          </Button>
        )}
      </Space>
      <Table<Script>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={rows}
        loading={scripts.isPending}
        locale={{ emptyText: s("scripts.empty") }}
        pagination={{ pageSize: 20, size: "small", showSizeChanger: false }}
        expandable={{
          expandedRowRender: (x) => (
            <div className="settings__script-text">
              {x.subject && <Typography.Text strong>{pickText(x.subject)}</Typography.Text>}
              <Typography.Paragraph className="settings__problems">{pickText(x.text)}</Typography.Paragraph>
            </div>
          ),
        }}
      />
      {editing !== undefined && <ScriptModal script={editing} onClose={() => setEditing(undefined)} />}
    </Card>
  );
}
