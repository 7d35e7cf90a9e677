// Resolving or rejecting a dispute, with what the server needs: how it was resolved, the amount a partial credit
// credits (a credit note credits the whole disputed amount unless told less), the note an explanation or a rejection
// must carry. A refusal from the server stays in the dialog; a 409 closes it and the board shows the latest.
import { Alert, App, Form, Input, Modal, Select } from "antd";
import { DISPUTE_RESOLUTIONS, type Dispute, type DisputeChange, type DisputeResolution } from "../api/types.ts";
import { useI18n } from "../i18n/i18n-provider.tsx";
import { formatMoney } from "../money/format-money.ts";
import { focusFirstField } from "./focus-first-field.ts";
import { useChangeDispute } from "./use-disputes.ts";

type Fields = { resolution?: DisputeResolution; creditAmount?: string; note?: string };
type Props = { dispute: Dispute; mode: "resolve" | "reject"; onClose: () => void };

const DECIMAL = /^\d{1,15}(\.\d{1,3})?$/;

export function DisputeCloseModal({ dispute: d, mode, onClose }: Props) {
  const { t, labels } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Fields>();
  const change = useChangeDispute();
  const resolution = Form.useWatch("resolution", form);
  const credits = resolution === "credit_note" || resolution === "partial_credit";

  const onFinish = (f: Fields) => {
    const note = f.note?.trim() || null;
    const body: DisputeChange =
      mode === "reject"
        ? { status: "rejected", resolutionNote: note }
        : {
            status: "resolved",
            resolution: f.resolution ?? null,
            resolutionNote: note,
            creditAmount: credits && f.creditAmount?.trim() ? f.creditAmount.trim() : null,
          };
    change.mutate(
      { dispute: d, change: body },
      {
        onSuccess: (r) => {
          message.success(t("disputes.moved", { number: d.invoiceNumber, status: labels.disputeStatus(r.status) }));
          onClose();
        },
        onError: (e) => {
          if (e.status === 409) {
            message.warning(t("disputes.conflict"));
            onClose();
          }
        },
      },
    );
  };

  return (
    <Modal
      open
      title={t(mode === "resolve" ? "disputes.resolveTitle" : "disputes.rejectTitle", { number: d.invoiceNumber })}
      okText={t(mode === "resolve" ? "disputes.resolveOk" : "disputes.rejectOk")}
      okButtonProps={{
        danger: mode === "reject",
        loading: change.isPending,
        htmlType: "submit",
        form: "dispute-close",
      }}
      cancelText={t("common.cancel")}
      onCancel={onClose}
      destroyOnHidden
      maskClosable={!change.isPending}
      afterOpenChange={(opened) => opened && focusFirstField("dispute-close")}
    >
      <p className="muted">
        {d.customerName} · {formatMoney(d.amount, d.currency)} · {labels.disputeCategory(d.category)}
      </p>
      <Form<Fields>
        id="dispute-close"
        form={form}
        layout="vertical"
        requiredMark={false}
        disabled={change.isPending}
        onFinish={onFinish}
        onValuesChange={() => change.reset()}
      >
        {mode === "resolve" && (
          <Form.Item
            name="resolution"
            label={t("disputes.resolution")}
            rules={[{ required: true, message: t("disputes.resolutionRequired") }]}
          >
            <Select options={DISPUTE_RESOLUTIONS.map((r) => ({ value: r, label: labels.disputeResolution(r) }))} />
          </Form.Item>
        )}
        {mode === "resolve" && credits && (
          <Form.Item
            name="creditAmount"
            label={t("disputes.creditAmount", { currency: d.currency })}
            extra={resolution === "credit_note" ? t("disputes.creditAmountHelp", { amount: d.amount }) : undefined}
            rules={[
              { required: resolution === "partial_credit", message: t("disputes.creditAmountRequired") },
              { pattern: DECIMAL, message: t("disputes.amountInvalid") },
            ]}
          >
            <Input inputMode="decimal" placeholder={resolution === "credit_note" ? d.amount : undefined} />
          </Form.Item>
        )}
        <Form.Item
          name="note"
          label={t("disputes.note")}
          rules={[
            {
              required: mode === "reject" || resolution === "explanation",
              whitespace: true,
              message: t(mode === "reject" ? "disputes.noteRequiredReject" : "disputes.noteRequiredExplain"),
            },
          ]}
        >
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
      </Form>
      {change.error && change.error.status !== 409 && (
        <Alert type="error" showIcon message={t("disputes.failed", { message: change.error.message })} />
      )}
    </Modal>
  );
}
