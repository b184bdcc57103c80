/**
 * Bootstrap bias-corrected calibration curve, rms::calibrate(fit, method = "boot", B), with
 * the lowess(iter = 0) smoother and approx(ties = first) of rms, resampled from the seed.
 */
import { RadlabInputError } from "../errors.js";
import * as math from "../math.js";
import { fitLogistic, predictLogistic } from "./logistic.js";
import { approxLinear, lowess, quantileType7 } from "./r-numerics.js";
import { seededRandom } from "./random.js";

/** Refits a model on a bootstrap sample and returns a function giving its linear predictor. */
export type RefitModel = (x: readonly (readonly number[])[], y: readonly number[]) => (x: readonly (readonly number[])[]) => number[];

/** Options of bootstrapCalibration. */
export interface BootstrapCalibrationOptions {
  /** Design matrix of the model's features (training patients). */
  x: readonly (readonly number[])[];
  /** Outcome per patient, 0 or 1. */
  outcome: readonly number[];
  /** Bootstrap repetitions (rms default 40; use ≥ 200 for a stable curve). */
  B?: number;
  /** Seed of the resampling (stats/random.ts). */
  seed?: number;
  /** Grid of predicted probabilities; default 50 points from the 5th smallest to the 5th largest prediction (rms). */
  predy?: readonly number[];
  /** How to refit the model; default multiple logistic regression (fitLogistic) on all columns of x. */
  refit?: RefitModel;
}

/** rms::calibrate's table: per grid point, apparent and bias-corrected calibration. */
export interface BootstrapCalibrationResult {
  predy: number[];
  /** Apparent calibration: lowess(p, y, iter = 0) of the original fit at predy. */
  apparent: number[];
  /** Bias-corrected calibration = apparent − optimism. */
  biasCorrected: number[];
  /** Mean over repetitions of (calibration error in the bootstrap sample − on the original data). */
  optimism: number[];
  /** Repetitions whose refit succeeded (the rest are skipped, as rms). */
  nSuccessful: number;
  /** Mean absolute and squared error, and 0.9 quantile of |error|, of predictions vs bias-corrected curve (print.calibrate). */
  meanAbsoluteError: number;
  meanSquaredError: number;
  quantile90AbsoluteError: number;
  settings: { B: number; seed: number; method: "boot"; smoother: "lowess(iter = 0)" };
}

function defaultRefit(x: readonly (readonly number[])[], y: readonly number[]): (xNew: readonly (readonly number[])[]) => number[] {
  const model = fitLogistic({ x, y, maxIterations: 25 });
  if (!model.converged) throw new RadlabInputError("bootstrap refit did not converge");
  return (xNew) => predictLogistic(model, xNew).linearPredictor;
}

/** Calibration error at predy: approx(lowess(p, y, iter = 0), xout = predy, ties = first) − predy. */
function calibrationError(eta: readonly number[], y: readonly number[], predy: readonly number[]): number[] {
  const p = eta.map((e) => 1 / (1 + math.exp(-e)));
  const curve = lowess({ x: p, y, iter: 0 });
  const cal = approxLinear(curve.x, curve.y, predy, "first");
  return cal.map((c, k) => c - predy[k]);
}

/**
 * Bootstrap bias-corrected calibration curve, rms::calibrate(fit, method = "boot", B):
 * for each resample, refit, and take the optimism = (smoothed calibration error of the refit
 * in its own resample) − (its error on the original patients), at each grid point; the
 * bias-corrected curve is the apparent curve minus the mean optimism (NaN where a resample's
 * smooth does not reach the grid point are left out of that point's mean).
 */
export function bootstrapCalibration(options: BootstrapCalibrationOptions): BootstrapCalibrationResult {
  const { x, outcome: y } = options;
  if (x.length !== y.length) throw new RadlabInputError(`bootstrap calibration: ${x.length} rows of features but ${y.length} outcomes`);
  const n = y.length;
  if (n < 11 && !options.predy) throw new RadlabInputError("bootstrap calibration: needs more than 10 patients unless predy is given");
  const B = options.B ?? 40;
  const seed = options.seed ?? 1;
  if (!Number.isInteger(B) || B < 1) throw new RadlabInputError(`bootstrap calibration: B must be a positive integer, got ${B}`);
  const refit = options.refit ?? defaultRefit;
  const predictOriginal = refit(x, y);
  const etaOriginal = predictOriginal(x);
  const pOriginal = etaOriginal.map((e) => 1 / (1 + math.exp(-e)));
  let predy: number[];
  if (options.predy) predy = [...options.predy];
  else {
    const s = [...pOriginal].sort((a, b) => a - b);
    const lo = s[4];
    const hi = s[n - 5];
    predy = Array.from({ length: 50 }, (_, k) => lo + ((hi - lo) * k) / 49);
  }
  const apparentError = calibrationError(etaOriginal, y, predy);
  const apparent = apparentError.map((e, k) => e + predy[k]);
  const sum = new Float64Array(predy.length);
  const count = new Float64Array(predy.length);
  const random = seededRandom(seed);
  let nSuccessful = 0;
  for (let b = 0; b < B; b++) {
    const idx = Array.from({ length: n }, () => random.integer(n));
    const xb = idx.map((i) => x[i]);
    const yb = idx.map((i) => y[i]);
    const events = yb.reduce((s, v) => s + v, 0);
    if (events === 0 || events === n) continue;
    let predict: (xNew: readonly (readonly number[])[]) => number[];
    try {
      predict = refit(xb, yb);
    } catch (e) {
      if (e instanceof RadlabInputError) continue;
      throw e;
    }
    const train = calibrationError(predict(xb), yb, predy);
    const test = calibrationError(predict(x), y, predy);
    nSuccessful++;
    for (let k = 0; k < predy.length; k++) {
      const d = train[k] - test[k];
      if (Number.isFinite(d)) {
        sum[k] += d;
        count[k]++;
      }
    }
  }
  if (nSuccessful === 0) throw new RadlabInputError("bootstrap calibration: no bootstrap refit succeeded");
  const optimism = Array.from(sum, (s, k) => (count[k] > 0 ? s / count[k] : Number.NaN));
  const biasCorrected = apparent.map((a, k) => a - optimism[k]);
  const okGrid = predy.map((_, k) => Number.isFinite(biasCorrected[k]));
  const corrected = approxLinear(
    predy.filter((_, k) => okGrid[k]),
    biasCorrected.filter((_, k) => okGrid[k]),
    pOriginal,
    "mean",
  );
  const errs = pOriginal.map((p, i) => p - corrected[i]).filter((e) => Number.isFinite(e));
  const absErr = errs.map(Math.abs);
  return {
    predy,
    apparent,
    biasCorrected,
    optimism,
    nSuccessful,
    meanAbsoluteError: absErr.reduce((s, v) => s + v, 0) / absErr.length,
    meanSquaredError: errs.reduce((s, v) => s + v * v, 0) / errs.length,
    quantile90AbsoluteError: quantileType7(absErr, 0.9),
    settings: { B, seed, method: "boot", smoother: "lowess(iter = 0)" },
  };
}
