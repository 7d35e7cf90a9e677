// The outbox as a list, newest first: for `huikuan outbox list` and GET /api/outbox (scoped to the user's customers).
import fs from "node:fs";
import { type SQL, sql } from "drizzle-orm";
import { customerScope } from "../auth/access.ts";
import type { AuthUser } from "../auth/sessions.ts";
import { byteaBuffer } from "../db/bytea.ts";
import type { Db } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError, msg } from "../errors/app-error.ts";
import { defaultOutboxDir, emlPath } from "./mail-transport.ts";
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
  /** Files it carries (a statement of account). */
  attachments: number;
};

export type OutboxAttachmentInfo = { id: number; fileName: string; mediaType: string; size: number };
export type OutboxMessage = OutboxItem & {
  language: string;
  body: string;
  automated: boolean;
  overrideReason: string | null;
  files: OutboxAttachmentInfo[];
  /** Demo mode: the message as it went out, <data>/outbox/<id>.eml, can be downloaded. */
  eml: boolean;
};

const iso = (v: string | Date | null) => (v === null ? null : new Date(v).toISOString());

export async function listOutbox(
  db: Db,
  filter: { user?: AuthUser; status?: OutboxStatus; customerId?: number; limit?: number },
): Promise<OutboxItem[]> {
  const where: SQL[] = [sql`true`];
  if (filter.status) where.push(sql`m.status = ${filter.status}`);
  if (filter.customerId !== undefined) where.push(sql`m.customer_id = ${filter.customerId}`);
  return listOutboxWhere(db, filter.user ?? null, sql.join(where, sql` and `), filter.limit);
}

async function listOutboxWhere(db: Db, user: AuthUser | null, condition: SQL, limit = 100): Promise<OutboxItem[]> {
  const where: SQL[] = [condition];
  if (user) where.push(customerScope(user));
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
    attachments: number;
  }>(
    db,
    sql`select m.id, m.customer_id, c.code, m.contact_id, m.channel, m.address, m.subject, m.status, m.attempts,
          m.next_attempt_at, m.provider_message_id, m.error, m.created_by, m.created_at, m.sent_at,
          (select count(*)::int from outbox_attachments a where a.message_id = m.id) as attachments
        from outbox_messages m join customers c on c.id = m.customer_id
        where ${sql.join(where, sql` and `)}
        order by m.id desc limit ${Math.min(limit, 10_000)}`,
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
    attachments: Number(r.attachments),
  }));
}

/** One message with what it says and the files it carries; someone else's customer's answers like a missing one. */
export async function getOutboxMessage(
  db: Db,
  user: AuthUser | null,
  id: number,
  outboxDir: string = defaultOutboxDir(),
): Promise<OutboxMessage> {
  const [item] = await listOutboxWhere(db, user, sql`m.id = ${id}`);
  const [extra] = await queryRows<{
    language: string;
    body: string;
    automated: boolean;
    override_reason: string | null;
  }>(db, sql`select language, body, automated, override_reason from outbox_messages where id = ${id}`);
  if (!item || !extra) throw new AppError("not_found", msg`no outbox message ${id}`);
  const files = await queryRows<{ id: string; file_name: string; media_type: string; size: number }>(
    db,
    sql`select id, file_name, media_type, size from outbox_attachments where message_id = ${id} order by id`,
  );
  return {
    ...item,
    language: extra.language,
    body: extra.body,
    automated: extra.automated,
    overrideReason: extra.override_reason,
    files: files.map((f) => ({
      id: Number(f.id),
      fileName: f.file_name,
      mediaType: f.media_type,
      size: Number(f.size),
    })),
    eml: item.channel === "email" && fs.existsSync(emlPath(outboxDir, id)),
  };
}

/** A file a message carries, for the user who may see the message. */
export async function getOutboxAttachment(
  db: Db,
  user: AuthUser | null,
  messageId: number,
  attachmentId: number,
): Promise<{ fileName: string; mediaType: string; content: Buffer }> {
  const [item] = await listOutboxWhere(db, user, sql`m.id = ${messageId}`);
  const [row] = item
    ? await queryRows<{ file_name: string; media_type: string; content: Buffer | Uint8Array | string }>(
        db,
        sql`select file_name, media_type, content from outbox_attachments where id = ${attachmentId} and message_id = ${messageId}`,
      )
    : [];
  if (!row) throw new AppError("not_found", msg`no such attachment`);
  return { fileName: row.file_name, mediaType: row.media_type, content: byteaBuffer(row.content) };
}

/** Demo mode: the .eml the message went out as, for the user who may see the message. */
export async function getOutboxEml(
  db: Db,
  user: AuthUser | null,
  id: number,
  outboxDir: string = defaultOutboxDir(),
): Promise<Buffer> {
  const [item] = await listOutboxWhere(db, user, sql`m.id = ${id}`);
  const file = emlPath(outboxDir, id);
  if (!item || !fs.existsSync(file)) {
    throw new AppError(
      "not_found",
      msg`no .eml for outbox message ${id} (only e-mails sent in demo mode, without SMTP, have one)`,
    );
  }
  return fs.readFileSync(file);
}
