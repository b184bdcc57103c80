/**
 * The study's model at one λ of the LASSO path (design.md steps 3–6 for a λ other than the
 * chosen one): the features non-zero at that λ, the multiple logistic regression refitted on
 * them, its Rad-score and ROC (DeLong CI) on training and validation, and beside it the
 * penalised LASSO score's ROC. runStudy computes its Rad-score with the same `radScores`, and
 * the λ explorer runs this module in the browser (no Node imports here), so a slider step
 * and `radlab model` give the same numbers from the same code.
 */
import { RadlabInputError } from "../errors.js";
import { fitLogistic, type LogisticModel } from "./logistic.js";
import { type RocResult, rocCurve } from "./roc.js";

/**
 * Rad-score of each patient: b0 + Σₖ bₖ·x[selected[k]][i], summed in that order (the order
 * fixes the floating-point result, so every caller must use this one function).
 */
export function radScores(coefficients: readonly number[], columns: readonly ArrayLike<number>[], selected: readonly number[], n: number): number[] {
  return Array.from({ length: n }, (_, i) => selected.reduce((s, j, k) => s + coefficients[k + 1] * columns[j][i], coefficients[0]));
}

/** One group's z-scored columns (one per path feature) and outcomes. */
export interface LambdaModelGroup {
  /** z[f][i]: path feature f of patient i. */
  z: readonly ArrayLike<number>[];
  outcome: readonly number[];
}

/** The path and the data of {@link modelAtLambda}. */
export interface LambdaModelInput {
  /** Feature names, one per row of `beta` and per column of each group's z. */
  features: readonly string[];
  /** Intercept at each λ. */
  a0: readonly number[];
  /** beta[f][l]: coefficient of feature f at λ index l (z scale). */
  beta: readonly (readonly number[])[];
  training: LambdaModelGroup;
  validation: LambdaModelGroup | null;
}

/** ROC of one score in one group; null when the group has a single class or no rows. */
export interface LambdaRoc {
  training: RocResult | null;
  validation: RocResult | null;
}

/**
 * The LASSO's part of the model at one λ index: the selected features, their penalised
 * coefficients and the LASSO score's ROC. Cheap (one pass over the patients and two ROCs), so
 * the λ explorer shows it on every slider step at once.
 */
export interface LassoAtLambda {
  lambdaIndex: number;
  /** Positions in `features` of the non-zero coefficients, ascending. */
  selected: number[];
  /** LASSO coefficients (z scale) of the selected features, same order, and the intercept. */
  lassoIntercept: number;
  lassoCoefficients: number[];
  /** ROC of the penalised LASSO score. */
  rocLasso: LambdaRoc;
}

/**
 * The logistic refit on the features selected at one λ: the costly part (IRLS, up to 25
 * Householder QRs of the n × (k + 1) design: tens of ms at k ≈ 50, bench/widgets.mjs), which the λ
 * explorer computes after the slider step's frame is drawn.
 */
export interface RefitAtLambda {
  /** The logistic refit on the selected features; null when none is selected or it cannot be fitted. */
  logistic: LogisticModel | null;
  /** Why there is no refit (no feature selected, or the fit's own error). */
  logisticError: string | null;
  /** ROC of the refit's Rad-score (null without a refit). */
  rocLogistic: LambdaRoc | null;
}

/** The model at one λ index: the LASSO's part and the refit. */
export interface LambdaModel extends LassoAtLambda, RefitAtLambda {}

function rocOf(scores: number[], outcome: readonly number[]): RocResult | null {
  const cases = outcome.reduce((s, v) => s + v, 0);
  if (cases === 0 || cases === outcome.length) return null;
  return rocCurve({ scores, outcome });
}

/** Rows of the design matrix (patients × selected features) of one group. */
function designRows(group: LambdaModelGroup, selected: readonly number[]): number[][] {
  return Array.from({ length: group.outcome.length }, (_, i) => selected.map((f) => group.z[f][i]));
}

/** ROC of a score b₀ + Σ bₖ·z[selected[k]] in training and validation. */
function rocsOf(input: LambdaModelInput, coefficients: readonly number[], selected: readonly number[]): LambdaRoc {
  const { training, validation } = input;
  return {
    training: rocOf(radScores(coefficients, training.z, selected, training.outcome.length), training.outcome),
    validation: validation ? rocOf(radScores(coefficients, validation.z, selected, validation.outcome.length), validation.outcome) : null,
  };
}

/** The LASSO's part of the model at λ index `l` (see {@link LassoAtLambda}). */
export function lassoAtLambda(input: LambdaModelInput, l: number): LassoAtLambda {
  if (!Number.isInteger(l) || l < 0 || l >= input.a0.length) throw new RadlabInputError(`λ index ${l} is outside 0..${input.a0.length - 1}`);
  const selected = input.features.map((_, f) => f).filter((f) => input.beta[f][l] !== 0);
  const lassoCoefficients = selected.map((f) => input.beta[f][l]);
  return { lambdaIndex: l, selected, lassoIntercept: input.a0[l], lassoCoefficients, rocLasso: rocsOf(input, [input.a0[l], ...lassoCoefficients], selected) };
}

/** The logistic refit on the features `lasso` selected (see {@link RefitAtLambda}). */
export function refitAtLambda(input: LambdaModelInput, lasso: Pick<LassoAtLambda, "selected">): RefitAtLambda {
  const { selected } = lasso;
  if (selected.length === 0) return { logistic: null, logisticError: "no feature is selected at this λ", rocLogistic: null };
  let logistic: LogisticModel;
  try {
    logistic = fitLogistic({ x: designRows(input.training, selected), y: input.training.outcome, featureNames: selected.map((f) => input.features[f]) });
  } catch (error) {
    if (!(error instanceof RadlabInputError)) throw error;
    return { logistic: null, logisticError: error.message, rocLogistic: null };
  }
  return {
    logistic,
    logisticError: null,
    rocLogistic: rocsOf(
      input,
      logistic.coefficients.map((c) => c.estimate),
      selected,
    ),
  };
}

/** The model at λ index `l` (see the module comment). */
export function modelAtLambda(input: LambdaModelInput, l: number): LambdaModel {
  const lasso = lassoAtLambda(input, l);
  return { ...lasso, ...refitAtLambda(input, lasso) };
}
