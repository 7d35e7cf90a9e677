import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempFiles } from "../../test/temp-files.ts";
import { ENGINES, openTestDatabase, uniquePrefix } from "../../test/test-database.ts";
import type { Database } from "../db/database.ts";
import { AppError } from "../errors/app-error.ts";
import { importFile } from "../import/import-file.ts";
import { getStatement, type Statement } from "./get-statement.ts";
import { adjustments, customers } from "./ledger.schema.ts";

const { csvFile } = tempFiles();

async function failure(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => new Error("expected a rejection"),
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

/** The invariants every section keeps, whatever the data. */
function expectConsistent(statement: Statement) {
  for (const s of statement.sections) {
    expect(s.closing, s.currency).toBe(s.opening + s.debits - s.credits);
    expect(s.debits).toBe(s.lines.reduce((sum, l) => sum + l.debit, 0n));
    expect(s.credits).toBe(s.lines.reduce((sum, l) => sum + l.credit, 0n));
    let balance = s.opening;
    for (const l of s.lines) {
      expect(l.debit === 0n || l.credit === 0n).toBe(true);
      balance += l.debit - l.credit;
      expect(l.balance, `${s.currency} ${l.reference}`).toBe(balance);
      expect(l.date >= statement.from && l.date <= statement.to).toBe(true);
    }
    expect(s.closing).toBe(balance);
  }
}

describe.each(ENGINES)("getStatement on %s", (engine) => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
  });
  afterAll(() => database.close());

  const deps = () => ({ database, now: () => new Date("2025-05-01T00:00:00Z") });

  /** One customer with CNY and USD business before, inside and after February 2025. */
  async function ledger(): Promise<string> {
    const code = `${uniquePrefix("STM")}-1`;
    await importFile(deps(), {
      kind: "invoices",
      file: csvFile([
        ["customer_code", "customer_name", "number", "issue_date", "due_date", "amount", "currency", "paid_date"],
        [code, "对账客户", "S1", "2025-01-05", "2025-02-04", "1000.00", "CNY", ""],
        [code, "对账客户", "S5", "2025-02-01", "2025-03-03", "100.00", "CNY", "2025-02-01"],
        [code, "对账客户", "S2", "2025-02-10", "2025-03-12", "500.00", "CNY", ""],
        [code, "对账客户", "S3", "2025-02-15", "2025-03-17", "200.00", "USD", ""],
        [code, "对账客户", "S4", "2025-03-20", "2025-04-19", "50.00", "CNY", ""],
      ]),
    });
    await importFile(deps(), {
      kind: "payments",
      file: csvFile([
        ["customer_code", "reference", "date", "amount", "currency"],
        [code, "PA", "2025-01-20", "300.00", "CNY"],
        [code, "PB", "2025-02-12", "400.00", "CNY"],
        [code, "PC", "2025-02-20", "50.00", "USD"],
        [code, "PD", "2025-04-01", "10.00", "CNY"],
      ]),
    });
    const [customer] = await database.db.select({ id: customers.id }).from(customers).where(eq(customers.code, code));
    await database.db.insert(adjustments).values([
      {
        customerId: customer?.id as number,
        kind: "credit_note",
        adjustedOn: "2025-02-25",
        amount: 2500n,
        currency: "CNY",
        reason: "price difference",
        reference: "CN-1",
      },
      {
        customerId: customer?.id as number,
        kind: "write_off",
        adjustedOn: "2025-01-31",
        amount: 1000n,
        currency: "CNY",
        reason: "small balance",
      },
    ]);
    return code;
  }

  it("opens with everything before the period, lists the period with a running balance and closes per currency", async () => {
    const code = await ledger();
    const statement = await getStatement(database.db, { customerCode: code, from: "2025-02-01", to: "2025-02-28" });
    expect(statement.customer).toMatchObject({ code, name: "对账客户" });
    expect(statement).toMatchObject({ from: "2025-02-01", to: "2025-02-28" });
    expect(statement.sections).toEqual([
      {
        currency: "CNY",
        // S1 1000.00 − PA 300.00 − write-off 10.00
        opening: 69000n,
        lines: [
          // Same day: the invoice comes before the payment that settles it.
          {
            date: "2025-02-01",
            kind: "invoice",
            reference: "S5",
            dueDate: "2025-03-03",
            debit: 10000n,
            credit: 0n,
            balance: 79000n,
          },
          {
            date: "2025-02-01",
            kind: "payment",
            reference: "settled:S5",
            dueDate: null,
            debit: 0n,
            credit: 10000n,
            balance: 69000n,
          },
          {
            date: "2025-02-10",
            kind: "invoice",
            reference: "S2",
            dueDate: "2025-03-12",
            debit: 50000n,
            credit: 0n,
            balance: 119000n,
          },
          {
            date: "2025-02-12",
            kind: "payment",
            reference: "PB",
            dueDate: null,
            debit: 0n,
            credit: 40000n,
            balance: 79000n,
          },
          {
            date: "2025-02-25",
            kind: "credit_note",
            reference: "CN-1",
            dueDate: null,
            debit: 0n,
            credit: 2500n,
            balance: 76500n,
          },
        ],
        debits: 60000n,
        credits: 52500n,
        closing: 76500n,
      },
      {
        currency: "USD",
        opening: 0n,
        lines: [
          {
            date: "2025-02-15",
            kind: "invoice",
            reference: "S3",
            dueDate: "2025-03-17",
            debit: 20000n,
            credit: 0n,
            balance: 20000n,
          },
          {
            date: "2025-02-20",
            kind: "payment",
            reference: "PC",
            dueDate: null,
            debit: 0n,
            credit: 5000n,
            balance: 15000n,
          },
        ],
        debits: 20000n,
        credits: 5000n,
        closing: 15000n,
      },
    ]);
    expectConsistent(statement);
  });

  it("keeps its invariants for other periods, including a one-day period and one with no movements", async () => {
    const code = await ledger();
    const periods: [string, string][] = [
      ["2025-01-01", "2025-12-31"],
      ["2025-02-01", "2025-02-01"],
      ["2025-03-21", "2025-03-31"],
      ["2024-01-01", "2024-12-31"],
    ];
    for (const [from, to] of periods)
      expectConsistent(await getStatement(database.db, { customerCode: code, from, to }));

    const day = await getStatement(database.db, { customerCode: code, from: "2025-02-01", to: "2025-02-01" });
    expect(day.sections.map((s) => [s.currency, s.opening, s.lines.map((l) => l.reference), s.closing])).toEqual([
      ["CNY", 69000n, ["S5", "settled:S5"], 69000n],
    ]);
    // Nothing moves in the period: the sections carry the opening balance through.
    const quiet = await getStatement(database.db, { customerCode: code, from: "2025-03-21", to: "2025-03-31" });
    expect(quiet.sections.map((s) => [s.currency, s.opening, s.lines.length, s.closing])).toEqual([
      ["CNY", 81500n, 0, 81500n],
      ["USD", 15000n, 0, 15000n],
    ]);
    // Before any business there is nothing to show.
    const before = await getStatement(database.db, { customerCode: code, from: "2024-01-01", to: "2024-12-31" });
    expect(before.sections).toEqual([]);
    // The whole year: opening 0, closing what is owed at the end.
    const year = await getStatement(database.db, { customerCode: code, from: "2025-01-01", to: "2025-12-31" });
    expect(year.sections.map((s) => [s.currency, s.opening, s.debits, s.credits, s.closing])).toEqual([
      ["CNY", 0n, 165000n, 84500n, 80500n],
      ["USD", 0n, 20000n, 5000n, 15000n],
    ]);
  });

  it("refuses an unknown customer as not_found", async () => {
    const code = `${uniquePrefix("STM")}-NOBODY`;
    const e = await failure(getStatement(database.db, { customerCode: code, from: "2025-01-01", to: "2025-01-31" }));
    expect(e.code).toBe("not_found");
    expect(e.message).toBe(`no customer with code "${code}"`);
  });

  it("refuses a period that ends before it starts, and dates that are not dates, as invalid_input", async () => {
    const code = await ledger();
    const backwards = await failure(
      getStatement(database.db, { customerCode: code, from: "2025-02-01", to: "2025-01-31" }),
    );
    expect(backwards.code).toBe("invalid_input");
    expect(backwards.message).toBe("the period ends (2025-01-31) before it starts (2025-02-01)");
    const bad = await failure(getStatement(database.db, { customerCode: code, from: "2025-02-30", to: "2025-03-31" }));
    expect(bad.code).toBe("invalid_input");
    expect(bad.message).toBe('--from "2025-02-30" is not a date (expected YYYY-MM-DD)');
    const text = await failure(getStatement(database.db, { customerCode: code, from: "2025-01-01", to: "March" }));
    expect(text.message).toBe('--to "March" is not a date (expected YYYY-MM-DD)');
  });
});
