// Reading attachments: an object's list (without the bytes), one attachment's facts, and its content for download.
// Always through the customer's portfolio (access.ts): another portfolio's file answers like a missing one.
import { sql } from "drizzle-orm";
import { customerScope } from "../auth/access.ts";
import type { AuthUser } from "../auth/sessions.ts";
import { byteaBuffer } from "../db/bytea.ts";
import type { Db } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError, msg } from "../errors/app-error.ts";
import { type AttachmentOwner, ownerCustomerOrThrow } from "./attachment-owner.ts";
import type { AttachmentOwnerType, AttachmentPurpose } from "./attachments.schema.ts";

export type AttachmentView = {
  id: number;
  ownerType: AttachmentOwnerType;
  ownerId: number;
  customerId: number;
  purpose: AttachmentPurpose;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  uploadedBy: string;
  uploadedById: number;
  uploadedAt: string;
  removedAt: string | null;
  removedBy: string | null;
};

type Row = {
  id: string;
  owner_type: AttachmentOwnerType;
  owner_id: string;
  customer_id: string;
  purpose: AttachmentPurpose;
  file_name: string;
  media_type: string;
  size: number;
  sha256: string;
  uploaded_by: string;
  uploaded_by_id: string;
  uploaded_at: string | Date;
  removed_at: string | Date | null;
  removed_by: string | null;
};

const COLUMNS = sql`a.id, a.owner_type, a.owner_id, a.customer_id, a.purpose, a.file_name, a.media_type, a.size,
  a.sha256, u.login as uploaded_by, a.uploaded_by as uploaded_by_id, a.uploaded_at, a.removed_at, a.removed_by`;

const toView = (r: Row): AttachmentView => ({
  id: Number(r.id),
  ownerType: r.owner_type,
  ownerId: Number(r.owner_id),
  customerId: Number(r.customer_id),
  purpose: r.purpose,
  fileName: r.file_name,
  mediaType: r.media_type,
  size: Number(r.size),
  sha256: r.sha256,
  uploadedBy: r.uploaded_by,
  uploadedById: Number(r.uploaded_by_id),
  uploadedAt: new Date(r.uploaded_at).toISOString(),
  removedAt: r.removed_at === null ? null : new Date(r.removed_at).toISOString(),
  removedBy: r.removed_by,
});

/** The files of one object, oldest first; removed ones are left out. */
export async function listAttachments(db: Db, user: AuthUser, owner: AttachmentOwner): Promise<AttachmentView[]> {
  await ownerCustomerOrThrow(db, user, owner);
  const rows = await queryRows<Row>(
    db,
    sql`select ${COLUMNS} from attachments a join users u on u.id = a.uploaded_by
        where a.owner_type = ${owner.type} and a.owner_id = ${owner.id} and a.removed_at is null order by a.id`,
  );
  return rows.map(toView);
}

/** One attachment `user` may see (removed ones too, for the audit's sake), or undefined. */
export async function findAttachment(db: Db, user: AuthUser, id: number): Promise<AttachmentView | undefined> {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  const [row] = await queryRows<Row>(
    db,
    sql`select ${COLUMNS} from attachments a join users u on u.id = a.uploaded_by
        join customers c on c.id = a.customer_id where a.id = ${id} and ${customerScope(user, "c")}`,
  );
  return row ? toView(row) : undefined;
}

/** The bytes of a file that has not been removed, with its facts; not_found otherwise. */
export async function getAttachmentContent(
  db: Db,
  user: AuthUser,
  id: number,
): Promise<AttachmentView & { content: Buffer }> {
  const view = await findAttachment(db, user, id);
  if (!view || view.removedAt !== null) throw new AppError("not_found", msg`no such attachment`);
  const [row] = await queryRows<{ content: Buffer | Uint8Array | string }>(
    db,
    sql`select content from attachments where id = ${id}`,
  );
  if (!row?.content) throw new AppError("not_found", msg`no such attachment`);
  return { ...view, content: byteaBuffer(row.content) };
}
