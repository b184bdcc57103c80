/**
 * Multiple logistic regression by iteratively reweighted least squares, step for step as
 * R's glm.fit(family = binomial()): start μ = (y + ½)/2, each step a weighted least-squares
 * fit (Householder QR) of the working response z = η + (y − μ)/μ'(η) with weights
 * μ'(η)²/(μ(1 − μ)), stop when |D − D_old|/(|D| + 0.1) < ε (ε = 1e-12 here, as the study's
 * reference fit). Wald inference as summary.glm: SE from (XᵀWX)⁻¹ of the last step,
 * z = β/SE, p = 2Φ(−|z|), odds ratios exp(β) with exp(β ± z_{0.975}·SE) intervals.
 */
import { RadlabInputError } from "../errors.js";
import * as math from "../math.js";
import { normalQuantile, twoSidedNormalP } from "./distributions.js";

/** Options of fitLogistic. */
export interface LogisticOptions {
  /** Design matrix: one row per patient, one column per feature (no intercept column). */
  x: readonly (readonly number[])[];
  /** Outcome per patient, 0 or 1. */
  y: readonly number[];
  /** Feature names, one per column of x (default x1, x2, …). */
  featureNames?: readonly string[];
  /** Convergence tolerance on the relative change of deviance (R glm.control epsilon; default 1e-12). */
  epsilon?: number;
  /** Maximum IRLS iterations (R glm.control maxit; default 25). */
  maxIterations?: number;
  /** Confidence level of the odds-ratio intervals (default 0.95). */
  confLevel?: number;
}

/** One row of the coefficient table. */
export interface LogisticCoefficient {
  term: string;
  estimate: number;
  se: number;
  z: number;
  p: number;
  oddsRatio: number;
  oddsRatioLow: number;
  oddsRatioHigh: number;
}

/** How the outcome is separated by the fitted linear predictor. */
export type Separation = "none" | "quasi" | "complete";

/** A fitted logistic model, JSON-serialisable. */
export interface LogisticModel {
  /** Terms in order: "(Intercept)" then the features. */
  terms: string[];
  coefficients: LogisticCoefficient[];
  /** Variance–covariance matrix of the estimates (unscaled, dispersion 1). */
  covariance: number[][];
  deviance: number;
  nullDeviance: number;
  aic: number;
  dfResidual: number;
  dfNull: number;
  iterations: number;
  converged: boolean;
  /** Number of fitted probabilities within 10·ε_machine of 0 or 1 (glm's warning). */
  fittedExtremeCount: number;
  /** Number of fitted probabilities below 1e-10 or above 1 − 1e-10: a wider net for near-separation. */
  fittedNearExtremeCount: number;
  separation: Separation;
  /** Warnings a user must see (non-convergence, separation), worded as R's where R has one. */
  warnings: string[];
  /** Linear predictor of the fitted patients. */
  linearPredictor: number[];
  /** Fitted probabilities of the fitted patients. */
  fitted: number[];
  settings: { epsilon: number; maxIterations: number; confLevel: number };
}

const DBL_EPSILON = 2.220446049250313e-16;
const THRESH = 30;
const INVEPS = 1 / DBL_EPSILON;

/** Inverse logit as R's binomial()$linkinv (C logit_linkinv): η clamped to ±30. */
export function logitInverse(eta: number): number {
  const t = eta < -THRESH ? DBL_EPSILON : eta > THRESH ? INVEPS : math.exp(eta);
  return t / (1 + t);
}

/** dμ/dη for the logit link, as R's logit_mu_eta (ε_machine outside ±30). */
function logitMuEta(eta: number): number {
  const opexp = 1 + math.exp(eta);
  return eta > THRESH || eta < -THRESH ? DBL_EPSILON : math.exp(eta) / (opexp * opexp);
}

/** Binomial unit deviance 2[y log(y/μ) + (1 − y) log((1 − y)/(1 − μ))] for y ∈ {0, 1}. */
function unitDeviance(y: number, mu: number): number {
  return y === 1 ? -2 * math.log(mu) : -2 * math.log(1 - mu);
}

/** Plain logistic function 1/(1 + e^(−η)) (R: plogis), for predictions. */
export function plogis(eta: number): number {
  return 1 / (1 + math.exp(-eta));
}

/** Logit log(p/(1 − p)) (R: qlogis); ±Inf at 0 and 1. */
export function qlogis(p: number): number {
  return math.log(p / (1 - p));
}

interface QrSolve {
  beta: Float64Array;
  /** Upper-triangular R (p × p, row-major). */
  r: Float64Array;
  rank: number;
}

/**
 * Least squares min‖b − A β‖ by Householder QR of A (n × p, row-major, copied). A column
 * whose remaining norm falls below tol·(its original norm) is reported as rank deficiency.
 * Written here rather than taken from ml-matrix: its QrDecomposition counts a column as
 * dependent only when the diagonal is exactly 0, while glm.fit's QR (tol 1e-7) must also name
 * nearly collinear features, and the IRLS loop reuses typed arrays in place.
 */
function householderLeastSquares(a: Float64Array, b: Float64Array, n: number, p: number, tol = 1e-7): QrSolve {
  const colNorm0 = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += a[i * p + j] * a[i * p + j];
    colNorm0[j] = Math.sqrt(s);
  }
  let rank = p;
  for (let k = 0; k < p; k++) {
    let norm = 0;
    for (let i = k; i < n; i++) norm += a[i * p + k] * a[i * p + k];
    norm = Math.sqrt(norm);
    if (norm <= tol * colNorm0[k] || norm === 0) {
      rank = Math.min(rank, k);
      continue;
    }
    const alpha = a[k * p + k] > 0 ? -norm : norm;
    // v = x − α e₁, stored in place of the column below the diagonal.
    a[k * p + k] -= alpha;
    let vtv = 0;
    for (let i = k; i < n; i++) vtv += a[i * p + k] * a[i * p + k];
    for (let j = k + 1; j < p; j++) {
      let s = 0;
      for (let i = k; i < n; i++) s += a[i * p + k] * a[i * p + j];
      const f = (2 * s) / vtv;
      for (let i = k; i < n; i++) a[i * p + j] -= f * a[i * p + k];
    }
    let s = 0;
    for (let i = k; i < n; i++) s += a[i * p + k] * b[i];
    const f = (2 * s) / vtv;
    for (let i = k; i < n; i++) b[i] -= f * a[i * p + k];
    a[k * p + k] = alpha;
  }
  const r = new Float64Array(p * p);
  for (let i = 0; i < p; i++) for (let j = i; j < p; j++) r[i * p + j] = a[i * p + j];
  const beta = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = b[i];
    for (let j = i + 1; j < p; j++) s -= r[i * p + j] * beta[j];
    beta[i] = s / r[i * p + i];
  }
  return { beta, r, rank };
}

/** (RᵀR)⁻¹ from upper-triangular R (R: chol2inv). */
function chol2inv(r: Float64Array, p: number): number[][] {
  // Rinv upper triangular: R · Rinv = I.
  const rinv = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    rinv[j * p + j] = 1 / r[j * p + j];
    for (let i = j - 1; i >= 0; i--) {
      let s = 0;
      for (let k = i + 1; k <= j; k++) s += r[i * p + k] * rinv[k * p + j];
      rinv[i * p + j] = -s / r[i * p + i];
    }
  }
  const out: number[][] = [];
  for (let i = 0; i < p; i++) {
    const row: number[] = [];
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let k = Math.max(i, j); k < p; k++) s += rinv[i * p + k] * rinv[j * p + k];
      row.push(s);
    }
    out.push(row);
  }
  return out;
}

/** Validates y (0/1, both classes) and x (finite, rectangular, matching length). */
function validate(x: readonly (readonly number[])[], y: readonly number[], names: readonly string[]): void {
  if (x.length !== y.length) {
    throw new RadlabInputError(`logistic regression: ${x.length} rows of features but ${y.length} outcomes`);
  }
  if (y.length === 0) throw new RadlabInputError("logistic regression: no patients");
  let events = 0;
  y.forEach((v, i) => {
    if (v !== 0 && v !== 1) throw new RadlabInputError(`logistic regression: outcome of row ${i + 1} is ${v}, not 0 or 1`);
    events += v;
  });
  if (events === 0 || events === y.length) {
    throw new RadlabInputError(`logistic regression: the outcome has a single class (${events} events in ${y.length} patients)`);
  }
  x.forEach((row, i) => {
    if (row.length !== names.length) {
      throw new RadlabInputError(`logistic regression: row ${i + 1} has ${row.length} features, expected ${names.length}`);
    }
    row.forEach((v, j) => {
      if (!Number.isFinite(v)) throw new RadlabInputError(`logistic regression: feature "${names[j]}" is ${v} in row ${i + 1}`);
    });
  });
}

/**
 * Classifies separation from the fitted linear predictor: "complete" if every event has a
 * larger η than every non-event, "quasi" if only ties join them or glm's warning fires
 * (fitted probabilities numerically 0 or 1), else "none".
 */
function classifySeparation(eta: readonly number[], y: readonly number[], extreme: number): Separation {
  let minCase = Number.POSITIVE_INFINITY;
  let maxControl = Number.NEGATIVE_INFINITY;
  eta.forEach((e, i) => {
    if (y[i] === 1) minCase = Math.min(minCase, e);
    else maxControl = Math.max(maxControl, e);
  });
  if (minCase > maxControl) return "complete";
  if (minCase === maxControl || extreme > 0) return "quasi";
  return "none";
}

/**
 * Fits y ~ x by maximum likelihood (R: glm(y ~ ., family = binomial, control =
 * glm.control(epsilon, maxit))). Deviance −2 log L, null deviance of the intercept-only
 * model, AIC = deviance + 2·(p + 1).
 */
export function fitLogistic(options: LogisticOptions): LogisticModel {
  const epsilon = options.epsilon ?? 1e-12;
  const maxIterations = options.maxIterations ?? 25;
  const confLevel = options.confLevel ?? 0.95;
  const { x, y } = options;
  const nFeatures = x[0]?.length ?? 0;
  const names = options.featureNames ? [...options.featureNames] : Array.from({ length: nFeatures }, (_, j) => `x${j + 1}`);
  validate(x, y, names);
  const n = y.length;
  const p = nFeatures + 1;
  if (n <= p) throw new RadlabInputError(`logistic regression: ${n} patients are too few for ${p} coefficients`);
  // Design with intercept, row-major.
  const design = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    design[i * p] = 1;
    for (let j = 0; j < nFeatures; j++) design[i * p + j + 1] = x[i][j];
  }

  const eta = new Float64Array(n);
  const mu = new Float64Array(n);
  let devOld = 0;
  for (let i = 0; i < n; i++) {
    const start = (y[i] + 0.5) / 2;
    eta[i] = math.log(start / (1 - start));
    mu[i] = logitInverse(eta[i]);
    devOld += unitDeviance(y[i], start);
  }
  let converged = false;
  let iterations = 0;
  let lastR = new Float64Array(p * p);
  let beta = new Float64Array(p);
  let dev = devOld;
  for (let iter = 1; iter <= maxIterations; iter++) {
    iterations = iter;
    const a = new Float64Array(n * p);
    const b = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const muEta = logitMuEta(eta[i]);
      const varMu = mu[i] * (1 - mu[i]);
      const z = eta[i] + (y[i] - mu[i]) / muEta;
      const w = Math.sqrt((muEta * muEta) / varMu);
      b[i] = z * w;
      for (let j = 0; j < p; j++) a[i * p + j] = design[i * p + j] * w;
    }
    const fit = householderLeastSquares(a, b, n, p, Math.min(1e-7, epsilon / 1000));
    if (fit.rank < p) {
      throw new RadlabInputError(`logistic regression: the features are collinear (design rank ${fit.rank} < ${p}); drop a redundant feature`);
    }
    beta = fit.beta;
    lastR = fit.r;
    dev = 0;
    for (let i = 0; i < n; i++) {
      let e = 0;
      for (let j = 0; j < p; j++) e += design[i * p + j] * beta[j];
      eta[i] = e;
      mu[i] = logitInverse(e);
      dev += unitDeviance(y[i], mu[i]);
    }
    if (!Number.isFinite(dev)) throw new RadlabInputError("logistic regression: the deviance is not finite (divergence)");
    if (Math.abs(dev - devOld) / (Math.abs(dev) + 0.1) < epsilon) {
      converged = true;
      break;
    }
    devOld = dev;
  }

  const covariance = chol2inv(lastR, p);
  const zCrit = normalQuantile(1 - (1 - confLevel) / 2);
  const terms = ["(Intercept)", ...names];
  const coefficients = terms.map((term, j) => {
    const estimate = beta[j];
    const se = Math.sqrt(covariance[j][j]);
    const z = estimate / se;
    return {
      term,
      estimate,
      se,
      z,
      p: twoSidedNormalP(z),
      oddsRatio: math.exp(estimate),
      oddsRatioLow: math.exp(estimate - zCrit * se),
      oddsRatioHigh: math.exp(estimate + zCrit * se),
    };
  });
  const events = y.reduce((s, v) => s + v, 0);
  const meanY = events / n;
  let nullDeviance = 0;
  for (let i = 0; i < n; i++) nullDeviance += unitDeviance(y[i], meanY);
  const eps10 = 10 * DBL_EPSILON;
  let fittedExtremeCount = 0;
  let fittedNearExtremeCount = 0;
  for (let i = 0; i < n; i++) {
    if (mu[i] > 1 - eps10 || mu[i] < eps10) fittedExtremeCount++;
    if (mu[i] > 1 - 1e-10 || mu[i] < 1e-10) fittedNearExtremeCount++;
  }
  const etaList = Array.from(eta);
  const separation = classifySeparation(etaList, y, fittedExtremeCount);
  const warnings: string[] = [];
  if (!converged) warnings.push(`glm.fit: algorithm did not converge in ${maxIterations} iterations`);
  if (fittedExtremeCount > 0) {
    warnings.push(
      `glm.fit: fitted probabilities numerically 0 or 1 occurred (${fittedExtremeCount} of ${n} patients): ` +
        `${separation === "complete" ? "complete" : "quasi-complete"} separation; estimates and standard errors are unreliable`,
    );
  } else if (separation === "complete") {
    warnings.push("logistic regression: complete separation of the outcome by the features; estimates are unreliable");
  }
  return {
    terms,
    coefficients,
    covariance,
    deviance: dev,
    nullDeviance,
    aic: dev + 2 * p,
    dfResidual: n - p,
    dfNull: n - 1,
    iterations,
    converged,
    fittedExtremeCount,
    fittedNearExtremeCount,
    separation,
    warnings,
    linearPredictor: etaList,
    fitted: Array.from(mu),
    settings: { epsilon, maxIterations, confLevel },
  };
}

/**
 * Linear predictor b₀ + Σ b_j x_j (the Rad-score) and probability plogis(η) of a fitted
 * model for new patients (R: predict(fit, newdata, type = "link" / "response")).
 */
export function predictLogistic(model: LogisticModel, x: readonly (readonly number[])[]): { linearPredictor: number[]; probability: number[] } {
  const p = model.coefficients.length;
  const linearPredictor = x.map((row, i) => {
    if (row.length !== p - 1) {
      throw new RadlabInputError(`logistic prediction: row ${i + 1} has ${row.length} features, the model ${p - 1}`);
    }
    let e = model.coefficients[0].estimate;
    for (let j = 1; j < p; j++) {
      if (!Number.isFinite(row[j - 1])) throw new RadlabInputError(`logistic prediction: feature "${model.terms[j]}" is ${row[j - 1]} in row ${i + 1}`);
      e += model.coefficients[j].estimate * row[j - 1];
    }
    return e;
  });
  return { linearPredictor, probability: linearPredictor.map(plogis) };
}
