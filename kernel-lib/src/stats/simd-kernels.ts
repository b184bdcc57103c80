/**
 * The two hot loops of the LASSO solver, a dot product and r ← r − d·x, as WebAssembly SIMD
 * (f64x2) with a plain JavaScript fallback that computes the same bits.
 *
 * Both versions sum in the same order: four partial sums s0…s3 over elements i ≡ 0…3 (mod 4),
 * the tail added to s0, then (s0 + s1) + (s2 + s3); no fused multiply-add. So a fit gives
 * identical numbers with or without SIMD, and the tests against glmnet hold for both.
 *
 * The module is small enough to be written here as bytes, from this text:
 *
 *   (module
 *     (import "env" "memory" (memory 1))
 *     ;; Σ a[i]·b[i] over n doubles at byte offsets a, b
 *     (func (export "dot") (param $a i32) (param $b i32) (param $n i32) (result f64)
 *       (local $i i32) (local $end i32) (local $p v128) (local $q v128) (local $s0 f64)
 *       end = (n & ~3) · 8
 *       loop while i < end:  p += load(a+i)·load(b+i);  q += load(a+i+16)·load(b+i+16);  i += 32
 *       s0 = p[0];  loop while i < n·8:  s0 += f64(a+i)·f64(b+i);  i += 8
 *       return (s0 + p[1]) + (q[0] + q[1]))
 *     ;; t = v[i]·x[i] stored at vx[i]; returns Σ t·x[i] (summed as dot)
 *     (func (export "weighted") (param $vx i32) (param $v i32) (param $x i32) (param $n i32) (result f64) …)
 *     ;; y[i] ← y[i] − d·x[i] over n doubles at byte offsets y, x
 *     (func (export "axpy") (param $y i32) (param $x i32) (param $n i32) (param $d f64)
 *       (local $i i32) (local $end i32) (local $dd v128)
 *       dd = splat(d);  end = (n & ~1) · 8
 *       loop while i < end:  store(y+i, load(y+i) − dd·load(x+i));  i += 16
 *       if i < n·8:  f64(y+i) = f64(y+i) − d·f64(x+i)))
 */
import { functionBody, get, name, section, set, sleb, uleb, vec } from "../wasm-encoding.js";

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

// --- a minimal encoder for the module above ----------------------------------------------

const I32 = 0x7f;
const F64 = 0x7c;
const V128 = 0x7b;
const op = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  f64Load: 0x2b,
  f64Store: 0x39,
  i32Const: 0x41,
  i32GeU: 0x4f,
  i32LtU: 0x49,
  i32Add: 0x6a,
  i32Mul: 0x6c,
  i32And: 0x71,
  i32Shl: 0x74,
  f64Add: 0xa0,
  f64Sub: 0xa1,
  f64Mul: 0xa2,
};
const simd = (code: number): number[] => [0xfd, ...uleb(code)];
const v128Load = (offset: number) => [...simd(0x00), 4, ...uleb(offset)];
const v128Store = (offset: number) => [...simd(0x0b), 4, ...uleb(offset)];
const f64x2Splat = simd(0x14);
const f64x2Extract = (lane: number) => [...simd(0x21), lane];
const f64x2Add = simd(0xf0);
const f64x2Sub = simd(0xf1);
const f64x2Mul = simd(0xf2);
const v128Zero = [...simd(0x0c), ...new Array(16).fill(0)];

const i32 = (v: number) => [op.i32Const, ...sleb(v)];

/** Locals of a four-way reduction: the count, the byte index and loop end, two f64x2 accumulators, the tail sum. */
interface ReductionLocals {
  n: number;
  i: number;
  end: number;
  p: number;
  q: number;
  s0: number;
}

/**
 * The loop shape dot and weighted share, in the module comment's summation order: end = (n & ~3)·8;
 * while i < end: `vectorStep` (adds into p and q), i += 32; s0 = p[0]; while i < n·8:
 * `scalarStep` (adds into s0), i += 8; return (s0 + p[1]) + (q[0] + q[1]).
 */
function fourWayReduction({ n, i, end, p, q, s0 }: ReductionLocals, vectorStep: number[], scalarStep: number[]): number[] {
  // biome-ignore format: the instructions grouped as the WAT in the module comment
  return [
    ...get(n), ...i32(-4), op.i32And, ...i32(3), op.i32Shl, ...set(end),
    ...v128Zero, ...set(p), ...v128Zero, ...set(q),
    op.block, 0x40, op.loop, 0x40,
    ...get(i), ...get(end), op.i32GeU, op.brIf, 1,
    ...vectorStep,
    ...get(i), ...i32(32), op.i32Add, ...set(i),
    op.br, 0, op.end, op.end,
    ...get(p), ...f64x2Extract(0), ...set(s0),
    ...get(n), ...i32(3), op.i32Shl, ...set(end),
    op.block, 0x40, op.loop, 0x40,
    ...get(i), ...get(end), op.i32GeU, op.brIf, 1,
    ...scalarStep,
    ...get(i), ...i32(8), op.i32Add, ...set(i),
    op.br, 0, op.end, op.end,
    ...get(s0), ...get(p), ...f64x2Extract(1), op.f64Add,
    ...get(q), ...f64x2Extract(0), ...get(q), ...f64x2Extract(1), op.f64Add, op.f64Add,
    op.end,
  ];
}

/** dot(a, b, n): locals 3 = i, 4 = end, 5 = p, 6 = q, 7 = s0. */
function dotBody(): number[] {
  const [a, b, n, i, end, p, q, s0] = [0, 1, 2, 3, 4, 5, 6, 7];
  const at = (base: number) => [...get(base), ...get(i), op.i32Add];
  // biome-ignore format: one group per instruction sequence
  const half = (acc: number, offset: number) => [...get(acc), ...at(a), ...v128Load(offset), ...at(b), ...v128Load(offset), ...f64x2Mul, ...f64x2Add, ...set(acc)];
  const scalar = [...get(s0), ...at(a), op.f64Load, 3, 0, ...at(b), op.f64Load, 3, 0, op.f64Mul, op.f64Add, ...set(s0)];
  const code = fourWayReduction({ n, i, end, p, q, s0 }, [...half(p, 0), ...half(q, 16)], scalar);
  return functionBody(code, [2, I32], [2, V128], [1, F64]);
}

/** weighted(vx, v, x, n): locals 4 = i, 5 = end, 6 = p, 7 = q, 8 = t, 9 = s0, 10 = ts. */
function weightedBody(): number[] {
  const [vx, v, x, n, i, end, p, q, t, s0, ts] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const at = (base: number) => [...get(base), ...get(i), op.i32Add];
  // biome-ignore format: one group per instruction sequence
  const half = (acc: number, offset: number) => [
    ...at(vx),
    ...at(v), ...v128Load(offset), ...at(x), ...v128Load(offset), ...f64x2Mul, op.localTee, t,
    ...v128Store(offset),
    ...get(acc), ...get(t), ...at(x), ...v128Load(offset), ...f64x2Mul, ...f64x2Add, ...set(acc),
  ];
  // biome-ignore format: one group per instruction sequence
  const scalar = [
    ...at(vx), ...at(v), op.f64Load, 3, 0, ...at(x), op.f64Load, 3, 0, op.f64Mul, op.localTee, ts, op.f64Store, 3, 0,
    ...get(s0), ...get(ts), ...at(x), op.f64Load, 3, 0, op.f64Mul, op.f64Add, ...set(s0),
  ];
  const code = fourWayReduction({ n, i, end, p, q, s0 }, [...half(p, 0), ...half(q, 16)], scalar);
  return functionBody(code, [2, I32], [3, V128], [2, F64]);
}

/** axpy(y, x, n, d): locals 4 = i, 5 = end, 6 = dd. */
function axpyBody(): number[] {
  const [y, x, n, d, i, end, dd] = [0, 1, 2, 3, 4, 5, 6];
  // biome-ignore format: the instructions grouped as the WAT in the module comment
  const code = [
    ...get(d), ...f64x2Splat, ...set(dd),
    ...get(n), ...i32(-2), op.i32And, ...i32(3), op.i32Shl, ...set(end),
    op.block, 0x40, op.loop, 0x40,
    ...get(i), ...get(end), op.i32GeU, op.brIf, 1,
    ...get(y), ...get(i), op.i32Add,
    ...get(y), ...get(i), op.i32Add, ...v128Load(0), ...get(dd), ...get(x), ...get(i), op.i32Add, ...v128Load(0), ...f64x2Mul, ...f64x2Sub,
    ...v128Store(0),
    ...get(i), ...i32(16), op.i32Add, ...set(i),
    op.br, 0, op.end, op.end,
    ...get(i), ...get(n), ...i32(3), op.i32Shl, op.i32LtU, op.if, 0x40,
    ...get(y), ...get(i), op.i32Add,
    ...get(y), ...get(i), op.i32Add, op.f64Load, 3, 0, ...get(d), ...get(x), ...get(i), op.i32Add, op.f64Load, 3, 0, op.f64Mul, op.f64Sub,
    op.f64Store, 3, 0,
    op.end,
    op.end,
  ];
  return functionBody(code, [2, I32], [1, V128]);
}

/** The module's bytes. */
export function lassoKernelModule(): Uint8Array {
  const types = section(
    1,
    vec([
      [0x60, ...vec([[I32], [I32], [I32]]), ...vec([[F64]])],
      [0x60, ...vec([[I32], [I32], [I32], [F64]]), 0],
      [0x60, ...vec([[I32], [I32], [I32], [I32]]), ...vec([[F64]])],
    ]),
  );
  const imports = section(2, vec([[...name("env"), ...name("memory"), 0x02, 0x00, 1]]));
  const functions = section(3, vec([[0], [1], [2]]));
  const exports = section(
    7,
    vec([
      [...name("dot"), 0x00, 0],
      [...name("axpy"), 0x00, 1],
      [...name("weighted"), 0x00, 2],
    ]),
  );
  const code = section(10, vec([dotBody(), axpyBody(), weightedBody()]));
  return Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...types, ...imports, ...functions, ...exports, ...code]);
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

/** The part of the WebAssembly API used here (the project's TypeScript libs do not declare it). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer; grow(pages: number): number };
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

/** WebAssembly SIMD kernels, or null where the runtime lacks WebAssembly SIMD. */
export function wasmKernels(): LassoKernels | null {
  try {
    const bytes = lassoKernelModule();
    const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    if (!wasm?.validate(bytes)) return null;
    const memory = new wasm.Memory({ initial: 1 });
    const instance = new wasm.Instance(new wasm.Module(bytes), { env: { memory } });
    const dot = instance.exports.dot as (a: number, b: number, n: number) => number;
    const axpy = instance.exports.axpy as (y: number, x: number, n: number, d: number) => void;
    const weighted = instance.exports.weighted as (vx: number, v: number, x: number, n: number) => number;
    const kernels: LassoKernels = {
      heap: new Float64Array(memory.buffer),
      kind: "wasm-simd",
      reserve(length) {
        const bytesNeeded = length * 8;
        if (memory.buffer.byteLength < bytesNeeded) memory.grow(Math.ceil((bytesNeeded - memory.buffer.byteLength) / 65536));
        if (kernels.heap.buffer !== memory.buffer) kernels.heap = new Float64Array(memory.buffer);
        return kernels.heap;
      },
      dot: (a, b, n) => dot(a * 8, b * 8, n),
      axpy: (y, x, n, d) => axpy(y * 8, x * 8, n, d),
      weighted: (vx, v, x, n) => weighted(vx * 8, v * 8, x * 8, n),
    };
    return kernels;
  } catch {
    return null;
  }
}

let shared: LassoKernels | null = null;

/** The kernels the solver uses: SIMD when available (RADLAB_NO_SIMD=1 forces JavaScript). */
export function lassoKernels(): LassoKernels {
  const noSimd = typeof process !== "undefined" && process.env?.RADLAB_NO_SIMD === "1";
  if (!shared) shared = (noSimd ? null : wasmKernels()) ?? javascriptKernels();
  return shared;
}
