// The customers with the most money overdue in the user's portfolio, with what the engine knows of them (grade,
// cause, days past due) as of the last daily run: the dashboard's "top risks".
import { sql } from "drizzle-orm";
import type { RiskGrade } from "../aging/aging.rules.ts";
import { customerScope } from "../auth/access.ts";
import type { AuthUser } from "../auth/sessions.ts";
import type { Cause } from "../collection/collection.enums.ts";
import type { Db } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { currencyDigits } from "../money/currencies.ts";
import { formatDecimal } from "../money/money.ts";

export type TopRisk = {
  customerId: number;
  customerCode: string;
  customerName: string;
  /** The collector's login. */
  collector: string | null;
  grade: RiskGrade;
  cause: Cause | null;
  currency: string;
  /** Decimal text in the currency's unit. */
  overdue: string;
  balance: string;
  daysPastDue: number;
  legal: boolean;
  asOf: string;
};

export const MAX_TOP_RISKS = 100;

/**
 * Largest overdue first, compared in minor units: exact within one currency (`currency`, as the dashboard asks for
 * the currency it shows), only a rough order across currencies, which no exchange rate here converts.
 */
export async function listTopRisks(db: Db, user: AuthUser, limit = 10, currency?: string): Promise<TopRisk[]> {
  const n = Math.max(1, Math.min(limit, MAX_TOP_RISKS));
  const rows = await queryRows<{
    id: string;
    code: string;
    name: string;
    login: string | null;
    grade: RiskGrade;
    cause: Cause | null;
    currency: string;
    overdue: string;
    balance: string;
    days_past_due: number;
    legal: boolean;
    as_of: string;
  }>(
    db,
    sql`select c.id, c.code, c.name, u.login, s.grade, s.cause, s.currency, s.overdue, s.balance, s.days_past_due,
          c.legal, s.as_of::text as as_of
        from collection_states s join customers c on c.id = s.customer_id left join users u on u.id = c.collector_id
        where s.overdue > 0 and ${customerScope(user)} ${currency ? sql`and s.currency = ${currency}` : sql``}
        order by s.overdue desc, s.days_past_due desc, c.id
        limit ${n}`,
  );
  return rows.map((r) => {
    const currency = r.currency.trim();
    const digits = currencyDigits(currency);
    return {
      customerId: Number(r.id),
      customerCode: r.code,
      customerName: r.name,
      collector: r.login,
      grade: r.grade,
      cause: r.cause,
      currency,
      overdue: formatDecimal(BigInt(r.overdue), digits),
      balance: formatDecimal(BigInt(r.balance), digits),
      daysPastDue: Number(r.days_past_due),
      legal: Boolean(r.legal),
      asOf: r.as_of,
    };
  });
}
