// Reverse a payment from the timeline (managers and admins): the cheque bounced, the transfer was recalled, or it was
// booked twice. The reason is required; the day defaults to today and cannot be before the payment or in the future.
import { Alert, App, DatePicker, Form, Input, Modal } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useI18n } from "../i18n/i18n-provider.tsx";
import { useReversePayment } from "./use-customer.ts";

type Fields = { reason: string; on: Dayjs };
export type ReversiblePayment = { id: number; reference: string; amount: string; paidOn: string };

export function ReversePaymentModal(props: { customerId: number; payment: ReversiblePayment; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Fields>();
  const reverse = useReversePayment(props.customerId);
  const paidOn = dayjs(props.payment.paidOn);
  const submit = (f: Fields) =>
    reverse.mutate(
      { paymentId: props.payment.id, reason: f.reason.trim(), on: f.on.format("YYYY-MM-DD") },
      {
        onSuccess: () => {
          message.success(t("reversal.done", { reference: props.payment.reference }));
          props.onClose();
        },
      },
    );
  return (
    <Modal
      open
      title={t("reversal.title", { reference: props.payment.reference, amount: props.payment.amount })}
      okText={t("reversal.submit")}
      okButtonProps={{ danger: true, loading: reverse.isPending, ...{ "data-testid": "reversal-submit" } }}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      destroyOnHidden
    >
      <p className="muted">{t("reversal.explain")}</p>
      <Form<Fields> form={form} layout="vertical" initialValues={{ on: dayjs() }} onFinish={submit}>
        <Form.Item
          name="reason"
          label={t("reversal.reason")}
          rules={[{ required: true, whitespace: true, message: t("reversal.reasonRequired") }]}
        >
          <Input.TextArea
            rows={2}
            maxLength={500}
            placeholder={t("reversal.reasonPlaceholder")}
            data-testid="reversal-reason"
          />
        </Form.Item>
        <Form.Item name="on" label={t("reversal.on")} rules={[{ required: true }]}>
          <DatePicker disabledDate={(d) => d.isBefore(paidOn, "day") || d.isAfter(dayjs(), "day")} allowClear={false} />
        </Form.Item>
      </Form>
      {reverse.error && <Alert type="error" showIcon message={reverse.error.message} />}
    </Modal>
  );
}
