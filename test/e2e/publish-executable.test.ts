/**
 * `radlab publish --executable` end to end (issue 14): the reproduction notebook executed on a
 * 40-case demo cohort and written as a site with its browser lab and data (`--data`); the site
 * served as any static host would serve it — the one command its index gives
 * (`python3 -m http.server`) — and opened in Debian's Chromium. Once the lab has loaded and its
 * kernel is idle (it has read the site's files), the browser is taken offline; then Run All
 * (the Run menu's command) runs every cell with no error output, the AUCs and the number of
 * features it prints equal `radlab model`'s on the same feature table, a λ explorer drawn in
 * the lab moves, and no request went beyond the site. About 3 minutes.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { firstFreePort } from "../../kernel-lib/src/cli/lab.js";
import { REPO_ROOT } from "../../kernel-lib/test/reference.js";
import { aucLine, type ModelNumbers, modelOfCohort, type NotebookPanelView, notebookOutputs, runAll, waitForKernelIdle } from "./notebook-page.js";
import { launchWidgetBrowser } from "./widget-page.js";

const run = promisify(execFile);
const RADLAB = join(REPO_ROOT, "kernel-lib", "bin", "radlab.js");
const NOTEBOOK = "05-reproduce-the-study.ipynb";

describe("radlab publish --executable", () => {
  const scratch = mkdtempSync(join(tmpdir(), "radlab-executable-"));
  const site = join(scratch, "site");
  const data = join(scratch, "data");
  const env = { ...process.env, RADLAB_DATA: data, RADLAB_DEMO_CASES: "40" };
  let stdout = "";
  let server: ChildProcess;
  let origin = "";
  let browser: Browser;
  let page: Page;
  const leaving: string[] = [];
  let model: ModelNumbers;

  beforeAll(async () => {
    ({ stdout } = await run("node", [RADLAB, "publish", join(REPO_ROOT, "notebooks", NOTEBOOK), "--out", site, "--executable", "--data", data], {
      env,
      timeout: 900_000,
    }));
    // radlab model on the feature table of the cohort the notebook used: the numbers the page must print
    model = modelOfCohort(join(data, "demo-cohort"), scratch);
    // the site's folder served as its index says, in one command
    const port = await firstFreePort(8906);
    server = spawn("python3", ["-m", "http.server", "--bind", "127.0.0.1", "--directory", site, String(port)], { stdio: "ignore" });
    origin = `http://127.0.0.1:${port}`;
    for (
      let tries = 0;
      tries < 100 &&
      !(await fetch(`${origin}/index.html`).then(
        (r) => r.ok,
        () => false,
      ));
      tries++
    )
      await new Promise((r) => setTimeout(r, 100));
    browser = await launchWidgetBrowser();
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    context.on("request", (request) => {
      const url = request.url();
      if (!url.startsWith(`${origin}/`) && !url.startsWith("data:") && !url.startsWith("blob:")) leaving.push(url);
    });
    page = await context.newPage();
    await page.goto(`${origin}/run/lab/index.html`);
    await waitForKernelIdle(page, 180_000);
  }, 1_200_000);

  afterAll(async () => {
    await browser?.close();
    server?.kill();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("writes the lab beside the pages, links it from the index with the one command that serves it, and reports it", () => {
    for (const file of [
      "run/lab/index.html",
      "run/static/browser.js",
      "run/static/radlab/radlab-kernel-worker.js",
      "run/static/radlab/plotly.min.js",
      // the itk-wasm pipelines the kernel reads DICOM and MHA with (served by the site itself)
      "run/static/radlab/itk/read-image-dicom-file-series.wasm.zst",
      "run/static/radlab/itk/gdcm-read-image.js",
      `run/files/notebooks/${NOTEBOOK}`,
    ])
      expect(existsSync(join(site, file)), file).toBe(true);
    expect(existsSync(join(site, "run/files/data/demo-cohort/manifest.csv"))).toBe(true);
    // the server mode's entry and a second plotly.js are not shipped
    expect(existsSync(join(site, "run/static/bundle.js"))).toBe(false);
    expect(existsSync(join(site, "assets/plotly.min.js"))).toBe(false);
    // nor is plotly.js inside the lab's scripts (the page loads the one above), nor NiiVue's Zarr codecs
    const scripts = readdirSync(join(site, "run/static"), { recursive: true })
      .map(String)
      .filter((f) => f.endsWith(".js"));
    const carrying = (marker: string) => scripts.filter((f) => readFileSync(join(site, "run/static", f), "utf8").includes(marker));
    expect(carrying("plotly-notifier")).toEqual(["radlab/plotly.min.js"]);
    expect(carrying("blosc_codec.wasm")).toEqual([]);
    const index = readFileSync(join(site, "index.html"), "utf8");
    expect(index).toContain('href="run/lab/index.html"');
    expect(index).toContain("python3 -m http.server --bind 127.0.0.1 --directory SITE 8000");
    expect(readFileSync(join(site, NOTEBOOK.replace(".ipynb", ".html")), "utf8")).toContain(`run/lab/index.html?open=notebooks%2F${NOTEBOOK}`);
    expect(stdout).toMatch(/executable: run\/lab\/index\.html/);
    const manifest = JSON.parse(readFileSync(join(site, "manifest.json"), "utf8")) as { files: { path: string }[] };
    expect(manifest.files.map((f) => f.path)).toContain("run/static/radlab/radlab-kernel-worker.js");
  });

  it("offline after load, runs the notebook with Run All and prints radlab model's AUCs and feature count", async () => {
    await page.context().setOffline(true);
    await runAll(page, 600_000);
    const found = await notebookOutputs(page);
    expect(found.filter((o) => o.type === "error")).toEqual([]);
    const text = found.map((o) => o.text).join("\n");
    expect(text).toContain(aucLine(model.roc));
    expect(text).toContain(`${model.lasso.selected.length} features kept`);
  }, 700_000);

  it("draws a λ explorer in the offline lab whose slider changes the AUC text", async () => {
    await page.evaluate(async () => {
      const notebook = (window.jupyterapp?.shell.currentWidget as unknown as NotebookPanelView | undefined)?.content;
      if (!notebook) throw new Error("no notebook is open");
      const end = notebook.model.cells.length;
      notebook.model.sharedModel.insertCell(end, { cell_type: "code", source: "rl.show(rl.lambdaExplorer(result, { studyTable: table }))" });
      notebook.activeCellIndex = end;
      await window.jupyterapp?.commands.execute("notebook:run-cell");
    });
    const slider = page.locator(".radlab-lambda-slider").last();
    const aucText = page.locator(".radlab-lambda-auc").last();
    await slider.waitFor({ timeout: 60_000 });
    const before = (await aucText.textContent()) ?? "";
    expect(before).toMatch(/AUC/);
    const at = Number(await slider.inputValue());
    const max = Number(await slider.getAttribute("max"));
    await slider.fill(String(at + 10 <= max ? at + 10 : 0));
    await expect.poll(async () => (await aucText.textContent()) ?? "", { timeout: 10_000 }).not.toBe(before);
  }, 120_000);

  it("sent no request beyond the site", () => {
    expect(leaving).toEqual([]);
  });
});
