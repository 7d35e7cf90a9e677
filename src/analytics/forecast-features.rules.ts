// The covariates of the payment model: what was known about an invoice on a day. Pure. Everything here comes from
// rows dated on or before the as-of day; for days after it, what can only be observed (a dispute still open, the
// customer's other overdue invoices, reminders) is held at its as-of value, and what was already scheduled (a
// promise's date, a plan's installments) and the calendar month run on.

export const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"] as const;
const BASE_FEATURES = ["dispute", "promise", "plan", "amount", "behind", "reminders", "paperless", "cycle"] as const;
/** The covariates, in vector order: the base ones, then one indicator per calendar month. */
export const FEATURE_NAMES: readonly string[] = [...BASE_FEATURES, ...MONTHS.map((m) => `month_${m}`)];
const F = {
  dispute: 0,
  promise: 1,
  plan: 2,
  amount: 3,
  behind: 4,
  reminders: 5,
  paperless: 6,
  cycle: 7,
  month: 8,
} as const;

/** [from, to): days on which something (a dispute, a promise, a plan) was in force. */
export type Interval = [number, number];

export type FeatureInvoice = { customer: number; issue: number; due: number; amount: number; paidDay: number | null };

export type FeatureFacts = {
  asOf: number;
  invoices: readonly FeatureInvoice[];
  /** Per invoice index: disputes (to = Infinity while open on the as-of day). */
  disputes: Map<number, Interval[]>;
  /** Per invoice index: payment plans covering it, from creation to the last installment plus grace. */
  plans: Map<number, Interval[]>;
  /** Per customer: promises to pay, from the day made to the promised day inclusive. */
  promises: Map<number, Interval[]>;
  /** Per customer: the days of outbound contacts (calls, messages, visits), sorted. */
  reminders: Map<number, number[]>;
  /** Customers with a contact who prefers electronic channels (e-mail, SMS, WeChat). */
  paperless: Set<number>;
  /** Per customer: the distinct days it paid something, sorted. */
  paymentDays: Map<number, number[]>;
};

export type FeatureIndex = {
  facts: FeatureFacts;
  typicalAmount: Map<number, number>;
  /** Per customer: invoice indices by due day, and the running maximum of their paid days (open = Infinity). */
  dueOrder: Map<number, { order: number[]; maxPaid: Float64Array }>;
  /** Per customer: the median days between its payment days (its payment cycle). */
  cycle: Map<number, number>;
  /** Covariates left out of the model (FEATURE_NAMES order): not computed, left 0. */
  off: Uint8Array;
};

const inForce = (xs: Interval[] | undefined, day: number) => !!xs?.some(([a, b]) => day >= a && day < b);

/** Calendar month (0-11) of a day number, by integer arithmetic (called millions of times: no Date). */
export function monthOf(day: number): number {
  // Howard Hinnant's civil_from_days: years start on 1 March, so February's length does not matter.
  const z = day + 719_468;
  const doe = z - Math.floor(z / 146_097) * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  return mp < 10 ? mp + 2 : mp - 10;
}

export function indexFeatures(facts: FeatureFacts, excluded: readonly string[] = []): FeatureIndex {
  const amounts = new Map<number, number[]>();
  const byCustomer = new Map<number, number[]>();
  facts.invoices.forEach((inv, i) => {
    let a = amounts.get(inv.customer);
    if (!a) {
      a = [];
      amounts.set(inv.customer, a);
    }
    a.push(inv.amount);
    let o = byCustomer.get(inv.customer);
    if (!o) {
      o = [];
      byCustomer.set(inv.customer, o);
    }
    o.push(i);
  });
  const typicalAmount = new Map<number, number>();
  for (const [c, a] of amounts) {
    a.sort((x, y) => x - y);
    typicalAmount.set(c, Math.max(1, a[a.length >> 1] as number));
  }
  const dueOrder = new Map<number, { order: number[]; maxPaid: Float64Array }>();
  for (const [c, order] of byCustomer) {
    order.sort(
      (a, b) => (facts.invoices[a] as FeatureInvoice).due - (facts.invoices[b] as FeatureInvoice).due || a - b,
    );
    const maxPaid = new Float64Array(order.length);
    let m = Number.NEGATIVE_INFINITY;
    order.forEach((i, k) => {
      m = Math.max(m, facts.invoices[i]?.paidDay ?? Number.POSITIVE_INFINITY);
      maxPaid[k] = m;
    });
    dueOrder.set(c, { order, maxPaid });
  }
  const cycle = new Map<number, number>();
  for (const [c, days] of facts.paymentDays) {
    const gaps = days.slice(1).map((d, k) => d - (days[k] as number));
    gaps.sort((a, b) => a - b);
    if (gaps.length) cycle.set(c, gaps[gaps.length >> 1] as number);
  }
  const off = new Uint8Array(FEATURE_NAMES.length);
  for (const name of excluded) if (FEATURE_NAMES.includes(name)) off[FEATURE_NAMES.indexOf(name)] = 1;
  return { facts, typicalAmount, dueOrder, cycle, off };
}

/** Days past due of the customer's oldest other invoice open on `day` (0 when none is overdue). */
export function daysBehind(ix: FeatureIndex, index: number, day: number): number {
  const inv = ix.facts.invoices[index] as FeatureInvoice;
  const o = ix.dueOrder.get(inv.customer);
  if (!o) return 0;
  // Invoices before the first whose running maximum paid day is after `day` were all paid by then.
  let lo = 0;
  let hi = o.order.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((o.maxPaid[mid] as number) > day) hi = mid;
    else lo = mid + 1;
  }
  for (let k = lo; k < o.order.length; k++) {
    const j = o.order[k] as number;
    const other = ix.facts.invoices[j] as FeatureInvoice;
    if (other.due >= day) return 0;
    if (j === index || other.issue > day || (other.paidDay !== null && other.paidDay <= day)) continue;
    return day - other.due;
  }
  return 0;
}

/** Index of the first element of sorted `xs` that is >= t. */
function firstAtLeast(xs: readonly number[], t: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((xs[mid] as number) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Outbound contacts of the customer in the 30 days before `day`. */
export function remindersBefore(ix: FeatureIndex, customer: number, day: number): number {
  const xs = ix.facts.reminders.get(customer);
  if (!xs?.length) return 0;
  return firstAtLeast(xs, day) - firstAtLeast(xs, day - 30);
}

/**
 * Where the customer is in its payment cycle on `day`: log of (days since its last payment before `day` + 1) over
 * (its usual days between payments + 1). Customers who pay in batches pay again when a cycle has passed.
 */
export function cyclePosition(ix: FeatureIndex, customer: number, day: number): number {
  const days = ix.facts.paymentDays.get(customer);
  const cycle = ix.cycle.get(customer);
  if (!days?.length || cycle === undefined) return 0;
  const k = firstAtLeast(days, day);
  if (k === 0) return 0;
  const since = day - (days[k - 1] as number);
  return Math.max(-3, Math.min(3, Math.log((since + 1) / (cycle + 1))));
}

/**
 * The covariate vector of invoice `index` on `day` (FEATURE_NAMES order), in `out` when given (overwritten: a caller
 * that reads it at once spares an allocation per piece of every open invoice).
 */
export function covariatesOn(ix: FeatureIndex, index: number, day: number, out?: Float64Array): Float64Array {
  const f = ix.facts;
  const inv = f.invoices[index] as FeatureInvoice;
  const observed = Math.min(day, f.asOf);
  const x = out ? out.fill(0) : new Float64Array(FEATURE_NAMES.length);
  x[F.dispute] = inForce(f.disputes.get(index), observed) ? 1 : 0;
  x[F.promise] = inForce(f.promises.get(inv.customer), day) ? 1 : 0;
  x[F.plan] = inForce(f.plans.get(index), day) ? 1 : 0;
  const typical = ix.typicalAmount.get(inv.customer) ?? inv.amount;
  x[F.amount] = Math.max(-3, Math.min(3, Math.log(Math.max(1, inv.amount) / typical)));
  if (!ix.off[F.behind]) x[F.behind] = Math.log1p(daysBehind(ix, index, observed));
  if (!ix.off[F.reminders]) x[F.reminders] = Math.log1p(remindersBefore(ix, inv.customer, Math.min(day, f.asOf + 1)));
  x[F.paperless] = f.paperless.has(inv.customer) ? 1 : 0;
  // Within the known past the real last payment; after D, the days since the last payment known on D run on.
  if (!ix.off[F.cycle]) x[F.cycle] = cyclePosition(ix, inv.customer, day);
  x[F.month + monthOf(day)] = 1;
  return x;
}

/**
 * β·x for the days after the as-of day, with the constant part summed once. After D, what can only be observed
 * (a dispute still open, the customer's other overdue invoices, reminders) is held at its as-of value; only what
 * runs on (promise, plan, payment cycle, month) is added per day. The forecast asks it for each piece of a million
 * open invoices: a covariate vector and its full dot product per piece were a tenth of the forecast's time. Days up
 * to D read covariatesOn in `scratch`.
 */
export function linearPredictorAfterAsOf(
  ix: FeatureIndex,
  index: number,
  beta: Float64Array,
  scratch: Float64Array,
): (day: number) => number {
  const f = ix.facts;
  const inv = f.invoices[index] as FeatureInvoice;
  const dot = (x: Float64Array) => {
    let eta = 0;
    for (let j = 0; j < beta.length; j++) eta += (beta[j] as number) * (x[j] as number);
    return eta;
  };
  const fixed = covariatesOn(ix, index, f.asOf + 1, scratch);
  fixed[F.promise] = 0;
  fixed[F.plan] = 0;
  fixed[F.cycle] = 0;
  fixed.fill(0, F.month);
  const base = dot(fixed);
  const promises = f.promises.get(inv.customer);
  const plans = f.plans.get(index);
  const cycle = !ix.off[F.cycle] && beta[F.cycle] !== 0;
  return (day) => {
    if (day <= f.asOf) return dot(covariatesOn(ix, index, day, scratch));
    let eta = base + (beta[F.month + monthOf(day)] as number);
    if (promises && inForce(promises, day)) eta += beta[F.promise] as number;
    if (plans && inForce(plans, day)) eta += beta[F.plan] as number;
    if (cycle) eta += (beta[F.cycle] as number) * cyclePosition(ix, inv.customer, day);
    return eta;
  };
}
