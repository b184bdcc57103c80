/**
 * Byte-level helpers shared by the native NIfTI and NRRD readers: gunzip, voxel arrays from
 * raw bytes in either byte order, and the error that marks a damaged file (as opposed to a
 * file the native readers do not handle, which they answer with null so itk-wasm reads it).
 */
import { gunzipSync } from "node:zlib";
import type { VoxelArray } from "../types.js";

/** A file that claims to be a volume but is damaged: truncated gzip, too few voxel bytes. */
export class CorruptVolumeError extends Error {
  override readonly name = "CorruptVolumeError";
}

/** The component types the native readers produce, named as itk-wasm names them. */
export type NativeComponentType = "int8" | "uint8" | "int16" | "uint16" | "int32" | "uint32" | "float32" | "float64";

/** Bytes per voxel of each component type. */
export const COMPONENT_BYTES: Record<NativeComponentType, number> = {
  int8: 1,
  uint8: 1,
  int16: 2,
  uint16: 2,
  int32: 4,
  uint32: 4,
  float32: 4,
  float64: 8,
};

const ARRAY_TYPES = {
  int8: Int8Array,
  uint8: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  float32: Float32Array,
  float64: Float64Array,
} as const;

/** True when the bytes start with the gzip magic number 1f 8b (RFC 1952). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Deflate expands at most ~1032:1 (zlib's technical note), which bounds a believable ISIZE. */
const MAX_DEFLATE_RATIO = 1032;

/**
 * Inflates gzip data (every member of a multi-member stream); a damaged stream is a
 * CorruptVolumeError. The output buffer is sized from the gzip trailer's ISIZE (uncompressed
 * length mod 2³², RFC 1952) so zlib writes one chunk instead of 16 KiB pieces joined after:
 * half the time on a 2 MB volume. ISIZE only sizes the buffer; a wrong one costs speed, not bytes.
 */
export function gunzip(bytes: Uint8Array): Uint8Array {
  const isize = bytes.length >= 18 ? new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(bytes.length - 4, true) : 0;
  const chunkSize = Math.min(Math.max(isize, 64 * 1024), bytes.length * MAX_DEFLATE_RATIO + 64 * 1024, 2 ** 28);
  try {
    return gunzipSync(bytes, { chunkSize });
  } catch (error) {
    throw new CorruptVolumeError(`gzip data is damaged or truncated (${(error as Error).message})`);
  }
}

/**
 * Copies `count` voxels of `type` starting at byte `offset` into a new typed array, swapping
 * bytes when the file's order is not the machine's (little-endian on every Node platform).
 * Fewer bytes than that is a CorruptVolumeError saying how many are missing.
 */
export function voxelsFromBytes(bytes: Uint8Array, offset: number, count: number, type: NativeComponentType, littleEndian: boolean): VoxelArray {
  const width = COMPONENT_BYTES[type];
  const byteLength = count * width;
  if (offset + byteLength > bytes.length) {
    const available = Math.max(0, bytes.length - offset);
    throw new CorruptVolumeError(`voxel data ends after ${available} of the ${byteLength} bytes its header promises`);
  }
  const buffer = new ArrayBuffer(byteLength);
  const target = new Uint8Array(buffer);
  target.set(bytes.subarray(offset, offset + byteLength));
  if (!littleEndian && width > 1) swapBytes(target, width);
  return new ARRAY_TYPES[type](buffer);
}

/** Reverses the byte order of every `width`-byte word in place. */
function swapBytes(bytes: Uint8Array, width: number): void {
  for (let n = 0; n < bytes.length; n += width) {
    for (let a = n, b = n + width - 1; a < b; a++, b--) {
      const t = bytes[a];
      bytes[a] = bytes[b];
      bytes[b] = t;
    }
  }
}
