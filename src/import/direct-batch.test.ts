import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { makeCodeIndex, makeDirectBatcher, type StagedRow } from "./direct-batch.ts";
import { FIELDS } from "./import-fields.ts";

// Codes of several shapes that collide as numbers when the shape is ignored: leading zeros, other prefixes, lengths.
const code = fc.oneof(
  fc.integer({ min: 0, max: 999 }).map((n) => `C${String(n).padStart(4, "0")}`),
  fc.integer({ min: 0, max: 999 }).map((n) => `C${String(n).padStart(3, "0")}`),
  fc.integer({ min: 0, max: 999 }).map((n) => `K${String(n).padStart(4, "0")}`),
  fc.integer({ min: 0, max: 999 }).map((n) => String(n).padStart(4, "0")),
  // Numbers on both sides of the array the index keeps for small ones.
  fc.integer({ min: 0, max: 9_999_999 }).map((n) => `C${String(n).padStart(7, "0")}`),
  fc.integer({ min: 4_194_300, max: 4_194_310 }).map((n) => `C${String(n).padStart(7, "0")}`),
  fc.string({ minLength: 1, maxLength: 6 }),
  fc.constantFrom("C0001", "C00O1", "c0001", "C0001 ", "客户0001", "C1234567890123456"),
);

describe("the customer code index", () => {
  it("answers exactly like a Map, whatever mix of code shapes comes first", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), code), { maxLength: 200 }), (ops) => {
        const index = makeCodeIndex();
        const model = new Map<string, number>();
        ops.forEach(([write, c], i) => {
          if (write && !model.has(c)) {
            index.set(c, i);
            model.set(c, i);
          }
          expect(index.get(c)).toBe(model.get(c));
        });
        expect(index.size).toBe(model.size);
      }),
    );
  });
});

const at = (name: string) => FIELDS.invoices.findIndex((f) => f.name === name);
function row(rowNo: number, values: Record<string, string | bigint | boolean | null>): StagedRow {
  const v: StagedRow["values"] = FIELDS.invoices.map(() => null);
  for (const [k, x] of Object.entries(values)) v[at(k)] = x;
  return { rowNo, values: v };
}
const line = (b: ReturnType<ReturnType<typeof makeDirectBatcher>>, i: number) =>
  Buffer.from(b.lines.subarray(i ? (b.ends[i - 1] as number) : 0, b.ends[i] as number)).toString("utf8");

describe("direct batches", () => {
  const base = { issue_date: "2024-01-01", due_date: "2024-01-31", amount: 100n, currency: "CNY" };

  it("numbers customers in order of first sight, across batches, and names them from a later row once", () => {
    const toBatch = makeDirectBatcher(["customer_code", "customer_name", "number", "amount"]);
    const first = toBatch([
      row(2, { ...base, customer_code: "A1", customer_name: null, number: "1" }),
      row(3, { ...base, customer_code: "B1", customer_name: "Bee", number: "2" }),
      row(4, { ...base, customer_code: "A1", customer_name: null, number: "3" }),
    ]);
    expect([...first.ordinals]).toEqual([0, 1, 0]);
    expect(first).toMatchObject({ firstOrdinal: 0, newCodes: ["A1", "B1"], newNames: ["", "Bee"], lateNames: [] });
    const second = toBatch([
      row(5, { ...base, customer_code: "C1", customer_name: "", number: "4" }),
      row(6, { ...base, customer_code: "A1", customer_name: "Ay", number: "5" }),
      row(7, { ...base, customer_code: "A1", customer_name: "Other", number: "6" }),
      row(8, { ...base, customer_code: "C1", customer_name: "Sea", number: "7" }),
    ]);
    expect([...second.ordinals]).toEqual([2, 0, 0, 2]);
    // C1 is new in this batch: its name comes with it; A1 was sent nameless before: its first name comes late.
    expect(second).toMatchObject({ firstOrdinal: 2, newCodes: ["C1"], newNames: ["Sea"], lateNames: [[0, "Ay"]] });
  });

  it("writes each row's COPY line, escaped, with byte ends that hold for Chinese text", () => {
    const toBatch = makeDirectBatcher(["customer_code", "number", "amount", "reference", "disputed"]);
    const b = toBatch([
      row(2, { ...base, customer_code: "A", number: "发票\t1", reference: "订单", disputed: true }),
      row(3, { ...base, customer_code: "A", number: "N-2", reference: null, disputed: false }),
    ]);
    expect(line(b, 0)).toBe("\t发票\\t1\t2024-01-01\t2024-01-31\t100\tCNY\t订单\tt\n");
    expect(line(b, 1)).toBe("\tN-2\t2024-01-01\t2024-01-31\t100\tCNY\t\\N\tf\n");
    expect(b.ends[1]).toBe(b.lines.length);
  });
});
