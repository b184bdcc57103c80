/**
 * The hottest loops of a case as a small WebAssembly module: GLCM/GLRLM counting
 * (texture-block.ts countDense), the zone / neighbour-count pass and the border distances
 * (zones.ts scanNeighbourhoods, borderDistance), the padded level grids (texture-block.ts
 * padLevels, zones.ts padByOne), the marching-cubes pass of the shape family (mesh.ts
 * meshMeasures) and the moment sums of stat and hist (stat.ts momentsOf). `radlab extract` runs one case per process: JavaScript runs its loops
 * in the interpreter until V8's optimising compiler has compiled them (on a busy 2-core machine,
 * much of the case), while WebAssembly is compiled at load (Liftoff, < 1 ms) and runs at
 * compiled speed from the first voxel. Measured in a fresh process on the NPC-sized case
 * (37 000 ROI voxels): counting the 39 directions ~13 ms instead of ~45 ms, the zone pass
 * ~8 ms instead of ~20 ms, the border distances ~2 ms instead of ~9; with the cube pass,
 * meshMeasures ~24 ms instead of ~32.
 *
 * The JavaScript loops stay, computing the same integers: they are used where WebAssembly is
 * missing, when the arrays do not fit in a WebAssembly memory, or with RADLAB_NO_WASM=1; a test
 * checks that both give identical results.
 *
 * The module is written as text in kernels.wat beside this file (each function with its
 * comment) and assembled by wabt into kernels.wasm.ts at build time (scripts/build-wasm.mjs).
 */
import { instantiateModule } from "../wasm-module.js";
import { WASM_BASE64 } from "./kernels.wasm.js";

type CountDense = (
  levels: number,
  roi: number,
  roiLevels: number,
  n: number,
  step: number,
  pairs: number,
  w: number,
  runs: number,
  rw: number,
  runLength: number,
) => void;

/** Whether the families use the WebAssembly loops by default (RADLAB_NO_WASM=1: the JavaScript ones). */
export function wasmKernelsEnabled(): boolean {
  return !(typeof process !== "undefined" && process.env?.RADLAB_NO_WASM === "1");
}

/** A fresh instance of the feature kernels with at least `bytes` of memory, and its kernel `name` (null: use the JavaScript twin). */
function instantiate<K>(bytes: number, name: string): { kernel: K; memory: { buffer: ArrayBuffer } } | null {
  const instance = instantiateModule(WASM_BASE64, bytes);
  return instance && { kernel: instance.exports[name] as K, memory: instance.memory };
}

/** Int32 views laid end to end in a memory, in the order they are taken. */
function int32Arena(buffer: ArrayBuffer): (length: number) => Int32Array {
  let at = 0;
  return (length) => {
    const view = new Int32Array(buffer, 4 * at, length);
    at += length;
    return view;
  };
}

/** The texture block's arrays and the counts, all in one WebAssembly memory. */
export interface DenseCounter {
  /** Pair counts pairs[g·w + g'] of the last {@link DenseCounter.count} (w = ng + 1). */
  pairs: Int32Array;
  /** Run counts runs[g·rw + n] of the last count (rw = maxRun + 1). */
  runs: Int32Array;
  /** Clears pairs and runs and counts the offset of linear step `step` (> 0). */
  count(step: number): void;
}

/**
 * A WebAssembly counter for a texture block (padded levels, ROI voxel indices and their levels,
 * as texture-block.ts), or null where WebAssembly is unavailable or the arrays would not fit.
 * The block's arrays are copied into the counter's memory.
 */
export function denseCounter(block: { levels: Int32Array; roi: Int32Array; roiLevels: Int32Array }, w: number, rw: number): DenseCounter | null {
  const voxels = block.levels.length;
  const n = block.roi.length;
  const words = 2 * voxels + 2 * n + w * w + w * rw;
  const instance = instantiate<CountDense>(4 * words, "countDense");
  if (!instance) return null;
  const { kernel: countDense, memory } = instance;
  const take = int32Arena(memory.buffer);
  const levels = take(voxels);
  const runLength = take(voxels);
  const roi = take(n);
  const roiLevels = take(n);
  const pairs = take(w * w);
  const runs = take(w * rw);
  levels.set(block.levels);
  roi.set(block.roi);
  roiLevels.set(block.roiLevels);
  return {
    pairs,
    runs,
    count(step) {
      pairs.fill(0);
      runs.fill(0);
      countDense(levels.byteOffset, roi.byteOffset, roiLevels.byteOffset, n, step, pairs.byteOffset, w, runs.byteOffset, rw, runLength.byteOffset);
    },
  };
}

/** What zones.ts scanNeighbourhoods computes: the zones and the neighbour counts, per ROI voxel. */
export interface NeighbourScan {
  /** Number of zones; `level` and `size` have one entry per zone. */
  count: number;
  zoneOf: Int32Array;
  level: Int32Array;
  size: Int32Array;
  inRoi: Uint8Array;
  sameLevel: Uint8Array;
  levelSum: Int32Array;
}

type ScanNeighbourhoods = (...offsets: number[]) => number;

/**
 * zones.ts scanNeighbourhoods in WebAssembly: padded levels, the ROI voxels' indices in them and
 * the 13 backward neighbour steps in; zones and counts out (copied out of the WebAssembly memory).
 * Null where WebAssembly is unavailable or the arrays would not fit.
 */
export function scanNeighbourhoodsWasm(levels: Int32Array, roi: Int32Array, backward: Int32Array): NeighbourScan | null {
  const voxels = levels.length;
  const n = roi.length;
  const words = 2 * voxels + 9 * n + backward.length;
  const instance = instantiate<ScanNeighbourhoods>(4 * words, "scanNeighbourhoods");
  if (!instance) return null;
  const { kernel: scan, memory } = instance;
  const take = int32Arena(memory.buffer);
  const wasmLevels = take(voxels);
  const rank = take(voxels);
  const wasmRoi = take(n);
  const wasmBackward = take(backward.length);
  const [parent, inRoi, sameLevel, levelSum, zoneOf, zoneLevel, zoneSize] = Array.from({ length: 7 }, () => take(n));
  wasmLevels.set(levels);
  wasmRoi.set(roi);
  wasmBackward.set(backward);
  const count = scan(
    ...[wasmLevels.byteOffset, wasmRoi.byteOffset, n, rank.byteOffset, wasmBackward.byteOffset, parent.byteOffset],
    ...[inRoi, sameLevel, levelSum, zoneOf, zoneLevel, zoneSize].map((a) => a.byteOffset),
  );
  return {
    count,
    zoneOf: zoneOf.slice(),
    level: zoneLevel.slice(0, count),
    size: zoneSize.slice(0, count),
    inRoi: new Uint8Array(inRoi),
    sameLevel: new Uint8Array(sameLevel),
    levelSum: levelSum.slice(),
  };
}

/** What mesh.ts's cube pass gathers: per cube configuration its count and summed cube origin, and the vertex row extremes. */
export interface CubeScan {
  /** Cubes of each configuration 0..255 (0 and 255, which have no triangle, are not counted). */
  count: Float64Array;
  /** Σ (i, j, k) of the cubes of each configuration, 3 per configuration. */
  origin: Float64Array;
  /** Least and greatest doubled x of the vertices per (doubled z, doubled y) row; lo 2³¹ − 1 and hi −1 where none. */
  lo: Int32Array;
  hi: Int32Array;
}

type CubeScanKernel = (...offsets: number[]) => void;

/**
 * mesh.ts's cube pass in WebAssembly: the padded mask (`size` its grid) and its row spans in,
 * {@link CubeScan} out (copied out of the WebAssembly memory). Null where WebAssembly is
 * unavailable or the arrays would not fit.
 */
export function cubeScanWasm(mask: Uint8Array, size: readonly number[], rowFirst: Int32Array, rowLast: Int32Array, rows: number): CubeScan | null {
  const [px, py, pz] = size;
  const cells = (2 * pz + 1) * rows;
  const bytes = 8 * 256 * 4 + 4 * (2 * cells + 2 * rowFirst.length) + mask.length;
  const instance = instantiate<CubeScanKernel>(bytes, "cubeScan");
  if (!instance) return null;
  const { kernel: scan, memory } = instance;
  const count = new Float64Array(memory.buffer, 0, 256);
  const origin = new Float64Array(memory.buffer, count.byteLength, 256 * 3);
  const lo = new Int32Array(memory.buffer, origin.byteOffset + origin.byteLength, cells).fill(0x7fffffff);
  const hi = new Int32Array(memory.buffer, lo.byteOffset + lo.byteLength, cells).fill(-1);
  const first = new Int32Array(memory.buffer, hi.byteOffset + hi.byteLength, rowFirst.length);
  const last = new Int32Array(memory.buffer, first.byteOffset + first.byteLength, rowLast.length);
  const voxels = new Uint8Array(memory.buffer, last.byteOffset + last.byteLength, mask.length);
  first.set(rowFirst);
  last.set(rowLast);
  voxels.set(mask);
  scan(voxels.byteOffset, px, py, pz, first.byteOffset, last.byteOffset, count.byteOffset, origin.byteOffset, lo.byteOffset, hi.byteOffset, rows);
  return { count: count.slice(), origin: origin.slice(), lo: lo.slice(), hi: hi.slice() };
}

type BorderDistanceKernel = (roi: number, n: number, d: number, distance: number, sy: number, sz: number, far: number) => void;

/**
 * zones.ts borderDistance in WebAssembly: the distance of every ROI voxel (`roi`: indices on the
 * padded grid `size`, ascending) to the ROI border, copied out of the WebAssembly memory. Null
 * where WebAssembly is unavailable or the arrays would not fit.
 */
export function borderDistanceWasm(roi: Int32Array, size: readonly number[]): Int32Array | null {
  const voxels = size[0] * size[1] * size[2];
  const n = roi.length;
  const words = voxels + 2 * n;
  const instance = instantiate<BorderDistanceKernel>(4 * words, "borderDistance");
  if (!instance) return null;
  const { kernel, memory } = instance;
  const d = new Int32Array(memory.buffer, 0, voxels);
  const wasmRoi = new Int32Array(memory.buffer, d.byteLength, n);
  const distance = new Int32Array(memory.buffer, wasmRoi.byteOffset + wasmRoi.byteLength, n);
  wasmRoi.set(roi);
  kernel(wasmRoi.byteOffset, n, d.byteOffset, distance.byteOffset, size[0], size[0] * size[1], size[0] + size[1] + size[2]);
  return distance.slice();
}

type PadLevelsKernel = (levels: number, nx: number, ny: number, nz: number, pad: number, out: number, roi: number, roiLevels: number) => number;

/** Levels on a zero-padded grid, with the ROI voxels listed (texture-block.ts padLevels, zones.ts padByOne). */
export interface PaddedBlock {
  /** The levels on the padded grid. */
  levels: Int32Array;
  /** Padded index of every ROI voxel (level > 0), ascending. */
  roi: Int32Array;
  /** Level of each of them. */
  roiLevels: Int32Array;
}

/**
 * Copies `levels` (on `size`) into a grid with `pad` zero voxels on every side and lists the
 * `count` voxels of level > 0, in WebAssembly; arrays copied out of its memory. Null where
 * WebAssembly is unavailable, the arrays would not fit, or `count` is not the number of voxels
 * of level > 0.
 */
export function padLevelsWasm(levels: Int32Array, size: readonly number[], pad: number, count: number): PaddedBlock | null {
  const [nx, ny, nz] = size;
  const padded = (nx + 2 * pad) * (ny + 2 * pad) * (nz + 2 * pad);
  const words = levels.length + padded + 2 * count;
  const instance = instantiate<PadLevelsKernel>(4 * words, "padLevels");
  if (!instance) return null;
  const { kernel, memory } = instance;
  const input = new Int32Array(memory.buffer, 0, levels.length);
  const out = new Int32Array(memory.buffer, input.byteLength, padded);
  const roi = new Int32Array(memory.buffer, out.byteOffset + out.byteLength, count);
  const roiLevels = new Int32Array(memory.buffer, roi.byteOffset + roi.byteLength, count);
  input.set(levels);
  // A wrong count (the kernel writes as many voxels as it finds) makes the result unused.
  let found: number;
  try {
    found = kernel(input.byteOffset, nx, ny, nz, pad, out.byteOffset, roi.byteOffset, roiLevels.byteOffset);
  } catch {
    return null; // more ROI voxels than `count`: written past the memory's end
  }
  if (found !== count) return null;
  return { levels: out.slice(), roi: roi.slice(), roiLevels: roiLevels.slice() };
}

type MomentSumsKernel = (x: number, n: number, lo: number, hi: number, mean: number, median: number, robustMean: number, out: number) => void;

/** The sums of stat.ts momentsOf's second pass, in its order. */
export interface MomentSums {
  m2: number;
  m3: number;
  m4: number;
  absMean: number;
  absMedian: number;
  absRobust: number;
  sumOfSquares: number;
}

/**
 * stat.ts momentsOf's second pass in WebAssembly (the same additions, in the same order, so the
 * same doubles): Σ d², Σ d³, Σ d⁴ (d = x − mean), Σ |d|, Σ |x − median|, Σ |x − robustMean| over
 * indices lo..hi, Σ x². Null where WebAssembly is unavailable or the values would not fit.
 */
export function momentSumsWasm(sorted: Float64Array, lo: number, hi: number, mean: number, median: number, robustMean: number): MomentSums | null {
  const bytes = 8 * (sorted.length + 7);
  const instance = instantiate<MomentSumsKernel>(bytes, "momentSums");
  if (!instance) return null;
  const { kernel, memory } = instance;
  const x = new Float64Array(memory.buffer, 0, sorted.length);
  const out = new Float64Array(memory.buffer, x.byteLength, 7);
  x.set(sorted);
  kernel(x.byteOffset, sorted.length, lo, hi, mean, median, robustMean, out.byteOffset);
  const [m2, m3, m4, absMean, absMedian, absRobust, sumOfSquares] = out;
  return { m2, m3, m4, absMean, absMedian, absRobust, sumOfSquares };
}
