/**
 * Builds the standalone browser bundle widgets/dist/static/radlab-widgets.js (one IIFE file,
 * everything inlined but plotly.js, no CDN) with esbuild. `platform: "browser"` makes the build
 * fail if a renderer reaches a Node module (kernel-lib's browser entry must stay Node-free).
 *
 * plotly.js is not in the bundle: every page that loads the bundle loads plotly.js first (the
 * published pages ship it once in assets/ for their figures), so the renderers use the page's
 * `window.Plotly`; bundling a second copy made the bundle 7.3 MB instead of ~2.5.
 * Nor are numcodecs' Blosc, LZ4 and Zstandard decoders (1.4 MB of base64 WebAssembly), which
 * NiiVue's OME-Zarr reader (zarrita) imports on demand: the slice viewer is given NIfTI volumes
 * as arrays, never a Zarr store.
 */
import { mkdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outfile = join(root, "dist", "static", "radlab-widgets.js");
mkdirSync(dirname(outfile), { recursive: true });
/**
 * esbuild plugin: `plotly.js-dist-min` → the page's `window.Plotly`, looked up when a renderer
 * first uses it (so the bundle may load before plotly.js), with an error saying what is missing.
 */
const plotlyFromPage = {
  name: "plotly-from-page",
  setup(build) {
    build.onResolve({ filter: /^plotly\.js-dist-min$/ }, () => ({ path: "window.Plotly", namespace: "plotly-from-page" }));
    build.onLoad({ filter: /.*/, namespace: "plotly-from-page" }, () => ({
      contents: `const plotly = () => {
  if (!window.Plotly) throw new Error("radlab-widgets.js: plotly.js is not loaded; load plotly.min.js before using the widgets");
  return window.Plotly;
};
module.exports = new Proxy({}, { get: (_target, key) => (key === "__esModule" ? undefined : plotly()[key]) });`,
      loader: "js",
    }));
  },
};

/** esbuild plugin: `numcodecs/*` (imported by zarrita on demand only) → a module that says it is left out. */
const noZarrCodecs = {
  name: "no-zarr-codecs",
  setup(build) {
    build.onResolve({ filter: /^numcodecs(\/|$)/ }, ({ path }) => ({ path, namespace: "no-zarr-codecs" }));
    build.onLoad({ filter: /.*/, namespace: "no-zarr-codecs" }, ({ path }) => ({
      contents: `throw new Error(${JSON.stringify(`radlab-widgets.js: ${path} (a Zarr codec) is not in the bundle; the slice viewer reads NIfTI, not Zarr`)});`,
      loader: "js",
    }));
  },
};

const started = performance.now();
await build({
  entryPoints: [join(root, "src", "renderers", "static.ts")],
  outfile,
  bundle: true,
  format: "iife",
  platform: "browser",
  target: "es2022",
  minify: true,
  legalComments: "none",
  logLevel: "warning",
  plugins: [plotlyFromPage, noZarrCodecs],
});
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`widgets: ${outfile} (${(statSync(outfile).size / 1024 / 1024).toFixed(1)} MB) in ${seconds} s`);
