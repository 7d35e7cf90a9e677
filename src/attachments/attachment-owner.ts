// The objects a file can be attached to, and the one way to reach them: through their customer and the portfolio
// rule (access.ts customerScope). Someone else's object answers exactly like a missing one.
import { sql } from "drizzle-orm";
import { customerScope } from "../auth/access.ts";
import type { AuthUser } from "../auth/sessions.ts";
import type { Db } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError, msg } from "../errors/app-error.ts";
import type { AttachmentOwnerType, AttachmentPurpose } from "./attachments.schema.ts";

export type AttachmentOwner = { type: AttachmentOwnerType; id: number };

type OwnerKind = {
  table: string;
  label: string;
  /** What a file is for when the uploader does not say, and what it may be for. */
  defaultPurpose: AttachmentPurpose;
  purposes: readonly AttachmentPurpose[];
};

export const OWNER_KINDS: Record<AttachmentOwnerType, OwnerKind> = {
  dispute: { table: "disputes", label: "dispute", defaultPurpose: "evidence", purposes: ["evidence"] },
  plan: {
    table: "payment_plans",
    label: "payment plan",
    defaultPurpose: "signed_agreement",
    purposes: ["signed_agreement", "evidence"],
  },
  statement_confirmation: {
    table: "statement_confirmations",
    label: "statement confirmation",
    defaultPurpose: "signed_confirmation",
    purposes: ["signed_confirmation", "evidence"],
  },
};

/** The owner's customer id; not_found when there is no such object or `user` may not see its customer. */
export async function ownerCustomerOrThrow(
  db: Db,
  user: AuthUser,
  owner: AttachmentOwner,
  options: { lock?: boolean } = {},
): Promise<number> {
  const kind = OWNER_KINDS[owner.type];
  if (!Number.isSafeInteger(owner.id) || owner.id <= 0) throw new AppError("not_found", msg`no such ${kind.label}`);
  const [row] = await queryRows<{ customer_id: string }>(
    db,
    sql`select o.customer_id from ${sql.identifier(kind.table)} o join customers c on c.id = o.customer_id
        where o.id = ${owner.id} and ${customerScope(user, "c")} ${options.lock ? sql`for update of o` : sql``}`,
  );
  if (!row) throw new AppError("not_found", msg`no such ${kind.label}`);
  return Number(row.customer_id);
}
