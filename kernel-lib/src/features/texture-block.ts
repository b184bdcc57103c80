/**
 * The grey-level block the GLCM and GLRLM families walk, and their per-direction matrices.
 *
 * The cropped levels are surrounded by a border of zeros as wide as the largest offset, so
 * that x ± o is always a valid index and a voxel outside the ROI or the image reads as
 * level 0: hot loops need no bounds checks. Both matrices of a direction (pair counts and
 * run lengths) come from one pass over the ROI voxels, and the 39 directions of a case are
 * computed once and shared by the two families.
 */
import type { Vec3 } from "../types.js";
import { TEXTURE_DISTANCES, thirteenDirections } from "./directions.js";
import { oncePerCase } from "./family-kit.js";
import type { FamilyInput } from "./types.js";
import { type DenseCounter, denseCounter, padLevelsWasm, wasmKernelsEnabled } from "./wasm-kernels.js";

/** Levels of the ROI on a zero-padded grid, with the ROI voxels listed. */
export interface TextureBlock {
  /** Grey level 1..ng inside the ROI, 0 elsewhere (padding included); i fastest. */
  levels: Int32Array;
  /** Padded grid size. */
  size: Vec3;
  /** Linear index of every ROI voxel in `levels`, ascending. */
  roi: Int32Array;
  /** Grey level of each entry of `roi`. */
  roiLevels: Int32Array;
  ng: number;
  /** Longest possible run: the largest dimension of the unpadded block. */
  maxRun: number;
}

/** Border width: the largest offset distance of the catalog (7). */
export const TEXTURE_PADDING = 7;

/**
 * Copies `levels` (laid out on `size`) into a grid with `pad` zero voxels on every side.
 * `count` (the number of ROI voxels) is counted here when not given.
 */
export function padLevels(
  levels: Int32Array,
  size: Vec3,
  ng: number,
  pad: number,
  count = countRoi(levels),
  { wasm = wasmKernelsEnabled() } = {},
): TextureBlock {
  const [nx, ny, nz] = size;
  const padded: Vec3 = [nx + 2 * pad, ny + 2 * pad, nz + 2 * pad];
  // The same copy in WebAssembly (wasm-kernels.ts); a test checks that both agree.
  const fromWasm = wasm ? padLevelsWasm(levels, size, pad, count) : null;
  if (fromWasm) return { ...fromWasm, size: padded, ng, maxRun: Math.max(nx, ny, nz) };
  const [px, py] = padded;
  const out = new Int32Array(padded[0] * padded[1] * padded[2]);
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

function countRoi(levels: Int32Array): number {
  let count = 0;
  for (let n = 0; n < levels.length; n++) if (levels[n] > 0) count++;
  return count;
}

/** Linear step of an offset (i, j, k) on the padded grid. */
export function linearOffset(block: TextureBlock, offset: Vec3): number {
  return offset[0] + block.size[0] * (offset[1] + block.size[1] * offset[2]);
}

/** A symmetric co-occurrence matrix as its non-zero cells, in ITK's histogram order (a fastest). */
export interface Cooccurrence {
  ng: number;
  /** Number of non-zero cells. */
  cells: number;
  /** 0-based row index a = level − 1 of each cell. */
  a: Int32Array;
  /** 0-based column index b = level − 1 of each cell. */
  b: Int32Array;
  /** Pair count of each cell, both orders counted (symmetric). */
  counts: Float64Array;
  /** Σ counts = 2 × the number of pairs. */
  total: number;
}

/** A run-length matrix as its non-zero entries (ITK's order: grey level fastest), with its marginals. */
export interface RunLengthMatrix {
  /** Number of non-zero entries. */
  entries: number;
  /** Grey level g (1..ng) of each entry. */
  g: Int32Array;
  /** Run length n (voxels) of each entry. */
  n: Int32Array;
  /** R(g, n): number of runs of each entry. */
  runs: Float64Array;
  /** Nr = Σ R. */
  total: number;
  /** Σ_n R(g, n) for g = 1..ng (index g − 1). */
  runsPerLevel: Float64Array;
  /** Σ_g R(g, n) for n = 1..maxRun (index n − 1). */
  runsPerLength: Float64Array;
}

/** Both matrices of one direction. */
export interface DirectionMatrices {
  offset: Vec3;
  cooccurrence: Cooccurrence;
  runLength: RunLengthMatrix;
}

/**
 * Dense counting clears and scans every cell of a matrix per direction; counting by sorted
 * keys costs per ROI voxel instead. Matrices up to this many cells, or 8 per ROI voxel, are
 * dense; larger ones (very many grey levels, e.g. undiscretised CT) are counted by keys.
 */
const DENSE_CELLS = 1 << 16;

/** Reusable work arrays of one case. */
export interface Scratch {
  pairs: Int32Array | null;
  runs: Int32Array | null;
  runLength: Int32Array;
  /** The WebAssembly loop (wasm-kernels.ts), holding pairs and runs; null: the JavaScript loop. */
  counter: DenseCounter | null;
}

/**
 * Work arrays for counting a block's directions. With dense counts and `wasm` (the default unless
 * RADLAB_NO_WASM=1), the counting runs in WebAssembly where available (wasm-kernels.ts: the same
 * integers, at compiled speed from the first voxel).
 */
export function makeScratch(block: TextureBlock, { wasm = wasmKernelsEnabled() }: { wasm?: boolean } = {}): Scratch {
  const w = block.ng + 1;
  const rw = block.maxRun + 1;
  const limit = Math.max(DENSE_CELLS, 8 * block.roi.length);
  const dense = w * w <= limit && w * rw <= limit;
  const counter = dense && wasm ? denseCounter(block, w, rw) : null;
  if (counter) return { pairs: counter.pairs, runs: counter.runs, runLength: new Int32Array(0), counter };
  return {
    pairs: w * w <= limit ? new Int32Array(w * w) : null,
    runs: w * rw <= limit ? new Int32Array(w * rw) : null,
    runLength: new Int32Array(block.levels.length),
    counter: null,
  };
}

/**
 * Pair counts and runs of one offset, in a single pass over the ROI voxels in ascending index
 * order. Offset o and −o give the same symmetric GLCM and the same runs, so the step is taken
 * positive; then x − o is visited before x, and the length of the run reaching x is
 * carried forward: L(x) = L(x − o) + 1 if x − o has x's level, else 1. A run ends at x when
 * x + o has another level (outside voxels read 0), and is counted there.
 * GLCM (ITK ScalarImageToCooccurrenceMatrixFilter with a mask): the pair (x, x + o) counts
 * iff both voxels are in the ROI; counted both ways (symmetric).
 */
export function countDirection(block: TextureBlock, offset: Vec3, scratch: Scratch = makeScratch(block)): DirectionMatrices {
  const step = Math.abs(linearOffset(block, offset));
  const { pairs, runs, runLength } = scratch;
  if (pairs && runs) {
    if (scratch.counter) scratch.counter.count(step);
    else {
      pairs.fill(0);
      runs.fill(0);
      countDense(block, step, pairs, runs, runLength);
    }
    return { offset, cooccurrence: denseCooccurrence(pairs, block.ng), runLength: denseRunLength(runs, block.ng, block.maxRun) };
  }
  return { offset, ...countSparse(block, step, runLength) };
}

/**
 * The hot loop of {@link countDirection} with dense counts: pairs[g·(ng+1) + g'] and
 * runs[g·(maxRun+1) + n] (a run is added at every voxel, by 0 unless the run ends there).
 * Kept alone in its function so that V8's optimised code for it has no cold path to bail
 * out of (a bailout after the loop cost a deoptimisation per call).
 */
function countDense(block: TextureBlock, step: number, pairs: Int32Array, runs: Int32Array, runLength: Int32Array): void {
  const { levels, roi, roiLevels } = block;
  const w = block.ng + 1;
  const rw = block.maxRun + 1;
  for (let r = 0; r < roi.length; r++) {
    const p = roi[r];
    const g = roiLevels[r];
    const next = levels[p + step];
    pairs[g * w + next]++;
    // Branch-free (+bool is 0 or 1): on noisy textures the branches are unpredictable, and
    // mispredictions cost more than the loop (measured: ~2× faster). runLength[p − step] may
    // be stale when x − o is not of level g; it is then multiplied by 0.
    const length = runLength[p - step] * +(levels[p - step] === g) + 1;
    runLength[p] = length;
    runs[g * rw + length] += +(next !== g);
  }
}

/**
 * {@link countDirection} for very many grey levels: the same pass, writing one key per pair
 * (both orders) and per run instead of counting into matrices; sorting the keys (radix sort,
 * linear in the ROI) then gives the non-zero cells in ITK's order. Keys fit 32 bits while
 * ng < 65536.
 */
function countSparse(block: TextureBlock, step: number, runLength: Int32Array): Omit<DirectionMatrices, "offset"> {
  const { ng, levels, roi, roiLevels } = block;
  const pairKeys = new Uint32Array(2 * roi.length);
  const runKeys = new Uint32Array(roi.length);
  let pairCount = 0;
  let runCount = 0;
  for (let r = 0; r < roi.length; r++) {
    const p = roi[r];
    const g = roiLevels[r];
    const next = levels[p + step];
    if (next !== 0) {
      pairKeys[pairCount++] = g - 1 + ng * (next - 1); // a + ng·b: a fastest, as ITK's histogram
      pairKeys[pairCount++] = next - 1 + ng * (g - 1);
    }
    const length = levels[p - step] === g ? runLength[p - step] + 1 : 1;
    runLength[p] = length;
    if (next !== g) runKeys[runCount++] = g + (ng + 1) * length; // grey level fastest
  }
  const pairs = countKeys(radixSort(pairKeys.subarray(0, pairCount)));
  const cooccurrence: Cooccurrence = {
    ng,
    cells: pairs.keys.length,
    a: new Int32Array(pairs.keys.length),
    b: new Int32Array(pairs.keys.length),
    counts: pairs.counts,
    total: pairCount,
  };
  for (let c = 0; c < pairs.keys.length; c++) {
    cooccurrence.a[c] = pairs.keys[c] % ng;
    cooccurrence.b[c] = Math.floor(pairs.keys[c] / ng);
  }
  const runs = countKeys(radixSort(runKeys.subarray(0, runCount)));
  const runLengthMatrix = emptyRunLength(runs.keys.length, ng, block.maxRun);
  for (let e = 0; e < runs.keys.length; e++) {
    addRun(runLengthMatrix, e, runs.keys[e] % (ng + 1), Math.floor(runs.keys[e] / (ng + 1)), runs.counts[e]);
  }
  return { cooccurrence, runLength: runLengthMatrix };
}

/** Sorts 32-bit keys ascending: LSD radix sort, two 16-bit passes (the engine's sort is n·log n). */
function radixSort(keys: Uint32Array): Uint32Array {
  const other = new Uint32Array(keys.length);
  const count = new Int32Array(1 << 16);
  let from = keys;
  let to = other;
  for (let shift = 0; shift < 32; shift += 16) {
    count.fill(0);
    for (let k = 0; k < from.length; k++) count[(from[k] >>> shift) & 0xffff]++;
    let sum = 0;
    for (let d = 0; d < count.length; d++) {
      const c = count[d];
      count[d] = sum;
      sum += c;
    }
    for (let k = 0; k < from.length; k++) to[count[(from[k] >>> shift) & 0xffff]++] = from[k];
    [from, to] = [to, from];
  }
  return from;
}

/** Distinct values of sorted keys and how often each occurs. */
function countKeys(sorted: Uint32Array): { keys: Uint32Array; counts: Float64Array } {
  let distinct = 0;
  for (let k = 0; k < sorted.length; k++) if (k === 0 || sorted[k] !== sorted[k - 1]) distinct++;
  const keys = new Uint32Array(distinct);
  const counts = new Float64Array(distinct);
  let d = -1;
  for (let k = 0; k < sorted.length; k++) {
    if (k === 0 || sorted[k] !== sorted[k - 1]) keys[++d] = sorted[k];
    counts[d]++;
  }
  return { keys, counts };
}

/** Symmetric cells from one-way counts pairs[g1·(ng+1) + g2] (row/column 0 = outside the ROI). */
function denseCooccurrence(pairs: Int32Array, ng: number): Cooccurrence {
  const w = ng + 1;
  let cells = 0;
  for (let b = 1; b <= ng; b++) for (let a = 1; a <= ng; a++) if (pairs[a * w + b] + pairs[b * w + a] !== 0) cells++;
  const out: Cooccurrence = { ng, cells, a: new Int32Array(cells), b: new Int32Array(cells), counts: new Float64Array(cells), total: 0 };
  let c = 0;
  for (let b = 1; b <= ng; b++) {
    for (let a = 1; a <= ng; a++) {
      const count = pairs[a * w + b] + pairs[b * w + a];
      if (count === 0) continue;
      out.a[c] = a - 1;
      out.b[c] = b - 1;
      out.counts[c++] = count;
      out.total += count;
    }
  }
  return out;
}

function emptyRunLength(entries: number, ng: number, maxRun: number): RunLengthMatrix {
  return {
    entries,
    g: new Int32Array(entries),
    n: new Int32Array(entries),
    runs: new Float64Array(entries),
    total: 0,
    runsPerLevel: new Float64Array(ng),
    runsPerLength: new Float64Array(maxRun),
  };
}

/** Entries from dense counts runs[g·(maxRun+1) + n]. */
function denseRunLength(runs: Int32Array, ng: number, maxRun: number): RunLengthMatrix {
  const rw = maxRun + 1;
  let entries = 0;
  for (let c = 0; c < runs.length; c++) if (runs[c] !== 0) entries++;
  const out = emptyRunLength(entries, ng, maxRun);
  let e = 0;
  for (let length = 1; length <= maxRun; length++) {
    for (let level = 1; level <= ng; level++) {
      const count = runs[level * rw + length];
      if (count === 0) continue;
      addRun(out, e++, level, length, count);
    }
  }
  return out;
}

function addRun(m: RunLengthMatrix, e: number, level: number, length: number, count: number): void {
  m.g[e] = level;
  m.n[e] = length;
  m.runs[e] = count;
  m.runsPerLevel[level - 1] += count;
  m.runsPerLength[length - 1] += count;
  m.total += count;
}

/** The block and the 39 direction matrices of one case (13 directions × d = 1, 4, 7). */
export interface TextureMatrices {
  block: TextureBlock;
  /** byDistance[di][dir]: distance TEXTURE_DISTANCES[di], direction thirteenDirections(d)[dir]. */
  byDistance: DirectionMatrices[][];
}

/** The matrices of a case, computed once and shared by the GLCM and GLRLM families. */
export const textureMatrices: (input: FamilyInput) => TextureMatrices = oncePerCase((input) => {
  const block = padLevels(input.levels, input.size, input.ng, TEXTURE_PADDING, input.roiLevels.length);
  const scratch = makeScratch(block);
  const byDistance = TEXTURE_DISTANCES.map((d) => thirteenDirections(d).map((o) => countDirection(block, o, scratch)));
  return { block, byDistance };
});
