/**
 * The matrix shared by GLSZM (IBSI §3.8), GLDZM (§3.10) and NGLDM (§3.11): element m_ij counts
 * the zones (or neighbourhoods) with grey level i and size / distance / dependence count j.
 * Their 16–17 features are the same formulas on different matrices, so they live here, each a
 * named function with its formula; the families attach the IBSI tags.
 *
 * Notation: N_s = Σ_ij m_ij, N_v the number of ROI voxels, m_i. = Σ_j m_ij, m_.j = Σ_i m_ij,
 * p_ij = m_ij / N_s.
 */
import * as math from "../math.js";

/** A sparse grey level × j matrix, stored as its non-zero entries. */
export interface ZoneMatrix {
  /** Grey level i of each entry. */
  i: Float64Array;
  /** Size / distance / dependence count j of each entry. */
  j: Float64Array;
  /** m_ij of each entry. */
  count: Float64Array;
  /** N_s. */
  total: number;
  /** N_v: ROI voxels. */
  voxels: number;
  /** Distinct grey levels and m_i. for each. */
  rowLevels: Float64Array;
  rowSums: Float64Array;
  /** Distinct j and m_.j for each. */
  columnValues: Float64Array;
  columnSums: Float64Array;
}

/**
 * Builds the matrix from one (i, j) pair per zone or neighbourhood. `jLimit` bounds j
 * (exclusive), so that a pair packs into one number i·jLimit + j and sorting groups equal pairs.
 */
export function zoneMatrix(levels: ArrayLike<number>, js: ArrayLike<number>, jLimit: number, voxels: number): ZoneMatrix {
  const n = levels.length;
  let maxLevel = 0;
  for (let z = 0; z < n; z++) if (levels[z] > maxLevel) maxLevel = levels[z];
  // Integer keys sort fastest; fall back to doubles for a huge grey-level range.
  const keys = (maxLevel + 1) * jLimit < 2 ** 31 ? new Int32Array(n) : new Float64Array(n);
  for (let z = 0; z < n; z++) keys[z] = levels[z] * jLimit + js[z];
  keys.sort();
  const i: number[] = [];
  const j: number[] = [];
  const count: number[] = [];
  for (let z = 0; z < n; ) {
    const key = keys[z];
    let end = z + 1;
    while (end < n && keys[end] === key) end++;
    i.push(Math.floor(key / jLimit));
    j.push(key % jLimit);
    count.push(end - z);
    z = end;
  }
  const rows = marginal(i, count);
  const columns = marginal(j, count);
  return {
    i: Float64Array.from(i),
    j: Float64Array.from(j),
    count: Float64Array.from(count),
    total: n,
    voxels,
    rowLevels: rows.values,
    rowSums: rows.sums,
    columnValues: columns.values,
    columnSums: columns.sums,
  };
}

function marginal(index: number[], count: number[]): { values: Float64Array; sums: Float64Array } {
  const sums = new Map<number, number>();
  for (let e = 0; e < index.length; e++) sums.set(index[e], (sums.get(index[e]) ?? 0) + count[e]);
  const values = [...sums.keys()].sort((a, b) => a - b);
  return { values: Float64Array.from(values), sums: Float64Array.from(values.map((v) => sums.get(v) as number)) };
}

/** Σ over entries of m_ij · w(i, j), divided by N_s. */
function weightedMean(m: ZoneMatrix, weight: (i: number, j: number) => number): number {
  let sum = 0;
  for (let e = 0; e < m.count.length; e++) sum += m.count[e] * weight(m.i[e], m.j[e]);
  return sum / m.total;
}

/** Small (size/distance/dependence) emphasis (1/N_s) Σ_j m_.j / j². IBSI GLSZM 5QRC, GLDZM 0GBI, NGLDM SODN. */
export function smallEmphasis(m: ZoneMatrix): number {
  return weightedMean(m, (_i, j) => 1 / (j * j));
}

/** Large emphasis (1/N_s) Σ_j j² m_.j. IBSI GLSZM 48P8, GLDZM MB4I, NGLDM IMOQ. */
export function largeEmphasis(m: ZoneMatrix): number {
  return weightedMean(m, (_i, j) => j * j);
}

/** Low grey level emphasis (1/N_s) Σ_i m_i. / i². IBSI GLSZM XMSY, GLDZM S1RA, NGLDM TL9H. */
export function lowGreyLevelEmphasis(m: ZoneMatrix): number {
  return weightedMean(m, (i) => 1 / (i * i));
}

/** High grey level emphasis (1/N_s) Σ_i i² m_i.. IBSI GLSZM 5GN9, GLDZM K26C, NGLDM OAE7. */
export function highGreyLevelEmphasis(m: ZoneMatrix): number {
  return weightedMean(m, (i) => i * i);
}

/** Small-j low grey level emphasis (1/N_s) Σ m_ij / (i² j²). IBSI GLSZM 5RAI, GLDZM RUVG, NGLDM EQ3F. */
export function smallLowGreyLevelEmphasis(m: ZoneMatrix): number {
  return weightedMean(m, (i, j) => 1 / (i * i * j * j));
}

/** Small-j high grey level emphasis (1/N_s) Σ i² m_ij / j². IBSI GLSZM HW1V, GLDZM DKNJ, NGLDM JA6D. */
export function smallHighGreyLevelEmphasis(m: ZoneMatrix): number {
  return weightedMean(m, (i, j) => (i * i) / (j * j));
}

/** Large-j low grey level emphasis (1/N_s) Σ j² m_ij / i². IBSI GLSZM YH51, GLDZM A7WM, NGLDM NBZI. */
export function largeLowGreyLevelEmphasis(m: ZoneMatrix): number {
  return weightedMean(m, (i, j) => (j * j) / (i * i));
}

/** Large-j high grey level emphasis (1/N_s) Σ i² j² m_ij. IBSI GLSZM J17V, GLDZM KLTH, NGLDM 9QMG. */
export function largeHighGreyLevelEmphasis(m: ZoneMatrix): number {
  return weightedMean(m, (i, j) => i * i * j * j);
}

function sumOfSquares(values: Float64Array): number {
  let sum = 0;
  for (let n = 0; n < values.length; n++) sum += values[n] * values[n];
  return sum;
}

/** Grey level non-uniformity (1/N_s) Σ_i m_i.². IBSI GLSZM JNSA, GLDZM VFT7, NGLDM FP8K. */
export function greyLevelNonUniformity(m: ZoneMatrix): number {
  return sumOfSquares(m.rowSums) / m.total;
}

/** Normalised grey level non-uniformity (1/N_s²) Σ_i m_i.². IBSI GLSZM Y1RO, GLDZM 7HP3, NGLDM 5SPA. */
export function greyLevelNonUniformityNormalised(m: ZoneMatrix): number {
  return sumOfSquares(m.rowSums) / (m.total * m.total);
}

/** Size / distance / dependence count non-uniformity (1/N_s) Σ_j m_.j². IBSI GLSZM 4JP3, GLDZM V294, NGLDM Z87G. */
export function jNonUniformity(m: ZoneMatrix): number {
  return sumOfSquares(m.columnSums) / m.total;
}

/** Its normalised form (1/N_s²) Σ_j m_.j². IBSI GLSZM VB3A, GLDZM IATH, NGLDM OKJI. */
export function jNonUniformityNormalised(m: ZoneMatrix): number {
  return sumOfSquares(m.columnSums) / (m.total * m.total);
}

/** Zone (dependence count) percentage N_s / N_v. IBSI GLSZM P30P, GLDZM VIWW, NGLDM 6XV8. */
export function percentage(m: ZoneMatrix): number {
  return m.total / m.voxels;
}

/** Variance of a marginal: Σ_x (x − μ)² p_x with μ = Σ_x x p_x, p_x = sums_x / N_s. */
function marginalVariance(values: Float64Array, sums: Float64Array, total: number): number {
  let mean = 0;
  for (let n = 0; n < values.length; n++) mean += (values[n] * sums[n]) / total;
  let variance = 0;
  for (let n = 0; n < values.length; n++) variance += (values[n] - mean) ** 2 * (sums[n] / total);
  return variance;
}

/** Grey level variance Σ_ij (i − μ)² p_ij, μ = Σ_ij i p_ij. IBSI GLSZM BYLV, GLDZM QK93, NGLDM 1PFV. */
export function greyLevelVariance(m: ZoneMatrix): number {
  return marginalVariance(m.rowLevels, m.rowSums, m.total);
}

/** Size / distance / dependence count variance Σ_ij (j − μ)² p_ij, μ = Σ_ij j p_ij. IBSI GLSZM 3NSA, GLDZM 7WT1, NGLDM DNX2. */
export function jVariance(m: ZoneMatrix): number {
  return marginalVariance(m.columnValues, m.columnSums, m.total);
}

/** Entropy −Σ_ij p_ij log2 p_ij. IBSI GLSZM GU8N, GLDZM GBDU, NGLDM FCBV. */
export function matrixEntropy(m: ZoneMatrix): number {
  let sum = 0;
  for (let e = 0; e < m.count.length; e++) {
    const p = m.count[e] / m.total;
    sum -= p * math.log2(p);
  }
  return sum;
}

/** Energy Σ_ij p_ij². IBSI NGLDM CAS9. */
export function matrixEnergy(m: ZoneMatrix): number {
  let sum = 0;
  for (let e = 0; e < m.count.length; e++) {
    const p = m.count[e] / m.total;
    sum += p * p;
  }
  return sum;
}
