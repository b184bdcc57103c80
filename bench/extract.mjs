#!/usr/bin/env node
/**
 * bench/extract: how long `radlab extract` takes as a whole process (start-up and volume
 * reading included), against the native ITK 5 texture harness on the same ROI.
 *
 *   npm run build && node bench/extract.mjs [--runs N] [--harness PATH] [--cohort-workers N]
 *                                           [--manifest M.csv] [--keep-files]
 *
 * Cases: shared/reference/itk/c_ellipsoid (levels 1..32, `--discretization none`) and an
 * NPC-sized synthetic case (190×190×28 voxels, ≈36,000 ROI voxels, 32 bins) written to a
 * temporary folder. ITK (shared/reference/itk/harness, built outside the repository) gets the
 * same grey levels cropped to the ROI's bounding box, and computes its 324 GLCM/GLRLM features;
 * radlab computes all 432. When data/demo-cohort/manifest.csv exists, the whole cohort is
 * also extracted with 2 worker threads (no cache); --manifest names another cohort. Goal (issue 5): radlab ≤ 0.2 × ITK, and the
 * 142-case cohort ≤ 60 s with 2 workers.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const CLI = join(ROOT, "kernel-lib", "bin", "radlab.js");
const DIST = join(ROOT, "kernel-lib", "dist");
const SHARED = resolve(process.env.RADLAB_SHARED ?? join(ROOT, "..", "shared"));
const ITK_DIR = join(SHARED, "reference", "itk");

const { values: args } = parseArgs({
  options: {
    runs: { type: "string", default: "5" },
    harness: { type: "string" },
    "cohort-workers": { type: "string", default: "2" },
    manifest: { type: "string" },
    "keep-files": { type: "boolean", default: false },
  },
});
const RUNS = Number(args.runs);

if (!existsSync(join(DIST, "features", "extract.js"))) {
  console.error("bench/extract: kernel-lib is not built; run `npm run build` first");
  process.exit(2);
}
const rl = await import(join(DIST, "index.js"));
const { discretize } = await import(join(DIST, "features", "discretize.js"));

/** The ITK harness binary: --harness, $ITK_HARNESS, or a build under /tmp. */
function findHarness() {
  const underTmp = readdirSync("/tmp").map((d) => join("/tmp", d, "build", "itk_texture_oracle"));
  const candidates = [args.harness, process.env.ITK_HARNESS, ...underTmp].filter(Boolean);
  return candidates.find((path) => existsSync(path));
}

const GNU_TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;

/**
 * Wall time of a whole process, and its CPU time (user + system, via GNU time when present:
 * on a busy machine the CPU time is the steadier figure). Fails loudly if the process fails.
 */
function timeProcess(command, commandArgs) {
  const [cmd, cmdArgs] = GNU_TIME ? [GNU_TIME, ["-f", "radlab-bench-cpu %U %S", command, ...commandArgs]] : [command, commandArgs];
  const start = process.hrtime.bigint();
  const result = spawnSync(cmd, cmdArgs, { encoding: "utf8", maxBuffer: 64 << 20 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) throw new Error(`${command} ${commandArgs.join(" ")} exited ${result.status}:\n${result.stderr}`);
  const cpuLine = result.stderr.split("\n").find((line) => line.startsWith("radlab-bench-cpu "));
  const cpu = cpuLine
    ? cpuLine
        .split(" ")
        .slice(1)
        .reduce((sum, x) => sum + Number(x), 0)
    : Number.NaN;
  return { seconds, cpu, stdout: result.stdout };
}

function summary(runs) {
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { median: median(runs.map((r) => r.seconds)), min: Math.min(...runs.map((r) => r.seconds)), cpu: median(runs.map((r) => r.cpu)) };
}

/** A seeded NPC-sized case: 190×190×28 at 0.9×0.9×5 mm, a lobulated ROI of ≈36,000 voxels. */
function npcSizedCase() {
  const size = [190, 190, 28];
  const [nx, ny, nz] = size;
  let state = 20240601;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const image = new Int16Array(nx * ny * nz);
  const labels = new Uint8Array(nx * ny * nz);
  const [cx, cy, cz] = [95, 100, 14];
  for (let k = 0, n = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, n++) {
        const texture = 60 * Math.sin(i / 3.1) * Math.cos(j / 4.3) + 40 * Math.sin((i + j + 3 * k) / 7);
        image[n] = Math.round(500 + texture + 50 * random());
        const angle = Math.atan2(j - cy, i - cx);
        const lobes = 1 + 0.12 * Math.sin(3 * angle) + 0.06 * Math.cos(5 * angle + k / 4);
        const r = ((i - cx) / (28.3 * lobes)) ** 2 + ((j - cy) / (28.3 * lobes)) ** 2 + ((k - cz) / 11) ** 2;
        labels[n] = r <= 1 ? 1 : 0;
      }
    }
  }
  return { grid: { size, spacing: [0.9, 0.9, 5], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] }, image, labels };
}

/**
 * The ITK harness input for a case: the ROI's grey levels (radlab's discretisation) cropped to
 * the ROI's bounding box, written as int16, and the cropped mask.
 */
async function itkInput(imagePath, maskPath, discretization, dir, name) {
  const volume = await rl.readVolume(imagePath);
  const mask = await rl.readMask(maskPath, { image: volume });
  const cropped = rl.cropToRoi(volume, mask);
  const roi = [];
  for (let n = 0; n < cropped.mask.data.length; n++) if (cropped.mask.data[n]) roi.push(cropped.volume.data[n]);
  const { levels, ng } = discretize(roi, discretization, imagePath);
  const levelImage = new Int16Array(cropped.mask.data.length);
  for (let n = 0, r = 0; n < levelImage.length; n++) if (cropped.mask.data[n]) levelImage[n] = levels[r++];
  const image = join(dir, `${name}_levels_cropped.nii.gz`);
  const roiMask = join(dir, `${name}_mask_cropped.nii.gz`);
  await rl.writeVolume({ ...cropped.volume, data: levelImage }, image);
  await rl.writeVolume({ ...cropped.mask, data: cropped.mask.data }, roiMask);
  return { image, mask: roiMask, ng, roiVoxels: roi.length, box: cropped.volume.size, size: volume.size };
}

const dir = mkdtempSync(join(tmpdir(), "radlab-bench-"));
const npc = npcSizedCase();
await rl.writeVolume({ ...npc.grid, data: npc.image }, join(dir, "npc_t2.nii.gz"));
await rl.writeVolume({ ...npc.grid, data: npc.labels }, join(dir, "npc_mask.nii.gz"));

const cases = [
  { name: "c_ellipsoid", image: join(ITK_DIR, "c_ellipsoid_image.nii.gz"), mask: join(ITK_DIR, "c_ellipsoid_mask.nii.gz"), discretization: "none" },
  { name: "NPC-sized", image: join(dir, "npc_t2.nii.gz"), mask: join(dir, "npc_mask.nii.gz"), discretization: "bins:32" },
];
const harness = findHarness();
console.log(`radlab extract, whole process, ${RUNS} runs each (median, min); node ${process.version}`);
console.log(harness ? `ITK harness: ${harness}` : "ITK harness: not built (see shared/reference/itk/harness/README.md); ratios skipped");
console.log("");
const rows = [];
for (const c of cases) {
  const parsed = c.discretization === "none" ? { kind: "none" } : { kind: "bins", n: Number(c.discretization.split(":")[1]) };
  const itk = await itkInput(c.image, c.mask, parsed, dir, c.name);
  const radlabTimes = [];
  for (let r = 0; r < RUNS; r++) {
    const run = timeProcess(process.execPath, [CLI, "extract", "--image", c.image, "--mask", c.mask, "--discretization", c.discretization, "--json"]);
    const count = Object.keys(JSON.parse(run.stdout).features).length;
    if (count !== 432) throw new Error(`${c.name}: radlab printed ${count} features, not 432`);
    radlabTimes.push(run);
  }
  const row = { case: c.name, grid: itk.size.join("×"), roi: itk.roiVoxels, box: itk.box.join("×"), ng: itk.ng, radlab: summary(radlabTimes) };
  if (harness) {
    const itkTimes = [];
    for (let r = 0; r < Math.min(RUNS, 3); r++) {
      itkTimes.push(timeProcess(harness, [itk.image, itk.mask, "--ng", String(itk.ng), "--out", join(dir, `${c.name}_itk.json`)]));
    }
    row.itk = summary(itkTimes);
  }
  rows.push(row);
}

const fmt = (t) => `wall median ${t.median.toFixed(3)} s (min ${t.min.toFixed(3)}), CPU ${t.cpu.toFixed(3)} s`;
for (const row of rows) {
  const ratio = row.itk
    ? `\n  radlab/ITK = ${(row.radlab.median / row.itk.median).toFixed(3)} wall, ${(row.radlab.cpu / row.itk.cpu).toFixed(3)} CPU (goal ≤ 0.2)`
    : "";
  console.log(
    `${row.case} — grid ${row.grid}, ROI ${row.roi} voxels (box ${row.box}), Ng ${row.ng}\n` +
      `  radlab, 432 features, whole process: ${fmt(row.radlab)}` +
      (row.itk ? `\n  ITK, 324 GLCM/GLRLM on the cropped ROI: ${fmt(row.itk)}` : "") +
      ratio,
  );
}

const manifest = resolve(args.manifest ?? join(ROOT, "data", "demo-cohort", "manifest.csv"));
if (existsSync(manifest)) {
  const workers = args["cohort-workers"];
  const out = join(dir, "demo-features.csv");
  const { seconds, cpu } = timeProcess(process.execPath, [CLI, "extract", "--manifest", manifest, "--out", out, "--workers", workers, "--no-cache"]);
  const cases = spawnSync("wc", ["-l", manifest], { encoding: "utf8" }).stdout.trim().split(/\s+/)[0] - 1;
  console.log(
    `\ndemo cohort (${cases} cases), ${workers} workers, no cache: ${seconds.toFixed(1)} s wall, ${cpu.toFixed(1)} s CPU ` +
      `(${((1000 * cpu) / cases).toFixed(0)} ms CPU per case; goal ≤ 60 s wall for 142)`,
  );
} else {
  console.log(`\ndemo cohort: ${manifest} not found (npx radlab demo-data --out data/demo-cohort); skipped`);
}
if (!args["keep-files"]) rmSync(dir, { recursive: true, force: true });
else console.log(`files kept in ${dir}`);
