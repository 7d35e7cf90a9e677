// Figure (cause and priority rules): µs per inferCause and per priorityOf over 100k varied inputs, as the daily run
// calls them for every overdue customer (~60,000). Median of 5 passes after a warm-up pass.
// Usage: node --import tsx bench/cause.ts [--inputs 100000]
import { RISK_GRADES } from "../src/aging/aging.rules.ts";
import { addDays } from "../src/calendar/calendar-date.ts";
import { type CauseSignals, inferCause } from "../src/collection/cause.rules.ts";
import { ACTIONS, CAUSES, EXCUSES, OUTCOMES } from "../src/collection/collection.enums.ts";
import { type PriorityInput, priorityOf } from "../src/collection/priority.rules.ts";
import { arg, type BenchFigure, emitResult, median, peakMb } from "./bench-util.ts";

const count = arg("inputs", 100_000);
const asOf = "2026-04-05";

// A fixed-seed generator (mulberry32), so every run measures the same inputs.
let seed = 0x5eed;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (max: number): number => Math.floor(random() * (max + 1));
const chance = (p: number): boolean => random() < p;
function pick<T>(xs: readonly T[]): T {
  return xs[int(xs.length - 1)] as T;
}
function sparse<K extends string>(keys: readonly K[], p: number): Partial<Record<K, number>> {
  const r: Partial<Record<K, number>> = {};
  while (chance(p)) r[pick(keys)] = 1 + int(3);
  return r;
}

function signals(): CauseSignals {
  const paid = int(24);
  return {
    asOf,
    daysPastDue: 1 + int(400),
    overdueMinor: BigInt(1 + int(50_000_000)),
    invoicesPaid: paid,
    invoicesPaidLate: int(paid),
    avgDaysLate: paid > 0 ? random() * 40 : null,
    partialPayments90d: chance(0.2) ? 1 + int(3) : 0,
    lastPaymentOn: paid > 0 ? addDays(asOf, -int(300)) : null,
    openDisputes: chance(0.05) ? 1 : 0,
    promisesBroken180d: chance(0.15) ? 1 + int(3) : 0,
    promisesKept180d: chance(0.3) ? 1 + int(3) : 0,
    contactAttempts30d: int(8),
    connected30d: int(3),
    lastReplyOn: chance(0.7) ? addDays(asOf, -int(90)) : null,
    excuses90d: sparse(EXCUSES, 0.3),
    outcomes90d: sparse(OUTCOMES, 0.4),
    middleman: chance(0.1),
    foreignTrade: chance(0.1),
    invoiceCurrencyForeign: chance(0.1),
    newCustomer: chance(0.15),
    recentOrders: chance(0.5),
  };
}

function priorityInput(): PriorityInput {
  return {
    overdueMinor: BigInt(1 + int(50_000_000)),
    currencyDigits: chance(0.9) ? 2 : 0,
    daysPastDue: 1 + int(400),
    grade: pick(RISK_GRADES),
    cause: pick(CAUSES),
    creditLimitMinor: chance(0.5) ? BigInt(int(20_000_000)) : null,
    promiseBrokenRecently: chance(0.1),
    promiseDueToday: chance(0.05),
    installmentDueSoon: chance(0.05),
    daysSinceLastContact: chance(0.8) ? int(120) : null,
    limitationDaysLeft: chance(0.5) ? int(1000) - 50 : null,
    stepAction: pick(ACTIONS),
  };
}

const figures: BenchFigure[] = [];

function measure(label: string, run: () => number): void {
  run(); // warm-up: let the JIT settle
  const perCall: number[] = [];
  let sink = 0;
  for (let pass = 0; pass < 5; pass++) {
    const t0 = performance.now();
    sink += run();
    perCall.push(((performance.now() - t0) * 1000) / count);
  }
  console.log(`${label}: ${median(perCall).toFixed(2)} µs per call (median of 5 passes over ${count} inputs; ${sink})`);
  figures.push({
    figure: `${label} (pure)`,
    engine: "node",
    value: median(perCall),
    unit: "µs/call",
    peakMb: peakMb(),
    stat: "median of 5",
  });
}

const causeInputs = Array.from({ length: count }, signals);
const priorityInputs = Array.from({ length: count }, priorityInput);

const mix = new Map<string, number>();
for (const s of causeInputs) {
  const { cause } = inferCause(s);
  mix.set(cause, (mix.get(cause) ?? 0) + 1);
}
console.log(`cause mix: ${[...mix].map(([cause, n]) => `${cause} ${n}`).join(", ")}`);

measure("inferCause", () => {
  let n = 0;
  for (const s of causeInputs) n += inferCause(s).evidence.length;
  return n;
});
measure("priorityOf", () => {
  let n = 0;
  for (const p of priorityInputs) n += priorityOf(p).factors.length;
  return n;
});
emitResult("cause", figures);
