/**
 * Step 5 of the study (runStudy's `evaluateStudy`), and the same in one call for any
 * Rad-score: ROC with DeLong CI (pROC) per group, the Youden cut-off chosen on training and
 * applied unchanged to validation, calibration (rms val.prob, Hosmer–Lemeshow, Brier,
 * calibration in the large, lowess curve), rms's bootstrap calibration of the training fit,
 * and the decision curve. Every part is one of the functions of roc.ts, calibration.ts,
 * val-prob.ts, hosmer-lemeshow.ts, bootstrap-calibration.ts and decision-curve.ts; this file
 * only chains them and says in `notes` what could not be computed.
 */
import { RadlabInputError } from "../errors.js";
import { type BootstrapCalibrationResult, bootstrapCalibration } from "./bootstrap-calibration.js";
import { brierScore, recalibration } from "./calibration.js";
import { type DecisionCurve, decisionCurve } from "./decision-curve.js";
import { hosmerLemeshow } from "./hosmer-lemeshow.js";
import { plogis } from "./logistic.js";
import { classifyAtThreshold, type RocResult, rocCurve, type ThresholdPerformance } from "./roc.js";
import type { CalibrationSummary, ValProbStatistics } from "./study-result.js";
import { type ValProbSummary, valProb } from "./val-prob.js";

/** Scores and outcomes of one group of patients. */
export interface ScoredGroup {
  /** Rad-score (linear predictor) per patient. */
  scores: readonly number[];
  /** Outcome per patient, 0 or 1. */
  outcome: readonly number[];
}

/** Options of {@link evaluateRadScore}. */
export interface EvaluateRadScoreOptions {
  training: ScoredGroup;
  /** The validation group, if any (one with a single outcome class gets no ROC or calibration). */
  validation?: ScoredGroup;
  /** rms::calibrate's bootstrap of the training fit: its design matrix (rows of the model's features), B and seed. */
  bootstrap?: { x: readonly (readonly number[])[]; B?: number; seed?: number };
  /** Where decisions go in words (tied Youden thresholds, a statistic that could not be computed). */
  notes?: string[];
}

/** The evaluation of a Rad-score per group, JSON-serialisable (the study result's `roc`, `youden`, `calibration`, `decisionCurve`). */
export interface RadScoreEvaluation {
  /** plogis(Rad-score) per patient. */
  pTrain: number[];
  pValid: number[];
  rocTrain: RocResult;
  /** null without validation patients of both classes. */
  rocValid: RocResult | null;
  /** The training cut-off (the lowest of tied Youden thresholds). */
  youdenTrain: ThresholdPerformance;
  youdenValid: ThresholdPerformance | null;
  calibrationTrain: CalibrationSummary;
  calibrationValid: CalibrationSummary | null;
  bootstrap: BootstrapCalibrationResult | null;
  decisionTrain: DecisionCurve;
  /** null without validation patients. */
  decisionValid: DecisionCurve | null;
}

/**
 * Evaluates a Rad-score: per group ROC/AUC (DeLong), calibration and decision curve; the
 * Youden cut-off from training applied to validation; optionally the bootstrap-corrected
 * calibration curve of the training model. Probabilities are plogis(score).
 */
export function evaluateRadScore(options: EvaluateRadScoreOptions): RadScoreEvaluation {
  const notes = options.notes ?? [];
  const { training, validation } = options;
  const yTrain = [...training.outcome];
  const yValid = validation ? [...validation.outcome] : [];
  const scoreValid = validation?.scores ?? [];
  const scoredValidation = yValid.includes(0) && yValid.includes(1);
  const pTrain = training.scores.map(plogis);
  const pValid = scoreValid.map(plogis);
  const rocTrain = rocCurve({ scores: training.scores, outcome: yTrain });
  const rocValid = scoredValidation ? rocCurve({ scores: scoreValid, outcome: yValid }) : null;
  const youdenTrain = rocTrain.youden[0];
  if (rocTrain.youden.length > 1) notes.push(`${rocTrain.youden.length} tied Youden thresholds on training; the lowest is applied to validation`);
  const youdenValid = scoredValidation ? classifyAtThreshold({ scores: scoreValid, outcome: yValid, threshold: youdenTrain.threshold }) : null;
  return {
    pTrain,
    pValid,
    rocTrain,
    rocValid,
    youdenTrain,
    youdenValid,
    calibrationTrain: calibrationOfGroup(pTrain, yTrain, "training", notes),
    calibrationValid: scoredValidation ? calibrationOfGroup(pValid, yValid, "validation", notes) : null,
    bootstrap: options.bootstrap ? bootstrapOrNote(options.bootstrap, yTrain, notes) : null,
    decisionTrain: decisionCurve({ probability: pTrain, outcome: yTrain }),
    decisionValid: validation ? decisionCurve({ probability: pValid, outcome: yValid }) : null,
  };
}

/** rms::calibrate's bootstrap, or null with a note when the training fit cannot be bootstrapped. */
function bootstrapOrNote(bootstrap: NonNullable<EvaluateRadScoreOptions["bootstrap"]>, outcome: number[], notes: string[]): BootstrapCalibrationResult | null {
  try {
    return bootstrapCalibration({ x: bootstrap.x, outcome, B: bootstrap.B, seed: bootstrap.seed });
  } catch (error) {
    if (!(error instanceof RadlabInputError)) throw error;
    notes.push(`bootstrap calibration not computed: ${error.message}`);
    return null;
  }
}

/**
 * Calibration of one set. A statistic that cannot be computed (e.g. val.prob when every
 * probability is exactly 0 or 1 after perfect separation) is null, with a note saying why.
 */
function calibrationOfGroup(probability: number[], outcome: number[], group: string, notes: string[]): CalibrationSummary {
  const input = { probability, outcome };
  const attempt = <T>(what: string, compute: () => T): T | null => {
    try {
      return compute();
    } catch (error) {
      if (!(error instanceof RadlabInputError)) throw error;
      notes.push(`${group} calibration: ${what} not computed: ${error.message}`);
      return null;
    }
  };
  const vp = attempt("val.prob", () => valProb(input));
  const hl = attempt("Hosmer–Lemeshow", () => hosmerLemeshow(input));
  const recal = attempt("recalibration", () => recalibration(input));
  const brier = brierScore(input);
  return {
    brier: brier.brier,
    brierScaled: brier.scaled,
    valProb: vp && valProbStatistics(vp.stats),
    nUsedLogistic: vp ? vp.nUsedLogistic : null,
    calibrationInTheLarge: recal ? recal.calibrationInTheLarge : null,
    hosmerLemeshow: hl && { statistic: hl.statistic, df: hl.df, p: hl.p, breaks: hl.breaks },
    lowessCurve: vp && { x: vp.curve.x, y: vp.curve.y },
  };
}

/** rms::val.prob's vector in the result's names (R's "D:p" is always NA, and Brier is the group's `brier`). */
function valProbStatistics(s: ValProbSummary): ValProbStatistics {
  return {
    dxy: s.Dxy,
    c: s.C,
    r2: s.R2,
    d: s.D,
    dChiSq: s["D:Chi-sq"],
    u: s.U,
    uChiSq: s["U:Chi-sq"],
    uP: s["U:p"],
    q: s.Q,
    intercept: s.Intercept,
    slope: s.Slope,
    emax: s.Emax,
    e90: s.E90,
    eavg: s.Eavg,
    spiegelhalterZ: s["S:z"],
    spiegelhalterP: s["S:p"],
  };
}
