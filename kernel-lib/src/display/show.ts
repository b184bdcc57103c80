/**
 * `show(x)`: one call that puts any radlab result into the notebook. A figure becomes one MIME
 * bundle (Plotly JSON + a self-contained text/html fallback + text/plain), a table becomes
 * HTML, a slice becomes its preview figure, a study result becomes every figure and table it
 * supports. `toMimeBundle(x)` builds the same bundle without a kernel (for tests, files, widgets).
 */
import { RadlabInputError } from "../errors.js";
import type { Slice } from "../io/roi.js";
import { isPlotlyFigure, type PlotlyFigure } from "../plots/figure.js";
import { type RoiSlicePanel, roiSliceFigure } from "../plots/roi-slice.js";
import { figuresFromStudyResult, type StudyFigureOptions, type StudyFigures } from "../plots/study-result.js";
import { type FormattedTable, tableToHtml } from "../plots/tables.js";
import type { StudyResult } from "../stats/study-result.js";
import { PLOTLY_MIME, plotlyFigureHtml } from "./plotly-html.js";
import { arqueroTableHtml, arqueroTableText, isArqueroTable, type TableHtmlOptions } from "./table-html.js";
import { type DisplayBundleOptions, displayMimeBundle, type MimeBundle, type TslabJupyter } from "./tslab.js";
import { isRadlabWidget } from "./widget.js";

/** Per kernel process: has plotly.js been sent in a text/html output yet? */
const notebookState = { plotlyJsSent: false };

/** Forget that plotly.js was sent (a new notebook in the same process, or tests). */
export function resetNotebookState(): void {
  notebookState.plotlyJsSent = false;
}

/** Whether the next figure's HTML will carry plotly.js. */
export function plotlyJsPending(): boolean {
  return !notebookState.plotlyJsSent;
}

/** Options of {@link toMimeBundle}: table layout, and whether a figure's HTML carries plotly.js. */
export interface MimeBundleOptions extends TableHtmlOptions {
  /** Include plotly.js in a figure's text/html (default false; `show` sets it once per notebook). */
  includePlotlyJs?: boolean;
}

function isFormattedTable(x: unknown): x is FormattedTable {
  const t = x as FormattedTable;
  return typeof x === "object" && x !== null && Array.isArray(t.columns) && Array.isArray(t.rows);
}

function isSlice(x: unknown): x is Slice {
  const s = x as Slice;
  return typeof x === "object" && x !== null && s.data instanceof Float32Array && typeof s.width === "number" && typeof s.axis === "string";
}

function isSlicePanel(x: unknown): x is RoiSlicePanel {
  return typeof x === "object" && x !== null && isSlice((x as RoiSlicePanel).image);
}

/** A study result of any version (figuresFromStudyResult refuses a version it does not read, naming it). */
function isStudyResult(x: unknown): x is StudyResult {
  const version = (x as { schema?: unknown } | null)?.schema;
  return typeof x === "object" && x !== null && typeof version === "string" && version.startsWith("radlab.study-result/");
}

/** Plotly config for notebook figures: no logo, and the camera button saves SVG for a manuscript. */
export const NOTEBOOK_PLOTLY_CONFIG = { displaylogo: false, toImageButtonOptions: { format: "svg", filename: "radlab-figure" } } as const;

/** The output of figuresFromStudyResult: {figures, tables, skipped}. */
function isStudyFigures(x: unknown): x is StudyFigures {
  const s = x as StudyFigures;
  return typeof x === "object" && x !== null && typeof s.figures === "object" && typeof s.tables === "object" && Array.isArray(s.skipped);
}

/** The bundle of one figure: Plotly JSON, HTML fallback, plain-text summary. */
export function figureBundle(figure: PlotlyFigure, options: MimeBundleOptions = {}): MimeBundle {
  const title = (figure.layout.title as { text?: string } | undefined)?.text;
  const withConfig = { ...figure, config: { ...NOTEBOOK_PLOTLY_CONFIG, ...figure.config } };
  return {
    [PLOTLY_MIME]: { data: figure.data, layout: figure.layout, config: withConfig.config },
    "text/html": plotlyFigureHtml(withConfig, { includePlotlyJs: options.includePlotlyJs }),
    "text/plain": `<Plotly figure${title ? ` "${title}"` : ""}: ${figure.data.length} trace${figure.data.length === 1 ? "" : "s"}>`,
  };
}

/** The bundle of one value; throws RadlabInputError for a value radlab cannot show. Study results give one bundle per figure and table. */
export function toMimeBundles(x: unknown, options: MimeBundleOptions & StudyFigureOptions = {}): MimeBundle[] {
  if (isRadlabWidget(x)) return [x.bundle({ includePlotlyJs: options.includePlotlyJs })];
  if (isPlotlyFigure(x)) return [figureBundle(x, options)];
  if (isFormattedTable(x)) return [{ "text/html": tableToHtml(x), "text/plain": [x.columns.join("\t"), ...x.rows.map((r) => r.join("\t"))].join("\n") }];
  if (isArqueroTable(x)) return [{ "text/html": arqueroTableHtml(x, options), "text/plain": arqueroTableText(x) }];
  if (isSlice(x)) return [figureBundle(roiSliceFigure({ image: x }), options)];
  if (isSlicePanel(x)) return [figureBundle(roiSliceFigure(x), options)];
  if (isStudyFigures(x)) {
    return [
      ...Object.values(x.figures).map((f, n) => figureBundle(f, { ...options, includePlotlyJs: options.includePlotlyJs && n === 0 })),
      ...Object.values(x.tables).flatMap((t) => toMimeBundles(t)),
    ];
  }
  if (isStudyResult(x)) {
    const { figures, tables, skipped } = figuresFromStudyResult(x, options);
    const bundles = [
      ...Object.values(figures).map((f, n) => figureBundle(f, { ...options, includePlotlyJs: options.includePlotlyJs && n === 0 })),
      ...Object.values(tables).flatMap((t) => toMimeBundles(t)),
    ];
    if (skipped.length) bundles.push({ "text/plain": `Not drawn:\n${skipped.map((s) => `  ${s.name}: ${s.reason}`).join("\n")}` });
    return bundles;
  }
  throw new RadlabInputError(
    `show: cannot display ${x === null ? "null" : typeof x === "object" ? (x.constructor?.name ?? "this object") : typeof x}; expected a Plotly figure, a table, an arquero table, a slice, a study result or a widget (sliceViewer, lambdaExplorer, featureTable)`,
  );
}

/** The single bundle of a value that has one (a figure, a table, a slice). */
export function toMimeBundle(x: unknown, options: MimeBundleOptions = {}): MimeBundle {
  const bundles = toMimeBundles(x, options);
  if (bundles.length !== 1) throw new RadlabInputError(`toMimeBundle: this value makes ${bundles.length} outputs; use toMimeBundles`);
  return bundles[0];
}

/** Options of {@link show}: table layout, the tables a study figure needs, and the output's display id. */
export interface ShowOptions extends TableHtmlOptions, StudyFigureOptions, DisplayBundleOptions {
  /** Put plotly.js into this output's HTML even if it was sent before (e.g. after clearing the outputs that carried it). */
  includePlotlyJs?: boolean;
  /** Test hook: the tslab module to write to (default: the running kernel's). */
  jupyter?: TslabJupyter;
}

/**
 * Displays a figure, table, arquero table, slice, study result or widget in the running tslab
 * notebook. plotly.js rides along in the first figure's HTML of the kernel process only.
 */
export function show(x: unknown, options: ShowOptions = {}): void {
  let includePlotlyJs = options.includePlotlyJs ?? !notebookState.plotlyJsSent;
  for (const bundle of toMimeBundles(x, { ...options, includePlotlyJs })) {
    displayMimeBundle(bundle, options, options.jupyter);
    if (includePlotlyJs && (PLOTLY_MIME in bundle || (isRadlabWidget(x) && x.drawsFigures))) {
      notebookState.plotlyJsSent = true;
      includePlotlyJs = false;
    }
  }
}
