/**
 * The extractor's mechanics (warnings, NaN reporting, family failures, grid check, cohort
 * failures, cache, table writing) with throwaway families standing in for the registry, so
 * that these tests fail only for the extractor's own faults.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as aq from "arquero";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { FamilyInput, FamilyModule, FamilyName, FeatureDefinition } from "../src/features/types.js";

/** A family whose features are simple functions of the input, to check the plumbing. */
function throwaway(family: FamilyName, features: Record<string, (input: FamilyInput) => number>): FamilyModule {
  const names = Object.keys(features);
  const definitions: FeatureDefinition[] = names.map((feature) => ({ name: `${family}_${feature}`, family, feature, alias: feature, unit: "1" }));
  return { family, features: definitions, compute: (input) => Float64Array.from(names, (n) => features[n](input)) };
}

const modules = vi.hoisted(() => ({ list: [] as FamilyModule[] }));
vi.mock("../src/features/families.js", () => ({ FAMILY_MODULES: modules.list }));

modules.list.push(
  throwaway("stat", {
    VoxelCount: (input) => input.roiIntensities.length,
    MeanIntensity: (input) => input.roiIntensities.reduce((a, b) => a + b, 0) / input.roiIntensities.length,
    Undefined: (input) => {
      input.warn("stat_Undefined", "divides by zero for this ROI");
      return Number.NaN;
    },
    SilentNaN: () => Number.NaN,
  }),
  throwaway("hist", {
    Ng: (input) => input.ng,
    Broken: () => {
      throw new Error("boom");
    },
  }),
  throwaway("shape", { Shift: (input) => input.options.voxelArrayShift }),
);

// The registry must be filled before the catalog derives from it at import.
const { extractFeatures } = await import("../src/features/extract.js");
const { extractCohort } = await import("../src/features/cohort.js");
const { writeCohortExtraction, writeFeatureTable } = await import("../src/features/feature-table.js");
const { DEFAULT_SETTINGS } = await import("../src/features/settings.js");
const { FEATURE_CATALOG } = await import("../src/features/catalog.js");
const { writeVolume } = await import("../src/io/write-volume.js");

const grid = {
  size: [6, 5, 4] as [number, number, number],
  spacing: [1, 1, 2] as [number, number, number],
  origin: [0, 0, 0] as [number, number, number],
  direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
};

function phantom(seed: number) {
  const n = 6 * 5 * 4;
  const image = new Int16Array(n);
  const labels = new Uint8Array(n);
  for (let v = 0; v < n; v++) {
    image[v] = ((v * 7 + seed * 13) % 50) + 10;
    const i = v % 6;
    const j = Math.floor(v / 6) % 5;
    labels[v] = i >= 1 && i <= 4 && j >= 1 && j <= 3 ? (i < 3 ? 1 : 2) : 0;
  }
  return { image, labels };
}

describe("extractFeatures with throwaway families", () => {
  const { image, labels } = phantom(1);
  const volume = { ...grid, data: image, source: "/x/img.nii.gz", componentType: "int16" };
  const mask = {
    ...grid,
    data: Uint8Array.from(labels, (l) => (l ? 1 : 0)),
    source: "/x/mask.nii.gz",
    label: "any" as const,
    voxelCount: labels.filter((l) => l).length,
  };

  it("computes the families asked for, in catalog order, and records settings, version and hashes", () => {
    const merged = { ...DEFAULT_SETTINGS, label: "any" as const };
    const row = extractFeatures(volume, mask, merged, { caseId: "P1" });
    expect(Object.keys(row.features)).toEqual(FEATURE_CATALOG.names);
    expect(row.features.stat_VoxelCount).toBe(mask.voxelCount);
    expect(row.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(row.settings).toBe(merged);
    expect(row.inputHashes.image).toMatch(/^[0-9a-f]{64}$/);
    expect(row.inputHashes.image).not.toBe(row.inputHashes.mask);
    const only = extractFeatures(volume, mask, { ...DEFAULT_SETTINGS, families: ["shape"], voxelArrayShift: 2000 });
    expect(only.features).toEqual({ shape_Shift: 2000 });
    // the recorded label is the one the mask was selected with
    expect(extractFeatures(volume, { ...mask, label: 2 }, DEFAULT_SETTINGS).settings.label).toBe(2);
  });

  it("every NaN carries a warning naming the case and the feature; a throwing family costs only its columns", () => {
    const row = extractFeatures(volume, mask, DEFAULT_SETTINGS, { caseId: "P1" });
    expect(row.features.stat_Undefined).toBeNaN();
    expect(row.features.stat_SilentNaN).toBeNaN();
    expect(row.features.hist_Ng).toBeNaN();
    expect(row.features.shape_Shift).toBe(0);
    expect(row.warnings).toContain("case P1: stat_Undefined: divides by zero for this ROI");
    expect(row.warnings.some((w) => w.startsWith("case P1: stat:") && w.includes("stat_SilentNaN") && !w.includes("stat_Undefined"))).toBe(true);
    expect(row.warnings.some((w) => w.startsWith("case P1: hist:") && w.includes("boom"))).toBe(true);
  });

  it("refuses a mask on another grid, naming the case and both files", () => {
    const moved = { ...mask, origin: [0, 0, 5] as [number, number, number] };
    expect(() => extractFeatures(volume, moved, DEFAULT_SETTINGS, { caseId: "P2" })).toThrow(
      /case P2: mask \/x\/mask\.nii\.gz is not on the grid of image \/x\/img\.nii\.gz: origin/,
    );
  });

  it("an empty ROI is an error naming the case", () => {
    const empty = { ...mask, data: new Uint8Array(mask.data.length), voxelCount: 0 };
    expect(() => extractFeatures(volume, empty, DEFAULT_SETTINGS, { caseId: "P3" })).toThrow(/case P3: .*ROI is empty/);
  });
});

describe("extractCohort with throwaway families", () => {
  const dir = mkdtempSync(join(tmpdir(), "radlab-cohort-unit-"));
  const manifest = join(dir, "manifest.csv");

  beforeAll(async () => {
    for (const [n, id] of ["A", "B", "C"].entries()) {
      const { image, labels } = phantom(n);
      await writeVolume({ ...grid, data: image }, join(dir, `${id}_img.nii.gz`));
      await writeVolume({ ...grid, data: labels }, join(dir, `${id}_mask.nii.gz`));
    }
    await writeVolume({ ...grid, origin: [3, 0, 0], data: phantom(0).labels }, join(dir, "shifted_mask.nii.gz"));
    writeFileSync(join(dir, "corrupt_img.nii.gz"), "this is not a NIfTI file");
    writeFileSync(
      manifest,
      [
        "id,image,mask,label,outcome,site",
        "A,A_img.nii.gz,A_mask.nii.gz,any,1,north",
        "B,B_img.nii.gz,B_mask.nii.gz,2,0,",
        "bad,corrupt_img.nii.gz,A_mask.nii.gz,any,1,south",
        "off,C_img.nii.gz,shifted_mask.nii.gz,any,0,north",
        "C,C_img.nii.gz,C_mask.nii.gz,1,,south",
      ].join("\n"),
    );
  });

  it("reports failing cases (id, file, reason), keeps manifest order, carries clinical columns, and caches", async () => {
    const cacheDir = join(dir, "cache");
    const seen: string[] = [];
    const first = await extractCohort(manifest, DEFAULT_SETTINGS, { cacheDir, onProgress: (p) => seen.push(`${p.done}/${p.total}:${p.id}`) });
    expect(seen).toHaveLength(5);
    expect(seen.at(-1)).toMatch(/^5\/5:/);
    expect(first.table.columnNames()).toEqual(["id", ...FEATURE_CATALOG.names, "outcome", "site"]);
    expect(first.table.array("id")).toEqual(["A", "B", "C"]);
    expect(first.failures.map((f) => f.id)).toEqual(["bad", "off"]);
    expect(first.failures[0].file).toBe(join(dir, "corrupt_img.nii.gz"));
    expect(first.failures[0].reason).toMatch(/case bad: .*corrupt_img\.nii\.gz: not a readable volume/);
    expect(first.failures[1].file).toBe(join(dir, "shifted_mask.nii.gz"));
    expect(first.failures[1].reason).toMatch(/case off: mask .* is not on the grid .*origin/);
    // the manifest label selects the ROI: A merges both labels on purpose ("any"), B uses label 2, C label 1
    const count = first.table.array("stat_VoxelCount") as Float64Array;
    expect([...count]).toEqual([48, 24, 24]); // 4 slices × (4×3 any, 2×3 per label)
    // numeric clinical column; the empty cell stays missing (null), not NaN
    expect([...first.table.array("outcome")]).toEqual([1, 0, null]);
    expect(first.table.array("site")).toEqual(["north", null, "south"]);
    expect(first.computed).toBe(5);
    expect(first.cached).toBe(0);
    expect(Object.keys(first.inputHashes)).toEqual(["A", "B", "bad", "off", "C"]);

    const second = await extractCohort(manifest, DEFAULT_SETTINGS, { cacheDir });
    expect(second.cached).toBe(3);
    expect(second.computed).toBe(2); // the failures are retried
    expect(second.table.objects()).toEqual(first.table.objects());
    expect(second.warnings).toEqual(first.warnings);

    // a changed setting or a changed file is recomputed
    const third = await extractCohort(manifest, { ...DEFAULT_SETTINGS, voxelArrayShift: 5 }, { cacheDir });
    expect(third.cached).toBe(0);
    await writeVolume({ ...grid, data: phantom(7).image }, join(dir, "A_img.nii.gz"));
    const fourth = await extractCohort(manifest, DEFAULT_SETTINGS, { cacheDir });
    expect(fourth.cached).toBe(2);
    expect((fourth.table.array("stat_MeanIntensity") as Float64Array)[0]).not.toBe((first.table.array("stat_MeanIntensity") as Float64Array)[0]);
  });

  it("hashes a DICOM-series folder by its files, so a folder case reaches the reader", async () => {
    const folder = join(dir, "series");
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, "IM0001"), "not DICOM");
    const folderManifest = join(dir, "folder.csv");
    writeFileSync(folderManifest, "id,image,mask,label\nS,series,A_mask.nii.gz,any\nA,A_img.nii.gz,A_mask.nii.gz,any\n");
    const result = await extractCohort(folderManifest, DEFAULT_SETTINGS);
    expect(result.inputHashes.S.image).toMatch(/^[0-9a-f]{64}$/);
    expect(result.failures).toHaveLength(1);
    expect(result.failures[0].reason).toMatch(/case S: .*series: not a readable DICOM series/);
    expect(result.table.array("id")).toEqual(["A"]);
  });

  it("writes the table (NaN as NaN), the failures report and the provenance record", async () => {
    const result = await extractCohort(manifest, DEFAULT_SETTINGS);
    const out = join(dir, "out", "features.csv");
    const paths = await writeCohortExtraction(result, out);
    const back = aq.fromCSV(readFileSync(paths.table, "utf8"));
    expect(back.columnNames()).toEqual(result.table.columnNames());
    expect(back.array("stat_Undefined")[0]).toBeNaN();
    expect(back.array("stat_MeanIntensity")[1]).toBe((result.table.array("stat_MeanIntensity") as Float64Array)[1]);
    const failures = readFileSync(paths.failures, "utf8").trim().split("\n");
    expect(failures[0]).toBe("id,file,reason");
    expect(failures.slice(1).map((l) => l.split(",")[0])).toEqual(["bad", "off"]);
    const arrow = join(dir, "out", "features.arrow");
    await writeFeatureTable(result.table, arrow);
    const fromArrow = aq.fromArrow(readFileSync(arrow));
    expect(fromArrow.columnNames()).toEqual(result.table.columnNames());
    expect(fromArrow.array("stat_Undefined")[2]).toBeNaN();
    const provenance = JSON.parse(readFileSync(paths.provenance, "utf8"));
    expect(provenance.settings.discretization).toBe("bins:32");
    expect(provenance.version).toBe(result.version);
    expect(provenance.inputHashes.A.image).toMatch(/^[0-9a-f]{64}$/);
  });
});
