/**
 * plotly.js in radlab's lab (both modes), standing in for `plotly.js-dist-min` (the webpack
 * build's alias): the page's one copy, static/radlab/plotly.min.js, which the lab build emits
 * and an executable site ships once (its browser kernel reads the same file). Its bytes are
 * fetched when the lab starts (prefetchPlotly) and evaluated on first use.
 *
 * Why not a <script> before the lab's entry: evaluating plotly.js (4.8 MB, MapLibre inside) took
 * about 1.9 s of the main thread in a Chromium trace on the 2-core machine, between page load and
 * the first notebook's kernel idle, although a notebook has no figure until it shows one. Why not a
 * lazy chunk: it was fetched on first use, when the reader of an executable site may have gone
 * offline; here the bytes are in memory from the start. The renderers call plotly.js
 * synchronously, so the first use evaluates it synchronously (fetching it then, synchronously,
 * in the unlikely case the prefetch has not finished).
 */

/** plotly.js as plotly.min.js leaves it on the window. */
type PlotlyGlobal = Record<PropertyKey, unknown>;

declare global {
  interface Window {
    Plotly?: PlotlyGlobal;
  }
}

let url = "";
let source: string | undefined;

/** Starts fetching plotly.min.js from `from` (once the lab starts); evaluated on first use. */
export function prefetchPlotly(from: string): void {
  url = from;
  void fetch(from)
    .then((response) => (response.ok ? response.text() : Promise.reject(new Error(`HTTP ${response.status}`))))
    .then(
      (text) => {
        source = text;
      },
      (error: Error) => console.warn(`radlab: plotly.js was not prefetched from ${from} (${error.message}); it is fetched when a figure is first drawn`),
    );
}

/** plotly.js, evaluated now if it has not been (plotly.min.js is a script that sets window.Plotly). */
function evaluated(): PlotlyGlobal {
  if (!window.Plotly) {
    let text = source;
    if (text === undefined) {
      if (!url) throw new Error("radlab: plotly.js is not available: the lab did not say where plotly.min.js is (prefetchPlotly)");
      const request = new XMLHttpRequest();
      request.open("GET", url, false);
      request.send();
      if (request.status !== 200) throw new Error(`radlab: plotly.js could not be read from ${url} (HTTP ${request.status})`);
      text = request.responseText;
    }
    source = undefined;
    // at global scope, as a <script> would run it; named for the developer tools' stack traces
    new Function(`${text}\n//# sourceURL=${url}`)();
    if (!window.Plotly) throw new Error(`radlab: ${url} did not define window.Plotly`);
  }
  return window.Plotly;
}

/** Removes a figure; before plotly.js has been evaluated there is none to remove. */
const purgeNothing = () => {};

/**
 * The module's default export, what the renderers import as `Plotly`: each property is plotly.js's
 * (evaluating it on first use). `then` is not forwarded, so that a dynamic import resolving to
 * this object does not take it for a promise.
 */
const Plotly = new Proxy({} as PlotlyGlobal, {
  get: (_target, key) => {
    if (key === "then" || key === "__esModule") return undefined;
    if (key === "purge" && !window.Plotly) return purgeNothing;
    return evaluated()[key];
  },
});
export default Plotly;
