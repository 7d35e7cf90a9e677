// What the customer owes, per currency: the open balance, how much of it is overdue, the oldest lateness, the grade.
import { Card, Typography } from "antd";
import type { Balance } from "../api/types.ts";
import { useI18n } from "../i18n/i18n-provider.tsx";
import { decimalDigits, formatMinor, formatMoney, toMinor } from "../money/format-money.ts";
import { GradeTag } from "./grade-tag.tsx";

function overdueOf(balance: Balance): string {
  const digits = decimalDigits(balance.open);
  return formatMinor(toMinor(balance.open, digits) - toMinor(balance.buckets.current, digits), digits);
}

export function BalanceCard({ balances, asOf }: { balances: Balance[]; asOf: string }) {
  const { t } = useI18n();
  return (
    <Card
      title={t("customer.balance")}
      extra={<Typography.Text type="secondary">{t("customer.asOf", { date: asOf })}</Typography.Text>}
      className="fill"
    >
      {balances.length === 0 && (
        <div className="balance" data-testid="customer-balance">
          {t("customer.noBalance")}
        </div>
      )}
      {balances.map((b) => (
        <div key={b.currency} className="balance-block">
          <div className="balance amount" data-testid="customer-balance">
            {formatMoney(b.open, b.currency)}
          </div>
          <dl className="facts">
            <dt>{t("customer.overdue")}</dt>
            <dd className="amount">{`${b.currency} ${overdueOf(b)}`}</dd>
            <dt>{t("customer.maxDays")}</dt>
            <dd>{t("task.days", { days: b.maxDaysPastDue })}</dd>
            <dt>{t("customer.grade")}</dt>
            <dd>
              <GradeTag grade={b.grade} />
            </dd>
          </dl>
        </div>
      ))}
    </Card>
  );
}
