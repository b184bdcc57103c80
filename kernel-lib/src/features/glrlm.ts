/**
 * GLRLM family: the 10 features of ITK's HistogramToRunLengthFeaturesFilter × 18 variants
 * (feature-catalog.md), on the clean run-length matrix of the ITK reference harness
 * (shared/reference/itk/harness/README.md), which fixes three bugs of ITK's
 * ScalarImageToRunLengthMatrixFilter: physical-distance binning of run lengths, a bin-edge
 * error that stops runs of level 2, and runs leaking through non-ROI voxels.
 *
 * A run is a maximal chain x, x + o, x + 2o, … of ROI voxels with the same level (stride =
 * the whole offset, so at d = 4 every 4th voxel); it stops at the ROI and image borders.
 * R(g, n) = number of runs of level g and n voxels, Nr = Σ R. Every feature is normalised by
 * Nr, with g the grey level (ITK's i = bin + 1) and n the run length in voxels (ITK's j).
 * PyRadiomics' glrlm.py defines the same 10 features with the same runs, so the `pyradiomics`
 * convention changes only the AllDirection aggregation (empty angles left out).
 */
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
import { type RunLengthMatrix, textureMatrices } from "./texture-block.js";
import type { EmptyDirections, FamilyInput, FamilyModule } from "./types.js";

/** The 10 GLRLM features, in column order. */
export const GLRLM_FEATURES = [
  "ShortRunEmphasis",
  "LongRunEmphasis",
  "GreyLevelNonuniformity",
  "RunLengthNonuniformity",
  "LowGreyLevelRunEmphasis",
  "HighGreyLevelRunEmphasis",
  "ShortRunLowGreyLevelEmphasis",
  "ShortRunHighGreyLevelEmphasis",
  "LongRunLowGreyLevelEmphasis",
  "LongRunHighGreyLevelEmphasis",
] as const;
export type GlrlmFeature = (typeof GLRLM_FEATURES)[number];

export type { RunLengthMatrix } from "./texture-block.js";

/** ShortRunEmphasis (ITK GetShortRunEmphasis; IBSI 22OV) = Σ R(g,n)/n² / Nr. */
export function shortRunEmphasis(m: RunLengthMatrix): number {
  let sum = 0;
  for (let e = 0; e < m.entries; e++) sum += m.runs[e] / (m.n[e] * m.n[e]);
  return sum / m.total;
}

/** LongRunEmphasis (ITK GetLongRunEmphasis; IBSI W4KF) = Σ R(g,n)·n² / Nr. */
export function longRunEmphasis(m: RunLengthMatrix): number {
  let sum = 0;
  for (let e = 0; e < m.entries; e++) sum += m.runs[e] * (m.n[e] * m.n[e]);
  return sum / m.total;
}

/**
 * GreyLevelNonuniformity (ITK GetGreyLevelNonuniformity; IBSI R5YN) = Σ_g (Σ_n R(g,n))² / Nr.
 * Not normalised by Nr² (that would be IBSI's normalised variant OVBL).
 */
export function greyLevelNonuniformity(m: RunLengthMatrix): number {
  return sumOfSquares(m.runsPerLevel) / m.total;
}

/** RunLengthNonuniformity (ITK GetRunLengthNonuniformity; IBSI W92Y) = Σ_n (Σ_g R(g,n))² / Nr. */
export function runLengthNonuniformity(m: RunLengthMatrix): number {
  return sumOfSquares(m.runsPerLength) / m.total;
}

function sumOfSquares(x: Float64Array): number {
  let sum = 0;
  for (let k = 0; k < x.length; k++) sum += x[k] * x[k];
  return sum;
}

/** LowGreyLevelRunEmphasis (ITK GetLowGreyLevelRunEmphasis; IBSI V3SW) = Σ R(g,n)/g² / Nr. */
export function lowGreyLevelRunEmphasis(m: RunLengthMatrix): number {
  let sum = 0;
  for (let e = 0; e < m.entries; e++) sum += m.runs[e] / (m.g[e] * m.g[e]);
  return sum / m.total;
}

/** HighGreyLevelRunEmphasis (ITK GetHighGreyLevelRunEmphasis; IBSI G3QZ) = Σ R(g,n)·g² / Nr. */
export function highGreyLevelRunEmphasis(m: RunLengthMatrix): number {
  let sum = 0;
  for (let e = 0; e < m.entries; e++) sum += m.runs[e] * (m.g[e] * m.g[e]);
  return sum / m.total;
}

/** ShortRunLowGreyLevelEmphasis (ITK; IBSI HTZT) = Σ R(g,n)/(g²·n²) / Nr. */
export function shortRunLowGreyLevelEmphasis(m: RunLengthMatrix): number {
  let sum = 0;
  for (let e = 0; e < m.entries; e++) sum += m.runs[e] / (m.g[e] * m.g[e] * (m.n[e] * m.n[e]));
  return sum / m.total;
}

/** ShortRunHighGreyLevelEmphasis (ITK; IBSI GD3A) = Σ R(g,n)·g²/n² / Nr. */
export function shortRunHighGreyLevelEmphasis(m: RunLengthMatrix): number {
  let sum = 0;
  for (let e = 0; e < m.entries; e++) sum += (m.runs[e] * (m.g[e] * m.g[e])) / (m.n[e] * m.n[e]);
  return sum / m.total;
}

/** LongRunLowGreyLevelEmphasis (ITK; IBSI IVPO) = Σ R(g,n)·n²/g² / Nr. */
export function longRunLowGreyLevelEmphasis(m: RunLengthMatrix): number {
  let sum = 0;
  for (let e = 0; e < m.entries; e++) sum += (m.runs[e] * (m.n[e] * m.n[e])) / (m.g[e] * m.g[e]);
  return sum / m.total;
}

/** LongRunHighGreyLevelEmphasis (ITK; IBSI 3KUM) = Σ R(g,n)·g²·n² / Nr. */
export function longRunHighGreyLevelEmphasis(m: RunLengthMatrix): number {
  let sum = 0;
  for (let e = 0; e < m.entries; e++) sum += m.runs[e] * (m.g[e] * m.g[e]) * (m.n[e] * m.n[e]);
  return sum / m.total;
}

const FEATURE_FUNCTIONS: ((m: RunLengthMatrix) => number)[] = [
  shortRunEmphasis,
  longRunEmphasis,
  greyLevelNonuniformity,
  runLengthNonuniformity,
  lowGreyLevelRunEmphasis,
  highGreyLevelRunEmphasis,
  shortRunLowGreyLevelEmphasis,
  shortRunHighGreyLevelEmphasis,
  longRunLowGreyLevelEmphasis,
  longRunHighGreyLevelEmphasis,
];

/** The 10 features of one direction; all NaN when there is no run (0/0, as ITK). */
export function glrlmDirectionFeatures(m: RunLengthMatrix): Float64Array {
  const out = new Float64Array(FEATURE_FUNCTIONS.length);
  for (let f = 0; f < out.length; f++) out[f] = m.total === 0 ? Number.NaN : FEATURE_FUNCTIONS[f](m);
  return out;
}

/** All 180 values of a case: 10 features × (4 angles + mean + SD) × 3 distances. */
export function computeGlrlm(input: FamilyInput): Float64Array {
  const { byDistance } = textureMatrices(input);
  // PyRadiomics deletes angles without runs before averaging
  const emptyDirections: EmptyDirections = input.options.convention === "pyradiomics" ? "skip" : input.options.emptyDirections;
  const nf = GLRLM_FEATURES.length;
  const nv = TEXTURE_VARIANTS.length;
  const values = new Float64Array(nf * nv);
  const angleIndex = IN_PLANE_ANGLES.map(angleDirectionIndex);
  TEXTURE_DISTANCES.forEach((d, di) => {
    const matrices = byDistance[di].map((m) => m.runLength);
    const features = matrices.map(glrlmDirectionFeatures);
    const nonEmpty = matrices.map((m) => m.total > 0);
    const base = di * 6;
    for (let f = 0; f < nf; f++) {
      const name = GLRLM_FEATURES[f];
      angleIndex.forEach((dir, a) => {
        const v = features[dir][f];
        values[f * nv + base + a] = v;
        if (!Number.isFinite(v)) {
          input.warn(`glrlm_${name}_${TEXTURE_VARIANTS[base + a].variant}`, `no run inside the ROI at offset ${offsetText(byDistance[di][dir].offset)}`);
        }
      });
      const { mean, sd } = directionMeanSd(
        features.map((x) => x[f]),
        nonEmpty,
        emptyDirections,
      );
      values[f * nv + base + 4] = mean;
      values[f * nv + base + 5] = sd;
      if (!Number.isFinite(mean)) warnAllDirections(input, `glrlm_${name}_AllDirection_offset${d}`, d, nonEmpty, emptyDirections);
    }
  });
  return values;
}

/** The GLRLM family module: 180 columns, feature-major (see directions.ts TEXTURE_VARIANTS). */
export const glrlmFamily: FamilyModule = {
  family: "glrlm",
  features: textureFeatureDefinitions("glrlm", GLRLM_FEATURES),
  compute: computeGlrlm,
};
