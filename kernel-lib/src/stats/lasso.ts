/**
 * LASSO logistic regression, compatible with R's glmnet 4.1-6
 * (`glmnet(x, y, family = "binomial", alpha = 1, standardize = TRUE)`).
 *
 * Minimises  −(1/n) Σᵢ [yᵢ ηᵢ − log(1 + e^{ηᵢ})] + λ Σⱼ |βⱼ|  over a path of λ, with the
 * features standardised internally by their POPULATION sd (divisor n) and the coefficients
 * reported on the input scale. The solver is glmnet's `lognet2n` (Friedman, Hastie &
 * Tibshirani 2010, J Stat Softw 33(1)), followed step for step so that its answers at the
 * default convergence threshold (not only the exact optimum) are reproduced:
 * - the path: λ₁ = ∞ (intercept only), λ₂ = λ_max·r^{1/99} with λ_max = maxⱼ |Σᵢ x̃ᵢⱼ (yᵢ − ȳ)|/n,
 *   each next λ the previous times r^{1/99} (r = 0.01 when n < p, else 1e-4); afterwards R's
 *   `fix.lam` replaces λ₁ by exp(2 log λ₂ − log λ₃) = λ_max;
 * - for each λ, warm start from the previous solution; the sequential strong rule
 *   (|gⱼ| > 2λ − λ_prev enters the working set); an outer IRLS loop (quadratic approximation,
 *   exact Newton weights vᵢ = wᵢ pᵢ(1−pᵢ)) around cyclic coordinate descent, a full pass over the
 *   working set, then passes over the active set until converged, repeated until a full pass
 *   changes nothing; convergence when max_j vⱼ·Δβⱼ² < thresh · nulldev/(2n) (vⱼ = Σᵢ vᵢ x̃ᵢⱼ²);
 *   then a KKT check on every feature outside the working set;
 * - the path stops early (after 5 λ) when the deviance ratio exceeds 0.999 or gains < 1e-5.
 * Two shortcuts change no number: a zero coefficient whose gradient is within ±λ is left
 * without computing its weighted variance (glmnet computes it for the whole working set), and
 * the dot products and residual updates run as WebAssembly SIMD (simd-kernels.ts), which
 * gives the same bits as the JavaScript loops.
 */
import { RadlabInputError } from "../errors.js";
import * as math from "../math.js";
import { solvePath } from "./lasso-solver.js";

/** Settings of a LASSO path (glmnet's names in the doc comments). */
export interface LassoOptions {
  /** Number of λ values (`nlambda`, default 100). */
  nlambda?: number;
  /** Smallest λ as a fraction of λ_max (`lambda.min.ratio`; default 0.01 if n < p else 1e-4). */
  lambdaMinRatio?: number;
  /** A user λ sequence (`lambda`), used as given in decreasing order instead of the path. */
  lambda?: number[];
  /** Convergence threshold (`thresh`, default 1e-7). */
  thresh?: number;
  /** Maximum passes over the data (`maxit`, default 1e5). */
  maxit?: number;
  /** Feature names, carried into the result. */
  featureNames?: string[];
}

/** The fitted path, one entry per λ (as glmnet's object: a0, beta, df, dev.ratio, nulldev). */
export interface LassoPath {
  /** λ values, decreasing (λ₁ = λ_max after fix.lam). */
  lambda: number[];
  /** Intercept per λ (input scale). */
  a0: number[];
  /** Coefficients per λ on the input scale, `beta[k][j]` for λ k and feature j. */
  beta: Float64Array[];
  /** Number of non-zero coefficients per λ. */
  df: number[];
  /** Fraction of null deviance explained per λ. */
  devRatio: number[];
  /** Null deviance, −2 × log-likelihood of the intercept-only model. */
  nullDeviance: number;
  /** Total coordinate-descent passes (`npasses`). */
  npasses: number;
  featureNames: string[];
  /** Features excluded because they are constant in the fitted rows (glmnet's `ju`). */
  constantFeatures: string[];
  /** The settings used (defaults filled in). */
  settings: { nlambda: number; lambdaMinRatio: number; thresh: number; maxit: number; userLambda: boolean };
}

/**
 * Fits the LASSO logistic path of `y` (0/1) on the feature columns (one Float64Array per
 * feature, all the same length n).
 * @param rows optional subset of rows to fit on (e.g. a fold's training rows)
 */
export function fitLassoPath(columns: Float64Array[], y: ArrayLike<number>, options: LassoOptions = {}, rows?: ArrayLike<number>): LassoPath {
  const p = columns.length;
  const n = rows ? rows.length : y.length;
  if (p === 0) throw new RadlabInputError("LASSO needs at least one feature");
  const at = rows ? (k: number) => rows[k] : (k: number) => k;
  const featureNames = options.featureNames ?? columns.map((_, j) => `x${j + 1}`);
  const userLambda = options.lambda !== undefined;
  const nlambda = userLambda ? options.lambda!.length : (options.nlambda ?? 100);
  const lambdaMinRatio = options.lambdaMinRatio ?? (n < p ? 0.01 : 1e-4);
  const thresh = options.thresh ?? 1e-7;
  const maxit = options.maxit ?? 100000;
  if (!(nlambda >= 1)) throw new RadlabInputError(`nlambda must be ≥ 1, got ${nlambda}`);
  if (!userLambda && !(lambdaMinRatio > 0 && lambdaMinRatio < 1)) throw new RadlabInputError(`lambda.min.ratio must be in (0, 1), got ${lambdaMinRatio}`);
  const ulam = userLambda ? [...options.lambda!].sort((a, b) => b - a) : [];

  // Outcome and weights w = 1/n; glmnet refuses a class with fewer than 2 rows.
  const yy = new Float64Array(n);
  let events = 0;
  for (let k = 0; k < n; k++) {
    const v = y[at(k)];
    if (v !== 0 && v !== 1) throw new RadlabInputError(`LASSO outcome must be 0/1, found ${v}`);
    yy[k] = v;
    events += v;
  }
  if (Math.min(events, n - events) <= 1) {
    throw new RadlabInputError(`LASSO needs at least 2 rows of each outcome class; got ${events} events and ${n - events} non-events`);
  }
  const w = 1 / n;

  // Standardise (glmnet LStandardize1): centre by the mean, scale by the population sd.
  const x = new Float64Array(n * p);
  const xm = new Float64Array(p);
  const xs = new Float64Array(p);
  const ju = new Uint8Array(p);
  const constantFeatures: string[] = [];
  for (let j = 0; j < p; j++) {
    const column = columns[j];
    const off = j * n;
    if (rows) for (let k = 0; k < n; k++) x[off + k] = column[rows[k]];
    else x.set(column.subarray(0, n), off);
    const first = x[off];
    let varies = false;
    for (let k = 1; k < n && !varies; k++) varies = x[off + k] !== first;
    if (!varies) {
      constantFeatures.push(featureNames[j]);
      continue;
    }
    ju[j] = 1;
    let mean = 0;
    for (let k = 0; k < n; k++) mean += w * x[off + k];
    let ss = 0;
    for (let k = 0; k < n; k++) {
      const d = x[off + k] - mean;
      x[off + k] = d;
      ss += w * d * d;
    }
    const sd = Math.sqrt(ss);
    for (let k = 0; k < n; k++) x[off + k] /= sd;
    xm[j] = mean;
    xs[j] = sd;
  }
  if (constantFeatures.length === p) throw new RadlabInputError("LASSO: every feature is constant in the fitted rows");

  const solver = solvePath(x, n, p, yy, w, ju, { nlambda, lambdaMinRatio, ulam, userLambda, thresh, maxit });

  // Back to the input scale: β = β̃/sd, a0 = b0 − Σ β·mean (in active-set order, as glmnet).
  const nfit = solver.lambda.length;
  const beta: Float64Array[] = [];
  const a0: number[] = [];
  const df: number[] = [];
  for (let k = 0; k < nfit; k++) {
    const bStd = solver.beta[k];
    const b = new Float64Array(p);
    let intercept = solver.a0[k];
    let nonzero = 0;
    for (const j of solver.activeOrder.subarray(0, solver.nin[k])) {
      b[j] = bStd[j] / xs[j];
      intercept -= b[j] * xm[j];
      if (b[j] !== 0) nonzero++;
    }
    beta.push(b);
    a0.push(intercept);
    df.push(nonzero);
  }
  const lambda = [...solver.lambda];
  if (!userLambda && lambda.length > 2) lambda[0] = math.exp(2 * math.log(lambda[1]) - math.log(lambda[2])); // fix.lam

  return {
    lambda,
    a0,
    beta,
    df,
    devRatio: solver.devRatio,
    nullDeviance: solver.dev0 * 2 * n,
    npasses: solver.npasses,
    featureNames,
    constantFeatures,
    settings: { nlambda, lambdaMinRatio, thresh, maxit, userLambda },
  };
}

/**
 * Where λ value s falls on a fitted path (glmnet's `lambda.interp`): the neighbouring fits
 * `left`, `right` and the weight `frac` of the left one; outside the path, the end fit.
 */
export function lambdaInterpolation(lambda: ArrayLike<number>, s: number): { left: number; right: number; frac: number } {
  const k = lambda.length;
  if (k === 1) return { left: 0, right: 0, frac: 1 };
  const first = lambda[0];
  const span = first - lambda[k - 1];
  const scaled = (l: number) => (first - l) / span;
  // Scaled λ runs from 0 (first) to 1 (last), increasing.
  let sfrac = (first - s) / span;
  const lo = scaled(lambda[0]);
  const hi = scaled(lambda[k - 1]);
  if (sfrac < lo) sfrac = lo;
  if (sfrac > hi) sfrac = hi;
  // approx(scaled, index, sfrac): linear interpolation of the (1-based) index.
  let coord = k;
  for (let i = 0; i < k - 1; i++) {
    const a = scaled(lambda[i]);
    const c = scaled(lambda[i + 1]);
    if (sfrac >= a && sfrac <= c) {
      coord = sfrac === c ? i + 2 : i + 1 + (sfrac - a) / (c - a);
      break;
    }
  }
  const left = Math.floor(coord) - 1;
  const right = Math.ceil(coord) - 1;
  if (left === right) return { left, right, frac: 1 };
  const sl = scaled(lambda[left]);
  const sr = scaled(lambda[right]);
  if (Math.abs(sl - sr) < Number.EPSILON) return { left, right, frac: 1 };
  return { left, right, frac: (sfrac - sr) / (sl - sr) };
}

/** Intercept and coefficients at λ = s, interpolated linearly in λ as `coef(fit, s)`. */
export function coefficientsAt(path: LassoPath, s: number): { a0: number; beta: Float64Array } {
  const { left, right, frac } = lambdaInterpolation(path.lambda, s);
  const p = path.featureNames.length;
  const beta = new Float64Array(p);
  const bl = path.beta[left];
  const br = path.beta[right];
  for (let j = 0; j < p; j++) beta[j] = bl[j] * frac + br[j] * (1 - frac);
  return { a0: path.a0[left] * frac + path.a0[right] * (1 - frac), beta };
}

/** The linear predictor a0 + x·β for the given rows (default all) of the feature columns. */
export function linearPredictor(a0: number, beta: ArrayLike<number>, columns: Float64Array[], rows?: ArrayLike<number>): Float64Array {
  const n = rows ? rows.length : (columns[0]?.length ?? 0);
  const eta = new Float64Array(n).fill(a0);
  for (let j = 0; j < beta.length; j++) {
    const bj = beta[j];
    if (bj === 0) continue;
    const column = columns[j];
    if (rows) for (let k = 0; k < n; k++) eta[k] += bj * column[rows[k]];
    else for (let k = 0; k < n; k++) eta[k] += bj * column[k];
  }
  return eta;
}
