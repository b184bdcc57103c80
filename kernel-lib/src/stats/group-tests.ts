/**
 * The two-group tests of the baseline tables, as R gives them: Student and Welch t
 * (stats::t.test), Wilcoxon rank-sum with normal approximation (wilcox.test(exact = FALSE,
 * correct = TRUE)), Pearson χ² with and without Yates' correction (chisq.test) and Fisher's
 * exact test (fisher.test, 2×2 and r×c by full enumeration); and the group summaries.
 */
import { RadlabInputError } from "../errors.js";
import * as math from "../math.js";
import { chiSquareCdf, logGamma, normalCdf, studentTCdf } from "./distributions.js";

/** A t statistic with its degrees of freedom and two-sided p-value. */
export interface TTestResult {
  statistic: number;
  df: number;
  p: number;
}

/** Sample summary of one group: n, mean, SD (n − 1), median. */
export interface GroupSummary {
  n: number;
  mean: number;
  sd: number;
  median: number;
}

/** Wilcoxon rank-sum result: W = rank sum of the first group − n₁(n₁+1)/2, two-sided p. */
export interface WilcoxonResult {
  W: number;
  z: number;
  p: number;
}

/** Pearson χ² result on a contingency table. */
export interface ChiSquareResult {
  statistic: number;
  df: number;
  p: number;
  /** Smallest expected count, rowSum·colSum/n. */
  minExpected: number;
  /** Whether Yates' correction was applied (requested and the table is 2×2). */
  yatesApplied: boolean;
}

function finiteValues(values: readonly number[], what: string): number[] {
  const out: number[] = [];
  for (const v of values) if (v !== null && v !== undefined && Number.isFinite(v)) out.push(v);
  if (out.length === 0) throw new RadlabInputError(`${what}: no finite values`);
  return out;
}

/** Mean by R's two-pass rule: Σx/n, then corrected by the mean residual (summary.c). */
export function mean(values: readonly number[]): number {
  const n = values.length;
  let s = 0;
  for (const v of values) s += v;
  let m = s / n;
  if (Number.isFinite(m)) {
    let r = 0;
    for (const v of values) r += v - m;
    m += r / n;
  }
  return m;
}

/** Sample variance with divisor n − 1 (R: var). */
export function variance(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) return Number.NaN;
  const m = mean(values);
  let ss = 0;
  for (const v of values) ss += (v - m) * (v - m);
  return ss / (n - 1);
}

/** Median (R: median): the middle value, or the mean of the two middle values. */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return Number.NaN;
  const h = Math.floor(n / 2);
  return n % 2 === 1 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/** n, mean, SD and median of a group's finite values. */
export function summariseGroup(values: readonly number[]): GroupSummary {
  const v = values.filter((x) => Number.isFinite(x));
  return { n: v.length, mean: mean(v), sd: Math.sqrt(variance(v)), median: median(v) };
}

/**
 * Student's two-sample t-test with pooled variance (R: t.test(x, y, var.equal = TRUE)):
 * t = (x̄ − ȳ) / √(s²_p (1/n₁ + 1/n₂)), s²_p = ((n₁−1)s²_x + (n₂−1)s²_y)/(n₁+n₂−2).
 */
export function studentTTest(x: readonly number[], y: readonly number[]): TTestResult {
  const a = finiteValues(x, "t-test, first group");
  const b = finiteValues(y, "t-test, second group");
  if (a.length + b.length < 3) throw new RadlabInputError("t-test: not enough observations");
  const df = a.length + b.length - 2;
  let pooled = 0;
  if (a.length > 1) pooled += (a.length - 1) * variance(a);
  if (b.length > 1) pooled += (b.length - 1) * variance(b);
  pooled /= df;
  const se = Math.sqrt(pooled * (1 / a.length + 1 / b.length));
  const statistic = (mean(a) - mean(b)) / se;
  return { statistic, df, p: 2 * studentTCdf(-Math.abs(statistic), df) };
}

/**
 * Welch's two-sample t-test (R: t.test(x, y)): t = (x̄ − ȳ)/√(s²_x/n₁ + s²_y/n₂), with
 * Welch–Satterthwaite df = (a + b)² / (a²/(n₁−1) + b²/(n₂−1)), a = s²_x/n₁, b = s²_y/n₂.
 */
export function welchTTest(x: readonly number[], y: readonly number[]): TTestResult {
  const a = finiteValues(x, "Welch t-test, first group");
  const b = finiteValues(y, "Welch t-test, second group");
  if (a.length < 2 || b.length < 2) throw new RadlabInputError("Welch t-test: each group needs at least 2 observations");
  const sa = variance(a) / a.length;
  const sb = variance(b) / b.length;
  const se = Math.sqrt(sa + sb);
  const df = (se * se * se * se) / ((sa * sa) / (a.length - 1) + (sb * sb) / (b.length - 1));
  const statistic = (mean(a) - mean(b)) / se;
  return { statistic, df, p: 2 * studentTCdf(-Math.abs(statistic), df) };
}

/** Mid-ranks of values (ties get the mean rank, R: rank(ties.method = "average")), 1-based. */
export function midRanks(values: readonly number[]): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => values[i] - values[j]);
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]] === values[order[i]]) j++;
    const r = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) ranks[order[k]] = r;
    i = j + 1;
  }
  return ranks;
}

/**
 * Wilcoxon rank-sum (Mann–Whitney) test, normal approximation with tie and continuity
 * correction, two-sided (R: wilcox.test(x, y, exact = FALSE, correct = TRUE)):
 * z = (W − n₁n₂/2 − ½·sign) / √(n₁n₂/12 · ((n+1) − Σ(t³−t)/(n(n−1)))).
 */
export function wilcoxonRankSum(x: readonly number[], y: readonly number[], options: { correct?: boolean } = {}): WilcoxonResult {
  const a = finiteValues(x, "Wilcoxon test, first group");
  const b = finiteValues(y, "Wilcoxon test, second group");
  const n1 = a.length;
  const n2 = b.length;
  const all = [...a, ...b];
  const ranks = midRanks(all);
  let rankSum = 0;
  for (let i = 0; i < n1; i++) rankSum += ranks[i];
  const W = rankSum - (n1 * (n1 + 1)) / 2;
  const sorted = [...all].sort((u, v) => u - v);
  let tieTerm = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[i]) j++;
    const t = j - i + 1;
    tieTerm += t * t * t - t;
    i = j + 1;
  }
  const n = n1 + n2;
  let z = W - (n1 * n2) / 2;
  const sigma = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
  const correction = (options.correct ?? true) ? Math.sign(z) * 0.5 : 0;
  z = (z - correction) / sigma;
  const p = 2 * Math.min(normalCdf(z), normalCdf(z, true));
  return { W, z, p };
}

function validateTable(table: readonly (readonly number[])[], what: string): void {
  if (table.length < 2 || table[0].length < 2) throw new RadlabInputError(`${what}: the table needs at least 2 rows and 2 columns`);
  for (const row of table) {
    if (row.length !== table[0].length) throw new RadlabInputError(`${what}: rows of different length`);
    for (const v of row) if (!Number.isInteger(v) || v < 0) throw new RadlabInputError(`${what}: counts must be non-negative integers, got ${v}`);
  }
}

/** Row sums r_i, column sums c_j and total n of a contingency table. */
function tableMargins(table: readonly (readonly number[])[]): { rowSums: number[]; colSums: number[]; n: number } {
  const rowSums = table.map((r) => r.reduce((s, v) => s + v, 0));
  const colSums = table[0].map((_, j) => table.reduce((s, r) => s + r[j], 0));
  return { rowSums, colSums, n: rowSums.reduce((s, v) => s + v, 0) };
}

/**
 * Pearson's χ² test of independence (R: chisq.test(table, correct)): E = r_i c_j / n,
 * X² = Σ (|O − E| − Y)² / E with Y = min(½, |O − E|) (Yates) only for a 2×2 table and
 * correct = true; df = (r − 1)(c − 1).
 */
export function chiSquareTest(table: readonly (readonly number[])[], options: { correct?: boolean } = {}): ChiSquareResult {
  validateTable(table, "chi-square test");
  const nr = table.length;
  const nc = table[0].length;
  const { rowSums, colSums, n } = tableMargins(table);
  if (rowSums.some((s) => s === 0) || colSums.some((s) => s === 0)) {
    throw new RadlabInputError("chi-square test: a row or column of the table is all zero");
  }
  const yatesApplied = (options.correct ?? true) && nr === 2 && nc === 2;
  let statistic = 0;
  let minExpected = Number.POSITIVE_INFINITY;
  for (let i = 0; i < nr; i++) {
    for (let j = 0; j < nc; j++) {
      const e = (rowSums[i] * colSums[j]) / n;
      minExpected = Math.min(minExpected, e);
      const dev = Math.abs(table[i][j] - e);
      const yates = yatesApplied ? Math.min(0.5, dev) : 0;
      statistic += ((dev - yates) * (dev - yates)) / e;
    }
  }
  const df = (nr - 1) * (nc - 1);
  return { statistic, df, p: chiSquareCdf(statistic, df, true), minExpected, yatesApplied };
}

/** Upper bound on the number of tables Fisher's r×c enumeration visits before giving up. */
export const FISHER_MAX_TABLES = 20_000_000;

/**
 * Fisher's exact test, two-sided (R: fisher.test): the sum of the probabilities of all
 * tables with the observed margins whose probability is ≤ that of the observed table
 * (relative tolerance 1e-7, as R). Probability of a table under independence:
 * Π r_i! Π c_j! / (n! Π n_ij!). 2×2 tables sum over the hypergeometric support; r×c tables
 * are enumerated (an error if more than FISHER_MAX_TABLES).
 */
export function fisherExactTest(table: readonly (readonly number[])[]): { p: number } {
  validateTable(table, "Fisher's exact test");
  const nr = table.length;
  const nc = table[0].length;
  const { rowSums, colSums, n } = tableMargins(table);
  const logFact = new Float64Array(n + 1);
  for (let i = 2; i <= n; i++) logFact[i] = logGamma(i + 1);
  let constant = -logFact[n];
  for (const r of rowSums) constant += logFact[r];
  for (const c of colSums) constant += logFact[c];
  const logProb = (cells: number[][]): number => {
    let lp = constant;
    for (const row of cells) for (const v of row) lp -= logFact[v];
    return lp;
  };
  const observed = logProb(table.map((r) => [...r]));
  const relErr = 1 + 1e-7;
  const threshold = observed + math.log(relErr);

  if (nr === 2 && nc === 2) {
    // Hypergeometric support of the [0][0] cell: R's fisher.test 2×2 branch.
    const m = colSums[0];
    const k = rowSums[0];
    const lo = Math.max(0, k - (n - m));
    const hi = Math.min(k, m);
    let p = 0;
    for (let x = lo; x <= hi; x++) {
      const lp = logProb([
        [x, k - x],
        [m - x, n - m - k + x],
      ]);
      if (lp <= threshold) p += math.exp(lp);
    }
    return { p: Math.min(1, p) };
  }

  // r×c: fill the table column by column; the last row and the last column are implied.
  const cells = Array.from({ length: nr }, () => new Array<number>(nc).fill(0));
  const rowLeft = [...rowSums];
  let visited = 0;
  let p = 0;
  const fillColumn = (j: number): void => {
    if (j === nc - 1) {
      for (let i = 0; i < nr; i++) cells[i][j] = rowLeft[i];
      visited++;
      if (visited > FISHER_MAX_TABLES) {
        throw new RadlabInputError(`Fisher's exact test: the ${nr}×${nc} table with n = ${n} has too many tables to enumerate`);
      }
      const lp = logProb(cells);
      if (lp <= threshold) p += math.exp(lp);
      return;
    }
    const fillCell = (i: number, colLeft: number): void => {
      if (i === nr - 1) {
        if (colLeft > rowLeft[i]) return;
        cells[i][j] = colLeft;
        rowLeft[i] -= colLeft;
        fillColumn(j + 1);
        rowLeft[i] += colLeft;
        return;
      }
      // Later rows can absorb at most the sum of their remaining row totals.
      let laterCapacity = 0;
      for (let r = i + 1; r < nr; r++) laterCapacity += rowLeft[r];
      const lo = Math.max(0, colLeft - laterCapacity);
      const hi = Math.min(rowLeft[i], colLeft);
      for (let v = lo; v <= hi; v++) {
        cells[i][j] = v;
        rowLeft[i] -= v;
        fillCell(i + 1, colLeft - v);
        rowLeft[i] += v;
      }
    };
    fillCell(0, colSums[j]);
  };
  fillColumn(0);
  return { p: Math.min(1, p) };
}
