// What is overdue in the user's portfolio, by risk grade or by cause of lateness, as the last daily run left it
// (collection_states: one row per customer the engine follows, in the currency with most overdue). A customer who
// paid keeps its row with nothing overdue, so only rows with an amount overdue count.
import { sql } from "drizzle-orm";
import { RISK_GRADES } from "../aging/aging.rules.ts";
import { customerScope } from "../auth/access.ts";
import type { AuthUser } from "../auth/sessions.ts";
import { CAUSES } from "../collection/collection.enums.ts";
import type { Db } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { currencyDigits } from "../money/currencies.ts";
import { formatDecimal } from "../money/money.ts";

export const OVERDUE_GROUPINGS = ["grade", "cause"] as const;
export type OverdueBy = (typeof OVERDUE_GROUPINGS)[number];

export type OverdueGroup = {
  /** A risk grade or a cause; "" for customers without an inferred cause. */
  key: string;
  currency: string;
  customers: number;
  /** Decimal text in the currency's unit. */
  overdue: string;
};

export type OverdueBreakdown = {
  by: OverdueBy;
  /** The date of the newest state counted (the last run), or null when nothing is overdue. */
  asOf: string | null;
  groups: OverdueGroup[];
};

/** The order people read them in: grades from mild to lost, causes as the enumeration lists them, none last. */
const ORDER: Record<OverdueBy, readonly string[]> = { grade: RISK_GRADES, cause: [...CAUSES, ""] };

export async function getOverdueBreakdown(db: Db, user: AuthUser, by: OverdueBy): Promise<OverdueBreakdown> {
  const key = by === "grade" ? sql`s.grade` : sql`coalesce(s.cause, '')`;
  const rows = await queryRows<{ key: string; currency: string; customers: number; overdue: string; as_of: string }>(
    db,
    sql`select ${key} as key, s.currency, count(*)::int as customers, sum(s.overdue)::bigint as overdue,
          max(s.as_of)::text as as_of
        from collection_states s join customers c on c.id = s.customer_id
        where s.overdue > 0 and ${customerScope(user)}
        group by 1, 2`,
  );
  const rank = (k: string) => {
    const i = ORDER[by].indexOf(k);
    return i < 0 ? ORDER[by].length : i;
  };
  const groups = rows
    .map((r) => {
      const currency = r.currency.trim();
      return {
        key: r.key,
        currency,
        customers: Number(r.customers),
        overdue: formatDecimal(BigInt(r.overdue), currencyDigits(currency)),
      };
    })
    .sort((a, b) => rank(a.key) - rank(b.key) || a.currency.localeCompare(b.currency));
  const asOf = rows.reduce<string | null>((max, r) => (max === null || r.as_of > max ? r.as_of : max), null);
  return { by, asOf, groups };
}
