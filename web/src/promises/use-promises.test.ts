import { describe, expect, it } from "vitest";
import type { PromiseItem } from "../api/types.ts";
import { byDate, outstandingTotals, splitPromises } from "./use-promises.ts";

const promise = (id: number, promisedOn: string, status: PromiseItem["status"], amount = "100.00", paid?: string) =>
  ({
    id,
    customerId: id,
    customerCode: `C${id}`,
    customerName: `Customer ${id}`,
    collector: "c1",
    contactName: null,
    amount,
    currency: "CNY",
    promisedOn,
    madeOn: "2025-03-01",
    status,
    paidAmount: paid ?? null,
    settledOn: null,
    createdBy: "c1",
  }) satisfies PromiseItem;

describe("splitPromises", () => {
  it("puts today's promises in today, late ones (broken, partly kept, unsettled) in overdue, open future ones ahead", () => {
    const s = splitPromises(
      [
        promise(1, "2025-03-09", "kept"),
        promise(2, "2025-03-10", "broken"),
        promise(3, "2025-03-11", "open"),
        promise(4, "2025-03-11", "partially_kept"),
        promise(5, "2025-03-12", "open"),
        promise(6, "2025-03-12", "kept"),
        promise(7, "2025-03-13", "open"),
      ],
      "2025-03-12",
    );
    expect(s.overdue.map((p) => p.id)).toEqual([4, 3, 2]);
    expect(s.today.map((p) => p.id)).toEqual([5, 6]);
    expect(s.upcoming.map((p) => p.id)).toEqual([7]);
  });
});

describe("outstandingTotals", () => {
  it("adds what is still owed per currency, exactly", () => {
    expect(
      outstandingTotals([
        promise(1, "2025-03-12", "open", "0.10"),
        promise(2, "2025-03-12", "open", "0.20"),
        promise(3, "2025-03-12", "partially_kept", "1000.00", "400.50"),
      ]),
    ).toEqual(["CNY 599.80"]);
  });
});

describe("byDate", () => {
  it("groups promises by date in the order given", () => {
    const groups = byDate([
      promise(1, "2025-03-13", "open"),
      promise(2, "2025-03-13", "open"),
      promise(3, "2025-03-14", "open"),
    ]);
    expect(groups.map(([d, ps]) => [d, ps.map((p) => p.id)])).toEqual([
      ["2025-03-13", [1, 2]],
      ["2025-03-14", [3]],
    ]);
  });
});
