import { describe, expect, it } from "vitest";
import type { GroupKpis, MoneyKpis } from "../analytics/get-kpis.ts";
import { kpiGroupColumns, kpiGroupLines } from "./report-tables.ts";

const money = (currency: string, collected: bigint): MoneyKpis => ({
  currency,
  promised: 0n,
  overdueAtStart: collected * 2n,
  recovered: collected,
  recoveryRate: 0.5,
  collected,
});
const group = (login: string, attempts: number, currencies: MoneyKpis[]): GroupKpis => ({
  periodStart: "2025-02-01",
  periodEnd: "2025-02-28",
  group: login,
  label: login,
  attempts,
  connects: 3,
  effectiveContacts: 2,
  conversations: 3,
  promisesMade: 1,
  promisesSettled: 1,
  promisesKept: 1,
  complaints: 0,
  connectRate: 3 / attempts,
  effectiveContactRate: 2 / attempts,
  promiseRate: 1 / 3,
  promiseKeptRate: 1,
  complaintRate: 0,
  money: currencies,
});

describe("the group KPIs' lines", () => {
  const groups = [group("c1", 10, [money("CNY", 500n), money("USD", 70n)]), group("c2", 4, []), group("c3", 6, [])];
  const lines = kpiGroupLines(groups);
  const column = (key: string) => {
    const c = kpiGroupColumns("collector").find((x) => x.key === key);
    if (!c) throw new Error(`no column ${key}`);
    return lines.map((l) => c.value(l));
  };

  it("gives a group one line per currency, and one line without money when it has none", () => {
    expect(lines.map((l) => [l.g.group, l.m?.currency ?? null, l.first])).toEqual([
      ["c1", "CNY", true],
      ["c1", "USD", false],
      ["c2", null, true],
      ["c3", null, true],
    ]);
  });

  it("puts a group's counts and rates on its first line only, so a column's sum counts each contact once", () => {
    expect(column("attempts")).toEqual([10, null, 4, 6]);
    expect(column("connect_rate")).toEqual([0.3, null, 0.75, 0.5]);
    const sum = column("attempts").reduce<number>((s, v) => s + (typeof v === "number" ? v : 0), 0);
    expect(sum).toBe(groups.reduce((s, g) => s + g.attempts, 0));
    // The money is per currency, on every line that has one.
    expect(column("collected")).toEqual([
      { minor: 500n, currency: "CNY" },
      { minor: 70n, currency: "USD" },
      null,
      null,
    ]);
  });
});
