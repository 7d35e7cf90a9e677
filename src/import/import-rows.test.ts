import { describe, expect, it } from "vitest";
import { FIELDS, type ImportKind, resolveMapping } from "./import-fields.ts";
import { describeProblem, makeRowValidator, type RowContext } from "./import-rows.ts";
import type { Cell } from "./read-table.ts";

/** The problems of one row under the file's own headers, as the import lists them. */
function problemsOf(kind: ImportKind, headers: string[], cells: Cell[], extra: Partial<RowContext> = {}): string[] {
  const { columnOf } = resolveMapping(kind, headers);
  const ctx: RowContext = { kind, columnOf, headers, defaultCurrency: "CNY", ...extra };
  return makeRowValidator(ctx)(2, cells).problems.map((p) => String(describeProblem(p, ctx)));
}
function stagedValue(
  kind: ImportKind,
  headers: string[],
  cells: Cell[],
  field: string,
  extra: Partial<RowContext> = {},
) {
  const { columnOf } = resolveMapping(kind, headers);
  const ctx: RowContext = { kind, columnOf, headers, defaultCurrency: "CNY", ...extra };
  return makeRowValidator(ctx)(2, cells).values[FIELDS[kind].findIndex((f) => f.name === field)];
}

describe("cells that are not text", () => {
  const INVOICE = ["customer_code", "number", "issue_date", "due_date", "amount", "currency"];
  const row = (over: Record<number, Cell>): Cell[] =>
    Object.assign(["C1", "INV-1", "2026-01-05", "2026-02-04", "10", "CNY"], over);

  it.each<[string, Record<number, Cell>, string[]]>([
    ["TRUE in a date column", { 2: true }, ['row 2, column "issue_date": TRUE is not a date (expected YYYY-MM-DD)']],
    ["FALSE in a date column", { 3: false }, ['row 2, column "due_date": FALSE is not a date (expected YYYY-MM-DD)']],
    [
      "TRUE in an amount column",
      { 4: true },
      ['row 2, column "amount": TRUE is not an amount (expected a number such as 1234.56)'],
    ],
    [
      "TRUE in a currency column",
      { 5: true },
      ['row 2, column "currency": "TRUE" is not a currency (expected an ISO 4217 code such as CNY)'],
    ],
    [
      "an error value in a text column",
      { 0: { error: "#N/A" } },
      ['row 2, column "customer_code": the cell holds the Excel error #N/A'],
    ],
    [
      "an error value in a date column",
      { 2: { error: "#VALUE!" } },
      ['row 2, column "issue_date": the cell holds the Excel error #VALUE!'],
    ],
    [
      "an error value in an amount column",
      { 4: { error: "#DIV/0!" } },
      ['row 2, column "amount": the cell holds the Excel error #DIV/0!'],
    ],
    [
      "an error value in the currency column",
      { 5: { error: "#REF!" } },
      ['row 2, column "currency": the cell holds the Excel error #REF!'],
    ],
    ["an error token in CSV text", { 1: "#NAME?" }, ['row 2, column "number": the cell holds the Excel error #NAME?']],
    [
      "an error value in a required column",
      { 0: { error: "#NULL!" } },
      ['row 2, column "customer_code": the cell holds the Excel error #NULL!'],
    ],
    ["a number sign that is no error", { 1: "#12" }, []],
  ])("%s", (_, over, want) => {
    expect(problemsOf("invoices", INVOICE, row(over))).toEqual(want);
  });

  it("takes a boolean in a text column as the text Excel shows", () => {
    expect(stagedValue("invoices", INVOICE, row({ 1: true }), "number")).toBe("TRUE");
  });

  it("refuses an error token in a customer's optional fields too", () => {
    expect(problemsOf("customers", ["code", "name", "notes"], ["C1", "甲", "#N/A"])).toEqual([
      'row 2, column "notes": the cell holds the Excel error #N/A',
    ]);
  });
});

describe("customer time zones", () => {
  it.each([
    ["Asia/Shanghai", []],
    ["UTC", []],
    ["Etc/UTC", []],
    ["America/New_York", []],
    ["CST", ['row 2, column "time_zone": "CST" is not an IANA time zone (expected e.g. Asia/Shanghai or UTC)']],
    ["GMT+8", ['row 2, column "time_zone": "GMT+8" is not an IANA time zone (expected e.g. Asia/Shanghai or UTC)']],
    [
      "Mars/Base",
      ['row 2, column "time_zone": "Mars/Base" is not an IANA time zone (expected e.g. Asia/Shanghai or UTC)'],
    ],
  ])("%s", (zone, want) => {
    expect(problemsOf("customers", ["code", "name", "time_zone"], ["C1", "甲", zone])).toEqual(want);
  });
});

describe("payment dates", () => {
  const PAY = ["customer_code", "reference", "date", "amount"];
  const today = "2026-03-10";
  it.each([
    ["2026-03-09", []],
    ["2026-03-10", []],
    ["2026-03-11", ['row 2, column "date": a payment cannot be dated in the future (2026-03-11; today is 2026-03-10)']],
    ["2030-01-01", ['row 2, column "date": a payment cannot be dated in the future (2030-01-01; today is 2026-03-10)']],
  ])("%s", (date, want) => {
    expect(problemsOf("payments", PAY, ["C1", "R-1", date, "10"], { today })).toEqual(want);
  });

  it("also from an Excel date cell", () => {
    expect(problemsOf("payments", PAY, ["C1", "R-1", new Date(Date.UTC(2026, 2, 11)), 10], { today })).toEqual([
      'row 2, column "date": a payment cannot be dated in the future (2026-03-11; today is 2026-03-10)',
    ]);
  });

  it("leaves invoice dates alone: an invoice may be issued ahead", () => {
    const headers = ["customer_code", "number", "issue_date", "due_date", "amount"];
    expect(problemsOf("invoices", headers, ["C1", "I-1", "2026-04-01", "2026-05-01", "10"], { today })).toEqual([]);
  });
});

describe("amounts one document may carry", () => {
  const INVOICE = ["customer_code", "number", "issue_date", "due_date", "amount", "currency"];
  const row = (amount: string, currency = "CNY"): Cell[] => [
    "C1",
    "INV-1",
    "2026-01-05",
    "2026-02-04",
    amount,
    currency,
  ];

  it("takes up to 10^15 minor units and refuses more, which would overflow the sums of balances and aging", () => {
    expect(problemsOf("invoices", INVOICE, row("10000000000000.00"))).toEqual([]);
    expect(problemsOf("invoices", INVOICE, row("10000000000000.01"))).toEqual([
      'row 2, column "amount": 10000000000000.01 is more than one document may carry (10000000000000.00 CNY)',
    ]);
    // The largest 64-bit amount used to be accepted, and one more invoice for the customer stopped the aging.
    expect(problemsOf("invoices", INVOICE, row("9223372036854775807", "JPY"))).toEqual([
      'row 2, column "amount": 9223372036854775807 is more than one document may carry (1000000000000000 JPY)',
    ]);
  });
});
