/**
 * Sample quantiles, R's type 7 (the default of R's `quantile()`; NumPy's default
 * "linear" method to rounding): for sorted x₁ ≤ … ≤ xₙ and probability p, the index
 * h = 1 + (n − 1)·p, and Q(p) = (1 − γ)·x₍⌊h⌋₎ + γ·x₍⌈h⌉₎ with γ = h − ⌊h⌋, interpolated only
 * when γ > 0 and the two order statistics differ (R's own guard). Hyndman & Fan (1996),
 * definition 7. The one quantile of radlab: first-order percentiles (features), the
 * Hosmer–Lemeshow breaks and E90 (stats), the display window of a slice (plots).
 */

/** Q(p) of values already sorted increasingly (any array-like: typed arrays too); NaN when empty. */
export function quantileOfSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const index = 1 + (n - 1) * p;
  const lo = Math.floor(index);
  const hi = Math.ceil(index);
  const qs = sorted[lo - 1];
  const gamma = index - lo;
  return index > lo && sorted[hi - 1] !== qs ? (1 - gamma) * qs + gamma * sorted[hi - 1] : qs;
}

/** Q(p) of unsorted values (sorted in a copy), as R's quantile(x, p, type = 7). */
export function quantileType7(values: readonly number[], p: number): number {
  return quantileOfSorted(
    [...values].sort((a, b) => a - b),
    p,
  );
}
