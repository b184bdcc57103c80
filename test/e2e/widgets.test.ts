/**
 * The three widgets in Debian's Chromium, from the standalone bundle on a plain page (no lab
 * needed): the slice viewer (NiiVue on WebGL2 through SwiftShader) changes slice on the mouse
 * wheel and shows a voxel value under the pointer; the λ explorer's slider changes the
 * selected features and the AUC text, and at λ.min its numbers equal `radlab model`'s result
 * exactly; the feature table finds a column by the study's alias; hostile names render as
 * text. Each widget's screenshot is compared with its stored reference (test/e2e/reference-images)
 * with a tolerance; screenshots and diffs go to artifacts/widgets. About 40 s on 2 cores.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as aq from "arquero";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run as runModel } from "../../kernel-lib/src/cli/model.js";
import { writeDemoCohort } from "../../kernel-lib/src/demo/cohort.js";
import { demoModelArguments } from "../../kernel-lib/src/demo/study-data.js";
import { featureTable } from "../../kernel-lib/src/display/feature-table.js";
import { lambdaExplorer } from "../../kernel-lib/src/display/lambda-explorer.js";
import { sliceViewer } from "../../kernel-lib/src/display/slice-viewer.js";
import { FEATURE_TABLE_MIME, LAMBDA_EXPLORER_MIME, SLICE_VIEWER_MIME } from "../../kernel-lib/src/display/widget-payloads.js";
import { FEATURE_CATALOG } from "../../kernel-lib/src/features/catalog.js";
import { readManifest } from "../../kernel-lib/src/io/manifest.js";
import { readMask } from "../../kernel-lib/src/io/read-mask.js";
import { readVolume } from "../../kernel-lib/src/io/read-volume.js";
import { seededRandom } from "../../kernel-lib/src/stats/random.js";
import type { StudyResult } from "../../kernel-lib/src/stats/study.js";
import { readStudyTable } from "../../kernel-lib/src/stats/table-file.js";
import { describeOracle, REFERENCE_CLINICAL, ref } from "../../kernel-lib/test/reference.js";
import { compareWithReference, launchWidgetBrowser, renderWidget, widgetPage } from "./widget-page.js";

const HOSTILE = `<script>window.__pwned = 1</script> & "quoted"`;
/** Share of pixels allowed to differ from the reference (anti-aliasing, font hinting). */
const SCREENSHOT_TOLERANCE = 0.02;

let browser: Browser;
let page: Page;
const errors: string[] = [];
const scratch = mkdtempSync(join(tmpdir(), "radlab-widgets-e2e-"));

beforeAll(async () => {
  browser = await launchWidgetBrowser();
  page = await widgetPage(browser, errors);
});
afterAll(async () => {
  await browser?.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** The widget's text as the user reads it. */
const text = async (selector: string) => (await page.locator(selector).first().textContent()) ?? "";
/** The slice viewer's current axial slice (its data-slice attribute), read in the page. */
type PageDocument = { querySelector(s: string): { getAttribute(a: string): string | null } | null };

describe("slice viewer", () => {
  it("draws the demo case's ROI box, changes slice on the wheel and shows the value under the pointer", async () => {
    await writeDemoCohort({ out: scratch, cases: 4, workers: 1 });
    const [first] = readManifest(join(scratch, "manifest.csv")).cases;
    const image = await readVolume(first.image);
    const mask = await readMask(first.mask, { image, label: first.label });
    const payload = sliceViewer(image, mask, { caseId: HOSTILE }).payload;
    await renderWidget(page, SLICE_VIEWER_MIME, payload);
    await page.waitForFunction(
      () => (globalThis as unknown as { document: PageDocument }).document.querySelector(".radlab-slice-viewer")?.getAttribute("data-slice") !== null,
    );
    const start = Number(await page.locator(".radlab-slice-viewer").getAttribute("data-slice"));
    expect(start).toBe(payload.roi.largestSlice);
    expect(await text(".radlab-slice-diameter")).toMatch(/maximum 2D diameter \d+\.\d mm/);

    const canvas = page.locator("canvas.radlab-slice-canvas");
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, 120);
    await page.waitForFunction(
      (k) => (globalThis as unknown as { document: PageDocument }).document.querySelector(".radlab-slice-viewer")?.getAttribute("data-slice") !== String(k),
      start,
    );
    const after = Number(await page.locator(".radlab-slice-viewer").getAttribute("data-slice"));
    expect(Math.abs(after - start)).toBe(1);

    await page.mouse.move(box.x + box.width / 2 + 3, box.y + box.height / 2 + 2);
    expect(await text(".radlab-slice-pointer")).toMatch(/^voxel \(\d+, \d+, \d+\) value -?[\d.]+.*; position \(-?[\d.]+, -?[\d.]+, -?[\d.]+\) mm LPS$/);

    await page.locator(".radlab-largest-slice").click();
    expect(Number(await page.locator(".radlab-slice-viewer").getAttribute("data-slice"))).toBe(start);
    // The hostile case id is shown as text; nothing ran.
    expect(await text(".radlab-slice-summary")).toContain(HOSTILE);
    expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    const shot = await page.locator(".radlab-slice-viewer").screenshot();
    expect(compareWithReference("slice-viewer", shot)).toBeLessThan(SCREENSHOT_TOLERANCE);
  });
});

describeOracle("λ explorer", () => {
  const csv = ref("stats", "radiomics_sim", "radiomics_sim.csv");
  const clinical = REFERENCE_CLINICAL.radiomics_sim;

  it("at λ.min reproduces `radlab model`'s selection and AUCs exactly; the slider changes features and AUC", async () => {
    const out = join(scratch, "model.json");
    const code = await runModel([...demoModelArguments(csv, clinical), "--out", out]);
    expect(code).toBe(0);
    const result = JSON.parse(readFileSync(out, "utf8")) as StudyResult;
    const table = readStudyTable(csv, { outcome: "outcome", split: "set", foldid: "foldid", clinical });
    const payload = lambdaExplorer(result, { studyTable: table }).payload;
    await renderWidget(page, LAMBDA_EXPLORER_MIME, payload);
    const root = page.locator(".radlab-lambda-explorer");
    await page.locator(".radlab-lambda-min").click();
    expect(await root.getAttribute("data-lambda-index")).toBe(String(result.lasso.indexMin - 1));
    expect(await root.getAttribute("data-auc-training")).toBe(String(result.roc.training.auc));
    expect(await root.getAttribute("data-auc-validation")).toBe(String(result.roc.validation?.auc));
    expect(await page.locator(".radlab-lambda-features td:first-child").allTextContents()).toEqual(result.lasso.selected);
    expect(await text(".radlab-lambda-agreement")).toMatch(/reproduces runStudy/);
    const minShot = await root.screenshot();
    expect(compareWithReference("lambda-explorer", minShot)).toBeLessThan(SCREENSHOT_TOLERANCE);

    const aucAtMin = await text(".radlab-auc-logistic");
    const featuresAtMin = await page.locator(".radlab-lambda-features tr").count();
    await page.locator(".radlab-lambda-slider").fill(String(Math.min(result.lasso.indexMin + 9, result.lasso.lambda.length - 1)));
    expect(await page.locator(".radlab-lambda-features tr").count()).toBeGreaterThan(featuresAtMin);
    // The refit of a λ not yet computed follows the step's frame.
    await expect.poll(() => root.getAttribute("data-refit-index")).toBe(String(Math.min(result.lasso.indexMin + 9, result.lasso.lambda.length - 1)));
    expect(await text(".radlab-auc-logistic")).toMatch(/AUC training [01]\.\d{3} \(95% CI/);
    expect(await text(".radlab-auc-logistic")).not.toBe(aucAtMin);
    await page.locator(".radlab-lambda-1se").click();
    expect(await root.getAttribute("data-lambda-index")).toBe(String(result.lasso.index1se - 1));

    // Outside the lab nobody claims the insert event: the code is offered to copy.
    await page.locator(".radlab-lambda-use").click();
    expect(await text(".radlab-lambda-status")).toContain(`rl.runStudy(table, { lambda: ${result.lasso.lambda[result.lasso.index1se - 1]} })`);
  });
});

describe("feature table", () => {
  it("shows 432 columns × every case, finds a column by the study's alias, box plot and AUC; hostile ids stay text", async () => {
    const random = seededRandom(3);
    const n = 40;
    const columns: Record<string, unknown[]> = { id: Array.from({ length: n }, (_, i) => (i === 0 ? HOSTILE : `NPC${String(i).padStart(3, "0")}`)) };
    const outcome = Array.from({ length: n }, (_, i) => i % 2);
    for (const [k, name] of FEATURE_CATALOG.names.entries()) columns[name] = outcome.map((y) => y * (k % 3) + random.uniform());
    columns.set = outcome.map((_, i) => (i < 28 ? "training" : "validation"));
    columns.outcome = outcome;
    const payload = featureTable(aq.table(columns), { source: `demo ${HOSTILE}.csv` }).payload;
    await renderWidget(page, FEATURE_TABLE_MIME, payload);
    const root = page.locator(".radlab-feature-table");
    expect(await root.getAttribute("data-shown-columns")).toBe("432");
    expect(await text(".radlab-feature-summary")).toContain(`40 of 40 cases × 432 of 432 features`);
    await page.locator(".radlab-feature-search").fill("Inertia_angle135_offset4");
    expect(await root.getAttribute("data-shown-columns")).toBe("1");
    expect(await root.getAttribute("data-selected-column")).toBe("glcm_Inertia_angle135_offset4");
    expect(await text(".radlab-feature-detail-text")).toMatch(
      /glcm_Inertia_angle135_offset4 \("Inertia Angle 135 Offset 4", Inertia_angle135_offset4\): univariate AUC 0\.\d{3} \(95% CI/,
    );
    await page.locator(".radlab-feature-outcome").selectOption("1");
    expect(await text(".radlab-feature-summary")).toContain("20 of 40 cases");
    await page.locator(".radlab-feature-outcome").selectOption("");
    expect(await text(".radlab-feature-summary")).toContain(HOSTILE);
    expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    const shot = await root.screenshot();
    expect(compareWithReference("feature-table", shot)).toBeLessThan(SCREENSHOT_TOLERANCE);
  });

  it("an invalid payload shows what is wrong instead of a widget", async () => {
    const payload = featureTable(aq.table({ id: ["a"], stat_Mean: [1] })).payload;
    await renderWidget(page, FEATURE_TABLE_MIME, { ...payload, version: 2 });
    expect(await text(".radlab-widget-error")).toMatch(/does not match its schema[\s\S]*\/version must be equal to constant/);
  });

  it("no page errors", () => {
    expect(errors).toEqual([]);
  });
});
