/**
 * Fig. 2B: LASSO coefficient paths, as `plot.glmnet(fit, xvar = "lambda")` draws them: each
 * feature's coefficient against log(λ), with the features kept at the chosen λ drawn in colour
 * and named in the legend under the plot, the others as thin grey lines, and λ.min / λ.1se marked.
 */
import { RadlabInputError } from "../errors.js";
import * as math from "../math.js";
import { requireFiniteArray } from "./checks.js";
import type { PlotlyFigure, PlotlyTrace } from "./figure.js";
import { countLabelIndices, lambdaLineLabel, nonZeroCountLabels } from "./lambda-path.js";
import { formatNumber, horizontalLine, journalAxis, journalLayout, journalTitle, seriesColour, seriesDash, verticalLine } from "./theme.js";

/** The LASSO path: glmnet's `beta` matrix as one array per feature. */
export interface CoefficientPathsInput {
  /** The λ path (decreasing, as glmnet makes it). */
  lambda: number[];
  /** Feature name → its coefficient at each λ (same length as `lambda`; intercept excluded). */
  coefficients: Record<string, number[]>;
  /** Features to colour and name; default: those non-zero at λ.min (or at the smallest λ). */
  selected?: string[];
  /** Marked with dashed lines when given. */
  lambdaMin?: number;
  lambda1se?: number;
  /** Non-zero coefficients per λ, printed along the top as in Fig. 2A (plot.glmnet's df axis). */
  nzero?: number[];
}

/** Options of {@link coefficientPathsFigure}. */
export interface CoefficientPathsOptions {
  title?: string;
}

const FIGURE = "Coefficient paths";

/** Builds Fig. 2B. Throws when the path is empty, ragged, or a selected feature has no path. */
export function coefficientPathsFigure(input: CoefficientPathsInput, options: CoefficientPathsOptions = {}): PlotlyFigure {
  const { lambda, coefficients } = input;
  requireFiniteArray(FIGURE, "lambda", lambda, 2);
  if (lambda.some((l) => l <= 0)) throw new RadlabInputError(`${FIGURE}: λ must be positive to take its log`);
  const names = Object.keys(coefficients ?? {});
  if (names.length === 0) throw new RadlabInputError(`${FIGURE}: no coefficient paths were given (the LASSO result needs its beta path)`);
  for (const name of names) {
    requireFiniteArray(FIGURE, `coefficients["${name}"]`, coefficients[name]);
    if (coefficients[name].length !== lambda.length) {
      throw new RadlabInputError(`${FIGURE}: coefficients["${name}"] has ${coefficients[name].length} values but lambda has ${lambda.length}`);
    }
  }
  const logLambda = lambda.map(math.log);
  const at = (value: number | undefined) => (value === undefined ? -1 : lambda.findIndex((l) => Math.abs(l - value) <= 1e-9 * value));
  const iMin = at(input.lambdaMin);
  if (input.lambdaMin !== undefined && iMin < 0) throw new RadlabInputError(`${FIGURE}: lambdaMin = ${input.lambdaMin} is not on the λ path`);
  const i1se = at(input.lambda1se);
  if (input.lambda1se !== undefined && i1se < 0) throw new RadlabInputError(`${FIGURE}: lambda1se = ${input.lambda1se} is not on the λ path`);

  const reference = iMin >= 0 ? iMin : lambda.indexOf(Math.min(...lambda));
  const selected = input.selected ?? names.filter((n) => coefficients[n][reference] !== 0);
  for (const name of selected) if (!(name in coefficients)) throw new RadlabInputError(`${FIGURE}: selected feature "${name}" has no coefficient path`);

  // All unselected features that ever leave zero share one grey trace, separated by gaps (null).
  const chosen = new Set(selected);
  const otherX: (number | null)[] = [];
  const otherY: (number | null)[] = [];
  for (const name of names) {
    if (chosen.has(name) || coefficients[name].every((b) => b === 0)) continue;
    otherX.push(...logLambda, null);
    otherY.push(...coefficients[name], null);
  }
  const traces: PlotlyTrace[] = [];
  if (otherX.length > 0) {
    traces.push({
      type: "scatter",
      mode: "lines",
      name: "Other features",
      x: otherX,
      y: otherY,
      line: { color: "#c8c8c8", width: 0.8 },
      hoverinfo: "skip",
      // Drawn first (under the selected paths) but listed last in the legend.
      legendrank: 2000,
    });
  }
  // Order the legend by the size of the coefficient at the reference λ, largest first.
  const ordered = [...selected].sort((a, b) => Math.abs(coefficients[b][reference]) - Math.abs(coefficients[a][reference]));
  ordered.forEach((name, n) => {
    traces.push({
      type: "scatter",
      mode: "lines",
      name,
      x: logLambda,
      y: coefficients[name],
      line: { color: seriesColour(n), width: 1.8, dash: seriesDash(n) },
      hovertemplate: `${name}<br>log(λ) = %{x:.3f}<br>β = %{y:.4f}<extra></extra>`,
    });
  });

  const shapes = [horizontalLine(0, { colour: "#000000", dash: "dot" })];
  const annotations: Record<string, unknown>[] = [];
  for (const [n, label] of [
    [iMin, "λ.min"],
    [i1se, "λ.1se"],
  ] as const) {
    if (n < 0 || (label === "λ.1se" && n === iMin)) continue;
    shapes.push(verticalLine(logLambda[n]));
    annotations.push(lambdaLineLabel(logLambda[n], `${label} = ${formatNumber(lambda[n], 4)}`));
  }
  if (input.nzero) {
    if (input.nzero.length !== lambda.length) throw new RadlabInputError(`${FIGURE}: nzero has ${input.nzero.length} values but lambda has ${lambda.length}`);
    annotations.push(...nonZeroCountLabels(logLambda, input.nzero, countLabelIndices(lambda.length, 10, [iMin, i1se])));
  }
  const lo = Math.min(...logLambda);
  const hi = Math.max(...logLambda);
  const pad = (hi - lo) * 0.02;
  const margin = { l: 70, r: 30, t: input.nzero ? 60 : 50, b: 60 };
  const legend = legendBelow(
    traces.map((t) => String(t.name)),
    FIGURE_WIDTH - margin.l - margin.r,
  );
  const height = PLOT_HEIGHT + margin.t + margin.b + legend.height;
  return {
    data: traces,
    layout: journalLayout({
      ...(options.title ? { title: journalTitle(options.title) } : {}),
      width: FIGURE_WIDTH,
      height,
      margin: { ...margin, b: margin.b + legend.height },
      xaxis: journalAxis("log(λ)", { range: [lo - pad, hi + pad] }),
      yaxis: journalAxis("Coefficient"),
      legend: { ...legend.layout, y: LEGEND_BOTTOM_GAP / height, title: { text: `Selected features (${selected.length})`, side: "top" } },
      shapes,
      annotations,
    }),
  };
}

const FIGURE_WIDTH = 900;
/** The plot area's height, whatever the legend under it takes. */
const PLOT_HEIGHT = 370;
const LEGEND_FONT_SIZE = 11;
/** What plotly.js adds to an entry's text width: the line sample (40 px) and the gaps around it. */
const LEGEND_SAMPLE_WIDTH = 50;
/** Space under the legend, in pixels. */
const LEGEND_BOTTOM_GAP = 10;
/** Legend rows: one line of 11 px text and its gap. */
const LEGEND_ROW = 19;

/**
 * The legend under the plot, in as many equal columns as the longest name allows, and the
 * height it takes. Beside the plot, PyRadiomics names (up to 60 characters) left the paths
 * about half of the figure's width; below it they leave the whole width.
 */
function legendBelow(names: string[], width: number): { layout: Record<string, unknown>; height: number } {
  // Arial's average glyph is about 0.55 em wide.
  const entryWidth = Math.ceil(Math.max(...names.map((n) => n.length)) * LEGEND_FONT_SIZE * 0.55) + LEGEND_SAMPLE_WIDTH;
  const columns = Math.max(1, Math.floor(width / entryWidth));
  const rows = Math.ceil(names.length / columns);
  // Rows, the title line, and the gaps below the x-axis title and under the legend.
  const height = (rows + 1) * LEGEND_ROW + 16 + LEGEND_BOTTOM_GAP;
  return {
    layout: {
      orientation: "h",
      x: 0,
      xanchor: "left",
      yref: "container",
      yanchor: "bottom",
      entrywidth: Math.floor(width / columns) - LEGEND_SAMPLE_WIDTH,
      entrywidthmode: "pixels",
      font: { size: LEGEND_FONT_SIZE },
    },
    height,
  };
}
