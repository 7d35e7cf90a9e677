import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CAUSE_TIE_ORDER,
  type CauseSignals,
  DEFAULT_CAUSE_OPTIONS,
  inferCause,
  MANUAL_CAUSE_RECHECK_DAYS,
  manualCauseHolds,
} from "./cause.rules.ts";
import { CAUSES, type Cause, EXCUSES, OUTCOMES } from "./collection.enums.ts";

/** An established customer, 45 days overdue, with a mixed history that points at no cause in particular. */
const signals = (over: Partial<CauseSignals> = {}): CauseSignals => ({
  asOf: "2026-03-31",
  daysPastDue: 45,
  overdueMinor: 1_250_000n,
  invoicesPaid: 0,
  invoicesPaidLate: 0,
  avgDaysLate: null,
  partialPayments90d: 0,
  lastPaymentOn: null,
  openDisputes: 0,
  promisesBroken180d: 0,
  promisesKept180d: 0,
  contactAttempts30d: 0,
  connected30d: 0,
  lastReplyOn: null,
  excuses90d: {},
  outcomes90d: {},
  middleman: false,
  foreignTrade: false,
  invoiceCurrencyForeign: false,
  newCustomer: false,
  recentOrders: false,
  ...over,
});

describe("inferCause: one scenario per cause", () => {
  it.each<[string, Partial<CauseSignals>, Cause, string]>([
    ["open dispute", { openDisputes: 1 }, "dispute", "open_dispute"],
    ["dispute raised on a call", { outcomes90d: { dispute_raised: 1 } }, "dispute", "dispute_raised"],
    ["quality excuse", { excuses90d: { quality_problem: 2 } }, "dispute", "dispute_excuse"],
    ["invoice never received", { excuses90d: { invoice_not_received: 1 } }, "dispute", "dispute_excuse"],
    ["two broken promises", { promisesBroken180d: 2 }, "deliberate", "promises_broken"],
    [
      "one broken promise, excuses, still ordering",
      { promisesBroken180d: 1, excuses90d: { boss_away: 2 }, recentOrders: true },
      "deliberate",
      "broken_promise_with_excuses",
    ],
    ["refused to pay", { outcomes90d: { refused: 1 } }, "deliberate", "refused"],
    [
      "ducks the collector while ordering",
      { invoicesPaid: 4, recentOrders: true, contactAttempts30d: 5, lastReplyOn: "2026-02-01" },
      "deliberate",
      "avoids_contact_while_trading",
    ],
    [
      "silent while ordering, without a paying history",
      { recentOrders: true, contactAttempts30d: 5, lastReplyOn: "2026-02-01" },
      "unreachable",
      "no_reply",
    ],
    [
      "silent for 21 days after 3 attempts",
      { contactAttempts30d: 3, lastReplyOn: "2026-03-10" },
      "unreachable",
      "no_reply",
    ],
    ["never replied", { contactAttempts30d: 4 }, "unreachable", "no_reply"],
    ["middleman flag", { middleman: true }, "middleman", "middleman"],
    [
      "waiting for its own customer",
      { excuses90d: { waiting_for_our_customer: 1 } },
      "middleman",
      "waiting_for_our_customer",
    ],
    [
      "foreign trade in foreign currency",
      { foreignTrade: true, invoiceCurrencyForeign: true },
      "fx_wait",
      "foreign_currency",
    ],
    ["exchange-rate excuse", { excuses90d: { waiting_for_exchange_rate: 1 } }, "fx_wait", "waiting_for_exchange_rate"],
    ["partial payments", { partialPayments90d: 2, connected30d: 2 }, "hardship", "partial_payments"],
    ["no money now", { excuses90d: { no_money_now: 1 }, promisesKept180d: 1 }, "hardship", "no_money_now"],
    ["always late", { invoicesPaid: 6, invoicesPaidLate: 5, avgDaysLate: 17.6 }, "habitual", "paid_late_share"],
    [
      "new customer stalled after ordering",
      { newCustomer: true, recentOrders: true, contactAttempts30d: 1 },
      "switched_supplier",
      "new_customer_stalled",
    ],
    ["first lateness", { invoicesPaid: 8, invoicesPaidLate: 0, daysPastDue: 6 }, "forgot", "first_lateness"],
    ["few late payments", { invoicesPaid: 8, invoicesPaidLate: 2 }, "forgot", "few_late_payments"],
    ["no signs at all", {}, "forgot", "no_other_signs"],
  ])("%s → %s", (_name, over, cause, signal) => {
    const verdict = inferCause(signals(over));
    expect(verdict.cause).toBe(cause);
    expect(verdict.evidence.map((e) => e.signal)).toContain(signal);
  });

  it("writes concrete evidence with numbers", () => {
    expect(inferCause(signals({ promisesBroken180d: 2 })).evidence).toEqual([
      { signal: "promises_broken", detail: "2 promises broken in 180 days" },
    ]);
    expect(inferCause(signals({ contactAttempts30d: 3, lastReplyOn: "2026-03-10" })).evidence).toEqual([
      { signal: "no_reply", detail: "no reply since 2026-03-10 (21 days) despite 3 attempts in 30 days" },
    ]);
    expect(inferCause(signals({ invoicesPaid: 6, invoicesPaidLate: 5, avgDaysLate: 17.6 })).evidence).toEqual([
      {
        signal: "paid_late_share",
        detail: "5 of 6 invoices paid late in 12 months (83%), on average 18 days late",
      },
    ]);
    expect(inferCause(signals({ partialPayments90d: 1, connected30d: 1 })).evidence).toEqual([
      { signal: "partial_payments", detail: "1 partial payment in 90 days" },
      { signal: "answers_calls", detail: "1 conversation in 30 days" },
    ]);
  });
});

describe("inferCause: thresholds and strong evidence first", () => {
  it.each<[string, Partial<CauseSignals>, Cause]>([
    ["20 days of silence is not yet unreachable", { contactAttempts30d: 3, lastReplyOn: "2026-03-11" }, "forgot"],
    ["2 attempts are not enough", { contactAttempts30d: 2, lastReplyOn: "2026-01-01" }, "forgot"],
    ["one broken promise alone is not deliberate", { promisesBroken180d: 1 }, "forgot"],
    ["nor with excuses but no orders", { promisesBroken180d: 1, excuses90d: { boss_away: 3 } }, "forgot"],
    [
      "a broken promise without orders is not deliberate",
      { promisesBroken180d: 1, excuses90d: { no_money_now: 1 } },
      "hardship",
    ],
    ["2 paid invoices are too few for a habit", { invoicesPaid: 2, invoicesPaidLate: 2 }, "forgot"],
    ["49% late is no habit", { invoicesPaid: 100, invoicesPaidLate: 49 }, "forgot"],
    ["50% late is a habit", { invoicesPaid: 100, invoicesPaidLate: 50 }, "habitual"],
    ["foreign trade in our own currency is no FX wait", { foreignTrade: true }, "forgot"],
    ["honest contact alone is no hardship", { connected30d: 3, promisesKept180d: 2 }, "forgot"],
    ["a recorded dispute beats broken promises", { openDisputes: 1, promisesBroken180d: 3 }, "dispute"],
    ["broken promises beat partial payments", { promisesBroken180d: 2, partialPayments90d: 1 }, "deliberate"],
    [
      "a habit yields to partial payments with no-money excuses",
      { invoicesPaid: 5, invoicesPaidLate: 5, partialPayments90d: 1, excuses90d: { no_money_now: 1 } },
      "hardship",
    ],
    [
      "a silent new customer who never paid has not ducked us while trading",
      { newCustomer: true, recentOrders: true, contactAttempts30d: 3 },
      "unreachable",
    ],
  ])("%s", (_name, over, cause) => {
    expect(inferCause(signals(over)).cause).toBe(cause);
  });

  it("silence while ordering counts once, for deliberate, not also for unreachable", () => {
    const verdict = inferCause(
      signals({ invoicesPaid: 4, recentOrders: true, contactAttempts30d: 5, lastReplyOn: "2026-02-01" }),
    );
    expect(verdict.scores).toEqual({ deliberate: 5, forgot: 2 });
  });

  it("honours options", () => {
    const s = signals({ contactAttempts30d: 3, lastReplyOn: "2026-03-21" });
    expect(inferCause(s).cause).toBe("forgot");
    expect(inferCause(s, { ...DEFAULT_CAUSE_OPTIONS, unreachableAfterDays: 10 }).cause).toBe("unreachable");
    const h = signals({ invoicesPaid: 2, invoicesPaidLate: 1 });
    expect(inferCause(h, { ...DEFAULT_CAUSE_OPTIONS, minPaidForHabit: 2 }).cause).toBe("habitual");
  });
});

describe("inferCause: ties follow the fixed order", () => {
  it.each<[string, Partial<CauseSignals>, Cause, Cause]>([
    ["hardship over middleman", { partialPayments90d: 1, middleman: true }, "hardship", "middleman"],
    [
      "middleman over fx_wait",
      { middleman: true, foreignTrade: true, invoiceCurrencyForeign: true },
      "middleman",
      "fx_wait",
    ],
    [
      "fx_wait over habitual",
      { foreignTrade: true, invoiceCurrencyForeign: true, invoicesPaid: 4, invoicesPaidLate: 2 },
      "fx_wait",
      "habitual",
    ],
    ["dispute over deliberate", { outcomes90d: { dispute_raised: 1, refused: 1 } }, "dispute", "deliberate"],
    [
      "deliberate over unreachable",
      { outcomes90d: { refused: 1 }, contactAttempts30d: 3, lastReplyOn: "2026-03-01" },
      "deliberate",
      "unreachable",
    ],
  ])("%s", (_name, over, winner, loser) => {
    const verdict = inferCause(signals(over));
    expect(verdict.scores[winner]).toBe(verdict.scores[loser]);
    expect(verdict.cause).toBe(winner);
    // A tie leaves no margin: the verdict is not confident.
    expect(verdict.confidence).toBeLessThanOrEqual(0.6);
  });

  it("the tie order lists every cause once", () => {
    expect([...CAUSE_TIE_ORDER].sort()).toEqual([...CAUSES].sort());
  });
});

describe("inferCause: confidence", () => {
  it.each<[string, Partial<CauseSignals>, number, number]>([
    ["no signs: the floor", {}, 0.3, 0.3],
    ["an open dispute is near certain", { openDisputes: 1 }, 0.9, 0.95],
    ["everything points to deliberate", { promisesBroken180d: 4, outcomes90d: { refused: 2 } }, 0.95, 0.95],
    ["switched supplier is never stated firmly", { newCustomer: true, recentOrders: true }, 0.3, 0.5],
    ["a middleman flag alone is moderate", { middleman: true }, 0.5, 0.75],
  ])("%s", (_name, over, min, max) => {
    const { confidence } = inferCause(signals(over));
    expect(confidence).toBeGreaterThanOrEqual(min);
    expect(confidence).toBeLessThanOrEqual(max);
  });

  const count = fc.nat({ max: 6 });
  const date = fc
    .integer({ min: 0, max: 400 })
    .map((d) => new Date(Date.UTC(2025, 2, 1) + d * 86_400_000).toISOString().slice(0, 10));
  const record = <K extends string>(keys: readonly K[]) =>
    fc.dictionary(fc.constantFrom(...keys), count, { maxKeys: 3 }) as fc.Arbitrary<Partial<Record<K, number>>>;
  const arbitrarySignals: fc.Arbitrary<CauseSignals> = fc.record({
    asOf: fc.constant("2026-04-05"),
    daysPastDue: fc.integer({ min: 1, max: 800 }),
    overdueMinor: fc.bigInt({ min: 1n, max: 10n ** 12n }),
    invoicesPaid: fc.nat({ max: 40 }),
    invoicesPaidLate: fc.nat({ max: 40 }),
    avgDaysLate: fc.option(fc.double({ min: 0, max: 120, noNaN: true })),
    partialPayments90d: count,
    lastPaymentOn: fc.option(date),
    openDisputes: fc.nat({ max: 2 }),
    promisesBroken180d: count,
    promisesKept180d: count,
    contactAttempts30d: fc.nat({ max: 12 }),
    connected30d: count,
    lastReplyOn: fc.option(date),
    excuses90d: record(EXCUSES),
    outcomes90d: record(OUTCOMES),
    middleman: fc.boolean(),
    foreignTrade: fc.boolean(),
    invoiceCurrencyForeign: fc.boolean(),
    newCustomer: fc.boolean(),
    recentOrders: fc.boolean(),
  });

  it("stays within 0.3..0.95, picks the top score, explains itself and is deterministic", () => {
    fc.assert(
      fc.property(arbitrarySignals, (s) => {
        const verdict = inferCause(s);
        expect(verdict.confidence).toBeGreaterThanOrEqual(0.3);
        expect(verdict.confidence).toBeLessThanOrEqual(0.95);
        expect(CAUSES).toContain(verdict.cause);
        expect(verdict.evidence.length).toBeGreaterThan(0);
        const top = Math.max(0, ...Object.values(verdict.scores));
        expect(verdict.scores[verdict.cause] ?? 0).toBe(top);
        for (const points of Object.values(verdict.scores)) expect(points).toBeGreaterThan(0);
        expect(inferCause(s)).toEqual(verdict);
      }),
    );
  });
});

describe("manualCauseHolds", () => {
  it.each<[string, string | null, string, boolean]>([
    ["2026-03-01", "2026-03-15", "2026-03-14", true],
    ["2026-03-01", "2026-03-15", "2026-03-15", false],
    ["2026-03-01", "2026-03-15", "2026-04-01", false],
    ["2026-03-01", "2026-03-15", "2026-03-01", true],
    ["2026-03-01", "2026-03-15", "2026-02-20", true],
    ["2026-03-01", null, "2026-03-30", true],
    ["2026-03-01", null, "2026-03-31", false],
    ["2028-02-10", null, "2028-03-10", true],
    ["2028-02-10", null, "2028-03-11", false],
    ["2026-12-15", null, "2027-01-13", true],
    ["2026-12-15", null, "2027-01-14", false],
    ["2026-03-01", "2026-03-01", "2026-03-01", false],
  ])("set %s, re-check %s, as of %s → %s", (setAt, recheckOn, asOf, holds) => {
    expect(manualCauseHolds(setAt, recheckOn, asOf)).toBe(holds);
  });

  it(`re-checks after ${MANUAL_CAUSE_RECHECK_DAYS} days by default`, () => {
    expect(MANUAL_CAUSE_RECHECK_DAYS).toBe(30);
  });
});
