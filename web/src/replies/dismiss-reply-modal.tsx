// Dismiss an unmatched reply (spam, an auto-reply, nobody's): it leaves the list and stays on record, with the
// reason if one is given (kept in the audit log).
import { Alert, App, Form, Input, Modal, Typography } from "antd";
import { useI18n } from "../i18n/i18n-provider.tsx";
import { type UnmatchedReply, useDismissReply } from "./use-unmatched-replies.ts";

export function DismissReplyModal({ reply, onClose }: { reply: UnmatchedReply; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason?: string }>();
  const dismiss = useDismissReply();
  const onFinish = ({ reason }: { reason?: string }) =>
    dismiss.mutate(
      { id: reply.id, reason: reason?.trim() || null },
      {
        onSuccess: () => {
          message.success(t("unmatched.dismissed"));
          onClose();
        },
      },
    );
  return (
    <Modal
      open
      title={t("unmatched.dismissTitle")}
      okText={t("unmatched.dismiss")}
      okButtonProps={{ danger: true, loading: dismiss.isPending, htmlType: "submit", form: "dismiss-reply-form" }}
      cancelText={t("common.cancel")}
      onCancel={onClose}
      destroyOnHidden
      maskClosable={!dismiss.isPending}
    >
      <Typography.Paragraph type="secondary">
        {t("unmatched.assignFrom", { from: reply.from, subject: reply.subject ?? t("unmatched.noSubject") })}
      </Typography.Paragraph>
      <Form
        id="dismiss-reply-form"
        form={form}
        layout="vertical"
        disabled={dismiss.isPending}
        onFinish={onFinish}
        onValuesChange={() => dismiss.reset()}
      >
        <Form.Item name="reason" label={t("unmatched.reason")}>
          <Input.TextArea rows={2} maxLength={500} autoFocus placeholder={t("unmatched.reasonPlaceholder")} />
        </Form.Item>
      </Form>
      {dismiss.error && (
        <Alert type="error" showIcon message={t("unmatched.failed")} description={dismiss.error.message} />
      )}
    </Modal>
  );
}
