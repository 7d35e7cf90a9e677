// Approve or reject one approval task, with the note the server requires. The server's refusal (not your role,
// already decided) stays in the modal until the note changes or it closes.
import { Alert, App, Form, Input, Modal } from "antd";
import type { CustomerFlags, Task } from "../api/types.ts";
import { useI18n } from "../i18n/i18n-provider.tsx";
import { useTaskDecision } from "../worklist/task-actions.ts";

/** The customer flag an approved measure sets (src/collection/close-task.ts). */
const MEASURE_FLAG: Partial<Record<Task["action"], keyof CustomerFlags>> = {
  credit_hold: "creditHold",
  prepay_only: "prepayOnly",
  legal_action: "legal",
};

type Props = { task: Task; approve: boolean; onClose: () => void };

export function DecisionModal({ task, approve, onClose }: Props) {
  const { t, labels } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ note: string }>();
  const decide = useTaskDecision();
  const names = { action: labels.action(task.action), customer: task.customerName };
  const flag = MEASURE_FLAG[task.action];

  const onFinish = ({ note }: { note: string }) =>
    decide.mutate(
      { id: task.id, approve, note: note.trim() },
      {
        onSuccess: () => {
          message.success(t(approve ? "approvals.approved" : "approvals.rejected", names));
          onClose();
        },
      },
    );

  return (
    <Modal
      open
      title={t(approve ? "approvals.approveTitle" : "approvals.rejectTitle", names)}
      okText={t(approve ? "approvals.approve" : "approvals.reject")}
      okButtonProps={{ danger: !approve, loading: decide.isPending, htmlType: "submit", form: "decision-form" }}
      cancelText={t("common.cancel")}
      onCancel={onClose}
      destroyOnHidden
      maskClosable={!decide.isPending}
    >
      {approve && flag && (
        <Alert
          type="warning"
          showIcon
          className="block-gap"
          message={t("approvals.effect", { flag: labels.flag(flag) })}
        />
      )}
      <Form
        id="decision-form"
        form={form}
        layout="vertical"
        requiredMark={false}
        disabled={decide.isPending}
        onFinish={onFinish}
        onValuesChange={() => decide.reset()}
      >
        <Form.Item
          name="note"
          label={t("approvals.note")}
          rules={[{ required: true, whitespace: true, message: t("approvals.noteRequired") }]}
        >
          <Input.TextArea rows={3} maxLength={2000} autoFocus placeholder={t("approvals.notePlaceholder")} />
        </Form.Item>
      </Form>
      {decide.error && (
        <Alert type="error" showIcon message={t("approvals.failed")} description={decide.error.message} />
      )}
    </Modal>
  );
}
