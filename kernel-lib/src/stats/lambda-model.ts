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

/** The model at one λ index. */
export interface LambdaModel {
  lambdaIndex: number;
  /** Positions in `features` of the non-zero coefficients, ascending. */
  selected: number[];
  /** LASSO coefficients (z scale) of the selected features, same order, and the intercept. */
  lassoIntercept: number;
  lassoCoefficients: number[];
  /** The logistic refit on the selected features; null when none is selected or it cannot be fitted. */
  logistic: LogisticModel | null;
  /** Why there is no refit (no feature selected, or the fit's own error). */
  logisticError: string | null;
  /** ROC of the refit's Rad-score (null without a refit) and of the penalised LASSO score. */
  rocLogistic: LambdaRoc | null;
  rocLasso: LambdaRoc;
}

function rocOf(scores: number[], outcome: readonly number[]): RocResult | null {
  const cases = outcome.reduce((s, v) => s + v, 0);
  if (cases === 0 || cases === outcome.length) return null;
  return rocCurve({ scores, outcome });
}

/** Rows of the design matrix (patients × selected features) of one group. */
function designRows(group: LambdaModelGroup, selected: readonly number[]): number[][] {
  return Array.from({ length: group.outcome.length }, (_, i) => selected.map((f) => group.z[f][i]));
}

/** The model at λ index `l` (see the module comment). */
export function modelAtLambda(input: LambdaModelInput, l: number): LambdaModel {
  if (!Number.isInteger(l) || l < 0 || l >= input.a0.length) throw new RadlabInputError(`λ index ${l} is outside 0..${input.a0.length - 1}`);
  const selected = input.features.map((_, f) => f).filter((f) => input.beta[f][l] !== 0);
  const lassoCoefficients = selected.map((f) => input.beta[f][l]);
  const lassoCoef = [input.a0[l], ...lassoCoefficients];
  const nTrain = input.training.outcome.length;
  const nValid = input.validation?.outcome.length ?? 0;
  const scored = (coefficients: number[]) => ({
    training: radScores(coefficients, input.training.z, selected, nTrain),
    validation: input.validation ? radScores(coefficients, input.validation.z, selected, nValid) : null,
  });
  const rocs = (scores: { training: number[]; validation: number[] | null }): LambdaRoc => ({
    training: rocOf(scores.training, input.training.outcome),
    validation: scores.validation && input.validation ? rocOf(scores.validation, input.validation.outcome) : null,
  });

  let logistic: LogisticModel | null = null;
  let logisticError: string | null = null;
  if (selected.length === 0) logisticError = "no feature is selected at this λ";
  else {
    try {
      logistic = fitLogistic({ x: designRows(input.training, selected), y: input.training.outcome, featureNames: selected.map((f) => input.features[f]) });
    } catch (error) {
      if (!(error instanceof RadlabInputError)) throw error;
      logisticError = error.message;
    }
  }
  return {
    lambdaIndex: l,
    selected,
    lassoIntercept: input.a0[l],
    lassoCoefficients,
    logistic,
    logisticError,
    rocLogistic: logistic ? rocs(scored(logistic.coefficients.map((c) => c.estimate))) : null,
    rocLasso: rocs(scored(lassoCoef)),
  };
}
