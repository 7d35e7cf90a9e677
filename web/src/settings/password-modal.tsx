// A new password for a user, set by an admin: the user's sessions end and they sign in with it.
import { Alert, App, Form, Input, Modal } from "antd";
import { useSettingsI18n } from "./settings-messages.ts";
import { useSetPassword } from "./use-users.ts";

export function PasswordModal({ login, onClose }: { login: string; onClose: () => void }) {
  const { s, t } = useSettingsI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string }>();
  const setPassword = useSetPassword();
  const onOk = async () => {
    const { password } = await form.validateFields();
    setPassword.mutate(
      { login, password },
      {
        onSuccess: () => {
          message.success(s("users.passwordSet", { login }));
          onClose();
        },
      },
    );
  };
  return (
    <Modal
      open
      title={s("users.passwordTitle", { login })}
      okText={t("common.save")}
      cancelText={t("common.cancel")}
      onOk={onOk}
      onCancel={onClose}
      confirmLoading={setPassword.isPending}
      destroyOnHidden
    >
      {setPassword.isError && (
        <Alert type="error" showIcon className="settings__alert" message={setPassword.error.message} />
      )}
      <Form form={form} layout="vertical">
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
      </Form>
    </Modal>
  );
}
