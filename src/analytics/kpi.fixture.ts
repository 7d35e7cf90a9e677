// A small hand-built company for the KPI tests: every figure the tests expect is worked out by hand in
// get-kpis.test.ts from these rows. Company time zone: Asia/Shanghai (the default setting), UTC+8.
import { sql } from "drizzle-orm";
import { addUser } from "../auth/manage-users.ts";
import type { AuthUser } from "../auth/sessions.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";

export const PASSWORDS = {
  c1: "c1-long-password",
  c2: "c2-long-password",
  boss: "boss-long-password",
  fin: "fin-long-password",
};

export type KpiFixture = { users: Record<"c1" | "c2" | "boss" | "fin", AuthUser>; admin: AuthUser };

/**
 * Customers: A (c1, team east), B (c2, team west), C (unassigned, USD), D (c2, legal action).
 *  A: A-1 1000.00 issued 01-01 due 01-31; A-2 500.00 issued 02-10 due 03-12; paid 400.00 on 02-15 (oldest first, so
 *     to A-1); credit note 100.00 on A-1 on 02-25.
 *  B: B-1 2000.00 issued 2024-12-01 due 2024-12-31; paid in full on 02-20.
 *  C: C-1 300.00 USD issued 02-01 due 02-28.
 *  D: D-1 200.00 issued 02-05 due 02-25; legal action started.
 */
export async function loadKpiFixture(database: Database): Promise<KpiFixture> {
  const deps = { database, now: () => new Date("2025-03-10T00:00:00Z") };
  const add = async (login: keyof typeof PASSWORDS, role: string, team: string | null) => {
    const u = await addUser(deps, { login, name: `User ${login}`, role, team, password: PASSWORDS[login] }, "test");
    return { id: u.id, login, name: `User ${login}`, role: u.role, team } as AuthUser;
  };
  const users = {
    c1: await add("c1", "collector", "east"),
    c2: await add("c2", "collector", "west"),
    boss: await add("boss", "manager", "east"),
    fin: await add("fin", "finance", null),
  };
  const db = database.db;
  const customer = async (code: string, collectorId: number | null, legal = false) => {
    const [c] = await queryRows<{ id: string }>(
      db,
      sql`insert into customers (code, name, collector_id, legal) values (${code}, ${`Customer ${code}`}, ${collectorId}, ${legal})
          returning id`,
    );
    return Number(c?.id);
  };
  const a = await customer("A", users.c1.id);
  const b = await customer("B", users.c2.id);
  const c = await customer("C", null);
  const d = await customer("D", users.c2.id, true);
  await db.execute(sql`insert into invoices (customer_id, number, issue_date, due_date, amount, currency) values
    (${a}, 'A-1', '2025-01-01', '2025-01-31', 100000, 'CNY'),
    (${a}, 'A-2', '2025-02-10', '2025-03-12', 50000, 'CNY'),
    (${b}, 'B-1', '2024-12-01', '2024-12-31', 200000, 'CNY'),
    (${c}, 'C-1', '2025-02-01', '2025-02-28', 30000, 'USD'),
    (${d}, 'D-1', '2025-02-05', '2025-02-25', 20000, 'CNY')`);
  await db.execute(sql`insert into payments (customer_id, reference, paid_on, amount, currency) values
    (${a}, 'PA', '2025-02-15', 40000, 'CNY'),
    (${b}, 'PB', '2025-02-20', 200000, 'CNY')`);
  await db.execute(sql`insert into adjustments (customer_id, invoice_id, kind, adjusted_on, amount, currency, reason)
    select ${a}, id, 'credit_note', '2025-02-25', 10000, 'CNY', 'damaged goods' from invoices where number = 'A-1'`);

  const ix = (customerId: number, at: string, direction: string, channel: string, outcome: string) =>
    sql`(${customerId}, ${channel}, ${direction}, ${at}::timestamptz, ${outcome}, 'test')`;
  await db.execute(sql`insert into interactions (customer_id, channel, direction, at, outcome, actor) values
    ${sql.join(
      [
        // 23:00 on 31 January in Shanghai: January.
        ix(a, "2025-01-31T15:00:00Z", "outbound", "call", "no_answer"),
        // 01:00 on 1 February in Shanghai: February.
        ix(a, "2025-01-31T17:00:00Z", "outbound", "call", "refused"),
        ix(a, "2025-02-03T02:00:00Z", "outbound", "call", "no_answer"),
        ix(a, "2025-02-04T02:00:00Z", "outbound", "call", "connected"),
        ix(a, "2025-02-05T02:00:00Z", "outbound", "call", "promise_to_pay"),
        ix(a, "2025-02-06T02:00:00Z", "outbound", "sms", "left_message"),
        ix(a, "2025-02-07T03:00:00Z", "inbound", "call", "complaint"),
        // 00:30 on 1 March in Shanghai: March.
        ix(a, "2025-02-28T16:30:00Z", "outbound", "call", "no_answer"),
        ix(b, "2025-02-10T02:00:00Z", "outbound", "call", "promise_to_pay"),
      ],
      sql`, `,
    )}`);
  await db.execute(sql`insert into promises (customer_id, amount, currency, promised_on, made_on, status, created_by) values
    (${a}, 40000, 'CNY', '2025-02-15', '2025-02-05', 'kept', 'c1'),
    (${a}, 50000, 'CNY', '2025-02-20', '2025-02-10', 'broken', 'c1'),
    (${a}, 70000, 'CNY', '2025-02-21', '2025-02-11', 'cancelled', 'c1')`);
  // A: forgot from 20 January, hardship from 15 February (its state's); B: deliberate from 5 March.
  await db.execute(sql`insert into cause_history (customer_id, cause, confidence, source, evidence, set_by, as_of,
      ended_on) values
    (${a}, 'forgot', 0.6, 'rule', '[]', 'run', '2025-01-20', '2025-02-15')`);
  await db.execute(sql`insert into collection_states (customer_id, as_of, currency, balance, overdue, days_past_due,
      grade, cause, cause_confidence, cause_source, cause_evidence, cause_since, cause_set_by) values
    (${a}, '2025-03-31', 'CNY', 0, 0, 0, 'current', 'hardship', 0.8, 'rule', '[]', '2025-02-15', 'run'),
    (${b}, '2025-03-31', 'CNY', 0, 0, 0, 'current', 'deliberate', 0.9, 'rule', '[]', '2025-03-05', 'run')`);
  await db.execute(sql`insert into tasks (run_date, customer_id, collector_id, kind, action, priority, reasons, grade,
      amount_overdue, currency, playbook_id, variant, step_index) values
    ('2025-02-10', ${a}, ${users.c1.id}, 'call', 'call', 50, '[]', 'overdue', 100000, 'CNY', 'hardship', 'challenger', 1),
    ('2025-03-02', ${a}, ${users.c1.id}, 'call', 'call', 50, '[]', 'overdue', 100000, 'CNY', 'hardship', 'challenger', 2)`);
  const admin: AuthUser = { id: 0, login: "admin", name: "Admin", role: "admin", team: null };
  return { users, admin };
}
