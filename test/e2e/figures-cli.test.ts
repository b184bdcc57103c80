/**
 * `radlab figures` and exportFigure end to end in headless Chromium: PNG and SVG files a
 * manuscript can use, and the notebook's HTML fallback drawing in a plain browser page.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { run } from "../../kernel-lib/src/cli/figures.js";
import { plotlyFigureHtml } from "../../kernel-lib/src/display/plotly-html.js";
import { resetNotebookState, show } from "../../kernel-lib/src/display/show.js";
import type { DisplayMessage } from "../../kernel-lib/src/display/tslab.js";
import { exportFigure, exportFigures, FigureExporter, launchChromium } from "../../kernel-lib/src/plots/export.js";
import { studyFigure } from "../../kernel-lib/src/plots/study-result.js";
import { describeOracle, ref } from "../../kernel-lib/test/reference.js";
import { cohortTable, reference } from "./figure-cases.js";

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "radlab-figures-"));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): [number, number] {
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

describeOracle("radlab figures", () => {
  it("writes every figure as PNG and SVG and every table as CSV, LaTeX and HTML", async () => {
    const out = tempDir();
    const resultPath = join(tempDir(), "result.json");
    writeFileSync(resultPath, JSON.stringify(reference("radiomics_sim")));
    const code = await run([
      "--result",
      resultPath,
      "--features",
      ref("stats", "radiomics_sim", "radiomics_sim.csv"),
      "--volume",
      ref("pyradiomics", "data", "breast1_image.nrrd"),
      "--mask",
      ref("pyradiomics", "data", "breast1_label.nrrd"),
      "--out",
      out,
      "--scale",
      "2",
    ]);
    expect(code).toBe(0);
    const files = readdirSync(out);
    const figures = [
      "lasso-cv",
      "radscore-waterfall",
      "roc",
      "calibration-training",
      "calibration-validation",
      "decision-curve-training",
      "decision-curve-validation",
      "correlation-heatmap",
      "feature-boxplot",
      "roi-slice",
      "roi-montage",
    ];
    for (const name of figures) {
      const png = readFileSync(join(out, `${name}.png`));
      expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      expect(png.length).toBeGreaterThan(10_000);
      const svg = readFileSync(join(out, `${name}.svg`), "utf8");
      expect(svg.startsWith("<svg")).toBe(true);
      expect(svg).toMatch(/class="(trace|hm)/);
      // Issue 13 item 14: the declared size is the viewBox size (radlab figures' --scale 3 is for PNG only).
      const root = /^<svg[^>]*>/.exec(svg)?.[0] ?? "";
      const [, , , vw, vh] = (/viewBox="([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+)"/.exec(root) ?? []).map(Number);
      expect(vw, name).toBeGreaterThan(0);
      expect(root).toContain(`width="${vw}"`);
      expect(root).toContain(`height="${vh}"`);
    }
    // The layout size times --scale.
    expect(pngSize(readFileSync(join(out, "lasso-cv.png")))).toEqual([640 * 2, 480 * 2]);
    expect(files).toContain("coefficients.tex");
    expect(readFileSync(join(out, "coefficients.csv"), "utf8").split("\n")[0]).toBe("Term,β,SE,z,OR (95% CI),P");
    expect(files.filter((f) => f.startsWith("baseline-") && f.endsWith(".csv"))).toHaveLength(3);
    // The reference result has no coefficient path: skipped, not drawn empty.
    expect(files).not.toContain("coefficient-paths.png");
  });
});

describeOracle("exportFigure", () => {
  it("one browser for many figures; PNG at the asked size and scale, SVG as text", async () => {
    const out = tempDir();
    const figure = studyFigure(reference("radiomics_sim"), "roc", cohortTable("radiomics_sim"));
    const exporter = await FigureExporter.open();
    try {
      await exporter.export(figure, join(out, "a.png"), { format: "png", width: 500, height: 500, scale: 1 });
      await exporter.export(figure, join(out, "a.svg"), { format: "svg", width: 500, height: 500 });
    } finally {
      await exporter.close();
    }
    expect(pngSize(readFileSync(join(out, "a.png")))).toEqual([500, 500]);
    const svg = readFileSync(join(out, "a.svg"), "utf8");
    expect(svg).toContain('width="500"');
    expect(svg).toContain("Training: AUC 0.965 (95% CI 0.933–0.997)");
    await exportFigure(figure, join(out, "nested", "b.png"), { scale: 1 });
    expect(pngSize(readFileSync(join(out, "nested", "b.png")))).toEqual([600, 600]);
    const written = await exportFigures({ roc: figure, "lasso-cv": studyFigure(reference("radiomics_sim"), "lasso-cv") }, join(out, "many"), { scale: 1 });
    expect(written.map((p) => p.slice(out.length + 1))).toEqual(["many/roc.png", "many/roc.svg", "many/lasso-cv.png", "many/lasso-cv.svg"]);
    expect(pngSize(readFileSync(join(out, "many", "lasso-cv.png")))).toEqual([640, 480]);
    // The format follows the extension when not given.
    await exportFigure(figure, join(out, "c.svg"));
    expect(readFileSync(join(out, "c.svg"), "utf8").startsWith("<svg")).toBe(true);
  });
});

describeOracle("the notebook HTML fallback in a plain browser", () => {
  it("two outputs of show(), plotly.js only in the first, both draw; RequireJS present", async () => {
    resetNotebookState();
    const sent: DisplayMessage[] = [];
    const jupyter = { lastWriteDisplayData: (m: DisplayMessage) => void sent.push(m) };
    const cohort = cohortTable("radiomics_sim");
    show(studyFigure(reference("radiomics_sim"), "lasso-cv", cohort), { jupyter });
    show(studyFigure(reference("radiomics_sim"), "roc", cohort), { jupyter });
    const outputs = sent.map((m) => m.data["text/html"] as string);
    expect(outputs[1]).not.toContain("plotly.js v");
    // A stand-in for the classic notebook's RequireJS: an AMD define that would swallow plotly's UMD bundle.
    const page = `<!doctype html><html><body><script>window.define = function () { window.__amdUsed = true; }; window.define.amd = {};</script>${outputs.map((o) => `<div class="output">${o}</div>`).join("\n")}</body></html>`;
    const browser = await launchChromium();
    try {
      const tab = await browser.newPage();
      await tab.setContent(page, { waitUntil: "load" });
      await tab.waitForFunction(
        () =>
          (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll(".radlab-plot .main-svg")
            .length >= 4,
        null,
        { timeout: 30_000 },
      );
      const state = await tab.evaluate(() => {
        const g = globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } }; __amdUsed?: boolean; define?: { amd?: unknown } };
        return {
          plots: g.document.querySelectorAll(".radlab-plot").length,
          traces: g.document.querySelectorAll(".radlab-plot g.trace").length,
          amdUsed: g.__amdUsed ?? false,
          defineRestored: Boolean(g.define?.amd),
        };
      });
      expect(state).toEqual({ plots: 2, traces: 1 + 4, amdUsed: false, defineRestored: true });
    } finally {
      await browser.close();
    }
    expect(plotlyFigureHtml(studyFigure(reference("radiomics_sim"), "lasso-cv", cohort)).length).toBeLessThan(20_000);
  });
});
