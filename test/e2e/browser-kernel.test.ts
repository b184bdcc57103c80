/**
 * The in-browser TypeScript kernel (issue 14) in Debian's Chromium: kernel-lib's browser build in
 * a Web Worker runs the same cells as kernel-lib under Node and gives the same numbers, bit for
 * bit — the IBSI digital phantom's 432 features, an ITK reference volume's features, and the
 * R-reference study (wdbc) end to end, checked against R's AUC too. The cells read their files
 * by the same relative paths in both: Node from the repository root, the worker from the test
 * server's files (cwd /repo, with ../shared beside it). Also: console output, rl.show's MIME
 * bundle, errors with the cell's line, and no request leaving 127.0.0.1.
 *
 * itk-wasm's browser build where the native readers decline: a DICOM series with an RTSTRUCT
 * (test/dicom-rt/make_fixtures.py), a JPEG 2000 series and SEG (make_compressed.py: dcmtk and
 * GDCM) and an MHA volume (an ITK reference volume written by Node's itk-wasm) read in the worker
 * to Node's voxels and features, the pipelines coming from the test server; volumes written as
 * NRRD, NIfTI and MetaImage by ITK's writers in the worker have the bytes Node's itk-wasm writes. ~25 s of the file's
 * time on a loaded 2-core machine (fixtures ~9 s, the rest loading the pipelines and reading).
 */
import { execFileSync } from "node:child_process";
import { createReadStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, plotlyScriptPath } from "../../kernel-lib/src/plots/export.js";
import { describeOracle, REPO_ROOT, ref, SHARED_DIR } from "../../kernel-lib/test/reference.js";
import { buildBrowserKernel } from "../../widgets/scripts/build-browser-kernel.mjs";
import { kernelPageHtml } from "../../widgets/scripts/kernel-page.mjs";
import { CellRunner } from "../../widgets/src/kernel/cell-runner.js";
import type { FromWorker } from "../../widgets/src/kernel/protocol.js";

const TYPES: Record<string, string> = { ".js": "text/javascript", ".html": "text/html", ".json": "application/json" };

/**
 * A static server on 127.0.0.1: the test page, the worker, the assets (plotly.js, the itk-wasm
 * pipelines) and the files (/files/repo, /files/shared, /files/cohort from `cohort`, and a folder
 * of fixtures at its own absolute path, with the listings of its folders under /contents/, so
 * both runtimes read the fixtures by the same paths); `cwd` is the worker's working folder.
 */
function serve(workerFile: string, { fixtures, cwd = "/repo", cohort }: { fixtures?: string; cwd?: string; cohort?: string } = {}): Promise<Server> {
  const page = kernelPageHtml({ title: "radlab browser kernel", cwd, listings: fixtures !== undefined });
  const server = createServer((request, response) => {
    const url = decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname);
    let file: string | undefined;
    if (url === "/") return response.writeHead(200, { "content-type": "text/html" }).end(page);
    if (fixtures && url.startsWith(`/contents${fixtures}/`) && url.endsWith("/all.json")) {
      const folder = normalize(url.slice("/contents".length, -"/all.json".length));
      if (!folder.startsWith(fixtures) || !existsSync(folder)) return response.writeHead(404).end();
      const content = readdirSync(folder, { withFileTypes: true }).map((e) => ({
        name: e.name,
        path: join(folder, e.name).slice(1),
        type: e.isDirectory() ? "directory" : "file",
      }));
      return response.writeHead(200, { "content-type": TYPES[".json"] }).end(JSON.stringify({ content }));
    }
    if (url === "/kernel/radlab-kernel-worker.js") file = workerFile;
    else if (url === "/assets/plotly.min.js") file = plotlyScriptPath();
    else if (url.startsWith("/assets/itk/")) file = join(workerFile, "..", "itk", normalize(url.slice("/assets/itk/".length)));
    else if (fixtures && url.startsWith(`/files${fixtures}/`)) {
      const path = normalize(url.slice("/files".length));
      if (path.startsWith(`${fixtures}/`)) file = path;
    } else if (url.startsWith("/files/repo/")) file = join(REPO_ROOT, normalize(url.slice("/files/repo/".length)));
    else if (url.startsWith("/files/shared/")) file = join(SHARED_DIR, normalize(url.slice("/files/shared/".length)));
    else if (cohort && url.startsWith("/files/cohort/")) file = join(cohort, normalize(url.slice("/files/cohort/".length)));
    if (!file || !existsSync(file) || !statSync(file).isFile()) return response.writeHead(404).end();
    response.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    createReadStream(file).pipe(response);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** JSON with NaN and ±Infinity kept distinguishable (plain JSON turns them into null). */
const exact = (value: unknown) => JSON.stringify(value, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? `number:${v}` : v));

/**
 * The same JSON, every string and every structure equal, every number equal up to `relative`
 * (absolute below 1; NaN to NaN). Returns the largest relative difference and how many numbers differ at all.
 *
 * The tests ask for bit for bit (ENGINE_TOLERANCE 0); the tolerance stays a parameter so that
 * a failure reports how many numbers differ and by how much.
 */
function compareJson(actualText: string, expectedText: string, relative: number): { largest: number; differing: number; numbers: number } {
  const stats = { largest: 0, differing: 0, numbers: 0 };
  const walk = (a: unknown, e: unknown, path: string): void => {
    if (typeof e === "string" && e.startsWith("number:")) {
      expect(a, path).toBe(e);
    } else if (typeof e === "number" && typeof a === "number") {
      stats.numbers += 1;
      if (a === e) return;
      stats.differing += 1;
      // relative, or absolute for numbers below 1 (a difference of near-equal terms, e.g. a χ² of 1e-10, has no relative precision)
      const difference = Math.abs(a - e) / Math.max(Math.abs(a), Math.abs(e), 1);
      stats.largest = Math.max(stats.largest, difference);
      if (difference > relative) expect(a, `${path} (relative difference ${difference})`).toBe(e);
    } else if (Array.isArray(e) && Array.isArray(a)) {
      expect(a.length, `${path}.length`).toBe(e.length);
      for (const [k, item] of e.entries()) walk(a[k], item, `${path}[${k}]`);
    } else if (e && typeof e === "object" && a && typeof a === "object") {
      expect(Object.keys(a), `${path} keys`).toEqual(Object.keys(e));
      for (const [key, value] of Object.entries(e)) walk((a as Record<string, unknown>)[key], value, `${path}.${key}`);
    } else expect(a, path).toEqual(e);
  };
  walk(JSON.parse(actualText), JSON.parse(expectedText), "$");
  return stats;
}

/**
 * Agreement asked of the two engines: none short of equality. Chromium 156's V8 and Node 20's V8
 * (11.3) compute Math.log, Math.exp, Math.pow differently in the last bit, and ill-conditioned
 * fits carried those bits to 10⁻⁹ relative; kernel-lib computes with its own elementary functions
 * (kernel-lib/src/math.ts), the same bits on both, so every number is equal.
 */
const ENGINE_TOLERANCE = 0;

/** A cell runner with the Node library and real files, as the worker's with the browser build (`exact` in its scope). */
function nodeRunner(): CellRunner {
  const node = new CellRunner(async (specifier) => import(specifier === "@radlab/kernel-lib" ? "../../kernel-lib/dist/index.js" : specifier));
  node.scope.exact = exact;
  return node;
}

/** Runs a cell under Node; returns the last line it printed. */
async function lastLineInNode(node: CellRunner, code: string): Promise<string> {
  const printed: string[] = [];
  const log = console.log;
  console.log = (text: string) => printed.push(text);
  try {
    await node.run(code);
  } finally {
    console.log = log;
  }
  return printed.at(-1) as string;
}

/** Runs a cell in the page's worker; returns the last line it printed (and every message), failing on an error. */
async function lastLineInBrowser(page: Page, id: number, name: string, code: string): Promise<{ line: string; messages: FromWorker[] }> {
  const messages = (await page.evaluate(`window.runCell(${id}, ${JSON.stringify(code)})`)) as FromWorker[];
  const error = messages.find((m) => m.type === "error");
  // (the worker's traceback is text, not this process's stack: kept out of the Error's stack)
  if (error) throw Object.assign(new Error(`cell ${name} failed in the browser: ${(error as { evalue: string }).evalue}`), { stack: JSON.stringify(error) });
  const printed = messages.filter((m) => m.type === "stream").map((m) => (m as { text: string }).text);
  return { line: (printed.at(-1) ?? "").replace(/\n$/, ""), messages };
}

/** Cells that print the exact JSON of what they computed (the last line of their output). */
const CELLS = {
  ibsi: `import * as rl from "@radlab/kernel-lib";
const phantom = await rl.readVolume("../shared/reference/ibsi/digital_phantom/phantom.nii.gz");
const phantomMask = await rl.readMask("../shared/reference/ibsi/digital_phantom/mask.nii.gz", { image: phantom });
const ibsi = rl.extractFeatures(phantom, phantomMask);
// warnings name the image by its absolute path, which differs between the two file systems
const named = ibsi.warnings.map((w) => w.replaceAll(/[^ ]*digital_phantom[/]/g, ""));
console.log(exact({ features: ibsi.features, warnings: named, voxels: phantomMask.voxelCount }));`,
  itk: `const volume = await rl.readVolume("../shared/reference/itk/c_ellipsoid_image.nii.gz");
const roi = await rl.readMask("../shared/reference/itk/c_ellipsoid_mask.nii.gz", { image: volume });
console.log(exact(rl.extractFeatures(volume, roi).features));`,
  study: `import { readFileSync } from "fs";
const table = rl.parseStudyTable(readFileSync("../shared/reference/stats/wdbc/wdbc.csv", "utf8"), { outcome: "outcome", split: "set", foldid: "foldid" });
const result = rl.runStudy(table, { lambda: "1se", bootstrapB: 20, seed: 7 });
// the result records when it was made: the one field that may differ between the two runs
console.log(exact({ ...result, provenance: { ...result.provenance, created: undefined } }));`,
};

describeOracle("the browser kernel gives kernel-lib's numbers", () => {
  let browser: Browser;
  let page: Page;
  let server: Server;
  const requests: string[] = [];
  const inNode: Record<string, string> = {};
  const inBrowser: Record<string, string> = {};
  let messages: FromWorker[] = [];

  beforeAll(async () => {
    const { file, bytes } = await buildBrowserKernel();
    console.log(`browser kernel bundle: ${(bytes / 1e6).toFixed(2)} MB`);
    server = await serve(file);
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
    page = await browser.newPage();
    page.on("request", (request) => requests.push(request.url()));
    await page.goto(origin);
    await page.evaluate("window.startKernel()");
    // Node: the same cells, on the same runner, with the Node library and real files
    const node = nodeRunner();
    for (const [name, code] of Object.entries(CELLS)) inNode[name] = await lastLineInNode(node, code);
    await page.evaluate(`window.runCell(0, ${JSON.stringify(`globalThis.exact = ${exact.toString()}`)})`);
    let id = 1;
    for (const [name, code] of Object.entries(CELLS)) {
      const { line, messages: out } = await lastLineInBrowser(page, id++, name, code);
      messages = messages.concat(out);
      inBrowser[name] = line;
    }
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it("IBSI digital phantom: every feature equal to Node's, bit for bit (74 ROI voxels)", () => {
    expect(JSON.parse(inNode.ibsi).voxels).toBe(74);
    const agreement = compareJson(inBrowser.ibsi, inNode.ibsi, ENGINE_TOLERANCE);
    console.log(
      `IBSI phantom: ${agreement.differing} of ${agreement.numbers} numbers differ, largest relative difference ${agreement.largest.toExponential(2)}`,
    );
    expect(Object.keys(JSON.parse(inBrowser.ibsi).features).length).toBe(432);
  });

  it("ITK reference volume (c_ellipsoid): every feature equal to Node's, bit for bit", () => {
    const agreement = compareJson(inBrowser.itk, inNode.itk, ENGINE_TOLERANCE);
    console.log(
      `c_ellipsoid: ${agreement.differing} of ${agreement.numbers} numbers differ, largest relative difference ${agreement.largest.toExponential(2)}`,
    );
  });

  it("R-reference study (wdbc): the whole result equal to Node's bit for bit, selected features identical, AUCs equal to R's", async () => {
    const agreement = compareJson(inBrowser.study, inNode.study, ENGINE_TOLERANCE);
    console.log(`wdbc study: ${agreement.differing} of ${agreement.numbers} numbers differ, largest relative difference ${agreement.largest.toExponential(2)}`);
    const { readFileSync } = await import("node:fs");
    const R = JSON.parse(readFileSync(ref("stats", "wdbc", "wdbc_reference.json"), "utf8"));
    const result = JSON.parse(inBrowser.study);
    expect(result.lasso.selected).toEqual(JSON.parse(inNode.study).lasso.selected);
    const auc = (group: { auc: number }) => group.auc;
    expect(Math.abs(auc(result.roc.training) - R.roc.training.auc)).toBeLessThan(1e-12);
    expect(Math.abs(auc(result.roc.validation) - R.roc.validation.auc)).toBeLessThan(1e-12);
  });

  it("sent nothing beyond 127.0.0.1", () => {
    expect(requests.length).toBeGreaterThan(3);
    expect(requests.filter((url) => !url.startsWith("http://127.0.0.1:"))).toEqual([]);
  });
});

/** The fixtures' generators (Debian python3-pydicom; dcmtk and GDCM's gdcmconv for the compressed ones; CI installs them). */
const DICOM_TOOLS = ["/usr/bin/python3", "/usr/bin/dcmcjpeg", "/usr/bin/dcmcrle", "/usr/bin/dcmconv", "/usr/bin/gdcmconv"];
const hasDicomTools = DICOM_TOOLS.every((tool) => existsSync(tool));

/**
 * Cells reading through itk-wasm (`dir`: the fixtures' folder, the same absolute path in both
 * runtimes). `series` and `seg` name the DICOM series and SEG: Node reads the uncompressed ones,
 * the worker the JPEG 2000 ones, and the voxels must be the same.
 */
const itkCells = (dir: string, series = "axial/ct", seg = "axial/SEG_fractional.dcm") => ({
  dicom: `const ct = await rl.readVolume(${JSON.stringify(`${dir}/axial/ct`)});
const gtv = await rl.readMask(${JSON.stringify(`${dir}/axial/RS.dcm`)}, { image: ct, roi: "GTVp" });
console.log(exact({ grid: [ct.size, ct.spacing, ct.origin, ct.direction], dicom: ct.dicom, voxels: gtv.voxelCount, features: rl.extractFeatures(ct, gtv).features }));`,
  compressed: `const series = await rl.readVolume(${JSON.stringify(`${dir}/${series}`)});
const node = await rl.readMask(${JSON.stringify(`${dir}/${seg}`)}, { image: series, roi: 2 });
console.log(exact({ grid: [series.size, series.spacing, series.origin, series.direction], voxels: Array.from(series.data), node: Array.from(node.data) }));`,
  written: `import { createHash } from "crypto";
import { mkdtempSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
const folder = mkdtempSync(tmpdir() + "/radlab-written-");
const volume = await rl.readVolume("../shared/reference/itk/c_ellipsoid_image.nii.gz");
const grid = (v: rl.Volume) => exact([v.size, v.spacing, v.origin, v.direction, Array.from(v.data)]);
const written: Record<string, { sha256: string; readBack: boolean }> = {};
for (const name of ["c.nrrd", "c.nii.gz", "c.mha"]) {
  const path = folder + "/" + name;
  await rl.writeVolume(volume, path);
  written[name] = { sha256: createHash("sha256").update(readFileSync(path)).digest("hex"), readBack: grid(await rl.readVolume(path)) === grid(volume) };
}
rmSync(folder, { recursive: true, force: true });
console.log(exact(written));`,
  mha: `const mha = await rl.readVolume(${JSON.stringify(`${dir}/c_ellipsoid_image.mha`)});
const mhaRoi = await rl.readMask("../shared/reference/itk/c_ellipsoid_mask.nii.gz", { image: mha });
console.log(exact({ grid: [mha.size, mha.spacing, mha.origin, mha.direction], voxels: Array.from(mha.data), features: rl.extractFeatures(mha, mhaRoi).features }));`,
});

/** The pipelines' files the kernel ships (widgets/scripts/build-browser-kernel.mjs ITK_PIPELINES). */
const RADLAB_ITK_FILES = [
  "gdcm-read-image",
  "meta-read-image",
  "read-image-dicom-file-series",
  "nrrd-write-image",
  "nifti-write-image",
  "meta-write-image",
].flatMap((name) => [`${name}.js`, `${name}.wasm.zst`]);

describeOracle("the browser kernel reads DICOM and MHA through itk-wasm's browser build, pipelines from the site", () => {
  let browser: Browser;
  let page: Page;
  let server: Server;
  let dir = "";
  const requests: string[] = [];
  const inNode: Record<string, string> = {};
  const inBrowser: Record<string, string> = {};

  beforeAll(async () => {
    if (!hasDicomTools) {
      if (process.env.CI === "true") throw new Error(`needs ${DICOM_TOOLS.join(", ")} (Debian python3-pydicom dcmtk libgdcm-tools; .ci/run installs them)`);
      return;
    }
    dir = mkdtempSync(join(tmpdir(), "radlab-browser-itk-"));
    for (const generator of ["make_fixtures.py", "make_compressed.py"])
      execFileSync("/usr/bin/python3", ["-W", "ignore", join(REPO_ROOT, "test/dicom-rt", generator), dir], { stdio: "ignore" });
    // the MHA: an ITK reference volume written by Node's itk-wasm (MetaImage writer)
    const { readVolume, writeVolume } = await import("../../kernel-lib/dist/index.js");
    await writeVolume(await readVolume(ref("itk", "c_ellipsoid_image.nii.gz")), join(dir, "c_ellipsoid_image.mha"));
    const node = nodeRunner();
    const { file } = await buildBrowserKernel();
    server = await serve(file, { fixtures: dir });
    browser = await launchChromium();
    page = await browser.newPage();
    page.on("request", (request) => requests.push(request.url()));
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    await page.evaluate("window.startKernel()");
    await page.evaluate(`window.runCell(0, ${JSON.stringify(`import * as rl from "@radlab/kernel-lib";\nglobalThis.exact = ${exact.toString()}`)})`);
    await node.run('import * as rl from "@radlab/kernel-lib";');
    let id = 1;
    for (const [name, code] of Object.entries(itkCells(dir))) inNode[name] = await lastLineInNode(node, code);
    for (const [name, code] of Object.entries(itkCells(dir, "compressed/jpeg-2000", "axial/SEG_fractional_jpeg-2000.dcm")))
      inBrowser[name] = (await lastLineInBrowser(page, id++, name, code)).line;
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const needsTools = it.skipIf(!hasDicomTools && process.env.CI !== "true");

  needsTools("a DICOM series with an RTSTRUCT: the same grid, UIDs and 432 features as in Node", () => {
    const agreement = compareJson(inBrowser.dicom, inNode.dicom, ENGINE_TOLERANCE);
    console.log(
      `DICOM + RTSTRUCT: ${agreement.differing} of ${agreement.numbers} numbers differ, largest relative difference ${agreement.largest.toExponential(2)}`,
    );
    const { features, voxels, dicom } = JSON.parse(inBrowser.dicom);
    expect(Object.keys(features)).toHaveLength(432);
    expect(voxels).toBeGreaterThan(50);
    expect(dicom.sopInstanceUids).toHaveLength(12);
  });

  needsTools("a JPEG 2000 series and a JPEG 2000 SEG (GDCM) decode to the uncompressed ones' voxels, as Node reads those", () => {
    expect(inBrowser.compressed).toBe(inNode.compressed);
    expect(JSON.parse(inBrowser.compressed).node.filter((v: number) => v === 1).length).toBeGreaterThan(0);
  });

  needsTools("writes NRRD, NIfTI and MetaImage through ITK's writers: the same bytes as Node writes, and they read back to the volume", () => {
    const browser = JSON.parse(inBrowser.written);
    expect(Object.keys(browser)).toEqual(["c.nrrd", "c.nii.gz", "c.mha"]);
    for (const file of Object.values(browser) as { readBack: boolean }[]) expect(file.readBack).toBe(true);
    expect(inBrowser.written).toBe(inNode.written);
  });

  needsTools("an MHA volume (MetaImage): Node's voxels, and the features of the same volume as NIfTI", async () => {
    const browserMha = JSON.parse(inBrowser.mha);
    expect(exact(browserMha.voxels)).toBe(exact(JSON.parse(inNode.mha).voxels));
    const nifti = await lastLineInNode(
      nodeRunner(),
      `import * as rl from "@radlab/kernel-lib";
const v = await rl.readVolume("../shared/reference/itk/c_ellipsoid_image.nii.gz");
console.log(exact(rl.extractFeatures(v, await rl.readMask("../shared/reference/itk/c_ellipsoid_mask.nii.gz", { image: v })).features));`,
    );
    const agreement = compareJson(exact(browserMha.features), nifti, ENGINE_TOLERANCE);
    console.log(`MHA in the browser against NIfTI in Node: ${agreement.differing} of ${agreement.numbers} numbers differ`);
  });

  /**
   * A fresh kernel in a new context (`cacheFiles`: as an executable site starts it, which then
   * reads the pipelines in the background: waited for), the MHA read into its memory, then the
   * context offline and the MHA read as a volume; the messages of that cell.
   */
  const readMhaOffline = async (cacheFiles: boolean): Promise<FromWorker[]> => {
    const context = await browser.newContext();
    try {
      const offlinePage = await context.newPage();
      let read = 0;
      const allRead = new Promise<void>((resolve) =>
        offlinePage.on("requestfinished", (request) => {
          if (request.url().includes("/assets/itk/") && ++read === RADLAB_ITK_FILES.length) resolve();
        }),
      );
      await offlinePage.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
      await offlinePage.evaluate(`window.startKernel({ cacheFiles: ${cacheFiles} })`);
      if (cacheFiles) await allRead;
      const mha = `${dir}/c_ellipsoid_image.mha`;
      // the volume itself into the kernel's memory while online (the test site cannot be cached whole)
      await lastLineInBrowser(offlinePage, 1, "read", `import { readFileSync } from "fs";\nconsole.log(readFileSync(${JSON.stringify(mha)}).length)`);
      await context.setOffline(true);
      const code = `import * as rl from "@radlab/kernel-lib";\nconst v = await rl.readVolume(${JSON.stringify(mha)});\nconsole.log(JSON.stringify(v.size))`;
      return (await offlinePage.evaluate(`window.runCell(2, ${JSON.stringify(code)})`)) as FromWorker[];
    } finally {
      await context.close();
    }
  };

  needsTools("an executable site's kernel reads the pipelines in the background once ready, so an MHA volume reads offline", async () => {
    const stream = (await readMhaOffline(true)).find((m) => m.type === "stream") as { text: string } | undefined;
    expect(stream?.text).toBe(`${JSON.stringify(JSON.parse(inNode.mha).grid[0])}\n`);
  });

  needsTools("a kernel that has not read the pipelines (the served lab) and is offline says why an MHA volume cannot be read", async () => {
    const error = (await readMhaOffline(false)).find((m) => m.type === "error") as { evalue: string } | undefined;
    expect(error?.evalue).toMatch(
      /c_ellipsoid_image\.mha: not a readable volume: itk-wasm's meta-read-image pipeline could not be read from the site \(.+\); it is read once, on first use, so this needs the site reachable$/,
    );
  });

  needsTools("loaded only the pipelines it ships, from the test server, and sent nothing beyond 127.0.0.1", () => {
    const pipelines = requests.filter((url) => url.includes("/assets/itk/")).map((url) => url.slice(url.lastIndexOf("/") + 1));
    expect(pipelines.sort()).toEqual([...RADLAB_ITK_FILES].sort());
    // (blob: URLs are the page's memory: the pipelines' scripts, imported from the bytes read)
    expect(requests.filter((url) => !url.startsWith("http://127.0.0.1:") && !url.startsWith("blob:http://127.0.0.1:"))).toEqual([]);
  });

  // after the test above: the pool's workers load the pipelines again, each for itself
  needsTools("a cohort of DICOM (series + RTSTRUCT) and MHA cases on the pool (workers: 2): the kernel's own-thread rows exactly", async () => {
    // the pool workers read these by path from the site, and load itk-wasm's pipelines from it themselves
    const mask = "/shared/reference/itk/c_ellipsoid_mask.nii.gz";
    writeFileSync(
      join(dir, "pool.csv"),
      `id,image,mask,roi\nD1,axial/ct,axial/RS.dcm,GTVp\nM1,c_ellipsoid_image.mha,${mask},\nD2,axial/ct,axial/RS.dcm,GTVp\n`,
    );
    const cell = (
      workers: number,
    ) => `const pooled = await rl.extractCohort(rl.readManifest(${JSON.stringify(`${dir}/pool.csv`)}), rl.DEFAULT_SETTINGS, { workers: ${workers} });
console.log(exact({ rows: pooled.table.objects(), failures: pooled.failures }));`;
    const inPool = (await lastLineInBrowser(page, 20, "pool", cell(2))).line;
    const result = JSON.parse(inPool);
    expect(result.failures).toEqual([]);
    expect(result.rows.map((r: { id: string }) => r.id)).toEqual(["D1", "M1", "D2"]);
    expect(inPool).toBe((await lastLineInBrowser(page, 21, "in the kernel", cell(1))).line);
  });

  needsTools("an MHA volume in the lab's drive (IndexedDB) read by path in the pool's workers: they mirror the drive as the kernel does", async () => {
    const context = await browser.newContext();
    try {
      const drivePage = await context.newPage();
      await drivePage.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
      // the drive as JupyterLite keeps it: a "files" store of { path, type, format, content, last_modified }
      const content = readFileSync(join(dir, "c_ellipsoid_image.mha")).toString("base64");
      await drivePage.evaluate(
        (item) =>
          new Promise<void>((done, fail) => {
            const open = indexedDB.open("radlab-pool-drive");
            open.onupgradeneeded = () => open.result.createObjectStore("files", { keyPath: "path" });
            open.onerror = () => fail(open.error);
            open.onsuccess = () => {
              const put = open.result.transaction("files", "readwrite").objectStore("files").put(item);
              put.onsuccess = () => done();
              put.onerror = () => fail(put.error);
            };
          }),
        { path: "drive/pool.mha", type: "file", format: "base64", content, last_modified: "2026-11-29T00:00:00Z" },
      );
      await drivePage.evaluate(`window.startKernel({ driveDatabase: "radlab-pool-drive" })`);
      const cell = (workers: number) => `import * as rl from "@radlab/kernel-lib";
import { writeFileSync } from "fs";
writeFileSync("/drive/pool.csv", "id,image,mask\\nM1,pool.mha,/shared/reference/itk/c_ellipsoid_mask.nii.gz\\nM2,pool.mha,/shared/reference/itk/c_ellipsoid_mask.nii.gz\\n");
const pooled = await rl.extractCohort(rl.readManifest("/drive/pool.csv"), rl.DEFAULT_SETTINGS, { workers: ${workers} });
console.log(JSON.stringify({ rows: pooled.table.objects(), failures: pooled.failures }));`;
      const inPool = (await lastLineInBrowser(drivePage, 1, "drive pool", cell(2))).line;
      expect(JSON.parse(inPool).failures).toEqual([]);
      expect(JSON.parse(inPool).rows.map((r: { id: string }) => r.id)).toEqual(["M1", "M2"]);
      expect(inPool).toBe((await lastLineInBrowser(drivePage, 2, "drive in the kernel", cell(1))).line);
    } finally {
      await context.close();
    }
  });
});

describe("browser kernel I/O", () => {
  let browser: Browser;
  let page: Page;
  let server: Server;

  beforeAll(async () => {
    const { file } = await buildBrowserKernel();
    server = await serve(file);
    browser = await launchChromium();
    page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    await page.evaluate("window.startKernel()");
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  const run = (id: number, code: string) => page.evaluate(`window.runCell(${id}, ${JSON.stringify(code)})`) as Promise<FromWorker[]>;

  it("streams console output and sends rl.show's MIME bundle (Plotly JSON with an HTML fallback)", async () => {
    const out = await run(
      1,
      'import * as rl from "@radlab/kernel-lib";\nconsole.log("cases:", 3, [1, 2]);\nrl.show({ data: [{ type: "scatter", x: [1, 2], y: [3, 4] }], layout: { title: { text: "<b>t</b>" } } });\n1 + 1',
    );
    expect(out.filter((m) => m.type === "stream").map((m) => (m as { text: string }).text)).toEqual(["cases: 3 [ 1, 2 ]\n"]);
    const display = out.find((m) => m.type === "display") as Extract<FromWorker, { type: "display" }>;
    expect(Object.keys(display.data)).toEqual(expect.arrayContaining(["application/vnd.plotly.v1+json", "text/html"]));
    expect(String(display.data["text/html"])).toContain("Plotly");
    expect(out.find((m) => m.type === "result")).toMatchObject({ data: { "text/plain": "2" } });
    expect(out.at(-1)).toMatchObject({ type: "done", status: "ok" });
  });

  it("reports an error with the cell's line, and the next cell still runs", async () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the cell's own template literal
    const out = await run(2, "const a: number = 1;\n\nthrow new RangeError(`bad ${a}`);");
    const error = out.find((m) => m.type === "error") as Extract<FromWorker, { type: "error" }>;
    expect(error).toMatchObject({ ename: "RangeError", evalue: "bad 1" });
    expect(error.traceback.join("\n")).toMatch(/cell-\d+\.ts:3:/);
    expect(out.at(-1)).toMatchObject({ type: "done", status: "error" });
    expect((await run(3, "a + 1")).find((m) => m.type === "result")).toMatchObject({ data: { "text/plain": "2" } });
  });

  it("says why a MetaImage with its voxels in another file is not read, and which endings it writes volumes with", async () => {
    const mhd = await run(
      5,
      `import { writeFileSync } from "fs";
writeFileSync("detached.mhd", "ObjectType = Image\\nNDims = 3\\nDimSize = 2 2 2\\nElementType = MET_UCHAR\\nElementDataFile = detached.raw\\n");
writeFileSync("detached.raw", new Uint8Array(8));
await rl.readVolume("detached.mhd");`,
    );
    expect(mhd.find((m) => m.type === "error")).toMatchObject({
      evalue:
        "/repo/detached.mhd: not a readable volume: its voxels are in another file (ElementDataFile = detached.raw), which the browser kernel does not read: write the volume as one .mha file",
    });
    const write = await run(6, 'await rl.writeVolume(await rl.readVolume("../shared/reference/itk/a_tiny_image.nii.gz"), "out/tiny.tif");');
    expect(write.find((m) => m.type === "error")).toMatchObject({
      evalue: "writing tiny.tif: the browser kernel writes volumes as .nrrd, .nii.gz, .nii, .mha (one file each); name the file with one of these endings",
    });
  });

  it("says what is missing when a cell needs Node (a built-in the browser has not)", async () => {
    const out = await run(4, 'import { spawnSync } from "node:child_process";\nspawnSync("ls")');
    expect(out.find((m) => m.type === "error")).toMatchObject({ evalue: expect.stringMatching(/Cannot find module 'node:child_process'/) });
  });
});

/**
 * The cohort runner on Web Workers: rl.extractCohort with workers: 2 in the kernel's worker runs
 * its cases on a pool of Web Workers nested in it (widgets/src/kernel/node/worker-threads.ts), as
 * Node runs them on worker threads. A small demo cohort (4 cases of the seeded generator, plus
 * one whose image is a truncated gzip, third in the manifest) gives Node's table, failure and
 * progress; the pool's workers are counted through the DevTools protocol (Target.getTargets
 * lists every worker, nested ones included); an interrupt (terminate the kernel's worker and
 * start a new one, as the lab does) leaves none of them running. About 30 s on this machine.
 */
describe("the cohort runner on Web Workers", () => {
  const MANIFEST_IDS = ["NPC001", "NPC002", "BROKEN", "NPC003", "NPC004"];
  let browser: Browser;
  let page: Page;
  let server: Server;
  let folder: string;
  let cohort: string;
  let countWorkers: () => Promise<number>;
  let inNode: string;
  const run = (id: number, code: string) => page.evaluate(`window.runCell(${id}, ${JSON.stringify(code)})`) as Promise<FromWorker[]>;

  /**
   * The extraction as exact JSON: the table's rows in order, failures (their paths from the
   * cohort folder, which differs between the two file systems), warnings, and the progress
   * reports (their counts, and the ids sorted: which case finishes first depends on the scheduling).
   */
  const summarise = async (rl: typeof import("../../kernel-lib/dist/index.js"), root: string, workers: number) => {
    const progress: { done: number; total: number; failed: number; id: string }[] = [];
    const extraction = await rl.extractCohort(rl.readManifest(`${root}/manifest.csv`), rl.DEFAULT_SETTINGS, {
      workers,
      onProgress: (p) => progress.push({ done: p.done, total: p.total, failed: p.failed, id: p.id }),
    });
    const local = (text: string) => text.split(root).join("<cohort>");
    return {
      rows: extraction.table.objects(),
      failures: extraction.failures.map((f) => ({ id: f.id, file: local(f.file), reason: local(f.reason) })),
      warnings: extraction.warnings.map(local),
      progress: progress.map((p) => p.done),
      reported: progress.map((p) => p.id).sort(),
      last: { ...progress.at(-1), id: undefined },
    };
  };

  beforeAll(async () => {
    const { mkdtempSync, readFileSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const rl = await import("../../kernel-lib/dist/index.js");
    folder = mkdtempSync(join(tmpdir(), "radlab-browser-pool-"));
    cohort = join(folder, "cohort");
    await rl.writeDemoCohort({ out: cohort, cases: 4, workers: 1 });
    // the corrupt case: NPC001's row under another id, its image the first 300 bytes of NPC001's
    writeFileSync(join(cohort, "images/BROKEN_T2.nii.gz"), readFileSync(join(cohort, "images/NPC001_T2.nii.gz")).subarray(0, 300));
    const [header, ...rows] = readFileSync(join(cohort, "manifest.csv"), "utf8").trim().split("\n");
    const broken = rows[0].replace(/^NPC001,images\/NPC001_T2/, "BROKEN,images/BROKEN_T2");
    writeFileSync(join(cohort, "manifest.csv"), `${[header, rows[0], rows[1], broken, rows[2], rows[3]].join("\n")}\n`);
    // a long cohort for the interrupt: the good cases eight times over
    writeFileSync(
      join(cohort, "long.csv"),
      `${[header, ...Array.from({ length: 8 }, (_, k) => rows.map((r) => r.replace(/^NPC/, `R${k}NPC`))).flat()].join("\n")}\n`,
    );
    inNode = exact(await summarise(rl, cohort, 2));

    const { file } = await buildBrowserKernel();
    server = await serve(file, { cwd: "/cohort", cohort });
    browser = await launchChromium();
    page = await browser.newPage();
    const cdp = await browser.newBrowserCDPSession();
    countWorkers = async () =>
      ((await cdp.send("Target.getTargets")) as { targetInfos: { type: string; url: string }[] }).targetInfos.filter(
        (t) => t.type === "worker" && t.url.endsWith("/kernel/radlab-kernel-worker.js"),
      ).length;
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    await page.evaluate("window.startKernel()");
    await run(0, `globalThis.exact = ${exact.toString()};\nglobalThis.summarise = ${summarise.toString()}`);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    if (folder) (await import("node:fs")).rmSync(folder, { recursive: true, force: true });
  });

  it("extracts a cohort with workers: 2 on two nested Web Workers: the kernel's own-thread result and Node's exactly; the corrupt case reported by name, the rest kept in order", async () => {
    let most = 0;
    let polling = true;
    const poll = (async () => {
      while (polling) {
        most = Math.max(most, await countWorkers());
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    const printed = async (id: number, workers: number) => {
      const out = await run(id, `import * as rl from "@radlab/kernel-lib";\nconsole.log(exact(await summarise(rl, "/cohort", ${workers})));`);
      const error = out.find((m) => m.type === "error");
      if (error) throw new Error(`the cell failed in the browser: ${(error as { evalue: string }).evalue}`);
      return (out.filter((m) => m.type === "stream").at(-1) as { text: string }).text.trim();
    };
    const inPool = await printed(1, 2);
    polling = false;
    await poll;
    // the kernel's worker and the pool's two while the cases ran; the pool gone when the run is over
    expect(most).toBe(3);
    expect(await countWorkers()).toBe(1);
    const result = JSON.parse(inPool);
    expect(result.rows.map((r: { id: string }) => r.id)).toEqual(MANIFEST_IDS.filter((id) => id !== "BROKEN"));
    expect(result.failures).toEqual([
      {
        id: "BROKEN",
        file: "<cohort>/images/BROKEN_T2.nii.gz",
        reason: expect.stringMatching(/^case BROKEN: <cohort>\/images\/BROKEN_T2\.nii\.gz: not a readable volume: gzip/),
      },
    ]);
    expect(result.progress).toEqual([1, 2, 3, 4, 5]);
    expect(result.reported).toEqual([...MANIFEST_IDS].sort());
    expect(result.last).toMatchObject({ done: 5, total: 5, failed: 1 });
    // the same engine in the kernel's own thread (workers: 1): every number and word the same
    expect(inPool).toBe(await printed(2, 1));
    // Node's: the decoders word a truncated gzip differently (Node's zlib "unexpected end of file", fflate "unexpected EOF")
    const agreement = compareJson(inPool.replace("(unexpected EOF)", "(unexpected end of file)"), inNode, ENGINE_TOLERANCE);
    console.log(
      `cohort on 2 Web Workers: ${agreement.differing} of ${agreement.numbers} numbers differ from Node's, largest relative difference ${agreement.largest.toExponential(2)}`,
    );
  });

  it("an interrupt while the pool computes leaves no pool worker running; the new kernel runs cells", async () => {
    const running = run(
      2,
      `import * as rl from "@radlab/kernel-lib";\nawait rl.extractCohort(rl.readManifest("long.csv"), rl.DEFAULT_SETTINGS, { workers: 2 });`,
    );
    void running.catch(() => undefined);
    const deadline = Date.now() + 60_000;
    while ((await countWorkers()) < 3) {
      if (Date.now() > deadline) throw new Error("the pool's workers never started");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // the lab's interrupt: terminate the kernel's worker, start a new one
    await page.evaluate("window.kernel.terminate(); window.startKernel()");
    const settled = Date.now() + 10_000;
    while ((await countWorkers()) > 1 && Date.now() < settled) await new Promise((resolve) => setTimeout(resolve, 100));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await countWorkers()).toBe(1);
    // the new kernel runs cells; node:os's availableParallelism (workers chosen as the CLI does) is the page's core count
    const cores = await page.evaluate("navigator.hardwareConcurrency");
    const out = await run(4, 'import { availableParallelism } from "node:os";\navailableParallelism()');
    expect(out.find((m) => m.type === "result")).toMatchObject({ data: { "text/plain": String(cores) } });
  });
});
