// Agree a payment plan (还款计划) from the customer's page: the total (the overdue amount by default, in its currency),
// an optional down payment, then the rest in equal installments every so many days from a first date, the last one
// taking the rounding remainder; the invoices it covers and the terms agreed with it. The installments are shown
// before sending and sent as listed, as exact decimal text, so the plan agreed is the one on the screen.
import { Alert, App, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Select, Table, Typography } from "antd";
import type { Dayjs } from "dayjs";
import dayjs from "dayjs";
import { useMemo } from "react";
import type { Balance, Customer, NewPlan, UserRole } from "../api/types.ts";
import { focusFirstField } from "../disputes/focus-first-field.ts";
import { useCustomerDisputes } from "../disputes/use-disputes.ts";
import { useI18n } from "../i18n/i18n-provider.tsx";
import type { MessageKey } from "../i18n/messages.ts";
import { currencyDigits, decimalDigits, formatMoney, toMinor } from "../money/format-money.ts";
import {
  MAX_INSTALLMENTS,
  MAX_INTERVAL_DAYS,
  minorToDecimal,
  PLAIN_DECIMAL,
  type PlanPreviewProblem,
  planPreview,
} from "./plan-preview.ts";
import { useCreatePlan, useInvoices } from "./use-customer.ts";

/** Who may agree a plan (the route's guard in src/workspace/workspace.routes.ts): not finance. */
export const mayAgreePlan = (role: UserRole | undefined): boolean =>
  role === "admin" || role === "manager" || role === "collector";

type Fields = {
  currency?: string;
  total: string;
  downPayment?: string;
  count: number;
  firstDate: Dayjs;
  intervalDays: number;
  invoiceIds?: number[];
  terms?: string;
};

const PROBLEMS: Record<PlanPreviewProblem, MessageKey> = {
  totalInvalid: "newPlan.problem.totalInvalid",
  downInvalid: "newPlan.problem.downInvalid",
  tooManyDigits: "newPlan.problem.tooManyDigits",
  totalZero: "newPlan.problem.totalZero",
  downTooLarge: "newPlan.problem.downTooLarge",
  countInvalid: "newPlan.problem.countInvalid",
  intervalInvalid: "newPlan.problem.intervalInvalid",
  dateInvalid: "newPlan.problem.dateInvalid",
  tooSmall: "newPlan.problem.tooSmall",
};

/** What is overdue in one currency (open less not yet due), as plain decimal text. */
export function overdueDecimal(balance: Balance): string {
  const digits = decimalDigits(balance.open);
  return minorToDecimal(toMinor(balance.open, digits) - toMinor(balance.buckets.current, digits), digits);
}

/** The currency a plan is in by default: the first one with something overdue, else the first balance's. */
function defaultBalance(balances: Balance[]): Balance | undefined {
  return balances.find((b) => toMinor(overdueDecimal(b), decimalDigits(b.open)) > 0n) ?? balances[0];
}

const totalOf = (b: Balance | undefined): string => {
  if (!b) return "";
  const overdue = overdueDecimal(b);
  return toMinor(overdue, decimalDigits(b.open)) > 0n ? overdue : b.open;
};

export function NewPlanModal({ customer, onClose }: { customer: Customer; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Fields>();
  const create = useCreatePlan(customer.id);
  const invoices = useInvoices(customer.id, "open");
  // A plan never covers a disputed amount: invoices marked disputed or under an open dispute are left out of the
  // choice (the server refuses them too, with their numbers).
  const disputes = useCustomerDisputes(customer.id);
  const disputed = useInvoices(customer.id, "disputed");
  const first = defaultBalance(customer.balances);
  const values = Form.useWatch([], form) as Partial<Fields> | undefined;
  // Without a balance the server takes the customer's (or the company's) currency; amounts then have 2 decimals.
  const currency = values?.currency ?? first?.currency;
  const digits = currency ? currencyDigits(currency) : 2;

  const preview = useMemo(
    () =>
      values?.total && values.firstDate && values.count && values.intervalDays
        ? planPreview({
            total: values.total,
            downPayment: values.downPayment,
            count: values.count,
            firstDate: values.firstDate.format("YYYY-MM-DD"),
            intervalDays: values.intervalDays,
            digits,
          })
        : null,
    [values, digits],
  );
  const money = (decimal: string) => (currency ? formatMoney(decimal, currency) : decimal);

  const onFinish = (f: Fields) => {
    if (!preview?.ok) return;
    const body: NewPlan = {
      total: preview.total,
      ...(f.downPayment?.trim() ? { downPayment: preview.downPayment } : {}),
      ...(currency ? { currency } : {}),
      installments: preview.installments,
      ...(f.invoiceIds?.length ? { invoiceIds: f.invoiceIds } : {}),
      ...(f.terms?.trim() ? { terms: f.terms.trim() } : {}),
    };
    create.mutate(body, {
      onSuccess: (plan) => {
        message.success(
          t("newPlan.saved", {
            id: plan.id,
            total: formatMoney(plan.total, plan.currency),
            count: plan.installments.length,
          }),
        );
        onClose();
      },
    });
  };

  const held = new Set([
    ...(disputes.data ?? []).filter((d) => d.status === "open" || d.status === "investigating").map((d) => d.invoiceId),
    ...(disputed.data ?? []).map((i) => i.id),
  ]);
  const coverable = (invoices.data ?? []).filter((i) => (!currency || i.currency === currency) && !held.has(i.id));
  return (
    <Modal
      open
      width={640}
      title={t("newPlan.title", { customer: customer.name })}
      okText={t("newPlan.submit")}
      okButtonProps={{
        loading: create.isPending,
        htmlType: "submit",
        form: "new-plan",
        disabled: !preview?.ok,
      }}
      cancelText={t("common.cancel")}
      onCancel={onClose}
      destroyOnHidden
      maskClosable={!create.isPending}
      afterOpenChange={(opened) => opened && focusFirstField("new-plan")}
    >
      <Form<Fields>
        id="new-plan"
        form={form}
        layout="vertical"
        requiredMark={false}
        disabled={create.isPending}
        initialValues={{
          currency: first?.currency,
          total: totalOf(first),
          count: 3,
          firstDate: dayjs().add(7, "day"),
          intervalDays: 30,
        }}
        onFinish={onFinish}
        onValuesChange={(changed: Partial<Fields>) => {
          create.reset();
          if (changed.currency) {
            form.setFieldsValue({
              total: totalOf(customer.balances.find((b) => b.currency === changed.currency)),
              invoiceIds: [],
            });
          }
        }}
      >
        <Row gutter={12}>
          {customer.balances.length > 1 && (
            <Col span={6}>
              <Form.Item name="currency" label={t("newPlan.currency")}>
                <Select options={customer.balances.map((b) => ({ value: b.currency, label: b.currency }))} />
              </Form.Item>
            </Col>
          )}
          <Col span={customer.balances.length > 1 ? 9 : 12}>
            <Form.Item
              name="total"
              label={currency ? `${t("newPlan.total")} (${currency})` : t("newPlan.total")}
              extra={first ? t("newPlan.totalHint") : undefined}
              rules={[
                { required: true, whitespace: true, message: t("newPlan.totalRequired") },
                { pattern: PLAIN_DECIMAL, message: t("newPlan.problem.totalInvalid") },
              ]}
            >
              <Input inputMode="decimal" data-testid="plan-total" />
            </Form.Item>
          </Col>
          <Col span={customer.balances.length > 1 ? 9 : 12}>
            <Form.Item
              name="downPayment"
              label={t("newPlan.downPayment")}
              extra={t("newPlan.downPaymentHint")}
              rules={[{ pattern: PLAIN_DECIMAL, message: t("newPlan.problem.downInvalid") }]}
            >
              <Input inputMode="decimal" placeholder="0" data-testid="plan-down" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item
              name="count"
              label={t("newPlan.count")}
              rules={[{ required: true, message: t("newPlan.problem.countInvalid") }]}
            >
              <InputNumber
                min={1}
                max={MAX_INSTALLMENTS}
                precision={0}
                style={{ width: "100%" }}
                data-testid="plan-count"
              />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name="firstDate"
              label={t("newPlan.firstDate")}
              rules={[{ required: true, message: t("newPlan.firstDateRequired") }]}
            >
              <DatePicker
                style={{ width: "100%" }}
                allowClear={false}
                disabledDate={(d) => d.isBefore(dayjs(), "day")}
                data-testid="plan-first-date"
              />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name="intervalDays"
              label={t("newPlan.intervalDays")}
              rules={[{ required: true, message: t("newPlan.problem.intervalInvalid") }]}
            >
              <InputNumber
                min={1}
                max={MAX_INTERVAL_DAYS}
                precision={0}
                style={{ width: "100%" }}
                data-testid="plan-interval"
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="invoiceIds" label={t("newPlan.invoices")} extra={t("newPlan.invoicesHint")}>
          <Select
            mode="multiple"
            allowClear
            optionFilterProp="label"
            loading={invoices.isPending || disputes.isPending || disputed.isPending}
            data-testid="plan-invoices"
            options={coverable.map((i) => ({
              value: i.id,
              label: `${i.number} · ${formatMoney(i.open, i.currency)}`,
            }))}
          />
        </Form.Item>
        <Form.Item name="terms" label={t("newPlan.terms")}>
          <Input.TextArea rows={2} maxLength={4000} placeholder={t("newPlan.termsPlaceholder")} />
        </Form.Item>
      </Form>
      <div className="plan-preview" data-testid="plan-preview">
        <div className="label">{t("newPlan.preview")}</div>
        {!preview ? (
          <Typography.Text type="secondary">{t("newPlan.previewEmpty")}</Typography.Text>
        ) : !preview.ok ? (
          <Alert type="warning" showIcon message={t(PROBLEMS[preview.problem])} />
        ) : (
          <Table
            size="small"
            pagination={false}
            scroll={{ y: 240 }}
            rowKey="key"
            dataSource={[
              ...(toMinor(preview.downPayment, digits) > 0n
                ? [{ key: "down", label: t("newPlan.downRow"), date: t("newPlan.today"), amount: preview.downPayment }]
                : []),
              ...preview.installments.map((i, n) => ({
                key: String(n),
                label: t("newPlan.installmentRow", { n: n + 1 }),
                date: i.date,
                amount: i.amount,
              })),
            ]}
            columns={[
              { title: "", dataIndex: "label" },
              { title: t("newPlan.date"), dataIndex: "date" },
              {
                title: t("newPlan.amount"),
                dataIndex: "amount",
                align: "right",
                className: "amount",
                render: (a: string) => money(a),
              },
            ]}
            summary={() => (
              <Table.Summary fixed>
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0}>{t("newPlan.sum")}</Table.Summary.Cell>
                  <Table.Summary.Cell index={1} />
                  <Table.Summary.Cell index={2} align="right" className="amount">
                    <strong>{money(preview.total)}</strong>
                  </Table.Summary.Cell>
                </Table.Summary.Row>
              </Table.Summary>
            )}
          />
        )}
      </div>
      {create.error && <Alert type="error" showIcon message={t("newPlan.failed")} description={create.error.message} />}
    </Modal>
  );
}
