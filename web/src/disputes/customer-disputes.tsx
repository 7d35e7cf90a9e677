// The customer's disputes on its 360 page, newest first, each with its attachments (photos, delivery notes), and the
// button that opens a new one (not for finance).
import { FlagFilled, PlusOutlined } from "@ant-design/icons";
import { Button, Card, Empty, List, Result, Skeleton, Tag, Typography } from "antd";
import { useState } from "react";
import type { Customer, DisputeStatus } from "../api/types.ts";
import { AttachmentList } from "../attachments/attachment-list.tsx";
import { useMe } from "../auth/use-session.ts";
import { useInvoices } from "../customers/use-customer.ts";
import { useI18n } from "../i18n/i18n-provider.tsx";
import { formatMoney } from "../money/format-money.ts";
import { OpenDisputeModal } from "./open-dispute-modal.tsx";
import { useCustomerDisputes } from "./use-disputes.ts";

const STATUS_COLORS: Record<DisputeStatus, string> = {
  open: "orange",
  investigating: "blue",
  resolved: "green",
  rejected: "default",
};

export function CustomerDisputes({ customer }: { customer: Customer }) {
  const { t, labels } = useI18n();
  // Finance reads disputes but records none (the server refuses it too).
  const mayOpen = useMe().data?.role !== "finance";
  const disputes = useCustomerDisputes(customer.id);
  const invoices = useInvoices(customer.id, "open");
  const [opening, setOpening] = useState(false);
  return (
    <Card
      title={t("disputes.customerTitle")}
      extra={
        mayOpen && (
          <Button
            size="small"
            icon={<PlusOutlined />}
            onClick={() => setOpening(true)}
            disabled={!invoices.data}
            data-testid="open-dispute"
          >
            {t("disputes.open")}
          </Button>
        )
      }
    >
      {disputes.isError ? (
        <Result status="warning" title={t("common.loadFailed", { message: disputes.error.message })} />
      ) : !disputes.data ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : disputes.data.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("disputes.customerEmpty")} />
      ) : (
        <List
          size="small"
          dataSource={disputes.data}
          data-testid="customer-disputes"
          renderItem={(d) => (
            <List.Item>
              <div className="customer-dispute">
                <div className="customer-dispute__head">
                  <Typography.Text strong>{t("disputes.invoice", { number: d.invoiceNumber })}</Typography.Text>
                  <Tag color={STATUS_COLORS[d.status]} bordered={false}>
                    {labels.disputeStatus(d.status)}
                  </Tag>
                  {d.escalated && (
                    <Tag color="red" icon={<FlagFilled />} bordered={false}>
                      {t("disputes.escalated")}
                    </Tag>
                  )}
                </div>
                <div className="small">
                  <span className="amount">{formatMoney(d.amount, d.currency)}</span> ·{" "}
                  {labels.disputeCategory(d.category)} · {d.openedOn}
                  {d.resolution && ` · ${labels.disputeResolution(d.resolution)}`}
                </div>
                <Typography.Paragraph type="secondary" className="small" ellipsis={{ rows: 2 }} style={{ margin: 0 }}>
                  {d.description}
                </Typography.Paragraph>
                <AttachmentList owner="disputes" id={d.id} />
              </div>
            </List.Item>
          )}
        />
      )}
      {opening && invoices.data && (
        <OpenDisputeModal
          customerId={customer.id}
          customerName={customer.name}
          invoices={invoices.data}
          onClose={() => setOpening(false)}
        />
      )}
    </Card>
  );
}
