/**
 * The IBSI-defined families (stat, hist, shape, glszm, gldzm, ngldm, ngtdm) against the IBSI 1
 * digital phantom reference values, driven by each family's own IBSI mapping; and their
 * behaviour on degenerate ROIs (one voxel, a line, a constant ROI).
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import type { IbsiFamilyModule } from "../src/features/family-kit.js";
import { gldzmFamily } from "../src/features/gldzm.js";
import { glszmFamily } from "../src/features/glszm.js";
import { histFamily } from "../src/features/hist.js";
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
function handMadeInput(size: Vec3, values: number[], spacing: Vec3 = [1, 1, 1], options: FamilyOptions = RADLAB) {
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
  const input = prepareCase(volume, roi, { kind: "none" }, options, (feature, message) => warnings.push({ feature, message }));
  return { input, warnings };
}

function computeAll(input: FamilyInput): Map<string, number> {
  const values = new Map<string, number>();
  for (const family of FAMILIES) {
    const result = family.compute(input);
    expect(result.length).toBe(family.features.length);
    family.features.forEach((def, f) => values.set(def.name, result[f]));
  }
  return values;
}

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

  it("keep the catalog's column order", () => {
    const names = (f: IbsiFamilyModule) => f.features.map((d) => d.feature);
    expect(names(statFamily)).toEqual([
      "Mean", "Variance", "Skewness", "Kurtosis", "Median", "Minimum", "Percentile10", "Percentile90", "Maximum",
      "InterquartileRange", "Range", "MeanAbsoluteDeviation", "RobustMeanAbsoluteDeviation", "MedianAbsoluteDeviation",
      "CoefficientOfVariation", "QuartileCoefficientOfDispersion", "Energy", "RootMeanSquare", "StdDeviation",
    ]);
    expect(names(shapeFamily)).toEqual([
      "VolumeMM", "VolumeCC", "SurfaceArea", "SurfaceVolumeRatio", "Compactness1", "Compactness2",
      "SphericalDisproportion", "Sphericity", "Maximum3DDiameter", "MajorAxisLength", "Elongation", "Flatness",
    ]);
    expect(names(ngtdmFamily)).toEqual(["Coarseness", "Contrast", "Busyness", "Complexity", "Strength"]);
    expect(names(ngldmFamily).at(-1)).toBe("DependenceCountEnergy");
    expect(names(gldzmFamily).at(-1)).toBe("ZoneDistanceEntropy");
    expect(names(histFamily).at(-1)).toBe("MinHistogramGradientGreyLevel");
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

  const mapped = FAMILIES.flatMap((family) =>
    Object.entries(family.ibsi).map(([column, ibsi]) => ({ family, column, ibsi })),
  );

  it("maps every stat, hist, shape and texture column of these families but StdDeviation", () => {
    const unmapped = FAMILIES.flatMap((f) => f.features.map((d) => d.name)).filter((n) => !mapped.some((m) => m.column === n));
    expect(unmapped).toEqual(["stat_StdDeviation"]);
  });

  it.each(mapped.map((m) => [`${m.column} = ${m.ibsi.feature} (${m.ibsi.tag})`, m] as const))("%s", (_label, m) => {
    const rows = reference.filter(
      (r) => r.family === m.family.ibsiFamily && r.feature === m.ibsi.feature && r.aggregation === m.family.ibsiAggregation,
    );
    expect(rows, `reference rows for ${m.ibsi.feature}`).toHaveLength(1);
    const [row] = rows;
    if (row.tag !== "" && row.tag !== m.ibsi.tag) throw new Error(`${m.column}: tag ${m.ibsi.tag} but the reference row says ${row.tag}`);
    const x = values.get(m.column) as number;
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
