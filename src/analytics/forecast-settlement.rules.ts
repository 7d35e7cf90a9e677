// When each invoice was settled, as of a date: the day its open amount, exactly as openItemsSql (aging.sql.ts)
// computes it, reached 0 and stayed 0. Pure: one customer's ledger in one currency, days as day numbers.
//
// openItemsSql(t) depends only on rows dated on or before t, so replaying it at every day something happened
// (an issue, a payment, an adjustment) gives the whole history of each invoice's open amount without looking past
// the as-of date. The replay repeats the query's arithmetic:
//   remaining = amount - allocations (payments dated <= t) - adjustments (dated <= t), floored at 0
//   credit    = payments dated <= t - their allocations to invoices issued <= t + unlinked adjustments
//               + what allocations and adjustments put on an invoice beyond its amount
//   open      = max(0, min(remaining, running sum of remaining in (due, issue, id) order - credit))
// Amounts are integer minor units held in doubles: exact below 2^53, which is checked.

export type SettleInvoice = { id: number; issue: number; due: number; amount: number };
export type SettlePayment = { day: number; amount: number };
/** An allocation seen from the invoice's side: it lowers that invoice's remaining from the payment's day. */
export type SettleInvoiceAllocation = { invoiceId: number; day: number; amount: number };
/** An allocation seen from the payment's side: it stops being credit once both the payment and invoice exist. */
export type SettlePaymentAllocation = { day: number; invoiceIssue: number; amount: number };
export type SettleAdjustment = { invoiceId: number | null; day: number; amount: number };

export type SettleLedger = {
  invoices: SettleInvoice[];
  payments: SettlePayment[];
  invoiceAllocations: SettleInvoiceAllocation[];
  paymentAllocations: SettlePaymentAllocation[];
  adjustments: SettleAdjustment[];
};

export type Settlement = {
  /** Per invoice (same order as the input): the day its open amount reached 0 for good, or null if open. */
  paidDay: (number | null)[];
  /** Per invoice: the open amount at the end of `asOf` (0 when settled). */
  openAmount: number[];
};

const safe = (n: number): number => {
  if (!Number.isSafeInteger(n)) throw new RangeError(`amount ${n} is beyond exact integer arithmetic`);
  return n;
};

/** Replays openItemsSql at each day on which the ledger changed, up to and including `asOf`. */
export function settleLedger(ledger: SettleLedger, asOf: number): Settlement {
  const invs = ledger.invoices;
  const n = invs.length;
  const order = invs
    .map((_, k) => k)
    .sort((a, b) => {
      const x = invs[a] as SettleInvoice;
      const y = invs[b] as SettleInvoice;
      return x.due - y.due || x.issue - y.issue || x.id - y.id;
    });
  const indexOf = new Map<number, number>();
  invs.forEach((inv, k) => {
    indexOf.set(inv.id, k);
  });

  const days = new Set<number>();
  for (const i of invs) if (i.issue <= asOf) days.add(i.issue);
  for (const p of ledger.payments) if (p.day <= asOf) days.add(p.day);
  for (const a of ledger.adjustments) if (a.day <= asOf) days.add(a.day);
  for (const a of ledger.paymentAllocations) {
    const d = Math.max(a.day, a.invoiceIssue);
    if (d <= asOf) days.add(d);
  }
  for (const a of ledger.invoiceAllocations) if (a.day <= asOf) days.add(a.day);
  const events = [...days].sort((a, b) => a - b);

  const byDay = <T extends { day: number }>(xs: T[], key: (x: T) => number = (x) => x.day) =>
    xs.filter((x) => key(x) <= asOf).sort((a, b) => key(a) - key(b));
  const pays = byDay(ledger.payments);
  const payAllocs = byDay(ledger.paymentAllocations, (a) => Math.max(a.day, a.invoiceIssue));
  const invAllocs = byDay(ledger.invoiceAllocations);
  const adjs = byDay(ledger.adjustments);

  const alloc = new Array<number>(n).fill(0);
  const adj = new Array<number>(n).fill(0);
  const paidDay = new Array<number | null>(n).fill(null);
  const openAmount = new Array<number>(n).fill(0);
  let payTotal = 0;
  let payAllocTotal = 0;
  let unlinked = 0;
  // What allocations and adjustments put on issued invoices beyond their amounts, kept up to date as they change
  // (summing it over all invoices at every event made big ledgers quadratic twice over).
  let excessTotal = 0;
  const issued = new Array<boolean>(n).fill(false);
  const excessOf = (k: number) =>
    Math.max(0, (alloc[k] as number) + (adj[k] as number) - (invs[k] as SettleInvoice).amount);
  const byIssue = invs
    .map((_, k) => k)
    .sort((a, b) => (invs[a] as SettleInvoice).issue - (invs[b] as SettleInvoice).issue);
  let [pi, pa, ia, ai, ii] = [0, 0, 0, 0, 0];

  for (const t of events) {
    for (; pi < pays.length && (pays[pi] as SettlePayment).day <= t; pi++)
      payTotal = safe(payTotal + (pays[pi] as SettlePayment).amount);
    for (; pa < payAllocs.length; pa++) {
      const a = payAllocs[pa] as SettlePaymentAllocation;
      if (Math.max(a.day, a.invoiceIssue) > t) break;
      payAllocTotal = safe(payAllocTotal + a.amount);
    }
    for (; ia < invAllocs.length && (invAllocs[ia] as SettleInvoiceAllocation).day <= t; ia++) {
      const a = invAllocs[ia] as SettleInvoiceAllocation;
      const k = indexOf.get(a.invoiceId);
      if (k === undefined) continue;
      const before = issued[k] ? excessOf(k) : 0;
      alloc[k] = safe((alloc[k] as number) + a.amount);
      if (issued[k]) excessTotal += excessOf(k) - before;
    }
    for (; ai < adjs.length && (adjs[ai] as SettleAdjustment).day <= t; ai++) {
      const a = adjs[ai] as SettleAdjustment;
      const k = a.invoiceId === null ? undefined : indexOf.get(a.invoiceId);
      if (a.invoiceId === null) unlinked = safe(unlinked + a.amount);
      else if (k !== undefined) {
        const before = issued[k] ? excessOf(k) : 0;
        adj[k] = safe((adj[k] as number) + a.amount);
        if (issued[k]) excessTotal += excessOf(k) - before;
      }
    }
    for (; ii < n && (invs[byIssue[ii] as number] as SettleInvoice).issue <= t; ii++) {
      const k = byIssue[ii] as number;
      issued[k] = true;
      excessTotal += excessOf(k);
    }
    const credit = payTotal - payAllocTotal + unlinked + excessTotal;
    let cum = 0;
    for (const k of order) {
      if (!issued[k]) continue;
      const inv = invs[k] as SettleInvoice;
      const rem = Math.max(inv.amount - (alloc[k] as number) - (adj[k] as number), 0);
      cum += rem;
      const open = Math.max(0, Math.min(rem, cum - credit));
      openAmount[k] = open;
      if (open > 0) paidDay[k] = null;
      else if (paidDay[k] === null) paidDay[k] = t;
    }
  }
  return { paidDay, openAmount };
}
