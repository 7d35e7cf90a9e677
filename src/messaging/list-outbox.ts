// The outbox as a list, newest first: for `huikuan outbox list` and GET /api/outbox (scoped to the user's customers).
import { type SQL, sql } from "drizzle-orm";
import { customerScope } from "../auth/access.ts";
import type { AuthUser } from "../auth/sessions.ts";
import type { Db } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import type { OutboxStatus } from "./messaging.schema.ts";

export type OutboxItem = {
  id: number;
  customerId: number;
  customerCode: string;
  contactId: number | null;
  channel: string;
  address: string;
  subject: string | null;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: string;
  providerMessageId: string | null;
  error: string | null;
  createdBy: string;
  createdAt: string;
  sentAt: string | null;
};

const iso = (v: string | Date | null) => (v === null ? null : new Date(v).toISOString());

export async function listOutbox(
  db: Db,
  filter: { user?: AuthUser; status?: OutboxStatus; customerId?: number; limit?: number },
): Promise<OutboxItem[]> {
  const where: SQL[] = [sql`true`];
  if (filter.user) where.push(customerScope(filter.user));
  if (filter.status) where.push(sql`m.status = ${filter.status}`);
  if (filter.customerId !== undefined) where.push(sql`m.customer_id = ${filter.customerId}`);
  const rows = await queryRows<{
    id: string;
    customer_id: string;
    code: string;
    contact_id: string | null;
    channel: string;
    address: string;
    subject: string | null;
    status: OutboxStatus;
    attempts: number;
    next_attempt_at: string | Date;
    provider_message_id: string | null;
    error: string | null;
    created_by: string;
    created_at: string | Date;
    sent_at: string | Date | null;
  }>(
    db,
    sql`select m.id, m.customer_id, c.code, m.contact_id, m.channel, m.address, m.subject, m.status, m.attempts,
          m.next_attempt_at, m.provider_message_id, m.error, m.created_by, m.created_at, m.sent_at
        from outbox_messages m join customers c on c.id = m.customer_id
        where ${sql.join(where, sql` and `)}
        order by m.id desc limit ${Math.min(filter.limit ?? 100, 10_000)}`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    customerId: Number(r.customer_id),
    customerCode: r.code,
    contactId: r.contact_id === null ? null : Number(r.contact_id),
    channel: r.channel,
    address: r.address,
    subject: r.subject,
    status: r.status,
    attempts: Number(r.attempts),
    nextAttemptAt: iso(r.next_attempt_at) as string,
    providerMessageId: r.provider_message_id,
    error: r.error,
    createdBy: r.created_by,
    createdAt: iso(r.created_at) as string,
    sentAt: iso(r.sent_at),
  }));
}
