/**
 * Calibration of predicted probabilities, as R computes it:
 * - valProb: rms::val.prob's summary (rms 6.5): Dxy, C, R², D, U, Q, Brier, recalibration
 *   intercept and slope, Emax/E90/Eavg, Spiegelhalter's z, including rms' own numerics (the
 *   fixed-logit fit's C from 5000 probability bins, the recalibration fit's Newton iterations
 *   stopped at a deviance change ≤ 0.025, logits clamped to ±30).
 * - lowess: R's stats::lowess (clowess, Cleveland 1979).
 * - hosmerLemeshow: ResourceSelection::hoslem.test with g groups at type-7 quantiles.
 * - calibrationInTheLarge / recalibration: glm(y ~ 1, offset = logit p) and glm(y ~ logit p).
 * - bootstrapCalibration: rms::calibrate(method = "boot") bias-corrected calibration curve.
 */
import { RadlabInputError } from "../errors.js";
import { chiSquareCdf, twoSidedNormalP } from "./distributions.js";
import { fitLogistic, predictLogistic, qlogis } from "./logistic.js";
import { seededRandom } from "./random.js";

/** Predicted probabilities and observed outcomes of one group of patients. */
export interface CalibrationInput {
  /** Predicted probability per patient, in [0, 1]. */
  probability: readonly number[];
  /** Observed outcome per patient, 0 or 1. */
  outcome: readonly number[];
}

function checkCalibrationInput(input: CalibrationInput, what: string): void {
  const { probability: p, outcome: y } = input;
  if (p.length !== y.length) throw new RadlabInputError(`${what}: ${p.length} probabilities but ${y.length} outcomes`);
  if (p.length === 0) throw new RadlabInputError(`${what}: no patients`);
  let events = 0;
  p.forEach((v, i) => {
    if (!(v >= 0 && v <= 1)) throw new RadlabInputError(`${what}: probability of patient ${i + 1} is ${v}, not in [0, 1]`);
    if (y[i] !== 0 && y[i] !== 1) throw new RadlabInputError(`${what}: outcome of patient ${i + 1} is ${y[i]}, not 0 or 1`);
    events += y[i];
  });
  if (events === 0 || events === y.length) {
    throw new RadlabInputError(`${what}: the outcome has a single class (${events} events in ${y.length} patients)`);
  }
}

// ---------------------------------------------------------------------------------------
// Quantiles, interpolation, lowess

/** Sample quantile, R's type 7: x_(lo) + h (x_(hi) − x_(lo)), index = 1 + (n − 1) prob. */
export function quantileType7(values: readonly number[], prob: number): number {
  const x = [...values].sort((a, b) => a - b);
  const n = x.length;
  const index = 1 + Math.max(n - 1, 0) * prob;
  const lo = Math.floor(index);
  const hi = Math.ceil(index);
  const qs = x[lo - 1];
  const h = index - lo;
  // As R: interpolate only when index > lo and the two order statistics differ.
  return index > lo && x[hi - 1] !== qs ? (1 - h) * qs + h * x[hi - 1] : qs;
}

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

// ---------------------------------------------------------------------------------------
// rms::val.prob

/** rms::lrm.fit's inverse logit, with the linear predictor clamped to [−30, 30]. */
function lrmProb(eta: number): number {
  return 1 / (1 + Math.exp(-Math.min(Math.max(eta, -30), 30)));
}

/** −2 log L, score U and information V of a one-covariate logistic model (lrm.fit LLOGIT). */
function lrmLoglik(beta: [number, number], x: readonly number[], y: readonly number[]): { dev: number; u: [number, number]; v: [number, number, number] } {
  let ll = 0;
  const u: [number, number] = [0, 0];
  const v: [number, number, number] = [0, 0, 0];
  for (let i = 0; i < x.length; i++) {
    const p = lrmProb(beta[0] + beta[1] * x[i]);
    const vi = p * (1 - p);
    ll += y[i] === 0 ? Math.log(1 - p) : Math.log(p);
    const r = y[i] - p;
    u[0] += r;
    u[1] += r * x[i];
    v[0] += vi;
    v[1] += vi * x[i];
    v[2] += vi * x[i] * x[i];
  }
  return { dev: -2 * ll, u, v };
}

/**
 * C index and Somers' Dxy as lrm.fit computes them (Fortran gcorr): probabilities binned into
 * 5001 cells ⌊5000 p + 1⌋, pairs in the same cell counted as ties.
 */
function binnedConcordance(x: readonly number[], y: readonly number[]): { c: number; dxy: number } {
  const bins0 = new Float64Array(5002);
  const bins1 = new Float64Array(5002);
  let n1 = 0;
  for (let i = 0; i < x.length; i++) {
    const cell = Math.trunc(5000 * lrmProb(x[i]) + 1);
    if (y[i] === 1) {
      bins1[cell]++;
      n1++;
    } else bins0[cell]++;
  }
  let con = 0;
  let dis = 0;
  let tie = 0;
  // Cases in higher cells than each control: a running sum from the top.
  let casesAbove = 0;
  for (let j = 5001; j >= 1; j--) {
    const k = bins0[j];
    if (k > 0) {
      con += k * casesAbove;
      dis += k * (n1 - casesAbove - bins1[j]);
      tie += k * bins1[j];
    }
    casesAbove += bins1[j];
  }
  const total = con + dis + tie;
  return { c: (con + tie * 0.5) / total, dxy: (con - dis) / total };
}

/**
 * rms::lrm.fit(x, y) defaults (maxit 12, eps 0.025): Newton–Raphson from the intercept-only
 * start with step halving, stopping one step after the −2 log L change is ≤ 0.025.
 */
function lrmRecalibration(x: readonly number[], y: readonly number[]): { intercept: number; slope: number; deviance: number } {
  const n1 = y.reduce((s, v) => s + v, 0);
  const pp = n1 / y.length;
  const beta: [number, number] = [Math.log(pp / (1 - pp)), 0];
  const dlike = 0.025;
  let oldl = 1e30;
  let delta: [number, number] = [0, 0];
  let curstp = 1;
  for (let iter = 1; iter <= 11; iter++) {
    const { dev, u, v } = lrmLoglik(beta, x, y);
    const dmax = Math.max(Math.abs(u[0]), Math.abs(u[1]));
    if (dmax < 1e-9 && Math.abs(dev - oldl) < 0.1 * dlike) break;
    if (dev > oldl) {
      if (iter === 1) throw new RadlabInputError("val.prob: the recalibration fit diverged");
      curstp /= 2;
      beta[0] -= curstp * delta[0];
      beta[1] -= curstp * delta[1];
      continue;
    }
    curstp = 1;
    const det = v[0] * v[2] - v[1] * v[1];
    delta = [(v[2] * u[0] - v[1] * u[1]) / det, (v[0] * u[1] - v[1] * u[0]) / det];
    beta[0] += delta[0];
    beta[1] += delta[1];
    if (Math.abs(oldl - dev) <= dlike) break;
    oldl = dev;
    if (iter === 11) throw new RadlabInputError("val.prob: the recalibration fit did not converge");
  }
  return { intercept: beta[0], slope: beta[1], deviance: lrmLoglik(beta, x, y).dev };
}

/** rms::val.prob's statistics vector, names as R prints them. */
export interface ValProbSummary {
  Dxy: number;
  C: number;
  R2: number;
  D: number;
  "D:Chi-sq": number;
  /** NA in rms (the fixed fit has given initial values); null here. */
  "D:p": null;
  U: number;
  "U:Chi-sq": number;
  "U:p": number;
  Q: number;
  Brier: number;
  Intercept: number;
  Slope: number;
  Emax: number;
  E90: number;
  Eavg: number;
  "S:z": number;
  "S:p": number;
}

/** val.prob statistics plus how many patients entered the logistic fits. */
export interface ValProbResult {
  stats: ValProbSummary;
  /** Patients used in the logistic fits (predicted probabilities exactly 0 or 1 are dropped). */
  nUsedLogistic: number;
  /** The lowess(p, y, iter = 0) calibration curve behind Emax/E90/Eavg. */
  curve: LowessCurve;
}

/**
 * rms::val.prob(p, y) (rms 6.5.0) without the plot:
 * - fixed fit at intercept 0, slope 1 on logit p: LR χ² = L₀ − L(0, 1), D = (χ² − 1)/n,
 *   Nagelkerke R² = (1 − e^(−χ²/n))/(1 − e^(−L₀/n)), C and Dxy (binned as lrm.fit);
 * - recalibration y ~ a + b·logit p (lrm.fit): Intercept, Slope; U χ² = L01 − L(a, b),
 *   U = (χ² − 2)/n, p = 1 − F_χ²₂; Q = D − U;
 * - Brier = mean (p − y)²; lowess(p, y, iter = 0) interpolated at p (ties = mean):
 *   Eavg, Emax, E90 = type-7 90th percentile of |p − smooth|;
 * - Spiegelhalter z = Σ(y − p)(1 − 2p)/√Σ(1 − 2p)² p(1 − p), two-sided p.
 */
export function valProb(input: CalibrationInput): ValProbResult {
  checkCalibrationInput(input, "val.prob");
  const p = [...input.probability];
  const y = [...input.outcome];
  const logit = p.map(qlogis);
  const keep = logit.map((l) => Number.isFinite(l));
  const xs = logit.filter((_, i) => keep[i]);
  const ys = y.filter((_, i) => keep[i]);
  const n = xs.length;
  const n1 = ys.reduce((s, v) => s + v, 0);
  if (n1 === 0 || n1 === n) {
    throw new RadlabInputError("val.prob: after dropping probabilities of exactly 0 or 1, the outcome has a single class");
  }
  const nullDev = -2 * (n1 * Math.log(n1 / n) + (n - n1) * Math.log((n - n1) / n));
  const fixedDev = lrmLoglik([0, 1], xs, ys).dev;
  const lr = nullDev - fixedDev;
  const r2 = (1 - Math.exp(-lr / n)) / (1 - Math.exp(-nullDev / n));
  const conc = binnedConcordance(xs, ys);
  const recal = lrmRecalibration(xs, ys);
  const D = (lr - 1) / n;
  let l01 = 0;
  for (let i = 0; i < p.length; i++) {
    const term = y[i] * logit[i] - Math.log(1 + Math.exp(logit[i]));
    if (!Number.isNaN(term)) l01 += term;
  }
  l01 *= -2;
  const uChisq = l01 - recal.deviance;
  const U = (uChisq - 2) / n;
  const curve = lowess({ x: p, y, iter: 0 });
  const smooth = approxLinear(curve.x, curve.y, p, "mean");
  const err = p.map((v, i) => Math.abs(v - smooth[i]));
  let brier = 0;
  let spiNum = 0;
  let spiDen = 0;
  for (let i = 0; i < p.length; i++) {
    brier += (p[i] - y[i]) * (p[i] - y[i]);
    spiNum += (y[i] - p[i]) * (1 - 2 * p[i]);
    spiDen += (1 - 2 * p[i]) * (1 - 2 * p[i]) * p[i] * (1 - p[i]);
  }
  const sz = spiNum / Math.sqrt(spiDen);
  const stats: ValProbSummary = {
    Dxy: conc.dxy,
    C: conc.c,
    R2: r2,
    D,
    "D:Chi-sq": lr,
    "D:p": null,
    U,
    "U:Chi-sq": uChisq,
    // rms: 1 − pchisq(U.chisq, 2), kept literally (1 for a negative χ²).
    "U:p": 1 - chiSquareCdf(uChisq, 2),
    Q: D - U,
    Brier: brier / p.length,
    Intercept: recal.intercept,
    Slope: recal.slope,
    Emax: Math.max(...err),
    E90: quantileType7(err, 0.9),
    Eavg: err.reduce((s, v) => s + v, 0) / err.length,
    "S:z": sz,
    "S:p": twoSidedNormalP(sz),
  };
  return { stats, nUsedLogistic: n, curve };
}

// ---------------------------------------------------------------------------------------
// Hosmer–Lemeshow, calibration in the large, recalibration, Brier

/** Hosmer–Lemeshow goodness-of-fit test with its group table. */
export interface HosmerLemeshowResult {
  statistic: number;
  df: number;
  /** P(χ²_df > statistic). */
  p: number;
  /** Group boundaries: unique type-7 quantiles of p at 0, 1/g, …, 1. */
  breaks: number[];
  groups: { n: number[]; observed1: number[]; expected1: number[]; observed0: number[]; expected0: number[]; meanPredicted: number[] };
  settings: { g: number };
}

/**
 * Hosmer–Lemeshow test as ResourceSelection::hoslem.test(y, p, g): breaks = unique(quantile(p,
 * 0:g/g, type 7)), groups right-closed with the first including its lower end; statistic
 * Σ (O₁ − E₁)²/E₁ + (O₀ − E₀)²/E₀ with E₁ = Σp, E₀ = Σ(1 − p); df = g − 2 (as the package,
 * even when ties merge groups).
 */
export function hosmerLemeshow(input: CalibrationInput & { g?: number }): HosmerLemeshowResult {
  checkCalibrationInput(input, "Hosmer–Lemeshow test");
  const g = input.g ?? 10;
  if (!Number.isInteger(g) || g < 3) throw new RadlabInputError(`Hosmer–Lemeshow test: g must be an integer ≥ 3, got ${g}`);
  const p = input.probability;
  const y = input.outcome;
  const sorted = [...p].sort((a, b) => a - b);
  const by = 1 / g;
  const quantiles: number[] = [];
  for (let k = 0; k <= g; k++) quantiles.push(quantileType7(sorted, k * by));
  const breaks = [...new Set(quantiles)];
  const k = breaks.length - 1;
  if (k < 1) throw new RadlabInputError("Hosmer–Lemeshow test: all predicted probabilities are equal");
  const groups = {
    n: new Array(k).fill(0),
    observed1: new Array(k).fill(0),
    expected1: new Array(k).fill(0),
    observed0: new Array(k).fill(0),
    expected0: new Array(k).fill(0),
    meanPredicted: new Array(k).fill(0),
  };
  for (let i = 0; i < p.length; i++) {
    // R cut(right = TRUE, include.lowest = TRUE): (b_j, b_{j+1}], first group [b_0, b_1].
    let lo = 0;
    let hi = k;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (p[i] > breaks[mid]) lo = mid;
      else hi = mid;
    }
    const j = lo;
    groups.n[j]++;
    groups.observed1[j] += y[i];
    groups.observed0[j] += 1 - y[i];
    groups.expected1[j] += p[i];
    groups.expected0[j] += 1 - p[i];
  }
  let statistic = 0;
  for (let j = 0; j < k; j++) {
    groups.meanPredicted[j] = groups.expected1[j] / groups.n[j];
    statistic += (groups.observed1[j] - groups.expected1[j]) ** 2 / groups.expected1[j];
    statistic += (groups.observed0[j] - groups.expected0[j]) ** 2 / groups.expected0[j];
  }
  const df = g - 2;
  return { statistic, df, p: chiSquareCdf(statistic, df, true), breaks, groups, settings: { g } };
}

/** Brier score mean (p − y)² and scaled Brier 1 − Brier/(ȳ(1 − ȳ)). */
export function brierScore(input: CalibrationInput): { brier: number; scaled: number } {
  checkCalibrationInput(input, "Brier score");
  const n = input.probability.length;
  let b = 0;
  let events = 0;
  for (let i = 0; i < n; i++) {
    b += (input.probability[i] - input.outcome[i]) ** 2;
    events += input.outcome[i];
  }
  const brier = b / n;
  const ybar = events / n;
  return { brier, scaled: 1 - brier / (ybar * (1 - ybar)) };
}

/**
 * Calibration in the large: the intercept a of glm(y ~ 1, offset = logit p) (Newton on
 * Σ(y − plogis(a + logit p)) = 0 to machine precision), and the recalibration intercept
 * and slope of glm(y ~ logit p). Probabilities of exactly 0 or 1 are dropped.
 */
export function recalibration(input: CalibrationInput): { calibrationInTheLarge: number; intercept: number; slope: number; nUsed: number } {
  checkCalibrationInput(input, "recalibration");
  const logit: number[] = [];
  const y: number[] = [];
  input.probability.forEach((p, i) => {
    const l = qlogis(p);
    if (Number.isFinite(l)) {
      logit.push(l);
      y.push(input.outcome[i]);
    }
  });
  let a = 0;
  for (let it = 0; it < 100; it++) {
    let score = 0;
    let info = 0;
    for (let i = 0; i < logit.length; i++) {
      const mu = 1 / (1 + Math.exp(-(a + logit[i])));
      score += y[i] - mu;
      info += mu * (1 - mu);
    }
    const step = score / info;
    a += step;
    if (Math.abs(step) < 1e-15 * Math.max(1, Math.abs(a))) break;
  }
  const fit = fitLogistic({ x: logit.map((l) => [l]), y, featureNames: ["logit"] });
  return { calibrationInTheLarge: a, intercept: fit.coefficients[0].estimate, slope: fit.coefficients[1].estimate, nUsed: logit.length };
}

// ---------------------------------------------------------------------------------------
// Bootstrap bias-corrected calibration (rms::calibrate)

/** Refits a model on a bootstrap sample and returns a function giving its linear predictor. */
export type RefitModel = (x: readonly (readonly number[])[], y: readonly number[]) => (x: readonly (readonly number[])[]) => number[];

/** Options of bootstrapCalibration. */
export interface BootstrapCalibrationOptions {
  /** Design matrix of the model's features (training patients). */
  x: readonly (readonly number[])[];
  /** Outcome per patient, 0 or 1. */
  outcome: readonly number[];
  /** Bootstrap repetitions (rms default 40; use ≥ 200 for a stable curve). */
  B?: number;
  /** Seed of the resampling (stats/random.ts). */
  seed?: number;
  /** Grid of predicted probabilities; default 50 points from the 5th smallest to the 5th largest prediction (rms). */
  predy?: readonly number[];
  /** How to refit the model; default multiple logistic regression (fitLogistic) on all columns of x. */
  refit?: RefitModel;
}

/** rms::calibrate's table: per grid point, apparent and bias-corrected calibration. */
export interface BootstrapCalibrationResult {
  predy: number[];
  /** Apparent calibration: lowess(p, y, iter = 0) of the original fit at predy. */
  apparent: number[];
  /** Bias-corrected calibration = apparent − optimism. */
  biasCorrected: number[];
  /** Mean over repetitions of (calibration error in the bootstrap sample − on the original data). */
  optimism: number[];
  /** Repetitions whose refit succeeded (the rest are skipped, as rms). */
  nSuccessful: number;
  /** Mean absolute and squared error, and 0.9 quantile of |error|, of predictions vs bias-corrected curve (print.calibrate). */
  meanAbsoluteError: number;
  meanSquaredError: number;
  quantile90AbsoluteError: number;
  settings: { B: number; seed: number; method: "boot"; smoother: "lowess(iter = 0)" };
}

function defaultRefit(x: readonly (readonly number[])[], y: readonly number[]): (xNew: readonly (readonly number[])[]) => number[] {
  const model = fitLogistic({ x, y, maxIterations: 25 });
  if (!model.converged) throw new RadlabInputError("bootstrap refit did not converge");
  return (xNew) => predictLogistic(model, xNew).linearPredictor;
}

/** Calibration error at predy: approx(lowess(p, y, iter = 0), xout = predy, ties = first) − predy. */
function calibrationError(eta: readonly number[], y: readonly number[], predy: readonly number[]): number[] {
  const p = eta.map((e) => 1 / (1 + Math.exp(-e)));
  const curve = lowess({ x: p, y, iter: 0 });
  const cal = approxLinear(curve.x, curve.y, predy, "first");
  return cal.map((c, k) => c - predy[k]);
}

/**
 * Bootstrap bias-corrected calibration curve, rms::calibrate(fit, method = "boot", B):
 * for each resample, refit, and take the optimism = (smoothed calibration error of the refit
 * in its own resample) − (its error on the original patients), at each grid point; the
 * bias-corrected curve is the apparent curve minus the mean optimism (NaN where a resample's
 * smooth does not reach the grid point are left out of that point's mean).
 */
export function bootstrapCalibration(options: BootstrapCalibrationOptions): BootstrapCalibrationResult {
  const { x, outcome: y } = options;
  if (x.length !== y.length) throw new RadlabInputError(`bootstrap calibration: ${x.length} rows of features but ${y.length} outcomes`);
  const n = y.length;
  if (n < 11 && !options.predy) throw new RadlabInputError("bootstrap calibration: needs more than 10 patients unless predy is given");
  const B = options.B ?? 40;
  const seed = options.seed ?? 1;
  if (!Number.isInteger(B) || B < 1) throw new RadlabInputError(`bootstrap calibration: B must be a positive integer, got ${B}`);
  const refit = options.refit ?? defaultRefit;
  const predictOriginal = refit(x, y);
  const etaOriginal = predictOriginal(x);
  const pOriginal = etaOriginal.map((e) => 1 / (1 + Math.exp(-e)));
  let predy: number[];
  if (options.predy) predy = [...options.predy];
  else {
    const s = [...pOriginal].sort((a, b) => a - b);
    const lo = s[4];
    const hi = s[n - 5];
    predy = Array.from({ length: 50 }, (_, k) => lo + ((hi - lo) * k) / 49);
  }
  const apparentError = calibrationError(etaOriginal, y, predy);
  const apparent = apparentError.map((e, k) => e + predy[k]);
  const sum = new Float64Array(predy.length);
  const count = new Float64Array(predy.length);
  const random = seededRandom(seed);
  let nSuccessful = 0;
  for (let b = 0; b < B; b++) {
    const idx = Array.from({ length: n }, () => random.integer(n));
    const xb = idx.map((i) => x[i]);
    const yb = idx.map((i) => y[i]);
    const events = yb.reduce((s, v) => s + v, 0);
    if (events === 0 || events === n) continue;
    let predict: (xNew: readonly (readonly number[])[]) => number[];
    try {
      predict = refit(xb, yb);
    } catch (e) {
      if (e instanceof RadlabInputError) continue;
      throw e;
    }
    const train = calibrationError(predict(xb), yb, predy);
    const test = calibrationError(predict(x), y, predy);
    nSuccessful++;
    for (let k = 0; k < predy.length; k++) {
      const d = train[k] - test[k];
      if (Number.isFinite(d)) {
        sum[k] += d;
        count[k]++;
      }
    }
  }
  if (nSuccessful === 0) throw new RadlabInputError("bootstrap calibration: no bootstrap refit succeeded");
  const optimism = Array.from(sum, (s, k) => (count[k] > 0 ? s / count[k] : Number.NaN));
  const biasCorrected = apparent.map((a, k) => a - optimism[k]);
  const okGrid = predy.map((_, k) => Number.isFinite(biasCorrected[k]));
  const corrected = approxLinear(
    predy.filter((_, k) => okGrid[k]),
    biasCorrected.filter((_, k) => okGrid[k]),
    pOriginal,
    "mean",
  );
  const errs = pOriginal.map((p, i) => p - corrected[i]).filter((e) => Number.isFinite(e));
  const absErr = errs.map(Math.abs);
  return {
    predy,
    apparent,
    biasCorrected,
    optimism,
    nSuccessful,
    meanAbsoluteError: absErr.reduce((s, v) => s + v, 0) / absErr.length,
    meanSquaredError: errs.reduce((s, v) => s + v * v, 0) / errs.length,
    quantile90AbsoluteError: quantileType7(absErr, 0.9),
    settings: { B, seed, method: "boot", smoother: "lowess(iter = 0)" },
  };
}
