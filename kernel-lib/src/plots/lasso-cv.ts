/**
 * Fig. 2A: the cross-validation curve of the LASSO penalty, as `plot.cv.glmnet` draws it
 * (glmnet 4.1): mean CV error (cvm) against log(λ) with ±1 SE bars (cvm ± cvsd), dashed
 * vertical lines at λ.min and λ.1se, and the number of non-zero coefficients along the top.
 */
import { RadlabInputError } from "../errors.js";
import * as math from "../math.js";
import type { CvMeasure } from "../stats/cv-lasso.js";
import type { LassoSummary } from "../stats/study-result.js";
import { requireFinite, requireFiniteArray, requireSameLength } from "./checks.js";
import type { PlotlyFigure } from "./figure.js";
import { countLabelIndices, lambdaLineLabel, nonZeroCountLabels } from "./lambda-path.js";
import { formatNumber, journalAxis, journalLayout, journalTitle, OKABE_ITO, REFERENCE_GREY, verticalLine } from "./theme.js";

/**
 * What a LASSO cross-validation produced: the study result's λ path, cvm, cvsd, nzero, λ.min
 * and λ.1se (cv.glmnet's `lambda`, `cvm`, `cvsd`, `nzero`, `lambda.min`, `lambda.1se`; the two
 * λ must be on the path), and the measure cvm holds (cv.glmnet's `type.measure`).
 */
export type LassoCvInput = Pick<LassoSummary, "lambda" | "cvm" | "cvsd" | "nzero" | "lambdaMin" | "lambda1se"> & { measure: CvMeasure };

/** Options of {@link lassoCvFigure}. */
export interface LassoCvOptions {
  title?: string;
  /** How many non-zero counts to print along the top (evenly spaced along the path). */
  topLabels?: number;
}

const MEASURE_TITLES: Record<CvMeasure, string> = {
  deviance: "Binomial deviance",
  auc: "AUC",
  class: "Misclassification error",
};

const FIGURE = "LASSO CV curve";

/** Index of λ in the path (relative tolerance 1e-9, since λ comes through JSON). */
export function lambdaIndex(lambda: number[], value: number, what: string): number {
  const index = lambda.findIndex((l) => Math.abs(l - value) <= 1e-9 * Math.abs(value));
  if (index < 0)
    throw new RadlabInputError(
      `${FIGURE}: ${what} = ${value} is not on the λ path (${lambda.length} values from ${lambda[0]} to ${lambda[lambda.length - 1]})`,
    );
  return index;
}

/** Builds Fig. 2A. Throws RadlabInputError when arrays are missing, ragged, or λ.min/λ.1se are not on the path. */
export function lassoCvFigure(input: LassoCvInput, options: LassoCvOptions = {}): PlotlyFigure {
  const { lambda, cvm, cvsd, nzero, measure } = input;
  requireFiniteArray(FIGURE, "lambda", lambda, 2);
  requireFiniteArray(FIGURE, "cvm", cvm);
  requireFiniteArray(FIGURE, "cvsd", cvsd);
  requireFiniteArray(FIGURE, "nzero", nzero);
  requireSameLength(FIGURE, { lambda, cvm, cvsd, nzero });
  requireFinite(FIGURE, "lambdaMin", input.lambdaMin);
  requireFinite(FIGURE, "lambda1se", input.lambda1se);
  if (!(measure in MEASURE_TITLES)) throw new RadlabInputError(`${FIGURE}: unknown measure "${measure}" (deviance, auc or class)`);
  if (lambda.some((l) => l <= 0)) throw new RadlabInputError(`${FIGURE}: λ must be positive to take its log`);
  const iMin = lambdaIndex(lambda, input.lambdaMin, "lambdaMin");
  const i1se = lambdaIndex(lambda, input.lambda1se, "lambda1se");

  const logLambda = lambda.map(math.log);
  const cvTrace = {
    type: "scatter",
    mode: "markers",
    name: `Mean CV ${measure === "deviance" ? "deviance" : MEASURE_TITLES[measure].toLowerCase()} ± 1 SE`,
    x: logLambda,
    y: cvm,
    error_y: { type: "data", array: cvsd, visible: true, color: REFERENCE_GREY, thickness: 1, width: 2 },
    marker: { color: OKABE_ITO.vermillion, size: 5 },
    customdata: lambda.map((l, n) => [l, nzero[n]]),
    hovertemplate: "λ = %{customdata[0]:.4g}<br>log(λ) = %{x:.3f}<br>CV error = %{y:.4f}<br>non-zero = %{customdata[1]}<extra></extra>",
    showlegend: false,
  };

  const annotations = [
    ...nonZeroCountLabels(logLambda, nzero, countLabelIndices(lambda.length, options.topLabels ?? 12, [iMin, i1se])),
    lambdaLineLabel(logLambda[iMin], `λ.min = ${formatNumber(lambda[iMin], 4)}`),
  ];
  if (i1se !== iMin) annotations.push(lambdaLineLabel(logLambda[i1se], `λ.1se = ${formatNumber(lambda[i1se], 4)}`));

  const lo = Math.min(...logLambda);
  const hi = Math.max(...logLambda);
  const pad = (hi - lo) * 0.03;
  const yLo = Math.min(...cvm.map((m, n) => m - cvsd[n]));
  const yHi = Math.max(...cvm.map((m, n) => m + cvsd[n]));
  const yPad = (yHi - yLo) * 0.06 || 0.05;
  return {
    data: [cvTrace],
    layout: journalLayout({
      ...(options.title ? { title: journalTitle(options.title) } : {}),
      margin: { l: 70, r: 30, t: options.title ? 90 : 60, b: 60 },
      xaxis: journalAxis("log(λ)", { range: [lo - pad, hi + pad] }),
      yaxis: journalAxis(MEASURE_TITLES[measure], { range: [yLo - yPad, yHi + yPad] }),
      shapes: [verticalLine(logLambda[iMin]), ...(i1se !== iMin ? [verticalLine(logLambda[i1se])] : [])],
      annotations,
    }),
  };
}
