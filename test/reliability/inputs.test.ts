/**
 * Issue 15's bad-but-plausible inputs through the library, each with its exact outcome: the
 * error text, or numbers computed independently by the fixture generator (fixtures.ts).
 * Tiny volumes (8×7×5): the file runs in about a second.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RadlabInputError } from "../../kernel-lib/src/errors.js";
import { parseDiscretization } from "../../kernel-lib/src/features/discretize.js";
import { extractFeatures } from "../../kernel-lib/src/features/extract.js";
import { DEFAULT_SETTINGS, type ExtractionSettings } from "../../kernel-lib/src/features/settings.js";
import { readManifest } from "../../kernel-lib/src/io/manifest.js";
import { readMask, summarizeLabels } from "../../kernel-lib/src/io/read-mask.js";
import { readVolume } from "../../kernel-lib/src/io/read-volume.js";
import { parseStudyTable } from "../../kernel-lib/src/stats/table.js";
import { type Fixtures, writeFixtures } from "./fixtures.js";

let dir: string;
let fx: Fixtures;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "radlab-reliability-"));
  fx = writeFixtures(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function extract(image: string, mask: string, settings: Partial<ExtractionSettings> = {}) {
  const all = { ...DEFAULT_SETTINGS, ...settings };
  const volume = await readVolume(image);
  const roi = await readMask(mask, { image: volume, label: all.label, threshold: all.maskThreshold });
  return extractFeatures(volume, roi, all, { caseId: "C1" });
}

/** A row's case-level warnings (the tiny ROI also gets per-feature ones, e.g. no GLCM pair at offset 7). */
const roiWarnings = (row: { warnings: string[] }) => row.warnings.filter((w) => w.startsWith("case C1: ROI: "));

/** ROI voxels of a row, from the voxel-counting volume (IBSI YEKZ). */
const voxels = (row: { features: Record<string, number> }) => Math.round((row.features.shape_VolumeCC * 1000) / fx.voxelVolume); // cm³ → mm³

/** Relative closeness for sums taken in another order. */
const close = (a: number, b: number) => expect(Math.abs(a - b) / Math.abs(b)).toBeLessThan(1e-12);

describe("non-finite voxels are kept through reading and left out of every family", () => {
  it("the clean case: stat_Mean is the ROI mean, no warning", async () => {
    const row = await extract(fx.image, fx.mask);
    close(row.features.stat_Mean, fx.cleanMean);
    expect(voxels(row)).toBe(fx.roiVoxels);
    expect(roiWarnings(row)).toEqual([]);
  });

  for (const format of ["Nifti", "Nrrd"] as const) {
    it(`NaN in the ROI (${format}): stat_Mean = mean of the finite ROI voxels, one warning with the count`, async () => {
      const image = format === "Nifti" ? fx.nanNifti : fx.nanNrrd;
      const volume = await readVolume(image);
      expect(Array.from(volume.data).filter(Number.isNaN)).toHaveLength(fx.nanCount); // kept by the reader
      const row = await extract(image, fx.mask);
      close(row.features.stat_Mean, fx.nanFiniteMean);
      expect(voxels(row)).toBe(fx.roiVoxels - fx.nanCount);
      expect(roiWarnings(row)).toEqual([
        `case C1: ROI: ${image}: 3 non-finite voxels (3 NaN) of the ${fx.roiVoxels} ROI voxels were left out of the ROI (every family)`,
      ]);
    });

    it(`±Inf in the ROI (${format}): the same rule, no error`, async () => {
      const image = format === "Nifti" ? fx.infNifti : fx.infNrrd;
      const row = await extract(image, fx.mask);
      close(row.features.stat_Mean, fx.infFiniteMean);
      expect(voxels(row)).toBe(fx.roiVoxels - 3);
      expect(roiWarnings(row)).toEqual([
        `case C1: ROI: ${image}: 3 non-finite voxels (2 +Inf, 1 -Inf) of the ${fx.roiVoxels} ROI voxels were left out of the ROI (every family)`,
      ]);
    });
  }

  it("NIfTI and NRRD with the same NaN voxels give the same 432 features", async () => {
    const a = await extract(fx.nanNifti, fx.mask);
    const b = await extract(fx.nanNrrd, fx.mask);
    expect(Object.keys(a.features).length).toBe(432);
    for (const name of Object.keys(a.features)) expect(Object.is(a.features[name], b.features[name]) || a.features[name] === b.features[name], name).toBe(true);
  });
});

describe("mask rules are explicit", () => {
  it("several labels and no label chosen: an error listing the labels and their voxel counts", async () => {
    const c = fx.labelCounts;
    await expect(extract(fx.image, fx.multiLabelMask)).rejects.toThrow(
      `${fx.multiLabelMask}: mask holds 3 labels: 1 (${c[1]} voxels), 2 (${c[2]} voxels), 7 (${c[7]} voxels); choose one with --label N (settings/manifest "label"), or --label any to merge them into one ROI on purpose`,
    );
  });

  it("--label any merges them on purpose; --label 1 selects one", async () => {
    const c = fx.labelCounts;
    expect(voxels(await extract(fx.image, fx.multiLabelMask, { label: "any" }))).toBe(c[1] + c[2] + c[7]);
    const one = await extract(fx.image, fx.multiLabelMask, { label: 1 });
    expect(voxels(one)).toBe(c[1]);
    close(one.features.stat_Mean, fx.cleanMean);
  });

  it("non-integer mask values: an error giving their share, unless a threshold is given", async () => {
    const share = ((100 * fx.partialRimVoxels) / (fx.partialRimVoxels + fx.roiVoxels)).toFixed(1);
    await expect(extract(fx.image, fx.partialMask)).rejects.toThrow(
      `${fx.partialMask}: ${fx.partialRimVoxels} of the ${fx.partialRimVoxels + fx.roiVoxels} non-zero mask voxels (${share} %) hold non-integer values (e.g. 0.5)`,
    );
    expect(voxels(await extract(fx.image, fx.partialMask, { maskThreshold: 0.5 }))).toBe(fx.roiVoxels + fx.partialRimVoxels);
    expect(voxels(await extract(fx.image, fx.partialMask, { maskThreshold: 0.75 }))).toBe(fx.roiVoxels);
    await expect(extract(fx.image, fx.partialMask, { maskThreshold: 2 })).rejects.toThrow("no voxel of the mask reaches the threshold 2 (largest value 1)");
  });

  it("the image given as its own mask: an error, before reading it", async () => {
    await expect(extract(fx.image, fx.image)).rejects.toThrow(`${fx.image}: the mask is the image itself (the same file was given as image and as mask)`);
  });

  it("summarizeLabels counts labels and non-integer voxels (what `radlab info` lists)", async () => {
    const summary = summarizeLabels(await readVolume(fx.multiLabelMask));
    expect(summary.labels).toEqual([1, 2, 7].map((label) => ({ label, voxels: fx.labelCounts[label] })));
    expect(summary.nonInteger).toBe(0);
  });
});

describe("the smaller traps", () => {
  it("a 2-D image: shape features computed as a 1 mm slice, with a warning saying so", async () => {
    const row = await extract(fx.image2d, fx.mask2d);
    expect(row.warnings).toContain(`case C1: ROI: ${fx.image2d}: the image is 2-D (no slice thickness); shape features treat it as one slice 1 mm thick`);
  });

  it("absurd discretisations are rejected with the limit", async () => {
    expect(() => parseDiscretization("bins:1e9")).toThrow(
      'discretization "bins:1e9": 1000000000 bins is more than radlab\'s limit of 65535 grey levels (expected none, bins:N or width:W)',
    );
    await expect(extract(fx.image, fx.mask, { discretization: { kind: "width", width: 1e-9, anchor: "radlab" } })).rejects.toThrow(
      /bin width 1e-9 over the ROI's range .* gives about \d+ grey levels, which is more than radlab's limit of 65535 grey levels/,
    );
  });

  it("a manifest with a header and no case is an error", () => {
    expect(() => readManifest(fx.headerOnlyManifest)).toThrow(
      `${fx.headerOnlyManifest}: 1 problem\n  line 2, column "": the manifest has a header but no case (expected one row per case)`,
    );
  });

  it("a semicolon manifest with decimal commas is read; hex codes stay text", () => {
    const manifest = readManifest(fx.semicolonManifest);
    expect(manifest.cases.map((c) => c.id)).toEqual(["P1", "P2", "P3"]);
    expect(manifest.cases.map((c) => c.clinical.weight)).toEqual(fx.weights.map(String));
    expect(manifest.cases.map((c) => c.clinical.code)).toEqual(fx.codes);
  });

  it("a ;-separated feature table with decimal commas is read for the model, and the model's notes say so; hex cells are text", () => {
    const table = parseStudyTable("id;outcome;f1;f2;code\r\nA;0;1,5;2;0x1F\r\nB;1;-0,25;3,5e2;0x2A\r\nC;0;7;1;0b11\r\n", { outcome: "outcome" }, "eu.csv");
    expect(table.featureNames).toEqual(["f1", "f2"]);
    expect([...table.features[0]]).toEqual([1.5, -0.25, 7]);
    expect([...table.features[1]]).toEqual([2, 350, 1]);
    expect(table.notes).toContain("read as a ;-separated table, 3 cells with a decimal comma read as numbers");
    // Every numeric column is a candidate here (no column is named as a radiomics feature): "0x1F" would be one if read as 31.
    expect(table.ignoredColumns).toEqual(["code"]);
  });

  it("every error above is a RadlabInputError (exit 2 in the CLI, no stack trace)", async () => {
    const error = await extract(fx.image, fx.image).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RadlabInputError);
  });
});
