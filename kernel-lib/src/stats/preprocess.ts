/**
 * Preprocessing fitted on training rows only and applied unchanged to any rows (validation,
 * or the held-out fold inside cross-validation): outlier replacement, then z-scoring.
 *
 * Per feature, from the RAW training column: m = mean, s = sd (n−1), med = median. Any value
 * with x < m − k·s or x > m + k·s (strict; training or validation) is replaced by med. Then
 * z = (x − m₂)/s₂, where m₂, s₂ (n−1) are the mean and sd of the replaced training column.
 * Single pass (shared/reference/stats/README.md, convention 1).
 *
 * Means and variances follow R's `mean()` and `var()`: an accurate sum, then one refinement
 * pass (R accumulates in long double; compensated summation gives the same double here).
 */
import { RadlabInputError } from "../errors.js";

/** Preprocessing settings (every step a setting). */
export interface PreprocessSettings {
  /** k of the outlier rule mean ± k·SD; null = no outlier replacement. Default 3. */
  outlierSd: number | null;
  /** z-score with the (replaced) training mean and sd. Default true. */
  zscore: boolean;
}

/** The study's preprocessing: values beyond the training mean ± 3 SD become the training median, then z-scores. */
export const DEFAULT_PREPROCESSING: PreprocessSettings = { outlierSd: 3, zscore: true };

/** What preprocessing learned about one feature from the training rows. */
export interface FeatureScaling {
  feature: string;
  rawMean: number;
  rawSd: number;
  rawMedian: number;
  /** Outlier bounds m ∓ k·s (±Infinity when outlier replacement is off). */
  lower: number;
  upper: number;
  /** Training cells replaced by the median. */
  nReplacedTraining: number;
  /** Mean and sd of the replaced training column (the z-score's centre and scale). */
  cleanMean: number;
  cleanSd: number;
}

/** The fitted preprocessing: plain data, JSON-serialisable. */
export interface FittedPreprocessing {
  settings: PreprocessSettings;
  /** Features that were kept, in input order (the transform's output columns). */
  featureNames: string[];
  /** Index of each kept feature among the input columns. */
  featureIndex: number[];
  params: FeatureScaling[];
  /** Features dropped because they are constant in the training rows (z undefined). */
  dropped: { feature: string; reason: string }[];
  /** Number of training rows it was fitted on. */
  nTraining: number;
}

/** The result of applying a fitted preprocessing. */
export interface PreprocessedColumns {
  featureNames: string[];
  /** One column per kept feature, one value per selected row. */
  columns: Float64Array[];
  /** Per kept feature, the positions (in the selected rows) whose value was replaced. */
  replacedRows: Int32Array[];
}

/** Neumaier-compensated sum of `values[rows[k]]`. */
function accurateSum(values: ArrayLike<number>, count: number, at: (k: number) => number, shift = 0): number {
  let sum = 0;
  let compensation = 0;
  for (let k = 0; k < count; k++) {
    const x = values[at(k)] - shift;
    const t = sum + x;
    compensation += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
    sum = t;
  }
  return sum + compensation;
}

/** R's mean(): sum/n, then add the mean of the residuals (one refinement pass). */
export function meanOf(values: ArrayLike<number>, count = values.length, at: (k: number) => number = (k) => k): number {
  const m = accurateSum(values, count, at) / count;
  if (!Number.isFinite(m)) return m;
  return m + accurateSum(values, count, at, m) / count;
}

/** R's var() (n − 1) about a given mean: accurate sum of squared deviations. */
function varianceAbout(values: ArrayLike<number>, count: number, at: (k: number) => number, mean: number): number {
  let sum = 0;
  let compensation = 0;
  for (let k = 0; k < count; k++) {
    const d = values[at(k)] - mean;
    const x = d * d;
    const t = sum + x;
    compensation += sum >= x ? sum - t + x : x - t + sum;
    sum = t;
  }
  return (sum + compensation) / (count - 1);
}

/** R's median(): the middle value, or the mean of the two middle values. */
export function medianOf(values: ArrayLike<number>): number {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const half = n >> 1;
  return n % 2 === 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
}

/**
 * Fits the preprocessing on the training rows of `columns` (one Float64Array per feature).
 * @param rows the training rows (default: all rows)
 */
export function fitPreprocessing(
  columns: Float64Array[],
  featureNames: string[],
  settings: Partial<PreprocessSettings> = {},
  rows?: ArrayLike<number>,
): FittedPreprocessing {
  const full: PreprocessSettings = { ...DEFAULT_PREPROCESSING, ...settings };
  if (full.outlierSd !== null && !(full.outlierSd > 0)) throw new RadlabInputError(`outlier rule k must be > 0 (or null for none), got ${full.outlierSd}`);
  const n = rows ? rows.length : (columns[0]?.length ?? 0);
  if (n < 3) throw new RadlabInputError(`preprocessing needs at least 3 training rows, got ${n}`);
  const at = rows ? (k: number) => rows[k] : (k: number) => k;
  const params: FeatureScaling[] = [];
  const featureIndex: number[] = [];
  const kept: string[] = [];
  const dropped: { feature: string; reason: string }[] = [];
  const training = new Float64Array(n);

  columns.forEach((column, j) => {
    const feature = featureNames[j];
    for (let k = 0; k < n; k++) training[k] = column[at(k)];
    const rawMean = meanOf(training);
    const rawSd = Math.sqrt(varianceAbout(training, n, (k) => k, rawMean));
    const rawMedian = medianOf(training);
    const lower = full.outlierSd === null ? -Infinity : rawMean - full.outlierSd * rawSd;
    const upper = full.outlierSd === null ? Infinity : rawMean + full.outlierSd * rawSd;
    let nReplacedTraining = 0;
    for (let k = 0; k < n; k++) {
      if (training[k] < lower || training[k] > upper) {
        training[k] = rawMedian;
        nReplacedTraining++;
      }
    }
    const cleanMean = meanOf(training);
    const cleanSd = Math.sqrt(varianceAbout(training, n, (k) => k, cleanMean));
    if (!(rawSd > 0) || (full.zscore && !(cleanSd > 0))) {
      dropped.push({ feature, reason: rawSd > 0 ? "constant in training after outlier replacement" : "constant in training" });
      return;
    }
    featureIndex.push(j);
    kept.push(feature);
    params.push({ feature, rawMean, rawSd, rawMedian, lower, upper, nReplacedTraining, cleanMean, cleanSd });
  });
  if (kept.length === 0) throw new RadlabInputError("preprocessing: every feature is constant in the training rows");
  return { settings: full, featureNames: kept, featureIndex, params, dropped, nTraining: n };
}

/**
 * Applies a fitted preprocessing to `rows` of `columns` (the same features, in the same order,
 * as at fitting): outliers beyond the TRAINING bounds become the training median, then the
 * training z-score. Dropped features are left out.
 */
export function applyPreprocessing(fitted: FittedPreprocessing, columns: Float64Array[], rows?: ArrayLike<number>): PreprocessedColumns {
  const n = rows ? rows.length : (columns[0]?.length ?? 0);
  const out: Float64Array[] = [];
  const replacedRows: Int32Array[] = [];
  fitted.params.forEach((p, f) => {
    const column = columns[fitted.featureIndex[f]];
    if (!column) throw new RadlabInputError(`preprocessing: input has no column for feature "${p.feature}"`);
    const z = new Float64Array(n);
    const replaced: number[] = [];
    const centre = fitted.settings.zscore ? p.cleanMean : 0;
    const scale = fitted.settings.zscore ? p.cleanSd : 1;
    for (let k = 0; k < n; k++) {
      let x = column[rows ? rows[k] : k];
      if (x < p.lower || x > p.upper) {
        x = p.rawMedian;
        replaced.push(k);
      }
      z[k] = (x - centre) / scale;
    }
    out.push(z);
    replacedRows.push(Int32Array.from(replaced));
  });
  return { featureNames: fitted.featureNames, columns: out, replacedRows };
}

/**
 * A preprocessing pipeline: `fit(columns, rows)` learns from training rows only and returns
 * a transform for any rows. cvLasso calls it inside each fold, so the held-out fold never
 * contributes a mean, sd or median.
 */
export interface PreprocessingPipeline {
  settings: PreprocessSettings;
  /** Learns caps, medians, means and SDs from these rows (the training rows) only. */
  fit(columns: Float64Array[], featureNames: string[], rows?: ArrayLike<number>): FittedPipeline;
}

/** A pipeline fitted on training rows: its learned state, applied unchanged to any rows. */
export interface FittedPipeline {
  fitted: FittedPreprocessing;
  /** The columns capped and scaled with the training values (all rows, or these rows). */
  transform(columns: Float64Array[], rows?: ArrayLike<number>): PreprocessedColumns;
}

/** The pipeline for given settings. */
export function preprocessingPipeline(settings: Partial<PreprocessSettings> = {}): PreprocessingPipeline {
  const full: PreprocessSettings = { ...DEFAULT_PREPROCESSING, ...settings };
  return {
    settings: full,
    fit(columns, featureNames, rows) {
      const fitted = fitPreprocessing(columns, featureNames, full, rows);
      return { fitted, transform: (cols, r) => applyPreprocessing(fitted, cols, r) };
    },
  };
}
