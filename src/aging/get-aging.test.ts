import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Cells, tempFiles } from "../../test/temp-files.ts";
import { ENGINES, openTestDatabase, uniquePrefix } from "../../test/test-database.ts";
import { addDays } from "../calendar/calendar-date.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError } from "../errors/app-error.ts";
import { importFile } from "../import/import-file.ts";
import type { BucketKey } from "./aging.rules.ts";
import { type AgingInvoiceRow, forEachAgingInvoice, getCustomerAging } from "./get-aging.ts";

const INVOICE_HEADERS = ["customer_code", "customer_name", "number", "issue_date", "due_date", "amount", "currency"];
const PAYMENT_HEADERS = ["customer_code", "reference", "date", "amount", "currency", "invoice_number"];

const { csvFile } = tempFiles();

/** Minor units (2 decimals) as the text an export would hold. */
const decimal = (minor: number): string => `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, "0")}`;

describe.each(ENGINES)("aging as of a date on %s", (engine) => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
  });
  afterAll(() => database.close());

  const deps = () => ({ database, now: () => new Date("2025-07-01T00:00:00Z") });
  async function importInvoices(rows: readonly Cells[]) {
    await importFile(deps(), { kind: "invoices", file: csvFile([INVOICE_HEADERS, ...rows]) });
  }
  async function importPayments(rows: readonly Cells[]) {
    await importFile(deps(), { kind: "payments", file: csvFile([PAYMENT_HEADERS, ...rows]) });
  }
  async function idsOf(...codes: string[]): Promise<number[]> {
    const rows = await queryRows<{ id: string; code: string }>(
      database.db,
      sql`select id, code from customers where code = any(${`{${codes.join(",")}}`}::text[])`,
    );
    return codes.map((c) => Number(rows.find((r) => r.code === c)?.id));
  }
  async function invoicesAsOf(asOf: string, customerIds: number[]): Promise<AgingInvoiceRow[]> {
    const all: AgingInvoiceRow[] = [];
    await forEachAgingInvoice(database, { asOf, scope: { customerIds } }, (batch) => {
      all.push(...batch);
    });
    return all;
  }
  /** invoice number -> open amount, for the invoices open as of the date. */
  async function openAsOf(asOf: string, customerIds: number[]): Promise<Record<string, bigint>> {
    return Object.fromEntries((await invoicesAsOf(asOf, customerIds)).map((r) => [r.invoiceNumber, r.openAmount]));
  }

  it("applies payments without an invoice oldest-due-first, and sees nothing dated after the as-of date", async () => {
    const p = uniquePrefix("AGE");
    const a = `${p}-A`;
    await importInvoices([
      [a, "甲", "A1", "2025-01-01", "2025-01-31", "1000.00", "CNY"],
      [a, "甲", "A2", "2025-01-15", "2025-02-14", "500.00", "CNY"],
      // Issued first, but due last.
      [a, "甲", "A3", "2024-12-20", "2025-03-31", "300.00", "CNY"],
      [a, "甲", "A4", "2025-03-10", "2025-04-09", "1500.00", "CNY"],
    ]);
    await importPayments([
      [a, "P1", "2025-02-20", "1200.00", "CNY", ""],
      // More than everything open on 2025-03-05 (600.00): 1400.00 is left as credit.
      [a, "P2", "2025-03-05", "2000.00", "CNY", ""],
    ]);
    const ids = await idsOf(a);

    expect(await openAsOf("2024-12-19", ids)).toEqual({});
    expect(await openAsOf("2024-12-31", ids)).toEqual({ A3: 30000n });
    expect(await openAsOf("2025-02-19", ids)).toEqual({ A1: 100000n, A2: 50000n, A3: 30000n });
    // P1 pays A1 (due first) in full and 200.00 of A2; A3, issued earliest, is untouched.
    expect(await openAsOf("2025-02-20", ids)).toEqual({ A2: 30000n, A3: 30000n });
    expect(await openAsOf("2025-03-05", ids)).toEqual({});
    // The credit is not shown as a negative balance, and A4 is not there before it is issued.
    expect(await openAsOf("2025-03-09", ids)).toEqual({});
    expect((await getCustomerAging(database, { asOf: "2025-03-09", scope: { customerIds: ids } })).rows).toEqual([]);
    // Once A4 is issued the remaining credit of 1400.00 applies to it.
    expect(await openAsOf("2025-03-10", ids)).toEqual({ A4: 10000n });
    expect(await openAsOf("2030-01-01", ids)).toEqual({ A4: 10000n });

    const rows = await invoicesAsOf("2025-02-20", ids);
    expect(
      rows.map((r) => [r.invoiceNumber, r.customerCode, r.customerName, r.issueDate, r.dueDate, r.amount]),
    ).toEqual([
      ["A2", a, "甲", "2025-01-15", "2025-02-14", 50000n],
      ["A3", a, "甲", "2024-12-20", "2025-03-31", 30000n],
    ]);
    expect(rows.map((r) => [r.daysPastDue, r.bucket, r.grade])).toEqual([
      [6, "d1_30", "overdue"],
      [0, "current", "current"],
    ]);
  });

  it("honours an explicit allocation and applies only its rest oldest-first", async () => {
    const p = uniquePrefix("AGE");
    const b = `${p}-B`;
    await importInvoices([
      [b, "乙", "B1", "2025-01-01", "2025-01-10", "500.00", "CNY"],
      [b, "乙", "B2", "2025-01-05", "2025-02-10", "800.00", "CNY"],
    ]);
    await importPayments([[b, "PB1", "2025-02-15", "1000.00", "CNY", "B2"]]);
    const ids = await idsOf(b);
    expect(await openAsOf("2025-02-14", ids)).toEqual({ B1: 50000n, B2: 80000n });
    // 800.00 goes to B2 as told; the other 200.00 reduces B1.
    expect(await openAsOf("2025-02-15", ids)).toEqual({ B1: 30000n });

    // Two payments both allocated in full to B1 over-pay it by 500.00: the excess is credit for B3.
    await importInvoices([[b, "乙", "B3", "2025-03-01", "2025-03-31", "1000.00", "CNY"]]);
    await importPayments([
      [b, "PB2", "2025-03-01", "500.00", "CNY", "B1"],
      [b, "PB3", "2025-03-02", "500.00", "CNY", "B1"],
    ]);
    expect(await openAsOf("2025-02-28", ids)).toEqual({ B1: 30000n });
    // PB2 clears B1; PB1's unallocated 200.00 goes to B3.
    expect(await openAsOf("2025-03-01", ids)).toEqual({ B3: 80000n });
    expect(await openAsOf("2025-03-02", ids)).toEqual({ B3: 30000n });
    const [row] = (await getCustomerAging(database, { asOf: "2025-02-28", scope: { customerIds: ids } })).rows;
    expect(row).toMatchObject({ customerCode: b, currency: "CNY", openAmount: 30000n, openInvoices: 1 });
  });

  it("keeps currencies apart in customer rows and totals", async () => {
    const p = uniquePrefix("AGE");
    const c = `${p}-C`;
    const d = `${p}-D`;
    await importInvoices([
      [c, "丙", "C1", "2025-01-01", "2025-01-31", "100.00", "CNY"],
      [c, "丙", "C2", "2025-01-01", "2025-01-31", "70.00", "USD"],
      [c, "丙", "C3", "2025-01-20", "2025-03-20", "30.00", "USD"],
      [d, "丁", "D1", "2025-01-01", "2025-04-30", "1000.00", "CNY"],
    ]);
    // A USD payment never reduces a CNY invoice, however old.
    await importPayments([[c, "PC1", "2025-02-01", "20.00", "USD", ""]]);
    const ids = await idsOf(c, d);
    const { rows, totals } = await getCustomerAging(database, { asOf: "2025-02-10", scope: { customerIds: ids } });
    const zero = { current: 0n, d1_30: 0n, d31_60: 0n, d61_90: 0n, d91_180: 0n, d181_365: 0n, over_365: 0n };
    expect(
      rows.map((r) => [r.customerCode, r.currency, r.openAmount, r.openInvoices, r.maxDaysPastDue, r.grade]),
    ).toEqual([
      [c, "CNY", 10000n, 1, 10, "overdue"],
      [c, "USD", 8000n, 2, 10, "overdue"],
      [d, "CNY", 100000n, 1, 0, "current"],
    ]);
    expect(rows[1]?.buckets).toEqual({ ...zero, current: 3000n, d1_30: 5000n });
    expect(totals).toEqual({
      CNY: {
        openAmount: 110000n,
        customers: 2,
        buckets: { ...zero, current: 100000n, d1_30: 10000n },
        grades: { current: 100000n, overdue: 10000n, doubtful: 0n, bad: 0n, dead: 0n },
      },
      USD: {
        openAmount: 8000n,
        customers: 1,
        buckets: { ...zero, current: 3000n, d1_30: 5000n },
        grades: { current: 0n, overdue: 8000n, doubtful: 0n, bad: 0n, dead: 0n },
      },
    });
    // The unscoped report holds the same rows for these customers.
    const everyone = await getCustomerAging(database, { asOf: "2025-02-10" });
    expect(everyone.rows.filter((r) => r.customerCode === c || r.customerCode === d)).toEqual(rows);
    expect(everyone.totals.USD?.openAmount).toBeGreaterThanOrEqual(8000n);
  });

  it("puts days past due into buckets and grades at every boundary, and rolls them up per customer", async () => {
    const p = uniquePrefix("AGE");
    const e = `${p}-E`;
    const asOf = "2025-06-30";
    const cases: [number, BucketKey, string][] = [
      [-10, "current", "current"],
      [0, "current", "current"],
      [1, "d1_30", "overdue"],
      [30, "d1_30", "overdue"],
      [31, "d31_60", "overdue"],
      [90, "d61_90", "overdue"],
      [91, "d91_180", "doubtful"],
      [180, "d91_180", "doubtful"],
      [181, "d181_365", "bad"],
      [365, "d181_365", "bad"],
      [366, "over_365", "dead"],
    ];
    await importInvoices(
      cases.map(([days], i) => {
        const due = addDays(asOf, -days);
        return [e, "戊", `E${String(i).padStart(2, "0")}`, addDays(due, -20), due, `${i + 1}.00`, "CNY"];
      }),
    );
    const ids = await idsOf(e);
    const rows = await invoicesAsOf(asOf, ids);
    expect(rows.map((r) => [r.invoiceNumber, r.daysPastDue, r.bucket, r.grade])).toEqual(
      cases
        .map(([days, bucket, grade], i) => [`E${String(i).padStart(2, "0")}`, Math.max(0, days), bucket, grade])
        .reverse(),
    );

    const { rows: customers } = await getCustomerAging(database, { asOf, scope: { customerIds: ids } });
    expect(customers).toHaveLength(1);
    const [row] = customers;
    const amount = (i: number) => BigInt((i + 1) * 100);
    expect(row?.buckets).toEqual({
      current: amount(0) + amount(1),
      d1_30: amount(2) + amount(3),
      d31_60: amount(4),
      d61_90: amount(5),
      d91_180: amount(6) + amount(7),
      d181_365: amount(8) + amount(9),
      over_365: amount(10),
    });
    const bucketSum = Object.values(row?.buckets ?? {}).reduce((s, v) => s + v, 0n);
    expect(row).toMatchObject({ openAmount: 6600n, openInvoices: 11, maxDaysPastDue: 366, grade: "dead" });
    expect(bucketSum).toBe(row?.openAmount);

    // One day earlier every invoice is a day younger.
    const before = await invoicesAsOf(addDays(asOf, -1), ids);
    expect(before.find((r) => r.invoiceNumber === "E10")).toMatchObject({ daysPastDue: 365, bucket: "d181_365" });
    expect(before.find((r) => r.invoiceNumber === "E02")).toMatchObject({ daysPastDue: 0, bucket: "current" });
  });

  it("grades a customer under legal action at least bad", async () => {
    const p = uniquePrefix("AGE");
    const l = `${p}-L`;
    await importFile(deps(), {
      kind: "customers",
      file: csvFile([
        ["code", "name", "legal"],
        [l, "诉讼客户", "是"],
      ]),
    });
    await importInvoices([[l, "诉讼客户", "L1", "2025-01-01", "2025-01-31", "10.00", "CNY"]]);
    const ids = await idsOf(l);
    const [inv] = await invoicesAsOf("2025-02-05", ids);
    expect(inv).toMatchObject({ daysPastDue: 5, bucket: "d1_30", grade: "bad" });
    const { rows } = await getCustomerAging(database, { asOf: "2025-02-05", scope: { customerIds: ids } });
    expect(rows[0]).toMatchObject({ maxDaysPastDue: 5, grade: "bad" });
    // 104 days past due would be doubtful; legal action keeps it bad.
    expect((await invoicesAsOf("2025-05-15", ids))[0]).toMatchObject({ daysPastDue: 104, grade: "bad" });
    expect((await invoicesAsOf("2026-03-01", ids))[0]).toMatchObject({ daysPastDue: 394, grade: "dead" });
  });

  it("refuses an as-of date that is not a date", async () => {
    const e = await getCustomerAging(database, { asOf: "2025-02-30" }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe("invalid_input");
    expect((e as AppError).message).toBe('as-of date "2025-02-30" is not a date (expected YYYY-MM-DD)');
  });

  it("leaves max(0, invoiced − paid) open as of any date when nothing is allocated (property)", async () => {
    const base = "2025-01-01";
    const invoice = fc.record({
      issue: fc.integer({ min: 0, max: 60 }),
      terms: fc.integer({ min: 0, max: 45 }),
      amount: fc.integer({ min: 1, max: 500_000 }),
    });
    const payment = fc.record({ day: fc.integer({ min: 0, max: 100 }), amount: fc.integer({ min: 1, max: 400_000 }) });
    await fc.assert(
      fc.asyncProperty(
        fc.array(invoice, { minLength: 1, maxLength: 6 }),
        fc.array(payment, { maxLength: 5 }),
        fc.array(fc.integer({ min: -5, max: 110 }), { minLength: 1, maxLength: 4 }),
        async (invoices, payments, asOfDays) => {
          const code = `${uniquePrefix("PRO")}-1`;
          await importInvoices(
            invoices.map((inv, i) => {
              const issue = addDays(base, inv.issue);
              return [code, "prop", `I${i}`, issue, addDays(issue, inv.terms), decimal(inv.amount), "CNY"];
            }),
          );
          if (payments.length) {
            await importPayments(
              payments.map((pay, i) => [code, `P${i}`, addDays(base, pay.day), decimal(pay.amount), "CNY", ""]),
            );
          }
          const ids = await idsOf(code);
          for (const day of asOfDays) {
            const asOf = addDays(base, day);
            const invoiced = invoices.filter((x) => x.issue <= day).reduce((s, x) => s + x.amount, 0);
            const paid = payments.filter((x) => x.day <= day).reduce((s, x) => s + x.amount, 0);
            const expected = BigInt(Math.max(0, invoiced - paid));
            const rows = await invoicesAsOf(asOf, ids);
            const open = rows.reduce((s, r) => s + r.openAmount, 0n);
            expect(open, `as of ${asOf}`).toBe(expected);
            for (const r of rows) {
              expect(r.openAmount).toBeGreaterThan(0n);
              expect(r.openAmount).toBeLessThanOrEqual(r.amount);
            }
            const { rows: customers } = await getCustomerAging(database, { asOf, scope: { customerIds: ids } });
            expect(customers.map((c) => c.openAmount)).toEqual(expected > 0n ? [expected] : []);
          }
        },
      ),
      { numRuns: 20 },
    );
  });
});
