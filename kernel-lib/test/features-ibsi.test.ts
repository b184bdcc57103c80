/**
 * The IBSI-defined families (stat, hist, shape, glszm, gldzm, ngldm, ngtdm) against the IBSI 1
 * digital phantom reference values, driven by each family's own IBSI mapping; and their
 * behaviour on degenerate ROIs (one voxel, a line, a constant ROI).
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import type { Discretization } from "../src/features/discretize.js";
import type { IbsiFamilyModule } from "../src/features/family-kit.js";
import { gldzmFamily } from "../src/features/gldzm.js";
import { glszmFamily } from "../src/features/glszm.js";
import { histFamily } from "../src/features/hist.js";
import { encodeTriangleTable, generateTriangleTable } from "../src/features/mesh-table.js";
import { ngldmFamily } from "../src/features/ngldm.js";
import { ngtdmFamily } from "../src/features/ngtdm.js";
import { prepareCase } from "../src/features/prepare.js";
import { shapeFamily } from "../src/features/shape.js";
import { statFamily } from "../src/features/stat.js";
import type { FamilyInput, FamilyOptions } from "../src/features/types.js";
import { parseCsv } from "../src/io/csv.js";
import { readMask } from "../src/io/read-mask.js";
import { readVolume } from "../src/io/read-volume.js";
import type { Mask, Vec3, Volume } from "../src/types.js";
import { describeOracle, ref } from "./reference.js";

const FAMILIES: IbsiFamilyModule[] = [statFamily, histFamily, shapeFamily, glszmFamily, gldzmFamily, ngldmFamily, ngtdmFamily];
const RADLAB: FamilyOptions = { emptyDirections: "skip", convention: "radlab", voxelArrayShift: 0 };

/** x rounded to 3 significant digits, as IBSI compares. */
function round3(x: number): number {
  return x === 0 || !Number.isFinite(x) ? x : Number(x.toPrecision(3));
}

interface ReferenceRow {
  family: string;
  feature: string;
  tag: string;
  aggregation: string;
  value: number;
  tolerance: number;
}

function readReference(): ReferenceRow[] {
  const [header, ...rows] = parseCsv(readFileSync(ref("ibsi", "ibsi_1_reference_values_digital_phantom.csv"), "utf8"));
  const col = (name: string) => {
    const c = header.indexOf(name);
    if (c < 0) throw new Error(`reference CSV lacks column ${name}`);
    return c;
  };
  const [f, n, t, a, v, tol] = ["family", "feature", "ibsi_tag", "aggregation", "value", "tolerance"].map(col);
  return rows
    .filter((r) => r.length > 1)
    .map((r) => ({ family: r[f], feature: r[n], tag: r[t], aggregation: r[a], value: Number(r[v]), tolerance: Number(r[tol] || 0) }));
}

interface Warning {
  feature: string;
  message: string;
}

/** A FamilyInput straight from arrays (no discretisation: the values are the levels). */
function handMadeInput(
  size: Vec3,
  values: number[],
  spacing: Vec3 = [1, 1, 1],
  options: FamilyOptions = RADLAB,
  discretization: Discretization = { kind: "none" },
) {
  const warnings: Warning[] = [];
  const count = size[0] * size[1] * size[2];
  const data = new Float64Array(count);
  const mask = new Uint8Array(count);
  values.forEach((v, n) => {
    if (v > 0) {
      data[n] = v;
      mask[n] = 1;
    }
  });
  const grid = { size, spacing, origin: [0, 0, 0] as Vec3, direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
  const volume: Volume = { ...grid, data, source: "hand-made", componentType: "float64" };
  const roi: Mask = { ...grid, data: mask, source: "hand-made", label: "any", voxelCount: values.filter((v) => v > 0).length };
  const input = prepareCase(volume, roi, discretization, options, (feature, message) => warnings.push({ feature, message }));
  return { input, warnings };
}

function computeAll(input: FamilyInput): Map<string, number> {
  const values = new Map<string, number>();
  for (const family of FAMILIES) {
    const result = family.compute(input);
    expect(result.length).toBe(family.features.length);
    family.features.forEach((def, f) => {
      values.set(def.name, result[f]);
    });
  }
  return values;
}

// Their column order is checked against feature-catalog.md by features-catalog.test.ts.
describe("IBSI families: catalog definitions", () => {
  it("have the catalog's counts, prefixes and spelled-out aliases", () => {
    const counts = Object.fromEntries(FAMILIES.map((f) => [f.family, f.features.length]));
    expect(counts).toEqual({ stat: 19, hist: 23, shape: 12, glszm: 16, gldzm: 16, ngldm: 17, ngtdm: 5 });
    for (const family of FAMILIES) {
      for (const def of family.features) {
        expect(def.name).toBe(`${family.family}_${def.feature}`);
        expect(def.family).toBe(family.family);
      }
    }
    const alias = (name: string) => FAMILIES.flatMap((f) => f.features).find((d) => d.name === name)?.alias;
    expect(alias("stat_StdDeviation")).toBe("Std Deviation");
    expect(alias("glszm_ZoneSizeEntropy")).toBe("Zone Size Entropy");
    expect(alias("shape_Maximum3DDiameter")).toBe("Maximum 3D Diameter");
    expect(alias("stat_Percentile10")).toBe("Percentile 10");
  });
});

describeOracle("IBSI 1 digital phantom (3D, no discretisation)", () => {
  let values: Map<string, number>;
  let warnings: Warning[];
  let reference: ReferenceRow[];

  beforeAll(async () => {
    const volume = await readVolume(ref("ibsi", "digital_phantom", "phantom.nii.gz"));
    const mask = await readMask(ref("ibsi", "digital_phantom", "mask.nii.gz"), { image: volume });
    warnings = [];
    const input = prepareCase(volume, mask, { kind: "none" }, RADLAB, (feature, message) => warnings.push({ feature, message }));
    values = computeAll(input);
    reference = readReference();
  });

  const mapped = FAMILIES.flatMap((family) => Object.entries(family.ibsi).map(([column, ibsi]) => ({ family, column, ibsi })));

  it("maps every stat, hist, shape and texture column of these families but StdDeviation", () => {
    const unmapped = FAMILIES.flatMap((f) => f.features.map((d) => d.name)).filter((n) => !mapped.some((m) => m.column === n));
    expect(unmapped).toEqual(["stat_StdDeviation"]);
  });

  it.each(mapped.map((m) => [`${m.column} = ${m.ibsi.feature} (${m.ibsi.tag})`, m] as const))("%s", (_label, m) => {
    const rows = reference.filter((r) => r.family === m.family.ibsiFamily && r.feature === m.ibsi.feature && r.aggregation === m.family.ibsiAggregation);
    expect(rows, `reference rows for ${m.ibsi.feature}`).toHaveLength(1);
    const [row] = rows;
    if (row.tag !== "" && row.tag !== m.ibsi.tag) throw new Error(`${m.column}: tag ${m.ibsi.tag} but the reference row says ${row.tag}`);
    // IBSI's unit where radlab's differs (VolumeCC in cm³, IBSI's voxel-counting volume in mm³).
    const x = (values.get(m.column) as number) * (m.ibsi.scale ?? 1);
    expect(Number.isFinite(x), `${m.column} = ${x}`).toBe(true);
    expect(Math.abs(round3(x) - row.value), `${m.column} = ${x} (rounded ${round3(x)}), IBSI ${row.value} ± ${row.tolerance}`).toBeLessThanOrEqual(
      row.tolerance + 1e-12 * Math.abs(row.value),
    );
  });

  it("gives StdDeviation as the square root of IBSI's intensity variance", () => {
    const variance = reference.find((r) => r.feature === "Intensity variance") as ReferenceRow;
    const sd = values.get("stat_StdDeviation") as number;
    expect(round3(sd * sd)).toBe(variance.value);
  });

  it("warns about nothing on the phantom", () => {
    expect(warnings).toEqual([]);
  });
});

/** Every NaN has a warning naming its column, and every warning names a NaN column. */
function expectNaNsWarned(values: Map<string, number>, warnings: Warning[]): void {
  const nan = [...values]
    .filter(([, v]) => Number.isNaN(v))
    .map(([k]) => k)
    .sort();
  const warned = [...new Set(warnings.map((w) => w.feature))].sort();
  expect(warned).toEqual(nan);
  for (const [name, v] of values) expect(Number.isNaN(v) || Number.isFinite(v), `${name} = ${v}`).toBe(true);
}

describe("IBSI families on degenerate ROIs", () => {
  it("a single voxel: defined values, NaN with a warning where a formula divides by zero", () => {
    const grid = new Array(27).fill(0);
    grid[13] = 5;
    const { input, warnings } = handMadeInput([3, 3, 3], grid, [2, 2, 2]);
    const v = computeAll(input);
    expectNaNsWarned(v, warnings);
    expect(v.get("stat_Mean")).toBe(5);
    expect(v.get("stat_Variance")).toBe(0);
    expect(v.get("stat_Skewness")).toBe(0); // IBSI: 0 when the variance is 0
    expect(v.get("stat_Kurtosis")).toBe(0);
    expect(v.get("stat_StdDeviation")).toBe(0);
    expect(v.get("stat_CoefficientOfVariation")).toBe(0);
    expect(v.get("stat_Energy")).toBe(25);
    // The mesh of one voxel is an octahedron with vertices at the six face centres.
    expect(v.get("shape_VolumeMM")).toBeCloseTo((4 / 3) * 1 ** 3, 12);
    expect(v.get("shape_VolumeCC")).toBe(0.008); // 8 mm³ = 0.008 cm³
    expect(v.get("shape_SurfaceArea")).toBeCloseTo(8 * (Math.sqrt(3) / 4) * 2, 12);
    expect(v.get("shape_Maximum3DDiameter")).toBeCloseTo(2, 12);
    expect(v.get("shape_MajorAxisLength")).toBe(0);
    expect(v.get("shape_Elongation")).toBeNaN();
    expect(v.get("shape_Flatness")).toBeNaN();
    expect(v.get("glszm_SmallZoneEmphasis")).toBe(1);
    expect(v.get("glszm_ZonePercentage")).toBe(1);
    expect(v.get("gldzm_SmallDistanceEmphasis")).toBe(1);
    expect(v.get("ngldm_LowDependenceEmphasis")).toBe(1);
    // No voxel has a ROI neighbour: the NGTDM probabilities are undefined.
    for (const f of ["Coarseness", "Contrast", "Busyness", "Complexity", "Strength"]) expect(v.get(`ngtdm_${f}`)).toBeNaN();
    expect(warnings.map((w) => w.feature).sort()).toEqual(
      ["shape_Elongation", "shape_Flatness", "ngtdm_Coarseness", "ngtdm_Contrast", "ngtdm_Busyness", "ngtdm_Complexity", "ngtdm_Strength"].sort(),
    );
  });

  it("a single voxel under the pyradiomics convention: PyRadiomics' NGTDM values (it counts isolated voxels)", () => {
    const grid = new Array(27).fill(0);
    grid[13] = 5;
    const { input } = handMadeInput([3, 3, 3], grid, [1, 1, 1], { emptyDirections: "skip", convention: "pyradiomics", voxelArrayShift: 0 });
    const v = ngtdmFamily.compute(input);
    expect(Array.from(v)).toEqual([1e6, 0, 0, 0, 0]);
  });

  it("a flat line: zero minor and least axes, no warning", () => {
    const { input, warnings } = handMadeInput([7, 1, 1], [1, 2, 3, 4, 5, 6, 7]);
    const v = computeAll(input);
    expectNaNsWarned(v, warnings);
    expect(warnings).toEqual([]);
    expect(v.get("shape_Elongation")).toBe(0);
    expect(v.get("shape_Flatness")).toBe(0);
    expect(v.get("shape_Maximum3DDiameter")).toBeCloseTo(7, 12);
    // Positions 0..6: sample variance 14/3, major axis 4·sqrt(14/3).
    expect(v.get("shape_MajorAxisLength")).toBeCloseTo(4 * Math.sqrt(14 / 3), 12);
    expect(v.get("stat_Median")).toBe(4);
    expect(v.get("glszm_ZonePercentage")).toBe(1);
    expect(v.get("ngldm_LowDependenceEmphasis")).toBe(1);
    expect(v.get("gldzm_LargeDistanceEmphasis")).toBe(1);
  });

  it("a constant-intensity ROI: IBSI's defined values, no warning", () => {
    const { input, warnings } = handMadeInput([3, 3, 3], new Array(27).fill(7));
    const v = computeAll(input);
    expectNaNsWarned(v, warnings);
    expect(warnings).toEqual([]);
    expect(v.get("stat_Variance")).toBe(0);
    expect(v.get("stat_Skewness")).toBe(0);
    expect(v.get("stat_Kurtosis")).toBe(0);
    expect(v.get("stat_InterquartileRange")).toBe(0);
    expect(v.get("hist_Entropy")).toBe(0);
    expect(v.get("hist_Uniformity")).toBe(1);
    expect(v.get("hist_Mode")).toBe(7);
    expect(v.get("glszm_LargeZoneEmphasis")).toBe(27 * 27);
    expect(v.get("glszm_ZoneSizeEntropy")).toBe(0);
    expect(v.get("ngtdm_Coarseness")).toBe(1e6); // IBSI's cap: Σ p_i s_i = 0
    expect(v.get("ngtdm_Contrast")).toBe(0);
    expect(v.get("ngtdm_Busyness")).toBe(0);
    expect(v.get("ngtdm_Strength")).toBe(0);
    expect(v.get("gldzm_LargeDistanceEmphasis")).toBe(1); // one zone, touching the border
  });

  it("GLDZM: a zone's distance is its voxels' least city-block distance to the ROI border", () => {
    // A 5×5×5 block of level 1 around one voxel of level 2: the inner zone is 3 steps deep.
    const values = new Array(125).fill(1);
    values[62] = 2;
    const { input } = handMadeInput([5, 5, 5], values);
    const v = gldzmFamily.compute(input);
    const at = (name: string) => v[gldzmFamily.features.findIndex((d) => d.feature === name)];
    expect(at("LargeDistanceEmphasis")).toBe((1 + 9) / 2);
    expect(at("SmallDistanceEmphasis")).toBeCloseTo((1 + 1 / 9) / 2, 14);
    expect(at("ZoneDistanceVariance")).toBe(1);
  });

  it("a one-level histogram: gradient features NaN with a warning", () => {
    const { input, warnings } = handMadeInput([2, 1, 1], [1, 1]);
    const v = histFamily.compute(input);
    const names = histFamily.features.map((d) => d.name);
    for (const f of ["MaxHistogramGradient", "MaxHistogramGradientGreyLevel", "MinHistogramGradient", "MinHistogramGradientGreyLevel"]) {
      expect(v[names.indexOf(`hist_${f}`)]).toBeNaN();
    }
    expect(warnings.map((w) => w.feature).sort()).toEqual([
      "hist_MaxHistogramGradient",
      "hist_MaxHistogramGradientGreyLevel",
      "hist_MinHistogramGradient",
      "hist_MinHistogramGradientGreyLevel",
    ]);
  });
});

describe("shape: maximum 3D diameter against all vertex pairs", () => {
  /** Every mesh vertex (voxel-edge midpoint between a ROI and a non-ROI voxel), by brute force. */
  function bruteForceDiameter(size: Vec3, mask: number[], spacing: Vec3): number {
    const inside = (i: number, j: number, k: number) =>
      i >= 0 && j >= 0 && k >= 0 && i < size[0] && j < size[1] && k < size[2] && mask[i + size[0] * (j + size[1] * k)] > 0;
    const vertices: Vec3[] = [];
    for (let k = -1; k <= size[2]; k++)
      for (let j = -1; j <= size[1]; j++)
        for (let i = -1; i <= size[0]; i++) {
          const here = inside(i, j, k);
          if (here !== inside(i + 1, j, k)) vertices.push([(i + 0.5) * spacing[0], j * spacing[1], k * spacing[2]]);
          if (here !== inside(i, j + 1, k)) vertices.push([i * spacing[0], (j + 0.5) * spacing[1], k * spacing[2]]);
          if (here !== inside(i, j, k + 1)) vertices.push([i * spacing[0], j * spacing[1], (k + 0.5) * spacing[2]]);
        }
    let best = 0;
    for (const a of vertices) for (const b of vertices) best = Math.max(best, Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]));
    return best;
  }

  it.each([1, 2, 3, 4, 5, 6])("random blob %i", (seed) => {
    let state = seed * 7919;
    const random = () => {
      state = (state * 16807) % 2147483647;
      return state / 2147483647;
    };
    const size: Vec3 = [6 + seed, 5, 4 + (seed % 3)];
    const values = Array.from({ length: size[0] * size[1] * size[2] }, () => (random() < 0.45 ? 1 + Math.floor(random() * 4) : 0));
    values[0] = 1;
    const spacing: Vec3 = [0.7, 1.1, 2.5];
    const { input } = handMadeInput(size, values, spacing);
    const v = shapeFamily.compute(input);
    const diameter = v[shapeFamily.features.findIndex((d) => d.feature === "Maximum3DDiameter")];
    // The prepared block is cropped to the ROI; distances do not depend on the crop.
    expect(diameter).toBeCloseTo(bruteForceDiameter(size, values, spacing), 10);
  });
});

describe("pyradiomics convention", () => {
  it("gives PyRadiomics' kurtosis (not excess), shifted energy and 1/N PCA", () => {
    const values = [1, 2, 2, 3, 3, 3, 4, 4, 9, 1, 5, 6];
    const radlab = handMadeInput([4, 3, 1], values);
    const pyr = handMadeInput([4, 3, 1], values, [1, 1, 1], { emptyDirections: "skip", convention: "pyradiomics", voxelArrayShift: 2000 });
    const r = statFamily.compute(radlab.input);
    const p = statFamily.compute(pyr.input);
    const at = (name: string) => statFamily.features.findIndex((d) => d.feature === name);
    expect(p[at("Kurtosis")]).toBeCloseTo(r[at("Kurtosis")] + 3, 12);
    expect(p[at("Energy")]).toBeCloseTo(
      values.reduce((s, x) => s + (x + 2000) ** 2, 0),
      6,
    );
    expect(p[at("RootMeanSquare")]).toBeCloseTo(Math.sqrt(values.reduce((s, x) => s + (x + 2000) ** 2, 0) / values.length), 9);
    expect(p[at("Mean")]).toBe(r[at("Mean")]);
    const major = shapeFamily.features.findIndex((d) => d.feature === "MajorAxisLength");
    const n = values.length;
    expect(shapeFamily.compute(pyr.input)[major]).toBeCloseTo(shapeFamily.compute(radlab.input)[major] * Math.sqrt((n - 1) / n), 12);
  });
});

describe("shape: marching-cubes table", () => {
  it("the table embedded in mesh.ts is the one mesh-table.ts generates", () => {
    const meshSource = readFileSync(new URL("../src/features/mesh.ts", import.meta.url), "utf8");
    const literal = /const TRIANGLE_TABLE =\n([\s\S]*?);\n/.exec(meshSource)?.[1] ?? "";
    const embedded = [...literal.matchAll(/"([^"]*)"/g)].map((m) => m[1]).join("");
    expect(embedded).toBe(encodeTriangleTable(generateTriangleTable()));
  });

  it("orients every configuration's triangles consistently (no directed edge used twice)", () => {
    const table = generateTriangleTable();
    expect(table[0]).toEqual([]);
    expect(table[255]).toEqual([]);
    for (const triangles of table) {
      const directed = new Set<string>();
      for (const [a, b, c] of triangles) {
        for (const [u, v] of [
          [a, b],
          [b, c],
          [c, a],
        ]) {
          const key = `${u}>${v}`;
          expect(directed.has(key)).toBe(false);
          directed.add(key);
        }
      }
    }
  });
});

describe("first-order details", () => {
  it("percentiles interpolate linearly between order statistics (NumPy's default, as PyRadiomics)", () => {
    const { input } = handMadeInput([10, 1, 1], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const v = statFamily.compute(input);
    const at = (name: string) => v[statFamily.features.findIndex((d) => d.feature === name)];
    expect(at("Percentile10")).toBeCloseTo(1.9, 12);
    expect(at("Percentile90")).toBeCloseTo(9.1, 12);
    expect(at("Median")).toBe(5.5);
    expect(at("InterquartileRange")).toBeCloseTo(7.75 - 3.25, 12);
    // Robust MAD over 2..9 (between P10 = 1.9 and P90 = 9.1): mean 5.5, deviations 3.5, 2.5, 1.5, 0.5 twice.
    expect(at("RobustMeanAbsoluteDeviation")).toBeCloseTo(2, 12);
  });

  it("the histogram mode breaks ties by closeness to the mean, then by the lower level (IBSI AMMC)", () => {
    const mode = (values: number[]) => {
      const { input } = handMadeInput([values.length, 1, 1], values);
      return histFamily.compute(input)[histFamily.features.findIndex((d) => d.feature === "Mode")];
    };
    expect(mode([1, 1, 3, 3])).toBe(1); // equidistant from the mean 2
    expect(mode([1, 3, 3, 4, 4])).toBe(3); // mean 3
    expect(mode([1, 1, 2, 4, 4, 4, 1])).toBe(1); // counts 3 and 3, mean 2.43
  });

  it("non-integer intensities sort as well as integer ones", () => {
    const { input } = handMadeInput([5, 1, 1], [2.5, 1.25, 4.75, 3.5, 1.5], [1, 1, 1], RADLAB, { kind: "bins", n: 4 });
    const v = statFamily.compute(input);
    expect(v[statFamily.features.findIndex((d) => d.feature === "Median")]).toBe(2.5);
  });
});

describe("PyRadiomics counterparts", () => {
  it("are declared per column, one PyRadiomics feature each", () => {
    const all = FAMILIES.flatMap((f) => Object.entries(f.pyradiomics));
    // shape: 11 of 12 (VolumeCC, in cm³, is PyRadiomics' VoxelVolume / 1000: a transform, in PYRADIOMICS_MAP).
    expect(all).toHaveLength(16 + 2 + 11 + 16 + 14 + 5);
    expect(new Set(all.map(([, p]) => p)).size).toBe(all.length);
    expect(statFamily.pyradiomics.stat_Kurtosis).toBe("firstorder_Kurtosis");
    expect(ngldmFamily.pyradiomics.ngldm_LowDependenceEmphasis).toBe("gldm_SmallDependenceEmphasis");
    expect(gldzmFamily.pyradiomics).toEqual({});
  });
});
