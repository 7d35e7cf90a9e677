// Disputes as people read them: one customer's, and the board of every dispute in the user's portfolio (a manager
// sees the escalated ones of the team). Amounts are decimal strings in the dispute's currency.
import { type SQL, sql } from "drizzle-orm";
import { customerScope, visibleCustomerOrThrow } from "../auth/access.ts";
import type { AuthUser } from "../auth/sessions.ts";
import type { Db } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { currencyDigits } from "../money/currencies.ts";
import { formatDecimal } from "../money/money.ts";
import { ACTIVE_DISPUTE_STATUSES } from "./dispute.rules.ts";
import type { DisputeCategory, DisputeResolution, DisputeStatus } from "./workspace.schema.ts";

export type DisputeView = {
  id: number;
  version: number;
  customerId: number;
  customerCode: string;
  customerName: string;
  invoiceId: number;
  invoiceNumber: string;
  deliveryRecordId: number | null;
  category: DisputeCategory;
  amount: string;
  currency: string;
  description: string;
  owner: string | null;
  status: DisputeStatus;
  resolution: DisputeResolution | null;
  resolutionNote: string | null;
  creditedAmount: string | null;
  adjustmentId: number | null;
  escalated: boolean;
  escalatedAt: string | null;
  escalatedTo: string | null;
  openedOn: string;
  closedAt: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
};

type DisputeRow = {
  id: string;
  version: number;
  customer_id: string;
  customer_code: string;
  customer_name: string;
  invoice_id: string;
  invoice_number: string;
  delivery_record_id: string | null;
  category: DisputeCategory;
  amount: string;
  currency: string;
  description: string;
  owner: string | null;
  status: DisputeStatus;
  resolution: DisputeResolution | null;
  resolution_note: string | null;
  credited_amount: string | null;
  adjustment_id: string | null;
  escalated: boolean;
  escalated_at: string | Date | null;
  escalated_to: string | null;
  opened_on: string;
  closed_at: string | Date | null;
  created_by: string;
  created_at: string | Date;
  updated_at: string | Date;
};

const instant = (v: string | Date | null): string | null => (v === null ? null : new Date(v).toISOString());

/** The dispute rows the user may see, with the names people read; `where` narrows them (alias d, c for customer). */
export function disputeRowsSql(user: AuthUser, where: SQL, tail: SQL = sql``): SQL {
  return sql`select d.id, d.version, d.customer_id, c.code as customer_code, c.name as customer_name, d.invoice_id,
      i.number as invoice_number, d.delivery_record_id, d.category, d.amount::text as amount, d.currency, d.description,
      o.login as owner, d.status, d.resolution, d.resolution_note, d.credited_amount::text as credited_amount,
      d.adjustment_id, d.escalated, d.escalated_at, m.login as escalated_to, d.opened_on::text as opened_on, d.closed_at,
      d.created_by, d.created_at, d.updated_at
    from disputes d
    join customers c on c.id = d.customer_id
    join invoices i on i.id = d.invoice_id
    left join users o on o.id = d.owner_id
    left join users m on m.id = d.escalated_to
    where ${customerScope(user)} and ${where} ${tail}`;
}

export function toDisputeView(r: DisputeRow): DisputeView {
  const currency = r.currency.trim();
  const digits = currencyDigits(currency);
  return {
    id: Number(r.id),
    version: Number(r.version),
    customerId: Number(r.customer_id),
    customerCode: r.customer_code,
    customerName: r.customer_name,
    invoiceId: Number(r.invoice_id),
    invoiceNumber: r.invoice_number,
    deliveryRecordId: r.delivery_record_id === null ? null : Number(r.delivery_record_id),
    category: r.category,
    amount: formatDecimal(BigInt(r.amount), digits),
    currency,
    description: r.description,
    owner: r.owner,
    status: r.status,
    resolution: r.resolution,
    resolutionNote: r.resolution_note,
    creditedAmount: r.credited_amount === null ? null : formatDecimal(BigInt(r.credited_amount), digits),
    adjustmentId: r.adjustment_id === null ? null : Number(r.adjustment_id),
    escalated: r.escalated,
    escalatedAt: instant(r.escalated_at),
    escalatedTo: r.escalated_to,
    openedOn: r.opened_on,
    closedAt: instant(r.closed_at),
    createdBy: r.created_by,
    createdAt: instant(r.created_at) as string,
    updatedAt: instant(r.updated_at) as string,
  };
}

/** One dispute the user may see, or undefined (someone else's answers like a missing one). */
export async function findDispute(db: Db, user: AuthUser, disputeId: number): Promise<DisputeView | undefined> {
  if (!Number.isSafeInteger(disputeId) || disputeId <= 0) return undefined;
  const [row] = await queryRows<DisputeRow>(db, disputeRowsSql(user, sql`d.id = ${disputeId}`));
  return row ? toDisputeView(row) : undefined;
}

export type DisputeFilter = {
  /** "active" (the default): open and investigating. */
  status?: DisputeStatus | "active" | "all";
  escalated?: boolean;
  /** The owner's login. */
  owner?: string;
  limit?: number;
  offset?: number;
};

function filterSql(f: DisputeFilter): SQL {
  const parts: SQL[] = [];
  const status = f.status ?? "active";
  if (status === "active") {
    parts.push(
      sql`d.status in (${sql.join(
        ACTIVE_DISPUTE_STATUSES.map((s) => sql`${s}`),
        sql`, `,
      )})`,
    );
  } else if (status !== "all") parts.push(sql`d.status = ${status}`);
  if (f.escalated !== undefined) parts.push(sql`d.escalated = ${f.escalated}`);
  if (f.owner !== undefined) parts.push(sql`o.login = ${f.owner}`);
  return parts.length ? sql.join(parts, sql` and `) : sql`true`;
}

export async function listCustomerDisputes(
  db: Db,
  user: AuthUser,
  customerId: number,
  filter: DisputeFilter = {},
): Promise<DisputeView[]> {
  await visibleCustomerOrThrow(db, user, customerId);
  const rows = await queryRows<DisputeRow>(
    db,
    disputeRowsSql(
      user,
      sql`d.customer_id = ${customerId} and ${filterSql({ status: "all", ...filter })}`,
      sql`order by d.id desc limit ${Math.min(filter.limit ?? 200, 1000)} offset ${filter.offset ?? 0}`,
    ),
  );
  return rows.map(toDisputeView);
}

/** The dispute board: every dispute in the user's portfolio, escalated first, then oldest first. */
export async function listDisputeBoard(db: Db, user: AuthUser, filter: DisputeFilter = {}): Promise<DisputeView[]> {
  const rows = await queryRows<DisputeRow>(
    db,
    disputeRowsSql(
      user,
      filterSql(filter),
      sql`order by d.escalated desc, d.id limit ${Math.min(filter.limit ?? 200, 1000)} offset ${filter.offset ?? 0}`,
    ),
  );
  return rows.map(toDisputeView);
}
