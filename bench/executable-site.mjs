#!/usr/bin/env node
/**
 * bench/executable-site: what a reader downloads and waits for with `radlab publish --executable`
 * (issue 14). Goals: the site without the cohort ≤ 30 MB; the first notebook ready (its kernel
 * idle) ≤ 5 s from page load.
 *
 *   npm run bench:executable-site [-- --runs N] [--port P] [--cases N]
 *
 * Publishes notebooks/05-reproduce-the-study.ipynb with --executable and no --data into a
 * temporary folder (the notebook is executed on a small demo cohort, --cases, default 12, in a
 * scratch RADLAB_DATA: its outputs hardly depend on the cohort's size), then prints the site's
 * size by part and its largest files. Then serves the folder as any static host would (Node's
 * http on 127.0.0.1) and opens it in Debian's Chromium N times, each in a fresh browser context
 * (empty cache, as a reader's first visit): the lab (run/lab/index.html) from navigation until the
 * notebook is shown and until its kernel is idle; baseline in the same command: the site's static
 * page of the same notebook (plotly.js, the widget bundle and its figures) until its load event.
 * Medians, with the load average.
 */
import { execFileSync } from "node:child_process";
import { createReadStream, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { loadavg, tmpdir } from "node:os";
import { extname, join, normalize, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const ROOT = resolve(fileURLToPath(import.meta.url), "..", "..");
const RADLAB = join(ROOT, "kernel-lib", "bin", "radlab.js");
const NOTEBOOK = "05-reproduce-the-study";
const GOAL_MB = 30;
const GOAL_S = 5;

const { values: args } = parseArgs({
  options: {
    runs: { type: "string", default: "3" },
    port: { type: "string", default: "8912" },
    cases: { type: "string", default: "12" },
  },
});
const RUNS = Number(args.runs);

if (!existsSync(join(ROOT, "kernel-lib", "dist", "index.js"))) {
  console.error("bench/executable-site: kernel-lib is not built; run `npm run build` first");
  process.exit(2);
}
const { launchChromium } = await import(join(ROOT, "kernel-lib", "dist", "plots", "export.js"));

const scratch = mkdtempSync(join(tmpdir(), "radlab-bench-site-"));
const site = join(scratch, "site");
let server;
let browser;
try {
  // the site (radlab publish builds the lab first if its sources changed)
  const publishStart = performance.now();
  execFileSync(process.execPath, [RADLAB, "publish", join(ROOT, "notebooks", `${NOTEBOOK}.ipynb`), "--out", site, "--executable"], {
    env: { ...process.env, RADLAB_DATA: join(scratch, "data"), RADLAB_DEMO_CASES: args.cases },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const publishSeconds = (performance.now() - publishStart) / 1000;

  // its size, by part
  const files = readdirSync(site, { recursive: true })
    .map((path) => ({ path: String(path).split(sep).join("/"), bytes: statSync(join(site, String(path))).size }))
    .filter((f) => statSync(join(site, f.path)).isFile());
  const total = files.reduce((sum, f) => sum + f.bytes, 0);
  const part = (test) => files.filter((f) => test(f.path)).reduce((sum, f) => sum + f.bytes, 0);
  const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
  const parts = [
    ["the lab's browser entry (run/static/browser.js)", part((p) => p === "run/static/browser.js")],
    ["the kernel's worker (run/static/radlab/radlab-kernel-worker.js)", part((p) => p.endsWith("radlab-kernel-worker.js"))],
    ["plotly.js, once (run/static/radlab/plotly.min.js)", part((p) => p.endsWith("plotly.min.js"))],
    ["itk-wasm's pipelines: DICOM and MHA readers, NRRD/NIfTI/MHA writers (run/static/radlab/itk/)", part((p) => p.startsWith("run/static/radlab/itk/"))],
    [
      "the lab's other chunks, fonts, schemas, themes (run/ else)",
      part((p) => p.startsWith("run/") && !p.startsWith("run/static/radlab/itk/") && !/(browser\.js|radlab-kernel-worker\.js|plotly\.min\.js)$/.test(p)),
    ],
    ["the widget bundle of the pages (assets/radlab-widgets.js)", part((p) => p === "assets/radlab-widgets.js")],
    ["the pages and the rest", part((p) => !p.startsWith("run/") && p !== "assets/radlab-widgets.js")],
  ];
  const load = loadavg()[0];

  // the site served as a static host serves it
  const TYPES = {
    ".html": "text/html",
    ".js": "text/javascript",
    ".css": "text/css",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".wasm": "application/wasm",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
  };
  server = createServer((request, response) => {
    let path = decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname);
    if (path.endsWith("/")) path += "index.html";
    const file = join(site, normalize(path));
    if (!file.startsWith(site + sep) || !existsSync(file) || !statSync(file).isFile()) return response.writeHead(404).end();
    response.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    createReadStream(file).pipe(response);
  });
  await new Promise((done) => server.listen(Number(args.port), "127.0.0.1", done));
  const origin = `http://127.0.0.1:${args.port}`;

  browser = await launchChromium();
  const lab = [];
  const pages = [];
  for (let run = 0; run < RUNS; run++) {
    // baseline: the static page of the same notebook, fresh cache
    let context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    let page = await context.newPage();
    let t0 = performance.now();
    await page.goto(`${origin}/${NOTEBOOK}.html`, { waitUntil: "load" });
    pages.push(performance.now() - t0);
    await context.close();
    // the lab, fresh cache
    context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    page = await context.newPage();
    const errors = [];
    page.on("pageerror", (error) => errors.push(error.message));
    t0 = performance.now();
    await page.goto(`${origin}/run/lab/index.html`, { waitUntil: "domcontentloaded" });
    const html = performance.now() - t0;
    await page.waitForSelector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell", { timeout: 120_000 });
    const shown = performance.now() - t0;
    await page.waitForFunction(() => window.jupyterapp?.shell.currentWidget?.sessionContext?.session?.kernel?.status === "idle", undefined, {
      timeout: 120_000,
      polling: 50,
    });
    const idle = performance.now() - t0;
    if (errors.length) throw new Error(`the lab's page failed: ${errors.join("; ")}`);
    lab.push({ html, shown, idle });
    await context.close();
    console.log(`run ${run + 1}: kernel idle ${(idle / 1000).toFixed(1)} s (static page ${(pages.at(-1) / 1000).toFixed(1)} s)`);
  }

  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
  const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
  const m = (key) => median(lab.map((r) => r[key]));
  console.log(`\nradlab publish ${NOTEBOOK}.ipynb --executable (no --data; ${args.cases}-case cohort; published in ${publishSeconds.toFixed(0)} s)`);
  console.log(
    `site: ${mb(total)} (${(total / 2 ** 20).toFixed(1)} MiB) in ${files.length} files — goal ≤ ${GOAL_MB} MB: ${(total / 1e6 / GOAL_MB).toFixed(2)}× the goal`,
  );
  for (const [name, bytes] of parts) console.log(`  ${mb(bytes).padStart(8)}  ${name}`);
  const largest = [...files].sort((a, b) => b.bytes - a.bytes).slice(0, 8);
  console.log(`  largest files: ${largest.map((f) => `${relative(".", f.path)} ${mb(f.bytes)}`).join(", ")}`);
  console.log(`\nfirst notebook ready from page load, fresh cache, median of ${RUNS} (load average ${load.toFixed(1)} → ${loadavg()[0].toFixed(1)}):`);
  console.log(`  HTML                       ${s(m("html"))}`);
  console.log(`  JupyterLab, notebook shown ${s(m("shown"))}`);
  console.log(`  kernel idle                ${s(m("idle"))}   (goal ${GOAL_S} s: ${(m("idle") / 1000 / GOAL_S).toFixed(2)}× the goal)`);
  console.log(`  baseline: the notebook's static page loaded ${s(median(pages))}; kernel idle / static page ${(m("idle") / median(pages)).toFixed(1)}×`);
} finally {
  await browser?.close();
  await new Promise((done) => (server ? server.close(done) : done()));
  rmSync(scratch, { recursive: true, force: true });
}
