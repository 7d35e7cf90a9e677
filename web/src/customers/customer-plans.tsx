// The customer's payment plans (还款计划) on its 360 page: total, paid and open, the printable agreement, and whether
// its signed copy came back; attaching the signed copy marks the plan signed (the server records when and by whom).
// Collectors, managers and admins agree a new plan here (not finance).
import { CheckCircleFilled, FilePdfOutlined, PlusOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { Button, Card, Empty, List, Space, Tag, Typography } from "antd";
import { useState } from "react";
import type { Customer, User } from "../api/types.ts";
import { AttachmentList } from "../attachments/attachment-list.tsx";
import { useI18n } from "../i18n/i18n-provider.tsx";
import { formatMoney } from "../money/format-money.ts";
import { mayAgreePlan, NewPlanModal } from "./new-plan-modal.tsx";
import { customerKey } from "./use-customer.ts";

export function CustomerPlans({ customer, user }: { customer: Customer; user: User }) {
  const { t, labels } = useI18n();
  const client = useQueryClient();
  const [creating, setCreating] = useState(false);
  const plans = customer.plans ?? [];
  return (
    <Card
      title={t("plans.title")}
      data-testid="customer-plans"
      extra={
        mayAgreePlan(user.role) && (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-plan">
            {t("newPlan.button")}
          </Button>
        )
      }
    >
      {creating && <NewPlanModal customer={customer} onClose={() => setCreating(false)} />}
      {plans.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("plans.empty")} />
      ) : (
        <List
          size="small"
          dataSource={plans}
          renderItem={(p) => (
            <List.Item>
              <Space direction="vertical" size={4} style={{ width: "100%" }}>
                <Space wrap size={8}>
                  <Typography.Text strong>
                    {t("plans.plan", { id: p.id, total: formatMoney(p.total, p.currency) })}
                  </Typography.Text>
                  <Tag bordered={false}>{labels.status(p.status)}</Tag>
                  <Typography.Text type="secondary" className="small">
                    {t("plans.created", { date: p.createdOn })}
                  </Typography.Text>
                  <a href={`/api/plans/${p.id}/agreement.pdf`} target="_blank" rel="noreferrer" className="small">
                    <FilePdfOutlined /> {t("plans.agreement")}
                  </a>
                </Space>
                {p.signedAt ? (
                  <Tag color="green" icon={<CheckCircleFilled />} bordered={false} data-testid="plan-signed">
                    {t("plans.signed", { date: p.signedAt.slice(0, 10), login: p.signedBy ?? "" })}
                  </Tag>
                ) : (
                  <Typography.Text type="warning" className="small">
                    {t("plans.unsigned")}
                  </Typography.Text>
                )}
                <AttachmentList
                  owner="plans"
                  id={p.id}
                  uploadLabel={t("attachments.uploadSigned")}
                  onChange={() => void client.invalidateQueries({ queryKey: customerKey(customer.id) })}
                />
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
