// Statements of account (对账单) the customer signed and returned: the button that records one (the day signed, the
// balance confirmed, who signed) and the list, each with its scanned slip. A confirmation restarts the limitation
// clock of the invoices open that day (the server decides which).
import { PlusOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, DatePicker, Empty, Form, Input, List, Modal, Space, Typography } from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { type ApiError, apiGet, apiPost } from "../api/client.ts";
import type { Customer } from "../api/types.ts";
import { AttachmentList } from "../attachments/attachment-list.tsx";
import { useMe } from "../auth/use-session.ts";
import { useI18n } from "../i18n/i18n-provider.tsx";
import { formatMoney } from "../money/format-money.ts";
import { customerKey } from "./use-customer.ts";

type Confirmation = {
  id: number;
  confirmedOn: string;
  currency: string;
  confirmedBalance: string;
  ledgerBalance: string;
  difference: string;
  signedBy: string;
  note: string | null;
  invoiceIds: number[];
};
type FormValues = { confirmedOn: Dayjs; confirmedBalance: string; currency?: string; signedBy: string; note?: string };

export function StatementConfirmations({ customer }: { customer: Customer }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const mayRecord = useMe().data?.role !== "finance";
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<FormValues>();
  const key = ["statement-confirmations", customer.id];
  const list = useQuery({
    queryKey: key,
    queryFn: () => apiGet<Confirmation[]>(`/api/customers/${customer.id}/statement-confirmations`),
  });
  const record = useMutation<Confirmation, ApiError, FormValues>({
    mutationFn: (v) =>
      apiPost<Confirmation>(`/api/customers/${customer.id}/statement-confirmations`, {
        confirmedOn: v.confirmedOn.format("YYYY-MM-DD"),
        confirmedBalance: v.confirmedBalance.trim(),
        ...(v.currency?.trim() ? { currency: v.currency.trim().toUpperCase() } : {}),
        signedBy: v.signedBy.trim(),
        note: v.note?.trim() || null,
      }),
    onSuccess: (c) => {
      message.success(t("statements.saved", { count: c.invoiceIds.length }));
      setOpen(false);
      form.resetFields();
      void client.invalidateQueries({ queryKey: key });
      void client.invalidateQueries({ queryKey: customerKey(customer.id) });
    },
    onError: (e) => message.error(t("statements.failed", { message: e.message })),
  });
  const required = [{ required: true, message: t("statements.required") }];
  return (
    <Card
      title={t("statements.title")}
      data-testid="statement-confirmations"
      extra={
        mayRecord && (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="record-confirmation">
            {t("statements.record")}
          </Button>
        )
      }
    >
      {(list.data ?? []).length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("statements.empty")} />
      ) : (
        <List
          size="small"
          dataSource={list.data}
          renderItem={(c) => (
            <List.Item>
              <Space direction="vertical" size={2} style={{ width: "100%" }}>
                <Typography.Text>
                  {t("statements.line", {
                    date: c.confirmedOn,
                    balance: formatMoney(c.confirmedBalance, c.currency),
                    signedBy: c.signedBy,
                  })}
                </Typography.Text>
                {c.difference !== "0" && (
                  <Typography.Text type="warning" className="small">
                    {t("statements.difference", {
                      ledger: formatMoney(c.ledgerBalance, c.currency),
                      difference: formatMoney(c.difference, c.currency),
                    })}
                  </Typography.Text>
                )}
                <AttachmentList owner="statement-confirmations" id={c.id} />
              </Space>
            </List.Item>
          )}
        />
      )}
      <Modal
        open={open}
        title={t("statements.record")}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okText={t("common.save")}
        cancelText={t("common.cancel")}
        confirmLoading={record.isPending}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary" className="small">
          {t("statements.help")}
        </Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={(v) => record.mutate(v)}>
          <Form.Item name="confirmedOn" label={t("statements.confirmedOn")} rules={required}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="confirmedBalance" label={t("statements.balance")} rules={required}>
            <Input inputMode="decimal" placeholder="12500.00" />
          </Form.Item>
          <Form.Item name="currency" label={t("statements.currency")}>
            <Input maxLength={3} placeholder={customer.balances[0]?.currency ?? "CNY"} />
          </Form.Item>
          <Form.Item name="signedBy" label={t("statements.signedBy")} rules={required}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="note" label={t("statements.note")}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
