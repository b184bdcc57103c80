/**
 * The text/html fallback of a figure: a div and a script calling Plotly.newPlot, readable in
 * the classic notebook, in nbconvert HTML and in any browser without a Plotly extension.
 * plotly.js itself (≈ 4.8 MB) goes into the first figure's HTML of a notebook only; later
 * figures queue their drawing until it has loaded, so outputs work in document order.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { plotlyScriptPath } from "../plots/export.js";
import type { PlotlyFigure } from "../plots/figure.js";

/** MIME type of a Plotly figure (JupyterLab's plotly renderer and radlab's widget read it). */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

let plotlySource: string | undefined;
function plotlyJs(): string {
  plotlySource ??= readFileSync(plotlyScriptPath(), "utf8");
  return plotlySource;
}

/** JSON that is safe inside a <script> element (no "</script>", no U+2028/9 line breaks). */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/**
 * plotly.js inline, then the drawing of every figure that was waiting for it. RequireJS (the
 * classic notebook) would capture plotly's UMD bundle as an anonymous AMD module and leave
 * window.Plotly unset, so `define` is hidden while it loads.
 */
export function plotlyLoaderHtml(): string {
  return (
    '<script type="text/javascript">window.__radlabDefine = window.define; window.define = undefined;</script>\n' +
    `<script type="text/javascript">${plotlyJs().replace(/<\/script/gi, "<\\/script")}</script>\n` +
    '<script type="text/javascript">window.define = window.__radlabDefine;' +
    "(window.__radlabPlotlyQueue || []).forEach(function (draw) { draw(); }); window.__radlabPlotlyQueue = [];</script>"
  );
}

export interface PlotlyHtmlOptions {
  /** Put plotly.js itself into this HTML (the first figure of a notebook, or a standalone page). */
  includePlotlyJs?: boolean;
  /** Element id of the figure's div (random by default). */
  divId?: string;
}

/** The HTML of one figure: div + drawing script, plotly.js first when asked. */
export function plotlyFigureHtml(figure: PlotlyFigure, options: PlotlyHtmlOptions = {}): string {
  const id = options.divId ?? `radlab-plot-${randomBytes(6).toString("hex")}`;
  const layout = figure.layout as { width?: number; height?: number };
  const style = `width:${layout.width ?? 640}px;height:${layout.height ?? 480}px`;
  const config = { responsive: false, displaylogo: false, ...figure.config };
  const draw =
    '<script type="text/javascript">(function () {' +
    `var draw = function () { window.Plotly.newPlot(${JSON.stringify(id)}, ${scriptJson(figure.data)}, ${scriptJson(figure.layout)}, ${scriptJson(config)}); };` +
    "if (window.Plotly) draw(); else (window.__radlabPlotlyQueue = window.__radlabPlotlyQueue || []).push(draw);" +
    "})();</script>";
  const div = `<div id="${id}" class="radlab-plot" style="${style}"></div>`;
  return `${options.includePlotlyJs ? `${plotlyLoaderHtml()}\n` : ""}${div}\n${draw}`;
}

/** A standalone HTML page of one figure (plotly.js inline). */
export function plotlyFigurePage(figure: PlotlyFigure, title = "radlab figure"): string {
  return `<!doctype html>\n<html><head><meta charset="utf-8"><title>${title.replace(/</g, "&lt;")}</title></head><body>\n${plotlyFigureHtml(figure, { includePlotlyJs: true })}\n</body></html>\n`;
}
