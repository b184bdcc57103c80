/**
 * Calibration of predicted probabilities, as R computes it. This file: the input of a group
 * (probabilities and outcomes, checked once), the Brier score, and calibration in the large
 * with the recalibration intercept and slope (glm). The rest, one file each:
 * - r-numerics.ts: R's lowess (clowess, Cleveland 1979) and approx, with R's type-7 quantile
 *   (features/quantile.ts);
 * - val-prob.ts: rms::val.prob's summary with rms' own numerics (its constants named there);
 * - hosmer-lemeshow.ts: ResourceSelection::hoslem.test;
 * - bootstrap-calibration.ts: rms::calibrate(method = "boot").
 */
import { RadlabInputError } from "../errors.js";
import * as math from "../math.js";
import { fitLogistic, qlogis } from "./logistic.js";

/** Predicted probabilities and observed outcomes of one group of patients. */
export interface CalibrationInput {
  /** Predicted probability per patient, in [0, 1]. */
  probability: readonly number[];
  /** Observed outcome per patient, 0 or 1. */
  outcome: readonly number[];
}

export function checkCalibrationInput(input: CalibrationInput, what: string): void {
  const { probability: p, outcome: y } = input;
  if (p.length !== y.length) throw new RadlabInputError(`${what}: ${p.length} probabilities but ${y.length} outcomes`);
  if (p.length === 0) throw new RadlabInputError(`${what}: no patients`);
  let events = 0;
  p.forEach((v, i) => {
    if (!(v >= 0 && v <= 1)) throw new RadlabInputError(`${what}: probability of patient ${i + 1} is ${v}, not in [0, 1]`);
    if (y[i] !== 0 && y[i] !== 1) throw new RadlabInputError(`${what}: outcome of patient ${i + 1} is ${y[i]}, not 0 or 1`);
    events += y[i];
  });
  if (events === 0 || events === y.length) {
    throw new RadlabInputError(`${what}: the outcome has a single class (${events} events in ${y.length} patients)`);
  }
}

/** Brier score mean (p − y)² and scaled Brier 1 − Brier/(ȳ(1 − ȳ)). */
export function brierScore(input: CalibrationInput): { brier: number; scaled: number } {
  checkCalibrationInput(input, "Brier score");
  const n = input.probability.length;
  let b = 0;
  let events = 0;
  for (let i = 0; i < n; i++) {
    b += (input.probability[i] - input.outcome[i]) ** 2;
    events += input.outcome[i];
  }
  const brier = b / n;
  const ybar = events / n;
  return { brier, scaled: 1 - brier / (ybar * (1 - ybar)) };
}

/**
 * Calibration in the large: the intercept a of glm(y ~ 1, offset = logit p) (Newton on
 * Σ(y − plogis(a + logit p)) = 0 to machine precision), and the recalibration intercept
 * and slope of glm(y ~ logit p). Probabilities of exactly 0 or 1 are dropped.
 */
export function recalibration(input: CalibrationInput): { calibrationInTheLarge: number; intercept: number; slope: number; nUsed: number } {
  checkCalibrationInput(input, "recalibration");
  const logit: number[] = [];
  const y: number[] = [];
  input.probability.forEach((p, i) => {
    const l = qlogis(p);
    if (Number.isFinite(l)) {
      logit.push(l);
      y.push(input.outcome[i]);
    }
  });
  let a = 0;
  for (let it = 0; it < 100; it++) {
    let score = 0;
    let info = 0;
    for (let i = 0; i < logit.length; i++) {
      const mu = 1 / (1 + math.exp(-(a + logit[i])));
      score += y[i] - mu;
      info += mu * (1 - mu);
    }
    const step = score / info;
    a += step;
    if (Math.abs(step) < 1e-15 * Math.max(1, Math.abs(a))) break;
  }
  const fit = fitLogistic({ x: logit.map((l) => [l]), y, featureNames: ["logit"] });
  return { calibrationInTheLarge: a, intercept: fit.coefficients[0].estimate, slope: fit.coefficients[1].estimate, nUsed: logit.length };
}
