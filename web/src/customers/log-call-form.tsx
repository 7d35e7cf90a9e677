// Log a contact in five fields. Outbound calls and visits pass the contact gate: a block is shown with the rule,
// a warning asks for the reason to go ahead, and an excuse brings back the library's suggested reply. A promise to
// pay asks for the amount and the date, and is recorded with the contact it was made in.
import { Alert, App, Button, Card, Col, DatePicker, Form, Input, Row, Select, Space } from "antd";
import type { Dayjs } from "dayjs";
import dayjs from "dayjs";
import { useState } from "react";
import { EXCUSES, OUTCOMES } from "../../../src/collection/collection.enums.ts";
import {
  CHANNELS,
  type Channel,
  type Customer,
  type Excuse,
  type InteractionInput,
  type LoggedInteraction,
  type Outcome,
  type Task,
} from "../api/types.ts";
import { useI18n } from "../i18n/i18n-provider.tsx";
import { currencyDigits, formatMinor, toMinor } from "../money/format-money.ts";
import { useLogInteraction } from "./use-customer.ts";

type Fields = {
  channel: Channel;
  contactId?: number;
  outcome: Outcome;
  excuse?: Excuse;
  note?: string;
  promiseAmount?: string;
  promiseDate?: Dayjs;
};
type PromiseFields = { amount: string; date: string; currency?: string };
const DECIMAL = /^\d{1,15}(\.\d{1,3})?$/;
type Props = { customer: Customer; task: Task | null; onTaskDone: () => void };

/**
 * The promise as the timeline shows it: "CNY 1,000.50". The server echoes the amount as it was typed ("1000.5"), so it
 * is padded to the currency's decimals through minor units, never through a float.
 */
export function promiseMoney(p: { amount: string; currency: string }): string {
  const digits = currencyDigits(p.currency);
  return `${p.currency} ${formatMinor(toMinor(p.amount, digits), digits)}`;
}

export function LogCallForm({ customer, task, onTaskDone }: Props) {
  const { t, labels, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Fields>();
  const log = useLogInteraction(customer.id);
  const outcome = Form.useWatch("outcome", form);
  // The promise is in the currency the customer owes in (the first balance), else the company's (server default).
  const currency = customer.balances[0]?.currency;
  const [warned, setWarned] = useState<InteractionInput | null>(null);
  const [overrideReason, setOverrideReason] = useState("");
  const [reply, setReply] = useState<LoggedInteraction["suggestedReply"]>(null);

  // The call and its promise are one request: both are saved or neither.
  const send = (input: InteractionInput) => {
    setReply(null);
    log.mutate(input, {
      onSuccess: (r) => {
        if (r.promise) {
          message.success(t("logCall.promiseSaved", { amount: promiseMoney(r.promise), date: r.promise.date }));
        } else message.success(t("logCall.saved"));
        setReply(r.suggestedReply);
        setWarned(null);
        setOverrideReason("");
        form.resetFields(["outcome", "excuse", "note", "promiseAmount", "promiseDate"]);
        if (input.taskId) onTaskDone();
      },
      onError: (e) => setWarned(e.status === 422 ? input : null),
    });
  };
  const promiseOf = (f: Fields): PromiseFields | null =>
    f.outcome === "promise_to_pay" && f.promiseAmount && f.promiseDate
      ? { amount: f.promiseAmount.trim(), date: f.promiseDate.format("YYYY-MM-DD"), ...(currency ? { currency } : {}) }
      : null;
  const onFinish = (f: Fields) =>
    send({
      channel: f.channel,
      direction: "outbound",
      outcome: f.outcome,
      contactId: f.contactId ?? null,
      excuse: f.excuse ?? null,
      note: f.note?.trim() || null,
      taskId: task?.id ?? null,
      promise: promiseOf(f),
    });

  const error = log.error;
  return (
    <Card title={t("logCall.title")}>
      {task && (
        <Alert
          type="info"
          showIcon
          className="block-gap"
          message={t("logCall.forTask", { action: labels.action(task.action) })}
        />
      )}
      <Form<Fields>
        form={form}
        layout="vertical"
        requiredMark={false}
        disabled={log.isPending}
        initialValues={{ channel: "call", contactId: task?.contactId ?? customer.contacts[0]?.id }}
        onFinish={onFinish}
        onValuesChange={() => setWarned(null)}
      >
        <Row gutter={12}>
          <Col span={9}>
            <Form.Item name="channel" label={t("logCall.channel")}>
              <Select options={CHANNELS.map((c) => ({ value: c, label: labels.channel(c) }))} />
            </Form.Item>
          </Col>
          <Col span={15}>
            <Form.Item name="contactId" label={t("logCall.contact")}>
              <Select
                allowClear
                options={customer.contacts.map((k) => ({
                  value: k.id,
                  label: `${k.name} · ${labels.contactRole(k.role)}`,
                }))}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="outcome"
          label={t("logCall.outcome")}
          rules={[{ required: true, message: t("logCall.outcomeRequired") }]}
        >
          <Select
            options={OUTCOMES.filter((o) => o !== "replied").map((o) => ({ value: o, label: labels.outcome(o) }))}
          />
        </Form.Item>
        {outcome === "promise_to_pay" && (
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item
                name="promiseAmount"
                label={currency ? `${t("logCall.promiseAmount")} (${currency})` : t("logCall.promiseAmount")}
                rules={[
                  { required: true, message: t("logCall.promiseAmountRequired") },
                  { pattern: DECIMAL, message: t("logCall.promiseAmountRequired") },
                ]}
              >
                <Input inputMode="decimal" placeholder="10000.00" data-testid="promise-amount" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item
                name="promiseDate"
                label={t("logCall.promiseDate")}
                rules={[{ required: true, message: t("logCall.promiseDateRequired") }]}
              >
                <DatePicker
                  style={{ width: "100%" }}
                  disabledDate={(d) => d.isBefore(dayjs().startOf("day"))}
                  data-testid="promise-date"
                />
              </Form.Item>
            </Col>
          </Row>
        )}
        <Form.Item name="excuse" label={t("logCall.excuse")}>
          <Select allowClear options={EXCUSES.map((x) => ({ value: x, label: labels.excuse(x) }))} />
        </Form.Item>
        <Form.Item name="note" label={t("logCall.note")}>
          <Input.TextArea rows={2} maxLength={4000} placeholder={t("logCall.notePlaceholder")} />
        </Form.Item>
        {error && !warned && (
          <Alert
            type="error"
            showIcon
            className="block-gap"
            message={error.status === 409 ? t("logCall.blocked") : t("logCall.failed")}
            description={error.message}
          />
        )}
        {warned && error && (
          <Alert
            type="warning"
            showIcon
            className="block-gap"
            message={t("logCall.warned")}
            description={
              <Space direction="vertical" style={{ width: "100%" }}>
                <span>{error.message}</span>
                <Input
                  placeholder={t("logCall.overrideReason")}
                  value={overrideReason}
                  onChange={(e) => setOverrideReason(e.target.value)}
                />
                <Button
                  disabled={!overrideReason.trim()}
                  onClick={() => send({ ...warned, overrideReason: overrideReason.trim() })}
                >
                  {t("logCall.override")}
                </Button>
              </Space>
            }
          />
        )}
        <Button type="primary" htmlType="submit" loading={log.isPending} data-testid="log-submit">
          {t("logCall.submit")}
        </Button>
      </Form>
      {reply && (
        <Alert
          type="success"
          showIcon
          className="reply"
          message={t("logCall.reply")}
          description={lang === "en" ? reply.en : reply.zh}
        />
      )}
    </Card>
  );
}
