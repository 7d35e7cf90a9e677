// Files attached to what collectors record: photos and delivery notes behind a dispute, the signed copy of a payment
// plan (还款协议), the signed balance-confirmation slip of a statement. Stored in the database (bytea), because
// several app processes share one database and none has a disk the others see.
import { bigint, customType, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "../auth/users.schema.ts";
import { customers } from "../ledger/ledger.schema.ts";

/**
 * What a file can be attached to. Adding an owner (delivery records, customers) is one entry here and one look-up
 * in attachment-owner.ts; the table needs no change.
 */
export const ATTACHMENT_OWNERS = ["dispute", "plan", "statement_confirmation"] as const;
export type AttachmentOwnerType = (typeof ATTACHMENT_OWNERS)[number];
/** What the file is for, when it matters: a plan's signed agreement marks the plan signed. */
export const ATTACHMENT_PURPOSES = ["evidence", "signed_agreement", "signed_confirmation"] as const;
export type AttachmentPurpose = (typeof ATTACHMENT_PURPOSES)[number];

/** Binary content: a Buffer in, a Buffer out (PGlite hands back a Uint8Array). */
export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (v) => Buffer.from(v),
});

export const attachments = pgTable(
  "attachments",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    ownerType: text("owner_type", { enum: ATTACHMENT_OWNERS }).notNull(),
    ownerId: bigint("owner_id", { mode: "number" }).notNull(),
    /** The owner's customer: the portfolio rule (access.ts) decides who sees the file through it. */
    customerId: bigint("customer_id", { mode: "number" })
      .notNull()
      .references(() => customers.id),
    purpose: text("purpose", { enum: ATTACHMENT_PURPOSES }).notNull().default("evidence"),
    fileName: text("file_name").notNull(),
    /** Sniffed from the bytes (attachment.rules.ts), never taken from the client. */
    mediaType: text("media_type").notNull(),
    size: integer("size").notNull(),
    sha256: text("sha256").notNull(),
    /** Null once removed: the row (name, hash, who, when) stays for the audit trail, the bytes go. */
    content: bytea("content"),
    uploadedBy: bigint("uploaded_by", { mode: "number" })
      .notNull()
      .references(() => users.id),
    uploadedAt: timestamp("uploaded_at", { withTimezone: true }).notNull(),
    removedAt: timestamp("removed_at", { withTimezone: true }),
    removedBy: text("removed_by"),
  },
  (t) => [
    index("attachments_owner_idx").on(t.ownerType, t.ownerId, t.id),
    index("attachments_customer_idx").on(t.customerId, t.uploadedAt),
  ],
);
