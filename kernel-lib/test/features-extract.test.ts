/**
 * The extractor end to end with the real families: the `radlab extract` command forms (as the
 * built CLI, the way outside checks call it) and the cohort runner on small synthetic cases.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as aq from "arquero";
import { beforeAll, describe, expect, it } from "vitest";
import { FEATURE_CATALOG } from "../src/features/catalog.js";
import { extractCohort } from "../src/features/cohort.js";
import { extractFeatures } from "../src/features/extract.js";
import { DEFAULT_SETTINGS } from "../src/features/settings.js";
import { parseCsv } from "../src/io/csv.js";
import { writeVolume } from "../src/io/write-volume.js";
import type { Vec3 } from "../src/types.js";
import { RADLAB_VERSION } from "../src/version.js";
import { describeOracle, itNeeds, REPO_ROOT, ref } from "./reference.js";

const BIN = join(REPO_ROOT, "kernel-lib", "bin", "radlab.js");
/** The built CLI these tests run (npm test builds it first). */
const DIST_EXTRACT = join(REPO_ROOT, "kernel-lib", "dist", "features", "extract.js");

function radlab(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", cwd: REPO_ROOT });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Rounds to IBSI's 3 significant digits. */
const sig3 = (x: number) => Number(x.toPrecision(3));

describeOracle("radlab extract --json on the IBSI digital phantom", () => {
  itNeeds([DIST_EXTRACT], "prints one JSON object with all 432 features in catalog order, the settings and the version", () => {
    const { code, stdout, stderr } = radlab(
      "extract",
      "--image",
      ref("ibsi/digital_phantom/phantom.nii.gz"),
      "--mask",
      ref("ibsi/digital_phantom/mask.nii.gz"),
      "--discretization",
      "none",
      "--json",
    );
    expect(code, stderr).toBe(0);
    const lines = stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0]);
    expect(Object.keys(out)).toEqual(["features", "units", "settings", "version", "warnings"]);
    expect(Object.keys(out.features)).toEqual(FEATURE_CATALOG.names);
    for (const [name, value] of Object.entries(out.features)) {
      expect(value === null || (typeof value === "number" && Number.isFinite(value)), name).toBe(true);
    }
    expect(out.version).toBe(RADLAB_VERSION);
    expect(out.settings).toMatchObject({ discretization: "none", emptyDirections: "skip", convention: "radlab", label: 1 }); // "auto": the phantom mask's one label
    // the numbers are the phantom's: IBSI mean intensity (Q4LE) and energy (N8CA)
    const reference = aq.fromCSV(readFileSync(ref("ibsi/ibsi_1_reference_values_digital_phantom.csv"), "utf8"), { autoType: false }).objects() as Record<
      string,
      string
    >[];
    const ibsi = (tag: string) => Number(reference.find((r) => r.ibsi_tag === tag)?.value);
    expect(sig3(out.features.stat_Mean)).toBe(ibsi("Q4LE"));
    expect(sig3(out.features.stat_Energy)).toBe(ibsi("N8CA"));
    // GLCM at d = 7 has no pair in most directions of a 5×4×4 phantom: NaN → null, with a warning
    expect(Object.values(out.features).some((v) => v === null)).toBe(true);
    expect(stderr).toMatch(/warning: .*glcm_/);
  });

  itNeeds([DIST_EXTRACT], "applies --empty-directions, --label and --settings, and names bad options", () => {
    const image = ref("ibsi/digital_phantom/phantom.nii.gz");
    const mask = ref("ibsi/digital_phantom/mask.nii.gz");
    const skip = JSON.parse(radlab("extract", "--image", image, "--mask", mask, "--discretization", "none", "--json").stdout);
    const itk = JSON.parse(
      radlab("extract", "--image", image, "--mask", mask, "--discretization", "none", "--empty-directions", "itk", "--label", "1", "--json").stdout,
    );
    expect(itk.settings.emptyDirections).toBe("itk");
    expect(itk.settings.label).toBe(1);
    // at d = 4 only the directions along i (5 voxels) have pairs in the 5×4×4 phantom
    expect(skip.features.glcm_Energy_AllDirection_offset4).not.toBeNull();
    expect(itk.features.glcm_Energy_AllDirection_offset4).toBeNull();
    const dir = mkdtempSync(join(tmpdir(), "radlab-cli-"));
    writeFileSync(join(dir, "p.yaml"), "preset: pyradiomics\nfamilies: [stat]\n");
    const py = JSON.parse(radlab("extract", "--image", image, "--mask", mask, "--settings", join(dir, "p.yaml"), "--json").stdout);
    expect(Object.keys(py.features)).toEqual(FEATURE_CATALOG.names.slice(0, 19));
    expect(py.settings.discretization).toBe("width:25:pyradiomics");

    const bad = radlab("extract", "--image", image, "--mask", mask, "--discretization", "bins:zero", "--json");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/discretization "bins:zero"/);
    const absent = radlab("extract", "--image", join(dir, "nope.nii.gz"), "--mask", mask, "--json");
    expect(absent.code).toBe(2);
    expect(absent.stderr).toMatch(/nope\.nii\.gz: file not found/);
  });
});

describe("degenerate ROIs through all nine families", () => {
  const size: Vec3 = [6, 5, 4];
  const grid = { size, spacing: [1, 1, 2] as Vec3, origin: [0, 0, 0] as Vec3, direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
  const voxels = 6 * 5 * 4;
  const texture = () => Float32Array.from({ length: voxels }, (_, v) => 10 + ((v * 7) % 13));
  const roi = (inside: (v: number) => boolean) => Uint8Array.from({ length: voxels }, (_, v) => (inside(v) ? 1 : 0));
  const cases: [string, Float32Array, Uint8Array][] = [
    ["one voxel", texture(), roi((v) => v === 37)],
    ["a flat line", texture(), roi((v) => Math.floor(v / 6) === 7)],
    ["constant intensity", new Float32Array(voxels).fill(5), roi((v) => v % 6 > 1)],
    ["NaN voxels in the ROI", Object.assign(texture(), { 13: Number.NaN, 14: Number.NaN }), roi((v) => v % 6 > 0 && v % 6 < 5)],
  ];
  for (const [name, data, mask] of cases) {
    it(`${name}: every feature a number, or NaN with a warning naming the case and that feature`, () => {
      const volume = { ...grid, data, source: "/x/image.nii.gz", componentType: "float32" };
      const roiMask = { ...grid, data: mask, source: "/x/mask.nii.gz", label: "any" as const, voxelCount: mask.reduce((a, b) => a + b, 0) };
      const row = extractFeatures(volume, roiMask, DEFAULT_SETTINGS, { caseId: name });
      expect(Object.keys(row.features)).toEqual(FEATURE_CATALOG.names);
      for (const [feature, value] of Object.entries(row.features)) {
        if (Number.isFinite(value)) continue;
        expect(value, feature).toBeNaN();
        expect(
          row.warnings.some((w) => w.startsWith(`case ${name}: ${feature}: `)),
          `${feature} is NaN without its own warning`,
        ).toBe(true);
      }
      for (const w of row.warnings) expect(w.startsWith(`case ${name}: `)).toBe(true);
    });
  }
  it("the NaN voxels are named, and a one-voxel ROI keeps the values IBSI defines (mean = the voxel)", () => {
    const [, data, mask] = cases[3];
    const row = extractFeatures(
      { ...grid, data, source: "/x/image.nii.gz", componentType: "float32" },
      { ...grid, data: mask, source: "/x/mask.nii.gz", label: "any", voxelCount: 0 },
      DEFAULT_SETTINGS,
      { caseId: "N" },
    );
    expect(row.warnings.some((w) => /^case N: .*2 non-finite voxels \(2 NaN\)/.test(w))).toBe(true);
    const [, single, one] = cases[0];
    const only = extractFeatures(
      { ...grid, data: single, source: "/x/i.nii.gz", componentType: "float32" },
      { ...grid, data: one, source: "/x/m.nii.gz", label: "any", voxelCount: 1 },
    );
    expect(only.features.stat_Mean).toBe(single[37]);
    expect(only.features.stat_Range).toBe(0);
  });
});

/** A seeded synthetic case: smooth texture plus noise, an ellipsoid ROI labelled 1. */
function syntheticCase(seed: number, size: Vec3 = [20, 18, 6]) {
  let state = seed * 7919 + 17;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const [nx, ny, nz] = size;
  const image = new Int16Array(nx * ny * nz);
  const labels = new Uint8Array(nx * ny * nz);
  for (let k = 0, n = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, n++) {
        image[n] = Math.round(300 + 80 * Math.sin(i / (2 + seed)) * Math.cos(j / 3) + 40 * random());
        const r = ((i - nx / 2) / (nx / 2.5)) ** 2 + ((j - ny / 2) / (ny / 2.5)) ** 2 + ((k - nz / 2) / (nz / 2.2)) ** 2;
        labels[n] = r <= 1 ? 1 : 0;
      }
    }
  }
  return { grid: { size, spacing: [0.8, 0.8, 3] as Vec3, origin: [0, 0, 0] as Vec3, direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] }, image, labels };
}

describe("extractCohort and radlab extract --manifest on synthetic cases", () => {
  const dir = mkdtempSync(join(tmpdir(), "radlab-cohort-"));
  const manifest = join(dir, "manifest.csv");
  const good = ["P01", "P02", "P03", "P04"];

  beforeAll(async () => {
    const lines = ["id,image,mask,outcome,age"];
    for (const [n, id] of good.entries()) {
      const c = syntheticCase(n + 1);
      await writeVolume({ ...c.grid, data: c.image }, join(dir, `${id}_t2.nii.gz`));
      await writeVolume({ ...c.grid, data: c.labels }, join(dir, `${id}_roi.nii.gz`));
      lines.push(`${id},${id}_t2.nii.gz,${id}_roi.nii.gz,${n % 2},${50 + n}`);
    }
    writeFileSync(join(dir, "P05_t2.nii.gz"), "not a volume at all");
    lines.push("P05,P05_t2.nii.gz,P01_roi.nii.gz,1,61");
    const other = syntheticCase(9, [20, 18, 5]);
    await writeVolume({ ...other.grid, data: other.labels }, join(dir, "P06_roi.nii.gz"));
    lines.push("P06,P02_t2.nii.gz,P06_roi.nii.gz,0,62");
    writeFileSync(manifest, `${lines.join("\n")}\n`);
  });

  it("reports the corrupt case and the wrong-grid case (id, file, reason) and completes the rest", async () => {
    const result = await extractCohort(manifest, DEFAULT_SETTINGS, { workers: 1 });
    expect(result.table.columnNames()).toEqual(["id", ...FEATURE_CATALOG.names, "outcome", "age"]);
    expect(result.table.array("id")).toEqual(good);
    expect(result.failures).toHaveLength(2);
    const [corrupt, offGrid] = result.failures;
    expect(corrupt).toMatchObject({ id: "P05", file: join(dir, "P05_t2.nii.gz") });
    expect(corrupt.reason).toMatch(/case P05: .*P05_t2\.nii\.gz: not a readable volume/);
    expect(offGrid).toMatchObject({ id: "P06", file: join(dir, "P06_roi.nii.gz") });
    expect(offGrid.reason).toMatch(/case P06: mask .*P06_roi\.nii\.gz is not on the grid of image .*P02_t2\.nii\.gz: size 20×18×6 vs 20×18×5/);
    // every value finite or NaN with a warning naming its case
    for (const name of FEATURE_CATALOG.names) {
      for (const [row, value] of (result.table.array(name) as Float64Array).entries()) {
        if (Number.isNaN(value))
          expect(
            result.warnings.some((w) => w.startsWith(`case ${good[row]}:`)),
            name,
          ).toBe(true);
      }
    }
    expect([...(result.table.array("age") as Float64Array)]).toEqual([50, 51, 52, 53]);
    expect(result.inputHashes.P01.image).toMatch(/^[0-9a-f]{64}$/);
  });

  itNeeds([DIST_EXTRACT], "gives the same table with 2 worker threads as in one thread, and reuses the cache", async () => {
    // The worker threads run the built code, so the one-thread run uses the built code too.
    const built: typeof import("../src/features/cohort.js") = await import(join(REPO_ROOT, "kernel-lib", "dist", "features", "cohort.js"));
    const cacheDir = join(dir, "cache");
    const one = await built.extractCohort(manifest, DEFAULT_SETTINGS, { workers: 1 });
    const progress: number[] = [];
    const two = await built.extractCohort(manifest, DEFAULT_SETTINGS, { workers: 2, cacheDir, onProgress: (p) => progress.push(p.done) });
    expect(progress).toEqual([1, 2, 3, 4, 5, 6]);
    expect(two.failures).toEqual(one.failures);
    expect(two.table.objects()).toEqual(one.table.objects());
    expect(two.computed).toBe(6);
    const again = await built.extractCohort(manifest, DEFAULT_SETTINGS, { workers: 2, cacheDir });
    expect(again.cached).toBe(4);
    expect(again.computed).toBe(2); // only the failed cases are retried
    expect(again.table.objects()).toEqual(one.table.objects());
  });

  itNeeds([DIST_EXTRACT], "radlab extract --manifest writes the table, the failures report and the provenance", () => {
    const out = join(dir, "out", "features.csv");
    const { code, stderr } = radlab("extract", "--manifest", manifest, "--out", out, "--workers", "2");
    // Some cases failed: exit 3 (partly done), and the summary says so with the report's path.
    expect(code, stderr).toBe(3);
    expect(stderr).toContain(`4 computed, 0 from cache, 2 failed (see ${join(dir, "out", "features.failures.csv")}): 4 of 6 cases`);
    const rows = parseCsv(readFileSync(out, "utf8")).filter((r) => r.length > 1);
    expect(rows[0]).toEqual(["id", ...FEATURE_CATALOG.names, "outcome", "age"]);
    expect(rows.slice(1).map((r) => r[0])).toEqual(good);
    const failures = parseCsv(readFileSync(join(dir, "out", "features.failures.csv"), "utf8")).filter((r) => r.length > 1);
    expect(failures.map((r) => r[0])).toEqual(["id", "P05", "P06"]);
    expect(failures[1][1]).toBe(join(dir, "P05_t2.nii.gz"));
    const provenance = JSON.parse(readFileSync(join(dir, "out", "features.provenance.json"), "utf8"));
    expect(provenance.version).toBe(RADLAB_VERSION);
    expect(provenance.settings.discretization).toBe("bins:32");
    expect(Object.keys(provenance.inputHashes)).toEqual(["P01", "P02", "P03", "P04", "P05", "P06"]);
    // The units the CSV header cannot hold: every feature column's, and none for the clinical ones.
    expect(Object.keys(provenance.units)).toEqual(FEATURE_CATALOG.names);
    expect([provenance.units.shape_VolumeCC, provenance.units.stat_Variance, provenance.units.hist_Entropy]).toEqual(["cm³", "intensity²", "bits"]);
  });
});
