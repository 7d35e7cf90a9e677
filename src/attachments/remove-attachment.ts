// Removing an attachment: by the one who uploaded it, or a manager or administrator. The audit log is append-only
// and names the file, so the row stays (name, hash, who, when, marked removed) while the bytes are erased. Removing
// a plan's signed agreement takes the plan's "signed" mark away with it, in the same transaction.
import { sql } from "drizzle-orm";
import { appendAudit } from "../audit/append-audit.ts";
import { requireRole } from "../auth/access.ts";
import type { AuthUser } from "../auth/sessions.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError, msg } from "../errors/app-error.ts";
import { type AttachmentView, findAttachment } from "./list-attachments.ts";

export async function removeAttachment(
  deps: { database: Database; now: () => Date },
  user: AuthUser,
  id: number,
  reason?: string | null,
): Promise<AttachmentView> {
  requireRole(user, ["admin", "manager", "collector"], "removing attachments");
  const now = deps.now();
  await deps.database.transaction(async ({ db }) => {
    const found = await findAttachment(db, user, id);
    if (!found || found.removedAt !== null) throw new AppError("not_found", msg`no such attachment`);
    if (user.role === "collector" && found.uploadedById !== user.id) {
      throw new AppError("forbidden", msg`only the one who uploaded a file, or a manager, may remove it`);
    }
    const [row] = await queryRows<{ id: string }>(
      db,
      sql`update attachments set removed_at = ${now.toISOString()}::timestamptz, removed_by = ${user.login},
            content = null where id = ${id} and removed_at is null returning id`,
    );
    if (!row) throw new AppError("not_found", msg`no such attachment`);
    await appendAudit(db, {
      at: now,
      actor: user.login,
      action: "attachment.remove",
      objectType: "attachment",
      objectId: String(id),
      customerId: found.customerId,
      before: {
        owner: found.ownerType,
        ownerId: found.ownerId,
        purpose: found.purpose,
        fileName: found.fileName,
        sha256: found.sha256,
        uploadedBy: found.uploadedBy,
      },
      after: { removed: true },
      reason: reason?.trim() || null,
    });
    if (found.ownerType === "plan") {
      const unsigned = await queryRows<{ id: string }>(
        db,
        sql`update payment_plans set signed_at = null, signed_by = null, signed_attachment_id = null,
              version = version + 1 where id = ${found.ownerId} and signed_attachment_id = ${id} returning id`,
      );
      if (unsigned.length) {
        await appendAudit(db, {
          at: now,
          actor: user.login,
          action: "plan.unsigned",
          objectType: "payment_plan",
          objectId: String(found.ownerId),
          customerId: found.customerId,
          after: { attachmentRemoved: id },
        });
      }
    }
  });
  return (await findAttachment(deps.database.db, user, id)) as AttachmentView;
}
