/** The part of plotly.js-dist-min (no bundled types) that radlab's renderers call. */
declare module "plotly.js-dist-min" {
  interface PlotlyStatic {
    newPlot(root: HTMLElement, data: unknown[], layout?: unknown, config?: unknown): Promise<HTMLElement>;
    react(root: HTMLElement, data: unknown[], layout?: unknown, config?: unknown): Promise<HTMLElement>;
    relayout(root: HTMLElement, update: Record<string, unknown>): Promise<HTMLElement>;
    purge(root: HTMLElement): void;
  }
  const Plotly: PlotlyStatic;
  export default Plotly;
}
