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
import { offsetText, textureFeatureDefinitions, textureVariantColumns } from "./directions.js";
import { type RunLengthMatrix, textureMatrices } from "./texture-block.js";
import type { FamilyInput, FamilyModule } from "./types.js";

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

/**
 * Run-length matrices of several directions, their non-zero entries concatenated (each in
 * ITK's order, grey level fastest). Every feature function computes all directions in one
 * call, as PyRadiomics does over its angle axis: one hot loop per feature.
 */
export interface RunLengthSet {
  /** Number of matrices (directions). */
  count: number;
  ng: number;
  maxRun: number;
  /** Entries of matrix d: start[d] ≤ e < start[d + 1]. */
  start: Int32Array;
  /** Grey level g (1..ng) of each entry. */
  g: Int32Array;
  /** Run length n (voxels) of each entry. */
  n: Int32Array;
  /** R(g, n) of each entry. */
  runs: Float64Array;
  /** Per matrix: Nr = Σ R. */
  total: Float64Array;
  /** Σ_n R(g, n) of matrix d at d·ng + g − 1. */
  runsPerLevel: Float64Array;
  /** Σ_g R(g, n) of matrix d at d·maxRun + n − 1. */
  runsPerLength: Float64Array;
}

/** Concatenates run-length matrices (all of one case: same ng and maxRun) into a set. */
export function runLengthSet(matrices: RunLengthMatrix[]): RunLengthSet {
  const count = matrices.length;
  const ng = count > 0 ? matrices[0].runsPerLevel.length : 0;
  const maxRun = count > 0 ? matrices[0].runsPerLength.length : 0;
  const start = new Int32Array(count + 1);
  matrices.forEach((m, d) => {
    start[d + 1] = start[d] + m.entries;
  });
  const set: RunLengthSet = {
    count,
    ng,
    maxRun,
    start,
    g: new Int32Array(start[count]),
    n: new Int32Array(start[count]),
    runs: new Float64Array(start[count]),
    total: Float64Array.from(matrices, (m) => m.total),
    runsPerLevel: new Float64Array(count * ng),
    runsPerLength: new Float64Array(count * maxRun),
  };
  matrices.forEach((m, d) => {
    set.g.set(m.g, start[d]);
    set.n.set(m.n, start[d]);
    set.runs.set(m.runs, start[d]);
    set.runsPerLevel.set(m.runsPerLevel, d * ng);
    set.runsPerLength.set(m.runsPerLength, d * maxRun);
  });
  return set;
}

// Each emphasis keeps its own inlined loop: a shared loop with a weight callback costs a call per entry.

/** ShortRunEmphasis (ITK GetShortRunEmphasis; IBSI 22OV) = Σ R(g,n)/n² / Nr. */
export function shortRunEmphasis(m: RunLengthSet, out: Float64Array): void {
  const { n, runs, start } = m;
  for (let d = 0; d < m.count; d++) {
    let sum = 0;
    for (let e = start[d]; e < start[d + 1]; e++) sum += runs[e] / (n[e] * n[e]);
    out[d] = sum / m.total[d];
  }
}

/** LongRunEmphasis (ITK GetLongRunEmphasis; IBSI W4KF) = Σ R(g,n)·n² / Nr. */
export function longRunEmphasis(m: RunLengthSet, out: Float64Array): void {
  const { n, runs, start } = m;
  for (let d = 0; d < m.count; d++) {
    let sum = 0;
    for (let e = start[d]; e < start[d + 1]; e++) sum += runs[e] * (n[e] * n[e]);
    out[d] = sum / m.total[d];
  }
}

/**
 * GreyLevelNonuniformity (ITK GetGreyLevelNonuniformity; IBSI R5YN) = Σ_g (Σ_n R(g,n))² / Nr.
 * Not normalised by Nr² (that would be IBSI's normalised variant OVBL).
 */
export function greyLevelNonuniformity(m: RunLengthSet, out: Float64Array): void {
  sumOfSquares(m.runsPerLevel, m.ng, m.total, out);
}

/** RunLengthNonuniformity (ITK GetRunLengthNonuniformity; IBSI W92Y) = Σ_n (Σ_g R(g,n))² / Nr. */
export function runLengthNonuniformity(m: RunLengthSet, out: Float64Array): void {
  sumOfSquares(m.runsPerLength, m.maxRun, m.total, out);
}

/** out[d] = Σ x[d·width + k]² / total[d]. */
function sumOfSquares(x: Float64Array, width: number, total: Float64Array, out: Float64Array): void {
  for (let d = 0; d < total.length; d++) {
    let sum = 0;
    for (let k = d * width; k < (d + 1) * width; k++) sum += x[k] * x[k];
    out[d] = sum / total[d];
  }
}

/** LowGreyLevelRunEmphasis (ITK GetLowGreyLevelRunEmphasis; IBSI V3SW) = Σ R(g,n)/g² / Nr. */
export function lowGreyLevelRunEmphasis(m: RunLengthSet, out: Float64Array): void {
  const { g, runs, start } = m;
  for (let d = 0; d < m.count; d++) {
    let sum = 0;
    for (let e = start[d]; e < start[d + 1]; e++) sum += runs[e] / (g[e] * g[e]);
    out[d] = sum / m.total[d];
  }
}

/** HighGreyLevelRunEmphasis (ITK GetHighGreyLevelRunEmphasis; IBSI G3QZ) = Σ R(g,n)·g² / Nr. */
export function highGreyLevelRunEmphasis(m: RunLengthSet, out: Float64Array): void {
  const { g, runs, start } = m;
  for (let d = 0; d < m.count; d++) {
    let sum = 0;
    for (let e = start[d]; e < start[d + 1]; e++) sum += runs[e] * (g[e] * g[e]);
    out[d] = sum / m.total[d];
  }
}

/** ShortRunLowGreyLevelEmphasis (ITK; IBSI HTZT) = Σ R(g,n)/(g²·n²) / Nr. */
export function shortRunLowGreyLevelEmphasis(m: RunLengthSet, out: Float64Array): void {
  const { g, n, runs, start } = m;
  for (let d = 0; d < m.count; d++) {
    let sum = 0;
    for (let e = start[d]; e < start[d + 1]; e++) sum += runs[e] / (g[e] * g[e] * (n[e] * n[e]));
    out[d] = sum / m.total[d];
  }
}

/** ShortRunHighGreyLevelEmphasis (ITK; IBSI GD3A) = Σ R(g,n)·g²/n² / Nr. */
export function shortRunHighGreyLevelEmphasis(m: RunLengthSet, out: Float64Array): void {
  const { g, n, runs, start } = m;
  for (let d = 0; d < m.count; d++) {
    let sum = 0;
    for (let e = start[d]; e < start[d + 1]; e++) sum += (runs[e] * (g[e] * g[e])) / (n[e] * n[e]);
    out[d] = sum / m.total[d];
  }
}

/** LongRunLowGreyLevelEmphasis (ITK; IBSI IVPO) = Σ R(g,n)·n²/g² / Nr. */
export function longRunLowGreyLevelEmphasis(m: RunLengthSet, out: Float64Array): void {
  const { g, n, runs, start } = m;
  for (let d = 0; d < m.count; d++) {
    let sum = 0;
    for (let e = start[d]; e < start[d + 1]; e++) sum += (runs[e] * (n[e] * n[e])) / (g[e] * g[e]);
    out[d] = sum / m.total[d];
  }
}

/** LongRunHighGreyLevelEmphasis (ITK; IBSI 3KUM) = Σ R(g,n)·g²·n² / Nr. */
export function longRunHighGreyLevelEmphasis(m: RunLengthSet, out: Float64Array): void {
  const { g, n, runs, start } = m;
  for (let d = 0; d < m.count; d++) {
    let sum = 0;
    for (let e = start[d]; e < start[d + 1]; e++) sum += runs[e] * (g[e] * g[e]) * (n[e] * n[e]);
    out[d] = sum / m.total[d];
  }
}

const FEATURE_FUNCTIONS: ((m: RunLengthSet, out: Float64Array) => void)[] = [
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

/** The 10 features of every matrix of a set: features[f][d]; NaN where a matrix has no run (0/0, as ITK). */
export function glrlmFeatures(set: RunLengthSet): Float64Array[] {
  return FEATURE_FUNCTIONS.map((feature) => {
    const out = new Float64Array(set.count);
    feature(set, out);
    for (let d = 0; d < set.count; d++) if (set.total[d] === 0) out[d] = Number.NaN;
    return out;
  });
}

/** All 180 values of a case: 10 features × (4 angles + mean + SD) × 3 distances. */
export function computeGlrlm(input: FamilyInput): Float64Array {
  const { byDistance } = textureMatrices(input);
  return textureVariantColumns({
    input,
    family: "glrlm",
    features: GLRLM_FEATURES,
    perDirection: glrlmFeatures(runLengthSet(byDistance.flat().map((m) => m.runLength))),
    nonEmpty: byDistance.map((directions) => directions.map((m) => m.runLength.total > 0)),
    // PyRadiomics deletes angles without runs before averaging
    emptyDirections: input.options.convention === "pyradiomics" ? "skip" : input.options.emptyDirections,
    warnDirection: (column, offset) => input.warn(column, `no run inside the ROI at offset ${offsetText(offset)}`),
  });
}

/** The GLRLM family module: 180 columns, feature-major (see directions.ts TEXTURE_VARIANTS). */
export const glrlmFamily: FamilyModule = {
  family: "glrlm",
  features: textureFeatureDefinitions("glrlm", GLRLM_FEATURES),
  compute: computeGlrlm,
};
