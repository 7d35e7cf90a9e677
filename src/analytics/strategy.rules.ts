// The statistics of champion/challenger evaluation, pure: intervals for a proportion (Wilson), for a mean (normal,
// from the sample's spread), for a ratio of sums (delta method over customers), and for a difference between two
// arms. 95% by default. Too few observations give null, never a misleading interval.

export const Z95 = 1.959963984540054;

export type Interval = { estimate: number; low: number; high: number };

/** Wilson score interval for k successes in n trials; null when n = 0. */
export function wilson(k: number, n: number, z = Z95): Interval | null {
  if (n <= 0) return null;
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { estimate: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** Mean with a normal interval from the sample standard deviation; null below 2 observations. */
export function meanInterval(xs: readonly number[], z = Z95): Interval | null {
  const n = xs.length;
  if (n < 2) return null;
  const mean = xs.reduce((a, x) => a + x, 0) / n;
  const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1);
  const half = z * Math.sqrt(variance / n);
  return { estimate: mean, low: mean - half, high: mean + half };
}

/**
 * Σy / Σx over units (customers), with the delta-method interval that treats customers, not money, as the
 * sample: a few big customers make it wide, as they should. The quantities are amounts (never negative), so the
 * interval stops at 0. Null below 2 units or when Σx = 0.
 */
export function ratioInterval(units: readonly { y: number; x: number }[], z = Z95): Interval | null {
  const n = units.length;
  if (n < 2) return null;
  const sx = units.reduce((a, u) => a + u.x, 0);
  if (sx <= 0) return null;
  const r = units.reduce((a, u) => a + u.y, 0) / sx;
  const xbar = sx / n;
  const residual = units.reduce((a, u) => a + (u.y - r * u.x) ** 2, 0) / (n - 1);
  const half = (z * Math.sqrt(residual / n)) / xbar;
  return { estimate: r, low: Math.max(0, r - half), high: r + half };
}

/**
 * A share of amounts (each unit's y at most its x: money recovered out of what was overdue): ratioInterval's interval
 * kept within [0, 1]. When every customer recovered the same share (all nothing, say) the sample shows no spread and
 * the delta method would claim certainty from a handful of customers: then the Wilson interval of a proportion r
 * over the n customers stands in. Null as ratioInterval.
 */
export function shareInterval(units: readonly { y: number; x: number }[], z = Z95): Interval | null {
  const r = ratioInterval(units, z);
  if (!r) return null;
  if (r.high - r.low < 1e-12) return wilson(r.estimate * units.length, units.length, z);
  return { estimate: r.estimate, low: r.low, high: Math.min(1, r.high) };
}

/**
 * Challenger minus champion, with an interval from the two arms' intervals (normal approximation: each arm's
 * standard error is its half-width / z). `better` says which arm wins, or null while the interval holds 0.
 */
export function difference(
  champion: Interval | null,
  challenger: Interval | null,
  higherIsBetter: boolean,
  z = Z95,
): (Interval & { better: "champion" | "challenger" | null }) | null {
  if (!champion || !challenger) return null;
  const se = (i: Interval) => (i.high - i.low) / (2 * z);
  const d = challenger.estimate - champion.estimate;
  const half = z * Math.sqrt(se(champion) ** 2 + se(challenger) ** 2);
  const low = d - half;
  const high = d + half;
  const sign = low > 0 ? 1 : high < 0 ? -1 : 0;
  const better = sign === 0 ? null : sign > 0 === higherIsBetter ? "challenger" : "champion";
  return { estimate: d, low, high, better };
}
