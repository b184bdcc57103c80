/** `node:crypto` in the browser kernel: SHA-256 hashes (@noble/hashes) and random bytes (Web Crypto). */
import { sha256, sha512 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";

const algorithms = { sha256, sha512 } as Record<string, typeof sha256>;

/** createHash(name).update(data).digest("hex" | "base64" | undefined), as kernel-lib uses it. */
export function createHash(name: string) {
  const algorithm = algorithms[name.toLowerCase()];
  if (!algorithm) throw new Error(`hash ${name} is not available in the browser kernel (sha256, sha512)`);
  const hash = algorithm.create();
  const api = {
    update(data: string | ArrayBufferView) {
      hash.update(typeof data === "string" ? new TextEncoder().encode(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      return api;
    },
    digest(encoding?: string) {
      const bytes = hash.digest();
      if (encoding === "hex") return bytesToHex(bytes);
      const buffer = globalThis.Buffer.from(bytes);
      return encoding ? buffer.toString(encoding as BufferEncoding) : buffer;
    },
  };
  return api;
}

export function randomBytes(size: number) {
  return globalThis.Buffer.from(crypto.getRandomValues(new Uint8Array(size)));
}

export default { createHash, randomBytes };
