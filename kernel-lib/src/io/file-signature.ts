/**
 * What a volume file should start with, for its ending, and what a file that failed to read
 * starts with instead: so "not a readable volume" can say "expected a NIfTI header
 * (sizeof_hdr 348, magic "n+1"), found sizeof_hdr 1819043176 and …" rather than a reader's
 * "Could not read". Only consulted after a read failed.
 *
 * Signatures: gzip RFC 1952 §2.3.1 (1f 8b); NIfTI-1/-2 headers (nifti1.h, nifti2.h: sizeof_hdr
 * 348 / 540, magic "n+1" at byte 344 / "n+2" at byte 4); NRRD ("NRRD000N" first line, teem's
 * format page); MetaImage (a text header of `Key = Value` lines, ITK's MetaIO); DICOM Part 10
 * (preamble of 128 bytes, then "DICM", PS3.10 §7.1).
 */
import { gunzipSync } from "node:zlib";

/** The first bytes of a file as hex and printable text: `68 65 6c 6c ("hell")`. */
export function showBytes(bytes: Uint8Array, count = 8): string {
  const head = bytes.subarray(0, count);
  const hex = Array.from(head, (b) => b.toString(16).padStart(2, "0")).join(" ");
  const text = Array.from(head, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : ".")).join("");
  return `${hex} ("${text}")`;
}

/**
 * Why `bytes` (the whole file) is not the format its name `lower` (lower-cased) promises, as
 * "expected …, found …"; null when its signature looks right (the fault is further in).
 */
export function signatureMismatch(lower: string, bytes: Uint8Array): string | null {
  if (lower.endsWith(".gz")) {
    if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return `expected gzip data (a ${extension(lower)} starts with bytes 1f 8b), found ${showBytes(bytes)}`;
    let inner: Uint8Array;
    try {
      inner = gunzipSync(bytes);
    } catch {
      return null; // the gzip reader's own message says what is damaged
    }
    const mismatch = signatureMismatch(lower.slice(0, -3), inner);
    return mismatch && `inside the gzip data, ${mismatch}`;
  }
  if (lower.endsWith(".nii")) return niftiMismatch(bytes);
  if (lower.endsWith(".nrrd") || lower.endsWith(".nhdr")) {
    const first = new TextDecoder("latin1").decode(bytes.subarray(0, 8));
    return /^NRRD000\d$/.test(first) ? null : `expected a NRRD header (first line "NRRD0001" … "NRRD0005"), found ${showBytes(bytes)}`;
  }
  if (lower.endsWith(".mha") || lower.endsWith(".mhd")) {
    const head = new TextDecoder("latin1").decode(bytes.subarray(0, 512));
    return /^\s*\w+\s*=/.test(head) ? null : `expected a MetaImage text header ("ObjectType = Image", "NDims = 3", …), found ${showBytes(bytes)}`;
  }
  if (lower.endsWith(".dcm")) {
    const magic = new TextDecoder("latin1").decode(bytes.subarray(128, 132));
    return magic === "DICM" ? null : `expected a DICOM file ("DICM" after a 128-byte preamble), found ${showBytes(bytes.subarray(128))} at byte 128`;
  }
  return null;
}

/** NIfTI-1 (sizeof_hdr 348, "n+1" at 344) or NIfTI-2 (540, "n+2" at 4), in either byte order. */
function niftiMismatch(bytes: Uint8Array): string | null {
  const expected = 'expected a NIfTI header (sizeof_hdr 348 and magic "n+1" at byte 344, or 540 and "n+2" at byte 4)';
  if (bytes.length < 348) return `${expected}, found ${bytes.length} bytes in all, starting ${showBytes(bytes)}`;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sizes = [view.getInt32(0, true), view.getInt32(0, false)];
  const magic1 = showBytes(bytes.subarray(344, 348), 4);
  if (sizes.includes(348) && magic1.endsWith('("n+1.")')) return null;
  if (sizes.includes(540) && showBytes(bytes.subarray(4, 8), 4).endsWith('("n+2.")')) return null;
  return `${expected}, found sizeof_hdr ${sizes[0]} (${showBytes(bytes, 4)}) and ${magic1} at byte 344`;
}

function extension(lower: string): string {
  return /\.[a-z]+\.gz$/.exec(lower)?.[0] ?? ".gz";
}
