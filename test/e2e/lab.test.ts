/**
 * radlab's lab end to end, started as the README says (`npm start`, here with `--no-browser`
 * and a fixed port) and driven in Debian's headless Chromium as a user would:
 * - the lab loads on the reproduction notebook with nothing in the browser console;
 * - Run All (the Run menu) runs the notebook top to bottom on the tslab kernel, no error output;
 * - radlab's widgets in a notebook run in the lab: the slice viewer changes slice on the wheel and
 *   shows the value under the pointer; the λ explorer's slider changes the selected features and
 *   the AUC text, and at the study's λ its numbers are runStudy's; the feature table finds a
 *   column by the study's alias and sorts it; "Use this λ" inserts a cell below that runs and
 *   gives the model the explorer showed at that λ;
 * - the server and its kernel listen on 127.0.0.1 only, and the API refuses requests without the token;
 * - in an untrusted notebook a figure renders through the Plotly renderer while the script in its
 *   HTML fallback never runs;
 * - Ctrl-C stops everything: no server, no kernel left.
 * Screenshots go to artifacts/lab/ and are compared with test/e2e/reference-images/lab-*.png (tolerance below).
 * One lab serves the whole file (a start costs ~10 s); the tests run in order.
 * Cost on the 2-core machine: see the README's "Notebook environment" section.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../kernel-lib/src/plots/export.js";
import type { StudyResult } from "../../kernel-lib/src/stats/study-result.js";
import { readStudyTable } from "../../kernel-lib/src/stats/table-file.js";
import {
  collectConsoleErrors,
  ctrlC,
  isAlive,
  kernelIdle,
  listeningAddresses,
  npmStart,
  pidsMentioning,
  REPO,
  type RunningLab,
  serverPid,
} from "./lab-harness.js";
import { compareWithReference } from "./widget-page.js";

const PORT = 8871;
const SHOTS = join(REPO, "artifacts", "lab");
/** Share of pixels allowed to differ from a reference: text antialiasing and the cursor move a few hundred pixels; a missing panel, output or figure moves tens of thousands. */
const SCREENSHOT_TOLERANCE = 0.02;
/** A smaller demo cohort keeps Run All within a CI budget; the notebook and `radlab lab` both read these. */
const DATA = join(REPO, "artifacts", "lab", "data");
const ENV = { RADLAB_DATA: DATA, RADLAB_DEMO_CASES: "72" };

let lab: RunningLab;
/** The reproduction notebook as checked out: the lab autosaves what Run All adds, and the test puts it back. */
let notebookPath: string;
let notebookBytes: Buffer;
let browser: Browser;
let page: Page;
let consoleErrors: string[];
/** Yjs's warnings in the console (the lab's document models are Yjs documents). */
const yjsWarnings: string[] = [];

/** Saves the screenshot to artifacts/lab/ and compares it with test/e2e/reference-images/NAME.png (RADLAB_UPDATE_SCREENSHOTS=1 rewrites it). */
function screenshotMatches(name: string, shot: Buffer): void {
  expect(compareWithReference(name, shot, SHOTS), `${name}.png against its reference`).toBeLessThanOrEqual(SCREENSHOT_TOLERANCE);
}

/** The notebook in view. */
const NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden)";

/** One output of a code cell, as nbformat stores it. */
interface CellOutput {
  output_type: string;
  ename?: string;
  evalue?: string;
  text?: string | string[];
}

/** The notebook in view as the lab holds it (only what the tests read). */
interface NotebookInView {
  content: {
    activeCellIndex: number;
    isSelectedOrActive(cell: unknown): boolean;
    widgets: readonly unknown[];
    model: {
      sharedModel: { insertCell(index: number, cell: { cell_type: "code"; source: string }): void };
      cells: {
        length: number;
        get(n: number): { type: string; sharedModel: { getSource(): string; toJSON(): { execution_count?: number | null; outputs?: CellOutput[] } } };
      };
    };
  };
}

/** Waits until every code cell of the notebook in view has an execution count and the kernel is idle again. */
async function everyCellRan(page: Page, timeoutMs = 600_000): Promise<void> {
  await page.waitForFunction(
    (notebook) => {
      const prompts = [...document.querySelectorAll(`${notebook} .jp-CodeCell .jp-InputArea-prompt`)];
      const status = document.querySelector(`${notebook} .jp-Notebook-ExecutionIndicator`)?.getAttribute("data-status");
      return prompts.length > 0 && prompts.every((p) => /\[\d+\]/.test(p.textContent ?? "")) && status === "idle";
    },
    NOTEBOOK,
    { timeout: timeoutMs, polling: 1000 },
  );
}

/** Source, execution count and outputs of every cell of the notebook in view (code cells: outputs). */
async function notebookCells(page: Page): Promise<{ type: string; source: string; executionCount: number | null; outputs: CellOutput[] }[]> {
  return page.evaluate(() => {
    const panel = window.jupyterapp?.shell.currentWidget as unknown as NotebookInView;
    const cells = panel.content.model.cells;
    return Array.from({ length: cells.length }, (_, n) => {
      const cell = cells.get(n);
      const json = cell.sharedModel.toJSON();
      return { type: cell.type, source: cell.sharedModel.getSource(), executionCount: json.execution_count ?? null, outputs: json.outputs ?? [] };
    });
  });
}

/** Every output of the notebook in view. */
async function notebookOutputs(page: Page): Promise<CellOutput[]> {
  return (await notebookCells(page)).flatMap((c) => c.outputs);
}

/** A notebook on the tslab kernel whose cells (TypeScript) have not run. */
function tslabNotebook(cells: string[]): object {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" } },
    cells: cells.map((source, n) => ({ cell_type: "code", id: `cell-${n}`, execution_count: null, metadata: {}, source, outputs: [] })),
  };
}

/**
 * The widgets notebook: the demo study (the cohort Run All extracted, so its features are cached),
 * written to lab-widgets-result.json beside the notebook for the test to compare with, then the
 * λ explorer, the slice viewer and the feature table. The λ explorer is cell 1.
 */
const WIDGET_CELLS = [
  [
    'import * as rl from "@radlab/kernel-lib";',
    'import { writeFileSync } from "fs";',
    "const study = await rl.openDemoStudy({ data: process.env.RADLAB_DATA as string, cases: Number(process.env.RADLAB_DEMO_CASES) });",
    "const { manifest, table, extraction } = study;",
    "const result = rl.runStudy(table);",
    'writeFileSync("lab-widgets-result.json", JSON.stringify(result));',
  ].join("\n"),
  "rl.show(rl.lambdaExplorer(result, { studyTable: table }));",
  [
    "const first = manifest.cases[0];",
    "const image = await rl.readVolume(first.image);",
    "const mask = await rl.readMask(first.mask, { image, label: first.label });",
    "rl.show(rl.sliceViewer(image, mask));",
  ].join("\n"),
  "rl.show(rl.featureTable(extraction.table));",
];

describe("radlab's lab, started with npm start", () => {
  beforeAll(async () => {
    lab = await npmStart(["--no-browser", "--port", String(PORT)], ENV);
    notebookPath = join(REPO, new URL(lab.url).pathname.replace(/^\/lab\/tree\//, ""));
    notebookBytes = readFileSync(notebookPath);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    consoleErrors = collectConsoleErrors(page);
    page.on("console", (m) => {
      if (m.type() === "warning" && /yjs|Y\.Doc|Invalid access/i.test(m.text())) yjsWarnings.push(m.text());
    });
  }, 900_000);

  afterAll(async () => {
    await browser?.close();
    if (lab) {
      ctrlC(lab);
      await lab.exited;
    }
    if (notebookBytes) writeFileSync(notebookPath, notebookBytes);
  });

  it("prints the URL of the reproduction notebook on 127.0.0.1 with a token", () => {
    expect(lab.url).toMatch(
      new RegExp(`^http://127\\.0\\.0\\.1:${PORT}/lab/tree/notebooks/(05-reproduce-the-study|npc-radiotherapy-response)\\.ipynb\\?token=[0-9a-f]{48}$`),
    );
  });

  it("loads the lab on the notebook with no console errors", async () => {
    // `reset`: start from an empty workspace, not the tabs a previous session left open.
    await page.goto(`${lab.url}&reset`);
    await page.waitForSelector(".jp-NotebookPanel .jp-Cell", { timeout: 120_000 });
    await kernelIdle(page);
    expect(await page.title()).toMatch(/radlab|\.ipynb/);
    // kernelIdle waited for tslab's kernel ("TypeScript", from the project-local kernelspec); the toolbar says so.
    expect(await page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-KernelName").first().textContent()).toBe("TypeScript");
    // Only the notebook in view: the file browser's listing changes with the checkout.
    await page.evaluate(() => window.jupyterapp?.commands.execute("application:toggle-left-area"));
    await page.mouse.move(0, 0);
    await page.waitForTimeout(500);
    // Compared: the lab's own frame (menus, toolbar, kernel, panels). Masked: what the notebook
    // says, which changes whenever the notebook is edited or renamed.
    const notebookText = [".jp-NotebookPanel-notebook", ".lm-TabBar-tabLabel", "#jp-main-statusbar"].map((s) => page.locator(s));
    screenshotMatches("lab-loaded", await page.screenshot({ mask: notebookText }));
    expect(consoleErrors).toEqual([]);
  });

  it("runs the notebook top to bottom with Run All from the Run menu, no error output", async () => {
    await page.locator(".lm-MenuBar-itemLabel", { hasText: /^Run$/ }).click();
    await page.locator(".lm-Menu-itemLabel", { hasText: /^Run All Cells$/ }).click();
    await everyCellRan(page);
    const outputs = await notebookOutputs(page);
    expect(outputs.filter((o) => o.output_type === "error")).toEqual([]);
    expect(outputs.length).toBeGreaterThan(10);
    expect(JSON.stringify(outputs)).toMatch(/72 cases/);
    // The figures went through radlab's Plotly renderer (not the HTML fallback).
    expect(await page.locator(".radlab-PlotlyRenderer .main-svg").count()).toBeGreaterThan(0);
    // Kept for a look (artifacts/lab/), not compared: the notebook's figures change with the notebook.
    const figure = page.locator(".radlab-PlotlyRenderer").first();
    await figure.scrollIntoViewIfNeeded();
    await page.mouse.move(0, 0);
    await page.waitForTimeout(500);
    mkdirSync(SHOTS, { recursive: true });
    await figure.screenshot({ path: join(SHOTS, "lab-first-figure.png") });
    await page.screenshot({ path: join(SHOTS, "lab-after-run-all.png") });
    expect(consoleErrors).toEqual([]);
  }, 900_000);

  describe("radlab's widgets in a notebook", () => {
    let result: StudyResult;
    const text = async (selector: string) => (await page.locator(`${NOTEBOOK} ${selector}`).first().textContent()) ?? "";

    beforeAll(async () => {
      mkdirSync(SHOTS, { recursive: true });
      writeFileSync(join(SHOTS, "widgets.ipynb"), JSON.stringify(tslabNotebook(WIDGET_CELLS)));
      // Opened beside the reproduction notebook, as a user opens a second notebook from the file browser.
      const path = "artifacts/lab/widgets.ipynb";
      await page.evaluate(async (p) => {
        await window.jupyterapp?.commands.execute("docmanager:open", { path: p });
      }, path);
      await page.waitForFunction(
        (p) => (window.jupyterapp?.shell.currentWidget as unknown as { context?: { path: string } } | null)?.context?.path === p,
        path,
        {
          timeout: 60_000,
        },
      );
      await page.waitForSelector(`${NOTEBOOK} .jp-Cell`, { timeout: 60_000 });
      try {
        await kernelIdle(page);
        await page.evaluate(() => window.jupyterapp?.commands.execute("notebook:run-all-cells"));
        await everyCellRan(page, 300_000);
      } finally {
        await page.screenshot({ path: join(SHOTS, "lab-widgets-notebook.png") });
      }
      result = JSON.parse(readFileSync(join(SHOTS, "lab-widgets-result.json"), "utf8"));
    }, 600_000);

    it("ran every cell without an error output", async () => {
      expect((await notebookOutputs(page)).filter((o) => o.output_type === "error")).toEqual([]);
      expect(consoleErrors).toEqual([]);
    });

    it("opening and running notebooks left no Yjs premature-access warnings in the console (yjs held at 13.6.19)", () => {
      // yjs ≥ 13.6.20 warns on every read of a type not yet in a document, which @jupyter/ydoc's
      // cells do by design while they are built (JupyterLab issue 19022): dozens per notebook.
      expect(yjsWarnings.filter((w) => w.includes("Invalid access"))).toEqual([]);
    });

    it("λ explorer: at the study's λ its numbers are runStudy's; the slider changes the selected features and the AUC text", async () => {
      const explorer = page.locator(`${NOTEBOOK} .radlab-lambda-explorer`);
      await expect.poll(() => explorer.getAttribute("data-lambda-index"), { timeout: 30_000 }).toBe(String(result.lasso.indexMin - 1));
      expect(await page.locator(`${NOTEBOOK} .radlab-lambda-agreement`).getAttribute("data-agrees")).toBe("true");
      expect(await explorer.getAttribute("data-auc-training")).toBe(String(result.roc.training.auc));
      expect(await explorer.getAttribute("data-auc-validation")).toBe(String(result.roc.validation?.auc));
      const features = () => page.locator(`${NOTEBOOK} .radlab-lambda-features td:first-child`).allTextContents();
      expect(await features()).toEqual(result.lasso.selected);

      const aucAtMin = await text(".radlab-auc-logistic");
      const later = Math.min(result.lasso.indexMin + 9, result.lasso.lambda.length - 1);
      await page.locator(`${NOTEBOOK} .radlab-lambda-slider`).fill(String(later));
      expect(await explorer.getAttribute("data-lambda-index")).toBe(String(later));
      // A smaller λ keeps the features it kept and adds some (the path's count says how many).
      expect((await features()).length).toBe(result.lasso.nzero[later]);
      expect((await features()).length).toBeGreaterThan(result.lasso.selected.length);
      // The refit of a λ not yet computed follows the step's frame.
      await expect.poll(() => explorer.getAttribute("data-refit-index")).toBe(String(later));
      expect(await text(".radlab-auc-logistic")).toMatch(/AUC training [01]\.\d{3} \(95% CI/);
      expect(await text(".radlab-auc-logistic")).not.toBe(aucAtMin);
    });

    it("slice viewer: the wheel changes the slice, the pointer shows a voxel value and position", async () => {
      const viewer = page.locator(`${NOTEBOOK} .radlab-slice-viewer`);
      await expect.poll(() => viewer.getAttribute("data-slice"), { timeout: 30_000 }).not.toBeNull();
      const start = Number(await viewer.getAttribute("data-slice"));
      const canvas = page.locator(`${NOTEBOOK} canvas.radlab-slice-canvas`);
      await canvas.scrollIntoViewIfNeeded();
      const box = await canvas.boundingBox();
      if (!box) throw new Error("the slice viewer's canvas is not shown");
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.wheel(0, 120);
      await expect.poll(async () => Math.abs(Number(await viewer.getAttribute("data-slice")) - start)).toBe(1);
      await page.mouse.move(box.x + box.width / 2 + 3, box.y + box.height / 2 + 2);
      expect(await text(".radlab-slice-pointer")).toMatch(/^voxel \(\d+, \d+, \d+\) value -?[\d.]+.*; position \(-?[\d.]+, -?[\d.]+, -?[\d.]+\) mm LPS$/);
      await page.locator(`${NOTEBOOK} .radlab-largest-slice`).click();
      expect(Number(await viewer.getAttribute("data-slice"))).toBe(start);
    });

    it("feature table: finds a column by the study's alias and sorts the cases by it, both ways", async () => {
      const grid = page.locator(`${NOTEBOOK} .radlab-feature-table`);
      await grid.scrollIntoViewIfNeeded();
      await page.locator(`${NOTEBOOK} .radlab-feature-search`).fill("Inertia_angle135_offset4");
      expect(await grid.getAttribute("data-shown-columns")).toBe("1");
      const column = "glcm_Inertia_angle135_offset4";
      expect(await grid.getAttribute("data-selected-column")).toBe(column);
      expect(await text(".radlab-feature-detail-text")).toMatch(/univariate AUC 0\.\d{3} \(95% CI/);

      // The expected order, from the features file the extraction wrote (ties keep the file's order).
      const table = readStudyTable(join(DATA, "demo-study", "features.csv"), { outcome: "outcome", split: "set" });
      const values = table.features[table.featureNames.indexOf(column)];
      const rows = Array.from(values.keys());
      const highest = table.ids[rows.reduce((best, r) => (values[r] > values[best] ? r : best))];
      const lowest = table.ids[rows.reduce((best, r) => (values[r] < values[best] ? r : best))];

      // The one column shown is right of the 90-px id header; a click on the selected column's header sorts it.
      const gridBox = await page.locator(`${NOTEBOOK} .radlab-feature-grid`).boundingBox();
      if (!gridBox) throw new Error("the feature grid is not shown");
      const header = { x: gridBox.x + 90 + 40, y: gridBox.y + 10 };
      await page.mouse.click(header.x, header.y);
      expect(await text(".radlab-feature-summary")).toContain(`sorted by ${column} descending`);
      expect(await grid.getAttribute("data-first-case")).toBe(highest);
      await page.mouse.click(header.x, header.y);
      expect(await text(".radlab-feature-summary")).toContain(`sorted by ${column} ascending`);
      expect(await grid.getAttribute("data-first-case")).toBe(lowest);
    });

    it('"Use this λ" inserts the code below the widget\'s cell, selected; run, it gives the model the explorer showed', async () => {
      const index1se = result.lasso.index1se - 1;
      await page.locator(`${NOTEBOOK} .radlab-lambda-1se`).click();
      const explorer = page.locator(`${NOTEBOOK} .radlab-lambda-explorer`);
      expect(await explorer.getAttribute("data-lambda-index")).toBe(String(index1se));
      await expect.poll(() => explorer.getAttribute("data-refit-index")).toBe(String(index1se));
      const shown = {
        selected: await page.locator(`${NOTEBOOK} .radlab-lambda-features td:first-child`).allTextContents(),
        training: Number(await explorer.getAttribute("data-auc-training")),
        validation: Number(await explorer.getAttribute("data-auc-validation")),
      };
      const before = (await notebookCells(page)).length;
      await page.locator(`${NOTEBOOK} .radlab-lambda-use`).click();

      const code = `const model = rl.runStudy(table, { lambda: ${result.lasso.lambda[index1se]} })`;
      expect(await text(".radlab-lambda-status")).toBe(`Inserted below: ${code}`);
      const cells = await notebookCells(page);
      expect(cells.length).toBe(before + 1);
      expect(cells[2]).toMatchObject({ type: "code", source: code, executionCount: null });
      // The new cell is the active one, the only one selected, and in view.
      const selection = await page.evaluate(() => {
        const panel = window.jupyterapp?.shell.currentWidget as unknown as NotebookInView;
        const notebook = panel.content;
        return { active: notebook.activeCellIndex, selected: notebook.widgets.map((c, n) => (notebook.isSelectedOrActive(c) ? n : -1)).filter((n) => n >= 0) };
      });
      expect(selection).toEqual({ active: 2, selected: [2] });
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: join(SHOTS, "lab-use-this-lambda.png") });

      // Run as a user would: Shift-Enter on the selected cell.
      await page.keyboard.press("Shift+Enter");
      await expect.poll(async () => (await notebookCells(page))[2].executionCount, { timeout: 120_000 }).not.toBeNull();
      await page.evaluate((source) => {
        const panel = window.jupyterapp?.shell.currentWidget as unknown as NotebookInView;
        const notebook = panel.content;
        notebook.model.sharedModel.insertCell(3, { cell_type: "code", source });
        notebook.activeCellIndex = 3;
        return window.jupyterapp?.commands.execute("notebook:run-cell");
      }, "console.log(JSON.stringify({ selected: model.lasso.selected, training: model.roc.training.auc, validation: model.roc.validation?.auc, lambda: model.settings.lambda }))");
      await expect.poll(async () => (await notebookCells(page))[3].outputs.length, { timeout: 120_000 }).toBeGreaterThan(0);
      const [ran, check] = (await notebookCells(page)).slice(2, 4);
      expect(ran.outputs.filter((o) => o.output_type === "error")).toEqual([]);
      const stream = check.outputs.find((o) => o.output_type === "stream");
      const model = JSON.parse([stream?.text ?? ""].flat().join(""));
      expect(model).toEqual({ ...shown, lambda: result.lasso.lambda[index1se] });
      // And that is the study's own λ.1se model: its path's feature count there.
      expect(model.selected.length).toBe(result.lasso.nzero[index1se]);
      expect(consoleErrors).toEqual([]);
    }, 300_000);
  });

  it("listens on 127.0.0.1 only (server and kernel), and refuses API requests without the token", async () => {
    const pid = serverPid(PORT);
    expect(pid).not.toBeNull();
    const kernels = pidsMentioning(join(".jupyter-local", "runtime", "kernel-")).filter((p) => p !== pid);
    expect(kernels.length).toBeGreaterThan(0);
    for (const p of [pid as number, ...kernels]) {
      const addresses = listeningAddresses(p);
      expect(addresses.length, `process ${p} listens somewhere`).toBeGreaterThan(0);
      for (const a of addresses) expect(a, `process ${p}`).toMatch(/^(127\.0\.0\.1|::1):\d+$/);
    }
    expect(listeningAddresses(pid as number)).toContain(`127.0.0.1:${PORT}`);

    const api = (path: string, headers: Record<string, string> = {}) => fetch(`${lab.origin}${path}`, { headers, redirect: "manual" });
    expect((await api("/api/contents")).status).toBe(403);
    expect((await api("/api/kernels")).status).toBe(403);
    expect((await api("/api/kernels", { Authorization: "token not-the-token" })).status).toBe(403);
    expect((await api("/api/kernels", { Authorization: `token ${lab.token}` })).status).toBe(200);
    // The page itself sends a visitor without the token to the login form, not into the lab.
    expect((await api("/lab")).status).toBe(302);
  });

  it("renders a figure in an untrusted notebook without running the script of its HTML fallback", async () => {
    const path = join(SHOTS, "untrusted.ipynb");
    const figure = { data: [{ type: "bar", x: ["<b>a</b>", "b"], y: [1, 2] }], layout: { title: { text: "untrusted" }, width: 400, height: 300 } };
    const pwn = "<script>window.__radlabPwned = 'script';</script><img src=x onerror=\"window.__radlabPwned = 'onerror'\">";
    const notebook = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" } },
      cells: [
        {
          cell_type: "code",
          id: "untrusted-figure",
          execution_count: 1,
          metadata: {},
          source: ["rl.show(figure)"],
          outputs: [
            {
              output_type: "display_data",
              metadata: {},
              data: { "application/vnd.plotly.v1+json": figure, "text/html": `<div>fallback</div>${pwn}`, "text/plain": "<figure>" },
            },
            { output_type: "display_data", metadata: {}, data: { "text/html": `<p id="radlab-html-only">html only</p>${pwn}` } },
          ],
        },
      ],
    };
    writeFileSync(path, JSON.stringify(notebook));
    await page.goto(`${lab.origin}/lab/tree/artifacts/lab/untrusted.ipynb`);
    await page.waitForSelector(".jp-NotebookPanel:not(.lm-mod-hidden) .radlab-PlotlyRenderer .main-svg", { timeout: 60_000 });
    await page.mouse.move(0, 0);
    await page.waitForTimeout(1000);
    expect(await page.evaluate(() => (window as unknown as { __radlabPwned?: string }).__radlabPwned)).toBeUndefined();
    screenshotMatches("lab-untrusted-figure", await page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .radlab-PlotlyRenderer").first().screenshot());
    // The HTML-only output is shown sanitised: its text is there, its script and handler are not.
    await expect.poll(() => page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea").textContent()).toContain("html only");
    expect(await page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea script").count()).toBe(0);
    expect(await page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea [onerror]").count()).toBe(0);
  });

  it("stops on Ctrl-C through the server's shutdown API, leaving no process", async () => {
    const pid = serverPid(PORT) as number;
    const kernels = pidsMentioning(join(".jupyter-local", "runtime", "kernel-")).filter((p) => p !== pid);
    expect(isAlive(pid)).toBe(true);
    await browser.close();
    ctrlC(lab);
    await lab.exited;
    expect(lab.output()).toMatch(/SIGINT: stopping the lab …\s+stopped\./);
    expect(isAlive(pid)).toBe(false);
    for (const k of kernels) expect(isAlive(k), `kernel ${k}`).toBe(false);
    expect(serverPid(PORT)).toBeNull();
  });
});
