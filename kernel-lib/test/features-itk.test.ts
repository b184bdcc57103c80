/**
 * GLCM and GLRLM against the outside oracles: ITK 5.2's filters on the three reference
 * volumes (shared/reference/itk, all 324 values within 1e-9 relative) and the IBSI 1
 * digital phantom ("3D, averaged" values that the ITK-defined features coincide with).
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { IN_PLANE_ANGLES, inPlaneOffset, TEXTURE_VARIANTS, thirteenDirections } from "../src/features/directions.js";
import { glcmFamily } from "../src/features/glcm.js";
import { glrlmFamily } from "../src/features/glrlm.js";
import { prepareCase } from "../src/features/prepare.js";
import { countDirection, type DirectionMatrices, textureMatrices } from "../src/features/texture-block.js";
import type { EmptyDirections, FamilyInput, FamilyOptions } from "../src/features/types.js";
import { parseCsv } from "../src/io/csv.js";
import { readMask } from "../src/io/read-mask.js";
import { readVolume } from "../src/io/read-volume.js";
import type { Vec3 } from "../src/types.js";
import { describeOracle, ref } from "./reference.js";

const RELATIVE_TOLERANCE = 1e-9;

async function loadCase(image: string, mask: string, options: Partial<FamilyOptions> = {}) {
  const volume = await readVolume(image);
  const roi = await readMask(mask, { image: volume });
  const warnings: { feature: string; message: string }[] = [];
  const input = prepareCase(
    volume,
    roi,
    { kind: "none" },
    { emptyDirections: "skip", convention: "radlab", voxelArrayShift: 0, ...options },
    (feature, message) => warnings.push({ feature, message }),
  );
  return { input, warnings };
}

/** Our value per ITK name (the reference files use names without the family prefix). */
function computeBoth(input: FamilyInput): Map<string, number> {
  const out = new Map<string, number>();
  for (const family of [glcmFamily, glrlmFamily]) {
    const values = family.compute(input);
    for (const [n, def] of family.features.entries()) out.set(`${def.feature}_${def.variant}`, values[n]);
  }
  return out;
}

function compareWithItk(ours: Map<string, number>, referenceFile: string): { compared: number; nulls: number } {
  const reference = JSON.parse(readFileSync(referenceFile, "utf8")) as Record<string, number | null>;
  expect(Object.keys(reference)).toHaveLength(324);
  expect([...ours.keys()]).toEqual(Object.keys(reference)); // same names, same order
  const failures: string[] = [];
  let nulls = 0;
  for (const [name, expected] of Object.entries(reference)) {
    const actual = ours.get(name) as number;
    if (expected === null) {
      nulls++;
      if (!Number.isNaN(actual)) failures.push(`${name}: ITK null, ours ${actual}`);
      continue;
    }
    const relative = Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
    if (!(relative <= RELATIVE_TOLERANCE)) failures.push(`${name}: ITK ${expected}, ours ${actual} (relative ${relative.toExponential(2)})`);
  }
  expect(failures).toEqual([]);
  return { compared: Object.keys(reference).length, nulls };
}

describe("texture variants and directions", () => {
  it("name 144 GLCM and 180 GLRLM columns with the study's aliases", () => {
    expect(glcmFamily.features).toHaveLength(144);
    expect(glrlmFamily.features).toHaveLength(180);
    const cp = glcmFamily.features.find((f) => f.name === "glcm_ClusterProminence_angle135_offset4");
    expect(cp?.alias).toBe("Cluster Prominence Angle 135 Offset 4");
    const sre = glrlmFamily.features.find((f) => f.name === "glrlm_ShortRunEmphasis_AllDirection_offset7_SD");
    expect(sre?.alias).toBe("Short Run Emphasis All Direction Offset 7 SD");
    expect(new Set(glcmFamily.features.map((f) => f.name)).size).toBe(144);
  });
  it("use the catalog's offsets: 45° at d = 4 is [4, −4, 0], and 13 unique 3D directions", () => {
    expect(inPlaneOffset(45, 4)).toEqual([4, -4, 0]);
    expect(inPlaneOffset(135, 7)).toEqual([-7, -7, 0]);
    expect(inPlaneOffset(90, 1)).toEqual([0, -1, 0]);
    const dirs = thirteenDirections(4);
    expect(dirs).toHaveLength(13);
    const keys = new Set(dirs.flatMap((o) => [o.join(), o.map((v) => -v || 0).join()]));
    expect(keys.size).toBe(26); // no ± pair twice
    for (const o of dirs) expect(o.every((v) => v === 0 || Math.abs(v) === 4)).toBe(true);
    expect(TEXTURE_VARIANTS.map((v) => v.variant).slice(0, 6)).toEqual([
      "angle0_offset1",
      "angle45_offset1",
      "angle90_offset1",
      "angle135_offset1",
      "AllDirection_offset1",
      "AllDirection_offset1_SD",
    ]);
    for (const angle of IN_PLANE_ANGLES) expect(inPlaneOffset(angle, 1)[2]).toBe(0);
  });
});

describeOracle("GLCM / GLRLM against ITK 5.2 (shared/reference/itk)", () => {
  const cases = ["a_tiny", "b_texture", "c_ellipsoid"] as const;
  for (const name of cases) {
    it(`${name}: all 324 values within 1e-9 relative (emptyDirections "itk")`, async () => {
      const { input } = await loadCase(ref("itk", `${name}_image.nii.gz`), ref("itk", `${name}_mask.nii.gz`), { emptyDirections: "itk" });
      const { compared } = compareWithItk(computeBoth(input), ref("itk", `${name}.json`));
      expect(compared).toBe(324);
    });
  }

  it('a_tiny with emptyDirections "skip" equals a_tiny.skip_empty.json', async () => {
    const { input, warnings } = await loadCase(ref("itk", "a_tiny_image.nii.gz"), ref("itk", "a_tiny_mask.nii.gz"), { emptyDirections: "skip" });
    compareWithItk(computeBoth(input), ref("itk", "a_tiny.skip_empty.json"));
    // every NaN comes with a warning naming its column
    const values = computeBoth(input);
    for (const [name, v] of values) {
      if (Number.isNaN(v)) expect(warnings.some((w) => w.feature.endsWith(name))).toBe(true);
    }
  });

  it('a_tiny with emptyDirections "itk": NaN AllDirection_offset7 is reported, naming the empty directions', async () => {
    const { input, warnings } = await loadCase(ref("itk", "a_tiny_image.nii.gz"), ref("itk", "a_tiny_mask.nii.gz"), { emptyDirections: "itk" });
    glcmFamily.compute(input);
    const w = warnings.find((x) => x.feature === "glcm_Energy_AllDirection_offset7");
    expect(w?.message).toMatch(/9 of 13 directions/);
  });

  it("many grey levels (sparse counting, Ng = 1506): shift-invariant features still equal ITK's on a_tiny + 1500", async () => {
    const volume = await readVolume(ref("itk", "a_tiny_image.nii.gz"));
    const roi = await readMask(ref("itk", "a_tiny_mask.nii.gz"), { image: volume });
    const shifted = { ...volume, data: Float64Array.from(volume.data, (v, n) => (roi.data[n] ? v + 1500 : v)) };
    const options: FamilyOptions = { emptyDirections: "itk", convention: "radlab", voxelArrayShift: 0 };
    const input = prepareCase(shifted, roi, { kind: "none" }, options, () => {});
    expect(input.ng).toBe(1506);
    const reference = JSON.parse(readFileSync(ref("itk", "a_tiny.json"), "utf8")) as Record<string, number | null>;
    const invariant =
      /^(Energy|Entropy|Correlation|InverseDifferenceMoment|Inertia|ClusterShade|ClusterProminence|ShortRunEmphasis|LongRunEmphasis|GreyLevelNonuniformity|RunLengthNonuniformity)_/;
    const failures: string[] = [];
    let compared = 0;
    for (const [name, actual] of computeBoth(input)) {
      if (!invariant.test(name)) continue;
      const expected = reference[name];
      compared++;
      if (expected === null) {
        if (!Number.isNaN(actual)) failures.push(`${name}: ITK null, ours ${actual}`);
      } else if (!(Math.abs(actual - expected) <= 1e-9 * Math.abs(expected))) failures.push(`${name}: ITK ${expected}, ours ${actual}`);
    }
    expect(compared).toBe(11 * 18);
    expect(failures).toEqual([]);
  });

  describe("a_tiny: every per-direction matrix equals ITK's (a_tiny.matrices.json)", () => {
    type Dump = { Ng: number; directions: { offset: Vec3; glcmTotal: number; glrlmTotal: number; glcm: number[][]; glrlm: number[][] }[] };
    let dump: Dump;
    let input: FamilyInput;
    beforeAll(async () => {
      dump = JSON.parse(readFileSync(ref("itk", "a_tiny.matrices.json"), "utf8")) as Dump;
      input = (await loadCase(ref("itk", "a_tiny_image.nii.gz"), ref("itk", "a_tiny_mask.nii.gz"))).input;
    });
    function expectSameAsItk(m: DirectionMatrices, dir: Dump["directions"][number]): void {
      const co = m.cooccurrence;
      expect(co.total).toBe(dir.glcmTotal);
      const glcm = dir.glcm.map((row) => row.map(() => 0));
      for (let c = 0; c < co.cells; c++) glcm[co.a[c]][co.b[c]] = co.counts[c];
      expect(glcm).toEqual(dir.glcm);
      const rl = m.runLength;
      expect(rl.total).toBe(dir.glrlmTotal);
      const runs = dir.glrlm.map((row) => row.map(() => 0));
      for (let e = 0; e < rl.entries; e++) runs[rl.g[e] - 1][rl.n[e] - 1] = rl.runs[e];
      expect(runs).toEqual(dir.glrlm);
    }
    it("39 directions, GLCM counts and run counts identical", () => {
      expect(dump.directions).toHaveLength(39);
      expect(input.ng).toBe(dump.Ng);
      const { byDistance, block } = textureMatrices(input);
      const ours = byDistance.flat();
      dump.directions.forEach((dir, n) => {
        expect(ours[n].offset).toEqual(dir.offset);
        expectSameAsItk(ours[n], dir);
        // the opposite offset gives the same symmetric GLCM and the same runs
        expectSameAsItk(countDirection(block, dir.offset.map((v) => -v || 0) as Vec3), dir);
      });
    });
  });
});

/** IBSI rule for the digital phantom (tolerance 0): equal after rounding to 3 significant digits. */
function roundTo3(x: number): number {
  return Number(x.toPrecision(3));
}

describeOracle("GLCM / GLRLM AllDirection_offset1 against the IBSI 1 digital phantom (3D, averaged)", () => {
  /** feature-catalog.md: ITK-defined features that coincide with IBSI "3D, averaged" (ITBB). */
  const IBSI_TAGS: Record<string, string> = {
    glcm_Energy: "8ZQL",
    glcm_Entropy: "TU9B",
    glcm_Inertia: "ACUI",
    glcm_InverseDifferenceMoment: "WF0Z",
    glcm_ClusterShade: "7NFM",
    glcm_ClusterProminence: "AE86",
    glrlm_ShortRunEmphasis: "22OV",
    glrlm_LongRunEmphasis: "W4KF",
    glrlm_GreyLevelNonuniformity: "R5YN",
    glrlm_RunLengthNonuniformity: "W92Y",
    glrlm_LowGreyLevelRunEmphasis: "V3SW",
    glrlm_HighGreyLevelRunEmphasis: "G3QZ",
    glrlm_ShortRunLowGreyLevelEmphasis: "HTZT",
    glrlm_ShortRunHighGreyLevelEmphasis: "GD3A",
    glrlm_LongRunLowGreyLevelEmphasis: "IVPO",
    glrlm_LongRunHighGreyLevelEmphasis: "3KUM",
  };

  function readIbsi(): Map<string, number> {
    const [header, ...rows] = parseCsv(readFileSync(ref("ibsi", "ibsi_1_reference_values_digital_phantom.csv"), "utf8"));
    const col = (n: string) => header.indexOf(n);
    const out = new Map<string, number>();
    for (const cells of rows) {
      if (cells[col("aggregation")] !== "3D, averaged") continue;
      out.set(cells[col("ibsi_tag")], Number(cells[col("value")]));
    }
    return out;
  }

  for (const emptyDirections of ["skip", "itk"] as EmptyDirections[]) {
    it(`16 features equal IBSI after rounding to 3 significant digits (emptyDirections ${emptyDirections})`, async () => {
      const ibsi = readIbsi();
      const { input } = await loadCase(ref("ibsi", "digital_phantom", "phantom.nii.gz"), ref("ibsi", "digital_phantom", "mask.nii.gz"), {
        emptyDirections,
      });
      const rows: string[] = [];
      for (const family of [glcmFamily, glrlmFamily]) {
        const values = family.compute(input);
        family.features.forEach((def, n) => {
          if (def.variant !== "AllDirection_offset1") return;
          const tag = IBSI_TAGS[`${def.family}_${def.feature}`];
          if (!tag) return;
          const expected = ibsi.get(tag);
          expect(expected, `IBSI tag ${tag}`).toBeTypeOf("number");
          if (roundTo3(values[n]) !== roundTo3(expected as number)) rows.push(`${def.name} (${tag}): ours ${values[n]}, IBSI ${expected}`);
        });
      }
      expect(rows).toEqual([]);
    });
  }

  it("pyradiomics convention: Entropy and Correlation AllDirection_offset1 equal IBSI joint entropy (TU9B) and correlation (NI2N)", async () => {
    const ibsi = readIbsi();
    const { input } = await loadCase(ref("ibsi", "digital_phantom", "phantom.nii.gz"), ref("ibsi", "digital_phantom", "mask.nii.gz"), {
      convention: "pyradiomics",
    });
    const values = glcmFamily.compute(input);
    const at = (name: string) => values[glcmFamily.features.findIndex((f) => f.name === name)];
    expect(roundTo3(at("glcm_Correlation_AllDirection_offset1"))).toBe(roundTo3(ibsi.get("NI2N") as number));
    expect(roundTo3(at("glcm_Entropy_AllDirection_offset1"))).toBe(roundTo3(ibsi.get("TU9B") as number));
    // and ITK's Correlation (Pearson / σ²) is not IBSI's
    const { input: itk } = await loadCase(ref("ibsi", "digital_phantom", "phantom.nii.gz"), ref("ibsi", "digital_phantom", "mask.nii.gz"));
    const itkValues = glcmFamily.compute(itk);
    expect(roundTo3(itkValues[glcmFamily.features.findIndex((f) => f.name === "glcm_Correlation_AllDirection_offset1")])).not.toBe(
      roundTo3(ibsi.get("NI2N") as number),
    );
  });
});

describeOracle("GLCM / GLRLM AllDirection_offset1, pyradiomics convention, against PyRadiomics' baselines", () => {
  /** Our feature → PyRadiomics' feature name (radiomics/glcm.py, glrlm.py). HaralickCorrelation has none. */
  const PYRADIOMICS_NAMES: Record<string, string> = {
    glcm_Energy: "original_glcm_JointEnergy",
    glcm_Entropy: "original_glcm_JointEntropy",
    glcm_Correlation: "original_glcm_Correlation",
    glcm_InverseDifferenceMoment: "original_glcm_Idm",
    glcm_Inertia: "original_glcm_Contrast",
    glcm_ClusterShade: "original_glcm_ClusterShade",
    glcm_ClusterProminence: "original_glcm_ClusterProminence",
    glrlm_ShortRunEmphasis: "original_glrlm_ShortRunEmphasis",
    glrlm_LongRunEmphasis: "original_glrlm_LongRunEmphasis",
    glrlm_GreyLevelNonuniformity: "original_glrlm_GrayLevelNonUniformity",
    glrlm_RunLengthNonuniformity: "original_glrlm_RunLengthNonUniformity",
    glrlm_LowGreyLevelRunEmphasis: "original_glrlm_LowGrayLevelRunEmphasis",
    glrlm_HighGreyLevelRunEmphasis: "original_glrlm_HighGrayLevelRunEmphasis",
    glrlm_ShortRunLowGreyLevelEmphasis: "original_glrlm_ShortRunLowGrayLevelEmphasis",
    glrlm_ShortRunHighGreyLevelEmphasis: "original_glrlm_ShortRunHighGrayLevelEmphasis",
    glrlm_LongRunLowGreyLevelEmphasis: "original_glrlm_LongRunLowGrayLevelEmphasis",
    glrlm_LongRunHighGreyLevelEmphasis: "original_glrlm_LongRunHighGrayLevelEmphasis",
  };

  for (const name of ["brain1", "brain2", "breast1"]) {
    it(`${name} (label 1, bin width 25 anchored as PyRadiomics): 17 features within 1e-9 relative`, async () => {
      const data = (file: string) => ref("pyradiomics", "data", file);
      const volume = await readVolume(data(`${name}_image.nrrd`));
      const roi = await readMask(data(`${name}_label.nrrd`), { image: volume, label: 1 });
      const options: FamilyOptions = { emptyDirections: "skip", convention: "pyradiomics", voxelArrayShift: 0 };
      const input = prepareCase(volume, roi, { kind: "width", width: 25, anchor: "pyradiomics" }, options, () => {});
      const failures: string[] = [];
      let compared = 0;
      for (const family of [glcmFamily, glrlmFamily]) {
        const [header, ...rows] = parseCsv(readFileSync(data(`baseline/baseline_${family.family}.csv`), "utf8"));
        const column = header.indexOf(name);
        const values = family.compute(input);
        family.features.forEach((def, n) => {
          const theirs = PYRADIOMICS_NAMES[`${def.family}_${def.feature}`];
          if (def.variant !== "AllDirection_offset1" || !theirs) return;
          const expected = Number(rows.find((row) => row[0] === theirs)?.[column]);
          compared++;
          if (!(Math.abs(values[n] - expected) <= 1e-9 * Math.abs(expected))) failures.push(`${def.name}: ours ${values[n]}, PyRadiomics ${expected}`);
        });
      }
      expect(compared).toBe(17);
      expect(failures).toEqual([]);
    });
  }
});

describe("GLCM / GLRLM on degenerate ROIs: defined values or NaN with a warning, never a crash", () => {
  const grid = (size: Vec3) => ({ size, spacing: [1, 1, 1] as Vec3, origin: [0, 0, 0] as Vec3, direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] });
  function run(size: Vec3, inside: (i: number, j: number, k: number) => boolean, value: (i: number) => number, emptyDirections: EmptyDirections = "skip") {
    const n = size[0] * size[1] * size[2];
    const data = new Float64Array(n);
    const mask = new Uint8Array(n);
    let count = 0;
    for (let k = 0, x = 0; k < size[2]; k++) {
      for (let j = 0; j < size[1]; j++) {
        for (let i = 0; i < size[0]; i++, x++) {
          data[x] = value(i);
          if (inside(i, j, k)) {
            mask[x] = 1;
            count++;
          }
        }
      }
    }
    const warnings: string[] = [];
    const input = prepareCase(
      { ...grid(size), data, source: "synthetic", componentType: "float64" },
      { ...grid(size), data: mask, source: "synthetic-mask", label: "any", voxelCount: count },
      { kind: "none" },
      { emptyDirections, convention: "radlab", voxelArrayShift: 0 },
      (feature) => warnings.push(feature),
    );
    const values = new Map<string, number>();
    for (const family of [glcmFamily, glrlmFamily]) {
      const v = family.compute(input);
      for (const [x, def] of family.features.entries()) values.set(def.name, v[x]);
    }
    for (const [name, v] of values) if (Number.isNaN(v)) expect(warnings, name).toContain(name);
    return { values, warnings };
  }

  it("a single voxel: no pair (GLCM NaN, warned), one run of one voxel per direction (SRE = LRE = 1)", () => {
    const { values } = run(
      [3, 3, 3],
      (i, j, k) => i === 1 && j === 1 && k === 1,
      () => 2,
    );
    expect(values.get("glcm_Energy_angle0_offset1")).toBeNaN();
    expect(values.get("glcm_Entropy_AllDirection_offset1")).toBeNaN();
    expect(values.get("glrlm_ShortRunEmphasis_AllDirection_offset4")).toBe(1);
    expect(values.get("glrlm_LongRunEmphasis_angle90_offset7")).toBe(1);
    expect(values.get("glrlm_HighGreyLevelRunEmphasis_AllDirection_offset1")).toBe(4);
  });

  it("a constant ROI: ITK's values (Energy 1, Entropy 0, Inertia 0, Correlation 0 by ITK's divisor guard), HaralickCorrelation NaN (σt² = 0)", () => {
    const { values } = run(
      [6, 5, 4],
      () => true,
      () => 1,
    );
    expect(values.get("glcm_Energy_angle0_offset1")).toBe(1);
    expect(values.get("glcm_Entropy_angle0_offset1")).toBe(0);
    expect(values.get("glcm_Inertia_AllDirection_offset1")).toBe(0);
    expect(values.get("glcm_InverseDifferenceMoment_AllDirection_offset1")).toBe(1);
    expect(values.get("glcm_Correlation_AllDirection_offset1")).toBe(0);
    expect(values.get("glcm_HaralickCorrelation_angle0_offset1")).toBeNaN();
  });

  it("a flat line along i: only 0° has pairs; the other in-plane angles are NaN and warned", () => {
    const { values, warnings } = run(
      [9, 3, 3],
      (_i, j, k) => j === 1 && k === 1,
      (i) => 1 + (i % 3),
    );
    expect(values.get("glcm_Energy_angle0_offset1")).toBeGreaterThan(0);
    expect(values.get("glcm_Energy_angle90_offset1")).toBeNaN();
    expect(warnings).toContain("glcm_Energy_angle90_offset1");
    // skip: the AllDirection mean is the one non-empty direction's value, SD 0
    expect(values.get("glcm_Energy_AllDirection_offset1")).toBe(values.get("glcm_Energy_angle0_offset1"));
    expect(values.get("glcm_Energy_AllDirection_offset1_SD")).toBe(0);
  });
});
