/**
 * The two hot loops of the LASSO solver, a dot product and r ← r − d·x, as WebAssembly SIMD
 * (f64x2) with a plain JavaScript fallback that computes the same bits.
 *
 * Both versions sum in the same order: four partial sums s0…s3 over elements i ≡ 0…3 (mod 4),
 * the tail added to s0, then (s0 + s1) + (s2 + s3); no fused multiply-add. So a fit gives
 * identical numbers with or without SIMD, and the tests against glmnet hold for both.
 *
 * The module is written as text in lasso-kernels.wat beside this file and assembled by wabt into
 * lasso-kernels.wasm.ts at build time (scripts/build-wasm.mjs).
 */
import { instantiateModule, reserveMemory } from "../wasm-module.js";
import { WASM_BASE64 } from "./lasso-kernels.wasm.js";

/** Dot products and updates on one Float64Array heap, by element index. */
export interface LassoKernels {
  /** The heap: every vector the kernels touch lives here. */
  heap: Float64Array;
  /** Makes the heap hold at least `length` doubles (a new heap view; old views are stale). */
  reserve(length: number): Float64Array;
  /** Σ heap[a + i]·heap[b + i], i < n. */
  dot(a: number, b: number, n: number): number;
  /** heap[vx + i] = heap[v + i]·heap[x + i]; returns Σ heap[vx + i]·heap[x + i] (dot's order). */
  weighted(vx: number, v: number, x: number, n: number): number;
  /** heap[y + i] −= d·heap[x + i], i < n. */
  axpy(y: number, x: number, n: number, d: number): void;
  /** "wasm-simd" or "javascript". */
  kind: "wasm-simd" | "javascript";
}

// --- the two implementations --------------------------------------------------------------

/** JavaScript kernels with the SIMD version's summation order. */
export function javascriptKernels(): LassoKernels {
  const kernels: LassoKernels = {
    heap: new Float64Array(0),
    kind: "javascript",
    reserve(length) {
      if (kernels.heap.length < length) kernels.heap = new Float64Array(length);
      return kernels.heap;
    },
    dot(a, b, n) {
      const h = kernels.heap;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let i = 0;
      for (; i + 3 < n; i += 4) {
        s0 += h[a + i] * h[b + i];
        s1 += h[a + i + 1] * h[b + i + 1];
        s2 += h[a + i + 2] * h[b + i + 2];
        s3 += h[a + i + 3] * h[b + i + 3];
      }
      for (; i < n; i++) s0 += h[a + i] * h[b + i];
      return s0 + s1 + (s2 + s3);
    },
    axpy(y, x, n, d) {
      const h = kernels.heap;
      for (let i = 0; i < n; i++) h[y + i] -= d * h[x + i];
    },
    weighted(vx, v, x, n) {
      // dot's loop again, not shared: a callback for the store would cost a call per element
      const h = kernels.heap;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let i = 0;
      for (; i + 3 < n; i += 4) {
        const t0 = h[v + i] * h[x + i];
        const t1 = h[v + i + 1] * h[x + i + 1];
        const t2 = h[v + i + 2] * h[x + i + 2];
        const t3 = h[v + i + 3] * h[x + i + 3];
        h[vx + i] = t0;
        h[vx + i + 1] = t1;
        h[vx + i + 2] = t2;
        h[vx + i + 3] = t3;
        s0 += t0 * h[x + i];
        s1 += t1 * h[x + i + 1];
        s2 += t2 * h[x + i + 2];
        s3 += t3 * h[x + i + 3];
      }
      for (; i < n; i++) {
        const t = h[v + i] * h[x + i];
        h[vx + i] = t;
        s0 += t * h[x + i];
      }
      return s0 + s1 + (s2 + s3);
    },
  };
  return kernels;
}

/** WebAssembly SIMD kernels, or null where the runtime lacks WebAssembly SIMD. */
export function wasmKernels(): LassoKernels | null {
  const instance = instantiateModule(WASM_BASE64, 0);
  if (!instance) return null;
  const { exports, memory } = instance;
  const dot = exports.dot as (a: number, b: number, n: number) => number;
  const axpy = exports.axpy as (y: number, x: number, n: number, d: number) => void;
  const weighted = exports.weighted as (vx: number, v: number, x: number, n: number) => number;
  const kernels: LassoKernels = {
    heap: new Float64Array(memory.buffer),
    kind: "wasm-simd",
    reserve(length) {
      reserveMemory(memory, length * 8);
      if (kernels.heap.buffer !== memory.buffer) kernels.heap = new Float64Array(memory.buffer);
      return kernels.heap;
    },
    dot: (a, b, n) => dot(a * 8, b * 8, n),
    axpy: (y, x, n, d) => axpy(y * 8, x * 8, n, d),
    weighted: (vx, v, x, n) => weighted(vx * 8, v * 8, x * 8, n),
  };
  return kernels;
}

let shared: LassoKernels | null = null;

/** The kernels the solver uses: SIMD when available (RADLAB_NO_SIMD=1 forces JavaScript). */
export function lassoKernels(): LassoKernels {
  const noSimd = typeof process !== "undefined" && process.env?.RADLAB_NO_SIMD === "1";
  if (!shared) shared = (noSimd ? null : wasmKernels()) ?? javascriptKernels();
  return shared;
}
