/**
 * rms::val.prob(p, y) (rms 6.5.0) without the plot, with rms' own numerics: the fixed-logit
 * fit's C index from binned probabilities (lrm.fit's Fortran gcorr), the recalibration fit's
 * Newton–Raphson stopped on its deviance change, and lrm.fit's clamp of the linear predictor.
 */
import { RadlabInputError } from "../errors.js";
import * as math from "../math.js";
import { type CalibrationInput, checkCalibrationInput } from "./calibration.js";
import { chiSquareCdf, twoSidedNormalP } from "./distributions.js";
import { qlogis } from "./logistic.js";
import { approxLinear, type LowessCurve, lowess, quantileType7 } from "./r-numerics.js";

/** lrm.fit clamps the linear predictor to ±30 before the inverse logit (exp(30) ≈ 1e13). */
export const LRM_ETA_CLAMP = 30;

/** lrm.fit's C index bins probabilities into cells ⌊5000·p + 1⌋ (5001 cells; ties within a cell). */
export const LRM_CONCORDANCE_BINS = 5000;

/** lrm.fit's `eps`: Newton–Raphson stops one step after the −2 log L change is ≤ 0.025. */
export const LRM_DEVIANCE_STOP = 0.025;

/** lrm.fit's `maxit` = 12: at most 11 Newton steps after the start. */
export const LRM_MAX_ITERATIONS = 12;

/** rms::lrm.fit's inverse logit, with the linear predictor clamped to ±LRM_ETA_CLAMP. */
function lrmProb(eta: number): number {
  return 1 / (1 + math.exp(-Math.min(Math.max(eta, -LRM_ETA_CLAMP), LRM_ETA_CLAMP)));
}

/** −2 log L, score U and information V of a one-covariate logistic model (lrm.fit LLOGIT). */
function lrmLoglik(beta: [number, number], x: readonly number[], y: readonly number[]): { dev: number; u: [number, number]; v: [number, number, number] } {
  let ll = 0;
  const u: [number, number] = [0, 0];
  const v: [number, number, number] = [0, 0, 0];
  for (let i = 0; i < x.length; i++) {
    const p = lrmProb(beta[0] + beta[1] * x[i]);
    const vi = p * (1 - p);
    ll += y[i] === 0 ? math.log(1 - p) : math.log(p);
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
  const bins0 = new Float64Array(LRM_CONCORDANCE_BINS + 2);
  const bins1 = new Float64Array(LRM_CONCORDANCE_BINS + 2);
  let n1 = 0;
  for (let i = 0; i < x.length; i++) {
    const cell = Math.trunc(LRM_CONCORDANCE_BINS * lrmProb(x[i]) + 1);
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
  for (let j = LRM_CONCORDANCE_BINS + 1; j >= 1; j--) {
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
  const beta: [number, number] = [math.log(pp / (1 - pp)), 0];
  const dlike = LRM_DEVIANCE_STOP;
  let oldl = 1e30;
  let delta: [number, number] = [0, 0];
  let curstp = 1;
  for (let iter = 1; iter < LRM_MAX_ITERATIONS; iter++) {
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
    if (iter === LRM_MAX_ITERATIONS - 1) throw new RadlabInputError("val.prob: the recalibration fit did not converge");
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
  const nullDev = -2 * (n1 * math.log(n1 / n) + (n - n1) * math.log((n - n1) / n));
  const fixedDev = lrmLoglik([0, 1], xs, ys).dev;
  const lr = nullDev - fixedDev;
  const r2 = (1 - math.exp(-lr / n)) / (1 - math.exp(-nullDev / n));
  const conc = binnedConcordance(xs, ys);
  const recal = lrmRecalibration(xs, ys);
  const D = (lr - 1) / n;
  let l01 = 0;
  for (let i = 0; i < p.length; i++) {
    const term = y[i] * logit[i] - math.log(1 + math.exp(logit[i]));
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
