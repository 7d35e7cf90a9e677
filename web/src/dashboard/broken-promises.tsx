// The promises the daily run found broken (or only partly kept) today: whom to call back first.
import { Empty, List, Result, Skeleton, Tag, Typography } from "antd";
import { Link } from "react-router";
import type { IsoDate } from "../api/types.ts";
import { useI18n } from "../i18n/i18n-provider.tsx";
import { formatMoney, groupDecimal } from "../money/format-money.ts";
import { useBrokenToday } from "./use-dashboard.ts";

export function BrokenPromises({ today }: { today: IsoDate }) {
  const { t, labels } = useI18n();
  const broken = useBrokenToday(today);
  if (broken.isError) {
    return <Result status="warning" title={t("common.loadFailed", { message: broken.error.message })} />;
  }
  if (!broken.data) return <Skeleton active paragraph={{ rows: 4 }} />;
  const promises = broken.data.promises;
  if (promises.length === 0) return <Empty description={t("dashboard.brokenNone")} data-testid="broken-empty" />;
  return (
    <List
      size="small"
      dataSource={promises}
      data-testid="broken-promises"
      renderItem={(p) => (
        <List.Item
          extra={
            <Tag color={p.status === "broken" ? "red" : "orange"} bordered={false}>
              {labels.status(p.status)}
            </Tag>
          }
        >
          <List.Item.Meta
            title={
              <Link to={`/customers/${p.customerId}`} className="customer-link">
                <Typography.Text strong>{p.customerName}</Typography.Text>
              </Link>
            }
            description={
              <span className="small">
                <span className="amount">
                  {p.status === "partially_kept"
                    ? t("dashboard.paidOf", {
                        paid: groupDecimal(p.paidAmount ?? "0"),
                        amount: formatMoney(p.amount, p.currency),
                      })
                    : formatMoney(p.amount, p.currency)}
                </span>
                {" · "}
                {t("dashboard.promisedFor", { date: p.promisedOn })}
                {p.collector && ` · ${p.collector}`}
              </span>
            }
          />
        </List.Item>
      )}
    />
  );
}
