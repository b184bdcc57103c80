/**
 * `stat`: intensity-based statistical features (IBSI 1 §3.3, family UHIW) on the raw ROI
 * intensities X (N voxels), plus StdDeviation = sqrt(IBSI variance). The `hist` family applies
 * the same statistics to the discretised grey levels, so the shared ones live here.
 *
 * Percentiles P_q use linear interpolation between order statistics (R type 7, NumPy's
 * default, as PyRadiomics; features/quantile.ts): with x sorted ascending, h = (N − 1)·q/100,
 * P_q = (1 − γ)·x[⌊h⌋] + γ·x[⌊h⌋+1], γ = h − ⌊h⌋. IBSI leaves the method open.
 *
 * Convention `pyradiomics` (firstorder.py): Kurtosis is μ4/σ⁴ (not excess, i.e. ours + 3);
 * Energy and RootMeanSquare always add `voxelArrayShift` c to every intensity.
 */

import * as math from "../math.js";
import { defineFamily, type FeatureSpec, ratioOrNaN } from "./family-kit.js";
import { quantileOfSorted } from "./quantile.js";
import type { FamilyInput } from "./types.js";
import { type MomentSums, momentSumsWasm, wasmKernelsEnabled } from "./wasm-kernels.js";

/** Sorted values and their moments: what every first-order statistic needs. */
export interface Distribution {
  /** The values, ascending. */
  sorted: Float64Array;
  count: number;
  mean: number;
  /** Central moments (1/N) Σ (x − μ)^k for k = 2, 3, 4. */
  m2: number;
  m3: number;
  m4: number;
  /** (1/N) Σ |x − μ|. */
  meanAbsoluteDeviation: number;
  /** (1/N) Σ |x − M|, M the median. */
  medianAbsoluteDeviation: number;
  /** Mean absolute deviation of the values between P10 and P90 (inclusive) from their own mean. */
  robustMeanAbsoluteDeviation: number;
  /** Σ x and Σ x². */
  sum: number;
  sumOfSquares: number;
}

/** Sorts a copy of `values` and describes it. */
export function describeDistribution(values: Float64Array): Distribution {
  return momentsOf(sortedCopy(values));
}

/**
 * An ascending copy of `values`. MR and CT intensities are usually integers, and V8 sorts an
 * Int32Array far faster than a Float64Array, so integer data take that path.
 */
function sortedCopy(values: Float64Array): Float64Array {
  for (let n = 0; n < values.length; n++) {
    const x = values[n];
    if ((x | 0) !== x) return values.slice().sort();
  }
  return new Float64Array(new Int32Array(values).sort());
}

/** Mean, central moments and absolute deviations of values already sorted ascending (two passes). */
export function momentsOf(sorted: Float64Array): Distribution {
  const count = sorted.length;
  const median = percentileOfSorted(sorted, 50);
  // X₁₀₋₉₀ = {x : P10 ≤ x ≤ P90} is the contiguous index range [lo, hi] of the sorted values.
  const p10 = percentileOfSorted(sorted, 10);
  const p90 = percentileOfSorted(sorted, 90);
  let lo = 0;
  while (sorted[lo] < p10) lo++;
  let hi = count - 1;
  while (sorted[hi] > p90) hi--;
  let sum = 0;
  let robustSum = 0;
  for (let n = 0; n < count; n++) {
    sum += sorted[n];
    if (n >= lo && n <= hi) robustSum += sorted[n];
  }
  const mean = sum / count;
  const robustMean = robustSum / (hi - lo + 1);
  const { m2, m3, m4, absMean, absMedian, absRobust, sumOfSquares } =
    (wasmKernelsEnabled() ? momentSumsWasm(sorted, lo, hi, mean, median, robustMean) : null) ?? momentSums(sorted, lo, hi, mean, median, robustMean);
  return {
    sorted,
    count,
    mean,
    m2: m2 / count,
    m3: m3 / count,
    m4: m4 / count,
    meanAbsoluteDeviation: absMean / count,
    medianAbsoluteDeviation: absMedian / count,
    robustMeanAbsoluteDeviation: absRobust / (hi - lo + 1),
    sum,
    sumOfSquares,
  };
}

/**
 * The second pass of {@link momentsOf}: Σ (x − μ)^k for k = 2, 3, 4, Σ |x − μ|, Σ |x − M|,
 * Σ |x − μ_robust| over the indices lo..hi, Σ x². The same pass runs in WebAssembly
 * (wasm-kernels.ts momentSumsWasm, the same additions in the same order); a test checks that
 * both agree.
 */
export function momentSums(sorted: Float64Array, lo: number, hi: number, mean: number, median: number, robustMean: number): MomentSums {
  const count = sorted.length;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  let absMean = 0;
  let absMedian = 0;
  let absRobust = 0;
  let sumOfSquares = 0;
  for (let n = 0; n < count; n++) {
    const x = sorted[n];
    const d = x - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
    absMean += Math.abs(d);
    absMedian += Math.abs(x - median);
    if (n >= lo && n <= hi) absRobust += Math.abs(x - robustMean);
    sumOfSquares += x * x;
  }
  return { m2, m3, m4, absMean, absMedian, absRobust, sumOfSquares };
}

function percentileOfSorted(x: Float64Array, q: number): number {
  return quantileOfSorted(x, q / 100);
}

/** P_q by linear interpolation between order statistics (R type 7 / NumPy default). */
export function percentile(d: Distribution, q: number): number {
  return percentileOfSorted(d.sorted, q);
}

/** Mean μ = (1/N) Σ x_k. IBSI Q4LE (stat), X6K6 (hist). */
export function meanOf(d: Distribution): number {
  return d.mean;
}

/** Variance (1/N) Σ (x_k − μ)², no bias correction. IBSI ECT3 (stat), CH89 (hist). */
export function varianceOf(d: Distribution): number {
  return d.m2;
}

/** Skewness μ3 / μ2^{3/2}; 0 when the variance is 0 (as IBSI defines). IBSI KE2A, 88K1. */
export function skewnessOf(d: Distribution): number {
  return d.m2 === 0 ? 0 : d.m3 / math.pow(d.m2, 1.5);
}

/**
 * Excess kurtosis μ4 / μ2² − 3; 0 when the variance is 0 (as IBSI defines). IBSI IPH6, C3I7.
 * PyRadiomics' Kurtosis is μ4 / μ2² (this + 3), and 0 for a flat region.
 */
export function excessKurtosisOf(d: Distribution): number {
  return d.m2 === 0 ? 0 : d.m4 / (d.m2 * d.m2) - 3;
}

/** Median = P50 (sample median). IBSI Y12H, WIFQ. */
export function medianOf(d: Distribution): number {
  return percentile(d, 50);
}

/** Minimum min(X). IBSI 1GSF, 1PR8. */
export function minimumOf(d: Distribution): number {
  return d.sorted[0];
}

/** Maximum max(X). IBSI 84IY, 3NCY. */
export function maximumOf(d: Distribution): number {
  return d.sorted[d.count - 1];
}

/** Interquartile range P75 − P25. IBSI SALO, WR0O. */
export function interquartileRangeOf(d: Distribution): number {
  return percentile(d, 75) - percentile(d, 25);
}

/** Range max(X) − min(X). IBSI 2OJQ, 5Z3W. */
export function rangeOf(d: Distribution): number {
  return maximumOf(d) - minimumOf(d);
}

/** Mean absolute deviation (1/N) Σ |x_k − μ|. IBSI 4FUA, D2ZX. */
export function meanAbsoluteDeviationOf(d: Distribution): number {
  return d.meanAbsoluteDeviation;
}

/**
 * Robust mean absolute deviation: the mean absolute deviation of X₁₀₋₉₀ = {x : P10 ≤ x ≤ P90}
 * from its own mean. IBSI 1128, WRZB.
 */
export function robustMeanAbsoluteDeviationOf(d: Distribution): number {
  return d.robustMeanAbsoluteDeviation;
}

/** Median absolute deviation (1/N) Σ |x_k − M|, M the median (IBSI's, a mean of deviations). IBSI N72L, 4RNL. */
export function medianAbsoluteDeviationOf(d: Distribution): number {
  return d.medianAbsoluteDeviation;
}

/** Coefficient of variation σ / μ; NaN when μ = 0. IBSI 7TET, CWYJ. */
export function coefficientOfVariationOf(d: Distribution, input: FamilyInput, column: string): number {
  return ratioOrNaN(input, column, Math.sqrt(d.m2), d.mean, "the mean is 0");
}

/** Quartile coefficient of dispersion (P75 − P25) / (P75 + P25); NaN when P75 + P25 = 0. IBSI 9S40, SLWD. */
export function quartileCoefficientOfDispersionOf(d: Distribution, input: FamilyInput, column: string): number {
  const p25 = percentile(d, 25);
  const p75 = percentile(d, 75);
  return ratioOrNaN(input, column, p75 - p25, p75 + p25, "P75 + P25 is 0");
}

/** Energy Σ (x_k + c)², c = voxelArrayShift (0 for radlab). IBSI N8CA (with c = 0). */
function energy(d: Distribution, input: FamilyInput): number {
  const c = input.options.voxelArrayShift;
  // Σ (x + c)² expanded, from the sums already taken.
  return c === 0 ? d.sumOfSquares : d.sumOfSquares + 2 * c * d.sum + d.count * c * c;
}

/** Root mean square sqrt((1/N) Σ (x_k + c)²), c = voxelArrayShift. IBSI 5ZWQ (with c = 0). */
function rootMeanSquare(d: Distribution, input: FamilyInput): number {
  return Math.sqrt(energy(d, input) / d.count);
}

/** Standard deviation sqrt((1/N) Σ (x_k − μ)²): the study's StdDeviation (ITK/A.K.), sqrt of IBSI ECT3. */
function stdDeviation(d: Distribution): number {
  return Math.sqrt(d.m2);
}

/** Kurtosis by convention: IBSI's excess kurtosis, or PyRadiomics' μ4/μ2² (= excess + 3). */
function kurtosis(d: Distribution, input: FamilyInput): number {
  const excess = excessKurtosisOf(d);
  return input.options.convention === "pyradiomics" && d.m2 !== 0 ? excess + 3 : excess;
}

const FAMILY = "Intensity-based statistical features";

const STAT_SPECS: FeatureSpec<Distribution>[] = [
  { feature: "Mean", ibsi: { tag: "Q4LE", feature: "Mean intensity" }, pyradiomics: "firstorder_Mean", value: meanOf },
  { feature: "Variance", ibsi: { tag: "ECT3", feature: "Intensity variance" }, pyradiomics: "firstorder_Variance", value: varianceOf },
  { feature: "Skewness", ibsi: { tag: "KE2A", feature: "Intensity skewness" }, pyradiomics: "firstorder_Skewness", value: skewnessOf },
  { feature: "Kurtosis", ibsi: { tag: "IPH6", feature: "(Excess) intensity kurtosis" }, pyradiomics: "firstorder_Kurtosis", value: kurtosis },
  { feature: "Median", ibsi: { tag: "Y12H", feature: "Median intensity" }, pyradiomics: "firstorder_Median", value: medianOf },
  { feature: "Minimum", ibsi: { tag: "1GSF", feature: "Minimum intensity" }, pyradiomics: "firstorder_Minimum", value: minimumOf },
  {
    feature: "Percentile10",
    ibsi: { tag: "QG58", feature: "10th intensity percentile" },
    pyradiomics: "firstorder_10Percentile",
    value: (d) => percentile(d, 10),
  },
  {
    feature: "Percentile90",
    ibsi: { tag: "8DWT", feature: "90th intensity percentile" },
    pyradiomics: "firstorder_90Percentile",
    value: (d) => percentile(d, 90),
  },
  { feature: "Maximum", ibsi: { tag: "84IY", feature: "Maximum intensity" }, pyradiomics: "firstorder_Maximum", value: maximumOf },
  {
    feature: "InterquartileRange",
    ibsi: { tag: "SALO", feature: "Intensity interquartile range" },
    pyradiomics: "firstorder_InterquartileRange",
    value: interquartileRangeOf,
  },
  { feature: "Range", ibsi: { tag: "2OJQ", feature: "Intensity range" }, pyradiomics: "firstorder_Range", value: rangeOf },
  {
    feature: "MeanAbsoluteDeviation",
    ibsi: { tag: "4FUA", feature: "Intensity-based mean absolute deviation" },
    pyradiomics: "firstorder_MeanAbsoluteDeviation",
    value: meanAbsoluteDeviationOf,
  },
  {
    feature: "RobustMeanAbsoluteDeviation",
    ibsi: { tag: "1128", feature: "Intensity-based robust mean absolute deviation" },
    pyradiomics: "firstorder_RobustMeanAbsoluteDeviation",
    value: robustMeanAbsoluteDeviationOf,
  },
  {
    feature: "MedianAbsoluteDeviation",
    ibsi: { tag: "N72L", feature: "Intensity-based median absolute deviation" },
    value: medianAbsoluteDeviationOf,
  },
  {
    feature: "CoefficientOfVariation",
    ibsi: { tag: "7TET", feature: "Intensity-based coefficient of variation" },
    value: (d, input) => coefficientOfVariationOf(d, input, "stat_CoefficientOfVariation"),
  },
  {
    feature: "QuartileCoefficientOfDispersion",
    ibsi: { tag: "9S40", feature: "Intensity-based quartile coefficient of dispersion" },
    value: (d, input) => quartileCoefficientOfDispersionOf(d, input, "stat_QuartileCoefficientOfDispersion"),
  },
  { feature: "Energy", ibsi: { tag: "N8CA", feature: "Intensity-based energy" }, pyradiomics: "firstorder_Energy", value: energy },
  { feature: "RootMeanSquare", ibsi: { tag: "5ZWQ", feature: "Root mean square intensity" }, pyradiomics: "firstorder_RootMeanSquared", value: rootMeanSquare },
  { feature: "StdDeviation", pyradiomics: "firstorder_StandardDeviation", value: stdDeviation },
];

/** The `stat` family (19 features) on the raw ROI intensities. */
export const statFamily = defineFamily<Distribution>({
  family: "stat",
  ibsiFamily: FAMILY,
  ibsiAggregation: "",
  specs: STAT_SPECS,
  summarise: (input) => describeDistribution(input.roiIntensities),
});
