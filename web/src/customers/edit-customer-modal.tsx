// Edit the account: name, debtor type, country, time zone, rating, notes and the flags a collector may set; for
// managers and admins also the payment terms, credit limit, credit hold, prepay only and legal action (the server
// refuses those from collectors, so they do not see them). Only what changed is sent, with the version read; if
// someone saved meanwhile, the form says so and shows their version.
import { Alert, App, Checkbox, Col, Form, Input, InputNumber, Modal, Row, Select, Typography } from "antd";
import { useEffect, useState } from "react";
import { type Customer, type CustomerChange, DEBTOR_TYPES, type User } from "../api/types.ts";
import { focusFirstField } from "../disputes/focus-first-field.ts";
import { useI18n } from "../i18n/i18n-provider.tsx";
import { isChangedMeanwhile, useUpdateCustomer } from "./use-customer-edits.ts";

type Fields = {
  name: string;
  debtorType: Customer["debtorType"];
  country: string;
  timeZone: string;
  creditRating: string;
  notes: string;
  paymentTermsDays: number;
  creditLimit: string;
  creditCurrency: string;
  creditHold: boolean;
  prepayOnly: boolean;
  legal: boolean;
  doNotContact: boolean;
  middleman: boolean;
  foreignTrade: boolean;
};
const COLLECTOR_FLAGS = ["doNotContact", "middleman", "foreignTrade"] as const;
const MANAGER_FLAGS = ["creditHold", "prepayOnly", "legal"] as const;
const TEXT_FIELDS = ["name", "country", "timeZone", "creditRating", "notes"] as const;

export const mayEditCustomer = (user: User) => user.role !== "finance";
const mayEditTerms = (user: User) => user.role === "manager" || user.role === "admin";

function fieldsOf(c: Customer): Fields {
  return {
    name: c.name,
    debtorType: c.debtorType,
    country: c.country ?? "",
    timeZone: c.timeZone ?? "",
    creditRating: c.creditRating ?? "",
    notes: c.notes ?? "",
    paymentTermsDays: c.paymentTermsDays,
    creditLimit: c.creditLimit ?? "",
    creditCurrency: c.creditCurrency ?? "",
    ...c.flags,
  };
}

/** What differs from the record as read; empty text means "none". */
function changeOf(before: Fields, after: Fields, terms: boolean): CustomerChange {
  const change: CustomerChange = {};
  for (const k of TEXT_FIELDS) {
    const v = after[k].trim();
    if (v === before[k].trim()) continue;
    if (k === "name") change.name = v;
    else change[k] = v || null;
  }
  if (after.debtorType !== before.debtorType) change.debtorType = after.debtorType;
  for (const k of COLLECTOR_FLAGS) if (after[k] !== before[k]) change[k] = after[k];
  if (!terms) return change;
  for (const k of MANAGER_FLAGS) if (after[k] !== before[k]) change[k] = after[k];
  if (after.paymentTermsDays !== before.paymentTermsDays) change.paymentTermsDays = after.paymentTermsDays;
  const limit = after.creditLimit.trim();
  const currency = after.creditCurrency.trim().toUpperCase();
  if (limit !== before.creditLimit.trim() || currency !== before.creditCurrency.trim()) {
    change.creditLimit = limit || null;
    change.creditCurrency = currency || null;
  }
  return change;
}

type Props = { customer: Customer; user: User; onClose: () => void };

export function EditCustomerModal({ customer, user, onClose }: Props) {
  const { t, labels } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Fields>();
  const update = useUpdateCustomer(customer.id);
  const terms = mayEditTerms(user);
  const [stale, setStale] = useState(false);
  const initial = fieldsOf(customer);
  // After a 409 the page reloads the customer: show the current version in the form.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when a new version arrives
  useEffect(() => {
    form.setFieldsValue(fieldsOf(customer));
  }, [customer.version]);

  const onFinish = (f: Fields) => {
    const change = changeOf(fieldsOf(customer), f, terms);
    if (Object.keys(change).length === 0) {
      message.info(t("customer.nothingChanged"));
      onClose();
      return;
    }
    setStale(false);
    update.mutate(
      { version: customer.version, change },
      {
        onSuccess: () => {
          message.success(t("customer.saved"));
          onClose();
        },
        onError: (e) => setStale(isChangedMeanwhile(e)),
      },
    );
  };
  const flag = (k: keyof Fields) => (
    <Form.Item key={k} name={k} valuePropName="checked" noStyle>
      <Checkbox data-testid={`flag-${k}`}>{labels.flag(k as keyof Customer["flags"])}</Checkbox>
    </Form.Item>
  );

  return (
    <Modal
      open
      width={640}
      title={t("customer.editTitle", { name: customer.name })}
      okText={t("common.save")}
      okButtonProps={{ loading: update.isPending, htmlType: "submit", form: "edit-customer" }}
      cancelText={t("common.cancel")}
      onCancel={onClose}
      destroyOnHidden
      maskClosable={!update.isPending}
      afterOpenChange={(opened) => opened && focusFirstField("edit-customer")}
    >
      <Form<Fields>
        id="edit-customer"
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={initial}
        disabled={update.isPending}
        onFinish={onFinish}
        onValuesChange={() => update.isError && !stale && update.reset()}
      >
        <Row gutter={16}>
          <Col span={16}>
            <Form.Item
              name="name"
              label={t("customer.name")}
              rules={[{ required: true, whitespace: true, message: t("customer.nameRequired") }]}
            >
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="debtorType" label={t("customer.debtorType")}>
              <Select options={DEBTOR_TYPES.map((d) => ({ value: d, label: t(`debtor.${d}`) }))} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name="country"
              label={t("customer.country")}
              rules={[{ pattern: /^[A-Z]{2}$/, message: t("customer.countryHint") }]}
            >
              <Input maxLength={2} placeholder="CN" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="timeZone" label={t("customer.timeZone")} tooltip={t("customer.timeZoneHint")}>
              <Input maxLength={60} placeholder="Asia/Shanghai" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="creditRating" label={t("customer.creditRating")}>
              <Input maxLength={20} />
            </Form.Item>
          </Col>
          {terms && (
            <>
              <Col span={8}>
                <Form.Item
                  name="paymentTermsDays"
                  label={t("customer.terms")}
                  rules={[{ type: "integer", min: 0, max: 720, message: t("customer.termsInvalid") }]}
                >
                  <InputNumber min={0} max={720} precision={0} style={{ width: "100%" }} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item
                  name="creditLimit"
                  label={t("customer.creditLimit")}
                  rules={[{ pattern: /^\d{1,15}(\.\d{1,3})?$/, message: t("customer.creditLimitInvalid") }]}
                >
                  <Input inputMode="decimal" />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item
                  name="creditCurrency"
                  label={t("customer.creditCurrency")}
                  rules={[{ pattern: /^[A-Za-z]{3}$/, message: t("customer.currencyInvalid") }]}
                >
                  <Input maxLength={3} placeholder="CNY" />
                </Form.Item>
              </Col>
            </>
          )}
        </Row>
        <Form.Item label={t("customer.flags")}>
          <div className="flag-boxes">
            {terms && MANAGER_FLAGS.map(flag)}
            {COLLECTOR_FLAGS.map(flag)}
          </div>
          {!terms && (
            <Typography.Text type="secondary" className="small">
              {t("customer.managerOnly")}
            </Typography.Text>
          )}
        </Form.Item>
        <Form.Item name="notes" label={t("customer.notes")}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
      </Form>
      {stale && (
        <Alert type="warning" showIcon message={t("customer.changedMeanwhile")} data-testid="changed-meanwhile" />
      )}
      {update.error && !stale && (
        <Alert type="error" showIcon message={t("customer.saveFailed")} description={update.error.message} />
      )}
    </Modal>
  );
}
