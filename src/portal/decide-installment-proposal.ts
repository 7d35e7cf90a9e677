// Installment proposals made on the portal: a collector or manager approves or turns one down. Approving is a
// decision to offer those terms, not a plan: the plan itself is made with create-plan.ts (and signed) as any other.
import { sql } from "drizzle-orm";
import { appendAudit } from "../audit/append-audit.ts";
import { customerScope, requireRole } from "../auth/access.ts";
import type { AuthUser } from "../auth/sessions.ts";
import type { Database, Db } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError, msg, term } from "../errors/app-error.ts";
import { currencyDigits } from "../money/currencies.ts";
import { formatDecimal } from "../money/money.ts";
import type { ProposalStatus } from "./portal.schema.ts";

export type ProposalView = {
  id: number;
  customerId: number;
  customerCode: string;
  customerName: string;
  contactName: string | null;
  currency: string;
  total: string;
  installments: { dueOn: string; amount: string }[];
  note: string | null;
  status: ProposalStatus;
  createdAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
};

/** Proposals the user may see, newest first; by customer and/or status. */
export async function listInstallmentProposals(
  db: Db,
  user: AuthUser,
  filter: { customerId?: number; status?: ProposalStatus; id?: number } = {},
): Promise<ProposalView[]> {
  const rows = await queryRows<{
    id: string;
    customer_id: string;
    code: string;
    name: string;
    contact_name: string | null;
    currency: string;
    total: string;
    installments: { dueOn: string; amount: string }[] | string;
    note: string | null;
    status: ProposalStatus;
    created_at: string | Date;
    decided_by: string | null;
    decided_at: string | Date | null;
    decision_note: string | null;
  }>(
    db,
    sql`select p.id, p.customer_id, c.code, c.name, k.name as contact_name, p.currency, p.total, p.installments, p.note,
          p.status, p.created_at, p.decided_by, p.decided_at, p.decision_note
        from installment_proposals p join customers c on c.id = p.customer_id
        left join contacts k on k.id = p.contact_id
        where ${customerScope(user)}
          ${filter.customerId !== undefined ? sql`and p.customer_id = ${filter.customerId}` : sql``}
          ${filter.status !== undefined ? sql`and p.status = ${filter.status}` : sql``}
          ${filter.id !== undefined ? sql`and p.id = ${filter.id}` : sql``}
        order by p.created_at desc, p.id desc limit 500`,
  );
  return rows.map((r) => {
    const currency = r.currency.trim();
    const digits = currencyDigits(currency);
    const list = typeof r.installments === "string" ? JSON.parse(r.installments) : r.installments;
    return {
      id: Number(r.id),
      customerId: Number(r.customer_id),
      customerCode: r.code,
      customerName: r.name,
      contactName: r.contact_name,
      currency,
      total: formatDecimal(BigInt(r.total), digits),
      installments: (list as { dueOn: string; amount: string }[]).map((i) => ({
        dueOn: i.dueOn,
        amount: formatDecimal(BigInt(i.amount), digits),
      })),
      note: r.note,
      status: r.status,
      createdAt: new Date(r.created_at).toISOString(),
      decidedBy: r.decided_by,
      decidedAt: r.decided_at === null ? null : new Date(r.decided_at).toISOString(),
      decisionNote: r.decision_note,
    };
  });
}

export async function decideInstallmentProposal(
  deps: { database: Database; now: () => Date },
  user: AuthUser,
  id: number,
  input: { decision: "approved" | "declined"; note?: string | null },
): Promise<ProposalView> {
  requireRole(user, ["admin", "manager", "collector"], "deciding installment proposals");
  const now = deps.now();
  await deps.database.transaction(async ({ db }) => {
    const [row] = await queryRows<{ customer_id: string; status: ProposalStatus }>(
      db,
      sql`select p.customer_id, p.status from installment_proposals p join customers c on c.id = p.customer_id
          where p.id = ${id} and ${customerScope(user)} for update of p`,
    );
    if (!row) throw new AppError("not_found", msg`no installment proposal ${id}`);
    if (row.status !== "proposed") {
      throw new AppError("conflict", msg`installment proposal ${id} was already ${term(row.status)}`);
    }
    await db.execute(
      sql`update installment_proposals set status = ${input.decision}, decided_by = ${user.login},
            decided_at = ${now.toISOString()}::timestamptz, decision_note = ${input.note?.trim() || null}
          where id = ${id}`,
    );
    await appendAudit(db, {
      at: now,
      actor: user.login,
      action: `installments.${input.decision}`,
      objectType: "installment_proposal",
      objectId: String(id),
      customerId: Number(row.customer_id),
      before: { status: row.status },
      after: { status: input.decision, note: input.note?.trim() || null },
    });
  });
  const [view] = await listInstallmentProposals(deps.database.db, user, { id });
  return view as ProposalView;
}
