// Installment proposals the customer made on the portal: the collector approves (an offer of those terms; the plan
// is then made as usual) or declines. Shown only when there are any.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, List, Space, Tag, Typography } from "antd";
import { type ApiError, apiGet, apiPost } from "../api/client.ts";
import { useMe } from "../auth/use-session.ts";
import { useI18n } from "../i18n/i18n-provider.tsx";
import { formatMoney } from "../money/format-money.ts";

type Proposal = {
  id: number;
  currency: string;
  total: string;
  installments: { dueOn: string; amount: string }[];
  note: string | null;
  status: "proposed" | "approved" | "declined";
  decidedBy: string | null;
};

export function InstallmentProposals({ customerId }: { customerId: number }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const mayDecide = useMe().data?.role !== "finance";
  const key = ["installment-proposals", customerId];
  const proposals = useQuery({
    queryKey: key,
    queryFn: () => apiGet<Proposal[]>(`/api/installment-proposals?customerId=${customerId}`),
  });
  const decide = useMutation<Proposal, ApiError, { id: number; decision: "approved" | "declined" }>({
    mutationFn: ({ id, decision }) => apiPost<Proposal>(`/api/installment-proposals/${id}/decision`, { decision }),
    onSuccess: () => void client.invalidateQueries({ queryKey: key }),
    onError: (e) => message.error(t("portal.failed", { message: e.message })),
  });
  if (!proposals.data?.length) return null;
  return (
    <Card size="small" title={t("proposals.title")}>
      <List
        size="small"
        dataSource={proposals.data}
        renderItem={(p) => (
          <List.Item
            actions={
              mayDecide && p.status === "proposed"
                ? [
                    <Button
                      key="a"
                      size="small"
                      type="primary"
                      onClick={() => decide.mutate({ id: p.id, decision: "approved" })}
                    >
                      {t("proposals.approve")}
                    </Button>,
                    <Button key="d" size="small" onClick={() => decide.mutate({ id: p.id, decision: "declined" })}>
                      {t("proposals.decline")}
                    </Button>,
                  ]
                : []
            }
          >
            <Space direction="vertical" size={0}>
              <span>
                {t("proposals.line", {
                  total: formatMoney(p.total, p.currency),
                  count: p.installments.length,
                  first: p.installments[0]?.dueOn ?? "",
                })}
              </span>
              {p.note && <Typography.Text type="secondary">{p.note}</Typography.Text>}
              {p.status !== "proposed" && (
                <Tag color={p.status === "approved" ? "green" : "red"}>
                  {t("proposals.decided", {
                    status: t(`proposals.status.${p.status}` as const),
                    login: p.decidedBy ?? "",
                  })}
                </Tag>
              )}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
