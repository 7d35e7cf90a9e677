// One promise in the calendar: the customer (a link to its page), the amount and what was paid, the contact who
// promised, the collector, and the state when it is not simply open.
import { Tag, Typography } from "antd";
import { Link } from "react-router";
import type { IsoDate, PromiseItem } from "../api/types.ts";
import { useI18n } from "../i18n/i18n-provider.tsx";
import { formatMoney, groupDecimal } from "../money/format-money.ts";

const STATUS_COLORS: Partial<Record<PromiseItem["status"], string>> = {
  kept: "green",
  partially_kept: "orange",
  broken: "red",
};

export function PromiseRow({
  promise: p,
  today,
  showCollector,
  showDate,
}: {
  promise: PromiseItem;
  today: IsoDate;
  showCollector: boolean;
  showDate: boolean;
}) {
  const { t, labels } = useI18n();
  const unsettled = p.status === "open" && p.promisedOn < today;
  return (
    <div className="promise-row" data-testid="promise-row">
      <div className="promise-row__main">
        <Link to={`/customers/${p.customerId}`} className="customer-link">
          <Typography.Text strong ellipsis={{ tooltip: p.customerName }}>
            {p.customerName}
          </Typography.Text>
        </Link>
        <Typography.Text type="secondary" className="small">
          {p.customerCode}
          {showDate && ` · ${p.promisedOn}`}
          {p.contactName && ` · ${t("promises.contact", { name: p.contactName })}`}
          {showCollector && p.collector && ` · ${p.collector}`}
        </Typography.Text>
      </div>
      <div className="promise-row__side">
        <span className="amount">{formatMoney(p.amount, p.currency)}</span>
        <span>
          {p.paidAmount && p.paidAmount !== "0" && (
            <Typography.Text type="secondary" className="small">
              {t("promises.paid", { paid: groupDecimal(p.paidAmount) })}{" "}
            </Typography.Text>
          )}
          {unsettled ? (
            <Tag bordered={false}>{t("promises.unsettled")}</Tag>
          ) : (
            STATUS_COLORS[p.status] && (
              <Tag color={STATUS_COLORS[p.status]} bordered={false}>
                {labels.status(p.status)}
              </Tag>
            )
          )}
        </span>
      </div>
    </div>
  );
}
