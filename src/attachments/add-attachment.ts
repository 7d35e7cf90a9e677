// One file attached to a dispute, a payment plan or a statement confirmation: checked (not empty, within the
// `attachments` setting's size, a PDF or photo by its bytes), hashed, stored with its audit row in one transaction.
// A plan's signed agreement also marks the plan signed (when, by whom), audited in that same transaction.
import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { appendAudit } from "../audit/append-audit.ts";
import { requireRole } from "../auth/access.ts";
import type { AuthUser } from "../auth/sessions.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError, msg } from "../errors/app-error.ts";
import { getSetting } from "../settings/settings.ts";
import { ACCEPTED_TEXT, cleanFileName, fileProblem, sniffMediaType } from "./attachment.rules.ts";
import { type AttachmentOwner, OWNER_KINDS, ownerCustomerOrThrow } from "./attachment-owner.ts";
import type { AttachmentPurpose } from "./attachments.schema.ts";
import { type AttachmentView, findAttachment } from "./list-attachments.ts";

export type AttachmentInput = {
  owner: AttachmentOwner;
  fileName: string;
  bytes: Uint8Array;
  purpose?: AttachmentPurpose;
};

export async function addAttachment(
  deps: { database: Database; now: () => Date },
  user: AuthUser,
  input: AttachmentInput,
): Promise<AttachmentView> {
  requireRole(user, ["admin", "manager", "collector"], "attaching files");
  const kind = OWNER_KINDS[input.owner.type];
  const purpose = input.purpose ?? kind.defaultPurpose;
  if (!kind.purposes.includes(purpose)) {
    throw new AppError(
      "invalid_input",
      msg`purpose: a ${kind.label} takes files for ${kind.purposes.join(" or ")}, not ${purpose}`,
    );
  }
  const fileName = cleanFileName(input.fileName);
  const now = deps.now();
  const id = await deps.database.transaction(async ({ db }) => {
    // The owner first: an unknown object answers 404 whatever the file is.
    const customerId = await ownerCustomerOrThrow(db, user, input.owner, { lock: input.owner.type === "plan" });
    const { maxBytes } = await getSetting(db, "attachments");
    const problem = fileProblem(input.bytes.length, maxBytes);
    if (problem) throw new AppError("invalid_input", problem.message);
    const sniffed = sniffMediaType(input.bytes);
    if (!sniffed.ok) {
      throw new AppError(
        "invalid_input",
        msg`file: "${fileName}" is refused: ${sniffed.reason} (accepted: ${ACCEPTED_TEXT})`,
      );
    }
    const sha256 = createHash("sha256").update(input.bytes).digest("hex");
    const [row] = await queryRows<{ id: string }>(
      db,
      sql`insert into attachments (owner_type, owner_id, customer_id, purpose, file_name, media_type, size, sha256,
            content, uploaded_by, uploaded_at)
          values (${input.owner.type}, ${input.owner.id}, ${customerId}, ${purpose}, ${fileName}, ${sniffed.mediaType},
            ${input.bytes.length}, ${sha256}, ${Buffer.from(input.bytes)}, ${user.id}, ${now.toISOString()}::timestamptz)
          returning id`,
    );
    const attachmentId = Number(row?.id);
    await appendAudit(db, {
      at: now,
      actor: user.login,
      action: "attachment.add",
      objectType: "attachment",
      objectId: String(attachmentId),
      customerId,
      after: {
        owner: input.owner.type,
        ownerId: input.owner.id,
        purpose,
        fileName,
        mediaType: sniffed.mediaType,
        size: input.bytes.length,
        sha256,
      },
    });
    if (input.owner.type === "plan" && purpose === "signed_agreement") {
      await db.execute(
        sql`update payment_plans set signed_at = ${now.toISOString()}::timestamptz, signed_by = ${user.login},
              signed_attachment_id = ${attachmentId}, version = version + 1
            where id = ${input.owner.id}`,
      );
      await appendAudit(db, {
        at: now,
        actor: user.login,
        action: "plan.signed",
        objectType: "payment_plan",
        objectId: String(input.owner.id),
        customerId,
        after: { attachmentId, fileName, sha256, signedBy: user.login, signedAt: now.toISOString() },
      });
    }
    return attachmentId;
  });
  return (await findAttachment(deps.database.db, user, id)) as AttachmentView;
}
