// Payment plans (还款计划 / 还款协议): a total paid as a down payment and dated installments that sum to it exactly;
// disputes and visit appointments.
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  char,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { users } from "../auth/users.schema.ts";
import { interactions } from "../collection/collection.schema.ts";
import { adjustments, contacts, customers, deliveryRecords, invoices } from "../ledger/ledger.schema.ts";

export const PLAN_STATUSES = ["active", "completed", "broken", "cancelled"] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];
/**
 * "pending" until the plan is first followed up; then from payments (plan-status.rules.ts): due (date not passed,
 * nothing paid), partially_paid (date not passed), paid, overdue (date passed, within the grace days), missed.
 */
export const INSTALLMENT_STATUSES = ["pending", "due", "partially_paid", "paid", "overdue", "missed"] as const;
export type InstallmentStatus = (typeof INSTALLMENT_STATUSES)[number];

export const paymentPlans = pgTable(
  "payment_plans",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    customerId: bigint("customer_id", { mode: "number" }).notNull(),
    currency: char("currency", { length: 3 }).notNull(),
    total: bigint("total", { mode: "bigint" }).notNull(),
    downPayment: bigint("down_payment", { mode: "bigint" }).notNull().default(sql`0`),
    /** Conditions agreed with the plan, e.g. new orders prepaid. */
    terms: text("terms"),
    status: text("status", { enum: PLAN_STATUSES }).notNull().default("active"),
    graceDays: integer("grace_days").notNull().default(3),
    createdBy: text("created_by").notNull(),
    createdOn: date("created_on", { mode: "string" }).notNull(),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().default(sql`now()`),
    /** The signed agreement came back: when it was attached, by whom, and the attachment (src/attachments). */
    signedAt: timestamp("signed_at", { withTimezone: true }),
    signedBy: text("signed_by"),
    signedAttachmentId: bigint("signed_attachment_id", { mode: "number" }),
  },
  (t) => [index("payment_plans_customer_idx").on(t.customerId, t.status)],
);

export const planInstallments = pgTable(
  "plan_installments",
  {
    planId: bigint("plan_id", { mode: "number" })
      .notNull()
      .references(() => paymentPlans.id),
    seq: integer("seq").notNull(),
    dueOn: date("due_on", { mode: "string" }).notNull(),
    amount: bigint("amount", { mode: "bigint" }).notNull(),
    status: text("status", { enum: INSTALLMENT_STATUSES }).notNull().default("pending"),
  },
  (t) => [uniqueIndex("plan_installments_plan_seq_uq").on(t.planId, t.seq)],
);

/** The invoices a plan covers. A plan never covers an invoice under an open dispute (create-plan.ts). */
export const planInvoices = pgTable(
  "plan_invoices",
  {
    planId: bigint("plan_id", { mode: "number" })
      .notNull()
      .references(() => paymentPlans.id),
    invoiceId: bigint("invoice_id", { mode: "number" })
      .notNull()
      .references(() => invoices.id),
  },
  (t) => [
    uniqueIndex("plan_invoices_plan_invoice_uq").on(t.planId, t.invoiceId),
    index("plan_invoices_invoice_idx").on(t.invoiceId),
  ],
);

// Disputes (异议): an objection to an invoice, or to one delivery behind it. While one is open or investigating the
// invoice carries `disputed`, which holds it out of reminders; a credit resolution writes a credit note.
export const DISPUTE_CATEGORIES = [
  "quality",
  "quantity",
  "price",
  "delivery",
  "service",
  "billing_error",
  "not_received",
] as const;
export type DisputeCategory = (typeof DISPUTE_CATEGORIES)[number];
export const DISPUTE_STATUSES = ["open", "investigating", "resolved", "rejected"] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];
export const DISPUTE_RESOLUTIONS = ["credit_note", "replacement", "explanation", "partial_credit"] as const;
export type DisputeResolution = (typeof DISPUTE_RESOLUTIONS)[number];

export const disputes = pgTable(
  "disputes",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    customerId: bigint("customer_id", { mode: "number" })
      .notNull()
      .references(() => customers.id),
    invoiceId: bigint("invoice_id", { mode: "number" })
      .notNull()
      .references(() => invoices.id),
    deliveryRecordId: bigint("delivery_record_id", { mode: "number" }).references(() => deliveryRecords.id),
    category: text("category", { enum: DISPUTE_CATEGORIES }).notNull(),
    amount: bigint("amount", { mode: "bigint" }).notNull(),
    currency: char("currency", { length: 3 }).notNull(),
    description: text("description").notNull(),
    ownerId: bigint("owner_id", { mode: "number" }).references(() => users.id),
    status: text("status", { enum: DISPUTE_STATUSES }).notNull().default("open"),
    resolution: text("resolution", { enum: DISPUTE_RESOLUTIONS }),
    resolutionNote: text("resolution_note"),
    /** What a credit_note or partial_credit resolution credited; the credit note itself is `adjustmentId`. */
    creditedAmount: bigint("credited_amount", { mode: "bigint" }),
    adjustmentId: bigint("adjustment_id", { mode: "number" }).references(() => adjustments.id),
    escalated: boolean("escalated").notNull().default(false),
    escalatedAt: timestamp("escalated_at", { withTimezone: true }),
    /** The manager it went to (the owner's team manager), when there is one. */
    escalatedTo: bigint("escalated_to", { mode: "number" }).references(() => users.id),
    openedOn: date("opened_on", { mode: "string" }).notNull(),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    createdBy: text("created_by").notNull(),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    index("disputes_customer_idx").on(t.customerId, t.status),
    index("disputes_invoice_idx").on(t.invoiceId, t.status),
    index("disputes_board_idx").on(t.status, t.id),
  ],
);

// Visit appointments (上门拜访): agreed with the customer, inside the contact gate's hours; done means visited.
export const APPOINTMENT_STATUSES = ["proposed", "confirmed", "cancelled", "done"] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

export const visitAppointments = pgTable(
  "visit_appointments",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    customerId: bigint("customer_id", { mode: "number" })
      .notNull()
      .references(() => customers.id),
    contactId: bigint("contact_id", { mode: "number" }).references(() => contacts.id),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    /** The zone the time was agreed in (the contact's, else the customer's): local times are shown in it. */
    timeZone: text("time_zone").notNull(),
    place: text("place").notNull(),
    agenda: text("agenda"),
    attendees: jsonb("attendees").$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    status: text("status", { enum: APPOINTMENT_STATUSES }).notNull().default("proposed"),
    remindAt: timestamp("remind_at", { withTimezone: true }),
    /** Why a time the gate warns about (outside preferred hours) was kept. */
    overrideReason: text("override_reason"),
    /** The visit recorded when the appointment was marked done. */
    interactionId: bigint("interaction_id", { mode: "number" }).references(() => interactions.id),
    createdBy: text("created_by").notNull(),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    index("visit_appointments_customer_idx").on(t.customerId, t.startsAt),
    // The reminder job reads the pending appointments whose reminder is due (remind-appointments.ts).
    index("visit_appointments_remind_idx")
      .on(t.remindAt)
      .where(sql`remind_at is not null and status in ('proposed', 'confirmed')`),
  ],
);

// What the system tells a user by itself: a visit reminder when its time comes (remind-appointments.ts). Shown on My
// day until read; `key` makes each one be produced once, however often and in however many processes the job runs.
// Also what a customer did on the portal (portal_action) and an e-mail reply that paused reminders (inbound_email).
export const NOTIFICATION_KINDS = ["appointment_reminder", "portal_action", "inbound_email"] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const userNotifications = pgTable(
  "user_notifications",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    userId: bigint("user_id", { mode: "number" })
      .notNull()
      .references(() => users.id),
    customerId: bigint("customer_id", { mode: "number" }).references(() => customers.id),
    kind: text("kind", { enum: NOTIFICATION_KINDS }).notNull(),
    /** e.g. "appointment:42:2025-03-12T02:00:00.000Z:7" (appointment, reminder instant, user). */
    key: text("key").notNull(),
    objectId: bigint("object_id", { mode: "number" }).notNull(),
    title: text("title").notNull(),
    detail: jsonb("detail").notNull(),
    dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    readAt: timestamp("read_at", { withTimezone: true }),
    /** The e-mail queued for it in the outbox, if the user has an address and SMTP is set. */
    outboxId: bigint("outbox_id", { mode: "number" }),
  },
  (t) => [
    uniqueIndex("user_notifications_key_uq").on(t.key),
    index("user_notifications_user_idx").on(t.userId, t.readAt, t.dueAt),
  ],
);
