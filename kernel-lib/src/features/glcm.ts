/**
 * GLCM family: the 8 features of ITK's HistogramToTextureFeaturesFilter × 18 variants
 * (feature-catalog.md). One symmetric co-occurrence matrix per direction over the whole 3D
 * ROI; a pair (x, x + o) counts iff both voxels are in the ROI (ITK
 * ScalarImageToCooccurrenceMatrixFilter with a mask, shared/reference/itk/harness/README.md).
 *
 * Formulas are ITK's, exactly: indices are 0-based bin indices a, b = level − 1, p is the
 * normalised symmetric matrix, and μ, σ² are the mean and variance of the row index:
 * μ = Σ a·p(a,b), σ² = Σ (a − μ)²·p(a,b). Where ITK departs from the textbook, the feature's
 * doc comment says so. With `options.convention === "pyradiomics"`, Entropy and Correlation
 * follow PyRadiomics' radiomics/glcm.py instead, and directions without pairs are left out
 * of the AllDirection mean (PyRadiomics deletes empty angles), so that AllDirection_offset1
 * equals PyRadiomics' 13-angle mean.
 */

import * as math from "../math.js";
import type { Vec3 } from "../types.js";
import { offsetText, textureFeatureDefinitions, textureVariantColumns } from "./directions.js";
import { type Cooccurrence, textureMatrices } from "./texture-block.js";
import type { Convention, EmptyDirections, FamilyInput, FamilyModule } from "./types.js";

/** The 8 GLCM features, in column order. */
export const GLCM_FEATURES = [
  "Energy",
  "Entropy",
  "Correlation",
  "InverseDifferenceMoment",
  "Inertia",
  "ClusterShade",
  "ClusterProminence",
  "HaralickCorrelation",
] as const;
export type GlcmFeature = (typeof GLCM_FEATURES)[number];

export type { Cooccurrence } from "./texture-block.js";

/**
 * Normalised GLCMs of several directions, their non-zero cells concatenated (each matrix in
 * ITK's histogram order, a fastest), with the statistics ITK's
 * HistogramToTextureFeaturesFilter::ComputeMeansAndVariances derives. Every feature function
 * computes all directions in one call, as PyRadiomics does over its angle axis: one hot loop
 * per feature, optimised by the JIT within the first case instead of after many calls.
 */
export interface GlcmSet {
  ng: number;
  /** Number of matrices (directions). */
  count: number;
  /** Cells of matrix d: start[d] ≤ c < start[d + 1]. */
  start: Int32Array;
  /** 0-based row index a of each cell. */
  a: Int32Array;
  /** 0-based column index b of each cell. */
  b: Int32Array;
  /** p(a, b) of each cell. */
  p: Float64Array;
  /** Per matrix: μ = Σ a·p(a,b) (ITK's pixelMean). */
  mean: Float64Array;
  /** Per matrix: σ² = Σ (a − μ)²·p(a,b) (ITK's pixelVariance). */
  variance: Float64Array;
  /** Per matrix: μt, mean of the Ng marginal sums px(a) = Σ_b p(a,b) (ITK's marginalMean, = 1/Ng). */
  marginalMean: Float64Array;
  /** Per matrix: σt², population variance of the Ng marginal sums by Knuth's recurrence (ITK's marginalDevSquared). */
  marginalVariance: Float64Array;
  /** Per matrix: 1 if it has no pair. */
  empty: Uint8Array;
}

/** Normalises the counts (p = count/total) and computes ITK's means and variances, per matrix. */
export function glcmSet(matrices: Cooccurrence[]): GlcmSet {
  const ng = matrices.length > 0 ? matrices[0].ng : 0;
  const count = matrices.length;
  const start = new Int32Array(count + 1);
  matrices.forEach((co, d) => {
    start[d + 1] = start[d] + co.cells;
  });
  const cells = start[count];
  const set: GlcmSet = {
    ng,
    count,
    start,
    a: new Int32Array(cells),
    b: new Int32Array(cells),
    p: new Float64Array(cells),
    mean: new Float64Array(count),
    variance: new Float64Array(count),
    marginalMean: new Float64Array(count),
    marginalVariance: new Float64Array(count),
    empty: new Uint8Array(count),
  };
  matrices.forEach((co, d) => {
    set.a.set(co.a, start[d]);
    set.b.set(co.b, start[d]);
    set.empty[d] = co.total === 0 ? 1 : 0;
  });
  normalise(set, matrices);
  return set;
}

/** p = count/total, μ, σ², and the marginal sums' mean and variance, for every matrix of a set. */
function normalise(set: GlcmSet, matrices: Cooccurrence[]): void {
  const { ng, a, p, start } = set;
  const marginal = new Float64Array(ng);
  for (let d = 0; d < set.count; d++) {
    const { counts, total } = matrices[d];
    const first = start[d];
    const end = start[d + 1];
    marginal.fill(0);
    let mean = 0;
    for (let c = first; c < end; c++) {
      const f = counts[c - first] / total;
      p[c] = f;
      mean += a[c] * f;
      marginal[a[c]] += f;
    }
    // Knuth's recurrence over all Ng marginal sums, empty levels included (as ITK)
    let marginalMean = marginal[0];
    let marginalS = 0;
    for (let k = 1; k < ng; k++) {
      const next = marginalMean + (marginal[k] - marginalMean) / (k + 1);
      marginalS += (marginal[k] - marginalMean) * (marginal[k] - next);
      marginalMean = next;
    }
    let variance = 0;
    for (let c = first; c < end; c++) variance += (a[c] - mean) * (a[c] - mean) * p[c];
    set.mean[d] = mean;
    set.variance[d] = variance;
    set.marginalMean[d] = marginalMean;
    set.marginalVariance[d] = marginalS / ng;
  }
}

/**
 * The 8 features of ITK's HistogramToTextureFeaturesFilter, for every matrix of a set, in one
 * pass over its cells: one loop for the JIT to optimise within the first case, instead of
 * eight (each sum takes the cells in the same order, with the same expression, as a loop of its
 * own would). `out[f][d]` receives feature f (GLCM_FEATURES order) of matrix d. With a = row,
 * b = column (0-based), p = p(a,b), μ, σ² the row mean and variance:
 * - Energy (ITK GetEnergy; IBSI angular second moment 8ZQL) = Σ p². No square root.
 * - Entropy (ITK GetEntropy) = −Σ p·log2 p over cells with p > 0.0001 only. ITK departs from
 *   the textbook joint entropy (IBSI TU9B): cells with p ≤ 1e-4 are dropped, not counted.
 * - Correlation (ITK GetCorrelation) = Σ (a − μ)(b − μ)·p / (σ²)². ITK departs from Haralick's /
 *   Pearson's correlation: it divides by the variance squared, so its value is Pearson's
 *   correlation / σ². If (σ²)² ≤ 2·DBL_EPSILON the divisor is 1 (ITK's FloatAlmostEqual guard).
 * - InverseDifferenceMoment (ITK GetInverseDifferenceMoment; IBSI WF0Z) = Σ p / (1 + (a − b)²).
 * - Inertia (ITK GetInertia; IBSI contrast ACUI) = Σ (a − b)²·p.
 * - ClusterShade (ITK GetClusterShade; IBSI 7NFM) = Σ ((a − μ) + (b − μ))³·p (ITK: std::pow(x, 3);
 *   products are faster and agree to an ulp).
 * - ClusterProminence (ITK GetClusterProminence; IBSI AE86) = Σ ((a − μ) + (b − μ))⁴·p.
 * - HaralickCorrelation (ITK GetHaralickCorrelation) = (Σ a·b·p − μt²) / σt², with μt, σt² the
 *   mean and population variance of the Ng marginal sums px(a). ITK departs from Haralick's f3
 *   (which uses the mean and SD of the grey level under px): its value depends on Ng (empty
 *   levels included) and on the 0-based index origin, and is ill-conditioned when px is nearly
 *   flat; σt² = 0 gives ±∞ or NaN (reported as NaN).
 */
export function itkFeatures(m: GlcmSet, out: Float64Array[]): void {
  const { start, a, b, p } = m;
  for (let d = 0; d < m.count; d++) {
    const mean = m.mean[d];
    let divisor = m.variance[d] * m.variance[d];
    if (Math.abs(divisor) <= 2 * Number.EPSILON) divisor = 1;
    let energy = 0;
    let entropy = 0;
    let correlation = 0;
    let inverseDifferenceMoment = 0;
    let inertia = 0;
    let clusterShade = 0;
    let clusterProminence = 0;
    let abSum = 0;
    for (let c = start[d]; c < start[d + 1]; c++) {
      const f = p[c];
      const row = a[c];
      const column = b[c];
      energy += f * f;
      if (f > 0.0001) entropy -= (f * math.log(f)) / Math.LN2;
      correlation += ((row - mean) * (column - mean) * f) / divisor;
      const difference = row - column;
      inverseDifferenceMoment += f / (1 + difference * difference);
      inertia += difference * difference * f;
      const x = row - mean + (column - mean);
      const x2 = x * x;
      clusterShade += x2 * x * f;
      clusterProminence += x2 * x2 * f;
      abSum += row * column * f;
    }
    out[0][d] = energy;
    out[1][d] = entropy;
    out[2][d] = correlation;
    out[3][d] = inverseDifferenceMoment;
    out[4][d] = inertia;
    out[5][d] = clusterShade;
    out[6][d] = clusterProminence;
    out[7][d] = (abSum - m.marginalMean[d] * m.marginalMean[d]) / m.marginalVariance[d];
  }
}

/** PyRadiomics' machine epsilon (numpy.spacing(1)), added inside its logarithms and divisors. */
const PYRADIOMICS_EPS = 2.220446049250313e-16;

/** Joint entropy as PyRadiomics (glcm.py getJointEntropyFeatureValue; IBSI TU9B): −Σ p·log2(p + ε). */
export function entropyPyradiomics(m: GlcmSet, out: Float64Array): void {
  for (let d = 0; d < m.count; d++) {
    let sum = 0;
    for (let c = m.start[d]; c < m.start[d + 1]; c++) sum -= m.p[c] * math.log2(m.p[c] + PYRADIOMICS_EPS);
    out[d] = sum;
  }
}

/**
 * Correlation as PyRadiomics (glcm.py getCorrelationFeatureValue; IBSI NI2N):
 * Σ (i − μx)(j − μy)·p / (σx·σy + ε), and 1 where σx·σy = 0 (a flat region).
 */
export function correlationPyradiomics(m: GlcmSet, out: Float64Array): void {
  for (let d = 0; d < m.count; d++) {
    const first = m.start[d];
    const end = m.start[d + 1];
    let mx = 0;
    let my = 0;
    for (let c = first; c < end; c++) {
      mx += m.a[c] * m.p[c];
      my += m.b[c] * m.p[c];
    }
    let vx = 0;
    let vy = 0;
    let co = 0;
    for (let c = first; c < end; c++) {
      const dx = m.a[c] - mx;
      const dy = m.b[c] - my;
      vx += dx * dx * m.p[c];
      vy += dy * dy * m.p[c];
      co += dx * dy * m.p[c];
    }
    const sigma = Math.sqrt(vx) * Math.sqrt(vy);
    out[d] = sigma === 0 ? 1 : co / (sigma + PYRADIOMICS_EPS);
  }
}

/**
 * The 8 features of every matrix of a set: features[f][d] ({@link itkFeatures}; with convention
 * `pyradiomics`, Entropy and Correlation as PyRadiomics). An empty GLCM (no pair) gives NaN
 * everywhere. With `itkEmpty` (emptyDirections "itk", radlab convention) its Entropy is 0
 * instead, as in ITK (0/0 frequencies are NaN, and NaN > 0.0001 is false), so that the
 * AllDirection means reproduce ITK's; radlab's default ("skip") calls a direction without
 * pairs undefined.
 */
export function glcmFeatures(set: GlcmSet, convention: Convention, itkEmpty: boolean): Float64Array[] {
  const features = GLCM_FEATURES.map(() => new Float64Array(set.count));
  itkFeatures(set, features);
  if (convention === "pyradiomics") {
    entropyPyradiomics(set, features[1]);
    correlationPyradiomics(set, features[2]);
  }
  features.forEach((out, f) => {
    for (let d = 0; d < set.count; d++) {
      if (set.empty[d]) out[d] = f === 1 && itkEmpty && convention === "radlab" ? 0 : Number.NaN;
    }
  });
  return features;
}

/**
 * All 144 values of a case: 8 features × (4 angles + mean + SD) × 3 distances. 39 matrices
 * (13 directions × 3 distances); the in-plane angles reuse the equal 3D direction.
 */
export function computeGlcm(input: FamilyInput): Float64Array {
  const { byDistance } = textureMatrices(input);
  const { convention } = input.options;
  // PyRadiomics deletes angles without pairs before averaging
  const emptyDirections: EmptyDirections = convention === "pyradiomics" ? "skip" : input.options.emptyDirections;
  const values = textureVariantColumns({
    input,
    family: "glcm",
    features: GLCM_FEATURES,
    perDirection: glcmFeatures(glcmSet(byDistance.flat().map((m) => m.cooccurrence)), convention, emptyDirections === "itk"),
    nonEmpty: byDistance.map((directions) => directions.map((m) => m.cooccurrence.total > 0)),
    emptyDirections,
    warnDirection: (column, offset, nonEmpty) => warnDirection(input, column, offset, nonEmpty),
  });
  // ±∞ (HaralickCorrelation with σt² = 0) is as undefined as NaN, and reported above
  for (let n = 0; n < values.length; n++) if (!Number.isFinite(values[n])) values[n] = Number.NaN;
  return values;
}

function warnDirection(input: FamilyInput, column: string, offset: Vec3, nonEmpty: boolean): void {
  input.warn(
    column,
    nonEmpty
      ? `undefined (division by zero) for the co-occurrence matrix at offset ${offsetText(offset)}`
      : `no voxel pair inside the ROI at offset ${offsetText(offset)}`,
  );
}

/** The GLCM family module: 144 columns, feature-major (see directions.ts TEXTURE_VARIANTS). */
export const glcmFamily: FamilyModule = {
  family: "glcm",
  features: textureFeatureDefinitions("glcm", GLCM_FEATURES),
  compute: computeGlcm,
};
