// Set a customer's cause of lateness by hand: which cause, why (a note, required), and optionally until when it holds
// (the re-check date, after today; the server's default is 30 days on). The rules take over again on that date.
import { Alert, App, DatePicker, Form, Input, Modal, Select } from "antd";
import type { Dayjs } from "dayjs";
import dayjs from "dayjs";
import { CAUSES } from "../../../src/collection/collection.enums.ts";
import type { Cause, UserRole } from "../api/types.ts";
import { focusFirstField } from "../disputes/focus-first-field.ts";
import { useI18n } from "../i18n/i18n-provider.tsx";
import { useSetCause } from "./use-customer.ts";

/** Who may set a cause by hand (src/collection/collection.routes.ts): not finance. */
export const maySetCause = (role: UserRole | undefined): boolean =>
  role === "admin" || role === "manager" || role === "collector";

type Fields = { cause: Cause; note: string; recheckOn?: Dayjs | null };
type Props = { customerId: number; customerName: string; current: Cause | null; onClose: () => void };

export function SetCauseModal({ customerId, customerName, current, onClose }: Props) {
  const { t, labels } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Fields>();
  const set = useSetCause(customerId);

  const onFinish = (f: Fields) =>
    set.mutate(
      {
        cause: f.cause,
        note: f.note.trim(),
        ...(f.recheckOn ? { recheckOn: f.recheckOn.format("YYYY-MM-DD") } : {}),
      },
      {
        onSuccess: (r) => {
          message.success(t("setCause.saved", { cause: labels.cause(r.cause), date: r.recheckOn }));
          onClose();
        },
      },
    );

  return (
    <Modal
      open
      title={t("setCause.title", { customer: customerName })}
      okText={t("common.save")}
      okButtonProps={{ loading: set.isPending, htmlType: "submit", form: "set-cause" }}
      cancelText={t("common.cancel")}
      onCancel={onClose}
      destroyOnHidden
      maskClosable={!set.isPending}
      afterOpenChange={(opened) => opened && focusFirstField("set-cause")}
    >
      <Form<Fields>
        id="set-cause"
        form={form}
        layout="vertical"
        requiredMark={false}
        disabled={set.isPending}
        initialValues={{ cause: current ?? undefined }}
        onFinish={onFinish}
        onValuesChange={() => set.reset()}
      >
        <Form.Item
          name="cause"
          label={t("setCause.cause")}
          rules={[{ required: true, message: t("setCause.causeRequired") }]}
        >
          <Select data-testid="set-cause-cause" options={CAUSES.map((c) => ({ value: c, label: labels.cause(c) }))} />
        </Form.Item>
        <Form.Item
          name="note"
          label={t("setCause.note")}
          rules={[{ required: true, whitespace: true, message: t("setCause.noteRequired") }]}
        >
          <Input.TextArea
            rows={3}
            maxLength={4000}
            placeholder={t("setCause.notePlaceholder")}
            data-testid="set-cause-note"
          />
        </Form.Item>
        <Form.Item name="recheckOn" label={t("setCause.recheckOn")} extra={t("setCause.recheckHint")}>
          <DatePicker
            style={{ width: "100%" }}
            // The server wants it after today: the rules re-check from that day on.
            disabledDate={(d) => !d.isAfter(dayjs(), "day")}
            data-testid="set-cause-recheck"
          />
        </Form.Item>
      </Form>
      {set.error && <Alert type="error" showIcon message={t("setCause.failed")} description={set.error.message} />}
    </Modal>
  );
}
