/**
 * One loader for radlab's WebAssembly modules (features/kernels.wat, stats/lasso-kernels.wat):
 * the generated `*.wasm.ts` files hold each module's bytes as base64 (scripts/build-wasm.mjs
 * assembles them with wabt); this decodes, validates and compiles a module once per process and
 * instantiates it with a memory of its own. Browser-safe (no Node imports).
 */

/** The part of the WebAssembly API used here (the project's TypeScript libs do not declare it). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Memory: new (descriptor: { initial: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

/** A WebAssembly memory: its buffer (replaced when it grows) and `grow` by 64 KiB pages. */
export interface WasmMemory {
  buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** An instance's exports and the memory it was given (imported as env.memory). */
export interface WasmInstance {
  exports: Record<string, unknown>;
  memory: WasmMemory;
}

/** WebAssembly memory is addressed by 32-bit offsets; stay well inside 2 GiB. */
export const MAX_WASM_BYTES = 1 << 30;

const PAGE_BYTES = 65536;

function wasmApi(): WasmApi | undefined {
  return (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
}

function decodeBase64(base64: string): Uint8Array {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let k = 0; k < text.length; k++) bytes[k] = text.charCodeAt(k);
  return bytes;
}

const compiled = new Map<string, object | null>();

/**
 * The compiled module of these base64 bytes (compiled once per process), or null where the
 * runtime has no WebAssembly or rejects the module (e.g. an engine without SIMD).
 */
export function compileModule(base64: string): object | null {
  if (!compiled.has(base64)) {
    const wasm = wasmApi();
    let module: object | null = null;
    try {
      const bytes = decodeBase64(base64);
      if (wasm?.validate(bytes)) module = new wasm.Module(bytes);
    } catch {
      module = null;
    }
    compiled.set(base64, module);
  }
  return compiled.get(base64) ?? null;
}

/**
 * A fresh instance of the module with a memory of at least `bytes`; null where WebAssembly is
 * unavailable, the module was rejected, `bytes` exceeds {@link MAX_WASM_BYTES}, or the engine
 * refuses the memory (the JavaScript twins need less).
 */
export function instantiateModule(base64: string, bytes: number): WasmInstance | null {
  const module = compileModule(base64);
  const wasm = wasmApi();
  if (!module || !wasm || bytes > MAX_WASM_BYTES) return null;
  let memory: WasmMemory;
  try {
    memory = new wasm.Memory({ initial: Math.max(1, Math.ceil(bytes / PAGE_BYTES)) });
  } catch {
    return null;
  }
  return { exports: new wasm.Instance(module, { env: { memory } }).exports, memory };
}

/** Grows `memory` to hold at least `bytes` (whole pages). */
export function reserveMemory(memory: WasmMemory, bytes: number): void {
  const missing = bytes - memory.buffer.byteLength;
  if (missing > 0) memory.grow(Math.ceil(missing / PAGE_BYTES));
}
