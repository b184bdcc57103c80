/**
 * `hist`: intensity histogram features (IBSI 1 §3.4, family ZVCW) on the discretised grey
 * levels X_d of the N ROI voxels, with histogram n_i (i = 1..N_g, empty bins kept) and
 * p_i = n_i / N. The moment and percentile statistics are those of `stat` (see stat.ts),
 * applied to the levels.
 */

import * as math from "../math.js";
import { defineFamily, type FeatureSpec } from "./family-kit.js";
import {
  coefficientOfVariationOf,
  type Distribution,
  excessKurtosisOf,
  interquartileRangeOf,
  maximumOf,
  meanAbsoluteDeviationOf,
  meanOf,
  medianAbsoluteDeviationOf,
  medianOf,
  minimumOf,
  momentsOf,
  percentile,
  quartileCoefficientOfDispersionOf,
  rangeOf,
  robustMeanAbsoluteDeviationOf,
  skewnessOf,
  varianceOf,
} from "./stat.js";
import type { FamilyInput } from "./types.js";

/** The level distribution and its histogram. */
export interface LevelHistogram extends Distribution {
  /** n_i at index i − 1, for i = 1..N_g. */
  counts: Float64Array;
  /** Histogram gradient H'_i (IBSI 12CE), or null when N_g < 2. */
  gradient: Float64Array | null;
}

function summarise(input: FamilyInput): LevelHistogram {
  const counts = new Float64Array(input.ng);
  for (let n = 0; n < input.roiLevels.length; n++) counts[input.roiLevels[n] - 1]++;
  // The sorted levels follow from the histogram (a counting sort).
  const sorted = new Float64Array(input.roiLevels.length);
  for (let i = 0, at = 0; i < counts.length; i++) {
    sorted.fill(i + 1, at, at + counts[i]);
    at += counts[i];
  }
  return { ...momentsOf(sorted), counts, gradient: histogramGradient(counts) };
}

/**
 * H'_1 = n_2 − n_1, H'_i = (n_{i+1} − n_{i−1}) / 2 for 1 < i < N_g, H'_{N_g} = n_{N_g} − n_{N_g−1}
 * (IBSI §3.4.20). Null for a one-bin histogram, where no difference exists.
 */
function histogramGradient(counts: Float64Array): Float64Array | null {
  const ng = counts.length;
  if (ng < 2) return null;
  const g = new Float64Array(ng);
  g[0] = counts[1] - counts[0];
  for (let i = 1; i < ng - 1; i++) g[i] = (counts[i + 1] - counts[i - 1]) / 2;
  g[ng - 1] = counts[ng - 1] - counts[ng - 2];
  return g;
}

/**
 * Mode: the level i with the highest n_i; among equal counts the one closest to the mean,
 * and of two equidistant ones the lower. IBSI AMMC.
 */
function mode(h: LevelHistogram): number {
  let best = 0;
  for (let i = 1; i < h.counts.length; i++) {
    const c = h.counts[i];
    if (c > h.counts[best]) best = i;
    else if (c === h.counts[best] && Math.abs(i + 1 - h.mean) < Math.abs(best + 1 - h.mean)) best = i;
  }
  return best + 1;
}

/** Entropy −Σ p_i log2 p_i over non-empty bins. IBSI TLU2. (PyRadiomics firstorder Entropy, up to its ε.) */
function entropy(h: LevelHistogram): number {
  let sum = 0;
  for (let i = 0; i < h.counts.length; i++) {
    if (h.counts[i] === 0) continue;
    const p = h.counts[i] / h.count;
    sum -= p * math.log2(p);
  }
  return sum;
}

/** Uniformity Σ p_i². IBSI BJ5W. (PyRadiomics firstorder Uniformity.) */
function uniformity(h: LevelHistogram): number {
  let sum = 0;
  for (let i = 0; i < h.counts.length; i++) {
    const p = h.counts[i] / h.count;
    sum += p * p;
  }
  return sum;
}

/** Index (0-based) of the first extreme of the gradient: max when `sign` = 1, min when −1. */
function gradientExtreme(gradient: Float64Array, sign: 1 | -1): number {
  let best = 0;
  for (let i = 1; i < gradient.length; i++) if (sign * gradient[i] > sign * gradient[best]) best = i;
  return best;
}

/** NaN with a warning for a one-bin histogram, where the gradient is undefined. */
function withGradient(h: LevelHistogram, input: FamilyInput, column: string, use: (g: Float64Array) => number): number {
  if (h.gradient === null) {
    input.warn(column, "undefined: the histogram has a single grey level (N_g = 1), so it has no gradient");
    return Number.NaN;
  }
  return use(h.gradient);
}

/** Maximum histogram gradient max(H'). IBSI 12CE. */
function maxHistogramGradient(h: LevelHistogram, input: FamilyInput): number {
  return withGradient(h, input, "hist_MaxHistogramGradient", (g) => g[gradientExtreme(g, 1)]);
}

/** Grey level of the maximum histogram gradient (the lowest, if several). IBSI 8E6O. */
function maxHistogramGradientGreyLevel(h: LevelHistogram, input: FamilyInput): number {
  return withGradient(h, input, "hist_MaxHistogramGradientGreyLevel", (g) => gradientExtreme(g, 1) + 1);
}

/** Minimum histogram gradient min(H'). IBSI VQB3. */
function minHistogramGradient(h: LevelHistogram, input: FamilyInput): number {
  return withGradient(h, input, "hist_MinHistogramGradient", (g) => g[gradientExtreme(g, -1)]);
}

/** Grey level of the minimum histogram gradient (the lowest, if several). IBSI RHQZ. */
function minHistogramGradientGreyLevel(h: LevelHistogram, input: FamilyInput): number {
  return withGradient(h, input, "hist_MinHistogramGradientGreyLevel", (g) => gradientExtreme(g, -1) + 1);
}

const HIST_SPECS: FeatureSpec<LevelHistogram>[] = [
  { feature: "Mean", ibsi: { tag: "X6K6", feature: "Mean discretised intensity" }, value: meanOf },
  { feature: "Variance", ibsi: { tag: "CH89", feature: "Discretised intensity variance" }, value: varianceOf },
  { feature: "Skewness", ibsi: { tag: "88K1", feature: "Discretised intensity skewness" }, value: skewnessOf },
  { feature: "Kurtosis", ibsi: { tag: "C3I7", feature: "(Excess) discretised intensity kurtosis" }, value: excessKurtosisOf },
  { feature: "Median", ibsi: { tag: "WIFQ", feature: "Median discretised intensity" }, value: medianOf },
  { feature: "Minimum", ibsi: { tag: "1PR8", feature: "Minimum discretised intensity" }, value: minimumOf },
  // The manual prints tag 1PR8 for this feature too (and GPMT for P90); the names are unambiguous.
  { feature: "Percentile10", ibsi: { tag: "1PR8", feature: "10th discretised intensity percentile" }, value: (h) => percentile(h, 10) },
  { feature: "Percentile90", ibsi: { tag: "GPMT", feature: "90th discretised intensity percentile" }, value: (h) => percentile(h, 90) },
  { feature: "Maximum", ibsi: { tag: "3NCY", feature: "Maximum discretised intensity" }, value: maximumOf },
  { feature: "Mode", ibsi: { tag: "AMMC", feature: "Intensity histogram mode" }, value: mode },
  { feature: "InterquartileRange", ibsi: { tag: "WR0O", feature: "Discretised intensity interquartile range" }, value: interquartileRangeOf },
  { feature: "Range", ibsi: { tag: "5Z3W", feature: "Discretised intensity range" }, value: rangeOf },
  {
    feature: "MeanAbsoluteDeviation",
    ibsi: { tag: "D2ZX", feature: "Intensity histogram mean absolute deviation" },
    value: meanAbsoluteDeviationOf,
  },
  {
    feature: "RobustMeanAbsoluteDeviation",
    ibsi: { tag: "WRZB", feature: "Intensity histogram robust mean absolute deviation" },
    value: robustMeanAbsoluteDeviationOf,
  },
  {
    feature: "MedianAbsoluteDeviation",
    ibsi: { tag: "4RNL", feature: "Intensity histogram median absolute deviation" },
    value: medianAbsoluteDeviationOf,
  },
  {
    feature: "CoefficientOfVariation",
    ibsi: { tag: "CWYJ", feature: "Intensity histogram coefficient of variation" },
    value: (h, input) => coefficientOfVariationOf(h, input, "hist_CoefficientOfVariation"),
  },
  {
    feature: "QuartileCoefficientOfDispersion",
    ibsi: { tag: "SLWD", feature: "Intensity histogram quartile coefficient of dispersion" },
    value: (h, input) => quartileCoefficientOfDispersionOf(h, input, "hist_QuartileCoefficientOfDispersion"),
  },
  { feature: "Entropy", ibsi: { tag: "TLU2", feature: "Discretised intensity entropy" }, pyradiomics: "firstorder_Entropy", value: entropy },
  { feature: "Uniformity", ibsi: { tag: "BJ5W", feature: "Discretised intensity uniformity" }, pyradiomics: "firstorder_Uniformity", value: uniformity },
  { feature: "MaxHistogramGradient", ibsi: { tag: "12CE", feature: "Maximum histogram gradient" }, value: maxHistogramGradient },
  {
    feature: "MaxHistogramGradientGreyLevel",
    ibsi: { tag: "8E6O", feature: "Maximum histogram gradient intensity" },
    value: maxHistogramGradientGreyLevel,
  },
  { feature: "MinHistogramGradient", ibsi: { tag: "VQB3", feature: "Minimum histogram gradient" }, value: minHistogramGradient },
  {
    feature: "MinHistogramGradientGreyLevel",
    ibsi: { tag: "RHQZ", feature: "Minimum histogram gradient intensity" },
    value: minHistogramGradientGreyLevel,
  },
];

/** The `hist` family (23 features) on the discretised ROI grey levels. */
export const histFamily = defineFamily<LevelHistogram>({
  family: "hist",
  ibsiFamily: "Intensity histogram features",
  ibsiAggregation: "",
  specs: HIST_SPECS,
  summarise,
});
