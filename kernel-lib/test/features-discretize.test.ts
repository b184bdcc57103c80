import { describe, expect, it } from "vitest";
import { RadlabInputError } from "../src/errors.js";
import { discretize, formatDiscretization, parseDiscretization } from "../src/features/discretize.js";
import { prepareCase } from "../src/features/prepare.js";
import type { FamilyOptions } from "../src/features/types.js";
import type { Mask, Vec3, Volume } from "../src/types.js";

const options: FamilyOptions = { emptyDirections: "skip", convention: "radlab", voxelArrayShift: 0 };

describe("parseDiscretization", () => {
  it("reads the command-line forms", () => {
    expect(parseDiscretization("none")).toEqual({ kind: "none" });
    expect(parseDiscretization("bins:32")).toEqual({ kind: "bins", n: 32 });
    expect(parseDiscretization("width:25")).toEqual({ kind: "width", width: 25, anchor: "radlab" });
    expect(parseDiscretization("width:2.5:pyradiomics")).toEqual({ kind: "width", width: 2.5, anchor: "pyradiomics" });
    for (const text of ["none", "bins:7", "width:0.5", "width:25:pyradiomics"]) {
      expect(formatDiscretization(parseDiscretization(text))).toBe(text);
    }
  });
  it("rejects bad forms with a message naming them", () => {
    for (const text of ["", "bins", "bins:0", "bins:2.5", "width:-1", "width:abc", "width:1:foo", "fbn:3", "bins:3:4"]) {
      expect(() => parseDiscretization(text)).toThrow(RadlabInputError);
    }
    expect(() => parseDiscretization("bins:0")).toThrow(/bins:0/);
  });
});

describe("discretize", () => {
  it("fixed bin number follows IBSI 1 §2.7.1: floor(Ng(x−min)/(max−min)) + 1, max → Ng", () => {
    // min 0, max 10, Ng 4: edges at 2.5, 5, 7.5
    const { levels, ng } = discretize([0, 2.4, 2.5, 4.99, 5, 7.5, 9.99, 10], { kind: "bins", n: 4 });
    expect(ng).toBe(4);
    expect([...levels]).toEqual([1, 1, 2, 2, 3, 4, 4, 4]);
  });
  it("fixed bin number on a constant ROI gives level 1 and keeps Ng", () => {
    const { levels, ng } = discretize([7, 7, 7], { kind: "bins", n: 32 });
    expect([...levels]).toEqual([1, 1, 1]);
    expect(ng).toBe(32);
  });
  it("fixed bin width, radlab anchor: floor(x/w) − floor(min/w) + 1", () => {
    const { levels, ng } = discretize([-30, -25, -1, 0, 24.9, 25, 60], { kind: "width", width: 25, anchor: "radlab" });
    // floor(min/w) = −2
    expect([...levels]).toEqual([1, 2, 2, 3, 3, 4, 5]);
    expect(ng).toBe(5);
  });
  it("fixed bin width, PyRadiomics anchor: edges from min − (min mod w) (Python modulo), digitize", () => {
    // min −30: −30 % 25 = 20 in Python → first edge −50; edges −50, −25, 0, 25, 50, 75, 100
    const { levels, ng } = discretize([-30, -25, -1, 0, 24.9, 25, 60], { kind: "width", width: 25, anchor: "pyradiomics" });
    expect([...levels]).toEqual([1, 2, 2, 3, 3, 4, 5]);
    expect(ng).toBe(5);
    // positive min not on a multiple: min 13 → first edge 0
    const shifted = discretize([13, 24.99, 25, 49], { kind: "width", width: 25, anchor: "pyradiomics" });
    expect([...shifted.levels]).toEqual([1, 1, 2, 2]);
    // a non-representable width: numpy's arange edges (0.1·k as start + k·δ) decide the edge cases
    const tenth = discretize([0, 0.1, 0.3, 0.30000000000000004, 0.7], { kind: "width", width: 0.1, anchor: "pyradiomics" });
    // numpy.arange(0, 0.9, 0.1) = [0, 0.1, 0.2, 0.30000000000000004, 0.4, 0.5, 0.6000000000000001, 0.7000000000000001, 0.8]
    expect([...tenth.levels]).toEqual([1, 2, 3, 4, 7]);
  });
  it("none: integer levels ≥ 1 as they are, Ng = largest level", () => {
    const { levels, ng } = discretize([1, 3, 4, 6, 9], { kind: "none" });
    expect([...levels]).toEqual([1, 3, 4, 6, 9]);
    expect(ng).toBe(9);
  });
  it("none: a non-integer or a level < 1 is an error naming the source and the value", () => {
    expect(() => discretize([1, 2.5], { kind: "none" }, "case P7")).toThrow(/case P7.*2\.5/);
    expect(() => discretize([0, 2], { kind: "none" }, "case P7")).toThrow(RadlabInputError);
  });
  it("non-finite intensities are an error", () => {
    expect(() => discretize([1, Infinity], { kind: "bins", n: 8 }, "img.nii")).toThrow(/img\.nii.*Infinity/);
  });
});

function grid(size: Vec3) {
  return { size, spacing: [1, 1, 2] as Vec3, origin: [0, 0, 0] as Vec3, direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
}

describe("prepareCase", () => {
  const size: Vec3 = [4, 3, 2];
  const data = new Float32Array(24).map((_, n) => n + 0.5);
  const maskData = new Uint8Array(24);
  for (const n of [5, 6, 9, 10, 17, 18]) maskData[n] = 1; // i 1..2, j 1..2, k 0..1 (row j=2 empty at k=1)
  const volume: Volume = { ...grid(size), data, source: "/tmp/img.nii", componentType: "float32" };
  const mask: Mask = { ...grid(size), data: maskData, source: "/tmp/mask.nii", label: "any", voxelCount: 6 };

  it("crops to the ROI box and fills levels, intensities and Ng", () => {
    const input = prepareCase(volume, mask, { kind: "bins", n: 4 }, options, () => {});
    expect(input.size).toEqual([2, 2, 2]);
    expect(input.spacing).toEqual([1, 1, 2]);
    expect([...input.mask]).toEqual([1, 1, 1, 1, 1, 1, 0, 0]);
    expect([...input.roiIntensities]).toEqual([5.5, 6.5, 9.5, 10.5, 17.5, 18.5]);
    expect([...input.intensities]).toEqual([5.5, 6.5, 9.5, 10.5, 17.5, 18.5, 21.5, 22.5]);
    // min 5.5, max 18.5, range 13: floor(4·(x − 5.5)/13) + 1
    expect([...input.roiLevels]).toEqual([1, 1, 2, 2, 4, 4]);
    expect([...input.levels]).toEqual([1, 1, 2, 2, 4, 4, 0, 0]);
    expect(input.ng).toBe(4);
  });

  it("drops NaN voxels from the ROI with a warning naming their count", () => {
    const withNaN = { ...volume, data: Float32Array.from(data) };
    withNaN.data[9] = Number.NaN;
    withNaN.data[18] = Number.NaN;
    const warnings: string[] = [];
    const input = prepareCase(withNaN, mask, { kind: "bins", n: 4 }, options, (f, m) => warnings.push(`${f}: ${m}`));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/2 non-finite voxels \(2 NaN\) of the \d+ ROI voxels were left out of the ROI/);
    expect(warnings[0]).toMatch(/img\.nii/);
    expect([...input.roiIntensities]).toEqual([5.5, 6.5, 10.5, 17.5]);
    expect([...input.mask]).toEqual([1, 1, 0, 1, 1, 0, 0, 0]);
    expect([...input.levels].filter((g) => g > 0)).toHaveLength(4);
  });

  it("an empty ROI or an all-NaN ROI is an input error", () => {
    const empty: Mask = { ...mask, data: new Uint8Array(24), voxelCount: 0 };
    expect(() => prepareCase(volume, empty, { kind: "none" }, options, () => {})).toThrow(RadlabInputError);
    const allNaN = { ...volume, data: new Float32Array(24).fill(Number.NaN) };
    expect(() => prepareCase(allNaN, mask, { kind: "none" }, options, () => {})).toThrow(/img\.nii.*NaN/);
  });
});
