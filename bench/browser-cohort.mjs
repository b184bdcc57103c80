#!/usr/bin/env node
/**
 * bench/browser-cohort: a cohort's extraction (rl.extractCohort, the 432 features of every case)
 * in the browser kernel's worker with 2 workers — its pool of Web Workers nested in the kernel's
 * worker — against 1 worker (the cases in the kernel's own thread), in the same command; and, as
 * the reference of what this machine gives two threads, Node's runner with 2 worker threads
 * against 1, on the same cases.
 *
 *   npm run bench:browser-cohort [-- --cases N] [--runs R] [--port P]
 *
 * The cohort is a seeded demo cohort of N cases (default 24) in a scratch folder; the worker
 * reads it from a static server on 127.0.0.1, as the lab does. The kernel is warmed by one run
 * with 1 worker; then R runs (default 3) of each, alternating 1 and 2 workers (Node the same),
 * so a change of the machine's load falls on both. The control: two kernels (two pages) each
 * extracting the cohort in its own thread at once, against one: what two of Chromium's threads
 * get on this machine, pool or no pool. Each run with 2 workers starts its pool anew,
 * as Node's runner starts its threads anew: that start (the kernel's bundle loaded again, the
 * JIT cold in each worker) is part of the time. Prints the medians, the ratios, the cores the
 * browser reports (navigator.hardwareConcurrency) and the load average before and after.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const ROOT = resolve(fileURLToPath(import.meta.url), "..", "..");
const DIST = join(ROOT, "kernel-lib", "dist");

const { values: args } = parseArgs({
  options: {
    cases: { type: "string", default: "24" },
    runs: { type: "string", default: "3" },
    port: { type: "string", default: "8909" },
  },
});
const CASES = Number(args.cases);
const RUNS = Number(args.runs);

if (!existsSync(join(DIST, "index.js"))) {
  console.error("bench/browser-cohort: kernel-lib is not built; run `npm run build` first");
  process.exit(2);
}
const rl = await import(join(DIST, "index.js"));
const { launchChromium } = await import(join(DIST, "plots", "export.js"));
const { buildBrowserKernel } = await import(join(ROOT, "widgets", "scripts", "build-browser-kernel.mjs"));
const { printedJson, serveKernelPage } = await import(join(ROOT, "widgets", "scripts", "kernel-page.mjs"));

/** One run, the same code in Node and in the worker (sent as its source): the cohort's extraction, timed. */
async function extract(rl, manifest, workers) {
  const t0 = performance.now();
  const extraction = await rl.extractCohort(rl.readManifest(manifest), rl.DEFAULT_SETTINGS, { workers });
  return { ms: performance.now() - t0, rows: extraction.table.numRows(), failed: extraction.failures.length };
}

const folder = mkdtempSync(join(tmpdir(), "radlab-bench-cohort-"));
const cohort = join(folder, "cohort");
await rl.writeDemoCohort({ out: cohort, cases: CASES });
const { file: workerFile, bytes } = await buildBrowserKernel();

const server = await serveKernelPage({
  title: "radlab browser-cohort bench",
  cwd: "/cohort",
  workerFile,
  mounts: { "/files/cohort/": cohort },
  port: Number(args.port),
});

const browser = await launchChromium();
try {
  // two pages, each its own kernel: the second only for the control (two kernels side by side)
  const [page, other] = [await browser.newPage(), await browser.newPage()];
  for (const p of [page, other]) {
    await p.goto(`http://127.0.0.1:${args.port}/`);
    await p.evaluate("window.startKernel()");
  }
  const cores = await page.evaluate("navigator.hardwareConcurrency");
  const inBrowser = (workers, on = page) =>
    printedJson(on, `import * as rl from "@radlab/kernel-lib";\nconsole.log(JSON.stringify(await (${extract.toString()})(rl, "manifest.csv", ${workers})));`);
  const inNode = (workers) => extract(rl, join(cohort, "manifest.csv"), workers);
  const check = (run, where) => {
    if (run.rows !== CASES || run.failed !== 0) throw new Error(`${where}: ${run.rows} rows, ${run.failed} failed, of ${CASES} cases`);
    return run.ms;
  };

  const loadBefore = loadavg()[0];
  await inBrowser(1); // warm-up: JIT, WebAssembly compile, the site's files read
  await inBrowser(1, other);
  await inNode(1);
  /** The control: both kernels extract the cohort at once, in their own threads (no pool): what two threads of Chromium get here. */
  const sideBySide = async () => {
    const started = performance.now();
    const runs = await Promise.all([inBrowser(1), inBrowser(1, other)]);
    for (const run of runs) check(run, "two kernels side by side");
    return performance.now() - started;
  };
  const times = { browser1: [], browser2: [], node1: [], node2: [], sideBySide: [] };
  for (let k = 0; k < RUNS; k++) {
    times.browser1.push(check(await inBrowser(1), "browser, 1 worker"));
    times.browser2.push(check(await inBrowser(2), "browser, 2 workers"));
    times.sideBySide.push(await sideBySide());
    times.node1.push(check(await inNode(1), "Node, 1 worker"));
    times.node2.push(check(await inNode(2), "Node, 2 workers"));
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
  const m = Object.fromEntries(Object.entries(times).map(([key, list]) => [key, median(list)]));
  const s = (x) => `${(x / 1000).toFixed(2)} s`.padStart(8);
  console.log(
    `\ncohort extraction, ${CASES} demo cases (160×160×24 voxels, 432 features each), median of ${RUNS}; ` +
      `browser kernel ${(bytes / 1e6).toFixed(1)} MB, Chromium reports ${cores} cores; Node ${process.version}; ` +
      `load average ${loadBefore.toFixed(1)} → ${loadavg()[0].toFixed(1)}`,
  );
  console.log("                 1 worker  2 workers  2 / 1");
  console.log(`  browser        ${s(m.browser1)}  ${s(m.browser2)}   ${(m.browser2 / m.browser1).toFixed(2)}×`);
  console.log(`  Node           ${s(m.node1)}  ${s(m.node2)}   ${(m.node2 / m.node1).toFixed(2)}×`);
  console.log(`  browser / Node ${`${(m.browser1 / m.node1).toFixed(2)}×`.padStart(8)}  ${`${(m.browser2 / m.node2).toFixed(2)}×`.padStart(9)}`);
  console.log(
    `  control: two kernels side by side, each the cohort in its own thread, ${s(m.sideBySide).trim()} for twice the cases: ` +
      `${(m.sideBySide / m.browser1).toFixed(2)}× one kernel's time (1.00× with two free cores, 2.00× with one)`,
  );
} finally {
  await browser.close();
  await new Promise((done) => server.close(done));
  rmSync(folder, { recursive: true, force: true });
}
