// Open a dispute from the customer's page: which open invoice, what is disputed, how much (the invoice's open amount
// by default), what the customer says. The invoice is then held out of reminders until the dispute is settled.
import { Alert, App, Form, Input, Modal, Select } from "antd";
import { DISPUTE_CATEGORIES, type DisputeCategory, type Invoice } from "../api/types.ts";
import { useI18n } from "../i18n/i18n-provider.tsx";
import { formatMoney } from "../money/format-money.ts";
import { focusFirstField } from "./focus-first-field.ts";
import { useOpenDispute } from "./use-disputes.ts";

type Fields = { invoiceId: number; category: DisputeCategory; amount: string; description: string };
type Props = { customerId: number; customerName: string; invoices: Invoice[]; onClose: () => void };

const DECIMAL = /^\d{1,15}(\.\d{1,3})?$/;

export function OpenDisputeModal({ customerId, customerName, invoices, onClose }: Props) {
  const { t, labels } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Fields>();
  const open = useOpenDispute(customerId);
  const candidates = invoices.filter((i) => !i.disputed);

  const onFinish = (f: Fields) =>
    open.mutate(
      { invoiceId: f.invoiceId, category: f.category, amount: f.amount.trim(), description: f.description.trim() },
      {
        onSuccess: (d) => {
          message.success(t("disputes.opened", { number: d.invoiceNumber }));
          onClose();
        },
      },
    );

  return (
    <Modal
      open
      title={t("disputes.openTitle", { customer: customerName })}
      okText={t("disputes.submit")}
      okButtonProps={{
        loading: open.isPending,
        htmlType: "submit",
        form: "open-dispute",
        disabled: candidates.length === 0,
      }}
      cancelText={t("common.cancel")}
      onCancel={onClose}
      destroyOnHidden
      maskClosable={!open.isPending}
      afterOpenChange={(opened) => opened && focusFirstField("open-dispute")}
    >
      {candidates.length === 0 ? (
        <Alert type="info" showIcon message={t("disputes.noOpenInvoices")} />
      ) : (
        <Form<Fields>
          id="open-dispute"
          form={form}
          layout="vertical"
          requiredMark={false}
          disabled={open.isPending}
          onFinish={onFinish}
          onValuesChange={(changed: Partial<Fields>) => {
            open.reset();
            const invoice = candidates.find((i) => i.id === changed.invoiceId);
            if (invoice) form.setFieldValue("amount", invoice.open);
          }}
        >
          <Form.Item
            name="invoiceId"
            label={t("disputes.invoiceLabel")}
            rules={[{ required: true, message: t("disputes.invoiceRequired") }]}
          >
            <Select
              showSearch
              optionFilterProp="label"
              data-testid="dispute-invoice"
              options={candidates.map((i) => ({
                value: i.id,
                label: `${i.number} · ${formatMoney(i.open, i.currency)} · ${t("invoices.due")} ${i.dueDate}`,
              }))}
            />
          </Form.Item>
          <Form.Item
            name="category"
            label={t("disputes.category")}
            rules={[{ required: true, message: t("disputes.categoryRequired") }]}
          >
            <Select options={DISPUTE_CATEGORIES.map((c) => ({ value: c, label: labels.disputeCategory(c) }))} />
          </Form.Item>
          <Form.Item
            name="amount"
            label={t("disputes.amount")}
            rules={[
              { required: true, whitespace: true, message: t("disputes.amountRequired") },
              { pattern: DECIMAL, message: t("disputes.amountInvalid") },
            ]}
          >
            <Input inputMode="decimal" />
          </Form.Item>
          <Form.Item
            name="description"
            label={t("disputes.description")}
            rules={[{ required: true, whitespace: true, message: t("disputes.descriptionRequired") }]}
          >
            <Input.TextArea rows={3} maxLength={4000} placeholder={t("disputes.descriptionPlaceholder")} />
          </Form.Item>
        </Form>
      )}
      {open.error && (
        <Alert type="error" showIcon message={t("disputes.openFailed")} description={open.error.message} />
      )}
    </Modal>
  );
}
