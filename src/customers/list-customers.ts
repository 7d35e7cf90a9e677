// The customers a user may see, with where the engine last left them: searched by code, name or the pinyin
// initials of the name (hxjm → 华夏金贸), filtered by collector, grade, cause and flags, sorted by any column.
import { type SQL, sql } from "drizzle-orm";
import { RISK_GRADES, type RiskGrade } from "../aging/aging.rules.ts";
import { customerScope } from "../auth/access.ts";
import type { AuthUser } from "../auth/sessions.ts";
import type { Cause } from "../collection/collection.enums.ts";
import type { Db } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { currencyDigits } from "../money/currencies.ts";
import { formatDecimal } from "../money/money.ts";
import { fillNameInitials } from "./fill-name-initials.ts";

export const CUSTOMER_FLAGS = ["creditHold", "prepayOnly", "legal", "doNotContact"] as const;
export type CustomerFlag = (typeof CUSTOMER_FLAGS)[number];
export const CUSTOMER_SORTS = ["code", "name", "collector", "balance", "overdue", "days", "grade", "cause"] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];

export type CustomerListItem = {
  id: number;
  code: string;
  name: string;
  collector: string | null;
  grade: string | null;
  cause: string | null;
  /** Open balance and overdue amount as of the last daily run (null: nothing overdue then). */
  balance: string | null;
  overdue: string | null;
  currency: string | null;
  daysPastDue: number | null;
  flags: Record<CustomerFlag, boolean>;
};
export type CustomerListQuery = {
  q?: string;
  /** A collector's login; null: customers assigned to nobody. */
  collector?: string | null;
  grade?: RiskGrade;
  cause?: Cause;
  /** Customers with all of these flags. */
  flags?: CustomerFlag[];
  sort?: CustomerSort;
  order?: "asc" | "desc";
  limit?: number;
  offset?: number;
};

const FLAG_COLUMNS: Record<CustomerFlag, SQL> = {
  creditHold: sql`c.credit_hold`,
  prepayOnly: sql`c.prepay_only`,
  legal: sql`c.legal`,
  doNotContact: sql`c.do_not_contact`,
};
const SORT_COLUMNS: Record<CustomerSort, SQL> = {
  code: sql`c.code`,
  name: sql`c.name`,
  collector: sql`u.login`,
  balance: sql`s.balance`,
  overdue: sql`s.overdue`,
  days: sql`s.days_past_due`,
  // From current to dead, as the grades are ordered, not alphabetically.
  grade: sql.raw(`array_position(array[${RISK_GRADES.map((g) => `'${g}'`).join(",")}]::text[], s.grade)`),
  cause: sql`s.cause`,
};

/** The conditions shared by the list and its count: the portfolio first, then what the query asks for. */
async function conditions(db: Db, user: AuthUser, query: CustomerListQuery): Promise<SQL[]> {
  const where: SQL[] = [customerScope(user)];
  const q = query.q?.trim();
  if (q) {
    // One LIKE over code, name and initials, lower-cased when stored; wildcards in the text are searched literally.
    if (/^[a-z0-9]+$/i.test(q)) await fillNameInitials(db);
    where.push(sql`c.search_text like ${`%${q.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`}`);
  }
  if (query.collector === null) where.push(sql`c.collector_id is null`);
  else if (query.collector !== undefined) {
    where.push(sql`c.collector_id = (select id from users where login = ${query.collector})`);
  }
  if (query.grade) where.push(sql`s.grade = ${query.grade}`);
  if (query.cause) where.push(sql`s.cause = ${query.cause}`);
  for (const flag of new Set(query.flags ?? [])) where.push(FLAG_COLUMNS[flag]);
  return where;
}

export async function listCustomers(db: Db, user: AuthUser, query: CustomerListQuery): Promise<CustomerListItem[]> {
  return (await findCustomers(db, user, query, false)).rows;
}

/**
 * A page of customers and, when asked, how many match in all. With a search or a filter the matching rows are
 * found in full anyway, so the count comes from the same scan (a window); without one, the page follows the code
 * index and stops early, and a plain count of the portfolio is cheaper than a window over all of it.
 */
export async function findCustomers(
  db: Db,
  user: AuthUser,
  query: CustomerListQuery,
  withTotal: boolean,
): Promise<{ rows: CustomerListItem[]; total: number | null }> {
  const limit = Math.min(query.limit ?? 50, 1000);
  const conds = await conditions(db, user, query);
  const where = sql.join(conds, sql` and `);
  const windowTotal = withTotal && conds.length > 1;
  const sort = query.sort ?? "code";
  const order = sql.raw(query.order === "desc" ? "desc" : "asc");
  const rows = await queryRows<{
    id: string;
    code: string;
    name: string;
    login: string | null;
    grade: string | null;
    cause: string | null;
    balance: string | null;
    overdue: string | null;
    currency: string | null;
    days_past_due: number | null;
    credit_hold: boolean;
    prepay_only: boolean;
    legal: boolean;
    do_not_contact: boolean;
    total?: number;
  }>(
    db,
    sql`select c.id, c.code, c.name, u.login, s.grade, s.cause, s.balance, s.overdue, s.currency, s.days_past_due,
          c.credit_hold, c.prepay_only, c.legal, c.do_not_contact${windowTotal ? sql`, count(*) over ()::int as total` : sql``}
        from customers c left join users u on u.id = c.collector_id
        left join collection_states s on s.customer_id = c.id
        where ${where}
        order by ${SORT_COLUMNS[sort]} ${order} nulls last${sort === "code" ? sql`` : sql`, c.code`}
        limit ${limit} offset ${query.offset ?? 0}`,
  );
  const items = rows.map((r) => {
    const currency = r.currency?.trim() ?? null;
    const amount = (minor: string | null) =>
      minor !== null && currency ? formatDecimal(BigInt(minor), currencyDigits(currency)) : null;
    return {
      id: Number(r.id),
      code: r.code,
      name: r.name,
      collector: r.login,
      grade: r.grade,
      cause: r.cause,
      balance: amount(r.balance),
      overdue: amount(r.overdue),
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
  if (!withTotal) return { rows: items, total: null };
  // A page past the end has no row to carry the window's count.
  if (windowTotal && rows.length > 0) return { rows: items, total: Number(rows[0]?.total) };
  const [count] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from customers c left join collection_states s on s.customer_id = c.id
        where ${where}`,
  );
  return { rows: items, total: Number(count?.n ?? 0) };
}
