/**
 * Every radlab figure drawn by plotly.js in headless Chromium (Debian `chromium`), from the R
 * reference results of the radiomics_sim study. Each screenshot is kept under
 * artifacts/figures/ (git-ignored; CI keeps it as an artifact) and checked: plotly drew as many
 * trace groups as the spec has traces, and the screenshot matches its stored reference
 * (test/e2e/reference-images/figure-*.png) to FIGURE_TOLERANCE, a share of differing pixels
 * that font hinting stays under and that one missing trace exceeds (checked below on the ROC).
 * RADLAB_UPDATE_SCREENSHOTS=1 rewrites the references (look at them before committing).
 */
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { launchChromium, plotlyScript } from "../../kernel-lib/src/plots/export.js";
import type { PlotlyFigure } from "../../kernel-lib/src/plots/figure.js";
import { figuresFromStudyResult } from "../../kernel-lib/src/plots/study-result.js";
import { tableToHtml } from "../../kernel-lib/src/plots/tables.js";
import { describeOracle, REPO_ROOT } from "../../kernel-lib/test/reference.js";
import { cohortTable, reference, studyFigureCases } from "./figure-cases.js";
import { compareWithReference, differingShare, REFERENCE_IMAGES } from "./widget-page.js";

/**
 * Share of a figure's pixels allowed to differ from its reference (pixelmatch threshold 0.1):
 * anti-aliasing and font hinting move well under 0.1 % of the pixels of a 640 × 480 figure;
 * one ROC curve is 0.8 % (measured; the test of the tolerance below asks for more than 0.3 %).
 */
const FIGURE_TOLERANCE = 0.001;

const OUT = join(REPO_ROOT, "artifacts", "figures");

/** What the page reports after drawing: trace groups in the SVG, and the share of non-white pixels. */
interface Drawn {
  traceGroups: number;
  inkFraction: number;
}

async function draw(page: Page, figure: PlotlyFigure): Promise<Drawn> {
  return page.evaluate(async (fig: PlotlyFigure & { layout: { width?: number; height?: number } }) => {
    const g = globalThis as unknown as {
      Plotly: {
        newPlot(el: unknown, d: unknown, l: unknown, c: unknown): Promise<void>;
        purge(el: unknown): void;
        toImage(el: unknown, o: unknown): Promise<string>;
      };
      // biome-ignore lint/suspicious/noExplicitAny: the page's DOM, not typed in a Node project
      document: any;
      // biome-ignore lint/suspicious/noExplicitAny: the page's DOM, not typed in a Node project
      Image: any;
    };
    const div = g.document.getElementById("figure");
    g.Plotly.purge(div);
    await g.Plotly.newPlot(div, fig.data, fig.layout, { staticPlot: true });
    // Cartesian traces draw as g.trace groups; heatmaps as g.hm images.
    const traceGroups = div.querySelectorAll(".cartesianlayer g.trace, .cartesianlayer g.hm").length;
    const url = await g.Plotly.toImage(div, { format: "png", width: fig.layout.width ?? 640, height: fig.layout.height ?? 480, scale: 1 });
    const img = new g.Image();
    img.src = url;
    await img.decode();
    const canvas = g.document.createElement("canvas");
    canvas.width = img.width;
    canvas.height = img.height;
    const ctx = canvas.getContext("2d");
    ctx.drawImage(img, 0, 0);
    const px = ctx.getImageData(0, 0, img.width, img.height).data;
    let ink = 0;
    for (let n = 0; n < px.length; n += 4) if (px[n] < 240 || px[n + 1] < 240 || px[n + 2] < 240) ink++;
    return { traceGroups, inkFraction: ink / (px.length / 4) };
  }, figure);
}

describeOracle("figures rendered by plotly.js in headless Chromium", () => {
  let browser: Browser;
  let page: Page;
  const cases = studyFigureCases();

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
    await page.setContent('<!doctype html><html><body style="margin:0"><div id="figure"></div></body></html>');
    await page.addScriptTag({ content: await plotlyScript() });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("draws the baseline and coefficient tables as a notebook shows them", async () => {
    const cohort = cohortTable("radiomics_sim");
    const { tables } = figuresFromStudyResult(reference("radiomics_sim"), cohort);
    for (const name of ["coefficients", "baseline-training-by-outcome"]) {
      await page.evaluate((html: string) => {
        const g = globalThis as unknown as { document: { getElementById(id: string): { innerHTML: string } } };
        g.document.getElementById("figure").innerHTML = html;
      }, tableToHtml(tables[name]));
      const box = await page.locator("#figure table").boundingBox();
      const shot = await page.locator("#figure table").screenshot();
      expect(box?.height).toBeGreaterThan(100);
      expect(compareWithReference(`table-${name}`, shot, OUT)).toBeLessThan(FIGURE_TOLERANCE);
    }
    await page.evaluate(() => {
      const g = globalThis as unknown as { document: { getElementById(id: string): { innerHTML: string } } };
      g.document.getElementById("figure").innerHTML = "";
    });
  });

  for (const { name, build } of cases) {
    it(`draws ${name}`, async () => {
      const figure = await build();
      const drawn = await draw(page, figure);
      const shot = await page.locator("#figure .svg-container").screenshot();
      expect(drawn.traceGroups).toBe(figure.data.length);
      // A blank plot is all white; axes and text alone are ~1–2 % ink.
      expect(drawn.inkFraction).toBeGreaterThan(0.02);
      expect(compareWithReference(`figure-${name}`, shot, OUT)).toBeLessThan(FIGURE_TOLERANCE);
    });
  }

  it("the tolerance catches one missing trace: the ROC without its validation curve differs from the reference", async () => {
    const roc = await (cases.find((c) => c.name === "roc") as (typeof cases)[number]).build();
    const withoutValidation = { ...roc, data: roc.data.filter((t) => !(t.mode === "lines" && String(t.name).startsWith("Validation"))) };
    expect(withoutValidation.data.length).toBe(roc.data.length - 1);
    await draw(page, withoutValidation);
    const shot = await page.locator("#figure .svg-container").screenshot();
    const share = differingShare(shot, readFileSync(join(REFERENCE_IMAGES, "figure-roc.png")), "roc without validation");
    expect(share).toBeGreaterThan(3 * FIGURE_TOLERANCE);
  });
});
