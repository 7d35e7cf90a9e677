import { describe, expect, it } from "vitest";
import { type SettleLedger, settleLedger } from "./forecast-settlement.rules.ts";

const empty = (): SettleLedger => ({
  invoices: [],
  payments: [],
  invoiceAllocations: [],
  paymentAllocations: [],
  adjustments: [],
});

// Days are plain numbers here: invoice 1 issued day 0 due 30 (100), invoice 2 issued day 10 due 40 (50).
const two = (): SettleLedger => ({
  ...empty(),
  invoices: [
    { id: 1, issue: 0, due: 30, amount: 100 },
    { id: 2, issue: 10, due: 40, amount: 50 },
  ],
});

describe("settleLedger: when each invoice's open amount (as openItemsSql computes it) reached 0", () => {
  const cases: { name: string; ledger: SettleLedger; asOf: number; paid: (number | null)[]; open: number[] }[] = [
    { name: "nothing paid", ledger: two(), asOf: 100, paid: [null, null], open: [100, 50] },
    {
      name: "unallocated payments go oldest-due first; a part payment settles nothing",
      ledger: { ...two(), payments: [{ day: 35, amount: 120 }] },
      asOf: 100,
      paid: [35, null],
      open: [0, 30],
    },
    {
      name: "the second invoice is settled on the day its last part arrives",
      ledger: {
        ...two(),
        payments: [
          { day: 35, amount: 120 },
          { day: 50, amount: 30 },
        ],
      },
      asOf: 100,
      paid: [35, 50],
      open: [0, 0],
    },
    {
      name: "as of a day before the second payment, only what was known then",
      ledger: {
        ...two(),
        payments: [
          { day: 35, amount: 120 },
          { day: 50, amount: 30 },
        ],
      },
      asOf: 49,
      paid: [35, null],
      open: [0, 30],
    },
    {
      name: "an explicit allocation pays the invoice it names, not the oldest",
      ledger: {
        ...two(),
        payments: [{ day: 20, amount: 50 }],
        invoiceAllocations: [{ invoiceId: 2, day: 20, amount: 50 }],
        paymentAllocations: [{ day: 20, invoiceIssue: 10, amount: 50 }],
      },
      asOf: 100,
      paid: [null, 20],
      open: [100, 0],
    },
    {
      name: "a credit note on an invoice and an unlinked credit",
      ledger: {
        ...two(),
        adjustments: [
          { invoiceId: 1, day: 31, amount: 60 },
          { invoiceId: null, day: 45, amount: 40 },
        ],
      },
      asOf: 100,
      paid: [45, null],
      open: [0, 50],
    },
    {
      name: "credit waiting before an invoice is issued settles it on its issue day",
      ledger: { ...two(), payments: [{ day: 5, amount: 150 }] },
      asOf: 100,
      paid: [5, 10],
      open: [0, 0],
    },
    {
      name: "an invoice issued later with an earlier due date takes the credit: the other reopens",
      ledger: {
        ...empty(),
        invoices: [
          { id: 1, issue: 0, due: 60, amount: 100 },
          { id: 2, issue: 20, due: 30, amount: 100 },
        ],
        payments: [{ day: 10, amount: 100 }],
      },
      asOf: 100,
      paid: [null, 20],
      open: [100, 0],
    },
  ];
  it.each(cases)("$name", ({ ledger, asOf, paid, open }) => {
    const s = settleLedger(ledger, asOf);
    expect(s.paidDay).toEqual(paid);
    expect(s.openAmount).toEqual(open);
  });

  it("refuses amounts beyond exact integer arithmetic", () => {
    const l = {
      ...two(),
      payments: [
        { day: 1, amount: 2 ** 53 },
        { day: 2, amount: 2 ** 53 },
      ],
    };
    expect(() => settleLedger(l, 100)).toThrow(/exact integer/);
  });
});
