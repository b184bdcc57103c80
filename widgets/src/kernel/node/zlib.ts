/**
 * `node:zlib` in the browser kernel: gzip through fflate (synchronous, as kernel-lib's readers
 * call it). The header's time is 0, as Node's zlib writes it, so the same data give the same
 * header (the deflate stream itself is fflate's: equally valid, not byte-equal to zlib's).
 */
import { gunzipSync as gunzip, gzipSync as gzip } from "fflate";

const toBuffer = (bytes: Uint8Array) => (globalThis.Buffer ? globalThis.Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : bytes);

export const gunzipSync = (data: Uint8Array) => toBuffer(gunzip(data));
export const gzipSync = (data: Uint8Array, options?: { level?: number }) =>
  toBuffer(gzip(data, { level: (options?.level ?? 6) as 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9, mtime: 0 }));
export default { gunzipSync, gzipSync };
