/**
 * Every notebook of notebooks/ in the lab's two modes on the same data (issue 14: "every
 * notebook runs unchanged in both modes"; "the same notebook in server mode and in browser mode
 * gives identical numbers"): one lab per mode, both started as a user starts them (`npm start --
 * --no-browser`, server mode = tslab on Jupyter Server; `--browser` = the TypeScript kernel in a
 * Web Worker), each notebook opened in each and run with Run All, no error output in either,
 * and then the outputs compared output by output: every
 * text (stream, text/plain, text/html, text/markdown) and every JSON payload (Plotly figures,
 * radlab's widget bundles) must be equal, numbers bit for bit, after the few normalisations
 * below, each of which removes only what legitimately differs between the modes.
 *
 * This test found that the modes printed different numbers: the engines' Math.log/exp/pow differ
 * in the last bit (Node 20's V8 against Chromium's), which ill-conditioned fits carry into
 * printed digits; kernel-lib now computes with its own functions (kernel-lib/src/math.ts).
 *
 * Each notebook starts from the same state in both modes, the seeded demo cohort alone (written
 * once, copied to each mode's data folder): the browser kernel keeps what a notebook writes in
 * its worker's memory, which goes with the kernel, so the server mode's data folder is emptied of
 * what a notebook wrote (demo-study/) before the next one runs. The server mode opens copies of
 * the notebooks under artifacts/ (its autosave writes there, never into notebooks/). The two
 * modes run each notebook at the same time; the six take about 3.5 minutes on a 2-core machine
 * (40 cases; each of 02–06 extracts them in each mode).
 *
 * Outputs of both modes are written to artifacts/notebook-parity/ for reading a failure.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../kernel-lib/src/plots/export.js";
import { ctrlC, npmStart, REPO, type RunningLab } from "./lab-harness.js";
import { type CellOutput, closeNotebook, notebookOutputsJson, openNotebook, runAll } from "./notebook-page.js";

const CASES = 40;
const SERVER_PORT = 8910;
const BROWSER_PORT = 8911;
const ARTIFACTS = join(REPO, "artifacts", "notebook-parity");
/** The server mode's copies of the notebooks, inside the checkout (the lab's root). */
const SERVER_NOTEBOOKS = join(ARTIFACTS, "notebooks");
const NOTEBOOKS = readdirSync(join(REPO, "notebooks"))
  .filter((f) => f.endsWith(".ipynb"))
  .sort();

/**
 * What legitimately differs between the modes, and nothing else: each is put the same way in
 * both modes' outputs (every string of every output, JSON payloads included) before they are
 * compared.
 * 1. The data folder's path. Under tslab the kernel inherits the lab's RADLAB_DATA, an absolute
 *    path of this machine; the browser kernel is never given host paths (publish/browser-lab.ts
 *    notebookSettings), so its notebooks use their default "../data", which kernel-lib resolves
 *    against the notebook's folder /notebooks to "/data".
 * 2. The element id of a figure's HTML fallback (radlab-plot-<12 random hex digits>): random in
 *    each run, in either mode. The figure itself is compared as data (its Plotly JSON).
 * 3. When a result was made (provenance "created", an ISO time) and how long a cell took
 *    (02 prints "432 features in N ms").
 */
function normaliser(serverData: string): (mode: "server" | "browser", text: string) => string {
  return (mode, text) => {
    let out =
      mode === "server"
        ? text.split(serverData).join("<data>")
        : text
            .split("../data")
            .join("<data>")
            .replace(/(?<![\w.~-])\/data(?=\/|\b)/g, "<data>");
    out = out.replace(/radlab-plot-[0-9a-f]{12}\b/g, "radlab-plot-<id>");
    out = out.replace(/\b(\d+ features) in \d+ ms\b/g, "$1 in <t> ms");
    return out;
  };
}
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

/**
 * The differences between two outputs after normalising, as readable lines (path: server ≠
 * browser), empty when equal: every string exactly, every number bit for bit (Object.is), every
 * key in both.
 */
function differences(server: unknown, browser: unknown, normalise: (mode: "server" | "browser", text: string) => string, path: string, key = ""): string[] {
  const show = (v: unknown) => {
    const text = typeof v === "string" ? JSON.stringify(v) : String(JSON.stringify(v) ?? v);
    return text.length > 160 ? `${text.slice(0, 160)}… (${text.length} characters)` : text;
  };
  if (typeof server === "string" && typeof browser === "string") {
    if (key === "created" && ISO_TIME.test(server) && ISO_TIME.test(browser)) return [];
    const [a, b] = [normalise("server", server), normalise("browser", browser)];
    if (a === b) return [];
    let at = 0;
    while (a[at] === b[at]) at++;
    const from = Math.max(0, at - 60);
    return [`${path}: differs at character ${at}: server ${show(a.slice(from, at + 100))} ≠ browser ${show(b.slice(from, at + 100))}`];
  }
  if (typeof server === "object" && server !== null && typeof browser === "object" && browser !== null && Array.isArray(server) === Array.isArray(browser)) {
    const keys = [...new Set([...Object.keys(server), ...Object.keys(browser)])];
    return keys.flatMap((k) => {
      const [a, b] = [(server as Record<string, unknown>)[k], (browser as Record<string, unknown>)[k]];
      if (!(k in server) || !(k in browser)) return [`${path}.${k}: only in ${k in server ? "server" : "browser"} mode: ${show(k in server ? a : b)}`];
      return differences(a, b, normalise, `${path}.${k}`, k);
    });
  }
  return Object.is(server, browser) ? [] : [`${path}: server ${show(server)} ≠ browser ${show(browser)}`];
}

interface Mode {
  lab: RunningLab;
  page: Page;
  /** The notebook's path from the lab's root. */
  path: (name: string) => string;
  /** Each notebook's outputs in this mode. */
  outputs: Map<string, CellOutput[]>;
}

describe("every notebook in the lab's server mode and browser mode", () => {
  let folder: string;
  let serverData: string;
  let browser: Browser;
  const modes = {} as Record<"server" | "browser", Mode>;
  const started = Date.now();

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), "radlab-parity-"));
    serverData = join(folder, "server-data");
    const browserData = join(folder, "browser-data");
    rmSync(ARTIFACTS, { recursive: true, force: true });
    mkdirSync(SERVER_NOTEBOOKS, { recursive: true });
    for (const name of NOTEBOOKS) cpSync(join(REPO, "notebooks", name), join(SERVER_NOTEBOOKS, name));
    const env = { RADLAB_DEMO_CASES: String(CASES) };
    // the browser lab writes the cohort (radlab lab does when its data folder has none); the server mode gets a copy
    const browserLab = await npmStart(["--browser", "--no-browser", "--port", String(BROWSER_PORT), `notebooks/${NOTEBOOKS[0]}`], {
      ...env,
      RADLAB_DATA: browserData,
    });
    cpSync(join(browserData, "demo-cohort"), join(serverData, "demo-cohort"), { recursive: true });
    const serverLab = await npmStart(["--no-browser", "--port", String(SERVER_PORT), `artifacts/notebook-parity/notebooks/${NOTEBOOKS[0]}`], {
      ...env,
      RADLAB_DATA: serverData,
    });
    browser = await launchChromium();
    const page = async (lab: RunningLab) => {
      const p = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
      await p.goto(lab.url);
      return p;
    };
    modes.server = { lab: serverLab, page: await page(serverLab), path: (n) => `artifacts/notebook-parity/notebooks/${n}`, outputs: new Map() };
    modes.browser = { lab: browserLab, page: await page(browserLab), path: (n) => `notebooks/${n}`, outputs: new Map() };
  }, 900_000);

  afterAll(async () => {
    await browser?.close();
    for (const mode of Object.values(modes)) {
      ctrlC(mode.lab);
      await mode.lab.exited;
    }
    if (folder) rmSync(folder, { recursive: true, force: true });
    console.log(`notebook parity: ${NOTEBOOKS.length} notebooks in both modes in ${((Date.now() - started) / 1000).toFixed(0)} s (${CASES} cases)`);
  });

  it("starts one lab in each mode", () => {
    expect(modes.server.lab.output()).toMatch(/the notebook environment \(server mode\)/);
    expect(modes.browser.lab.output()).toMatch(/the notebook environment \(browser mode\)/);
  });

  for (const name of NOTEBOOKS) {
    it(`${name}: Run All in each mode, no error output, every output equal`, async () => {
      // both modes at once: each waits on its own kernel (tslab, the page's worker) most of the time
      const run = async (which: "server" | "browser") => {
        const mode = modes[which];
        const t0 = Date.now();
        // each notebook starts from the cohort alone (see the file's comment)
        if (which === "server") rmSync(join(serverData, "demo-study"), { recursive: true, force: true });
        await openNotebook(mode.page, mode.path(name), 180_000);
        await runAll(mode.page, 900_000);
        const outputs = await notebookOutputsJson(mode.page);
        mode.outputs.set(name, outputs);
        mkdirSync(join(ARTIFACTS, which), { recursive: true });
        writeFileSync(join(ARTIFACTS, which, `${name}.json`), JSON.stringify(outputs, null, 1));
        await closeNotebook(mode.page);
        console.log(`${name} in ${which} mode: ${((Date.now() - t0) / 1000).toFixed(0)} s`);
      };
      await Promise.all([run("server"), run("browser")]);
      const serverOutputs = modes.server.outputs.get(name) ?? [];
      const browserOutputs = modes.browser.outputs.get(name) ?? [];
      expect(serverOutputs.filter((o) => o.output.output_type === "error")).toEqual([]);
      expect(browserOutputs.filter((o) => o.output.output_type === "error")).toEqual([]);
      expect(browserOutputs.map((o) => o.cell)).toEqual(serverOutputs.map((o) => o.cell));
      const normalise = normaliser(serverData);
      const found = serverOutputs.flatMap((o, k) => differences(o.output, browserOutputs[k].output, normalise, `output ${k} (cell ${o.cell})`));
      expect(found).toEqual([]);
    }, 1_800_000);
  }
});
