// Messaging tables: templates, the transactional outbox, opt-outs by channel and address, and the delivery events
// providers report (deduplicated by their event id).
import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { bytea } from "../attachments/attachments.schema.ts";
import { users } from "../auth/users.schema.ts";
import { CAUSES, TONES } from "../collection/collection.enums.ts";
import { contacts, customers } from "../ledger/ledger.schema.ts";

export const MESSAGE_CHANNELS = ["email", "sms", "letter"] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];
export const TEMPLATE_LANGUAGES = ["zh-CN", "en"] as const;
export type TemplateLanguage = (typeof TEMPLATE_LANGUAGES)[number];

/**
 * queued -> sending -> sent; queued -> waiting_window -> sending (the gate's hours); sending -> queued (temporary
 * failure, retried later) or failed; queued/waiting_window -> cancelled (opt-out, gate refusal, by hand).
 */
export const OUTBOX_STATUSES = ["queued", "sending", "sent", "failed", "cancelled", "waiting_window"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];
/** Statuses of a message that has not gone out yet and may still be cancelled. */
export const PENDING_STATUSES = ["queued", "waiting_window"] as const satisfies readonly OutboxStatus[];
export const OPT_OUT_SOURCES = ["unsubscribe", "sms_keyword", "manual"] as const;

const id = () => bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity();
const ref = (name: string) => bigint(name, { mode: "number" });
const at = (name: string) => timestamp(name, { withTimezone: true });

export const messageTemplates = pgTable(
  "message_templates",
  {
    id: id(),
    key: text("key").notNull(),
    channel: text("channel", { enum: MESSAGE_CHANNELS }).notNull(),
    language: text("language", { enum: TEMPLATE_LANGUAGES }).notNull(),
    /** Playbook tags: which step, cause and tone the template suits (null: any). */
    step: text("step"),
    cause: text("cause", { enum: CAUSES }),
    tone: text("tone", { enum: TONES }),
    name: text("name").notNull(),
    subject: text("subject"),
    body: text("body").notNull(),
    /** Why a template the language check warns about was saved anyway. */
    checkReason: text("check_reason"),
    active: boolean("active").notNull().default(true),
    version: integer("version").notNull().default(1),
    updatedBy: text("updated_by").notNull(),
    createdAt: at("created_at").notNull().default(sql`now()`),
    updatedAt: at("updated_at").notNull().default(sql`now()`),
  },
  (t) => [uniqueIndex("message_templates_key_uq").on(t.key, t.channel, t.language)],
);

export const outboxMessages = pgTable(
  "outbox_messages",
  {
    id: id(),
    customerId: ref("customer_id")
      .notNull()
      .references(() => customers.id),
    contactId: ref("contact_id").references(() => contacts.id),
    channel: text("channel", { enum: MESSAGE_CHANNELS }).notNull(),
    address: text("address").notNull(),
    language: text("language", { enum: TEMPLATE_LANGUAGES }).notNull(),
    subject: text("subject"),
    body: text("body").notNull(),
    templateId: ref("template_id").references(() => messageTemplates.id),
    templateVersion: integer("template_version"),
    /**
     * A notice to one of our own users (a visit reminder), not a message to the customer: no contact gate, no
     * opt-out, not on the customer's timeline. `customerId` is the customer it is about.
     */
    recipientUserId: ref("recipient_user_id").references(() => users.id),
    /** A scheduled reminder rather than a person's message (the gate is stricter with those). */
    automated: boolean("automated").notNull().default(false),
    /** Why it goes ahead despite a warning (language check at enqueue, the gate at send time). */
    overrideReason: text("override_reason"),
    status: text("status", { enum: OUTBOX_STATUSES }).notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: at("next_attempt_at").notNull(),
    /** When the current send began (status sending): a row left in sending after a crash is found by it. */
    sendingSince: at("sending_since"),
    providerMessageId: text("provider_message_id"),
    /** The Message-ID header an e-mail went out with: a reply's In-Reply-To / References find the message by it. */
    messageId: text("message_id"),
    /** The gate's reservation for this send (contact_attempts.id). */
    attemptId: ref("attempt_id"),
    idempotencyKey: text("idempotency_key").notNull(),
    error: text("error"),
    createdBy: text("created_by").notNull(),
    createdAt: at("created_at").notNull().default(sql`now()`),
    updatedAt: at("updated_at").notNull().default(sql`now()`),
    sentAt: at("sent_at"),
  },
  (t) => [
    uniqueIndex("outbox_messages_idempotency_uq").on(t.idempotencyKey),
    index("outbox_messages_due_idx").on(t.nextAttemptAt).where(sql`status in ('queued', 'waiting_window')`),
    index("outbox_messages_address_idx").on(t.channel, t.address),
    index("outbox_messages_sending_idx").on(t.sendingSince).where(sql`status = 'sending'`),
    index("outbox_messages_contact_idx").on(t.contactId),
    index("outbox_messages_customer_idx").on(t.customerId, t.createdAt),
    index("outbox_messages_provider_idx").on(t.providerMessageId),
    index("outbox_messages_message_id_idx").on(t.messageId),
  ],
);

/**
 * Files an e-mail carries (the statement of account as a PDF), fixed when the message is queued: what was checked
 * and audited is what goes out, however late and from whichever process. In the database, like the messages, for
 * the same reason (several processes, no shared disk).
 */
export const outboxAttachments = pgTable(
  "outbox_attachments",
  {
    id: id(),
    messageId: ref("message_id")
      .notNull()
      .references(() => outboxMessages.id, { onDelete: "cascade" }),
    fileName: text("file_name").notNull(),
    mediaType: text("media_type").notNull(),
    size: integer("size").notNull(),
    content: bytea("content").notNull(),
  },
  (t) => [index("outbox_attachments_message_idx").on(t.messageId)],
);

/** Opt-outs per channel and address (conduct rule 8), also for addresses that belong to no contact (yet). */
export const messageOptOuts = pgTable(
  "message_opt_outs",
  {
    id: id(),
    channel: text("channel", { enum: MESSAGE_CHANNELS }).notNull(),
    /** Normalised: e-mail lower case, phone digits with a leading +. */
    address: text("address").notNull(),
    contactId: ref("contact_id").references(() => contacts.id),
    source: text("source", { enum: OPT_OUT_SOURCES }).notNull(),
    at: at("at").notNull(),
  },
  (t) => [uniqueIndex("message_opt_outs_address_uq").on(t.channel, t.address)],
);

/** Delivery-status and inbound events from providers; a provider's retry of the same event is recorded once. */
export const deliveryEvents = pgTable(
  "delivery_events",
  {
    id: id(),
    provider: text("provider").notNull(),
    eventId: text("event_id").notNull(),
    kind: text("kind").notNull(),
    outboxId: ref("outbox_id").references(() => outboxMessages.id),
    status: text("status"),
    payload: jsonb("payload").notNull(),
    receivedAt: at("received_at").notNull(),
  },
  (t) => [uniqueIndex("delivery_events_provider_event_uq").on(t.provider, t.eventId)],
);

/** How an inbound e-mail found its customer: the message it answers (In-Reply-To/References), the sender, or a manager. */
export const INBOUND_MATCHES = ["reply", "sender", "manual"] as const;
export type InboundMatch = (typeof INBOUND_MATCHES)[number];

/**
 * E-mail replies forwarded to POST /api/inbound/email (issue 7 §6), once per Message-ID. One without a customer
 * (customer_id null) waits in the managers' unmatched list until someone assigns it.
 */
export const inboundEmails = pgTable(
  "inbound_emails",
  {
    id: id(),
    messageId: text("message_id").notNull(),
    fromAddress: text("from_address").notNull(),
    toAddress: text("to_address"),
    subject: text("subject"),
    body: text("body").notNull(),
    inReplyTo: text("in_reply_to"),
    /** The References header as sent (space-separated Message-IDs). */
    referencesHeader: text("references_header"),
    customerId: ref("customer_id").references(() => customers.id),
    contactId: ref("contact_id").references(() => contacts.id),
    outboxMessageId: ref("outbox_message_id").references(() => outboxMessages.id),
    matchedBy: text("matched_by", { enum: INBOUND_MATCHES }),
    /** The interaction written on the customer's timeline (set once the e-mail has a customer). */
    interactionId: ref("interaction_id"),
    receivedAt: at("received_at").notNull(),
    acknowledgedAt: at("acknowledged_at"),
    acknowledgedBy: text("acknowledged_by"),
  },
  (t) => [
    uniqueIndex("inbound_emails_message_id_uq").on(t.messageId),
    index("inbound_emails_customer_idx").on(t.customerId, t.receivedAt),
    index("inbound_emails_unmatched_idx").on(t.receivedAt).where(sql`customer_id is null`),
  ],
);

/**
 * Automated reminders held for a customer who wrote back, until a collector has read the reply (one row per
 * customer; deleted when acknowledged). Enqueueing refuses automated messages and the sender leaves queued ones
 * waiting while the row exists.
 */
export const reminderPauses = pgTable("reminder_pauses", {
  customerId: ref("customer_id")
    .primaryKey()
    .references(() => customers.id),
  pausedAt: at("paused_at").notNull(),
  inboundEmailId: ref("inbound_email_id").references(() => inboundEmails.id),
  reason: text("reason").notNull(),
});

export type MessageTemplateRow = typeof messageTemplates.$inferSelect;
export type OutboxRow = typeof outboxMessages.$inferSelect;
