/**
 * Step 6 of the study in one call: evaluate a Rad-score on training and validation —
 * ROC with DeLong CI (pROC), the Youden cut-off chosen on training and applied unchanged to
 * validation, calibration (rms val.prob, Hosmer–Lemeshow, Brier, calibration in the large,
 * lowess curve) and the decision curve, per group. Every part is one of the functions of
 * roc.ts, calibration.ts and decision-curve.ts; this file only chains them.
 */
import { type BootstrapCalibrationResult, bootstrapCalibration } from "./bootstrap-calibration.js";
import { brierScore, recalibration } from "./calibration.js";
import { type DecisionCurve, decisionCurve } from "./decision-curve.js";
import { type HosmerLemeshowResult, hosmerLemeshow } from "./hosmer-lemeshow.js";
import { plogis } from "./logistic.js";
import type { LowessCurve } from "./r-numerics.js";
import { classifyAtThreshold, type RocResult, rocCurve, type ThresholdPerformance } from "./roc.js";
import { type ValProbSummary, valProb } from "./val-prob.js";

/** Scores and outcomes of one group of patients. */
export interface ScoredGroup {
  /** Rad-score (linear predictor) per patient. */
  scores: readonly number[];
  /** Outcome per patient, 0 or 1. */
  outcome: readonly number[];
}

/** Options of evaluateRadScore. */
export interface EvaluateRadScoreOptions {
  training: ScoredGroup;
  validation?: ScoredGroup;
  /** Confidence level of AUC and sensitivity/specificity intervals (default 0.95). */
  confLevel?: number;
  /** Hosmer–Lemeshow groups (default 10). */
  hosmerLemeshowGroups?: number;
  /** Decision-curve thresholds (default 0.01 … 0.99). */
  decisionThresholds?: readonly number[];
  /** Bootstrap bias-corrected calibration of the training fit: its design matrix, B and seed. */
  bootstrap?: { x: readonly (readonly number[])[]; B?: number; seed?: number };
}

/** Calibration of one group. */
export interface GroupCalibration {
  valProb: ValProbSummary;
  nUsedLogistic: number;
  brier: number;
  brierScaled: number;
  calibrationInTheLarge: number;
  recalibrationIntercept: number;
  recalibrationSlope: number;
  hosmerLemeshow: HosmerLemeshowResult;
  lowess: LowessCurve;
}

/** Evaluation of one group. */
export interface GroupEvaluation {
  roc: RocResult;
  calibration: GroupCalibration;
  decisionCurve: DecisionCurve;
}

/** The evaluation of a Rad-score, JSON-serialisable. */
export interface RadScoreEvaluation {
  training: GroupEvaluation;
  validation: GroupEvaluation | null;
  /** The training Youden cut-off (the first if pROC reports ties) and its use on validation. */
  youden: { training: ThresholdPerformance; validation: ThresholdPerformance | null; tiedOnTraining: number };
  bootstrapCalibration: BootstrapCalibrationResult | null;
  settings: { confLevel: number; hosmerLemeshowGroups: number; probability: "plogis(Rad-score)" };
}

function evaluateGroup(group: ScoredGroup, options: EvaluateRadScoreOptions): GroupEvaluation {
  const confLevel = options.confLevel ?? 0.95;
  const probability = group.scores.map(plogis);
  const input = { probability, outcome: group.outcome };
  const vp = valProb(input);
  const brier = brierScore(input);
  const recal = recalibration(input);
  return {
    roc: rocCurve({ scores: group.scores, outcome: group.outcome, confLevel }),
    calibration: {
      valProb: vp.stats,
      nUsedLogistic: vp.nUsedLogistic,
      brier: brier.brier,
      brierScaled: brier.scaled,
      calibrationInTheLarge: recal.calibrationInTheLarge,
      recalibrationIntercept: recal.intercept,
      recalibrationSlope: recal.slope,
      hosmerLemeshow: hosmerLemeshow({ ...input, g: options.hosmerLemeshowGroups ?? 10 }),
      lowess: vp.curve,
    },
    decisionCurve: decisionCurve({ ...input, thresholds: options.decisionThresholds }),
  };
}

/**
 * Evaluates a Rad-score: per group ROC/AUC (DeLong), calibration and decision curve; the
 * Youden cut-off from training applied to validation; optionally the bootstrap-corrected
 * calibration curve of the training model. Probabilities are plogis(score).
 */
export function evaluateRadScore(options: EvaluateRadScoreOptions): RadScoreEvaluation {
  const confLevel = options.confLevel ?? 0.95;
  const training = evaluateGroup(options.training, options);
  const validation = options.validation ? evaluateGroup(options.validation, options) : null;
  const cut = training.roc.youden[0];
  const atCut = options.validation
    ? classifyAtThreshold({ scores: options.validation.scores, outcome: options.validation.outcome, threshold: cut.threshold, confLevel })
    : null;
  const boot = options.bootstrap
    ? bootstrapCalibration({ x: options.bootstrap.x, outcome: options.training.outcome, B: options.bootstrap.B, seed: options.bootstrap.seed })
    : null;
  return {
    training,
    validation,
    youden: { training: cut, validation: atCut, tiedOnTraining: training.roc.youden.length },
    bootstrapCalibration: boot,
    settings: { confLevel, hosmerLemeshowGroups: options.hosmerLemeshowGroups ?? 10, probability: "plogis(Rad-score)" },
  };
}
