import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempFiles } from "../../test/temp-files.ts";
import { ENGINES, openTestDatabase, uniquePrefix } from "../../test/test-database.ts";
import { forEachAgingInvoice } from "../aging/get-aging.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { importFile } from "../import/import-file.ts";
import { type AdjustmentInput, recordAdjustment } from "./record-adjustment.ts";

const { csvFile } = tempFiles();

describe.each(ENGINES)("recordAdjustment on %s", (engine) => {
  let database: Database;
  const deps = () => ({ database, now: () => new Date("2024-06-01T00:00:00Z") });
  beforeAll(async () => {
    database = await openTestDatabase(engine);
  });
  afterAll(() => database.close());

  async function customerWithInvoice() {
    const p = uniquePrefix("ADJ");
    await importFile(deps(), {
      kind: "invoices",
      file: csvFile([
        ["customer_code", "number", "issue_date", "due_date", "amount", "currency"],
        [`${p}-1`, "A-1", "2024-01-01", "2024-01-31", "1000.00", "CNY"],
        [`${p}-1`, "A-2", "2024-02-01", "2024-02-29", "500.00", "CNY"],
      ]),
    });
    return `${p}-1`;
  }
  const openAsOf = async (code: string, asOf: string) => {
    const out: Record<string, string> = {};
    await forEachAgingInvoice(database, { asOf }, (rows) => {
      for (const r of rows) if (r.customerCode === code) out[r.invoiceNumber] = r.openAmount.toString();
    });
    return out;
  };
  const base = (code: string): AdjustmentInput => ({
    customerCode: code,
    invoiceNumber: "A-1",
    kind: "credit_note",
    amount: "200.00",
    date: "2024-03-01",
    reason: "two units returned damaged",
  });

  it("reduces the invoice from its date on, and audits the change with its reason", async () => {
    const code = await customerWithInvoice();
    const r = await recordAdjustment(deps(), base(code), "finance");
    expect(r).toMatchObject({ amount: 20000n, currency: "CNY" });
    expect(await openAsOf(code, "2024-02-29")).toEqual({ "A-1": "100000", "A-2": "50000" });
    expect(await openAsOf(code, "2024-03-01")).toEqual({ "A-1": "80000", "A-2": "50000" });
    const audit = await queryRows<{ action: string; reason: string; actor: string }>(
      database.db,
      sql`select action, reason, actor from audit_log where object_type = 'adjustment' and object_id = ${String(r.id)}`,
    );
    expect(audit).toEqual([
      { action: "adjustment.credit_note", reason: "two units returned damaged", actor: "finance" },
    ]);
  });

  it("writes off a whole invoice so it is no longer open", async () => {
    const code = await customerWithInvoice();
    await recordAdjustment(
      deps(),
      { ...base(code), kind: "write_off", amount: "500", invoiceNumber: "A-2", reason: "uncollectable, court ruling" },
      "manager",
    );
    expect(await openAsOf(code, "2024-03-31")).toEqual({ "A-1": "100000" });
  });

  it.each([
    [{ amount: "1000.01" }, /more than the 1000.00 of invoice "A-1"/],
    [{ amount: "0" }, /greater than 0/],
    [{ amount: "1.234" }, /3 decimals/],
    [{ reason: "  " }, /reason is required/],
    [{ invoiceNumber: "NOPE" }, /has no invoice "NOPE"/],
    [{ currency: "USD" }, /is in CNY, not USD/],
    [{ date: "2023-12-31" }, /before the invoice was issued/],
    [{ date: "2024-02-30" }, /date: must be a date/],
    [{ date: "2024-06-02" }, /date: 2024-06-02 is in the future \(today is 2024-06-01\)/],
    // Not against an invoice: at most what is owed (write-off) or was billed and not yet credited (credit note).
    [
      { invoiceNumber: undefined, kind: "write_off" as const, amount: "1500.01" },
      /more than the 1500.00 CNY customer .* owes/,
    ],
    [{ invoiceNumber: undefined, amount: "99999999" }, /more than the 1500.00 CNY billed to customer/],
    [{ invoiceNumber: undefined, currency: "USD" }, /more than the 0 USD billed/],
  ])("refuses %o and writes nothing", async (change, message) => {
    const code = await customerWithInvoice();
    await expect(recordAdjustment(deps(), { ...base(code), ...change }, "finance")).rejects.toThrow(message);
    const [n] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from adjustments a join customers c on c.id = a.customer_id where c.code = ${code}`,
    );
    expect(Number(n?.n)).toBe(0);
  });

  it("writes off at most what the customer still owes, counting payments and earlier notes", async () => {
    const code = await customerWithInvoice();
    await database.db.execute(sql`insert into payments (customer_id, reference, paid_on, amount, currency)
      select id, 'P-1', '2024-04-01', 100000, 'CNY' from customers where code = ${code}`);
    const loose = { ...base(code), invoiceNumber: undefined, date: "2024-05-01" };
    await recordAdjustment(deps(), { ...loose, kind: "credit_note", amount: "100" }, "finance");
    const writeOff = { ...loose, kind: "write_off" as const, reason: "settled the rest in court" };
    await expect(recordAdjustment(deps(), { ...writeOff, amount: "400.01" }, "manager")).rejects.toThrow(
      /more than the 400.00 CNY customer .* owes/,
    );
    await recordAdjustment(deps(), { ...writeOff, amount: "400" }, "manager");
    expect(await openAsOf(code, "2024-05-31")).toEqual({});
  });

  it("never credits more than an invoice across several notes", async () => {
    const code = await customerWithInvoice();
    await recordAdjustment(deps(), { ...base(code), amount: "600" }, "finance");
    await expect(recordAdjustment(deps(), { ...base(code), amount: "400.01" }, "finance")).rejects.toThrow(/400.00/);
    await recordAdjustment(deps(), { ...base(code), amount: "400" }, "finance");
    expect(await openAsOf(code, "2024-03-31")).toEqual({ "A-2": "50000" });
  });
});
