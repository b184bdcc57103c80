// `npm start` on a built checkout → the lab page ready with its kernel idle, and where the time goes.
//
//   node bench/lab-start.mjs [--runs N] [--port P]
//
// Needs a built checkout (npm run build; the lab built by a first `npm start` or `npm run
// test:e2e`) and the demo cohort (written by the first start): it times starts, not builds.
// The browser (Debian's headless Chromium) is started before the clock, as a user's browser is
// already open. Each run: `npm start -- --no-browser --port P` until it prints the URL (npm,
// node, Jupyter Server), then the page until the notebook is shown (bundle, settings, plugins),
// then until the tslab kernel is idle (kernel start); then Ctrl-C until every process is gone.
// Prints each phase's median over the runs and the total against the goal (10 s on the
// project's 2-core machine).
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { launchChromium } from "../kernel-lib/dist/plots/export.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({ options: { runs: { type: "string", default: "3" }, port: { type: "string", default: "8872" } } });
const runs = Number(values.runs);
const GOAL_S = 10;

if (!existsSync(join(root, "widgets", "dist", "lab", "static", "bundle.js")) || !existsSync(join(root, "kernel-lib", "dist", "cli", "main.js"))) {
  console.error("bench/lab-start: build first (npm run build, then npm start once or npm run test:e2e)");
  process.exit(2);
}

const browser = await launchChromium();

/** One start: milliseconds from the spawn to each milestone. */
async function oneStart() {
  const t0 = performance.now();
  const npm = spawn("npm", ["start", "--", "--no-browser", "--port", values.port], { cwd: root, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const marks = {};
  // Whatever happens, the lab is stopped (a failed run must not leave a server behind).
  process.once("exit", () => npm.exitCode === null && npm.signalCode === null && process.kill(-npm.pid, "SIGINT"));
  const exited = new Promise((done) => npm.once("exit", done));
  npm.stdout.on("data", (d) => {
    out += d;
    if (marks.radlab === undefined && /the notebook environment/.test(out)) marks.radlab = performance.now() - t0;
  });
  npm.stderr.on("data", (d) => {
    out += d;
  });
  while (!/The lab is at (\S+)/.test(out)) {
    if (npm.exitCode !== null) throw new Error(`npm start exited early:\n${out}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  marks.url = performance.now() - t0;
  const url = /The lab is at (\S+)/.exec(out)[1];
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  // `reset`: an empty workspace, as on a first start (not the tabs a previous session left open).
  await page.goto(`${url}&reset`, { waitUntil: "domcontentloaded" });
  marks.page = performance.now() - t0;
  await page.waitForSelector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell", { timeout: 120_000 });
  marks.notebook = performance.now() - t0;
  await page.waitForFunction(
    () => {
      const context = window.jupyterapp?.shell.currentWidget?.sessionContext;
      return context?.session?.kernel?.status === "idle";
    },
    null,
    { timeout: 120_000, polling: 50 },
  );
  marks.idle = performance.now() - t0;
  await page.close();
  const stopAt = performance.now();
  process.kill(-npm.pid, "SIGINT");
  await exited;
  marks.stop = performance.now() - stopAt;
  if (!/stopped\./.test(out)) throw new Error(`the lab did not say it stopped:\n${out}`);
  return marks;
}

const all = [];
for (let n = 0; n < runs; n++) {
  const marks = await oneStart();
  all.push(marks);
  console.log(`run ${n + 1}: ready with kernel idle in ${(marks.idle / 1000).toFixed(1)} s`);
}
await browser.close();

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
};
const m = Object.fromEntries(Object.keys(all[0]).map((k) => [k, median(all.map((r) => r[k]))]));
const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
console.log(`\nnpm start → lab ready with kernel idle, median of ${runs} (${process.env.CI ? "CI" : "this machine"}):`);
console.log(`  npm + node + radlab's checks        ${s(m.radlab)}`);
console.log(`  Jupyter Server up, URL printed      ${s(m.url - m.radlab)}`);
console.log(`  page loaded (HTML)                  ${s(m.page - m.url)}`);
console.log(`  lab started, notebook shown         ${s(m.notebook - m.page)}`);
console.log(`  tslab kernel started and idle       ${s(m.idle - m.notebook)}`);
console.log(`  total                               ${s(m.idle)}   (goal ${GOAL_S} s: ${(m.idle / 1000 / GOAL_S).toFixed(2)}× the goal)`);
console.log(`  Ctrl-C → every process gone         ${s(m.stop)}`);
