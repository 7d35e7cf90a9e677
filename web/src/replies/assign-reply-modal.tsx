// Assign an unmatched reply to a customer of the manager's portfolio, and to one of its contacts if known (the one
// whose address sent it is proposed). The reply then lands on that customer's timeline and pauses its automated
// reminders until the collector has read it. The server's refusal stays in the modal until something changes.
import { useQuery } from "@tanstack/react-query";
import { Alert, App, Form, Modal, Select, Typography } from "antd";
import { useEffect, useState } from "react";
import { apiGet } from "../api/client.ts";
import type { Customer } from "../api/types.ts";
import { customerKey, useCustomerSearch } from "../customers/use-customer.ts";
import { useI18n } from "../i18n/i18n-provider.tsx";
import { type UnmatchedReply, useAssignReply } from "./use-unmatched-replies.ts";

type Values = { customerId: number; contactId?: number | null };

/** "Ms Wang <Wang@Example.com>" -> "wang@example.com" (what the server stores is already the bare address). */
const bareAddress = (from: string) => (/<([^<>]+)>/.exec(from)?.[1] ?? from).trim().toLowerCase();

export function AssignReplyModal({ reply, onClose }: { reply: UnmatchedReply; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const assign = useAssignReply();
  const [text, setText] = useState("");
  const [q, setQ] = useState("");
  useEffect(() => {
    const id = window.setTimeout(() => setQ(text.trim()), 200);
    return () => window.clearTimeout(id);
  }, [text]);
  const found = useCustomerSearch(q);
  const customerId = Form.useWatch("customerId", form);
  const customer = useQuery({
    queryKey: customerKey(customerId ?? 0),
    queryFn: () => apiGet<Customer>(`/api/customers/${customerId}`),
    enabled: Boolean(customerId),
  });
  const contacts = customerId ? (customer.data?.contacts ?? []) : [];

  // Propose the contact whose address the reply came from, once the customer's contacts are in.
  useEffect(() => {
    if (!customerId || !customer.data) return;
    const sender = bareAddress(reply.from);
    const match = customer.data.contacts.find((k) => k.emails.some((e) => e.trim().toLowerCase() === sender));
    form.setFieldValue("contactId", match?.id ?? null);
  }, [customerId, customer.data, reply.from, form]);

  const onFinish = (v: Values) =>
    assign.mutate(
      { id: reply.id, customerId: v.customerId, contactId: v.contactId ?? null },
      {
        onSuccess: () => {
          message.success(t("unmatched.assigned"));
          onClose();
        },
      },
    );

  return (
    <Modal
      open
      title={t("unmatched.assignTitle")}
      okText={t("unmatched.assignOk")}
      okButtonProps={{ loading: assign.isPending, htmlType: "submit", form: "assign-reply-form" }}
      cancelText={t("common.cancel")}
      onCancel={onClose}
      destroyOnHidden
      maskClosable={!assign.isPending}
    >
      <Typography.Paragraph type="secondary">
        {t("unmatched.assignFrom", { from: reply.from, subject: reply.subject ?? t("unmatched.noSubject") })}
      </Typography.Paragraph>
      <Alert type="info" showIcon className="block-gap" message={t("unmatched.assignEffect")} />
      <Form
        id="assign-reply-form"
        form={form}
        layout="vertical"
        requiredMark={false}
        disabled={assign.isPending}
        onFinish={onFinish}
        onValuesChange={() => assign.reset()}
      >
        <Form.Item
          name="customerId"
          label={t("unmatched.customer")}
          rules={[{ required: true, message: t("unmatched.customerRequired") }]}
        >
          <Select<number>
            showSearch
            autoFocus
            placeholder={t("nav.search")}
            filterOption={false}
            onSearch={setText}
            searchValue={text}
            loading={found.isFetching}
            notFoundContent={q ? t("unmatched.noCustomer") : null}
            options={(q ? (found.data ?? []) : []).map((c) => ({ value: c.id, label: `${c.code}  ${c.name}` }))}
            onChange={() => form.setFieldValue("contactId", null)}
            data-testid="assign-customer"
          />
        </Form.Item>
        <Form.Item name="contactId" label={t("unmatched.contact")} extra={t("unmatched.contactHelp")}>
          <Select<number | null>
            allowClear
            disabled={!customerId}
            loading={Boolean(customerId) && customer.isPending}
            placeholder={t("unmatched.noContact")}
            options={contacts.map((k) => ({
              value: k.id,
              label: k.emails.length ? `${k.name} · ${k.emails[0]}` : k.name,
            }))}
          />
        </Form.Item>
      </Form>
      {assign.error && (
        <Alert type="error" showIcon message={t("unmatched.failed")} description={assign.error.message} />
      )}
    </Modal>
  );
}
