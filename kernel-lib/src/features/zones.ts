/**
 * The 3D neighbourhood machinery of the zone and neighbourhood families (glszm, gldzm, ngldm,
 * ngtdm): the grey levels on a grid padded by one empty voxel, so that every ROI voxel has 26
 * addressable neighbours; grey-level zones (26-connected); the distance of each voxel to the
 * ROI border (6-connected city-block). Each is built once per case and shared.
 */
import type { Vec3 } from "../types.js";
import { oncePerCase } from "./family-kit.js";
import type { FamilyInput } from "./types.js";
import { borderDistanceWasm, padLevelsWasm, scanNeighbourhoodsWasm, wasmKernelsEnabled } from "./wasm-kernels.js";

/** Grey levels on a grid padded by one voxel of level 0 (outside the ROI) on every side. */
export interface PaddedLevels {
  /** Level 1..ng inside the ROI, 0 elsewhere; i fastest. */
  levels: Int32Array;
  /** Padded grid size. */
  size: Vec3;
  /** Linear index of every ROI voxel in `levels`, in index order. */
  roi: Int32Array;
  /** Linear steps to the 26 neighbours (Chebyshev distance 1). */
  neighbours26: Int32Array;
  /** Linear steps to the 6 face neighbours. */
  neighbours6: Int32Array;
}

/** The padded levels of a case, built once. */
export const paddedLevels: (input: FamilyInput) => PaddedLevels = oncePerCase((input) => padByOne(input.levels, input.size, { count: input.roiLevels.length }));

/**
 * `levels` (on `size`) on a grid padded by one voxel of level 0, its ROI voxels listed. With
 * `count` (the number of voxels of level > 0) and `wasm` (the default unless RADLAB_NO_WASM=1),
 * the copy runs in WebAssembly (wasm-kernels.ts; a test checks that both agree).
 */
export function padByOne(levels: Int32Array, size: Vec3, { count, wasm = wasmKernelsEnabled() }: { count?: number; wasm?: boolean } = {}): PaddedLevels {
  const [nx, ny, nz] = size;
  const padded: Vec3 = [nx + 2, ny + 2, nz + 2];
  const [px, py] = padded;
  const fromWasm = wasm && count !== undefined ? padLevelsWasm(levels, size, 1, count) : null;
  const { levels: out, roi } = fromWasm ?? padByOneInJavaScript(levels, padded, nx, ny, nz);
  const neighbours26: number[] = [];
  const neighbours6: number[] = [];
  for (let dk = -1; dk <= 1; dk++) {
    for (let dj = -1; dj <= 1; dj++) {
      for (let di = -1; di <= 1; di++) {
        if (di === 0 && dj === 0 && dk === 0) continue;
        const step = di + px * (dj + py * dk);
        neighbours26.push(step);
        if (Math.abs(di) + Math.abs(dj) + Math.abs(dk) === 1) neighbours6.push(step);
      }
    }
  }
  return { levels: out, size: padded, roi, neighbours26: Int32Array.from(neighbours26), neighbours6: Int32Array.from(neighbours6) };
}

function padByOneInJavaScript(levels: Int32Array, padded: Vec3, nx: number, ny: number, nz: number): { levels: Int32Array; roi: Int32Array } {
  const [px, py] = padded;
  const out = new Int32Array(padded[0] * padded[1] * padded[2]);
  let count = 0;
  for (let n = 0; n < levels.length; n++) if (levels[n] > 0) count++;
  const roi = new Int32Array(count);
  let r = 0;
  let n = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      let p = 1 + px * (1 + j + py * (1 + k));
      for (let i = 0; i < nx; i++, n++, p++) {
        const g = levels[n];
        if (g === 0) continue;
        out[p] = g;
        roi[r++] = p;
      }
    }
  }
  return { levels: out, roi };
}

/** What NGLDM and NGTDM need of each ROI voxel's 26-neighbourhood (in the order of `roi`). */
export interface NeighbourCounts {
  /** Neighbours inside the ROI (W_k of IBSI's NGTDM). */
  inRoi: Uint8Array;
  /** Neighbours inside the ROI with the voxel's own grey level (j_k − 1 of IBSI's NGLDM, α = 0). */
  sameLevel: Uint8Array;
  /** Sum of the grey levels of the neighbours inside the ROI. */
  levelSum: Int32Array;
}

/** The grey-level zones of a case: maximal 26-connected sets of ROI voxels sharing a level. */
export interface GreyLevelZones {
  /** Number of zones N_s. */
  count: number;
  /** Grey level of each zone. */
  level: Int32Array;
  /** Voxel count of each zone. */
  size: Int32Array;
  /** Zone index of every ROI voxel, in the order of `roi`. */
  zoneOf: Int32Array;
}

/** The zones and the neighbour counts of a case, from one pass ({@link scanNeighbourhoods}). */
export interface Neighbourhoods {
  zones: GreyLevelZones;
  counts: NeighbourCounts;
}

/** The zones and neighbour counts of a case, scanned once. */
const neighbourhoods = oncePerCase((input) => scanNeighbourhoods(paddedLevels(input)));

/** The neighbourhood counts of a case (shared by NGLDM and NGTDM). */
export function neighbourCounts(input: FamilyInput): NeighbourCounts {
  return neighbourhoods(input).counts;
}

/** The zones of a case (IBSI §3.8: 26-connectedness in 3D; shared by GLSZM and GLDZM). */
export function greyLevelZones(input: FamilyInput): GreyLevelZones {
  return neighbourhoods(input).zones;
}

/**
 * One pass over every pair of 26-neighbours inside the ROI, each pair visited once (from the
 * later voxel through the 13 backward offsets): it counts neighbours, sums their levels, and
 * joins same-level neighbours into zones with a union–find (path halving, root = lowest rank).
 */
export function scanNeighbourhoods(padded: PaddedLevels, { wasm = wasmKernelsEnabled() }: { wasm?: boolean } = {}): Neighbourhoods {
  const { levels, roi, neighbours26 } = padded;
  // The same pass in WebAssembly (wasm-kernels.ts), compiled from the first voxel; a test checks that both agree.
  const scan = wasm ? scanNeighbourhoodsWasm(levels, roi, neighbours26.subarray(0, 13)) : null;
  if (scan) {
    const { count, level, size, zoneOf, inRoi, sameLevel, levelSum } = scan;
    return { zones: { count, level, size, zoneOf }, counts: { inRoi, sameLevel, levelSum } };
  }
  const n = roi.length;
  const rank = new Int32Array(levels.length);
  for (let r = 0; r < n; r++) rank[roi[r]] = r;
  // Offsets are listed in increasing linear step, so the first 13 point backwards.
  const backward = neighbours26.subarray(0, 13);
  const parent = new Int32Array(n);
  const inRoi = new Uint8Array(n);
  const sameLevel = new Uint8Array(n);
  const levelSum = new Int32Array(n);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  for (let r = 0; r < n; r++) {
    parent[r] = r;
    // r's root, kept current as r's zone is joined to earlier ones (roots are lowest ranks).
    let rootR = r;
    const v = roi[r];
    const g = levels[v];
    for (let a = 0; a < 13; a++) {
      const w = v + backward[a];
      const h = levels[w];
      if (h === 0) continue;
      const q = rank[w];
      inRoi[r]++;
      inRoi[q]++;
      levelSum[r] += h;
      levelSum[q] += g;
      if (h !== g) continue;
      sameLevel[r]++;
      sameLevel[q]++;
      let rootQ = q;
      while (parent[rootQ] !== rootQ) {
        parent[rootQ] = parent[parent[rootQ]];
        rootQ = parent[rootQ];
      }
      if (rootQ < rootR) {
        parent[rootR] = rootQ;
        rootR = rootQ;
      } else if (rootR < rootQ) parent[rootQ] = rootR;
    }
  }
  // Number the zones in order of their lowest voxel.
  const zoneOf = new Int32Array(n);
  const level = new Int32Array(n);
  const size = new Int32Array(n);
  let count = 0;
  for (let r = 0; r < n; r++) {
    const root = find(r);
    if (root === r) {
      zoneOf[r] = count;
      level[count] = levels[roi[r]];
      count++;
    } else zoneOf[r] = zoneOf[root];
    size[zoneOf[r]]++;
  }
  return {
    zones: { count, level: level.slice(0, count), size: size.slice(0, count), zoneOf },
    counts: { inRoi, sameLevel, levelSum },
  };
}

/**
 * Distance of every ROI voxel (in the order of `roi`) to the ROI border (IBSI §3.10): the least
 * number of face-neighbour steps (6-connected, city-block) from the voxel to a voxel outside the
 * ROI, so a voxel touching the outside has distance 1. Equivalent to IBSI's repeated 6-connected
 * erosion; computed by the exact two-pass city-block transform, visiting only ROI voxels (the
 * ROI list is in index order, so the forward pass sees every backward neighbour first).
 */
export function borderDistance(padded: PaddedLevels, { wasm = wasmKernelsEnabled() }: { wasm?: boolean } = {}): Int32Array {
  const { levels, roi, size } = padded;
  // The same two passes in WebAssembly (wasm-kernels.ts); a test checks that both agree.
  const fromWasm = wasm ? borderDistanceWasm(roi, size) : null;
  if (fromWasm) return fromWasm;
  const sy = size[0];
  const sz = size[0] * size[1];
  const far = size[0] + size[1] + size[2];
  const d = new Int32Array(levels.length);
  for (let r = 0; r < roi.length; r++) d[roi[r]] = far;
  for (let r = 0; r < roi.length; r++) {
    const v = roi[r];
    d[v] = Math.min(d[v], d[v - 1] + 1, d[v - sy] + 1, d[v - sz] + 1);
  }
  const distance = new Int32Array(roi.length);
  for (let r = roi.length - 1; r >= 0; r--) {
    const v = roi[r];
    d[v] = Math.min(d[v], d[v + 1] + 1, d[v + sy] + 1, d[v + sz] + 1);
    distance[r] = d[v];
  }
  return distance;
}
