/**
 * The 3D neighbourhood machinery of the zone and neighbourhood families (glszm, gldzm, ngldm,
 * ngtdm): the grey levels on a grid padded by one empty voxel, so that every ROI voxel has 26
 * addressable neighbours; grey-level zones (26-connected); the distance of each voxel to the
 * ROI border (6-connected city-block). Each is built once per case and shared.
 */
import type { Vec3 } from "../types.js";
import type { FamilyInput } from "./types.js";

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

const paddedCache = new WeakMap<FamilyInput, PaddedLevels>();
const zoneCache = new WeakMap<FamilyInput, GreyLevelZones>();
const neighbourCache = new WeakMap<FamilyInput, NeighbourCounts>();

/** The padded levels of a case, built once. */
export function paddedLevels(input: FamilyInput): PaddedLevels {
  let padded = paddedCache.get(input);
  if (!padded) {
    padded = padByOne(input.levels, input.size);
    paddedCache.set(input, padded);
  }
  return padded;
}

function padByOne(levels: Int32Array, size: Vec3): PaddedLevels {
  const [nx, ny, nz] = size;
  const padded: Vec3 = [nx + 2, ny + 2, nz + 2];
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

/** What NGLDM and NGTDM need of each ROI voxel's 26-neighbourhood (in the order of `roi`). */
export interface NeighbourCounts {
  /** Neighbours inside the ROI (W_k of IBSI's NGTDM). */
  inRoi: Uint8Array;
  /** Neighbours inside the ROI with the voxel's own grey level (j_k − 1 of IBSI's NGLDM, α = 0). */
  sameLevel: Uint8Array;
  /** Sum of the grey levels of the neighbours inside the ROI. */
  levelSum: Int32Array;
}

/** The neighbourhood counts of a case, in one pass shared by NGLDM and NGTDM. */
export function neighbourCounts(input: FamilyInput): NeighbourCounts {
  let counts = neighbourCache.get(input);
  if (!counts) {
    counts = countNeighbours(paddedLevels(input));
    neighbourCache.set(input, counts);
  }
  return counts;
}

function countNeighbours(padded: PaddedLevels): NeighbourCounts {
  const { levels, roi, neighbours26 } = padded;
  const inRoi = new Uint8Array(roi.length);
  const sameLevel = new Uint8Array(roi.length);
  const levelSum = new Int32Array(roi.length);
  for (let r = 0; r < roi.length; r++) {
    const v = roi[r];
    const g = levels[v];
    let w = 0;
    let same = 0;
    let sum = 0;
    for (let a = 0; a < 26; a++) {
      const neighbour = levels[v + neighbours26[a]];
      if (neighbour === 0) continue;
      w++;
      sum += neighbour;
      if (neighbour === g) same++;
    }
    inRoi[r] = w;
    sameLevel[r] = same;
    levelSum[r] = sum;
  }
  return { inRoi, sameLevel, levelSum };
}

/** The grey-level zones of a case: maximal 26-connected sets of ROI voxels sharing a level. */
export interface GreyLevelZones {
  /** Number of zones N_s. */
  count: number;
  /** Grey level of each zone. */
  level: Int32Array;
  /** Voxel count of each zone. */
  size: Int32Array;
  /** Zone index of every padded voxel (−1 outside the ROI). */
  zoneOf: Int32Array;
}

/** The zones of a case (IBSI §3.8: 26-connectedness in 3D), built once. */
export function greyLevelZones(input: FamilyInput): GreyLevelZones {
  let zones = zoneCache.get(input);
  if (!zones) {
    zones = labelZones(paddedLevels(input));
    zoneCache.set(input, zones);
  }
  return zones;
}

/** Flood fill from each unlabelled ROI voxel over 26-neighbours of the same level (explicit stack). */
function labelZones(padded: PaddedLevels): GreyLevelZones {
  const { levels, roi, neighbours26 } = padded;
  const zoneOf = new Int32Array(levels.length).fill(-1);
  const stack = new Int32Array(roi.length);
  const level = new Int32Array(roi.length);
  const size = new Int32Array(roi.length);
  let count = 0;
  for (let r = 0; r < roi.length; r++) {
    const seed = roi[r];
    if (zoneOf[seed] !== -1) continue;
    const g = levels[seed];
    const zone = count++;
    let top = 0;
    stack[top++] = seed;
    zoneOf[seed] = zone;
    let voxels = 0;
    while (top > 0) {
      const v = stack[--top];
      voxels++;
      for (let a = 0; a < 26; a++) {
        const w = v + neighbours26[a];
        if (levels[w] === g && zoneOf[w] === -1) {
          zoneOf[w] = zone;
          stack[top++] = w;
        }
      }
    }
    level[zone] = g;
    size[zone] = voxels;
  }
  return { count, level: level.slice(0, count), size: size.slice(0, count), zoneOf };
}

/**
 * Distance of every padded voxel to the ROI border (IBSI §3.10): the least number of
 * face-neighbour steps (6-connected, city-block) from the voxel to a voxel outside the ROI, so
 * a ROI voxel touching the outside has distance 1 and outside voxels 0. Equivalent to IBSI's
 * repeated 6-connected erosion; computed by the exact two-pass city-block transform.
 */
export function borderDistance(padded: PaddedLevels): Int32Array {
  const { levels, size } = padded;
  const [px, py, pz] = size;
  const sx = 1;
  const sy = px;
  const sz = px * py;
  const far = px + py + pz;
  const d = new Int32Array(levels.length);
  for (let n = 0; n < levels.length; n++) d[n] = levels[n] > 0 ? far : 0;
  // Padding voxels are outside the ROI (distance 0), so interior indices never leave the grid.
  for (let k = 1; k < pz - 1; k++) {
    for (let j = 1; j < py - 1; j++) {
      for (let i = 1, n = 1 + sy * j + sz * k; i < px - 1; i++, n++) {
        if (d[n] === 0) continue;
        d[n] = Math.min(d[n], d[n - sx] + 1, d[n - sy] + 1, d[n - sz] + 1);
      }
    }
  }
  for (let k = pz - 2; k >= 1; k--) {
    for (let j = py - 2; j >= 1; j--) {
      for (let i = px - 2, n = i + sy * j + sz * k; i >= 1; i--, n--) {
        if (d[n] === 0) continue;
        d[n] = Math.min(d[n], d[n + sx] + 1, d[n + sy] + 1, d[n + sz] + 1);
      }
    }
  }
  return d;
}
