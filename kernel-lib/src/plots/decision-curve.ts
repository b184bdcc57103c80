/**
 * Decision curve analysis (Vickers & Elkin 2006, Med Decis Making 26:565): net benefit
 * NB(pt) = TP/n − FP/n · pt / (1 − pt) of treating patients whose predicted probability is at
 * least the threshold pt, for the model(s), for treating everyone, and for treating no one (0).
 */
import { RadlabInputError } from "../errors.js";
import { requireFiniteArray, requireSameLength } from "./checks.js";
import type { PlotlyFigure, PlotlyTrace } from "./figure.js";
import { journalAxis, journalLayout, journalTitle, OKABE_ITO, REFERENCE_GREY, seriesColour } from "./theme.js";

/** One model's decision curve: its legend name and net benefit per threshold. */
export interface DecisionCurveModel {
  name: string;
  /** Net benefit at each threshold. */
  netBenefit: number[];
}

/** What {@link decisionCurveFigure} draws: the thresholds, each model's net benefit, treat all and treat none. */
export interface DecisionCurveInput {
  /** Threshold probabilities pt, increasing, in (0, 1). */
  threshold: number[];
  models: DecisionCurveModel[];
  /** Net benefit of treating everyone at each threshold. */
  treatAll: number[];
  /** Net benefit of treating no one (0 everywhere; drawn as 0 when absent). */
  treatNone?: number[];
}

/** Options of {@link decisionCurveFigure}. */
export interface DecisionCurveOptions {
  title?: string;
  /** Lower end of the y axis; treat-all falls steeply, so it is cut off here (default −0.05). */
  yMin?: number;
}

const FIGURE = "Decision curve";

/** Builds the decision curve. Throws when thresholds are missing, outside (0, 1) or not matched by the net benefits. */
export function decisionCurveFigure(input: DecisionCurveInput, options: DecisionCurveOptions = {}): PlotlyFigure {
  const { threshold } = input;
  requireFiniteArray(FIGURE, "threshold", threshold, 2);
  if (threshold.some((t) => t <= 0 || t >= 1)) throw new RadlabInputError(`${FIGURE}: threshold probabilities must lie in (0, 1)`);
  if (!input.models?.length) throw new RadlabInputError(`${FIGURE}: no model net benefits were given`);
  requireFiniteArray(FIGURE, "treat-all net benefit", input.treatAll);
  requireSameLength(FIGURE, { threshold, "treat-all net benefit": input.treatAll });
  for (const model of input.models) {
    requireFiniteArray(FIGURE, `${model.name} net benefit`, model.netBenefit);
    requireSameLength(FIGURE, { threshold, [`${model.name} net benefit`]: model.netBenefit });
  }
  const treatNone = input.treatNone ?? threshold.map(() => 0);
  requireSameLength(FIGURE, { threshold, "treat-none net benefit": treatNone });

  const traces: PlotlyTrace[] = input.models.map((model, n) => ({
    type: "scatter",
    mode: "lines",
    name: model.name,
    x: threshold,
    y: model.netBenefit,
    line: { color: n === 0 ? OKABE_ITO.vermillion : seriesColour(n + 1), width: 2 },
    hovertemplate: "pt = %{x:.2f}<br>net benefit = %{y:.3f}<extra>%{fullData.name}</extra>",
  }));
  traces.push(
    {
      type: "scatter",
      mode: "lines",
      name: "Treat all",
      x: threshold,
      y: input.treatAll,
      line: { color: OKABE_ITO.blue, width: 1.5, dash: "dash" },
      hovertemplate: "pt = %{x:.2f}<br>net benefit = %{y:.3f}<extra>treat all</extra>",
    },
    {
      type: "scatter",
      mode: "lines",
      name: "Treat none",
      x: threshold,
      y: treatNone,
      line: { color: REFERENCE_GREY, width: 1.5 },
      hoverinfo: "skip",
    },
  );
  const top = Math.max(...input.treatAll, ...input.models.flatMap((m) => m.netBenefit), 0);
  const yMin = options.yMin ?? -0.05;
  return {
    data: traces,
    layout: journalLayout({
      ...(options.title ? { title: journalTitle(options.title) } : {}),
      xaxis: journalAxis("Threshold probability", { range: [0, 1], dtick: 0.2, tickformat: ".1f" }),
      yaxis: journalAxis("Net benefit", { range: [yMin, top + 0.05 * (top - yMin)] }),
      legend: { x: 0.98, xanchor: "right", y: 0.98, yanchor: "top" },
    }),
  };
}
