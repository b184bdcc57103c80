/**
 * The Plotly MIME renderer: draws `application/vnd.plotly.v1+json` (what kernel-lib's
 * `show(figure)` sends, `{data, layout, config}`) with plotly.js-dist-min.
 *
 * Written here rather than taken from npm because jupyterlab-plotly on npm is a JupyterLab 3
 * extension (see shared/docs/stack-notes.md). plotly.js (~4.8 MB) is evaluated on the first
 * figure: in radlab's lab the copy the lab fetched as it started (widgets/src/app/page-plotly.ts),
 * in the prebuilt extension a chunk of its own.
 *
 * The renderer is `safe`: a figure is data, never script, so it renders in an untrusted
 * notebook too, while the figure's `text/html` fallback (which carries a `<script>`) is not
 * chosen there. Its rank is below text/html's (50), so the lab prefers it over the fallback.
 */
import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";
import { Widget } from "@lumino/widgets";

export const PLOTLY_MIME_TYPE = "application/vnd.plotly.v1+json";

/** The figure as kernel-lib sends it (plots/figure.ts `PlotlyFigure` plus its config). */
export interface PlotlyFigureData {
  data: Record<string, unknown>[];
  layout?: Record<string, unknown>;
  config?: Record<string, unknown>;
}

/** The three plotly.js calls this renderer makes. */
interface PlotlyApi {
  react(root: HTMLElement, data: unknown[], layout?: unknown, config?: unknown): Promise<unknown>;
  purge(root: HTMLElement): void;
  Plots: { resize(root: HTMLElement): Promise<void> | void };
}

let plotly: Promise<PlotlyApi> | undefined;

/** plotly.js, loaded once per page on the first figure. */
function loadPlotly(): Promise<PlotlyApi> {
  plotly ??= import("plotly.js-dist-min").then((module) => module.default as unknown as PlotlyApi);
  return plotly;
}

/** Checks the shape this renderer relies on; the message says what is wrong. */
export function plotlyFigureProblem(value: unknown): string | null {
  if (typeof value !== "object" || value === null) return "the figure is not a JSON object";
  const figure = value as PlotlyFigureData;
  if (!Array.isArray(figure.data)) return 'the figure has no "data" array of traces';
  if (figure.layout !== undefined && (typeof figure.layout !== "object" || figure.layout === null)) return '"layout" is not an object';
  if (figure.config !== undefined && (typeof figure.config !== "object" || figure.config === null)) return '"config" is not an object';
  return null;
}

/** One Plotly figure in an output area. */
export class PlotlyRenderer extends Widget implements IRenderMime.IRenderer {
  private readonly mimeType: string;
  private plotted = false;

  constructor(options: IRenderMime.IRendererOptions) {
    super();
    this.mimeType = options.mimeType;
    this.addClass("radlab-PlotlyRenderer");
  }

  async renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    const figure = model.data[this.mimeType];
    const problem = plotlyFigureProblem(figure);
    if (problem) {
      this.node.textContent = `radlab: cannot draw this Plotly figure: ${problem}`;
      return;
    }
    const { data, layout = {}, config = {} } = figure as unknown as PlotlyFigureData;
    const api = await loadPlotly();
    if (this.isDisposed) return;
    await api.react(this.node, data, layout, { displaylogo: false, ...config });
    this.plotted = true;
  }

  /** Plotly sizes to its container; the container has its width only once attached. */
  protected override onAfterShow(): void {
    this.resize();
  }

  protected override onResize(): void {
    this.resize();
  }

  private resize(): void {
    if (!this.plotted || !this.isVisible) return;
    void loadPlotly().then((api) => api.Plots.resize(this.node));
  }

  override dispose(): void {
    if (this.plotted) void loadPlotly().then((api) => api.purge(this.node));
    super.dispose();
  }
}

/** The renderer factory registered with the lab's rendermime registry. */
export const plotlyRendererFactory: IRenderMime.IRendererFactory = {
  safe: true,
  mimeTypes: [PLOTLY_MIME_TYPE],
  defaultRank: 0,
  createRenderer: (options) => new PlotlyRenderer(options),
};

/** The Plotly renderer as a JupyterLab MIME extension. */
export const plotlyExtension: IRenderMime.IExtension = {
  id: "@radlab/widgets:plotly",
  description: "Draws Plotly figures (application/vnd.plotly.v1+json) with plotly.js.",
  rendererFactory: plotlyRendererFactory,
  rank: 0,
  dataType: "json",
};
