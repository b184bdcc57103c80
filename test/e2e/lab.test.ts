/**
 * radlab's lab end to end, started as the README says (`npm start`, here with `--no-browser`
 * and a fixed port) and driven in Debian's headless Chromium as a user would:
 * - the lab loads on the reproduction notebook with nothing in the browser console;
 * - Run All (the Run menu) runs the notebook top to bottom on the tslab kernel, no error output;
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

/** Saves the screenshot to artifacts/lab/ and compares it with test/e2e/reference-images/NAME.png (RADLAB_UPDATE_SCREENSHOTS=1 rewrites it). */
function screenshotMatches(name: string, shot: Buffer): void {
  expect(compareWithReference(name, shot, SHOTS), `${name}.png against its reference`).toBeLessThanOrEqual(SCREENSHOT_TOLERANCE);
}

describe("radlab's lab, started with npm start", () => {
  beforeAll(async () => {
    lab = await npmStart(["--no-browser", "--port", String(PORT)], ENV);
    notebookPath = join(REPO, new URL(lab.url).pathname.replace(/^\/lab\/tree\//, ""));
    notebookBytes = readFileSync(notebookPath);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    consoleErrors = collectConsoleErrors(page);
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
    // Done when every code cell has an execution count and the kernel is idle again.
    await page.waitForFunction(
      () => {
        const prompts = [...document.querySelectorAll(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputArea-prompt")];
        const status = document.querySelector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator")?.getAttribute("data-status");
        return prompts.length > 0 && prompts.every((p) => /\[\d+\]/.test(p.textContent ?? "")) && status === "idle";
      },
      null,
      { timeout: 600_000, polling: 1000 },
    );
    const outputs = await page.evaluate(() => {
      const panel = window.jupyterapp?.shell.currentWidget as unknown as {
        content: {
          model: {
            cells: {
              length: number;
              get(n: number): { type: string; sharedModel: { toJSON(): { outputs?: { output_type: string; ename?: string; evalue?: string }[] } } };
            };
          };
        };
      };
      const cells = panel.content.model.cells;
      const all: { output_type: string; ename?: string; evalue?: string }[] = [];
      for (let n = 0; n < cells.length; n++) {
        const cell = cells.get(n);
        if (cell.type === "code") all.push(...(cell.sharedModel.toJSON().outputs ?? []));
      }
      return all;
    });
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
