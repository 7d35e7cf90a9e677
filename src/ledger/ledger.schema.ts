import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  char,
  date,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { users } from "../auth/users.schema.ts";

export const DEBTOR_TYPES = ["business", "sole_trader", "consumer"] as const;
export type DebtorType = (typeof DEBTOR_TYPES)[number];
export const CONTACT_ROLES = ["owner", "finance", "purchasing", "other"] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];
export const CHANNELS = ["call", "sms", "email", "visit", "wechat", "letter"] as const;
export type Channel = (typeof CHANNELS)[number];
export const ADJUSTMENT_KINDS = ["credit_note", "write_off"] as const;
export type AdjustmentKind = (typeof ADJUSTMENT_KINDS)[number];

const id = () => bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity();
const ref = (name: string) => bigint(name, { mode: "number" });
/** Money is always an integer count of minor units next to its ISO 4217 code. */
const minor = (name: string) => bigint(name, { mode: "bigint" });
const stamps = {
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().default(sql`now()`),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().default(sql`now()`),
};

export const customers = pgTable(
  "customers",
  {
    id: id(),
    code: text("code").notNull(),
    name: text("name").notNull(),
    creditLimit: minor("credit_limit"),
    creditCurrency: char("credit_currency", { length: 3 }),
    paymentTermsDays: integer("payment_terms_days").notNull().default(30),
    creditRating: text("credit_rating"),
    country: text("country"),
    timeZone: text("time_zone"),
    debtorType: text("debtor_type", { enum: DEBTOR_TYPES }).notNull().default("business"),
    collectorId: ref("collector_id").references(() => users.id),
    creditHold: boolean("credit_hold").notNull().default(false),
    prepayOnly: boolean("prepay_only").notNull().default(false),
    legal: boolean("legal").notNull().default(false),
    doNotContact: boolean("do_not_contact").notNull().default(false),
    middleman: boolean("middleman").notNull().default(false),
    foreignTrade: boolean("foreign_trade").notNull().default(false),
    notes: text("notes"),
    version: integer("version").notNull().default(1),
    /** Pinyin initials of the name, lower case (华夏金贸 → hxjm), for search; `nameInitialsOf` is the name they were
     * computed from. Every path that writes names (imports by COPY too) leaves them alone: a name that differs from
     * `nameInitialsOf` is picked up by the partial index below and filled before a search (fill-name-initials.ts). */
    nameInitials: text("name_initials"),
    nameInitialsOf: text("name_initials_of"),
    /** What the customer list searches with one case-sensitive LIKE (several ILIKEs cost four times as much). */
    searchText: text("search_text").generatedAlwaysAs(
      sql`lower(code || ' ' || name) || ' ' || coalesce(name_initials, '')`,
    ),
    ...stamps,
  },
  (t) => [
    uniqueIndex("customers_code_uq").on(t.code),
    index("customers_collector_idx").on(t.collectorId),
    index("customers_initials_stale_idx").on(t.id).where(sql`name_initials_of is distinct from name`),
  ],
);

export const contacts = pgTable(
  "contacts",
  {
    id: id(),
    customerId: ref("customer_id")
      .notNull()
      .references(() => customers.id),
    name: text("name").notNull(),
    role: text("role", { enum: CONTACT_ROLES }).notNull().default("other"),
    phones: text("phones").array().notNull().default(sql`'{}'::text[]`),
    emails: text("emails").array().notNull().default(sql`'{}'::text[]`),
    preferredChannel: text("preferred_channel", { enum: CHANNELS }),
    timeZone: text("time_zone"),
    optOutCall: boolean("opt_out_call").notNull().default(false),
    optOutSms: boolean("opt_out_sms").notNull().default(false),
    optOutEmail: boolean("opt_out_email").notNull().default(false),
    consentNote: text("consent_note"),
    notes: text("notes"),
    version: integer("version").notNull().default(1),
    ...stamps,
  },
  (t) => [uniqueIndex("contacts_customer_name_uq").on(t.customerId, t.name)],
);

export const invoices = pgTable(
  "invoices",
  {
    id: id(),
    /** Checked per statement by a trigger, not per row (see migrations: ledger integrity triggers). */
    customerId: ref("customer_id").notNull(),
    /** Text on purpose: leading zeros in ERP document numbers matter. */
    number: text("number").notNull(),
    issueDate: date("issue_date", { mode: "string" }).notNull(),
    dueDate: date("due_date", { mode: "string" }).notNull(),
    amount: minor("amount").notNull(),
    currency: char("currency", { length: 3 }).notNull(),
    reference: text("reference"),
    disputed: boolean("disputed").notNull().default(false),
    ...stamps,
  },
  // Beside it, invoices_fifo_idx (migration 0025: its INCLUDE is beyond what Drizzle can express): (customer,
  // currency, due date, issue date, id) with amount and disputed, from which aging and the daily run read a
  // customer range in FIFO order, without the table and without a sort.
  (t) => [uniqueIndex("invoices_customer_number_uq").on(t.customerId, t.number)],
);

export const deliveryRecords = pgTable(
  "delivery_records",
  {
    id: id(),
    invoiceId: ref("invoice_id")
      .notNull()
      .references(() => invoices.id),
    deliveredOn: date("delivered_on", { mode: "string" }).notNull(),
    items: text("items").notNull(),
    quantity: text("quantity"),
    amount: minor("amount"),
    signedBy: text("signed_by"),
    signedAt: timestamp("signed_at", { withTimezone: true }),
    attachmentRef: text("attachment_ref"),
    createdAt: stamps.createdAt,
  },
  (t) => [index("delivery_records_invoice_idx").on(t.invoiceId)],
);

export const payments = pgTable(
  "payments",
  {
    id: id(),
    /** Checked per statement by a trigger, not per row (see migrations: ledger integrity triggers). */
    customerId: ref("customer_id").notNull(),
    reference: text("reference").notNull(),
    paidOn: date("paid_on", { mode: "string" }).notNull(),
    amount: minor("amount").notNull(),
    currency: char("currency", { length: 3 }).notNull(),
    method: text("method"),
    /** Set when the payment was created from an invoice's paid/settled date in an import. */
    settlesInvoiceId: ref("settles_invoice_id").references(() => invoices.id),
    /**
     * A payment that bounced or was booked by mistake is reversed, not deleted: it counts as of the dates before
     * `reversedOn` and not from that day on (its allocations with it), so earlier statements stay as they were.
     */
    reversedOn: date("reversed_on", { mode: "string" }),
    reversalReason: text("reversal_reason"),
    reversedBy: text("reversed_by"),
    ...stamps,
  },
  (t) => [
    uniqueIndex("payments_customer_reference_uq").on(t.customerId, t.reference),
    index("payments_customer_paid_idx").on(t.customerId, t.currency, t.paidOn),
  ],
);

/** Explicit allocations only; the rest of a payment is applied oldest-due-first when balances are computed. */
export const allocations = pgTable(
  "allocations",
  {
    id: id(),
    paymentId: ref("payment_id")
      .notNull()
      .references(() => payments.id, { onDelete: "cascade" }),
    invoiceId: ref("invoice_id")
      .notNull()
      .references(() => invoices.id),
    amount: minor("amount").notNull(),
    createdAt: stamps.createdAt,
  },
  (t) => [
    uniqueIndex("allocations_payment_invoice_uq").on(t.paymentId, t.invoiceId),
    index("allocations_invoice_idx").on(t.invoiceId),
  ],
);

/** Credit notes and write-offs: a positive amount reduces what the customer owes. */
export const adjustments = pgTable(
  "adjustments",
  {
    id: id(),
    customerId: ref("customer_id")
      .notNull()
      .references(() => customers.id),
    invoiceId: ref("invoice_id").references(() => invoices.id),
    kind: text("kind", { enum: ADJUSTMENT_KINDS }).notNull(),
    adjustedOn: date("adjusted_on", { mode: "string" }).notNull(),
    amount: minor("amount").notNull(),
    currency: char("currency", { length: 3 }).notNull(),
    reason: text("reason").notNull(),
    reference: text("reference"),
    createdAt: stamps.createdAt,
  },
  (t) => [index("adjustments_customer_idx").on(t.customerId, t.currency, t.adjustedOn)],
);

/**
 * A statement of account (对账单) whose balance-confirmation slip came back signed: the customer confirmed what it
 * owed on a date. It acknowledges the invoices open on that date (statement_confirmation_invoices), which restarts
 * their limitation clock (limitation.rules.ts). The scan of the slip is an attachment (src/attachments).
 */
export const statementConfirmations = pgTable(
  "statement_confirmations",
  {
    id: id(),
    customerId: ref("customer_id")
      .notNull()
      .references(() => customers.id),
    /** The day the customer signed the slip. */
    confirmedOn: date("confirmed_on", { mode: "string" }).notNull(),
    currency: char("currency", { length: 3 }).notNull(),
    /** What the customer confirmed, and what our ledger said was open that day (a difference needs a look). */
    confirmedBalance: minor("confirmed_balance").notNull(),
    ledgerBalance: minor("ledger_balance").notNull(),
    /** Who signed for the customer. */
    signedBy: text("signed_by").notNull(),
    note: text("note"),
    recordedBy: text("recorded_by").notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("statement_confirmations_customer_idx").on(t.customerId, t.confirmedOn)],
);

export const statementConfirmationInvoices = pgTable(
  "statement_confirmation_invoices",
  {
    confirmationId: ref("confirmation_id")
      .notNull()
      .references(() => statementConfirmations.id),
    invoiceId: ref("invoice_id")
      .notNull()
      .references(() => invoices.id),
  },
  (t) => [
    uniqueIndex("statement_confirmation_invoices_uq").on(t.confirmationId, t.invoiceId),
    index("statement_confirmation_invoices_invoice_idx").on(t.invoiceId),
  ],
);
