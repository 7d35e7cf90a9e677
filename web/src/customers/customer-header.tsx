// Who the customer is: name, code, the flags that change how we may collect, and the account's terms; the button
// that edits them.
import { EditOutlined } from "@ant-design/icons";
import { Button, Tag, Typography } from "antd";
import { useState } from "react";
import type { Customer, CustomerFlags, User } from "../api/types.ts";
import { useI18n } from "../i18n/i18n-provider.tsx";
import { groupDecimal } from "../money/format-money.ts";
import { EditCustomerModal, mayEditCustomer } from "./edit-customer-modal.tsx";

const FLAG_COLORS: Record<keyof CustomerFlags, string> = {
  creditHold: "red",
  prepayOnly: "orange",
  legal: "magenta",
  doNotContact: "volcano",
  middleman: "blue",
  foreignTrade: "cyan",
};

export function CustomerHeader({ customer, user }: { customer: Customer; user: User }) {
  const { t, labels } = useI18n();
  const [editing, setEditing] = useState(false);
  const meta: [string, string][] = [
    [t("customer.collector"), customer.collector ?? t("common.none")],
    [t("customer.terms"), t("customer.termsDays", { days: customer.paymentTermsDays })],
    [
      t("customer.creditLimit"),
      customer.creditLimit
        ? `${customer.creditCurrency ? `${customer.creditCurrency} ` : ""}${groupDecimal(customer.creditLimit)}`
        : t("common.none"),
    ],
    [t("customer.country"), customer.country ?? t("common.none")],
    [t("customer.timeZone"), customer.timeZone ?? t("common.none")],
  ];
  const flags = (Object.keys(FLAG_COLORS) as (keyof CustomerFlags)[]).filter((k) => customer.flags[k]);
  return (
    <div className="customer-header">
      <div className="customer-header__title">
        <Typography.Title level={3} style={{ margin: 0 }}>
          {customer.name}
        </Typography.Title>
        <Tag bordered={false} className="code-tag">
          {customer.code}
        </Tag>
        {flags.map((k) => (
          <Tag key={k} color={FLAG_COLORS[k]}>
            {labels.flag(k)}
          </Tag>
        ))}
        {mayEditCustomer(user) && (
          <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="customer-edit">
            {t("customer.edit")}
          </Button>
        )}
      </div>
      <div className="meta">
        {meta.map(([label, value]) => (
          <span key={label}>
            <span className="meta__label">{label}</span>
            {value}
          </span>
        ))}
      </div>
      {customer.notes && (
        <Typography.Paragraph
          type="secondary"
          className="customer-header__notes"
          ellipsis={{ rows: 2, expandable: true }}
        >
          {customer.notes}
        </Typography.Paragraph>
      )}
      {editing && <EditCustomerModal customer={customer} user={user} onClose={() => setEditing(false)} />}
    </div>
  );
}
