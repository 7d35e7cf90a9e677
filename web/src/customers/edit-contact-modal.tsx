// Edit a contact: name, role, phones, emails, preferred channel, time zone, notes, and consent (the opt-outs, with
// how and when the person said so). Only what changed is sent, with the version read; a change made meanwhile by
// someone else is shown rather than overwritten.
import { Alert, App, Checkbox, Col, Form, Input, Modal, Row, Select } from "antd";
import { useEffect, useState } from "react";
import {
  CHANNELS,
  type Channel,
  CONTACT_ROLES,
  type Contact,
  type ContactChange,
  type ContactRole,
} from "../api/types.ts";
import { focusFirstField } from "../disputes/focus-first-field.ts";
import { useI18n } from "../i18n/i18n-provider.tsx";
import { isChangedMeanwhile, useUpdateContact } from "./use-customer-edits.ts";

type Fields = {
  name: string;
  role: ContactRole;
  phones: string[];
  emails: string[];
  preferredChannel: Channel | null;
  timeZone: string;
  optOutCall: boolean;
  optOutSms: boolean;
  optOutEmail: boolean;
  consentNote: string;
  notes: string;
};

function fieldsOf(k: Contact): Fields {
  return {
    name: k.name,
    role: k.role,
    phones: k.phones,
    emails: k.emails,
    preferredChannel: k.preferred_channel,
    timeZone: k.time_zone ?? "",
    optOutCall: k.opt_out_call,
    optOutSms: k.opt_out_sms,
    optOutEmail: k.opt_out_email,
    consentNote: k.consent_note ?? "",
    notes: k.notes ?? "",
  };
}

function changeOf(before: Fields, after: Fields): ContactChange {
  const change: ContactChange = {};
  const trimmed = (list: string[]) => list.map((x) => x.trim()).filter(Boolean);
  if (after.name.trim() !== before.name) change.name = after.name.trim();
  if (after.role !== before.role) change.role = after.role;
  if (JSON.stringify(trimmed(after.phones)) !== JSON.stringify(before.phones)) change.phones = trimmed(after.phones);
  if (JSON.stringify(trimmed(after.emails)) !== JSON.stringify(before.emails)) change.emails = trimmed(after.emails);
  if ((after.preferredChannel ?? null) !== before.preferredChannel)
    change.preferredChannel = after.preferredChannel ?? null;
  for (const k of ["timeZone", "consentNote", "notes"] as const) {
    if (after[k].trim() !== before[k]) change[k] = after[k].trim() || null;
  }
  for (const k of ["optOutCall", "optOutSms", "optOutEmail"] as const) if (after[k] !== before[k]) change[k] = after[k];
  return change;
}

type Props = { customerId: number; contact: Contact; onClose: () => void };

export function EditContactModal({ customerId, contact, onClose }: Props) {
  const { t, labels } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Fields>();
  const update = useUpdateContact(customerId);
  const [stale, setStale] = useState(false);
  // After a 409 the page reloads the customer and its contacts: show the current version in the form.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when a new version arrives
  useEffect(() => {
    form.setFieldsValue(fieldsOf(contact));
  }, [contact.version]);

  const onFinish = (f: Fields) => {
    const change = changeOf(fieldsOf(contact), f);
    if (Object.keys(change).length === 0) {
      message.info(t("customer.nothingChanged"));
      onClose();
      return;
    }
    setStale(false);
    update.mutate(
      { id: contact.id, version: contact.version, change },
      {
        onSuccess: () => {
          message.success(t("contacts.saved"));
          onClose();
        },
        onError: (e) => setStale(isChangedMeanwhile(e)),
      },
    );
  };

  return (
    <Modal
      open
      width={600}
      title={t("contacts.editTitle", { name: contact.name })}
      okText={t("common.save")}
      okButtonProps={{ loading: update.isPending, htmlType: "submit", form: "edit-contact" }}
      cancelText={t("common.cancel")}
      onCancel={onClose}
      destroyOnHidden
      maskClosable={!update.isPending}
      afterOpenChange={(opened) => opened && focusFirstField("edit-contact")}
    >
      <Form<Fields>
        id="edit-contact"
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={fieldsOf(contact)}
        disabled={update.isPending}
        onFinish={onFinish}
      >
        <Row gutter={16}>
          <Col span={14}>
            <Form.Item
              name="name"
              label={t("contacts.name")}
              rules={[{ required: true, whitespace: true, message: t("contacts.nameRequired") }]}
            >
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="role" label={t("contacts.role")}>
              <Select options={CONTACT_ROLES.map((r) => ({ value: r, label: labels.contactRole(r) }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="phones" label={t("contacts.phones")} tooltip={t("contacts.listHint")}>
              <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[",", "，", ";"]} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="emails" label={t("contacts.emails")} tooltip={t("contacts.listHint")}>
              <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[",", "，", ";", " "]} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="preferredChannel" label={t("contacts.preferredChannel")}>
              <Select allowClear options={CHANNELS.map((c) => ({ value: c, label: labels.channel(c) }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="timeZone" label={t("contacts.timeZone")} tooltip={t("customer.timeZoneHint")}>
              <Input maxLength={60} placeholder="Asia/Shanghai" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label={t("contacts.consent")} extra={t("contacts.consentHelp")}>
          <div className="flag-boxes">
            <Form.Item name="optOutCall" valuePropName="checked" noStyle>
              <Checkbox data-testid="opt-out-call">{t("contacts.optOutCall")}</Checkbox>
            </Form.Item>
            <Form.Item name="optOutSms" valuePropName="checked" noStyle>
              <Checkbox data-testid="opt-out-sms">{t("contacts.optOutSms")}</Checkbox>
            </Form.Item>
            <Form.Item name="optOutEmail" valuePropName="checked" noStyle>
              <Checkbox data-testid="opt-out-email">{t("contacts.optOutEmail")}</Checkbox>
            </Form.Item>
          </div>
        </Form.Item>
        <Form.Item name="consentNote" label={t("contacts.consentNote")}>
          <Input maxLength={1000} />
        </Form.Item>
        <Form.Item name="notes" label={t("contacts.notes")}>
          <Input.TextArea rows={2} maxLength={4000} />
        </Form.Item>
      </Form>
      {stale && <Alert type="warning" showIcon message={t("contacts.changedMeanwhile")} />}
      {update.error && !stale && (
        <Alert type="error" showIcon message={t("customer.saveFailed")} description={update.error.message} />
      )}
    </Modal>
  );
}
