/**
 * The Plotly figure spec that every builder in plots/ returns: plain JSON (no functions, no
 * typed arrays), so it can be sent to a notebook front end as `application/vnd.plotly.v1+json`,
 * written to result files, and drawn by plotly.js in a browser unchanged.
 *
 * Kept structural rather than importing plotly.js's own declarations, which need the DOM lib.
 */

/** One Plotly trace (scatter, bar, heatmap, box, histogram …), as plotly.js reads it. */
export type PlotlyTrace = { type: string; name?: string } & Record<string, unknown>;

/** Plotly layout: axes, shapes, annotations, legend, margins. */
export type PlotlyLayout = Record<string, unknown> & {
  shapes?: Record<string, unknown>[];
  annotations?: Record<string, unknown>[];
};

/** A complete figure: what `Plotly.newPlot(div, data, layout, config)` takes. */
export interface PlotlyFigure {
  data: PlotlyTrace[];
  layout: PlotlyLayout;
  config?: Record<string, unknown>;
}

/** True when `x` looks like a Plotly figure spec (used by display's `show`). */
export function isPlotlyFigure(x: unknown): x is PlotlyFigure {
  return typeof x === "object" && x !== null && Array.isArray((x as PlotlyFigure).data) && typeof (x as PlotlyFigure).layout === "object";
}
