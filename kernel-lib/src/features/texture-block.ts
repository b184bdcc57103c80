/**
 * The grey-level block the GLCM and GLRLM families walk: the cropped levels surrounded by a
 * border of zeros as wide as the largest offset, so that x + o (and a run's next step) is
 * always a valid index and a voxel outside the ROI or the image reads as level 0. Hot loops
 * then need no bounds checks: a pair or a run just meets a 0.
 */
import type { Vec3 } from "../types.js";
import type { FamilyInput } from "./types.js";

/** Levels of the ROI on a zero-padded grid, with the ROI voxels listed. */
export interface TextureBlock {
  /** Grey level 1..ng inside the ROI, 0 elsewhere (padding included); i fastest. */
  levels: Int32Array;
  /** Padded grid size. */
  size: Vec3;
  /** Linear index of every ROI voxel in `levels`, in index order. */
  roi: Int32Array;
  /** Grey level of each entry of `roi`. */
  roiLevels: Int32Array;
  ng: number;
  /** Longest possible run: the largest dimension of the unpadded block. */
  maxRun: number;
}

/** Border width: the largest offset distance of the catalog (7). */
export const TEXTURE_PADDING = 7;

const cache = new WeakMap<FamilyInput, TextureBlock>();

/** The padded block of a case, built once and shared by the GLCM and GLRLM families. */
export function textureBlock(input: FamilyInput): TextureBlock {
  let block = cache.get(input);
  if (!block) {
    block = padLevels(input.levels, input.size, input.ng, TEXTURE_PADDING);
    cache.set(input, block);
  }
  return block;
}

/** Copies `levels` (laid out on `size`) into a grid with `pad` zero voxels on every side. */
export function padLevels(levels: Int32Array, size: Vec3, ng: number, pad: number): TextureBlock {
  const [nx, ny, nz] = size;
  const padded: Vec3 = [nx + 2 * pad, ny + 2 * pad, nz + 2 * pad];
  const [px, py] = padded;
  const out = new Int32Array(padded[0] * padded[1] * padded[2]);
  let count = 0;
  for (let n = 0; n < levels.length; n++) if (levels[n] > 0) count++;
  const roi = new Int32Array(count);
  const roiLevels = new Int32Array(count);
  let r = 0;
  let n = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      let p = pad + px * (pad + j + py * (pad + k));
      for (let i = 0; i < nx; i++, n++, p++) {
        const g = levels[n];
        if (g === 0) continue;
        out[p] = g;
        roi[r] = p;
        roiLevels[r++] = g;
      }
    }
  }
  return { levels: out, size: padded, roi, roiLevels, ng, maxRun: Math.max(nx, ny, nz) };
}

/** Linear step of an offset (i, j, k) on the padded grid. */
export function linearOffset(block: TextureBlock, offset: Vec3): number {
  return offset[0] + block.size[0] * (offset[1] + block.size[1] * offset[2]);
}
