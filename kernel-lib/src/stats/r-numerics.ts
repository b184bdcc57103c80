/**
 * R's numerics behind the calibration curves, ported line by line so the curves equal R's:
 * stats::lowess (C clowess, Cleveland 1979) and stats::approx (approx1, rule = 1), with R's
 * type-7 quantile (features/quantile.ts, re-exported). Hand-written because no npm package
 * reproduces clowess's delta skipping and robustness iterations bit for bit.
 */
import { RadlabInputError } from "../errors.js";

export { quantileType7 } from "../features/quantile.js";

/**
 * Linear interpolation (R: approx(x, y, xout, ties = mean or first, rule = 1)): duplicated
 * x are collapsed first (mean, or first, of their y); outside the range NaN.
 */
export function approxLinear(x: readonly number[], y: readonly number[], xout: readonly number[], ties: "mean" | "first" = "mean"): number[] {
  const order = x.map((_, i) => i).sort((a, b) => x[a] - x[b] || a - b);
  const ux: number[] = [];
  const uy: number[] = [];
  for (let k = 0; k < order.length; ) {
    let end = k;
    while (end + 1 < order.length && x[order[end + 1]] === x[order[k]]) end++;
    let s = 0;
    for (let t = k; t <= end; t++) s += y[order[t]];
    ux.push(x[order[k]]);
    uy.push(ties === "mean" ? s / (end - k + 1) : y[order[k]]);
    k = end + 1;
  }
  const m = ux.length;
  return xout.map((v) => {
    if (Number.isNaN(v) || v < ux[0] || v > ux[m - 1]) return Number.NaN;
    if (m === 1) return uy[0];
    // Binary search for the interval [ux[i], ux[j]] holding v (R approx1).
    let i = 0;
    let j = m - 1;
    while (i < j - 1) {
      const mid = (i + j) >> 1;
      if (v < ux[mid]) j = mid;
      else i = mid;
    }
    if (v === ux[j]) return uy[j];
    if (v === ux[i]) return uy[i];
    return uy[i] + ((uy[j] - uy[i]) * (v - ux[i])) / (ux[j] - ux[i]);
  });
}

/** Options of lowess (R: stats::lowess). */
export interface LowessOptions {
  x: readonly number[];
  y: readonly number[];
  /** Smoother span, the fraction of points in each local fit (default 2/3). */
  f?: number;
  /** Robustifying iterations (default 3; val.prob and calibrate use 0). */
  iter?: number;
  /** Points closer than delta reuse linear interpolation (default 0.01 · range(x)). */
  delta?: number;
}

/** A lowess smooth: x sorted increasingly, y the fitted values. */
export interface LowessCurve {
  x: number[];
  y: number[];
}

/** One local weighted linear fit at xs (clowess `lowest`), tricube weights over [nleft, nright]. */
function lowest(
  x: Float64Array,
  y: Float64Array,
  n: number,
  xs: number,
  nleft: number,
  nright: number,
  w: Float64Array,
  userw: boolean,
  rw: Float64Array,
): { ys: number; ok: boolean } {
  // 1-based indices as in the C code; arrays are 0-based.
  const range = x[n - 1] - x[0];
  const h = Math.max(xs - x[nleft - 1], x[nright - 1] - xs);
  const h9 = 0.999 * h;
  const h1 = 0.001 * h;
  let a = 0;
  let j = nleft;
  while (j <= n) {
    w[j - 1] = 0;
    const r = Math.abs(x[j - 1] - xs);
    if (r <= h9) {
      if (r <= h1) w[j - 1] = 1;
      else {
        const q = r / h;
        const c = 1 - q * q * q;
        w[j - 1] = c * c * c;
      }
      if (userw) w[j - 1] *= rw[j - 1];
      a += w[j - 1];
    } else if (x[j - 1] > xs) break;
    j++;
  }
  const nrt = j - 1;
  if (a <= 0) return { ys: 0, ok: false };
  for (j = nleft; j <= nrt; j++) w[j - 1] /= a;
  if (h > 0) {
    a = 0;
    for (j = nleft; j <= nrt; j++) a += w[j - 1] * x[j - 1];
    let b = xs - a;
    let c = 0;
    for (j = nleft; j <= nrt; j++) c += w[j - 1] * (x[j - 1] - a) * (x[j - 1] - a);
    if (Math.sqrt(c) > 0.001 * range) {
      b /= c;
      for (j = nleft; j <= nrt; j++) w[j - 1] *= b * (x[j - 1] - a) + 1;
    }
  }
  let ys = 0;
  for (j = nleft; j <= nrt; j++) ys += w[j - 1] * y[j - 1];
  return { ys, ok: true };
}

/**
 * Locally weighted regression smoothing, Cleveland (1979), exactly as R's stats::lowess (C
 * clowess): span ns = max(2, min(n, ⌊f·n + 1e-7⌋)) nearest points, tricube weights, local
 * linear fit, interpolation across points within delta, `iter` bisquare robustness passes
 * with weights from 6·median|residual|.
 */
export function lowess(options: LowessOptions): LowessCurve {
  const f = options.f ?? 2 / 3;
  const nsteps = options.iter ?? 3;
  const n = options.x.length;
  if (n !== options.y.length) throw new RadlabInputError(`lowess: ${n} x values but ${options.y.length} y values`);
  if (n === 0) throw new RadlabInputError("lowess: no points");
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(options.x[i]) || !Number.isFinite(options.y[i])) throw new RadlabInputError(`lowess: point ${i + 1} is not finite`);
  }
  let xmin = Number.POSITIVE_INFINITY;
  let xmax = Number.NEGATIVE_INFINITY;
  for (const v of options.x) {
    xmin = Math.min(xmin, v);
    xmax = Math.max(xmax, v);
  }
  const delta = options.delta ?? 0.01 * (xmax - xmin);
  // R: o <- order(x) (stable), then sort both.
  const order = options.x.map((_, i) => i).sort((a, b) => options.x[a] - options.x[b] || a - b);
  const x = Float64Array.from(order, (i) => options.x[i]);
  const y = Float64Array.from(order, (i) => options.y[i]);
  const ys = new Float64Array(n);
  if (n < 2) return { x: Array.from(x), y: Array.from(y) };
  const rw = new Float64Array(n);
  const res = new Float64Array(n);
  const ns = Math.max(2, Math.min(n, Math.floor(f * n + 1e-7)));
  for (let iter = 1; iter <= nsteps + 1; iter++) {
    let nleft = 1;
    let nright = ns;
    let last = 0;
    let i = 1;
    for (;;) {
      if (nright < n) {
        const d1 = x[i - 1] - x[nleft - 1];
        const d2 = x[nright] - x[i - 1];
        if (d1 > d2) {
          nleft++;
          nright++;
          continue;
        }
      }
      const fit = lowest(x, y, n, x[i - 1], nleft, nright, res, iter > 1, rw);
      ys[i - 1] = fit.ok ? fit.ys : y[i - 1];
      if (last < i - 1) {
        const denom = x[i - 1] - x[last - 1];
        for (let j = last + 1; j < i; j++) {
          const alpha = (x[j - 1] - x[last - 1]) / denom;
          ys[j - 1] = alpha * ys[i - 1] + (1 - alpha) * ys[last - 1];
        }
      }
      last = i;
      const cut = x[last - 1] + delta;
      for (i = last + 1; i <= n; i++) {
        if (x[i - 1] > cut) break;
        if (x[i - 1] === x[last - 1]) {
          ys[i - 1] = ys[last - 1];
          last = i;
        }
      }
      i = Math.max(last + 1, i - 1);
      if (last >= n) break;
    }
    for (let k = 0; k < n; k++) res[k] = y[k] - ys[k];
    let sc = 0;
    for (let k = 0; k < n; k++) sc += Math.abs(res[k]);
    sc /= n;
    if (iter > nsteps) break;
    for (let k = 0; k < n; k++) rw[k] = Math.abs(res[k]);
    const sorted = Array.from(rw).sort((a, b) => a - b);
    const m1 = Math.floor(n / 2);
    const cmad = n % 2 === 0 ? 3 * (sorted[m1] + sorted[n - m1 - 1]) : 6 * sorted[m1];
    if (cmad < 1e-7 * sc) break;
    const c9 = 0.999 * cmad;
    const c1 = 0.001 * cmad;
    for (let k = 0; k < n; k++) {
      const r = Math.abs(res[k]);
      if (r <= c1) rw[k] = 1;
      else if (r <= c9) {
        const u = r / cmad;
        rw[k] = (1 - u * u) * (1 - u * u);
      } else rw[k] = 0;
    }
  }
  return { x: Array.from(x), y: Array.from(ys) };
}
