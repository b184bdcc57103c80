/**
 * Hosmer–Lemeshow goodness of fit as ResourceSelection::hoslem.test (re-implemented from its
 * R source: the reference results of shared/reference/stats use the same lines).
 */
import { RadlabInputError } from "../errors.js";
import { type CalibrationInput, checkCalibrationInput } from "./calibration.js";
import { chiSquareCdf } from "./distributions.js";
import { quantileType7 } from "./r-numerics.js";

/** Hosmer–Lemeshow goodness-of-fit test with its group table. */
export interface HosmerLemeshowResult {
  statistic: number;
  df: number;
  /** P(χ²_df > statistic). */
  p: number;
  /** Group boundaries: unique type-7 quantiles of p at 0, 1/g, …, 1. */
  breaks: number[];
  groups: { n: number[]; observed1: number[]; expected1: number[]; observed0: number[]; expected0: number[]; meanPredicted: number[] };
  settings: { g: number };
}

/**
 * Hosmer–Lemeshow test as ResourceSelection::hoslem.test(y, p, g): breaks = unique(quantile(p,
 * 0:g/g, type 7)), groups right-closed with the first including its lower end; statistic
 * Σ (O₁ − E₁)²/E₁ + (O₀ − E₀)²/E₀ with E₁ = Σp, E₀ = Σ(1 − p); df = g − 2 (as the package,
 * even when ties merge groups).
 */
export function hosmerLemeshow(input: CalibrationInput & { g?: number }): HosmerLemeshowResult {
  checkCalibrationInput(input, "Hosmer–Lemeshow test");
  const g = input.g ?? 10;
  if (!Number.isInteger(g) || g < 3) throw new RadlabInputError(`Hosmer–Lemeshow test: g must be an integer ≥ 3, got ${g}`);
  const p = input.probability;
  const y = input.outcome;
  const sorted = [...p].sort((a, b) => a - b);
  const by = 1 / g;
  const quantiles: number[] = [];
  for (let k = 0; k <= g; k++) quantiles.push(quantileType7(sorted, k * by));
  const breaks = [...new Set(quantiles)];
  const k = breaks.length - 1;
  if (k < 1) throw new RadlabInputError("Hosmer–Lemeshow test: all predicted probabilities are equal");
  const groups = {
    n: new Array(k).fill(0),
    observed1: new Array(k).fill(0),
    expected1: new Array(k).fill(0),
    observed0: new Array(k).fill(0),
    expected0: new Array(k).fill(0),
    meanPredicted: new Array(k).fill(0),
  };
  for (let i = 0; i < p.length; i++) {
    // R cut(right = TRUE, include.lowest = TRUE): (b_j, b_{j+1}], first group [b_0, b_1].
    let lo = 0;
    let hi = k;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (p[i] > breaks[mid]) lo = mid;
      else hi = mid;
    }
    const j = lo;
    groups.n[j]++;
    groups.observed1[j] += y[i];
    groups.observed0[j] += 1 - y[i];
    groups.expected1[j] += p[i];
    groups.expected0[j] += 1 - p[i];
  }
  let statistic = 0;
  for (let j = 0; j < k; j++) {
    groups.meanPredicted[j] = groups.expected1[j] / groups.n[j];
    statistic += (groups.observed1[j] - groups.expected1[j]) ** 2 / groups.expected1[j];
    statistic += (groups.observed0[j] - groups.expected0[j]) ** 2 / groups.expected0[j];
  }
  const df = g - 2;
  return { statistic, df, p: chiSquareCdf(statistic, df, true), breaks, groups, settings: { g } };
}
