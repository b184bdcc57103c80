/**
 * Figs. 3–4: ROC curves of the Rad-score, training and validation, with the AUC and its 95 %
 * CI (DeLong) in the legend and the operating point of the cut-off marked: the Youden point
 * (max sensitivity + specificity − 1) on training, and the same cut-off applied to validation.
 */
import { RadlabInputError } from "../errors.js";
import { requireBinaryOutcome, requireFinite, requireFiniteArray, requireSameLength } from "./checks.js";
import type { PlotlyFigure, PlotlyTrace } from "./figure.js";
import { formatNumber, journalAxis, journalLayout, journalTitle, panelDomains, REFERENCE_GREY, seriesColour, seriesDash } from "./theme.js";

/** A point on the ROC curve where a cut-off puts the model. */
export interface RocOperatingPoint {
  sensitivity: number;
  specificity: number;
  threshold?: number;
  /** Legend text, e.g. "Youden cut-off" or "training cut-off". */
  label?: string;
}

/** One ROC curve and its summary. */
export interface RocCurveInput {
  /** "Training", "Validation" … */
  name: string;
  /** Curve points (as pROC lists them: thresholds −∞ … +∞). */
  sensitivity: number[];
  specificity: number[];
  auc: number;
  /** DeLong 95 % CI; the legend omits the CI when absent. */
  ciLow?: number;
  ciHigh?: number;
  operatingPoint?: RocOperatingPoint;
}

/** What {@link rocFigure} draws: one ROC curve per cohort set. */
export interface RocInput {
  curves: RocCurveInput[];
}

/** Options of {@link rocFigure}. */
export interface RocOptions {
  title?: string;
  /** One plot with every curve (default), or one panel per curve side by side. */
  arrangement?: "overlay" | "side-by-side";
}

const FIGURE = "ROC curve";

/**
 * The empirical ROC curve of a score, with pROC's thresholds (pROC 1.18 `roc(direction = "<")`):
 * −∞, the midpoints of consecutive sorted unique scores, +∞; positive when score > threshold.
 * Sensitivity = TP / events, specificity = TN / non-events at each threshold.
 */
export function empiricalRocCurve(
  scores: ArrayLike<number>,
  outcomes: ArrayLike<number>,
  set = "scored",
): { threshold: number[]; sensitivity: number[]; specificity: number[] } {
  requireFiniteArray(FIGURE, `${set} scores`, scores);
  requireSameLength(FIGURE, { scores, outcomes });
  const { events, nonEvents } = requireBinaryOutcome(FIGURE, set, outcomes);
  const order = Array.from(scores, (_, n) => n).sort((a, b) => scores[a] - scores[b]);
  const unique: number[] = [];
  for (const n of order) if (unique.length === 0 || scores[n] !== unique[unique.length - 1]) unique.push(scores[n]);
  const threshold = [-Infinity];
  for (let u = 1; u < unique.length; u++) threshold.push((unique[u - 1] + unique[u]) / 2);
  threshold.push(Infinity);
  // Sweep the thresholds upwards: every score at or below one moves from "positive" to "negative".
  const sensitivity: number[] = [];
  const specificity: number[] = [];
  let tp = events;
  let tn = 0;
  let cursor = 0;
  for (const t of threshold) {
    while (cursor < order.length && scores[order[cursor]] <= t) {
      if (outcomes[order[cursor]] === 1) tp--;
      else tn++;
      cursor++;
    }
    sensitivity.push(tp / events);
    specificity.push(tn / nonEvents);
  }
  return { threshold, sensitivity, specificity };
}

/** The legend text of a curve: "Training: AUC 0.965 (95% CI 0.933–0.997)". */
export function aucLabel(curve: Pick<RocCurveInput, "name" | "auc" | "ciLow" | "ciHigh">): string {
  const ci = curve.ciLow !== undefined && curve.ciHigh !== undefined ? ` (95% CI ${formatNumber(curve.ciLow, 3)}–${formatNumber(curve.ciHigh, 3)})` : "";
  return `${curve.name}: AUC ${formatNumber(curve.auc, 3)}${ci}`;
}

function checkCurve(curve: RocCurveInput): void {
  const what = `${curve.name ?? "unnamed"} curve`;
  requireFiniteArray(FIGURE, `${what} sensitivity`, curve.sensitivity, 2);
  requireFiniteArray(FIGURE, `${what} specificity`, curve.specificity, 2);
  requireSameLength(FIGURE, { [`${what} sensitivity`]: curve.sensitivity, [`${what} specificity`]: curve.specificity });
  for (const v of [...curve.sensitivity, ...curve.specificity]) {
    if (v < 0 || v > 1) throw new RadlabInputError(`${FIGURE}: ${what} has a sensitivity or specificity of ${v}, outside [0, 1]`);
  }
  requireFinite(FIGURE, `${what} AUC`, curve.auc);
  if (curve.operatingPoint) {
    requireFinite(FIGURE, `${what} operating-point sensitivity`, curve.operatingPoint.sensitivity);
    requireFinite(FIGURE, `${what} operating-point specificity`, curve.operatingPoint.specificity);
  }
}

/** Builds the ROC figure. Throws when there is no curve, or a curve is too short, out of [0, 1] or has no AUC. */
export function rocFigure(input: RocInput, options: RocOptions = {}): PlotlyFigure {
  if (!input.curves?.length) throw new RadlabInputError(`${FIGURE}: no ROC curves were given`);
  input.curves.forEach(checkCurve);
  const sideBySide = options.arrangement === "side-by-side" && input.curves.length > 1;
  const traces: PlotlyTrace[] = [];
  const axes: Record<string, unknown> = {};
  const shapes: Record<string, unknown>[] = [];
  const annotations: Record<string, unknown>[] = [];
  const panels = sideBySide ? input.curves.length : 1;
  const domains = panelDomains(panels, 0.1);

  input.curves.forEach((curve, n) => {
    const panel = sideBySide ? n : 0;
    const suffix = panel === 0 ? "" : String(panel + 1);
    const colour = seriesColour(n);
    traces.push({
      type: "scatter",
      mode: "lines",
      name: aucLabel(curve),
      x: curve.specificity.map((s) => 1 - s),
      y: curve.sensitivity,
      line: { color: colour, width: 2, dash: seriesDash(n), shape: "linear" },
      hovertemplate: `1 − specificity = %{x:.3f}<br>sensitivity = %{y:.3f}<extra>${curve.name}</extra>`,
      xaxis: `x${suffix}`,
      yaxis: `y${suffix}`,
    });
    const point = curve.operatingPoint;
    if (point) {
      const cut = point.threshold !== undefined ? ` ${formatNumber(point.threshold, 3)}` : "";
      traces.push({
        type: "scatter",
        mode: "markers",
        name: `${curve.name} ${point.label ?? "Youden cut-off"}${cut}: Se ${formatNumber(point.sensitivity, 3)}, Sp ${formatNumber(point.specificity, 3)}`,
        x: [1 - point.specificity],
        y: [point.sensitivity],
        marker: { color: colour, size: 10, symbol: n === 0 ? "circle" : "square", line: { color: "#000000", width: 1 } },
        xaxis: `x${suffix}`,
        yaxis: `y${suffix}`,
      });
    }
  });

  for (let p = 0; p < panels; p++) {
    const suffix = p === 0 ? "" : String(p + 1);
    axes[`xaxis${suffix}`] = journalAxis("1 − Specificity", {
      range: [-0.01, 1.01],
      dtick: 0.2,
      tickformat: ".1f",
      domain: domains[p],
      anchor: `y${suffix}`,
      constrain: "domain",
    });
    axes[`yaxis${suffix}`] = journalAxis("Sensitivity", {
      range: [-0.01, 1.01],
      dtick: 0.2,
      tickformat: ".1f",
      anchor: `x${suffix}`,
      scaleanchor: `x${suffix}`,
      scaleratio: 1,
      constrain: "domain",
    });
    // The chance diagonal: a reference, not data, so a shape rather than a trace.
    shapes.push({ type: "line", xref: `x${suffix}`, yref: `y${suffix}`, x0: 0, y0: 0, x1: 1, y1: 1, line: { color: REFERENCE_GREY, width: 1, dash: "dot" } });
    if (sideBySide) {
      // Side by side, each panel carries its own AUC and cut-off text instead of a shared legend.
      const curve = input.curves[p];
      const point = curve.operatingPoint;
      const lines = [aucLabel(curve).replace(`${curve.name}: `, "")];
      if (point) lines.push(`${point.label ?? "Youden cut-off"}: Se ${formatNumber(point.sensitivity, 3)}, Sp ${formatNumber(point.specificity, 3)}`);
      annotations.push({ text: curve.name, xref: `x${suffix} domain`, yref: "paper", x: 0.5, y: 1, yanchor: "bottom", showarrow: false, font: { size: 14 } });
      annotations.push({
        text: lines.join("<br>"),
        xref: `x${suffix} domain`,
        yref: `y${suffix} domain`,
        x: 0.98,
        y: 0.03,
        xanchor: "right",
        yanchor: "bottom",
        align: "right",
        showarrow: false,
        font: { size: 11 },
      });
    }
  }
  return {
    data: traces,
    layout: journalLayout({
      ...(options.title ? { title: journalTitle(options.title) } : {}),
      width: sideBySide ? 1000 : 600,
      height: sideBySide ? 560 : 600,
      ...axes,
      showlegend: !sideBySide,
      legend: { x: 0.98, xanchor: "right", y: 0.02, yanchor: "bottom", font: { size: 11 } },
      shapes,
      annotations,
    }),
  };
}
