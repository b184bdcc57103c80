// `plotly.js-dist-min` as the page's own plotly.js (window.Plotly), in the published pages'
// widget bundle (scripts/build-static.mjs): every page that loads the bundle loads
// assets/plotly.min.js first for its figures, so plotly.js is not bundled a second time (4.6 MB).
// Looked up on each use, not at load, so the message below says what is missing if a page forgot it.
// (The lab has its own stand-in, src/app/page-plotly.ts; the prebuilt JupyterLab extension
// bundles plotly.js, as a stock JupyterLab page has none.)
const plotly = () => {
  if (!globalThis.Plotly) throw new Error("radlab: plotly.js is not loaded on this page; load plotly.min.js before radlab's script");
  return globalThis.Plotly;
};
module.exports = new Proxy({}, { get: (_target, key) => (key === "__esModule" || key === "then" ? undefined : plotly()[key]) });
