#!/usr/bin/env node
/**
 * bench/run-all: Run All of the reproduction notebook (notebooks/05-reproduce-the-study.ipynb)
 * in the lab's browser mode (the kernel in a Web Worker of the page) against server mode (tslab
 * on Jupyter Server), on the same machine in the same command, as a ratio (issue 14).
 *
 *   npm run bench:run-all [-- --runs N] [--cases N] [--port P]
 *
 * Needs a built checkout with the lab built (npm run build && npm run build:lab -w
 * @radlab/widgets, or a first npm start) and Jupyter Server for the server mode. The cohort is
 * the seeded demo cohort with --cases patients (default 40, as the e2e tests) in a scratch
 * RADLAB_DATA, written once by the first start. Each run starts the lab as a user does
 * (`npm start -- --no-browser`, with `--browser` for browser mode), opens it in Debian's Chromium
 * in a fresh context, waits for the notebook's kernel to be idle, chooses Run All (the Run
 * menu's command) and times until every code cell has run and the kernel is idle again; then
 * Ctrl-C. The extraction cache (demo-study/) is removed before each run, so both modes extract
 * every case. Modes alternate within a run so that a change of the machine's load falls on
 * both. A run with an error output, or whose AUC line differs between the modes, fails.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const ROOT = resolve(fileURLToPath(import.meta.url), "..", "..");
const { values: args } = parseArgs({
  options: { runs: { type: "string", default: "2" }, cases: { type: "string", default: "40" }, port: { type: "string", default: "8914" } },
});
const RUNS = Number(args.runs);

if (!existsSync(join(ROOT, "widgets", "dist", "lab", "static", "browser.js")) || !existsSync(join(ROOT, "kernel-lib", "dist", "cli", "main.js"))) {
  console.error("bench/run-all: build first (npm run build && npm run build:lab -w @radlab/widgets)");
  process.exit(2);
}
const { launchChromium } = await import(join(ROOT, "kernel-lib", "dist", "plots", "export.js"));

const scratch = mkdtempSync(join(tmpdir(), "radlab-bench-run-all-"));
const data = join(scratch, "data");
const ENV = { ...process.env, RADLAB_DATA: data, RADLAB_DEMO_CASES: args.cases };

/** `npm start -- --no-browser --port P [--browser]`, resolved with its URL once printed. */
async function start(mode) {
  const argv = ["start", "--", "--no-browser", "--port", args.port, ...(mode === "browser" ? ["--browser"] : [])];
  const npm = spawn("npm", argv, { cwd: ROOT, env: ENV, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  npm.stdout.on("data", (d) => {
    out += d;
  });
  npm.stderr.on("data", (d) => {
    out += d;
  });
  const exited = new Promise((done) => npm.once("exit", done));
  const stop = async () => {
    if (npm.exitCode === null && npm.signalCode === null) process.kill(-npm.pid, "SIGINT");
    await exited;
  };
  process.once("exit", () => npm.exitCode === null && npm.signalCode === null && process.kill(-npm.pid, "SIGKILL"));
  while (!/The lab is at (\S+)/.test(out)) {
    if (npm.exitCode !== null) throw new Error(`npm start (${mode}) exited early:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  if (mode === "server" && /browser mode/.test(out)) {
    await stop();
    throw new Error(`npm start fell back to browser mode: the server mode needs Jupyter Server\n${out}`);
  }
  return { url: /The lab is at (\S+)/.exec(out)[1], stop };
}

/** One Run All in `mode`: seconds from the command to every cell run, and the AUC line printed. */
async function runAll(browser, mode) {
  rmSync(join(data, "demo-study"), { recursive: true, force: true });
  const lab = await start(mode);
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  try {
    const page = await context.newPage();
    // `reset`: an empty workspace (server mode keeps the last session's tabs otherwise)
    await page.goto(`${lab.url}${lab.url.includes("?") ? "&" : "?"}reset`);
    await page.waitForFunction(() => window.jupyterapp?.shell.currentWidget?.sessionContext?.session?.kernel?.status === "idle", undefined, {
      timeout: 300_000,
      polling: 100,
    });
    const t0 = performance.now();
    await page.evaluate(() => window.jupyterapp.commands.execute("notebook:run-all-cells"));
    await page.waitForFunction(
      () => {
        const panel = window.jupyterapp.shell.currentWidget;
        const cells = [...panel.content.model.cells].filter((c) => c.type === "code");
        return panel.sessionContext.session?.kernel?.status === "idle" && cells.every((c) => c.executionCount !== null);
      },
      undefined,
      { timeout: 1_800_000, polling: 100 },
    );
    const seconds = (performance.now() - t0) / 1000;
    const texts = await page.evaluate(() => {
      const found = [];
      for (const cell of window.jupyterapp.shell.currentWidget.content.model.cells) {
        if (cell.type !== "code") continue;
        for (let k = 0; k < cell.outputs.length; k++) {
          const o = cell.outputs.get(k).toJSON();
          const text = o.output_type === "error" ? `ERROR ${o.ename}: ${o.evalue}` : (o.text ?? o.data?.["text/plain"] ?? "");
          found.push(Array.isArray(text) ? text.join("") : String(text));
        }
      }
      return found;
    });
    const errors = texts.filter((t) => t.startsWith("ERROR "));
    if (errors.length) throw new Error(`Run All in ${mode} mode gave error output: ${errors.join("; ")}`);
    const auc = texts.join("\n").match(/AUC training [^\n]*/)?.[0];
    if (!auc) throw new Error(`Run All in ${mode} mode printed no AUC line`);
    return { seconds, auc };
  } finally {
    await context.close();
    await lab.stop();
  }
}

const browser = await launchChromium();
const times = { server: [], browser: [] };
const load = loadavg()[0];
try {
  for (let run = 0; run < RUNS; run++) {
    const order = run % 2 === 0 ? ["server", "browser"] : ["browser", "server"];
    const aucs = {};
    for (const mode of order) {
      const { seconds, auc } = await runAll(browser, mode);
      times[mode].push(seconds);
      aucs[mode] = auc;
      console.log(`run ${run + 1}, ${mode} mode: Run All in ${seconds.toFixed(1)} s — ${auc}`);
    }
    if (aucs.server !== aucs.browser) throw new Error(`the modes printed different AUCs:\n  server:  ${aucs.server}\n  browser: ${aucs.browser}`);
  }
} finally {
  await browser.close();
  rmSync(scratch, { recursive: true, force: true });
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const server = median(times.server);
const inBrowser = median(times.browser);
console.log(
  `\nRun All of 05-reproduce-the-study.ipynb, ${args.cases}-case demo cohort, median of ${RUNS} (load average ${load.toFixed(1)} → ${loadavg()[0].toFixed(1)}):`,
);
console.log(`  server mode (tslab on Jupyter Server)   ${server.toFixed(1)} s`);
console.log(`  browser mode (kernel in a Web Worker)   ${inBrowser.toFixed(1)} s   ${(inBrowser / server).toFixed(2)}× server mode`);
