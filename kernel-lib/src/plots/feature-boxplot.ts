/**
 * Features by outcome: for each feature a box (median, Tukey's hinges, whiskers to the furthest
 * point within 1.5 × the hinge spread: R's `boxplot.stats(coef = 1.5)`) per outcome class with every patient drawn as a jittered point over it, so the
 * reader sees the distribution and the sample size, not only the summary.
 */
import { RadlabInputError } from "../errors.js";
import { requireBinaryOutcome, requireFiniteArray, requireSameLength } from "./checks.js";
import type { PlotlyFigure, PlotlyTrace } from "./figure.js";
import { formatP, journalAxis, journalLayout, journalTitle, OUTCOME_COLOURS } from "./theme.js";

/** What {@link featureBoxplotFigure} draws: each feature's values by outcome. */
export interface FeatureBoxplotInput {
  /** Feature name → its values over patients, in the order of `outcome`. */
  features: Record<string, ArrayLike<number>>;
  /** Observed outcome per patient (1 = event). */
  outcome: ArrayLike<number>;
  /** Legend names of outcome 0 and 1. */
  outcomeLabels?: [string, string];
  /** P value per feature (e.g. Wilcoxon), printed above its boxes. */
  pValues?: Record<string, number>;
  /** Y axis title, e.g. "z-score" when the features are standardised. */
  valueLabel?: string;
}

/** Options of {@link featureBoxplotFigure}. */
export interface FeatureBoxplotOptions {
  title?: string;
}

const FIGURE = "Feature box plot";

/** Builds the box-and-strip plot. Throws when a feature is ragged or non-finite, or the outcome has one class. */
export function featureBoxplotFigure(input: FeatureBoxplotInput, options: FeatureBoxplotOptions = {}): PlotlyFigure {
  const names = Object.keys(input.features ?? {});
  if (names.length === 0) throw new RadlabInputError(`${FIGURE}: no features were given`);
  requireBinaryOutcome(FIGURE, "given", input.outcome);
  for (const name of names) {
    requireFiniteArray(FIGURE, `feature "${name}"`, input.features[name]);
    requireSameLength(FIGURE, { outcome: input.outcome, [`feature "${name}"`]: input.features[name] });
  }
  const [label0, label1] = input.outcomeLabels ?? ["Outcome 0", "Outcome 1"];
  const traces: PlotlyTrace[] = ([0, 1] as const).map((cls) => {
    const x: string[] = [];
    const y: number[] = [];
    for (const name of names) {
      const values = input.features[name];
      for (let i = 0; i < values.length; i++) {
        if (input.outcome[i] !== cls) continue;
        x.push(name);
        y.push(values[i]);
      }
    }
    const colour = cls === 1 ? OUTCOME_COLOURS.event : OUTCOME_COLOURS.nonEvent;
    return {
      type: "box",
      name: cls === 1 ? label1 : label0,
      x,
      y,
      boxpoints: "all",
      jitter: 0.5,
      pointpos: 0,
      // Tukey's hinges (median in both halves), as R's boxplot() computes them with fivenum().
      quartilemethod: "inclusive",
      marker: { color: colour, size: 3.5, opacity: 0.6 },
      line: { color: colour, width: 1.5 },
      fillcolor: "rgba(255,255,255,0)",
      hovertemplate: "%{x}<br>%{y:.3f}<extra>%{fullData.name}</extra>",
    };
  });
  const annotations = names
    .filter((name) => input.pValues?.[name] !== undefined)
    .map((name) => ({
      x: name,
      xref: "x",
      y: 1,
      yref: "paper",
      yanchor: "bottom",
      text: `P ${formatP(input.pValues?.[name] as number).replace(/^(\d)/, "= $1")}`,
      showarrow: false,
      font: { size: 11 },
    }));
  const long = names.some((n) => n.length > 14);
  return {
    data: traces,
    layout: journalLayout({
      ...(options.title ? { title: journalTitle(options.title) } : {}),
      width: Math.max(520, 110 * names.length + 160),
      height: long ? 560 : 460,
      boxmode: "group",
      boxgap: 0.3,
      boxgroupgap: 0.15,
      xaxis: journalAxis("", { tickangle: long ? -35 : 0, ticks: "" }),
      yaxis: journalAxis(input.valueLabel ?? "Feature value"),
      legend: { orientation: "h", x: 0.5, xanchor: "center", y: 1.02, yanchor: "bottom" },
      margin: { l: 70, r: 30, t: annotations.length ? 80 : 60, b: 60 },
      annotations,
    }),
  };
}
