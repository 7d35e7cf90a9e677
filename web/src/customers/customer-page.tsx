// Customer 360: who they are, what they owe and how old it is, why they are late, whom to call, the invoices, the
// story so far, the form to log today's contact, the disputes (with the form to open one), e-mail replies that
// paused reminders, installment proposals and portal links; the statement of account to print or e-mail.
import { ArrowLeftOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { Button, Col, Result, Row, Skeleton } from "antd";
import { Link, useLocation, useParams, useSearchParams } from "react-router";
import { isApiError } from "../api/client.ts";
import type { Task, User } from "../api/types.ts";
import { CustomerDisputes } from "../disputes/customer-disputes.tsx";
import { useI18n } from "../i18n/i18n-provider.tsx";
import { worklistKey } from "../worklist/use-worklist.ts";
import { AgingBuckets } from "./aging-buckets.tsx";
import { BalanceCard } from "./balance-card.tsx";
import { CauseCard } from "./cause-card.tsx";
import { ContactList } from "./contact-list.tsx";
import { CustomerHeader } from "./customer-header.tsx";
import { CustomerPlans } from "./customer-plans.tsx";
import { CustomerReplies } from "./customer-replies.tsx";
import { CustomerTimeline } from "./customer-timeline.tsx";
import { mayEditCustomer } from "./edit-customer-modal.tsx";
import { InstallmentProposals } from "./installment-proposals.tsx";
import { InvoiceTable } from "./invoice-table.tsx";
import { LogCallForm } from "./log-call-form.tsx";
import { PortalLinks } from "./portal-links.tsx";
import { StatementActions } from "./statement-actions.tsx";
import { StatementConfirmations } from "./statement-confirmations.tsx";
import { useCustomer, useInvoices, useTimeline } from "./use-customer.ts";

export function CustomerPage({ user }: { user: User }) {
  const { t } = useI18n();
  // Opened from the customers list: back goes to it, with its search and filters.
  const from = (useLocation().state as { from?: string } | null)?.from;
  const id = Number(useParams().id);
  const [params, setParams] = useSearchParams();
  const taskId = Number(params.get("task")) || null;
  // Opened from the worklist: the task comes from its cache (it is done when the contact is logged).
  const task =
    useQueryClient()
      .getQueriesData<Task[]>({ queryKey: worklistKey.slice(0, 1) })
      .flatMap(([, tasks]) => tasks ?? [])
      .find((x) => x.id === taskId && x.customerId === id) ?? null;
  const customer = useCustomer(id);
  // The open invoices and the timeline load beside the customer rather than after it (the cards reuse them).
  useInvoices(id, "open");
  useTimeline(id);

  const back = (
    <Link to={from ?? "/"} className="back-link">
      <ArrowLeftOutlined /> {from ? t("customers.backToList") : t("customer.back")}
    </Link>
  );
  if (customer.isPending) {
    return (
      <div className="page">
        {back}
        <Skeleton active paragraph={{ rows: 12 }} />
      </div>
    );
  }
  if (customer.isError) {
    const missing = isApiError(customer.error) && customer.error.status === 404;
    return (
      <Result
        status={missing ? "404" : "error"}
        title={missing ? t("customer.notFound") : t("common.loadFailed", { message: customer.error.message })}
        extra={
          <Link to="/">
            <Button>{t("customer.back")}</Button>
          </Link>
        }
      />
    );
  }
  const c = customer.data;
  return (
    <div className="page">
      {back}
      <div
        style={{
          display: "flex",
          flexWrap: "wrap",
          alignItems: "flex-start",
          justifyContent: "space-between",
          gap: 16,
        }}
      >
        {/* On a phone the statement buttons go below the name rather than squeezing it to a character a line. */}
        <div style={{ flex: "1 1 280px", minWidth: 0 }}>
          <CustomerHeader customer={c} user={user} />
        </div>
        <StatementActions customer={c} user={user} />
      </div>
      <CustomerReplies customerId={c.id} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={8}>
          <BalanceCard balances={c.balances} asOf={c.asOf} />
        </Col>
        <Col xs={24} lg={8}>
          <CauseCard state={c.collection} customer={c} user={user} />
        </Col>
        <Col xs={24} lg={8}>
          <AgingBuckets balances={c.balances} />
        </Col>
        <Col xs={24} xl={16}>
          <Row gutter={[16, 16]}>
            <Col span={24}>
              <InvoiceTable customerId={c.id} />
            </Col>
            <Col span={24}>
              <CustomerTimeline customerId={c.id} />
            </Col>
          </Row>
        </Col>
        <Col xs={24} xl={8}>
          <Row gutter={[16, 16]}>
            <Col span={24}>
              <LogCallForm customer={c} task={task} onTaskDone={() => setParams({}, { replace: true })} />
            </Col>
            <Col span={24}>
              <ContactList customerId={c.id} contacts={c.contacts} editable={mayEditCustomer(user)} />
            </Col>
            <Col span={24}>
              <CustomerDisputes customer={c} />
            </Col>
            <Col span={24}>
              <CustomerPlans customer={c} user={user} />
            </Col>
            <Col span={24}>
              <StatementConfirmations customer={c} />
            </Col>
            <Col span={24}>
              <InstallmentProposals customerId={c.id} />
            </Col>
            <Col span={24}>
              <PortalLinks customer={c} />
            </Col>
          </Row>
        </Col>
      </Row>
    </div>
  );
}
