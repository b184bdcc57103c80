/**
 * Figs. 2C–D: the Rad-score of every patient as a bar, patients sorted by score, bars coloured
 * by the observed outcome and drawn from the cut-off, so a bar above the line is a patient the
 * model calls positive. One panel per cohort set (training, validation), sharing the y axis.
 */
import { RadlabInputError } from "../errors.js";
import { requireBinaryOutcome, requireFinite } from "./checks.js";
import type { PlotlyFigure, PlotlyTrace } from "./figure.js";
import { formatNumber, journalAxis, journalLayout, journalTitle, OUTCOME_COLOURS, panelDomains } from "./theme.js";

/** One patient's Rad-score and observed outcome (1 = event). */
export interface RadScorePatient {
  id: string | number;
  radScore: number;
  outcome: 0 | 1;
}

/** The patients of one cohort set, drawn as one panel. */
export interface RadScoreSet {
  /** Panel title, e.g. "Training" or "Validation". */
  name: string;
  patients: RadScorePatient[];
}

/** What {@link radScoreWaterfallFigure} draws: each set's patients by Rad-score, and the cut-off. */
export interface RadScoreWaterfallInput {
  sets: RadScoreSet[];
  /** The Rad-score cut-off (e.g. the Youden threshold chosen on training). */
  cutoff: number;
  /** Names of outcome 0 and outcome 1 in the legend, e.g. ["Ineffective", "Effective"]. */
  outcomeLabels?: [string, string];
}

/** Options of {@link radScoreWaterfallFigure}. */
export interface RadScoreWaterfallOptions {
  title?: string;
}

const FIGURE = "Rad-score waterfall";

/** Builds Figs. 2C–D. Throws when a set is empty, holds one outcome class only, or a score is not finite. */
export function radScoreWaterfallFigure(input: RadScoreWaterfallInput, options: RadScoreWaterfallOptions = {}): PlotlyFigure {
  requireFinite(FIGURE, "cutoff", input.cutoff);
  if (!input.sets?.length) throw new RadlabInputError(`${FIGURE}: no cohort sets were given`);
  const [label0, label1] = input.outcomeLabels ?? ["Outcome 0", "Outcome 1"];
  const domains = panelDomains(input.sets.length, 0.08);
  const traces: PlotlyTrace[] = [];
  const layout: Record<string, unknown> = {};
  const annotations: Record<string, unknown>[] = [];
  const shapes: Record<string, unknown>[] = [];
  let yMin = input.cutoff;
  let yMax = input.cutoff;

  input.sets.forEach((set, s) => {
    if (!set.patients?.length) throw new RadlabInputError(`${FIGURE}: the ${set.name} set has no patients (no ${set.name.toLowerCase()} data in the result)`);
    for (const [n, p] of set.patients.entries()) requireFinite(FIGURE, `${set.name} Rad-score of patient ${p.id ?? n}`, p.radScore);
    requireBinaryOutcome(
      FIGURE,
      set.name,
      set.patients.map((p) => p.outcome),
    );
    const sorted = [...set.patients].sort((a, b) => a.radScore - b.radScore);
    const axis = s === 0 ? "" : String(s + 1);
    for (const outcome of [0, 1] as const) {
      const rank: number[] = [];
      const height: number[] = [];
      const ids: string[] = [];
      sorted.forEach((p, n) => {
        if (p.outcome !== outcome) return;
        rank.push(n + 1);
        height.push(p.radScore - input.cutoff);
        ids.push(String(p.id));
      });
      traces.push({
        type: "bar",
        name: outcome === 1 ? label1 : label0,
        legendgroup: String(outcome),
        showlegend: s === 0,
        x: rank,
        y: height,
        base: input.cutoff,
        customdata: ids,
        marker: { color: outcome === 1 ? OUTCOME_COLOURS.event : OUTCOME_COLOURS.nonEvent, line: { width: 0 } },
        hovertemplate: `patient %{customdata}<br>Rad-score = %{y:.3f}<extra>${outcome === 1 ? label1 : label0}</extra>`,
        xaxis: `x${axis}`,
        yaxis: `y${axis}`,
      });
    }
    for (const p of sorted) {
      yMin = Math.min(yMin, p.radScore);
      yMax = Math.max(yMax, p.radScore);
    }
    layout[`xaxis${axis}`] = journalAxis(`${set.name} patients (n = ${sorted.length})`, {
      domain: domains[s],
      range: [0.3, sorted.length + 0.7],
      showticklabels: false,
      ticks: "",
      anchor: `y${axis}`,
    });
    layout[`yaxis${axis}`] = journalAxis(s === 0 ? "Rad-score" : "", {
      anchor: `x${axis}`,
      ...(s === 0 ? {} : { matches: "y", showticklabels: false }),
    });
    shapes.push({
      type: "line",
      xref: `x${axis} domain`,
      yref: `y${axis}`,
      x0: 0,
      x1: 1,
      y0: input.cutoff,
      y1: input.cutoff,
      line: { color: "#000000", width: 1, dash: "dash" },
    });
    annotations.push({
      text: set.name,
      xref: `x${axis} domain`,
      yref: "paper",
      x: 0.5,
      y: 1,
      yanchor: "bottom",
      showarrow: false,
      font: { size: 14 },
    });
  });
  annotations.push({
    text: `cut-off = ${formatNumber(input.cutoff, 3)}`,
    xref: "x domain",
    yref: "y",
    x: 0.02,
    y: input.cutoff,
    xanchor: "left",
    yanchor: "bottom",
    showarrow: false,
    font: { size: 11, color: "#333333" },
  });
  const pad = (yMax - yMin) * 0.05;
  (layout.yaxis as Record<string, unknown>).range = [yMin - pad, yMax + pad];
  return {
    data: traces,
    layout: journalLayout({
      ...(options.title ? { title: journalTitle(options.title) } : {}),
      width: 900,
      height: 420,
      barmode: "overlay",
      bargap: 0.15,
      legend: { orientation: "h", x: 0.5, xanchor: "center", y: -0.12, yanchor: "top", title: { text: "Observed outcome:", font: { size: 12 } } },
      margin: { l: 70, r: 20, t: options.title ? 80 : 40, b: 80 },
      ...layout,
      shapes,
      annotations,
    }),
  };
}
