// The first big invoice load into an empty ledger drops indexes and keys and builds them again at the end. These
// tests use a database of their own (the path only starts when the invoices table is empty) and check that
// everything taken away comes back, and that a repeated number still ends in a row-level refusal.
import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempFiles } from "../../test/temp-files.ts";
import { ENGINES, openTestDatabase } from "../../test/test-database.ts";
import type { Database } from "../db/database.ts";
import { pgErrorCode, UNIQUE_VIOLATION } from "../db/pg-error.ts";
import { queryRows } from "../db/query-rows.ts";
import { ImportRejected, importFile } from "./import-file.ts";

const HEADERS = ["customer_code", "customer_name", "number", "issue_date", "due_date", "amount", "currency"];
const NOW = new Date("2025-01-15T08:00:00Z");
const { csvFile } = tempFiles();

/** Indexes of the invoices and customers tables, constraints and enabled triggers of invoices and the keys onto it. */
async function shapeOf(database: Database) {
  return {
    indexes: (
      await queryRows<{ d: string }>(
        database.db,
        sql`select indexdef as d from pg_indexes where tablename in ('invoices', 'customers') order by indexname`,
      )
    ).map((r) => r.d),
    constraints: (
      await queryRows<{ d: string }>(
        database.db,
        sql`select conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) as d from pg_constraint
          where conrelid = 'invoices'::regclass or confrelid = 'invoices'::regclass order by 1`,
      )
    ).map((r) => r.d),
    triggers: (
      await queryRows<{ d: string }>(
        database.db,
        sql`select tgname || ' ' || tgenabled::text as d from pg_trigger
          where tgrelid = 'invoices'::regclass and not tgisinternal order by 1`,
      )
    ).map((r) => r.d),
  };
}

function invoiceRows(customers: number, perCustomer: number): string[][] {
  const rows: string[][] = [HEADERS];
  for (let i = 0; i < customers * perCustomer; i++) {
    const c = i % customers;
    rows.push([`FL-${c}`, `Customer ${c}`, `N-${i}`, "2024-01-01", "2024-01-31", `${(i % 97) + 1}.00`, "CNY"]);
  }
  return rows;
}

describe.each(ENGINES)("the first invoice load on %s", (engine) => {
  let database: Database;
  beforeEach(async () => {
    database = await openTestDatabase(engine);
  });
  afterEach(async () => {
    await database.close();
  });
  // Chunks of 2,000 rows (the first a fifth of that) over reads of 1,000: the first COPY starts while the file is read.
  const load = (file: string) => importFile({ database, now: () => NOW, chunkRows: 2000 }, { kind: "invoices", file });

  it("builds back every index, key and trigger it set aside, and the rows are all there", async () => {
    const before = await shapeOf(database);
    expect(before.indexes.some((d) => d.includes("invoices_customer_number_uq"))).toBe(true);
    expect(before.constraints.some((d) => d.includes("PRIMARY KEY"))).toBe(true);
    const summary = await load(csvFile(invoiceRows(30, 150)));
    expect(summary).toMatchObject({ rows: 4500, inserted: 4500, customersCreated: 30, load: "first-load" });
    expect(await shapeOf(database)).toEqual(before);
    const [n] = await queryRows<{ n: number; customers: number }>(
      database.db,
      sql`select count(*)::int as n, count(distinct customer_id)::int as customers from invoices`,
    );
    expect(n).toEqual({ n: 4500, customers: 30 });
    // The unique index is back and enforcing: the same invoice again is an update path, not a second row.
    const again = await load(csvFile(invoiceRows(30, 150)));
    expect(again).toMatchObject({ inserted: 0, unchanged: 4500, load: "staging" });
  });

  it("keeps Chinese invoice numbers and references exact when rows are regrouped by customer", async () => {
    const rows = [[...HEADERS, "reference"]];
    for (let i = 0; i < 3000; i++) {
      const c = (i * 7) % 40;
      const zh = i % 3 === 0;
      rows.push([
        `ZH-${c}`,
        `客户${c}`,
        zh ? `发票-${i}` : `N-${i}`,
        "2024-01-01",
        "2024-01-31",
        `${i}.05`,
        "CNY",
        zh ? `订单 ${i}\t号` : `PO-${i}`,
      ]);
    }
    const summary = await load(csvFile(rows));
    expect(summary).toMatchObject({ inserted: 3000, load: "first-load" });
    const stored = await queryRows<{ code: string; number: string; reference: string; amount: string; id: number }>(
      database.db,
      sql`select c.code, i.number, i.reference, i.amount::text as amount, i.id::int as id
        from invoices i join customers c on c.id = i.customer_id`,
    );
    const expected = rows.slice(1).map((r, i) => `${r[0]}|${r[2]}|${r[7]}|${i * 100 + 5}`);
    expect(stored.map((r) => `${r.code}|${r.number}|${r.reference}|${r.amount}`).sort()).toEqual(expected.sort());
    // The ids the import sent itself are distinct, and the sequence moved past them for the next invoice.
    expect(new Set(stored.map((r) => r.id)).size).toBe(3000);
    const [next] = await queryRows<{ id: number }>(
      database.db,
      sql`insert into invoices (customer_id, number, issue_date, due_date, amount, currency)
        select id, 'AFTER', '2024-01-01', '2024-01-31', 1, 'CNY' from customers limit 1 returning id::int as id`,
    );
    expect(next?.id).toBeGreaterThan(Math.max(...stored.map((r) => r.id)));
  });

  it("creates the customers by COPY into an empty ledger, naming one from a later chunk", async () => {
    const rows = invoiceRows(20, 150);
    rows.splice(1, 0, ["LATE-1", "", "L-1", "2024-01-01", "2024-01-31", "1.00", "CNY"]);
    rows.push(["LATE-1", "Named Later Ltd", "L-2", "2024-01-01", "2024-01-31", "2.00", "CNY"]);
    const summary = await load(csvFile(rows));
    expect(summary).toMatchObject({ inserted: 3002, customersCreated: 21, load: "first-load" });
    const customers = await queryRows<{ code: string; name: string; id: number }>(
      database.db,
      sql`select code, name, id::int as id from customers order by code`,
    );
    expect(customers.find((c) => c.code === "LATE-1")?.name).toBe("Named Later Ltd");
    expect(customers.find((c) => c.code === "FL-7")?.name).toBe("Customer 7");
    // Ids from the sequence: the next customer added by hand gets a new one.
    const [next] = await queryRows<{ id: number }>(
      database.db,
      sql`insert into customers (code, name) values ('AFTER', 'After') returning id::int as id`,
    );
    expect(next?.id).toBeGreaterThan(Math.max(...customers.map((c) => c.id)));
  });

  it("refuses a file that repeats a number, by row, and leaves the ledger and its shape as they were", async () => {
    const before = await shapeOf(database);
    const rows = invoiceRows(10, 300);
    rows.push(["FL-3", "Customer 3", "N-3", "2024-01-01", "2024-01-31", "1.00", "CNY"]);
    const e = await load(csvFile(rows)).then(
      () => null,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(ImportRejected);
    expect((e as Error).message).toMatch(/more than once in the file \(rows 5, 3002\)/);
    expect(await shapeOf(database)).toEqual(before);
    const [n] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from invoices`);
    expect(n?.n).toBe(0);
  });

  it("keeps the keys when payments are already on file (only the unique index waits)", async () => {
    await importFile(
      { database, now: () => NOW },
      {
        kind: "payments",
        file: csvFile([
          ["customer_code", "reference", "date", "amount", "currency"],
          ["FL-1", "P-1", "2024-02-01", "5.00", "CNY"],
        ]),
      },
    );
    const before = await shapeOf(database);
    const summary = await load(csvFile(invoiceRows(20, 150)));
    expect(summary).toMatchObject({ inserted: 3000, load: "first-load" });
    expect(await shapeOf(database)).toEqual(before);
    const [p] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from payments`);
    expect(p?.n).toBe(1);
  });
});

describe.each(ENGINES)("the first payment load on %s", (engine) => {
  let database: Database;
  beforeEach(async () => {
    database = await openTestDatabase(engine);
  });
  afterEach(async () => {
    await database.close();
  });
  const paymentIndexes = async () =>
    (
      await queryRows<{ d: string }>(
        database.db,
        sql`select indexdef as d from pg_indexes where tablename = 'payments' order by indexname`,
      )
    ).map((r) => r.d);
  const payments = (rows: string[][]) =>
    importFile(
      { database, now: () => NOW },
      { kind: "payments", file: csvFile([["customer_code", "reference", "date", "amount", "currency"], ...rows]) },
    );

  it("builds back the indexes it set aside, which then enforce and serve the next import; duplicates are refused by row", async () => {
    const before = await paymentIndexes();
    expect(before.some((d) => d.includes("payments_customer_reference_uq"))).toBe(true);
    const dup = await payments([
      ["FP-1", "R-1", "2024-02-01", "5.00", "CNY"],
      ["FP-2", "R-1", "2024-02-01", "5.00", "CNY"],
      ["FP-1", "R-1", "2024-02-02", "6.00", "CNY"],
    ]).then(
      () => null,
      (x: unknown) => x,
    );
    expect(dup).toBeInstanceOf(ImportRejected);
    expect((dup as Error).message).toMatch(
      /payment "R-1" of customer "FP-1" appears more than once in the file \(rows 2, 4\)/,
    );
    expect(await paymentIndexes()).toEqual(before);

    const rows = Array.from({ length: 500 }, (_, i) => [`FP-${i % 40}`, `R-${i}`, "2024-02-01", `${i + 1}.00`, "CNY"]);
    expect(await payments(rows)).toMatchObject({ rows: 500, inserted: 500, customersCreated: 40 });
    expect(await paymentIndexes()).toEqual(before);
    // The next import finds them through the unique index: unchanged, and one changed amount is an update.
    rows[7] = ["FP-7", "R-7", "2024-02-01", "999.00", "CNY"];
    expect(await payments(rows)).toMatchObject({ inserted: 0, updated: 1, unchanged: 499 });
    const refused = await database.db
      .execute(sql`insert into payments (customer_id, reference, paid_on, amount, currency)
        select customer_id, reference, paid_on, amount, currency from payments limit 1`)
      .then(
        () => "inserted",
        (e: unknown) => pgErrorCode(e),
      );
    expect(refused).toBe(UNIQUE_VIOLATION);
  });
});
