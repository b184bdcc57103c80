/**
 * Builds the standalone browser bundle widgets/dist/static/radlab-widgets.js (one IIFE file,
 * everything inlined, no CDN) with esbuild. `platform: "browser"` makes the build fail if a
 * renderer reaches a Node module (kernel-lib's browser entry must stay Node-free).
 */
import { mkdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outfile = join(root, "dist", "static", "radlab-widgets.js");
mkdirSync(dirname(outfile), { recursive: true });
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
});
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`widgets: ${outfile} (${(statSync(outfile).size / 1024 / 1024).toFixed(1)} MB) in ${seconds} s`);
