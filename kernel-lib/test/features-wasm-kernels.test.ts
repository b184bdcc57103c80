/**
 * The WebAssembly loops (features/wasm-kernels.ts) against the JavaScript loops they replace:
 * identical co-occurrence and run-length matrices in every one of the 39 directions, and
 * identical zones and neighbour counts, identical mesh measures, on seeded random ROIs (noisy
 * levels, so that pairs, runs and zones of many sizes occur; ragged masks, so that most cube
 * configurations occur).
 */
import { describe, expect, it } from "vitest";
import { TEXTURE_DISTANCES, thirteenDirections } from "../src/features/directions.js";
import { meshMeasures } from "../src/features/mesh.js";
import { momentSums } from "../src/features/stat.js";
import { countDirection, makeScratch, padLevels, TEXTURE_PADDING } from "../src/features/texture-block.js";
import type { FamilyInput } from "../src/features/types.js";
import { momentSumsWasm } from "../src/features/wasm-kernels.js";
import { borderDistance, padByOne, paddedLevels, scanNeighbourhoods } from "../src/features/zones.js";
import type { Vec3 } from "../src/types.js";

/** A seeded block: levels 1..ng inside a lobulated ROI (runs of equal levels kept by `smooth`), 0 outside. */
function randomLevels(size: Vec3, ng: number, seed: number, smooth: number): Int32Array {
  let state = seed;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const [nx, ny, nz] = size;
  const levels = new Int32Array(nx * ny * nz);
  let previous = 1;
  for (let k = 0, n = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, n++) {
        const r = ((i - nx / 2) / (nx / 2)) ** 2 + ((j - ny / 2) / (ny / 2)) ** 2 + ((k - nz / 2) / (nz / 2)) ** 2;
        if (r > 1 + 0.3 * Math.sin(i + 2 * j)) continue;
        previous = random() < smooth ? previous : 1 + Math.floor(random() * ng);
        levels[n] = previous;
      }
    }
  }
  return levels;
}

describe("WebAssembly texture counting", () => {
  const cases: [string, Vec3, number, number][] = [
    ["noisy, 32 levels", [23, 19, 11], 32, 0],
    ["long runs, 5 levels", [30, 17, 9], 5, 0.8],
    ["one slice, 64 levels", [40, 33, 1], 64, 0.3],
  ];
  for (const [label, size, ng, smooth] of cases) {
    it(`gives the JavaScript loop's matrices in all 39 directions (${label})`, () => {
      const levels = randomLevels(size, ng, 7 + ng, smooth);
      const block = padLevels(levels, size, ng, TEXTURE_PADDING);
      expect(block.roi.length).toBeGreaterThan(100);
      expect(block).toEqual(padLevels(levels, size, ng, TEXTURE_PADDING, undefined, { wasm: false }));
      const wasm = makeScratch(block, { wasm: true });
      const javascript = makeScratch(block, { wasm: false });
      expect(wasm.counter).not.toBeNull();
      expect(javascript.counter).toBeNull();
      for (const d of TEXTURE_DISTANCES) {
        for (const offset of thirteenDirections(d)) {
          const expected = countDirection(block, offset, javascript);
          const actual = countDirection(block, offset, wasm);
          expect(actual).toEqual(expected);
          expect(expected.cooccurrence.total + expected.runLength.total).toBeGreaterThan(0);
        }
      }
    });
  }
});

describe("WebAssembly neighbourhood scan and border distance", () => {
  const cases: [string, Vec3, number, number][] = [
    ["noisy, 8 levels", [21, 18, 9], 8, 0],
    ["large zones, 3 levels", [26, 22, 10], 3, 0.9],
    ["one slice, 32 levels", [35, 30, 1], 32, 0.85],
  ];
  for (const [label, size, ng, smooth] of cases) {
    it(`gives the JavaScript pass's zones, counts and border distances (${label})`, () => {
      const levels = randomLevels(size, ng, 11 + ng, smooth);
      // paddedLevels reads only the levels, the block size and the ROI's levels of a case
      const roiLevels = levels.filter((g) => g > 0);
      const padded = paddedLevels({ levels, size, roiLevels } as unknown as FamilyInput);
      expect(padded).toEqual(padByOne(levels, size, { wasm: false }));
      const expected = scanNeighbourhoods(padded, { wasm: false });
      const actual = scanNeighbourhoods(padded, { wasm: true });
      expect(actual).toEqual(expected);
      expect(expected.zones.count).toBeGreaterThan(10);
      const distance = borderDistance(padded, { wasm: false });
      expect(borderDistance(padded, { wasm: true })).toEqual(distance);
      // one slice: every voxel touches the outside above and below; thicker ROIs have a deep interior
      if (size[2] === 1) expect(Math.max(...distance)).toBe(1);
      else expect(Math.max(...distance)).toBeGreaterThan(2);
      expect(Math.max(...expected.zones.size)).toBeGreaterThan(3);
    });
  }
});

describe("WebAssembly cube pass of the mesh", () => {
  const cases: [string, Vec3, Vec3, number][] = [
    ["lobulated, anisotropic", [24, 20, 9], [0.9, 0.9, 5], 0.8],
    ["ragged noise", [17, 15, 12], [1, 1, 1], 0],
    ["one slice", [30, 26, 1], [0.5, 0.7, 3], 0.6],
  ];
  for (const [label, size, spacing, smooth] of cases) {
    it(`gives the JavaScript pass's volume, area, diameter and moments (${label})`, () => {
      const levels = randomLevels(size, 2, 5 + size[2], smooth);
      // level 2 voxels of the ROI are left out of the mask: holes and islands
      const mask = Uint8Array.from(levels, (g) => (g === 1 ? 1 : 0));
      const expected = meshMeasures(mask, size, spacing, { wasm: false });
      const actual = meshMeasures(mask, size, spacing, { wasm: true });
      expect(actual).toEqual(expected);
      expect(expected.area).toBeGreaterThan(0);
      expect(expected.diameter).toBeGreaterThan(0);
    });
  }
});

describe("WebAssembly moment sums", () => {
  it("gives the JavaScript pass's sums to the last bit (non-integer, negative and repeated values)", () => {
    let state = 99;
    const random = () => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state / 4294967296;
    };
    const values = Float64Array.from({ length: 5001 }, (_, n) => (n % 7 === 0 ? 3 : -250 + 1000 * random() ** 3)).sort();
    const [lo, hi] = [498, 4502];
    const mean = values.reduce((a, b) => a + b) / values.length;
    const expected = momentSums(values, lo, hi, mean, values[2500], 0.37 + mean);
    const actual = momentSumsWasm(values, lo, hi, mean, values[2500], 0.37 + mean);
    expect(actual).toEqual(expected);
    expect(expected.m3).not.toBe(0);
    expect(expected.absRobust).toBeLessThan(expected.absMedian);
  });
});
