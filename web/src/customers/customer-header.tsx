// Who the customer is: name, code, the flags that change how we may collect, and the account's terms.
import { Tag, Typography } from "antd";
import type { Customer, CustomerFlags } from "../api/types.ts";
import { useI18n } from "../i18n/i18n-provider.tsx";
import { groupDecimal } from "../money/format-money.ts";

const FLAG_COLORS: Record<keyof CustomerFlags, string> = {
  creditHold: "red",
  prepayOnly: "orange",
  legal: "magenta",
  doNotContact: "volcano",
  middleman: "blue",
  foreignTrade: "cyan",
};

export function CustomerHeader({ customer }: { customer: Customer }) {
  const { t, labels } = useI18n();
  const meta: [string, string][] = [
    [t("customer.collector"), customer.collector ?? t("common.none")],
    [t("customer.terms"), t("customer.termsDays", { days: customer.paymentTermsDays })],
    [t("customer.creditLimit"), customer.creditLimit ? groupDecimal(customer.creditLimit) : t("common.none")],
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
      </div>
      <div className="meta">
        {meta.map(([label, value]) => (
          <span key={label}>
            <span className="meta__label">{label}</span>
            {value}
          </span>
        ))}
      </div>
    </div>
  );
}
