// Payment plans (还款计划 / 还款协议): a total paid as a down payment and dated installments that sum to it exactly.
import { sql } from "drizzle-orm";
import { bigint, char, date, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

export const PLAN_STATUSES = ["active", "completed", "broken", "cancelled"] as const;
export const INSTALLMENT_STATUSES = ["pending", "paid", "partially_paid", "missed"] as const;

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
