// Add a user, or change one's name, role, team and email; the same checks as the server (login shape, email
// shape, password length), and the server's own message when it refuses anyway (a login taken, a common password).
import { Alert, Form, Input, Modal, Select } from "antd";
import { type Account, type AccountChange, type AccountInput, USER_ROLES, type UserRole } from "../api/types.ts";
import { useSettingsI18n } from "./settings-messages.ts";
import { useAddUser, useUpdateUser } from "./use-users.ts";

type Fields = { login: string; name: string; role: UserRole; team: string; email: string; password: string };
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function UserModal({ account, onClose }: { account: Account | null; onClose: () => void }) {
  const { s, t } = useSettingsI18n();
  const [form] = Form.useForm<Fields>();
  const add = useAddUser();
  const update = useUpdateUser();
  const busy = add.isPending || update.isPending;
  const failed = add.error ?? update.error;
  const onOk = async () => {
    const f = await form.validateFields();
    const team = f.team?.trim() || null;
    const email = f.email?.trim() || null;
    if (!account) {
      const input: AccountInput = {
        login: f.login.trim(),
        name: f.name.trim(),
        role: f.role,
        team,
        email,
        password: f.password,
      };
      add.mutate(input, { onSuccess: onClose });
      return;
    }
    const change: AccountChange = {};
    if (f.name.trim() !== account.name) change.name = f.name.trim();
    if (f.role !== account.role) change.role = f.role;
    if (team !== account.team) change.team = team;
    if (email !== account.email) change.email = email;
    if (Object.keys(change).length === 0) return onClose();
    update.mutate({ login: account.login, change }, { onSuccess: onClose });
  };
  return (
    <Modal
      open
      title={account ? s("users.editTitle", { login: account.login }) : s("users.add")}
      okText={t("common.save")}
      cancelText={t("common.cancel")}
      onOk={onOk}
      onCancel={onClose}
      confirmLoading={busy}
      destroyOnHidden
    >
      {failed && <Alert type="error" showIcon className="settings__alert" message={failed.message} />}
      <Form<Fields>
        form={form}
        layout="vertical"
        id="user-form"
        initialValues={
          account
            ? { ...account, team: account.team ?? "", email: account.email ?? "" }
            : { role: "collector", team: "", email: "" }
        }
      >
        {!account && (
          <Form.Item
            name="login"
            label={s("users.login")}
            rules={[
              { required: true, message: s("required") },
              { pattern: /^[a-z0-9][a-z0-9._-]{1,39}$/i, message: s("users.loginRule") },
            ]}
          >
            <Input maxLength={40} autoComplete="off" />
          </Form.Item>
        )}
        <Form.Item
          name="name"
          label={s("users.name")}
          rules={[{ required: true, whitespace: true, message: s("required") }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="role" label={s("users.role")} rules={[{ required: true, message: s("required") }]}>
          <Select options={USER_ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
        </Form.Item>
        <Form.Item name="team" label={s("users.team")}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="email" label={s("users.email")} rules={[{ pattern: EMAIL, message: s("users.emailRule") }]}>
          <Input maxLength={200} />
        </Form.Item>
        {!account && (
          <Form.Item
            name="password"
            label={s("users.password")}
            rules={[
              { required: true, message: s("required") },
              { min: 10, message: s("users.passwordRule") },
            ]}
          >
            <Input.Password maxLength={200} autoComplete="new-password" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
