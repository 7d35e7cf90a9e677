// The debtor portal (issue 7 §4): links sent in statements and reminders, what the customer's contact did through
// them, and the installment proposals a collector approves or turns down. A link's token is random and only its
// SHA-256 is stored, so the table alone cannot open any page.
import { sql } from "drizzle-orm";
import { bigint, char, index, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { contacts, customers } from "../ledger/ledger.schema.ts";
import { outboxMessages, TEMPLATE_LANGUAGES } from "../messaging/messaging.schema.ts";

/** What a contact can do on the page; each is one row in portal_actions. */
export const PORTAL_ACTIONS = ["confirm_balance", "dispute", "promise", "installment_proposal"] as const;
export type PortalAction = (typeof PORTAL_ACTIONS)[number];
/** proposed -> approved | declined (by a collector or manager). */
export const PROPOSAL_STATUSES = ["proposed", "approved", "declined"] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

const id = () => bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity();
const ref = (name: string) => bigint(name, { mode: "number" });
const at = (name: string) => timestamp(name, { withTimezone: true });

export const portalLinks = pgTable(
  "portal_links",
  {
    id: id(),
    customerId: ref("customer_id")
      .notNull()
      .references(() => customers.id),
    /** Who the link was sent to: the page speaks to them and records their actions under their name. */
    contactId: ref("contact_id").references(() => contacts.id),
    /** SHA-256 (hex) of the token; the token itself is only in the message that carried it. */
    tokenHash: text("token_hash").notNull(),
    language: text("language", { enum: TEMPLATE_LANGUAGES }),
    /** The message the link went out in, when it was made for one. */
    outboxMessageId: ref("outbox_message_id").references(() => outboxMessages.id),
    createdBy: text("created_by").notNull(),
    createdAt: at("created_at").notNull(),
    expiresAt: at("expires_at").notNull(),
    revokedAt: at("revoked_at"),
    revokedBy: text("revoked_by"),
    lastSeenAt: at("last_seen_at"),
  },
  (t) => [
    uniqueIndex("portal_links_token_uq").on(t.tokenHash),
    index("portal_links_customer_idx").on(t.customerId, t.createdAt),
  ],
);

export const portalActions = pgTable(
  "portal_actions",
  {
    id: id(),
    linkId: ref("link_id")
      .notNull()
      .references(() => portalLinks.id),
    customerId: ref("customer_id")
      .notNull()
      .references(() => customers.id),
    kind: text("kind", { enum: PORTAL_ACTIONS }).notNull(),
    /** What the action made: a statement confirmation, a dispute, a promise, a proposal. */
    objectType: text("object_type").notNull(),
    objectId: ref("object_id").notNull(),
    detail: jsonb("detail").notNull(),
    at: at("at").notNull(),
  },
  (t) => [
    index("portal_actions_link_idx").on(t.linkId, t.at),
    index("portal_actions_customer_idx").on(t.customerId, t.at),
  ],
);

export const installmentProposals = pgTable(
  "installment_proposals",
  {
    id: id(),
    customerId: ref("customer_id")
      .notNull()
      .references(() => customers.id),
    linkId: ref("link_id").references(() => portalLinks.id),
    contactId: ref("contact_id").references(() => contacts.id),
    currency: char("currency", { length: 3 }).notNull(),
    total: bigint("total", { mode: "bigint" }).notNull(),
    /** [{ dueOn: "YYYY-MM-DD", amount: "<minor units>" }], adding up to total exactly. */
    installments: jsonb("installments").notNull(),
    note: text("note"),
    status: text("status", { enum: PROPOSAL_STATUSES }).notNull().default("proposed"),
    createdAt: at("created_at").notNull(),
    decidedBy: text("decided_by"),
    decidedAt: at("decided_at"),
    decisionNote: text("decision_note"),
  },
  (t) => [
    index("installment_proposals_customer_idx").on(t.customerId, t.createdAt),
    index("installment_proposals_open_idx").on(t.createdAt).where(sql`status = 'proposed'`),
  ],
);

export type PortalLinkRow = typeof portalLinks.$inferSelect;
