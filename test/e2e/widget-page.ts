/**
 * A plain test page with the standalone widget bundle (widgets/dist/static/radlab-widgets.js)
 * in Debian's Chromium, WebGL through SwiftShader (no GPU), and screenshot comparison against
 * stored reference images (test/e2e/reference-images) with pixelmatch and a tolerance.
 * RADLAB_UPDATE_SCREENSHOTS=1 (re)writes the references; without a reference a comparison fails.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pixelmatch from "pixelmatch";
import type { Browser, Page } from "playwright-core";
import { PNG } from "pngjs";
import { CHROMIUM_ARGS, chromiumPath, plotlyScriptPath } from "../../kernel-lib/src/plots/export.js";
import { REPO_ROOT } from "../../kernel-lib/test/reference.js";

export const BUNDLE = join(REPO_ROOT, "widgets", "dist", "static", "radlab-widgets.js");
export const SCREENSHOTS = join(REPO_ROOT, "artifacts", "widgets");
export const REFERENCE_IMAGES = join(REPO_ROOT, "test", "e2e", "reference-images");

/** Chromium for WebGL2 without a GPU: SwiftShader through ANGLE (and not --disable-gpu, which turns WebGL off). */
export const WEBGL_ARGS = [...CHROMIUM_ARGS.filter((a) => a !== "--disable-gpu"), "--use-angle=swiftshader", "--enable-unsafe-swiftshader"];

export async function launchWidgetBrowser(): Promise<Browser> {
  const { chromium } = await import("playwright-core");
  return chromium.launch({ executablePath: chromiumPath(), args: WEBGL_ARGS, headless: true });
}

/** A page holding plotly.js and the bundle (which uses the page's plotly.js, as published pages have it) and one host element per widget; page errors are collected. */
export async function widgetPage(browser: Browser, errors: string[]): Promise<Page> {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run npm run build`);
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, deviceScaleFactor: 1 });
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  await page.setContent(
    '<!doctype html><html><head><meta charset="utf-8"></head><body style="margin:8px;background:#fff"><div id="host" style="width:1060px"></div></body></html>',
  );
  await page.addScriptTag({ path: plotlyScriptPath() });
  await page.addScriptTag({ path: BUNDLE });
  return page;
}

/** Renders a payload into #host (replacing what was there). */
export async function renderWidget(page: Page, mimeType: string, data: unknown): Promise<void> {
  await page.evaluate(
    async ({ mimeType, data }) => {
      const w = globalThis as unknown as {
        document: { getElementById(id: string): { replaceChildren(): void } };
        radlabWidgets: { render(m: string, d: unknown, h: unknown): Promise<{ dispose(): void }> };
        __radlabWidget?: { dispose(): void };
      };
      w.__radlabWidget?.dispose();
      const host = w.document.getElementById("host");
      host.replaceChildren();
      w.__radlabWidget = await w.radlabWidgets.render(mimeType, data, host);
    },
    { mimeType, data },
  );
}

/**
 * Saves the screenshot under `screenshots` (default artifacts/widgets) and compares it with the stored reference:
 * returns the share of pixels that differ (pixelmatch threshold 0.1), or throws when the
 * reference is missing or the sizes differ.
 */
export function compareWithReference(name: string, png: Buffer, screenshots = SCREENSHOTS): number {
  mkdirSync(screenshots, { recursive: true });
  writeFileSync(join(screenshots, `${name}.png`), png);
  const referencePath = join(REFERENCE_IMAGES, `${name}.png`);
  if (process.env.RADLAB_UPDATE_SCREENSHOTS === "1") {
    mkdirSync(REFERENCE_IMAGES, { recursive: true });
    writeFileSync(referencePath, png);
  }
  if (!existsSync(referencePath)) throw new Error(`no reference image ${referencePath} (RADLAB_UPDATE_SCREENSHOTS=1 writes it; look at it first)`);
  return differingShare(png, readFileSync(referencePath), name, join(screenshots, `${name}.diff.png`));
}

/** The share of pixels of two same-sized PNGs that differ (pixelmatch threshold 0.1); the diff image written when a path is given. */
export function differingShare(png: Buffer, referencePng: Buffer, name: string, diffPath?: string): number {
  const actual = PNG.sync.read(png);
  const expected = PNG.sync.read(referencePng);
  if (actual.width !== expected.width || actual.height !== expected.height) {
    throw new Error(`${name}: screenshot ${actual.width}×${actual.height}, reference ${expected.width}×${expected.height}`);
  }
  const diff = new PNG({ width: actual.width, height: actual.height });
  const differing = pixelmatch(actual.data, expected.data, diff.data, actual.width, actual.height, { threshold: 0.1 });
  if (diffPath) writeFileSync(diffPath, PNG.sync.write(diff));
  return differing / (actual.width * actual.height);
}
