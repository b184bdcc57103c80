/**
 * The binary encoding that radlab's hand-assembled WebAssembly modules share (the LASSO's SIMD
 * kernels in stats, the feature families' counting kernels in features). Reference: the
 * WebAssembly core specification, §5 "Binary Format" (LEB128 integers, vectors, names,
 * sections, function bodies). Each module keeps its own opcode table beside its WAT text.
 */

/** Unsigned LEB128 of a non-negative 32-bit integer. */
export function uleb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer. */
export function sleb(value: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

/** A vector: its length, then its items. */
export const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
/** A name: its byte length, then its (ASCII) bytes. */
export const name = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
/** A section: its id, its byte length, then its body. */
export const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
/** local.get / local.set / local.tee of a local index below 128. */
export const get = (l: number) => [0x20, l];
export const set = (l: number) => [0x21, l];
export const tee = (l: number) => [0x22, l];

/** A function body: its local declarations, each [count, type], and its instructions. */
export function functionBody(code: number[], ...locals: [number, number][]): number[] {
  const declared = vec(locals);
  return [...uleb(declared.length + code.length), ...declared, ...code];
}
