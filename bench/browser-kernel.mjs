#!/usr/bin/env node
/**
 * bench/browser-kernel: the 432 features of one NPC-sized demo case (160×160×24 voxels), warm, in
 * the lab's browser kernel (kernel-lib's browser build in a Web Worker, Debian's Chromium) against
 * kernel-lib in Node, in the same command. Goal (issue 14): browser ≤ 1.5 × Node.
 *
 *   npm run bench:browser [-- --runs N] [--port P] [--case K] [--profile]
 *
 * The case is case K of a seeded demo cohort written to a temporary folder (`radlab demo-data`,
 * 4 cases); by default NPC002, the largest of them (15,692 ROI voxels; the cohort's ROIs are
 * 5,000–16,500). The same function (`measure` below, sent to the worker as a cell)
 * reads the image and mask and extracts with the default settings, timing each with
 * performance.now(); the worker reads the files from a static server on 127.0.0.1, as the lab
 * does. Each side runs once to warm up (JIT, WebAssembly compile, caches), then N times,
 * alternating Node and browser so that a change of the machine's load falls on both. Prints the
 * median of each and their ratio. --profile also times each feature family alone and the whole
 * extraction with kernel-lib's JavaScript loops instead of its WebAssembly kernels, on both sides:
 * where the time goes when the ratio is over the goal.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const ROOT = resolve(fileURLToPath(import.meta.url), "..", "..");
const DIST = join(ROOT, "kernel-lib", "dist");
const GOAL = 1.5;

const { values: args } = parseArgs({
  options: {
    runs: { type: "string", default: "7" },
    port: { type: "string", default: "8910" },
    case: { type: "string", default: "1" },
    profile: { type: "boolean", default: false },
  },
});
const RUNS = Number(args.runs);
/** Extractions per run (their mean is the run's time: a single one is tens of milliseconds). */
const REPEAT = 5;

if (!existsSync(join(DIST, "index.js"))) {
  console.error("bench/browser-kernel: kernel-lib is not built; run `npm run build` first");
  process.exit(2);
}
const rl = await import(join(DIST, "index.js"));
const { launchChromium } = await import(join(DIST, "plots", "export.js"));
const { buildBrowserKernel } = await import(join(ROOT, "widgets", "scripts", "build-browser-kernel.mjs"));
const { printedJson, serveKernelPage } = await import(join(ROOT, "widgets", "scripts", "kernel-page.mjs"));

/**
 * One measurement, the same code in Node and in the worker (sent as its source): read the image
 * and the mask, extract `repeat` times (all families, or `families`), and say how long the reading
 * and one extraction took, and what came out.
 */
async function measure(rl, imagePath, maskPath, families, noWasm, repeat) {
  // RADLAB_NO_WASM=1: kernel-lib's JavaScript loops instead of its WebAssembly kernels (read at each call)
  process.env.RADLAB_NO_WASM = noWasm ? "1" : "0";
  const t0 = performance.now();
  const image = await rl.readVolume(imagePath);
  const mask = await rl.readMask(maskPath, { image, label: 1 });
  const t1 = performance.now();
  const settings = families ? { ...rl.DEFAULT_SETTINGS, families } : rl.DEFAULT_SETTINGS;
  let result;
  for (let k = 0; k < repeat; k++) result = rl.extractFeatures(image, mask, settings);
  const t2 = performance.now();
  return { read: t1 - t0, extract: (t2 - t1) / repeat, features: Object.keys(result.features).length, voxels: mask.voxelCount, size: image.size };
}

// the case: a small seeded demo cohort in a scratch folder
const folder = mkdtempSync(join(tmpdir(), "radlab-bench-browser-"));
const cohort = join(folder, "cohort");
const made = spawnSync(process.execPath, [join(ROOT, "kernel-lib", "bin", "radlab.js"), "demo-data", "--cases", "4", "--out", cohort], { encoding: "utf8" });
if (made.status !== 0) throw new Error(`radlab demo-data failed:\n${made.stderr}`);
const demoCase = rl.readManifest(join(cohort, "manifest.csv")).cases[Number(args.case)];
const relativePath = (path) => path.slice(cohort.length + 1);

// the worker, built from the current sources (esbuild, a few seconds)
const { file: workerFile, bytes } = await buildBrowserKernel();

const server = await serveKernelPage({
  title: "radlab browser-kernel bench",
  cwd: "/cohort",
  workerFile,
  mounts: { "/files/cohort/": cohort },
  port: Number(args.port),
});

const browser = await launchChromium();
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${args.port}/`);
  await page.evaluate("window.startKernel()");
  /** Runs `measure` in the worker (paths relative to the cohort, the worker's cwd); its JSON result. */
  const inBrowser = async (families, noWasm) => {
    const call = `(${measure.toString()})(rl, ${JSON.stringify(relativePath(demoCase.image))}, ${JSON.stringify(relativePath(demoCase.mask))}, ${JSON.stringify(families)}, ${JSON.stringify(noWasm)}, ${REPEAT})`;
    return printedJson(page, `import * as rl from "@radlab/kernel-lib";\nconsole.log(JSON.stringify(await ${call}));`);
  };
  const inNode = (families, noWasm) => measure(rl, demoCase.image, demoCase.mask, families, noWasm, REPEAT);

  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
  const timeBoth = async (families, runs, noWasm = false) => {
    const node = [];
    const web = [];
    let shape;
    await inNode(families, noWasm); // warm-up
    await inBrowser(families, noWasm);
    for (let k = 0; k < runs; k++) {
      const n = await inNode(families, noWasm);
      const b = await inBrowser(families, noWasm);
      if (n.features !== b.features) throw new Error(`Node gave ${n.features} features, the browser ${b.features}`);
      node.push(n);
      web.push(b);
      shape = n;
    }
    const m = (list, key) => median(list.map((r) => r[key]));
    const least = (list) => Math.min(...list.map((r) => r.extract));
    return {
      shape,
      node: { read: m(node, "read"), extract: m(node, "extract"), least: least(node) },
      web: { read: m(web, "read"), extract: m(web, "extract"), least: least(web) },
    };
  };

  const load = loadavg()[0];
  const all = await timeBoth(undefined, RUNS);
  const ms = (x) => `${x.toFixed(1)} ms`.padStart(9);
  console.log(
    `\nbrowser kernel (${(bytes / 1e6).toFixed(1)} MB worker, Chromium) vs Node ${process.version}: demo case ${demoCase.id}, ` +
      `${all.shape.size.join("×")} voxels, ROI ${all.shape.voxels} voxels, ${all.shape.features} features; median of ${RUNS} warm runs (each the mean of ${REPEAT} extractions); ` +
      `load average ${load.toFixed(1)} → ${loadavg()[0].toFixed(1)}`,
  );
  console.log(`                          Node    browser   ratio`);
  console.log(`  read image + mask  ${ms(all.node.read)}  ${ms(all.web.read)}   ${(all.web.read / all.node.read).toFixed(2)}×`);
  console.log(
    `  432 features       ${ms(all.node.extract)}  ${ms(all.web.extract)}   ${(all.web.extract / all.node.extract).toFixed(2)}×   (goal ≤ ${GOAL}×: ${all.web.extract / all.node.extract <= GOAL ? "met" : "NOT met"})`,
  );
  // on a busy machine the fastest run is the steadier figure (the least disturbed by other work)
  console.log(`  432 features, best ${ms(all.node.least)}  ${ms(all.web.least)}   ${(all.web.least / all.node.least).toFixed(2)}×`);
  if (args.profile) {
    const runs = Math.max(3, Math.ceil(RUNS / 2));
    const line = (name, r) => console.log(`  ${name.padEnd(17)}${ms(r.node.extract)}  ${ms(r.web.extract)}   ${(r.web.extract / r.node.extract).toFixed(2)}×`);
    console.log(`\nwhere the time goes (median of ${runs}):`);
    for (const family of rl.FAMILIES) line(family, await timeBoth([family], runs));
    line("all, no WASM", await timeBoth(undefined, runs, true));
    console.log("  (no WASM: RADLAB_NO_WASM=1, kernel-lib's JavaScript loops in place of its WebAssembly kernels)");
  }
} finally {
  await browser.close();
  await new Promise((done) => server.close(done));
  rmSync(folder, { recursive: true, force: true });
}
