// The promises calendar's data: the server's default window (30 days back, 60 ahead of the company's today), split
// into what is late, what falls due today and what is coming. Recording a promise elsewhere refreshes it (the key
// starts with "promises").
import { useQuery } from "@tanstack/react-query";
import { apiGet } from "../api/client.ts";
import type { IsoDate, PromiseItem, PromiseList } from "../api/types.ts";
import { decimalDigits, formatMinor, toMinor } from "../money/format-money.ts";

export const promisesKey = ["promises", "calendar"] as const;

export function usePromises() {
  return useQuery({ queryKey: promisesKey, queryFn: () => apiGet<PromiseList>("/api/promises") });
}

export type PromiseSections = { overdue: PromiseItem[]; today: PromiseItem[]; upcoming: PromiseItem[] };

/**
 * Late: broken or partly kept, or past its date and not settled yet (the daily run settles it the next morning).
 * Kept promises from the past are done and left out; today's show whatever their state.
 */
export function splitPromises(promises: PromiseItem[], today: IsoDate): PromiseSections {
  const out: PromiseSections = { overdue: [], today: [], upcoming: [] };
  for (const p of promises) {
    if (p.promisedOn === today) out.today.push(p);
    else if (p.promisedOn > today) {
      if (p.status === "open") out.upcoming.push(p);
    } else if (p.status === "open" || p.status === "broken" || p.status === "partially_kept") out.overdue.push(p);
  }
  // The most recent lateness first: it is the one to follow up while it is fresh.
  out.overdue.reverse();
  return out;
}

/** What still has to come in, per currency: the amount less what was paid toward it. */
export function outstandingTotals(promises: PromiseItem[]): string[] {
  const totals = new Map<string, { minor: bigint; digits: number }>();
  for (const p of promises) {
    const digits = decimalDigits(p.amount);
    const total = totals.get(p.currency) ?? { minor: 0n, digits };
    total.minor += toMinor(p.amount, total.digits) - toMinor(p.paidAmount ?? "0", total.digits);
    totals.set(p.currency, total);
  }
  return [...totals].map(([currency, { minor, digits }]) => `${currency} ${formatMinor(minor, digits)}`);
}

/** Promises grouped by their date, in date order. */
export function byDate(promises: PromiseItem[]): [IsoDate, PromiseItem[]][] {
  const groups = new Map<IsoDate, PromiseItem[]>();
  for (const p of promises) groups.set(p.promisedOn, [...(groups.get(p.promisedOn) ?? []), p]);
  return [...groups];
}
