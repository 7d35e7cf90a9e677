// The payment-date model: a piecewise-constant hazard of payment on the "days after the due date" axis, one set of
// rates per customer shrunk toward its group's and the group's toward the portfolio's (empirical Bayes, Gamma-
// Poisson), times a log-linear adjustment for what is known about the invoice at that time (dispute, promise,
// plan, amount, the customer's other overdue invoices, reminders, channel, month), fitted by penalised Poisson
// regression with the customer's own rates as the offset. Pure: days are day numbers, the as-of day is passed in.
//
// Why a hazard: an invoice still open at 40 days past due says something that a "days to pay" average ignores.
// The hazard gives P(paid by t | still open at age a) directly, and open invoices count as exposure without a
// payment (censored), so a customer who stopped paying is seen to have stopped.

/** Upper edges of the lateness bins (days after due; the first bin starts at the invoice's issue). */
export const BIN_EDGES = [-30, -14, -7, -3, 0, 1, 4, 8, 15, 22, 31, 46, 61, 91, 121, 181, 271, 366, 730] as const;
export const BIN_COUNT = BIN_EDGES.length;
/** Payments later than this many days after the due date are beyond the model ("not within two years"). */
export const HORIZON = 730;

export const binLo = (k: number): number => (k === 0 ? Number.NEGATIVE_INFINITY : (BIN_EDGES[k - 1] as number));
export const binHi = (k: number): number => BIN_EDGES[k] as number;
/** The bin holding lateness τ (days after due), or BIN_COUNT when beyond the horizon. */
export function binOf(tau: number): number {
  let k = 0;
  while (k < BIN_COUNT && tau >= (BIN_EDGES[k] as number)) k++;
  return k;
}
/** Width used for the priors' strength: a bin's days, at most 30 (the first bin is open-ended). */
const priorWidth = (k: number): number => Math.min(30, binHi(k) - binLo(k));

export type ModelOptions = {
  /** Old history counts less: weight 1/2 per this many days before the as-of date. */
  halfLifeDays: number;
  /** Strength of the group prior on a customer's rates, in invoices passing through a bin. */
  customerPrior: number;
  /** Strength of the portfolio prior on a group's rates. */
  groupPrior: number;
  /** Ridge penalty on the covariate coefficients. */
  ridge: number;
  /** At most this many invoices' segments feed the regression (a deterministic sample beyond). */
  maxRegressionInvoices: number;
  /** False: the customers' rates alone (the covariates' coefficients stay 0). */
  useCovariates: boolean;
  /** Covariates left out of the regression (their coefficients stay 0). */
  excludeFeatures: readonly string[];
  /** Customers who pay in regular runs are predicted to pay at a run (forecast-runs.rules.ts); false: never. */
  paymentRuns: boolean;
  /** Payments are put on the weekdays the customer (or the portfolio) pays on (forecast-weekdays.rules.ts). */
  payWeekdays: boolean;
};

/**
 * Chosen on the demo's backtest (README, "Forecast and backtest"). "behind" (the customer's other overdue invoices)
 * and "reminders" (contacts in the last 30 days) are left out by default: their values after D are unknown and
 * held at D's, and with them the backtest's MAE on overdue invoices was worse (16.9-18.8 days against 15.5).
 * "cycle" (days since the customer's last payment over its usual gap) is left out since 2026-11-25 for the same
 * reason the other way round: after D it runs on as if nothing were paid meanwhile, so the pay rate it gives rises
 * day after day and the forecast came early (bias -4.3 days on invoices not yet due of customers waiting for an
 * exchange rate). Without it the MAE went from 6.93 to 6.81 days, and down on each of five demo seeds.
 */
export const DEFAULT_MODEL_OPTIONS: ModelOptions = {
  halfLifeDays: 720,
  customerPrior: 0.25,
  groupPrior: 8,
  ridge: 2,
  maxRegressionInvoices: 60_000,
  useCovariates: true,
  excludeFeatures: ["behind", "reminders", "cycle"],
  paymentRuns: true,
  payWeekdays: true,
};

/** One invoice of the history, as of the as-of day. */
export type TrainingInvoice = {
  customer: number;
  group: number;
  issue: number;
  due: number;
  /** Day its open amount reached 0 (as of the as-of day), or null while open. */
  paidDay: number | null;
};

/** The covariates of invoice `index` on `day` (same length as the model's feature names). */
export type CovariatesAt = (index: number, day: number) => Float64Array;

export type HazardModel = {
  asOf: number;
  featureNames: readonly string[];
  beta: Float64Array;
  /** Mean covariates over the regression rows: the reference point of the factors. */
  featureMeans: Float64Array;
  portfolio: Float64Array;
  groups: Map<number, Float64Array>;
  customers: Map<number, Float64Array>;
  /** Weighted exposure days per customer (how much of its own history the rates rest on). */
  customerPaid: Map<number, number>;
  groupPaid: Map<number, number>;
  options: ModelOptions;
};

/** The pieces of an invoice's life in each bin: exposure [lo, hi) in days after due, and whether it was paid there. */
export function segmentsOf(inv: TrainingInvoice, asOf: number): { bin: number; lo: number; hi: number; y: number }[] {
  const out: { bin: number; lo: number; hi: number; y: number }[] = [];
  forEachSegment(inv, asOf, (bin, lo, hi, y) => {
    out.push({ bin, lo, hi, y });
  });
  return out;
}

/** segmentsOf without the garbage: `visit` gets each piece in bin order (a million invoices have ten million). */
export function forEachSegment(
  inv: TrainingInvoice,
  asOf: number,
  visit: (bin: number, lo: number, hi: number, y: number) => void,
): void {
  const entry = inv.issue - inv.due;
  const paidTau = inv.paidDay === null ? null : inv.paidDay - inv.due;
  const exit = Math.min(HORIZON, paidTau === null ? asOf - inv.due + 1 : paidTau + 1);
  for (let k = binOf(entry); k < BIN_COUNT; k++) {
    const lo = Math.max(binLo(k), entry);
    const hi = Math.min(binHi(k), exit);
    if (hi <= lo) break;
    visit(k, lo, hi, paidTau !== null && paidTau >= lo && paidTau < hi ? 1 : 0);
  }
}

/** Empirical-Bayes rate per bin: (events + α·prior) / (exposure + α), α = strength × the bin's width. */
export function shrinkRates(y: Float64Array, e: Float64Array, prior: Float64Array, strength: number): Float64Array {
  const out = new Float64Array(BIN_COUNT);
  for (let k = 0; k < BIN_COUNT; k++) {
    const a = strength * priorWidth(k);
    out[k] = ((y[k] as number) + a * (prior[k] as number)) / ((e[k] as number) + a);
  }
  return out;
}

/** Deterministic "random" sample of invoices for the regression (Knuth's multiplicative hash). */
const sampled = (i: number, keep: number): boolean => ((Math.imul(i + 1, 2654435761) >>> 0) / 2 ** 32) * 1 < keep;

/**
 * Fits the model on `history` (invoices issued on or before `asOf`, settled as of `asOf`). `covariates` must use
 * only what was known on `asOf`.
 */
export function fitHazardModel(
  history: readonly TrainingInvoice[],
  asOf: number,
  featureNames: readonly string[],
  covariates: CovariatesAt,
  options: ModelOptions = DEFAULT_MODEL_OPTIONS,
): HazardModel {
  const p = featureNames.length;
  // Only the sampled invoices' pieces are kept (for the regression); the rates are summed as the pieces go by.
  const keep = options.useCovariates ? Math.min(1, options.maxRegressionInvoices / Math.max(1, history.length)) : 0;
  const segs: { inv: number; bin: number; lo: number; hi: number; y: number; w: number }[] = [];
  const acc = (m: Map<number, [Float64Array, Float64Array]>, key: number) => {
    let v = m.get(key);
    if (!v) {
      v = [new Float64Array(BIN_COUNT), new Float64Array(BIN_COUNT)];
      m.set(key, v);
    }
    return v;
  };
  const byCustomer = new Map<number, [Float64Array, Float64Array]>();
  const byGroup = new Map<number, [Float64Array, Float64Array]>();
  const allY = new Float64Array(BIN_COUNT);
  const allE = new Float64Array(BIN_COUNT);
  const all: [Float64Array, Float64Array] = [allY, allE];
  const customerPaid = new Map<number, number>();
  const groupPaid = new Map<number, number>();
  // A customer's invoices still open on D wait on the same next payment (a batch, a lump, a decision): together
  // they are one piece of evidence of a low rate, not one per invoice, so each counts 1/(its customer's open count).
  const openCount = new Map<number, number>();
  for (const inv of history)
    if (inv.paidDay === null) openCount.set(inv.customer, (openCount.get(inv.customer) ?? 0) + 1);
  // The visitor's context, set per invoice (one closure for all the pieces).
  let cy: Float64Array = allY;
  let ce: Float64Array = allE;
  let gy: Float64Array = allY;
  let ge: Float64Array = allE;
  let due = 0;
  let share = 1;
  let index = 0;
  let kept = false;
  const visit = (bin: number, lo: number, hi: number, y: number) => {
    const mid = due + (lo + hi) / 2;
    const w = share * Math.min(1, 0.5 ** ((asOf - mid) / options.halfLifeDays));
    const e = (hi - lo) * w;
    cy[bin] = (cy[bin] as number) + y * w;
    ce[bin] = (ce[bin] as number) + e;
    gy[bin] = (gy[bin] as number) + y * w;
    ge[bin] = (ge[bin] as number) + e;
    allY[bin] = (allY[bin] as number) + y * w;
    allE[bin] = (allE[bin] as number) + e;
    if (kept) segs.push({ inv: index, bin, lo, hi, y, w });
  };
  for (let i = 0; i < history.length; i++) {
    const inv = history[i] as TrainingInvoice;
    [cy, ce] = acc(byCustomer, inv.customer);
    [gy, ge] = acc(byGroup, inv.group);
    due = inv.due;
    share = inv.paidDay === null ? 1 / (openCount.get(inv.customer) as number) : 1;
    index = i;
    kept = keep > 0 && (keep >= 1 || sampled(i, keep));
    forEachSegment(inv, asOf, visit);
    if (inv.paidDay !== null) {
      customerPaid.set(inv.customer, (customerPaid.get(inv.customer) ?? 0) + 1);
      groupPaid.set(inv.group, (groupPaid.get(inv.group) ?? 0) + 1);
    }
  }

  // Portfolio rates, each bin lightly shrunk toward the overall rate so an empty bin is not a zero.
  let ty = 0;
  let te = 0;
  for (let k = 0; k < BIN_COUNT; k++) {
    ty += all[0][k] as number;
    te += all[1][k] as number;
  }
  const overall = new Float64Array(BIN_COUNT).fill(te > 0 ? Math.max(ty / te, 1e-4) : 1 / 30);
  const portfolio = shrinkRates(all[0], all[1], overall, 0.5);
  const groups = new Map<number, Float64Array>();
  for (const [key, [y, e]] of byGroup) groups.set(key, shrinkRates(y, e, portfolio, options.groupPrior));
  const customers = new Map<number, Float64Array>();
  const customerGroup = new Map<number, number>();
  for (const inv of history) customerGroup.set(inv.customer, inv.group);
  for (const [key, [y, e]] of byCustomer) {
    const prior = groups.get(customerGroup.get(key) as number) ?? portfolio;
    customers.set(key, shrinkRates(y, e, prior, options.customerPrior));
  }

  // Covariates: Poisson regression of each segment's payment on its exposure × the customer's rate without this
  // invoice (leave-one-out, so an invoice does not explain itself), by Newton steps with a ridge penalty.
  const rows: { x: Float64Array; off: number; y: number; w: number }[] = [];
  const excluded = options.excludeFeatures.map((n) => featureNames.indexOf(n)).filter((j) => j >= 0);
  for (const s of segs) {
    const inv = history[s.inv] as TrainingInvoice;
    const [cy, ce] = byCustomer.get(inv.customer) as [Float64Array, Float64Array];
    const prior = groups.get(inv.group) ?? portfolio;
    const a = options.customerPrior * priorWidth(s.bin);
    const ownE = (s.hi - s.lo) * s.w;
    const rate =
      ((cy[s.bin] as number) - s.y * s.w + a * (prior[s.bin] as number)) / ((ce[s.bin] as number) - ownE + a);
    const off = Math.log(Math.max(rate, 1e-9) * (s.hi - s.lo));
    const x = covariates(s.inv, inv.due + Math.ceil(s.lo));
    for (const j of excluded) x[j] = 0;
    rows.push({ x, off, y: s.y, w: s.w });
  }
  const beta = new Float64Array(p);
  const means = new Float64Array(p);
  let wsum = 0;
  for (const r of rows) {
    for (let j = 0; j < p; j++) means[j] = (means[j] as number) + r.w * (r.x[j] as number);
    wsum += r.w;
  }
  if (wsum > 0) for (let j = 0; j < p; j++) means[j] = (means[j] as number) / wsum;
  fitPoisson(rows, beta, options.ridge);
  return {
    asOf,
    featureNames,
    beta,
    featureMeans: means,
    portfolio,
    groups,
    customers,
    customerPaid,
    groupPaid,
    options,
  };
}

/**
 * Penalised Poisson regression: maximises Σ w (y·η − exp η) − ridge/2·|β|², η = off + β·x, by Newton's method
 * (a handful of features, so the p×p system is solved directly). Updates `beta` in place; returns the iterations.
 */
export function fitPoisson(
  rows: readonly { x: Float64Array; off: number; y: number; w: number }[],
  beta: Float64Array,
  ridge: number,
  iterations = 25,
): number {
  const p = beta.length;
  if (p === 0) return 0;
  const nonZero = rows.map((r) => {
    const nz: number[] = [];
    for (let j = 0; j < p; j++) if (r.x[j] !== 0) nz.push(j);
    return nz;
  });
  for (let it = 1; it <= iterations; it++) {
    const g = new Float64Array(p);
    const h = new Float64Array(p * p);
    for (let j = 0; j < p; j++) {
      g[j] = -ridge * (beta[j] as number);
      h[j * p + j] = ridge;
    }
    for (const [k, r] of rows.entries()) {
      // Rows are sparse (one month indicator, a few others): work on their non-zero entries only.
      const nz = nonZero[k] as number[];
      let eta = r.off;
      for (const j of nz) eta += (beta[j] as number) * (r.x[j] as number);
      const mu = Math.exp(Math.min(eta, 30));
      const resid = r.w * (r.y - mu);
      const wm = r.w * mu;
      for (const j of nz) {
        const xj = r.x[j] as number;
        g[j] = (g[j] as number) + resid * xj;
        for (const l of nz) h[j * p + l] = (h[j * p + l] as number) + wm * xj * (r.x[l] as number);
      }
    }
    const step = solve(h, g, p);
    let max = 0;
    for (let j = 0; j < p; j++) {
      // Damped: a step never moves a coefficient by more than 2 (a factor of e² on the rate).
      const d = Math.max(-2, Math.min(2, step[j] as number));
      beta[j] = (beta[j] as number) + d;
      max = Math.max(max, Math.abs(d));
    }
    if (max < 1e-6) return it;
  }
  return iterations;
}

/** Solves A x = b (A symmetric positive definite, p×p row-major) by Gaussian elimination with pivoting. */
export function solve(a: Float64Array, b: Float64Array, p: number): Float64Array {
  const m = Float64Array.from(a);
  const x = Float64Array.from(b);
  for (let c = 0; c < p; c++) {
    let piv = c;
    for (let r = c + 1; r < p; r++) if (Math.abs(m[r * p + c] as number) > Math.abs(m[piv * p + c] as number)) piv = r;
    if (piv !== c) {
      for (let k = 0; k < p; k++) {
        const t = m[c * p + k] as number;
        m[c * p + k] = m[piv * p + k] as number;
        m[piv * p + k] = t;
      }
      const t = x[c] as number;
      x[c] = x[piv] as number;
      x[piv] = t;
    }
    const d = m[c * p + c] as number;
    if (Math.abs(d) < 1e-12) continue;
    for (let r = c + 1; r < p; r++) {
      const f = (m[r * p + c] as number) / d;
      if (f === 0) continue;
      for (let k = c; k < p; k++) m[r * p + k] = (m[r * p + k] as number) - f * (m[c * p + k] as number);
      x[r] = (x[r] as number) - f * (x[c] as number);
    }
  }
  for (let c = p - 1; c >= 0; c--) {
    let s = x[c] as number;
    for (let k = c + 1; k < p; k++) s -= (m[c * p + k] as number) * (x[k] as number);
    const d = m[c * p + c] as number;
    x[c] = Math.abs(d) < 1e-12 ? 0 : s / d;
  }
  return x;
}

/**
 * A distribution of the payment time τ (days after due, continuous; paid on day due + ⌊τ⌋) from `start` on: a
 * constant daily rate on each piece, the pieces being the model's bins from the one holding `start` to HORIZON (the
 * first cut at `start`). Kept per open invoice until the cash forecast has read it, so it is small: one array of plain
 * numbers (a million typed arrays cost more to allocate and to collect than their numbers weigh).
 */
export type PayDistribution = {
  start: number;
  /** The bin holding `start`: piece j is bin first + j. */
  first: number;
  rate: number[];
};

/** Where piece j of a distribution starts and ends (days after due). */
const pieceLo = (d: PayDistribution, j: number): number => (j === 0 ? d.start : (BIN_EDGES[d.first + j - 1] as number));
const pieceHi = (d: PayDistribution, j: number): number => BIN_EDGES[d.first + j] as number;

/** One rate on every piece from `start` to the horizon. */
export function constantDistribution(start: number, rate: number): PayDistribution {
  const first = binOf(start);
  return { start, first, rate: new Array<number>(BIN_COUNT - first).fill(rate) };
}

/**
 * The rates an invoice faces from `start` (days after due) on: its customer's, times exp(β·x) on each piece, β·x
 * given by `etaOn` for the piece's first day (linearPredictorAfterAsOf).
 */
export function payDistribution(
  model: HazardModel,
  customer: number,
  group: number,
  due: number,
  start: number,
  etaOn: (day: number) => number,
): PayDistribution {
  const base = model.customers.get(customer) ?? model.groups.get(group) ?? model.portfolio;
  const first = binOf(start);
  const rate = new Array<number>(BIN_COUNT - first);
  for (let k = first; k < BIN_COUNT; k++)
    rate[k - first] = (base[k] as number) * Math.exp(etaOn(due + Math.ceil(k === first ? start : binLo(k))));
  return { start, first, rate };
}

/** P(still unpaid at τ | unpaid at `start`); beyond the horizon, the survival at the horizon. */
export function survival(d: PayDistribution, tau: number): number {
  let log = 0;
  for (let j = 0; j < d.rate.length; j++) {
    const l = pieceLo(d, j);
    if (tau <= l) break;
    log -= (d.rate[j] as number) * (Math.min(tau, pieceHi(d, j)) - l);
  }
  return Math.exp(log);
}

/**
 * The τ by which the payment has happened with probability q, or null if not within the horizon. With
 * `givenPaid`, among the outcomes where it is paid within the horizon: a predicted date is a date of payment,
 * and the chance it never comes is told apart (expected days late, p_late_30).
 */
export function quantile(d: PayDistribution, q: number, givenPaid = false): number | null {
  const paid = givenPaid ? 1 - survival(d, HORIZON) : 1;
  if (paid <= 1e-9) return null;
  const target = 1 - q * paid;
  let s = 1;
  for (let j = 0; j < d.rate.length; j++) {
    const l = pieceLo(d, j);
    const h = pieceHi(d, j);
    const r = d.rate[j] as number;
    const end = s * Math.exp(-r * (h - l));
    if (end <= target) return r > 0 ? l + Math.log(s / target) / r : l;
    s = end;
  }
  return null;
}

/** E[max(paid day − due, 0)]: the payment's days late (⌊τ⌋), counting the horizon for what is beyond it. */
export function expectedDaysLate(d: PayDistribution): number {
  let s = 1;
  let e = 0;
  for (let j = 0; j < d.rate.length; j++) {
    const l = pieceLo(d, j);
    const h = pieceHi(d, j);
    const r = d.rate[j] as number;
    const width = h - l;
    const out = Math.exp(-r * width);
    const mass = s * (1 - out);
    // Mean of an exponential truncated to [l, h); the midpoint when the rate is (nearly) 0.
    const mean = r * width < 1e-6 ? l + width / 2 : l + 1 / r - (width * out) / (1 - out);
    e += mass * Math.max(0, Math.floor(l) >= 0 ? mean - 0.5 : 0);
    s *= out;
  }
  return e + s * HORIZON;
}

export type InvoiceForecast = {
  /** Days after due of the predicted payment (the median, given it is paid within the horizon; else HORIZON). */
  predictedLateness: number;
  pLate: number;
  pLate30: number;
  expectedDaysLate: number;
};

/** The forecast of an invoice still open at the end of `asOf` (so paid at τ ≥ asOf − due + 1). */
export function forecastInvoice(d: PayDistribution, due: number, asOf: number): InvoiceForecast {
  const start = asOf - due + 1;
  const median = quantile(d, 0.5, true);
  return {
    predictedLateness: median === null ? HORIZON : Math.max(start, Math.floor(median)),
    pLate: start >= 1 ? 1 : survival(d, 1),
    pLate30: start >= 31 ? 1 : survival(d, 31),
    expectedDaysLate: expectedDaysLate(d),
  };
}

/** P(paid on days [from, to)) for an invoice due on `due`, by the distribution (whose start is the first day). */
export function paidBetween(d: PayDistribution, due: number, from: number, to: number): number {
  return Math.max(0, survival(d, Math.max(from - due, d.start)) - survival(d, Math.max(to - due, d.start)));
}

/** Median of a list (the mean of the middle two), null when empty. */
export function median(xs: readonly number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}
