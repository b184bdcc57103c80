/**
 * K-fold cross-validation of the LASSO logistic path, compatible with R's
 * `cv.glmnet(x, y, family = "binomial", foldid = …)` (glmnet 4.1-6, grouped, alignment "lambda").
 *
 * The full training set gives the λ path. Each fold's fit computes its OWN path from its own
 * rows; its held-out predictions at the full-data λ values interpolate its coefficients
 * linearly in λ (clamped to its first/last fit outside its range). Per measure
 * (shared/reference/stats/README.md, convention 3):
 * - deviance: p clipped to [1e-5, 1 − 1e-5], dᵢ = −2[yᵢ log p + (1 − yᵢ) log(1 − p)];
 * - misclassification: y = 1 with p ≤ 0.5, or y = 0 with p > 0.5;
 * - AUC: per fold (Mann–Whitney, ties ½), not grouped; needs ≥ 10 rows per fold, else
 *   deviance is used instead (as cv.glmnet, with a warning).
 * Per fold the mean; cvm = fold-size-weighted mean of the fold means; cvsd =
 * sqrt(weighted mean of (fold mean − cvm)² / (K − 1)). λ.min = the largest λ with the best cvm;
 * λ.1se = the largest λ whose cvm is within one cvsd of it (for AUC, "best" is the largest).
 *
 * Fold ids: given (as R's `foldid`; a fold may then hold no event, as in R, and only a fold
 * whose training part has fewer than 2 rows of a class is an error), or drawn stratified from
 * `seed` (then fewer events than folds is an error: every fold gets at least one event).
 *
 * With `preprocess` set, the preprocessing is refitted inside each fold on that fold's
 * training rows only (and on all rows for the full fit), so the held-out fold never
 * contributes a mean, sd or median. Without it (the reference analysis), the columns are
 * used as given (already preprocessed on the whole training set).
 */
import { RadlabInputError } from "../errors.js";
import * as math from "../math.js";
import { coefficientsAt, fitLassoPath, type LassoOptions, type LassoPath, linearPredictor } from "./lasso.js";
import { applyPreprocessing, fitPreprocessing, type PreprocessSettings } from "./preprocess.js";
import { checkFolds, stratifiedFolds } from "./split.js";

/** cv.glmnet's `type.measure`: binomial deviance, AUC, or misclassification rate. */
export type CvMeasure = "deviance" | "auc" | "class";

/** Settings of cvLasso. */
export interface CvLassoOptions extends LassoOptions {
  /** Number of folds K when fold ids are drawn (default 10). */
  nfolds?: number;
  /** Fold ids 1 … K, one per row (as cv.glmnet's `foldid`); else stratified from `seed`. */
  foldid?: ArrayLike<number>;
  /** Seed of the stratified fold ids (required when `foldid` is not given). */
  seed?: number;
  /** The cross-validated measure (`type.measure`, default "deviance"). */
  measure?: CvMeasure;
  /** Refit this preprocessing inside every fold (raw columns in), or null/undefined for none. */
  preprocess?: Partial<PreprocessSettings> | null;
}

/** A fold's own path, summarised. */
export interface FoldFit {
  fold: number;
  nTraining: number;
  nHeldOut: number;
  nLambda: number;
  lambdaFirst: number;
  lambdaLast: number;
}

/** The cross-validation result (cv.glmnet's fields, in camelCase). */
export interface LassoCv {
  /** The full-data λ path. */
  lambda: number[];
  /** Mean cross-validated measure per λ, and its standard error. */
  cvm: number[];
  cvsd: number[];
  cvup: number[];
  cvlo: number[];
  /** Non-zero coefficients of the full fit per λ. */
  nzero: number[];
  measure: CvMeasure;
  /** λ.min and λ.1se, and their 0-based positions in `lambda`. */
  lambdaMin: number;
  lambda1se: number;
  indexMin: number;
  index1se: number;
  /** The fold id of each row (given or drawn), and K. */
  foldid: Int32Array;
  nfolds: number;
  /** How fold ids were obtained, and the seed when drawn. */
  folds: { method: "given" | "stratified"; seed?: number };
  /** The full-data fit. */
  fit: LassoPath;
  /** Pre-validated linear predictors: `prevalidated[k][i]` for λ k, row i (cv.glmnet's fit.preval). */
  prevalidated: Float64Array[];
  foldFits: FoldFit[];
  /** Per-fold preprocessing in use (null = columns used as given). */
  preprocess: PreprocessSettings | null;
  warnings: string[];
}

const PROB_MIN = 1e-5;

/** AUC of scores for 0/1 labels (Mann–Whitney, ties count ½); NaN with a single class. */
export function aucOf(y: ArrayLike<number>, score: ArrayLike<number>): number {
  const order = Array.from({ length: y.length }, (_, i) => i).sort((a, b) => score[a] - score[b]);
  let rankSumCases = 0;
  let cases = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && score[order[end + 1]] === score[order[start]]) end++;
    const midrank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) {
      if (y[order[k]] === 1) {
        rankSumCases += midrank;
        cases++;
      }
    }
    start = end + 1;
  }
  const controls = y.length - cases;
  if (cases === 0 || controls === 0) return Number.NaN;
  return (rankSumCases - (cases * (cases + 1)) / 2) / (cases * controls);
}

/** Cross-validates the LASSO path. `columns`: one Float64Array per feature; `y`: 0/1 per row. */
export function cvLasso(columns: Float64Array[], y: ArrayLike<number>, options: CvLassoOptions = {}): LassoCv {
  const n = y.length;
  const warnings: string[] = [];
  const featureNames = options.featureNames ?? columns.map((_, j) => `x${j + 1}`);

  // Fold ids: given, or stratified and seeded.
  let foldid: Int32Array;
  let folds: LassoCv["folds"];
  if (options.foldid) {
    if (options.foldid.length !== n) throw new RadlabInputError(`foldid has ${options.foldid.length} values for ${n} rows`);
    foldid = Int32Array.from(options.foldid);
    folds = { method: "given" };
  } else {
    if (options.seed === undefined) throw new RadlabInputError("cvLasso: give fold ids or a seed for drawing them");
    foldid = stratifiedFolds(y, { nfolds: options.nfolds ?? 10, seed: options.seed });
    folds = { method: "stratified", seed: options.seed };
  }
  const nfolds = checkFolds(foldid);

  let measure: CvMeasure = options.measure ?? "deviance";
  if (measure === "auc" && n / nfolds < 10) {
    warnings.push(`too few (< 10) rows per fold for AUC; the measure is deviance instead (use fewer folds for AUC)`);
    measure = "deviance";
  }

  const preprocess = options.preprocess ? fullPreprocessSettings(options.preprocess) : null;
  const lassoOptions: LassoOptions = {
    nlambda: options.nlambda,
    lambdaMinRatio: options.lambdaMinRatio,
    lambda: options.lambda,
    thresh: options.thresh,
    maxit: options.maxit,
  };

  /** The design of a fit on `trainRows` and of the rows it predicts: preprocessed when asked. */
  const design = (trainRows: Int32Array, predictRows: Int32Array) => {
    if (!preprocess) return { train: columns, trainAt: trainRows, predict: columns, predictAt: predictRows, names: featureNames };
    const fitted = fitPreprocessing(columns, featureNames, preprocess, trainRows);
    return {
      train: applyPreprocessing(fitted, columns, trainRows).columns,
      trainAt: undefined,
      predict: applyPreprocessing(fitted, columns, predictRows).columns,
      predictAt: undefined,
      names: fitted.featureNames,
    };
  };
  const subset = (rows: Int32Array) => Float64Array.from(rows, (i) => y[i]);

  // The full fit gives the λ path (its preprocessing fitted on all rows when per-fold is on).
  const allRows = Int32Array.from({ length: n }, (_, i) => i);
  const full = design(allRows, new Int32Array(0));
  const fit = fitLassoPath(full.train, full.trainAt ? y : subset(allRows), { ...lassoOptions, featureNames: full.names }, full.trainAt);
  if (full.names.length !== featureNames.length) {
    warnings.push(`preprocessing dropped ${featureNames.length - full.names.length} feature(s) constant in training`);
  }
  const lambda = fit.lambda;
  const nlambda = lambda.length;

  // Each fold: its own path on the other folds; held-out predictions at the full λ values.
  const prevalidated = Array.from({ length: nlambda }, () => new Float64Array(n));
  const foldFits: FoldFit[] = [];
  for (let f = 1; f <= nfolds; f++) {
    const heldOut: number[] = [];
    const training: number[] = [];
    for (let i = 0; i < n; i++) (foldid[i] === f ? heldOut : training).push(i);
    const trainRows = Int32Array.from(training);
    const heldRows = Int32Array.from(heldOut);
    let foldPath: LassoPath;
    let d: ReturnType<typeof design>;
    try {
      d = design(trainRows, heldRows);
      // The fold's own path, unless a λ sequence was given (cv.glmnet passes the user λ to folds).
      foldPath = fitLassoPath(d.train, d.trainAt ? y : subset(trainRows), { ...lassoOptions, lambda: options.lambda, featureNames: d.names }, d.trainAt);
    } catch (error) {
      if (error instanceof RadlabInputError)
        throw new RadlabInputError(`cross-validation fold ${f} (fitted without its ${heldOut.length} rows): ${error.message}`);
      throw error;
    }
    for (let k = 0; k < nlambda; k++) {
      const { a0, beta } = coefficientsAt(foldPath, lambda[k]);
      const eta = linearPredictor(a0, beta, d.predict, d.predictAt);
      for (let h = 0; h < heldRows.length; h++) prevalidated[k][heldRows[h]] = eta[h];
    }
    foldFits.push({
      fold: f,
      nTraining: training.length,
      nHeldOut: heldOut.length,
      nLambda: foldPath.lambda.length,
      lambdaFirst: foldPath.lambda[0],
      lambdaLast: foldPath.lambda[foldPath.lambda.length - 1],
    });
  }

  const { cvm, cvsd } = measure === "auc" ? cvAuc(prevalidated, y, foldid, nfolds, warnings) : cvGrouped(prevalidated, y, foldid, nfolds, measure);
  const { indexMin, index1se } = chooseLambda(cvm, cvsd, measure === "auc");

  return {
    lambda,
    cvm,
    cvsd,
    cvup: cvm.map((m, k) => m + cvsd[k]),
    cvlo: cvm.map((m, k) => m - cvsd[k]),
    nzero: fit.df,
    measure,
    lambdaMin: lambda[indexMin],
    lambda1se: lambda[index1se],
    indexMin,
    index1se,
    foldid,
    nfolds,
    folds,
    fit,
    prevalidated,
    foldFits,
    preprocess,
    warnings,
  };
}

function fullPreprocessSettings(settings: Partial<PreprocessSettings>): PreprocessSettings {
  return { outlierSd: settings.outlierSd === undefined ? 3 : settings.outlierSd, zscore: settings.zscore ?? true };
}

/** Deviance or misclassification per row, mean per fold, then weighted mean and sd over folds. */
function cvGrouped(prevalidated: Float64Array[], y: ArrayLike<number>, foldid: Int32Array, nfolds: number, measure: "deviance" | "class") {
  const n = y.length;
  const foldSize = new Float64Array(nfolds + 1);
  for (let i = 0; i < n; i++) foldSize[foldid[i]]++;
  const cvm: number[] = [];
  const cvsd: number[] = [];
  const foldMean = new Float64Array(nfolds + 1);
  for (const eta of prevalidated) {
    foldMean.fill(0);
    for (let i = 0; i < n; i++) {
      let p = 1 / (1 + math.exp(-eta[i]));
      let loss: number;
      if (measure === "deviance") {
        p = Math.min(Math.max(p, PROB_MIN), 1 - PROB_MIN);
        loss = -2 * (y[i] === 1 ? math.log(p) : math.log(1 - p));
      } else loss = y[i] === 1 ? (p <= 0.5 ? 1 : 0) : p > 0.5 ? 1 : 0;
      foldMean[foldid[i]] += loss;
    }
    for (let f = 1; f <= nfolds; f++) foldMean[f] /= foldSize[f];
    const { mean, sd } = weightedMeanAndSd(foldMean, foldSize, nfolds);
    cvm.push(mean);
    cvsd.push(sd);
  }
  return { cvm, cvsd };
}

/** AUC per fold (ungrouped), weighted by fold size; folds with one class are left out. */
function cvAuc(prevalidated: Float64Array[], y: ArrayLike<number>, foldid: Int32Array, nfolds: number, warnings: string[]) {
  const members: number[][] = Array.from({ length: nfolds + 1 }, () => []);
  for (let i = 0; i < y.length; i++) members[foldid[i]].push(i);
  const weight = new Float64Array(nfolds + 1);
  const oneClass: number[] = [];
  for (let f = 1; f <= nfolds; f++) {
    const events = members[f].reduce((s, i) => s + y[i], 0);
    if (events === 0 || events === members[f].length) oneClass.push(f);
    else weight[f] = members[f].length;
  }
  if (oneClass.length > 0) warnings.push(`folds ${oneClass.join(", ")} hold one outcome class only: no AUC, left out of cvm`);
  const cvm: number[] = [];
  const cvsd: number[] = [];
  const foldAuc = new Float64Array(nfolds + 1);
  for (const eta of prevalidated) {
    for (let f = 1; f <= nfolds; f++) {
      foldAuc[f] =
        weight[f] > 0
          ? aucOf(
              members[f].map((i) => y[i]),
              members[f].map((i) => eta[i]),
            )
          : 0;
    }
    // As cv.glmnet (NA folds dropped from the means, N − 1 = K − 1 kept).
    const { mean, sd } = weightedMeanAndSd(foldAuc, weight, nfolds, nfolds);
    cvm.push(mean);
    cvsd.push(sd);
  }
  return { cvm, cvsd };
}

/** cvm = Σ w·m / Σ w; cvsd = sqrt(Σ w·(m − cvm)² / Σ w / (N − 1)) over folds 1 … K. */
function weightedMeanAndSd(values: Float64Array, weights: Float64Array, count: number, nfolds = values.length - 1) {
  let sw = 0;
  let swm = 0;
  for (let f = 1; f <= nfolds; f++) {
    sw += weights[f];
    swm += weights[f] * values[f];
  }
  const mean = swm / sw;
  let ss = 0;
  for (let f = 1; f <= nfolds; f++) ss += weights[f] * (values[f] - mean) ** 2;
  return { mean, sd: Math.sqrt(ss / sw / (count - 1)) };
}

/**
 * glmnet's getOptcv: λ.min = the largest λ with cvm equal to the best; λ.1se = the largest λ
 * with cvm ≤ cvm[min] + cvsd[min] (signs flipped for AUC, where larger is better).
 */
export function chooseLambda(cvm: number[], cvsd: number[], largerIsBetter = false): { indexMin: number; index1se: number } {
  const loss = largerIsBetter ? cvm.map((m) => -m) : cvm;
  let best = Infinity;
  for (const m of loss) if (m < best) best = m;
  const indexMin = loss.findIndex((m) => m <= best);
  const bound = loss[indexMin] + cvsd[indexMin];
  const index1se = loss.findIndex((m) => m <= bound);
  return { indexMin, index1se };
}
