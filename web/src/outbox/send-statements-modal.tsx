// The statement run from the outbox: every customer of the user's with something overdue gets its statement of
// account (as of the date chosen, today by default) as a PDF on the cover e-mail. The answer says how many were
// queued, how many had been queued for that date already (a run is once per customer and date), and which
// customers were refused and why (no e-mail address, do-not-contact...), in the user's language.
import { Alert, Button, DatePicker, Form, Modal, Statistic, Table, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { Link } from "react-router";
import { useI18n } from "../i18n/i18n-provider.tsx";
import { refusalText, type StatementRefusal, type StatementRun, useSendStatements } from "./use-outbox.ts";

export function SendStatementsModal({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const send = useSendStatements();
  const [asOf, setAsOf] = useState<Dayjs>(() => dayjs());
  const run = send.data;

  const submit = () => {
    // Today is left to the server (the company's today), so a browser ahead of the company's zone is not refused.
    const day = asOf.format("YYYY-MM-DD");
    send.mutate(day === dayjs().format("YYYY-MM-DD") ? {} : { asOf: day });
  };

  return (
    <Modal
      open
      title={t("outbox.statements.title")}
      onCancel={onClose}
      width={run ? 720 : 480}
      destroyOnHidden
      footer={
        run
          ? [
              <Button key="close" type="primary" onClick={onClose} data-testid="send-statements-close">
                {t("outbox.statements.close")}
              </Button>,
            ]
          : [
              <Button key="cancel" onClick={onClose}>
                {t("common.cancel")}
              </Button>,
              <Button
                key="send"
                type="primary"
                loading={send.isPending}
                onClick={submit}
                data-testid="send-statements-submit"
              >
                {t("outbox.statements.send")}
              </Button>,
            ]
      }
    >
      {run ? (
        <RunResult run={run} />
      ) : (
        <Form layout="vertical" component="div">
          <Typography.Paragraph type="secondary">{t("outbox.statements.explain")}</Typography.Paragraph>
          <Form.Item
            label={t("outbox.statements.asOf")}
            htmlFor="send-statements-as-of"
            extra={t("outbox.statements.asOfHelp")}
          >
            <DatePicker
              id="send-statements-as-of"
              value={asOf}
              allowClear={false}
              onChange={(d) => d && setAsOf(d)}
              disabledDate={(d) => d.isAfter(dayjs().endOf("day"))}
              style={{ width: 200 }}
            />
          </Form.Item>
          {send.isError && (
            <Alert type="error" showIcon message={t("outbox.statements.failed", { message: send.error.message })} />
          )}
        </Form>
      )}
    </Modal>
  );
}

function RunResult({ run }: { run: StatementRun }) {
  const { t } = useI18n();
  const columns: ColumnsType<StatementRefusal> = [
    {
      title: t("outbox.col.customer"),
      key: "customer",
      width: 140,
      render: (_, r) =>
        r.customerId > 0 ? (
          <Link to={`/customers/${r.customerId}`}>{r.customerCode ?? `#${r.customerId}`}</Link>
        ) : (
          (r.customerCode ?? t("common.none"))
        ),
    },
    {
      title: t("outbox.statements.reason"),
      key: "reason",
      render: (_: unknown, r: StatementRefusal) => <span title={r.message}>{refusalText(t, r)}</span>,
    },
  ];
  return (
    <div data-testid="send-statements-result">
      <Typography.Paragraph>
        {run.customers === 0
          ? t("outbox.statements.nobody", { asOf: run.asOf })
          : t("outbox.statements.done", { asOf: run.asOf, customers: run.customers })}
      </Typography.Paragraph>
      <div className="stats" style={{ marginBottom: 16 }}>
        <Statistic title={t("outbox.statements.queued")} value={run.queued} data-testid="statements-queued" />
        <Statistic
          title={t("outbox.statements.alreadyQueued")}
          value={run.alreadyQueued}
          data-testid="statements-already-queued"
        />
        <Statistic
          title={t("outbox.statements.refused")}
          value={run.refused.length}
          valueStyle={run.refused.length ? { color: "#cf1322" } : undefined}
          data-testid="statements-refused"
        />
      </div>
      {run.refused.length > 0 && (
        <Table<StatementRefusal>
          rowKey={(r) => `${r.customerId}:${r.customerCode ?? ""}`}
          size="small"
          columns={columns}
          dataSource={run.refused}
          pagination={run.refused.length > 10 ? { pageSize: 10, size: "small" } : false}
          data-testid="statements-refused-table"
        />
      )}
    </div>
  );
}
