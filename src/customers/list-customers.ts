// The customers a user may see, searched by code or name, with where the engine last left them.
import { sql } from "drizzle-orm";
import { customerScope } from "../auth/access.ts";
import type { AuthUser } from "../auth/sessions.ts";
import type { Db } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { currencyDigits } from "../money/currencies.ts";
import { formatDecimal } from "../money/money.ts";

export type CustomerListItem = {
  id: number;
  code: string;
  name: string;
  collector: string | null;
  grade: string | null;
  cause: string | null;
  overdue: string | null;
  currency: string | null;
  daysPastDue: number | null;
  flags: { creditHold: boolean; prepayOnly: boolean; legal: boolean; doNotContact: boolean };
};
export type CustomerListQuery = { q?: string; limit?: number; offset?: number };

export async function listCustomers(db: Db, user: AuthUser, query: CustomerListQuery): Promise<CustomerListItem[]> {
  const limit = Math.min(query.limit ?? 50, 1000);
  const q = query.q?.trim();
  // LIKE wildcards in the search text are searched for literally.
  const pattern = q ? `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%` : null;
  const rows = await queryRows<{
    id: string;
    code: string;
    name: string;
    login: string | null;
    grade: string | null;
    cause: string | null;
    overdue: string | null;
    currency: string | null;
    days_past_due: number | null;
    credit_hold: boolean;
    prepay_only: boolean;
    legal: boolean;
    do_not_contact: boolean;
  }>(
    db,
    sql`select c.id, c.code, c.name, u.login, s.grade, s.cause, s.overdue, s.currency, s.days_past_due,
          c.credit_hold, c.prepay_only, c.legal, c.do_not_contact
        from customers c left join users u on u.id = c.collector_id
        left join collection_states s on s.customer_id = c.id
        where ${customerScope(user)}
          ${pattern ? sql`and (c.code ilike ${pattern} or c.name ilike ${pattern})` : sql``}
        order by c.code limit ${limit} offset ${query.offset ?? 0}`,
  );
  return rows.map((r) => {
    const currency = r.currency?.trim() ?? null;
    return {
      id: Number(r.id),
      code: r.code,
      name: r.name,
      collector: r.login,
      grade: r.grade,
      cause: r.cause,
      overdue: r.overdue !== null && currency ? formatDecimal(BigInt(r.overdue), currencyDigits(currency)) : null,
      currency,
      daysPastDue: r.days_past_due === null ? null : Number(r.days_past_due),
      flags: {
        creditHold: r.credit_hold,
        prepayOnly: r.prepay_only,
        legal: r.legal,
        doNotContact: r.do_not_contact,
      },
    };
  });
}
