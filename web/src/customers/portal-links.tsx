// The customer's portal links (each reminder and statement e-mail carries one): who each is for, until when, how
// often it was used, and the button that revokes it at once; a new link can be made by hand for a contact.
import { PlusOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, Empty, List, Modal, Popconfirm, Select, Space, Tag, Typography } from "antd";
import { useState } from "react";
import { type ApiError, apiGet, apiPost } from "../api/client.ts";
import type { Customer } from "../api/types.ts";
import { useMe } from "../auth/use-session.ts";
import { useI18n } from "../i18n/i18n-provider.tsx";

type PortalLink = {
  id: number;
  contactId: number | null;
  contactName: string | null;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  state: "valid" | "expired" | "revoked";
  actions: number;
};
const STATE_COLOR = { valid: "green", expired: "default", revoked: "red" } as const;

export function PortalLinks({ customer }: { customer: Customer }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const mayChange = useMe().data?.role !== "finance";
  const [contactId, setContactId] = useState<number | null>(null);
  const [madeUrl, setMadeUrl] = useState<{ url: string; name: string } | null>(null);
  const key = ["portal-links", customer.id];
  const links = useQuery({
    queryKey: key,
    queryFn: () => apiGet<PortalLink[]>(`/api/customers/${customer.id}/portal-links`),
  });
  const revoke = useMutation<PortalLink, ApiError, number>({
    mutationFn: (id) => apiPost<PortalLink>(`/api/portal-links/${id}/revoke`),
    onSuccess: () => {
      message.success(t("portal.revoked"));
      void client.invalidateQueries({ queryKey: key });
    },
    onError: (e) => message.error(t("portal.failed", { message: e.message })),
  });
  const make = useMutation<{ url: string; link: PortalLink }, ApiError, number>({
    mutationFn: (id) => apiPost(`/api/customers/${customer.id}/portal-links`, { contactId: id }),
    onSuccess: (r) => {
      setMadeUrl({ url: r.url, name: r.link.contactName ?? "" });
      setContactId(null);
      void client.invalidateQueries({ queryKey: key });
    },
    onError: (e) => message.error(t("portal.failed", { message: e.message })),
  });
  const day = (iso: string) => iso.slice(0, 10);
  return (
    <Card
      size="small"
      title={t("portal.title")}
      extra={
        mayChange && (
          <Space.Compact>
            <Select
              size="small"
              style={{ minWidth: 140 }}
              placeholder={t("portal.contact")}
              value={contactId ?? undefined}
              onChange={(v: number) => setContactId(v)}
              options={customer.contacts.map((k) => ({ value: k.id, label: k.name }))}
            />
            <Button
              size="small"
              icon={<PlusOutlined />}
              disabled={contactId === null}
              loading={make.isPending}
              onClick={() => contactId !== null && make.mutate(contactId)}
            >
              {t("portal.new")}
            </Button>
          </Space.Compact>
        )
      }
    >
      <List
        size="small"
        loading={links.isPending}
        dataSource={links.data ?? []}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("portal.empty")} /> }}
        renderItem={(l) => (
          <List.Item
            actions={
              mayChange && l.state === "valid"
                ? [
                    <Popconfirm key="revoke" title={t("portal.revokeConfirm")} onConfirm={() => revoke.mutate(l.id)}>
                      <Button size="small" danger>
                        {t("portal.revoke")}
                      </Button>
                    </Popconfirm>,
                  ]
                : []
            }
          >
            <Space direction="vertical" size={0}>
              <span>
                <Tag color={STATE_COLOR[l.state]}>{t(`portal.state.${l.state}` as const)}</Tag>
                {t("portal.line", {
                  name: l.contactName ?? "–",
                  date: day(l.createdAt),
                  login: l.createdBy,
                  until: day(l.expiresAt),
                })}
              </span>
              {l.actions > 0 && (
                <Typography.Text type="secondary">{t("portal.actions", { count: l.actions })}</Typography.Text>
              )}
            </Space>
          </List.Item>
        )}
      />
      <Modal open={madeUrl !== null} onCancel={() => setMadeUrl(null)} footer={null} title={t("portal.title")}>
        <Typography.Paragraph>{t("portal.made", { name: madeUrl?.name ?? "" })}</Typography.Paragraph>
        <Typography.Paragraph copyable code>
          {madeUrl?.url}
        </Typography.Paragraph>
      </Modal>
    </Card>
  );
}
