/**
 * `ngtdm`: neighbourhood grey tone difference matrix features (IBSI 1 §3.9, family IPET), 3D
 * (KOBO), Chebyshev distance 1. For ROI voxel k of level i, X̄_k is the mean level of its W_k
 * neighbours inside the ROI (of 26); voxels with W_k = 0 have no valid neighbourhood and are
 * left out. n_i counts the valid voxels of level i, s_i = Σ_k |i − X̄_k| over them,
 * N_vc = Σ n_i, p_i = n_i / N_vc, N_gp = #{i : p_i > 0}. Sums over i, j run over p > 0 only.
 *
 * Convention `pyradiomics` (ngtdm.py): a voxel without ROI neighbours still counts in n_i (with
 * difference 0), so N_vc = N_v; undefined ratios give PyRadiomics' 0 (busyness) instead of NaN.
 */
import { defineFamily, type FeatureSpec } from "./family-kit.js";
import type { FamilyInput } from "./types.js";
import { neighbourCounts, paddedLevels } from "./zones.js";

/** The NGTDM of a case, restricted to the grey levels with p_i > 0. */
export interface ToneDifferenceMatrix {
  /** Grey levels i with n_i > 0, ascending. */
  level: Float64Array;
  /** p_i of each. */
  p: Float64Array;
  /** s_i of each. */
  s: Float64Array;
  /** N_vc. */
  validVoxels: number;
}

/** Builds the NGTDM (26 neighbours, only ROI neighbours averaged). */
export function toneDifferenceMatrix(input: FamilyInput): ToneDifferenceMatrix {
  const { levels, roi } = paddedLevels(input);
  const { inRoi, levelSum } = neighbourCounts(input);
  const countIsolated = input.options.convention === "pyradiomics";
  const n = new Float64Array(input.ng + 1);
  const s = new Float64Array(input.ng + 1);
  for (let r = 0; r < roi.length; r++) {
    const g = levels[roi[r]];
    const w = inRoi[r];
    if (w > 0) {
      n[g]++;
      s[g] += Math.abs(g - levelSum[r] / w);
    } else if (countIsolated) n[g]++;
  }
  const level: number[] = [];
  const counts: number[] = [];
  const diffs: number[] = [];
  let validVoxels = 0;
  for (let g = 1; g <= input.ng; g++) {
    if (n[g] === 0) continue;
    level.push(g);
    counts.push(n[g]);
    diffs.push(s[g]);
    validVoxels += n[g];
  }
  return {
    level: Float64Array.from(level),
    p: Float64Array.from(counts, (c) => c / validVoxels),
    s: Float64Array.from(diffs),
    validVoxels,
  };
}

/** NaN with a warning when no ROI voxel has a ROI neighbour (N_vc = 0): p_i is undefined. */
function needsNeighbours(m: ToneDifferenceMatrix, input: FamilyInput, column: string): boolean {
  if (m.validVoxels > 0) return true;
  input.warn(column, "undefined: no ROI voxel has a neighbour inside the ROI");
  return false;
}

/** Coarseness 1 / Σ_i p_i s_i, set to 10⁶ when the sum is 0 (IBSI's cap). IBSI QCDE. */
function coarseness(m: ToneDifferenceMatrix, input: FamilyInput): number {
  if (!needsNeighbours(m, input, "ngtdm_Coarseness")) return Number.NaN;
  let sum = 0;
  for (let a = 0; a < m.p.length; a++) sum += m.p[a] * m.s[a];
  return sum === 0 ? 1e6 : 1 / sum;
}

/**
 * Contrast [1/(N_gp(N_gp − 1)) Σ_i Σ_j p_i p_j (i − j)²] · [(1/N_vc) Σ_i s_i]; 0 when N_gp = 1
 * (IBSI's definition). IBSI 65HE.
 */
function contrast(m: ToneDifferenceMatrix, input: FamilyInput): number {
  if (!needsNeighbours(m, input, "ngtdm_Contrast")) return Number.NaN;
  const ngp = m.p.length;
  if (ngp === 1) return 0;
  let spread = 0;
  let sumS = 0;
  for (let a = 0; a < ngp; a++) {
    sumS += m.s[a];
    for (let b = 0; b < ngp; b++) spread += m.p[a] * m.p[b] * (m.level[a] - m.level[b]) ** 2;
  }
  return (spread / (ngp * (ngp - 1))) * (sumS / m.validVoxels);
}

/**
 * Busyness Σ_i p_i s_i / Σ_i Σ_j |i p_i − j p_j|; 0 when N_gp = 1 (IBSI's definition). NaN when
 * the denominator is 0 for N_gp > 1 (PyRadiomics: 0). IBSI NQ30.
 */
function busyness(m: ToneDifferenceMatrix, input: FamilyInput): number {
  if (!needsNeighbours(m, input, "ngtdm_Busyness")) return Number.NaN;
  const ngp = m.p.length;
  if (ngp === 1) return 0;
  let numerator = 0;
  let denominator = 0;
  for (let a = 0; a < ngp; a++) {
    numerator += m.p[a] * m.s[a];
    for (let b = 0; b < ngp; b++) denominator += Math.abs(m.level[a] * m.p[a] - m.level[b] * m.p[b]);
  }
  if (denominator === 0) {
    if (input.options.convention === "pyradiomics") return 0;
    input.warn("ngtdm_Busyness", "undefined: i·p_i is the same for every grey level, so the denominator is 0");
    return Number.NaN;
  }
  return numerator / denominator;
}

/** Complexity (1/N_vc) Σ_i Σ_j |i − j| (p_i s_i + p_j s_j) / (p_i + p_j). IBSI HDEZ. */
function complexity(m: ToneDifferenceMatrix, input: FamilyInput): number {
  if (!needsNeighbours(m, input, "ngtdm_Complexity")) return Number.NaN;
  let sum = 0;
  for (let a = 0; a < m.p.length; a++) {
    for (let b = 0; b < m.p.length; b++) {
      sum += (Math.abs(m.level[a] - m.level[b]) * (m.p[a] * m.s[a] + m.p[b] * m.s[b])) / (m.p[a] + m.p[b]);
    }
  }
  return sum / m.validVoxels;
}

/** Strength Σ_i Σ_j (p_i + p_j)(i − j)² / Σ_i s_i; 0 when Σ s_i = 0 (IBSI's definition). IBSI 1X9X. */
function strength(m: ToneDifferenceMatrix, input: FamilyInput): number {
  if (!needsNeighbours(m, input, "ngtdm_Strength")) return Number.NaN;
  let numerator = 0;
  let sumS = 0;
  for (let a = 0; a < m.p.length; a++) {
    sumS += m.s[a];
    for (let b = 0; b < m.p.length; b++) numerator += (m.p[a] + m.p[b]) * (m.level[a] - m.level[b]) ** 2;
  }
  return sumS === 0 ? 0 : numerator / sumS;
}

const NGTDM_SPECS: FeatureSpec<ToneDifferenceMatrix>[] = [
  { feature: "Coarseness", ibsi: { tag: "QCDE", feature: "Coarseness" }, pyradiomics: "ngtdm_Coarseness", value: coarseness },
  { feature: "Contrast", ibsi: { tag: "65HE", feature: "Contrast" }, pyradiomics: "ngtdm_Contrast", value: contrast },
  { feature: "Busyness", ibsi: { tag: "NQ30", feature: "Busyness" }, pyradiomics: "ngtdm_Busyness", value: busyness },
  { feature: "Complexity", ibsi: { tag: "HDEZ", feature: "Complexity" }, pyradiomics: "ngtdm_Complexity", value: complexity },
  { feature: "Strength", ibsi: { tag: "1X9X", feature: "Strength" }, pyradiomics: "ngtdm_Strength", value: strength },
];

/** The `ngtdm` family (5 features). */
export const ngtdmFamily = defineFamily<ToneDifferenceMatrix>({
  family: "ngtdm",
  ibsiFamily: "Neighbourhood grey tone difference based features",
  ibsiAggregation: "3D",
  specs: NGTDM_SPECS,
  summarise: toneDifferenceMatrix,
});
