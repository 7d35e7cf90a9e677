// Model-based test: random sequences of invoices, payments, credit notes and write-offs go into a real database,
// and after every step the aging as of several dates must equal a plain in-memory model of oldest-due-first
// application (nothing dated after the as-of date seen, excess credit carried to the next invoices).
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, openTestDatabase, uniquePrefix } from "../../test/test-database.ts";
import { addDays, daysBetween } from "../calendar/calendar-date.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { forEachAgingCustomer } from "./get-aging.ts";

const DAY0 = "2025-01-01";
type Op =
  | { kind: "invoice"; customer: number; amount: number; issue: number; dueIn: number }
  | { kind: "payment"; customer: number; amount: number; day: number }
  | { kind: "credit"; invoice: number; amount: number; day: number }
  | { kind: "writeoff"; customer: number; amount: number; day: number };

type ModelInvoice = { id: number; customer: number; amount: number; issue: string; due: string };
type Model = {
  invoices: ModelInvoice[];
  payments: { customer: number; amount: number; day: string }[];
  credits: { invoice: number; amount: number; day: string }[];
  writeoffs: { customer: number; amount: number; day: string }[];
};

/** What each customer had open as of `asOf`: the total and the oldest open item's days past due. */
function modelAging(m: Model, asOf: string): Map<number, { open: number; maxDays: number }> {
  const out = new Map<number, { open: number; maxDays: number }>();
  for (const customer of new Set(m.invoices.map((i) => i.customer))) {
    const invoices = m.invoices
      .filter((i) => i.customer === customer && i.issue <= asOf)
      .map((i) => {
        const credited = m.credits.filter((c) => c.invoice === i.id && c.day <= asOf).reduce((a, c) => a + c.amount, 0);
        return { ...i, remaining: i.amount - credited };
      })
      .sort((a, b) =>
        a.due < b.due ? -1 : a.due > b.due ? 1 : a.issue < b.issue ? -1 : a.issue > b.issue ? 1 : a.id - b.id,
      );
    let credit =
      m.payments.filter((p) => p.customer === customer && p.day <= asOf).reduce((a, p) => a + p.amount, 0) +
      m.writeoffs.filter((w) => w.customer === customer && w.day <= asOf).reduce((a, w) => a + w.amount, 0) +
      invoices.reduce((a, i) => a + Math.max(0, -i.remaining), 0);
    let open = 0;
    let maxDays = 0;
    for (const i of invoices) {
      const rem = Math.max(0, i.remaining);
      const used = Math.min(rem, credit);
      credit -= used;
      if (rem - used > 0) {
        open += rem - used;
        maxDays = Math.max(maxDays, Math.max(0, daysBetween(i.due, asOf)));
      }
    }
    if (open > 0) out.set(customer, { open, maxDays });
  }
  return out;
}

const opArb = (): fc.Arbitrary<Op> =>
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant("invoice" as const),
        customer: fc.integer({ min: 0, max: 2 }),
        amount: fc.integer({ min: 1, max: 10_000 }),
        issue: fc.integer({ min: 0, max: 60 }),
        dueIn: fc.integer({ min: 0, max: 60 }),
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant("payment" as const),
        customer: fc.integer({ min: 0, max: 2 }),
        amount: fc.integer({ min: 1, max: 15_000 }),
        day: fc.integer({ min: 0, max: 120 }),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant("credit" as const),
        invoice: fc.nat(),
        amount: fc.integer({ min: 1, max: 12_000 }),
        day: fc.integer({ min: 0, max: 120 }),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant("writeoff" as const),
        customer: fc.integer({ min: 0, max: 2 }),
        amount: fc.integer({ min: 1, max: 5_000 }),
        day: fc.integer({ min: 0, max: 120 }),
      }),
    },
  );

describe.each(ENGINES)("aging against a model on %s", (engine) => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
  });
  afterAll(() => database.close());

  it("matches the model after every step, as of every date (random sequences)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb(), { minLength: 1, maxLength: 14 }), async (rawOps) => {
        const prefix = uniquePrefix("MOD");
        const customerIds: number[] = [];
        for (let k = 0; k < 3; k++) {
          const [c] = await queryRows<{ id: string }>(
            database.db,
            sql`insert into customers (code, name) values (${`${prefix}-${k}`}, ${`model ${k}`}) returning id`,
          );
          customerIds.push(Number(c?.id));
        }
        const model: Model = { invoices: [], payments: [], credits: [], writeoffs: [] };
        const dbIds: number[] = [];
        let n = 0;
        for (const op of rawOps) {
          n++;
          if (op.kind === "invoice") {
            const issue = addDays(DAY0, op.issue);
            const due = addDays(issue, op.dueIn);
            const [r] = await queryRows<{ id: string }>(
              database.db,
              sql`insert into invoices (customer_id, number, issue_date, due_date, amount, currency)
                  values (${customerIds[op.customer]}, ${`I${n}`}, ${issue}::date, ${due}::date, ${op.amount}, 'CNY') returning id`,
            );
            dbIds.push(Number(r?.id));
            model.invoices.push({ id: dbIds.length - 1, customer: op.customer, amount: op.amount, issue, due });
          } else if (op.kind === "payment") {
            const day = addDays(DAY0, op.day);
            await database.db.execute(sql`insert into payments (customer_id, reference, paid_on, amount, currency)
              values (${customerIds[op.customer]}, ${`P${n}`}, ${day}::date, ${op.amount}, 'CNY')`);
            model.payments.push({ customer: op.customer, amount: op.amount, day });
          } else if (op.kind === "credit") {
            if (!model.invoices.length) continue;
            const inv = model.invoices[op.invoice % model.invoices.length] as ModelInvoice;
            const day = addDays(DAY0, op.day);
            await database.db.execute(sql`insert into adjustments (customer_id, invoice_id, kind, adjusted_on, amount, currency, reason)
              values (${customerIds[inv.customer]}, ${dbIds[inv.id]}, 'credit_note', ${day}::date, ${op.amount}, 'CNY', 'model')`);
            model.credits.push({ invoice: inv.id, amount: op.amount, day });
          } else {
            const day = addDays(DAY0, op.day);
            await database.db.execute(sql`insert into adjustments (customer_id, kind, adjusted_on, amount, currency, reason)
              values (${customerIds[op.customer]}, 'write_off', ${day}::date, ${op.amount}, 'CNY', 'model')`);
            model.writeoffs.push({ customer: op.customer, amount: op.amount, day });
          }
          for (const offset of [0, 15, 45, 90, 140]) {
            const asOf = addDays(DAY0, offset);
            const actual = new Map<number, { open: number; maxDays: number }>();
            await forEachAgingCustomer(database, { asOf, scope: { customerIds } }, (rows) => {
              for (const r of rows) {
                actual.set(customerIds.indexOf(r.customerId), {
                  open: Number(r.openAmount),
                  maxDays: r.maxDaysPastDue,
                });
              }
            });
            expect(actual).toEqual(modelAging(model, asOf));
          }
        }
      }),
      { numRuns: 25 },
    );
  });
});
