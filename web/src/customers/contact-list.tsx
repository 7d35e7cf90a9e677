// The people to contact, their role, how to reach them, and what they have opted out of; each can be edited
// (details and consent) by those who work the customer.
import { EditOutlined } from "@ant-design/icons";
import { Button, Card, Empty, Tag, Typography } from "antd";
import { useState } from "react";
import type { Channel, Contact } from "../api/types.ts";
import { useI18n } from "../i18n/i18n-provider.tsx";
import { EditContactModal } from "./edit-contact-modal.tsx";

const OPT_OUTS: [keyof Contact, Channel][] = [
  ["opt_out_call", "call"],
  ["opt_out_sms", "sms"],
  ["opt_out_email", "email"],
];

type Props = { customerId: number; contacts: Contact[]; editable: boolean };

export function ContactList({ customerId, contacts, editable }: Props) {
  const { t, labels } = useI18n();
  const [editing, setEditing] = useState<number | null>(null);
  const contact = contacts.find((k) => k.id === editing);
  return (
    <Card title={t("contacts.title")}>
      {contacts.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("contacts.none")} />}
      <ul className="contacts">
        {contacts.map((k) => (
          <li key={k.id}>
            <div className="contacts__name">
              <Typography.Text strong>{k.name}</Typography.Text>
              <Tag bordered={false}>{labels.contactRole(k.role)}</Tag>
              {OPT_OUTS.filter(([field]) => k[field]).map(([field, channel]) => (
                <Tag key={field} color="red" bordered={false}>
                  {t("contacts.optOut", { channel: labels.channel(channel) })}
                </Tag>
              ))}
              {editable && (
                <Button
                  size="small"
                  type="text"
                  icon={<EditOutlined />}
                  className="contacts__edit"
                  aria-label={`${t("contacts.edit")} ${k.name}`}
                  data-testid="contact-edit"
                  onClick={() => setEditing(k.id)}
                >
                  {t("contacts.edit")}
                </Button>
              )}
            </div>
            <div className="contacts__ways">
              {k.phones.map((p) => (
                <a key={p} href={`tel:${p.replace(/\s/g, "")}`}>
                  {p}
                </a>
              ))}
              {k.emails.map((e) => (
                <a key={e} href={`mailto:${e}`}>
                  {e}
                </a>
              ))}
            </div>
            <Typography.Text type="secondary" className="small">
              {[
                k.preferred_channel ? t("contacts.prefers", { channel: labels.channel(k.preferred_channel) }) : null,
                k.time_zone,
              ]
                .filter(Boolean)
                .join(" · ")}
            </Typography.Text>
          </li>
        ))}
      </ul>
      {contact && <EditContactModal customerId={customerId} contact={contact} onClose={() => setEditing(null)} />}
    </Card>
  );
}
