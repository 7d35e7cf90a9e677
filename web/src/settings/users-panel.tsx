// Users: who may sign in, with which role and team. Admins add users, edit them, set a new password and disable or
// enable accounts; managers see the list.
import { PlusOutlined } from "@ant-design/icons";
import { App, Button, Card, Popconfirm, Result, Space, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useState } from "react";
import type { Account, User } from "../api/types.ts";
import { PasswordModal } from "./password-modal.tsx";
import { useSettingsI18n } from "./settings-messages.ts";
import { useUpdateUser, useUsers } from "./use-users.ts";
import { UserModal } from "./user-modal.tsx";

export function UsersPanel({ user, mayEdit }: { user: User; mayEdit: boolean }) {
  const { s, t } = useSettingsI18n();
  const { message } = App.useApp();
  const users = useUsers();
  const update = useUpdateUser();
  const [editing, setEditing] = useState<Account | null | undefined>(undefined);
  const [password, setPassword] = useState<string | null>(null);

  if (users.isError) {
    return (
      <Result
        status="error"
        title={t("common.loadFailed", { message: users.error.message })}
        extra={<Button onClick={() => users.refetch()}>{t("common.retry")}</Button>}
      />
    );
  }
  const setActive = (a: Account, active: boolean) =>
    update.mutate({ login: a.login, change: { active } }, { onError: (e) => message.error(e.message) });

  const columns: ColumnsType<Account> = [
    {
      title: s("users.login"),
      dataIndex: "login",
      width: 140,
      render: (login: string) => (
        <span className="code">
          {login} {login === user.login && <Tag bordered={false}>{s("users.you")}</Tag>}
        </span>
      ),
    },
    { title: s("users.name"), dataIndex: "name" },
    { title: s("users.role"), dataIndex: "role", width: 120, render: (r: User["role"]) => t(`role.${r}`) },
    { title: s("users.team"), dataIndex: "team", width: 110, render: (v: string | null) => v ?? t("common.none") },
    { title: s("users.email"), dataIndex: "email", render: (v: string | null) => v ?? t("common.none") },
    {
      title: s("users.status"),
      dataIndex: "active",
      width: 90,
      render: (active: boolean) =>
        active ? (
          <Tag color="green" bordered={false}>
            {s("users.active")}
          </Tag>
        ) : (
          <Tag bordered={false}>{s("users.disabled")}</Tag>
        ),
    },
    ...(mayEdit
      ? [
          {
            title: "",
            key: "actions",
            width: 250,
            render: (_: unknown, a: Account) => (
              <Space size={4}>
                <Button size="small" onClick={() => setEditing(a)}>
                  {s("users.edit")}
                </Button>
                <Button size="small" onClick={() => setPassword(a.login)}>
                  {s("users.resetPassword")}
                </Button>
                {a.login !== user.login &&
                  (a.active ? (
                    <Popconfirm
                      title={s("users.disableConfirm", { login: a.login })}
                      okText={s("users.disable")}
                      cancelText={t("common.cancel")}
                      onConfirm={() => setActive(a, false)}
                    >
                      <Button size="small" danger>
                        {s("users.disable")}
                      </Button>
                    </Popconfirm>
                  ) : (
                    <Button size="small" onClick={() => setActive(a, true)}>
                      {s("users.enable")}
                    </Button>
                  ))}
              </Space>
            ),
          },
        ]
      : []),
  ];
  return (
    <Card>
      <Typography.Paragraph type="secondary">{s("users.intro")}</Typography.Paragraph>
      {mayEdit && (
        <Button type="primary" icon={<PlusOutlined />} className="settings__pick" onClick={() => setEditing(null)}>
          {s("users.add")}
        </Button>
      )}
      <Table<Account>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={users.data ?? []}
        loading={users.isPending}
        locale={{ emptyText: s("users.empty") }}
        pagination={false}
        scroll={{ x: 900 }}
        data-testid="users-table"
      />
      {editing !== undefined && <UserModal account={editing} onClose={() => setEditing(undefined)} />}
      {password && <PasswordModal login={password} onClose={() => setPassword(null)} />}
    </Card>
  );
}
