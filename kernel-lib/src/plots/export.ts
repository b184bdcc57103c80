/**
 * Static export of figures for a manuscript: PNG or SVG drawn by plotly.js itself
 * (`Plotly.toImage`) in headless Chromium, driven by playwright-core. Uses the system's
 * Chromium (Debian `chromium`); nothing is downloaded at run time. One browser serves many
 * figures: open a `FigureExporter`, export, close.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { RadlabInputError } from "../errors.js";
import { makeFolder, writeFileAtomic } from "../io/output-file.js";
import type { PlotlyFigure } from "./figure.js";
import { DEFAULT_SIZE } from "./theme.js";

/** Where Debian and Ubuntu put Chromium; RADLAB_CHROMIUM overrides. */
export const DEFAULT_CHROMIUM = "/usr/bin/chromium";

/** Flags that let Chromium run headless in containers and CI without a GPU or a sandbox. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** No Chromium where we looked: the message says how to install one or point to it. */
export class ChromiumNotFoundError extends Error {
  override readonly name = "ChromiumNotFoundError";
  constructor(readonly path: string) {
    super(
      `Chromium not found at ${path}. Figure export draws figures in headless Chromium: install it ` +
        "(Debian/Ubuntu: `sudo apt-get install chromium`) or set RADLAB_CHROMIUM to the path of a Chromium or Chrome binary.",
    );
  }
}

/** Options of {@link exportFigure} and {@link exportFigures}: format, size, pixel density, Chromium. */
export interface ExportOptions {
  /** Default: from the file extension (.svg → svg), else png. */
  format?: "png" | "svg";
  /** Size in CSS pixels; defaults to the figure's layout size, else 640 × 480. */
  width?: number;
  height?: number;
  /** Pixel-density multiplier for PNG (3 ≈ 300 dpi at a 3.3-inch column width of 640 px); SVG ignores it. */
  scale?: number;
}

/** The Chromium executable to use: RADLAB_CHROMIUM, else /usr/bin/chromium; throws when it does not exist. */
export function chromiumPath(): string {
  const path = process.env.RADLAB_CHROMIUM || DEFAULT_CHROMIUM;
  if (!existsSync(path)) throw new ChromiumNotFoundError(path);
  return path;
}

/** Absolute path of plotly.js (the minified bundle that kernel-lib depends on). */
export function plotlyScriptPath(): string {
  return createRequire(import.meta.url).resolve("plotly.js-dist-min");
}

let plotlySource: Promise<string> | undefined;
/** The plotly.js source, read once per process. */
export function plotlyScript(): Promise<string> {
  plotlySource ??= readFile(plotlyScriptPath(), "utf8");
  return plotlySource;
}

type Browser = import("playwright-core").Browser;
type Page = import("playwright-core").Page;

/** Launches the system Chromium headless (throws ChromiumNotFoundError first when it is missing). */
export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  const { chromium } = await import("playwright-core");
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
}

/** One headless browser page with plotly.js loaded, reused for every figure exported through it. */
export class FigureExporter {
  private constructor(
    private readonly browser: Browser,
    private readonly page: Page,
  ) {}

  /** Starts Chromium and loads plotly.js into a blank page. */
  static async open(): Promise<FigureExporter> {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.setContent('<!doctype html><html><body><div id="figure"></div></body></html>');
      await page.addScriptTag({ content: await plotlyScript() });
      return new FigureExporter(browser, page);
    } catch (error) {
      await browser.close();
      throw error;
    }
  }

  /** The image as plotly.js makes it: PNG bytes, or SVG text as UTF-8 bytes. */
  async render(figure: PlotlyFigure, options: ExportOptions = {}): Promise<Buffer> {
    const format = options.format ?? "png";
    const layout = figure.layout as { width?: number; height?: number };
    const width = options.width ?? layout.width ?? DEFAULT_SIZE.width;
    const height = options.height ?? layout.height ?? DEFAULT_SIZE.height;
    // SVG is vector: plotly.js's scale would only multiply its declared width and height (2700×1260
    // for a 900×420 viewBox, three times too large in a vector editor), so SVG keeps scale 1 and
    // declares its viewBox size.
    const scale = format === "svg" ? 1 : (options.scale ?? 3);
    const url = await this.page.evaluate(
      async ({ figure, format, width, height, scale }) => {
        // Runs in the page, where plotly.js defined the global Plotly.
        const Plotly = (globalThis as unknown as { Plotly: { toImage(f: unknown, o: unknown): Promise<string> } }).Plotly;
        return Plotly.toImage({ data: figure.data, layout: { ...figure.layout, width, height } }, { format, width, height, scale });
      },
      { figure, format, width, height, scale },
    );
    return dataUrlToBuffer(url);
  }

  /** Renders a figure and writes it to `path` (its folder is created). */
  async export(figure: PlotlyFigure, path: string, options: ExportOptions = {}): Promise<void> {
    const format = options.format ?? (path.toLowerCase().endsWith(".svg") ? "svg" : "png");
    const bytes = await this.render(figure, { ...options, format });
    await makeFolder(dirname(path), (what) => {
      throw new RadlabInputError(`${path}: ${what}`, path);
    });
    await writeFileAtomic(path, bytes);
  }

  /** Closes the Chromium this exporter drew with. */
  async close(): Promise<void> {
    await this.browser.close();
  }
}

/** Decodes the data URL that Plotly.toImage returns (base64 for PNG, percent-encoded for SVG). */
export function dataUrlToBuffer(url: string): Buffer {
  const comma = url.indexOf(",");
  const head = url.slice(0, comma);
  const body = url.slice(comma + 1);
  return head.endsWith(";base64") ? Buffer.from(body, "base64") : Buffer.from(decodeURIComponent(body), "utf8");
}

/**
 * Writes many figures through one browser: `{name: figure}` → DIR/name.png and DIR/name.svg
 * (or the formats asked for). Returns the paths written.
 */
export async function exportFigures(
  figures: Record<string, PlotlyFigure>,
  dir: string,
  options: Omit<ExportOptions, "format"> & { formats?: ("png" | "svg")[] } = {},
): Promise<string[]> {
  const formats = options.formats ?? ["png", "svg"];
  const written: string[] = [];
  const exporter = await FigureExporter.open();
  try {
    for (const [name, figure] of Object.entries(figures)) {
      for (const format of formats) {
        const path = join(dir, `${name}.${format}`);
        await exporter.export(figure, path, { ...options, format });
        written.push(path);
      }
    }
  } finally {
    await exporter.close();
  }
  return written;
}

/**
 * Writes one figure as PNG or SVG. Pass an open `exporter` to reuse its browser across many
 * figures; without one, a browser is started and closed for this figure alone.
 */
export async function exportFigure(figure: PlotlyFigure, path: string, options: ExportOptions = {}, exporter?: FigureExporter): Promise<void> {
  if (exporter) return exporter.export(figure, path, options);
  const own = await FigureExporter.open();
  try {
    await own.export(figure, path, options);
  } finally {
    await own.close();
  }
}
