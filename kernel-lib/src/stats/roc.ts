/**
 * ROC analysis with pROC's conventions (pROC 1.18): controls = outcome 0, cases = outcome 1,
 * direction "<" (a patient is positive when score ≥ threshold; thresholds lie between
 * observed scores, so this equals score > threshold). AUC = Mann–Whitney with ties ½;
 * DeLong variance var(V10)/n₁ + var(V01)/n₀ (sample variances) and a normal 95% interval
 * truncated to [0, 1] (pROC ci.auc(method = "delong")); thresholds −Inf, midpoints of sorted
 * unique scores, +Inf (pROC roc.utils.thresholds); Youden's J = sens + spec − 1, all tied
 * maxima returned (pROC coords(x = "best")); sensitivity/specificity with exact
 * Clopper–Pearson intervals (R binom.test); paired DeLong test of two correlated curves
 * (pROC roc.test(method = "delong", paired = TRUE)).
 */
import { RadlabInputError } from "../errors.js";
import { betaQuantile, normalQuantile, twoSidedNormalP } from "./distributions.js";

/** Options shared by the ROC functions. */
export interface RocOptions {
  /** Score per patient (e.g. the Rad-score); larger means more likely a case. */
  scores: readonly number[];
  /** Outcome per patient: 1 = case, 0 = control. */
  outcome: readonly number[];
  /** Confidence level of the AUC and sensitivity/specificity intervals (default 0.95). */
  confLevel?: number;
}

/** An interval with its confidence level. */
export interface ConfidenceInterval {
  low: number;
  high: number;
  level: number;
}

/** The classification of patients at one threshold (positive if score ≥ threshold). */
export interface ThresholdPerformance {
  threshold: number;
  sensitivity: number;
  specificity: number;
  accuracy: number;
  /** Positive predictive value TP/(TP + FP); NaN when nobody is positive. */
  ppv: number;
  /** Negative predictive value TN/(TN + FN); NaN when nobody is negative. */
  npv: number;
  tp: number;
  tn: number;
  fp: number;
  fn: number;
  youdenJ: number;
  /** Clopper–Pearson interval of the sensitivity TP/(TP + FN). */
  sensitivityCi: ConfidenceInterval;
  /** Clopper–Pearson interval of the specificity TN/(TN + FP). */
  specificityCi: ConfidenceInterval;
}

/** A full ROC analysis of one score in one group of patients, JSON-serialisable. */
export interface RocResult {
  nCases: number;
  nControls: number;
  auc: number;
  /** DeLong variance of the AUC. */
  aucVariance: number;
  /** DeLong interval of the AUC, truncated to [0, 1]. */
  aucCi: ConfidenceInterval;
  /**
   * Thresholds in increasing order: first −Inf and last +Inf, written as null so the result
   * stays JSON (as the R reference); in between midpoints of consecutive unique scores.
   */
  thresholds: (number | null)[];
  /** Sensitivity at each threshold (1 … 0). */
  sensitivities: number[];
  /** Specificity at each threshold (0 … 1). */
  specificities: number[];
  /** Youden-optimal thresholds (all ties, in increasing threshold order). */
  youden: ThresholdPerformance[];
  settings: { direction: "<"; controls: 0; cases: 1; confLevel: number };
}

/** DeLong placement values of one curve (pROC delongPlacementsCpp). */
export interface DelongPlacements {
  /** AUC θ = Σ V10 / n₁. */
  theta: number;
  /** V10: for each case, the fraction of controls below it (ties ½). */
  cases: Float64Array;
  /** V01: for each control, 1 − the fraction of cases below it (ties ½). */
  controls: Float64Array;
}

function checkInput(scores: readonly number[], outcome: readonly number[], what: string): { cases: number[]; controls: number[] } {
  if (scores.length !== outcome.length) {
    throw new RadlabInputError(`${what}: ${scores.length} scores but ${outcome.length} outcomes`);
  }
  const cases: number[] = [];
  const controls: number[] = [];
  scores.forEach((s, i) => {
    const y = outcome[i];
    if (y !== 0 && y !== 1) throw new RadlabInputError(`${what}: outcome of patient ${i + 1} is ${y}, not 0 or 1`);
    if (Number.isNaN(s)) throw new RadlabInputError(`${what}: the score of patient ${i + 1} is NaN`);
    (y === 1 ? cases : controls).push(s);
  });
  if (cases.length === 0 || controls.length === 0) {
    throw new RadlabInputError(`${what}: needs both classes, got ${cases.length} cases and ${controls.length} controls`);
  }
  return { cases, controls };
}

/**
 * DeLong placements in one pass over the sorted scores (pROC delongPlacementsCpp): a case's
 * placement is (controls below + ½ controls tied)/n₀, a control's is 1 − (cases below + ½
 * cases tied)/n₁.
 */
export function delongPlacements(cases: readonly number[], controls: readonly number[]): DelongPlacements {
  const m = cases.length;
  const n = controls.length;
  const all = [...cases.map((v, i) => ({ v, i, isCase: true })), ...controls.map((v, i) => ({ v, i, isCase: false }))];
  all.sort((a, b) => a.v - b.v);
  const v10 = new Float64Array(m);
  const v01 = new Float64Array(n);
  let casesBelow = 0;
  let controlsBelow = 0;
  let sum = 0;
  for (let k = 0; k < all.length; ) {
    let end = k;
    while (end + 1 < all.length && all[end + 1].v === all[k].v) end++;
    let tiedCases = 0;
    let tiedControls = 0;
    for (let t = k; t <= end; t++) {
      if (all[t].isCase) tiedCases++;
      else tiedControls++;
    }
    for (let t = k; t <= end; t++) {
      const e = all[t];
      if (e.isCase) {
        const placement = controlsBelow + tiedControls / 2;
        sum += placement;
        v10[e.i] = placement / n;
      } else v01[e.i] = 1 - (casesBelow + tiedCases / 2) / m;
    }
    casesBelow += tiedCases;
    controlsBelow += tiedControls;
    k = end + 1;
  }
  return { theta: sum / (m * n), cases: v10, controls: v01 };
}

function sampleCovariance(a: Float64Array, b: Float64Array, ma: number, mb: number): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - ma) * (b[i] - mb);
  return s / (a.length - 1);
}

/**
 * AUC and its DeLong variance S = S10/n₁ + S01/n₀ with S10, S01 the sample variances of the
 * placements (pROC ci.auc.delong); interval θ ± z_{(1+level)/2}·√S truncated to [0, 1].
 */
export function aucDelong(options: RocOptions): { auc: number; variance: number; ci: ConfidenceInterval } {
  const { cases, controls } = checkInput(options.scores, options.outcome, "AUC");
  const level = options.confLevel ?? 0.95;
  const pl = delongPlacements(cases, controls);
  const m = cases.length;
  const n = controls.length;
  // With one case or one control the variance is undefined (pROC returns NA).
  const variance =
    m > 1 && n > 1
      ? sampleCovariance(pl.cases, pl.cases, pl.theta, pl.theta) / m + sampleCovariance(pl.controls, pl.controls, pl.theta, pl.theta) / n
      : Number.NaN;
  const sd = Math.sqrt(variance);
  const low = pl.theta + normalQuantile((1 - level) / 2) * sd;
  const high = pl.theta + normalQuantile(1 - (1 - level) / 2) * sd;
  return { auc: pl.theta, variance, ci: { low: Math.max(0, Math.min(1, low)), high: Math.min(1, Math.max(0, high)), level } };
}

/**
 * Exact (Clopper–Pearson) interval of a proportion x/n (R: binom.test(x, n)$conf.int):
 * [B⁻¹(α/2; x, n − x + 1), B⁻¹(1 − α/2; x + 1, n − x)], 0 and 1 at the edges.
 */
export function clopperPearson(x: number, n: number, confLevel = 0.95): ConfidenceInterval {
  if (!Number.isInteger(x) || !Number.isInteger(n) || x < 0 || n < 1 || x > n) {
    throw new RadlabInputError(`Clopper–Pearson interval: needs integers 0 ≤ x ≤ n, n ≥ 1; got x = ${x}, n = ${n}`);
  }
  const alpha = 1 - confLevel;
  const low = x === 0 ? 0 : betaQuantile(alpha / 2, x, n - x + 1);
  const high = x === n ? 1 : betaQuantile(1 - alpha / 2, x + 1, n - x);
  return { low, high, level: confLevel };
}

function performanceFromCounts(threshold: number, tp: number, fn: number, tn: number, fp: number, level: number): ThresholdPerformance {
  const sensitivity = tp / (tp + fn);
  const specificity = tn / (tn + fp);
  return {
    threshold,
    sensitivity,
    specificity,
    accuracy: (tp + tn) / (tp + tn + fp + fn),
    ppv: tp / (tp + fp),
    npv: tn / (tn + fn),
    tp,
    tn,
    fp,
    fn,
    youdenJ: sensitivity + specificity - 1,
    sensitivityCi: clopperPearson(tp, tp + fn, level),
    specificityCi: clopperPearson(tn, tn + fp, level),
  };
}

/**
 * Classifies patients at a given threshold, positive if score ≥ threshold (pROC coords(x =
 * threshold, input = "threshold") with direction "<"): the way a cut-off chosen on training
 * is applied to validation.
 */
export function classifyAtThreshold(options: RocOptions & { threshold: number }): ThresholdPerformance {
  const { cases, controls } = checkInput(options.scores, options.outcome, "classification at a threshold");
  const t = options.threshold;
  if (Number.isNaN(t)) throw new RadlabInputError("classification at a threshold: the threshold is NaN");
  const tp = cases.filter((s) => s >= t).length;
  const tn = controls.filter((s) => s < t).length;
  return performanceFromCounts(t, tp, cases.length - tp, tn, controls.length - tn, options.confLevel ?? 0.95);
}

/**
 * pROC's thresholds: −Inf, (u_i + u_{i+1})/2 for consecutive sorted unique scores, +Inf
 * (halves added separately beyond 1e100 to avoid overflow; a midpoint that rounds onto the
 * lower score is moved to the upper one, as pROC's near-tie fix for direction "<").
 */
export function rocThresholds(uniqueSorted: readonly number[]): number[] {
  const k = uniqueSorted.length;
  const out = [Number.NEGATIVE_INFINITY];
  for (let i = 0; i + 1 < k; i++) {
    const lo = uniqueSorted[i];
    const hi = uniqueSorted[i + 1];
    let mid = (lo + hi) / 2;
    if (Math.abs(mid) > 1e100 || !Number.isFinite(mid)) mid = lo / 2 + hi / 2;
    if (mid === lo) mid = hi;
    out.push(mid);
  }
  out.push(Number.POSITIVE_INFINITY);
  return out;
}

/**
 * The ROC curve of a score: AUC with DeLong variance and interval, the curve at pROC's
 * thresholds, and the Youden-optimal threshold(s) with their classification (pROC roc(),
 * ci.auc(), coords(x = "best", best.method = "youden")).
 */
export function rocCurve(options: RocOptions): RocResult {
  const { cases, controls } = checkInput(options.scores, options.outcome, "ROC curve");
  const level = options.confLevel ?? 0.95;
  const auc = aucDelong(options);
  const unique = [...new Set([...cases, ...controls])].sort((a, b) => a - b);
  const thresholds = rocThresholds(unique);
  // Counts of cases/controls at or above each unique score, by a merge over sorted lists.
  const sortedCases = [...cases].sort((a, b) => a - b);
  const sortedControls = [...controls].sort((a, b) => a - b);
  const m = cases.length;
  const n = controls.length;
  const sensitivities: number[] = [];
  const specificities: number[] = [];
  const tps: number[] = [];
  const tns: number[] = [];
  let ic = 0;
  let jc = 0;
  for (const t of thresholds) {
    while (ic < m && sortedCases[ic] < t) ic++;
    while (jc < n && sortedControls[jc] < t) jc++;
    const tp = m - ic;
    const tn = jc;
    tps.push(tp);
    tns.push(tn);
    // Same floating-point expressions as pROC, so ties in sens + spec are ties here too.
    sensitivities.push(tp / m);
    specificities.push(tn / n);
  }
  let best = Number.NEGATIVE_INFINITY;
  const crit = sensitivities.map((s, i) => s + specificities[i]);
  for (const c of crit) best = Math.max(best, c);
  const youden: ThresholdPerformance[] = [];
  crit.forEach((c, i) => {
    if (c === best) youden.push(performanceFromCounts(thresholds[i], tps[i], m - tps[i], tns[i], n - tns[i], level));
  });
  return {
    nCases: m,
    nControls: n,
    auc: auc.auc,
    aucVariance: auc.variance,
    aucCi: auc.ci,
    thresholds: thresholds.map((t) => (Number.isFinite(t) ? t : null)),
    sensitivities,
    specificities,
    youden,
    settings: { direction: "<", controls: 0, cases: 1, confLevel: level },
  };
}

/** Paired DeLong comparison of two scores on the same patients. */
export interface DelongTestResult {
  aucA: number;
  aucB: number;
  /** AUC_A − AUC_B. */
  difference: number;
  /** Standard error of the difference, √(L S Lᵀ) with L = (1, −1). */
  se: number;
  z: number;
  /** Two-sided p-value 2Φ(−|z|). */
  p: number;
  /** Interval of the difference, d ± z_{(1+level)/2}·se. */
  differenceCi: ConfidenceInterval;
}

/**
 * DeLong's test for two correlated ROC curves (pROC roc.test(method = "delong",
 * paired = TRUE)): S = S10/n₁ + S01/n₀ with S10, S01 the 2×2 sample covariance matrices of
 * the two curves' placements; z = (θ_A − θ_B)/√(S_AA + S_BB − 2S_AB).
 */
export function delongTest(options: {
  scoresA: readonly number[];
  scoresB: readonly number[];
  outcome: readonly number[];
  confLevel?: number;
}): DelongTestResult {
  const a = checkInput(options.scoresA, options.outcome, "DeLong test, first score");
  const b = checkInput(options.scoresB, options.outcome, "DeLong test, second score");
  const level = options.confLevel ?? 0.95;
  const m = a.cases.length;
  const n = a.controls.length;
  if (m < 2 || n < 2) throw new RadlabInputError("DeLong test: needs at least 2 cases and 2 controls");
  const pa = delongPlacements(a.cases, a.controls);
  const pb = delongPlacements(b.cases, b.controls);
  const s = (x: DelongPlacements, y: DelongPlacements): number =>
    sampleCovariance(x.cases, y.cases, x.theta, y.theta) / m + sampleCovariance(x.controls, y.controls, x.theta, y.theta) / n;
  const varDiff = s(pa, pa) + s(pb, pb) - 2 * s(pa, pb);
  const se = Math.sqrt(Math.max(0, varDiff));
  const difference = pa.theta - pb.theta;
  // pROC: identical AUCs with zero variance give z = 0, not NaN.
  const z = se === 0 && difference === 0 ? 0 : difference / se;
  const zCrit = normalQuantile(1 - (1 - level) / 2);
  return {
    aucA: pa.theta,
    aucB: pb.theta,
    difference,
    se,
    z,
    p: twoSidedNormalP(z),
    differenceCi: { low: difference - zCrit * se, high: difference + zCrit * se, level },
  };
}
