/**
 * Fig. 5A–B: calibration of the predicted probabilities, as rms draws it (`val.prob`,
 * `plot(calibrate(fit, B))`): observed against predicted probability, the apparent curve
 * (lowess of y on p, iter = 0), the bootstrap bias-corrected curve when available, the ideal
 * 45° line, and below them a histogram of the predictions (split by outcome when known).
 */
import { RadlabInputError } from "../errors.js";
import { requireFiniteArray, requireSameLength } from "./checks.js";
import type { PlotlyFigure, PlotlyTrace } from "./figure.js";
import { formatNumber, formatP, journalAxis, journalLayout, journalTitle, OKABE_ITO, OUTCOME_COLOURS, REFERENCE_GREY } from "./theme.js";

/** A calibration curve: observed probability y at predicted probability x. */
export interface CalibrationCurve {
  x: number[];
  y: number[];
}

/** Summary numbers printed in the corner (rms val.prob / ResourceSelection hoslem.test). */
export interface CalibrationSummary {
  brier?: number;
  intercept?: number;
  slope?: number;
  hosmerLemeshowP?: number;
}

/** What {@link calibrationFigure} draws for one cohort set: its calibration curves, predictions and summary. */
export interface CalibrationInput {
  /** Cohort set, e.g. "Validation". */
  name: string;
  /** The apparent curve (lowess of the observed outcome on the predictions). */
  apparent: CalibrationCurve;
  /** Legend name of that curve: "Apparent" on the data the model was fitted on (default); on validation data it is the observed, e.g. "Observed (lowess)". */
  apparentLabel?: string;
  /** The bootstrap bias-corrected curve (rms::calibrate); drawn when present. */
  biasCorrected?: CalibrationCurve;
  /** Bootstrap repetitions B behind `biasCorrected` (and how many fits succeeded), stated in its legend. */
  bootstrap?: { B: number; successful?: number };
  /**
   * The summary's intercept and slope are apparent (on the data the model was fitted on: 0 and 1
   * by construction for a logistic model), so they are labelled "apparent".
   */
  summaryIsApparent?: boolean;
  /** Every patient's predicted probability: the histogram under the curves. */
  predicted?: number[];
  /** Observed outcomes in the order of `predicted` (splits the histogram by outcome). */
  observed?: (0 | 1)[];
  summary?: CalibrationSummary;
  /** Legend names of outcome 0 and 1. */
  outcomeLabels?: [string, string];
}

/** Options of {@link calibrationFigure}. */
export interface CalibrationOptions {
  title?: string;
  /** Histogram bin width on the probability scale. */
  binWidth?: number;
}

const FIGURE = "Calibration curve";

function checkCurve(name: string, curve: CalibrationCurve | undefined): asserts curve is CalibrationCurve {
  if (!curve) throw new RadlabInputError(`${FIGURE}: the ${name} curve is missing`);
  requireFiniteArray(FIGURE, `${name} curve x`, curve.x, 2);
  requireFiniteArray(FIGURE, `${name} curve y`, curve.y, 2);
  requireSameLength(FIGURE, { [`${name} curve x`]: curve.x, [`${name} curve y`]: curve.y });
}

/** Sorts a curve by x (lowess output is sorted already; a bootstrap table may not be). */
function sortedCurve(curve: CalibrationCurve): CalibrationCurve {
  const order = curve.x.map((_, n) => n).sort((a, b) => curve.x[a] - curve.x[b]);
  return { x: order.map((n) => curve.x[n]), y: order.map((n) => curve.y[n]) };
}

/** Builds one calibration panel (Fig. 5A or 5B). Throws when the apparent curve is missing or short. */
export function calibrationFigure(input: CalibrationInput, options: CalibrationOptions = {}): PlotlyFigure {
  checkCurve("apparent", input.apparent);
  if (input.biasCorrected) checkCurve("bias-corrected", input.biasCorrected);
  const traces: PlotlyTrace[] = [
    {
      type: "scatter",
      mode: "lines",
      name: "Ideal",
      x: [0, 1],
      y: [0, 1],
      line: { color: REFERENCE_GREY, width: 1, dash: "dash" },
      hoverinfo: "skip",
    },
  ];
  const apparent = sortedCurve(input.apparent);
  traces.push({
    type: "scatter",
    mode: "lines",
    name: input.apparentLabel ?? "Apparent",
    x: apparent.x,
    y: apparent.y,
    line: { color: OKABE_ITO.blue, width: 2 },
    hovertemplate: "predicted %{x:.3f}<br>observed %{y:.3f}<extra>apparent</extra>",
  });
  if (input.biasCorrected) {
    const corrected = sortedCurve(input.biasCorrected);
    traces.push({
      type: "scatter",
      mode: "lines",
      name: input.bootstrap
        ? `Bias-corrected (bootstrap B = ${input.bootstrap.B}${input.bootstrap.successful !== undefined && input.bootstrap.successful !== input.bootstrap.B ? `, ${input.bootstrap.successful} fitted` : ""})`
        : "Bias-corrected",
      x: corrected.x,
      y: corrected.y,
      line: { color: OKABE_ITO.vermillion, width: 2, dash: "dot" },
      hovertemplate: "predicted %{x:.3f}<br>observed %{y:.3f}<extra>bias-corrected</extra>",
    });
  }

  const hasHistogram = input.predicted !== undefined && input.predicted.length > 0;
  if (hasHistogram) {
    const predicted = input.predicted as number[];
    requireFiniteArray(FIGURE, "predicted probabilities", predicted);
    if (predicted.some((p) => p < 0 || p > 1))
      throw new RadlabInputError(`${FIGURE}: a predicted probability lies outside [0, 1]; were Rad-scores passed instead of probabilities?`);
    const bins = { start: 0, end: 1, size: options.binWidth ?? 0.02 };
    const histogram = (x: number[], name: string, colour: string): PlotlyTrace => ({
      type: "histogram",
      name,
      x,
      xbins: bins,
      autobinx: false,
      marker: { color: colour, line: { width: 0 } },
      opacity: 0.75,
      xaxis: "x",
      yaxis: "y2",
      hovertemplate: `%{x}: %{y} patients<extra>${name}</extra>`,
    });
    if (input.observed) {
      requireSameLength(FIGURE, { predicted, observed: input.observed });
      const [label0, label1] = input.outcomeLabels ?? ["Outcome 0", "Outcome 1"];
      const p0 = predicted.filter((_, n) => input.observed?.[n] === 0);
      const p1 = predicted.filter((_, n) => input.observed?.[n] === 1);
      if (p1.length) traces.push(histogram(p1, `Predictions, ${label1}`, OUTCOME_COLOURS.event));
      if (p0.length) traces.push(histogram(p0, `Predictions, ${label0}`, OUTCOME_COLOURS.nonEvent));
    } else traces.push(histogram(predicted, "Predictions", "#555555"));
  }

  const summary = input.summary ?? {};
  const lines = [
    summary.brier !== undefined ? `Brier ${formatNumber(summary.brier, 3)}` : "",
    summary.intercept !== undefined ? `${input.summaryIsApparent ? "Apparent intercept" : "Intercept"} ${formatNumber(summary.intercept, 3)}` : "",
    summary.slope !== undefined ? `${input.summaryIsApparent ? "Apparent slope" : "Slope"} ${formatNumber(summary.slope, 3)}` : "",
    summary.hosmerLemeshowP !== undefined ? `Hosmer–Lemeshow P ${formatP(summary.hosmerLemeshowP)}` : "",
  ].filter(Boolean);
  const annotations: Record<string, unknown>[] = lines.length
    ? [
        {
          text: lines.join("<br>"),
          xref: "x",
          yref: "y",
          x: 0.02,
          y: 0.98,
          xanchor: "left",
          yanchor: "top",
          align: "left",
          showarrow: false,
          font: { size: 11 },
        },
      ]
    : [];

  return {
    data: traces,
    layout: journalLayout({
      title: journalTitle(options.title ?? `${input.name} set`),
      width: 560,
      height: 620,
      barmode: "stack",
      xaxis: journalAxis("Predicted probability", { range: [0, 1], dtick: 0.2, tickformat: ".1f", anchor: hasHistogram ? "y2" : "y" }),
      yaxis: journalAxis("Observed proportion", { range: [0, 1], dtick: 0.2, tickformat: ".1f", domain: hasHistogram ? [0.3, 1] : [0, 1], anchor: "x" }),
      ...(hasHistogram ? { yaxis2: journalAxis("Count", { domain: [0, 0.2], anchor: "x", rangemode: "tozero", nticks: 3 }) } : {}),
      legend: { x: 0.98, xanchor: "right", y: hasHistogram ? 0.32 : 0.02, yanchor: "bottom", font: { size: 11 }, traceorder: "normal" },
      // The x axis sits under the histogram; this line closes the calibration panel above it.
      shapes: hasHistogram ? [{ type: "line", xref: "x", yref: "y", x0: 0, x1: 1, y0: 0, y1: 0, line: { color: "#000000", width: 1 } }] : [],
      annotations,
    }),
  };
}
