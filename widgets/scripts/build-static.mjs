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
/** The modules that stand in for plotly.js (the page's) and for NiiVue's Zarr codecs (left out), shared with the lab's webpack build. */
const plotlyFromPage = join(root, "src", "renderers", "plotly-from-page.cjs");
const noZarrCodecs = join(root, "src", "renderers", "no-zarr-codecs.cjs");

/** esbuild plugin: `plotly.js-dist-min` → the page's `window.Plotly`; `numcodecs/*` → a module that says it is left out. */
const standIns = {
  name: "radlab-stand-ins",
  setup(build) {
    build.onResolve({ filter: /^plotly\.js-dist-min$/ }, () => ({ path: plotlyFromPage }));
    build.onResolve({ filter: /^numcodecs(\/|$)/ }, () => ({ path: noZarrCodecs }));
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
  plugins: [standIns],
});
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`widgets: ${outfile} (${(statSync(outfile).size / 1024 / 1024).toFixed(1)} MB) in ${seconds} s`);
