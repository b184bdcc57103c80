/**
 * Issue 15's inputs through the built `radlab` command, as a user runs it: each asserts the
 * exit status and the exact message (or the numbers, computed independently by fixtures.ts).
 * Output safety: every command that writes files (extract, model, figures, score, merge, mask,
 * slurm, demo-data, study) refuses an input as its output (the input stays
 * byte-identical), a folder where a file goes, an unknown ending and /proc, before any work.
 * About 20 processes of ~0.4 s each on tiny volumes.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCsv, parseDecimal } from "../../kernel-lib/src/io/csv.js";
import { type Fixtures, writeFixtures } from "./fixtures.js";

const REPO = join(import.meta.dirname, "..", "..");
const BIN = join(REPO, "kernel-lib", "bin", "radlab.js");

function radlab(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", cwd: dir, timeout: 30_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

let dir: string;
let fx: Fixtures;
let manifest: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "radlab-cli-reliability-"));
  fx = writeFixtures(dir);
  manifest = join(dir, "cohort.csv");
  writeFileSync(manifest, "id,image,mask\nP1,image.nii.gz,mask.nii.gz\nP2,nan.nrrd,mask.nii.gz\n");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("radlab extract / info on bad-but-plausible inputs", () => {
  it("NaN voxels in a NRRD: exit 0, stat_Mean of the finite ROI voxels, the count in the JSON's warnings", () => {
    const { code, stdout, stderr } = radlab("extract", "--image", fx.nanNrrd, "--mask", fx.mask, "--json");
    expect(code, stderr).toBe(0);
    const out = JSON.parse(stdout);
    expect(Math.abs(out.features.stat_Mean - fx.nanFiniteMean) / fx.nanFiniteMean).toBeLessThan(1e-12);
    const roi = `${fx.nanNrrd}: ROI: ${fx.nanNrrd}: 3 non-finite voxels (3 NaN) of the ${fx.roiVoxels} ROI voxels were left out of the ROI (every family)`;
    expect(out.warnings).toContain(roi);
    expect(stderr).toContain(`warning: ${roi}\n`);
  });

  it("several labels, no --label: exit 2 and the labels with their counts; --label any merges them", () => {
    const c = fx.labelCounts;
    const refused = radlab("extract", "--image", fx.image, "--mask", fx.multiLabelMask, "--json");
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      `radlab extract: ${fx.multiLabelMask}: mask holds 3 labels: 1 (${c[1]} voxels), 2 (${c[2]} voxels), 7 (${c[7]} voxels); ` +
        'choose one with --label N (settings/manifest "label"), or --label any to merge them into one ROI on purpose\n',
    );
    const merged = radlab("extract", "--image", fx.image, "--mask", fx.multiLabelMask, "--label", "any", "--json");
    expect(merged.code, merged.stderr).toBe(0);
    expect(JSON.parse(merged.stdout).features.shape_VolumeCC * 1000).toBeCloseTo((c[1] + c[2] + c[7]) * fx.voxelVolume, 9); // cm³ → mm³
    expect(JSON.parse(merged.stdout).settings.label).toBe("any");
  });

  it("a partial-volume mask: exit 2 with the share; --mask-threshold 0.5 reads it", () => {
    const refused = radlab("extract", "--image", fx.image, "--mask", fx.partialMask, "--json");
    expect(refused.code).toBe(2);
    const nonZero = fx.roiVoxels + fx.partialRimVoxels;
    expect(refused.stderr).toContain(
      `${fx.partialMask}: ${fx.partialRimVoxels} of the ${nonZero} non-zero mask voxels (${((100 * fx.partialRimVoxels) / nonZero).toFixed(1)} %) hold non-integer values`,
    );
    const read = radlab("extract", "--image", fx.image, "--mask", fx.partialMask, "--mask-threshold", "0.5", "--json");
    expect(read.code, read.stderr).toBe(0);
    expect(JSON.parse(read.stdout).settings.maskThreshold).toBe(0.5);
  });

  it("the image as its own mask: exit 2", () => {
    const { code, stderr } = radlab("extract", "--image", fx.image, "--mask", fx.image, "--json");
    expect(code).toBe(2);
    expect(stderr).toBe(`radlab extract: ${fx.image}: the mask is the image itself (the same file was given as image and as mask)\n`);
  });

  it("info lists the mask's labels and voxel counts, and says why there is no ROI section", () => {
    const c = fx.labelCounts;
    const { code, stdout } = radlab("info", fx.image, "--mask", fx.multiLabelMask);
    expect(code).toBe(0);
    expect(stdout).toContain(`mask labels  1 (${c[1]} voxels), 2 (${c[2]} voxels), 7 (${c[7]} voxels)\n`);
    expect(stdout).toContain("ROI          several labels: choose one with --label N, or --label any to merge them");
    const one = radlab("info", fx.image, "--mask", fx.multiLabelMask, "--label", "2", "--json");
    expect(JSON.parse(one.stdout).roi.voxelCount).toBe(c[2]);
  });

  it("bins:1e9 is rejected with the limit; a header-only manifest is an error", () => {
    const bins = radlab("extract", "--image", fx.image, "--mask", fx.mask, "--discretization", "bins:1e9", "--json");
    expect(bins.code).toBe(2);
    expect(bins.stderr).toContain("1000000000 bins is more than radlab's limit of 65535 grey levels");
    const empty = radlab("extract", "--manifest", fx.headerOnlyManifest, "--out", join(dir, "empty.csv"));
    expect(empty.code).toBe(2);
    expect(empty.stderr).toBe(
      `radlab extract: ${fx.headerOnlyManifest}: 1 problem\n  line 2, column "": the manifest has a header but no case (expected one row per case)\n`,
    );
  });

  it("--workers beyond the cores is capped, and says so; a ;-manifest with decimal commas is read and hex codes stay text", () => {
    const out = join(dir, "semi", "features.csv");
    const { code, stderr } = radlab("extract", "--manifest", fx.semicolonManifest, "--out", out, "--workers", "64", "--no-cache");
    expect(code, stderr).toBe(0);
    const cores = availableParallelism();
    expect(stderr).toContain(`--workers 64: this machine has ${cores} core${cores === 1 ? "" : "s"}; using ${cores} worker${cores === 1 ? "" : "s"}\n`);
    // Read back as radlab's own readers do (model, figures): weights numbers, codes text as written.
    const [header, ...rows] = parseCsv(readFileSync(out, "utf8"));
    const column = (name: string) => rows.map((r) => r[header.indexOf(name)]);
    expect(column("weight").map(parseDecimal)).toEqual(fx.weights);
    expect(column("code")).toEqual(fx.codes);
    expect(column("code").map(parseDecimal).every(Number.isNaN)).toBe(true);
  });
});

describe("output safety, per command: refused before any work, inputs untouched", () => {
  const untouched = (file: string, run: () => { code: number | null; stderr: string }, message: string) => {
    const before = readFileSync(file);
    const { code, stderr } = run();
    expect(code, stderr).toBe(2);
    expect(stderr).toContain(message);
    expect(readFileSync(file).equals(before)).toBe(true);
  };

  it("extract: the manifest, an image or a folder as --out; an unknown ending; /proc", () => {
    untouched(manifest, () => radlab("extract", "--manifest", manifest, "--out", manifest), `--out ${manifest}: is an input of this command`);
    untouched(fx.image, () => radlab("extract", "--manifest", manifest, "--out", fx.image), `--out ${fx.image}: is an input of this command`);
    mkdirSync(join(dir, "folder.csv"), { recursive: true });
    expect(radlab("extract", "--manifest", manifest, "--out", join(dir, "folder.csv")).stderr).toContain("is an existing folder; give a file path");
    expect(radlab("extract", "--manifest", manifest, "--out", join(dir, "features.txt")).stderr).toContain(
      "unknown file ending (radlab writes .csv, .arrow here)",
    );
    const started = Date.now();
    const proc = radlab("extract", "--manifest", manifest, "--out", "/proc/radlab/x.csv");
    expect(proc.code).toBe(2);
    expect(proc.stderr).toContain("--out /proc/radlab/x.csv: cannot create folder /proc/radlab");
    expect(Date.now() - started).toBeLessThan(10_000); // no spinning
  });

  it("model: the feature table as --out", () => {
    const table = join(dir, "table.csv");
    writeFileSync(table, "id,outcome,set,f1\nA,0,training,1\n");
    untouched(table, () => radlab("model", "--features", table, "--outcome", "outcome", "--split", "set", "--out", table), `--out ${table}: is an input`);
    untouched(
      table,
      () => radlab("model", "--features", table, "--outcome", "outcome", "--split", "set", "--out", join(dir, "r.csv")),
      "unknown file ending (radlab writes .json here)",
    );
  });

  it("figures: the study result as --out", () => {
    const result = join(dir, "result.json");
    writeFileSync(result, "{}\n");
    untouched(result, () => radlab("figures", "--result", result, "--out", result), `--out ${result}: is an input`);
  });

  it("score, merge, mask and slurm: an input as --out", () => {
    const result = join(dir, "scored-result.json");
    const features = join(dir, "new-patients.csv");
    writeFileSync(result, "{}\n");
    writeFileSync(features, "id,stat_Mean\nA,1\n");
    untouched(features, () => radlab("score", "--result", result, "--features", features, "--out", features), `--out ${features}: is an input`);
    const part = join(dir, "part-001-of-002.json");
    writeFileSync(part, "{}\n");
    untouched(part, () => radlab("merge", part, "--out", part), `--out ${part}: is an input`);
    const rtstruct = join(dir, "RS.dcm");
    writeFileSync(rtstruct, "not read: refused first\n");
    untouched(rtstruct, () => radlab("mask", "--image", dir, "--rtstruct", rtstruct, "--roi", "GTV", "--out", rtstruct), `--out ${rtstruct}: is an input`);
    untouched(manifest, () => radlab("slurm", "extract", "--manifest", manifest, "--shards", "2", "--out", manifest), `--out ${manifest}: is an input`);
  });

  it("demo-data and study: an existing file as the folder", () => {
    const file = join(dir, "notes.txt");
    writeFileSync(file, "keep me\n");
    untouched(file, () => radlab("demo-data", "--out", file, "--cases", "12"), `--out ${file}: is an existing file; give a folder path`);
    untouched(file, () => radlab("study", "--data", file, "--cases", "12", "--no-figures"), `--data ${file}: is an existing file; give a folder path`);
  });
});
