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
import type { Vec3 } from "../types.js";
import {
  angleDirectionIndex,
  directionMeanSd,
  IN_PLANE_ANGLES,
  offsetText,
  TEXTURE_DISTANCES,
  TEXTURE_VARIANTS,
  textureFeatureDefinitions,
  warnAllDirections,
} from "./directions.js";
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
 * A normalised GLCM as its non-zero cells (in ITK's histogram order, a fastest) and the
 * statistics ITK's HistogramToTextureFeaturesFilter::ComputeMeansAndVariances derives.
 */
export interface GlcmMatrix {
  ng: number;
  /** Number of non-zero cells. */
  cells: number;
  /** 0-based row index a of each cell. */
  a: Int32Array;
  /** 0-based column index b of each cell. */
  b: Int32Array;
  /** p(a, b) of each cell. */
  p: Float64Array;
  /** μ = Σ a·p(a,b) (ITK's pixelMean). */
  mean: number;
  /** σ² = Σ (a − μ)²·p(a,b) (ITK's pixelVariance). */
  variance: number;
  /** μt: mean of the Ng marginal sums px(a) = Σ_b p(a,b) (ITK's marginalMean, = 1/Ng). */
  marginalMean: number;
  /** σt²: population variance of the Ng marginal sums, by Knuth's recurrence (ITK's marginalDevSquared). */
  marginalVariance: number;
}

/** Normalises the counts (p = count/total) and computes ITK's means and variances. Null if empty. */
export function glcmMatrix(co: Cooccurrence): GlcmMatrix | null {
  const { ng, cells, total } = co;
  if (total === 0) return null;
  const p = new Float64Array(cells);
  const marginal = new Float64Array(ng);
  let mean = 0;
  for (let c = 0; c < cells; c++) {
    const f = co.counts[c] / total;
    p[c] = f;
    mean += co.a[c] * f;
    marginal[co.a[c]] += f;
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
  for (let c = 0; c < cells; c++) variance += (co.a[c] - mean) * (co.a[c] - mean) * p[c];
  return { ng, cells, a: co.a, b: co.b, p, mean, variance, marginalMean, marginalVariance: marginalS / ng };
}

/** Energy (ITK GetEnergy; IBSI angular second moment 8ZQL) = Σ p(a,b)². No square root. */
export function energy(m: GlcmMatrix): number {
  let sum = 0;
  for (let c = 0; c < m.cells; c++) sum += m.p[c] * m.p[c];
  return sum;
}

/**
 * Entropy (ITK GetEntropy) = −Σ p·log2 p over cells with p > 0.0001 only. ITK departs from
 * the textbook joint entropy (IBSI TU9B): cells with p ≤ 1e-4 are dropped, not counted.
 */
export function entropyItk(m: GlcmMatrix): number {
  let sum = 0;
  for (let c = 0; c < m.cells; c++) {
    const f = m.p[c];
    if (f > 0.0001) sum -= (f * Math.log(f)) / Math.LN2;
  }
  return sum;
}

/** PyRadiomics' machine epsilon (numpy.spacing(1)), added inside its logarithms and divisors. */
const PYRADIOMICS_EPS = 2.220446049250313e-16;

/** Joint entropy as PyRadiomics (glcm.py getJointEntropyFeatureValue; IBSI TU9B): −Σ p·log2(p + ε). */
export function entropyPyradiomics(m: GlcmMatrix): number {
  let sum = 0;
  for (let c = 0; c < m.cells; c++) sum -= m.p[c] * Math.log2(m.p[c] + PYRADIOMICS_EPS);
  return sum;
}

/**
 * Correlation (ITK GetCorrelation) = Σ (a − μ)(b − μ)·p(a,b) / (σ²)². ITK departs from
 * Haralick's / Pearson's correlation: it divides by the variance squared, so its value is
 * Pearson's correlation / σ². If (σ²)² ≤ 2·DBL_EPSILON the divisor is 1 (ITK's FloatAlmostEqual guard).
 */
export function correlationItk(m: GlcmMatrix): number {
  let divisor = m.variance * m.variance;
  if (Math.abs(divisor) <= 2 * Number.EPSILON) divisor = 1;
  let sum = 0;
  for (let c = 0; c < m.cells; c++) sum += ((m.a[c] - m.mean) * (m.b[c] - m.mean) * m.p[c]) / divisor;
  return sum;
}

/**
 * Correlation as PyRadiomics (glcm.py getCorrelationFeatureValue; IBSI NI2N):
 * Σ (i − μx)(j − μy)·p / (σx·σy + ε), and 1 where σx·σy = 0 (a flat region).
 */
export function correlationPyradiomics(m: GlcmMatrix): number {
  let mx = 0;
  let my = 0;
  for (let c = 0; c < m.cells; c++) {
    mx += m.a[c] * m.p[c];
    my += m.b[c] * m.p[c];
  }
  let vx = 0;
  let vy = 0;
  let co = 0;
  for (let c = 0; c < m.cells; c++) {
    const dx = m.a[c] - mx;
    const dy = m.b[c] - my;
    vx += dx * dx * m.p[c];
    vy += dy * dy * m.p[c];
    co += dx * dy * m.p[c];
  }
  const sigma = Math.sqrt(vx) * Math.sqrt(vy);
  return sigma === 0 ? 1 : co / (sigma + PYRADIOMICS_EPS);
}

/** InverseDifferenceMoment (ITK GetInverseDifferenceMoment; IBSI WF0Z) = Σ p / (1 + (a − b)²). */
export function inverseDifferenceMoment(m: GlcmMatrix): number {
  let sum = 0;
  for (let c = 0; c < m.cells; c++) sum += m.p[c] / (1 + (m.a[c] - m.b[c]) * (m.a[c] - m.b[c]));
  return sum;
}

/** Inertia (ITK GetInertia; IBSI contrast ACUI) = Σ (a − b)²·p. */
export function inertia(m: GlcmMatrix): number {
  let sum = 0;
  for (let c = 0; c < m.cells; c++) sum += (m.a[c] - m.b[c]) * (m.a[c] - m.b[c]) * m.p[c];
  return sum;
}

/** ClusterShade (ITK GetClusterShade; IBSI 7NFM) = Σ ((a − μ) + (b − μ))³·p. */
export function clusterShade(m: GlcmMatrix): number {
  let sum = 0;
  for (let c = 0; c < m.cells; c++) {
    const x = m.a[c] - m.mean + (m.b[c] - m.mean);
    sum += x * x * x * m.p[c]; // ITK: std::pow(x, 3); products are faster and agree to an ulp
  }
  return sum;
}

/** ClusterProminence (ITK GetClusterProminence; IBSI AE86) = Σ ((a − μ) + (b − μ))⁴·p. */
export function clusterProminence(m: GlcmMatrix): number {
  let sum = 0;
  for (let c = 0; c < m.cells; c++) {
    const x = m.a[c] - m.mean + (m.b[c] - m.mean);
    const x2 = x * x;
    sum += x2 * x2 * m.p[c];
  }
  return sum;
}

/**
 * HaralickCorrelation (ITK GetHaralickCorrelation) = (Σ a·b·p − μt²) / σt², with μt, σt² the
 * mean and population variance of the Ng marginal sums px(a). ITK departs from Haralick's f3
 * (which uses the mean and SD of the grey level under px): its value depends on Ng (empty
 * levels included) and on the 0-based index origin, and is ill-conditioned when px is nearly
 * flat; σt² = 0 gives ±∞ or NaN (reported as NaN).
 */
export function haralickCorrelation(m: GlcmMatrix): number {
  let sum = 0;
  for (let c = 0; c < m.cells; c++) sum += m.a[c] * m.b[c] * m.p[c];
  return (sum - m.marginalMean * m.marginalMean) / m.marginalVariance;
}

/** The feature functions in column order, per convention. */
function featureFunctions(convention: Convention): ((m: GlcmMatrix) => number)[] {
  const pyradiomics = convention === "pyradiomics";
  return [
    energy,
    pyradiomics ? entropyPyradiomics : entropyItk,
    pyradiomics ? correlationPyradiomics : correlationItk,
    inverseDifferenceMoment,
    inertia,
    clusterShade,
    clusterProminence,
    haralickCorrelation,
  ];
}

/**
 * The 8 features of one direction. An empty GLCM (no pair) gives NaN everywhere. With
 * `itkEmpty` (emptyDirections "itk", radlab convention) its Entropy is 0 instead, as in ITK
 * (0/0 frequencies are NaN, and NaN > 0.0001 is false), so that the AllDirection means
 * reproduce ITK's; radlab's default ("skip") calls a direction without pairs undefined.
 */
export function glcmDirectionFeatures(co: Cooccurrence, convention: Convention, itkEmpty: boolean): Float64Array {
  const out = new Float64Array(GLCM_FEATURES.length).fill(Number.NaN);
  const m = glcmMatrix(co);
  if (!m) {
    if (itkEmpty && convention === "radlab") out[1] = 0;
    return out;
  }
  const fns = featureFunctions(convention);
  for (let f = 0; f < fns.length; f++) out[f] = fns[f](m);
  return out;
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
  const nf = GLCM_FEATURES.length;
  const nv = TEXTURE_VARIANTS.length;
  const values = new Float64Array(nf * nv);
  const angleIndex = IN_PLANE_ANGLES.map(angleDirectionIndex);
  TEXTURE_DISTANCES.forEach((d, di) => {
    const directions = byDistance[di];
    const features = directions.map((m) => glcmDirectionFeatures(m.cooccurrence, convention, emptyDirections === "itk"));
    const nonEmpty = directions.map((m) => m.cooccurrence.total > 0);
    const base = di * 6;
    for (let f = 0; f < nf; f++) {
      const name = GLCM_FEATURES[f];
      angleIndex.forEach((dir, a) => {
        const v = features[dir][f];
        values[f * nv + base + a] = v;
        if (!Number.isFinite(v)) {
          warnDirection(input, `glcm_${name}_${TEXTURE_VARIANTS[base + a].variant}`, directions[dir].offset, nonEmpty[dir]);
        }
      });
      const { mean, sd } = directionMeanSd(
        features.map((x) => x[f]),
        nonEmpty,
        emptyDirections,
      );
      values[f * nv + base + 4] = mean;
      values[f * nv + base + 5] = sd;
      if (!Number.isFinite(mean)) warnAllDirections(input, `glcm_${name}_AllDirection_offset${d}`, d, nonEmpty, emptyDirections);
    }
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
