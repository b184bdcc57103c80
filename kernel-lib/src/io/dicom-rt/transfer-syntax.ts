/**
 * DICOM transfer syntaxes (PS3.5 §10, PS3.6 Annex A): which ones radlab decodes, and a clear
 * error naming the file and the transfer syntax for the others.
 *
 * Pixel data of image series (and of an encapsulated DICOM-SEG) are decoded by GDCM inside
 * itk-wasm (@itk-wasm/dicom, @itk-wasm/image-io): uncompressed, deflated, big endian, JPEG
 * lossless, JPEG-LS, JPEG 2000, RLE and lossy JPEG. The end-to-end test
 * (test/e2e/dicom-rt.test.ts) writes each lossless one from an uncompressed series with
 * Debian's GDCM and DCMTK tools and checks the voxels are identical to the uncompressed
 * series'; near-lossless JPEG-LS and lossy JPEG baseline equal what DCMTK's own decoders give.
 * JPEG Extended (lossy, 12 bit) and lossy JPEG 2000 are left to GDCM untested (Debian's encoders
 * give no usable file of them for these tests). Others (MPEG and
 * HEVC video, JPIP, JPEG XL, HTJ2K, JPEG 2000 Part 2, SMPTE ST 2110, …) the GDCM of itk-wasm
 * does not decode: itk-wasm then fails with a bare pipeline code, so they are refused first,
 * by name.
 */
import { RadlabInputError, withCase } from "../../errors.js";

/** A transfer syntax radlab reads. */
interface Decodable {
  name: string;
  /** Pixel data in fragments (compressed): dcmjs hands back the codec's bytes, GDCM decodes them. */
  encapsulated: boolean;
}

/** Transfer syntaxes radlab decodes, by UID. */
export const DECODABLE_TRANSFER_SYNTAXES: ReadonlyMap<string, Decodable> = new Map([
  ["1.2.840.10008.1.2", { name: "Implicit VR Little Endian", encapsulated: false }],
  ["1.2.840.10008.1.2.1", { name: "Explicit VR Little Endian", encapsulated: false }],
  ["1.2.840.10008.1.2.1.99", { name: "Deflated Explicit VR Little Endian", encapsulated: false }],
  ["1.2.840.10008.1.2.2", { name: "Explicit VR Big Endian", encapsulated: false }],
  ["1.2.840.10008.1.2.4.50", { name: "JPEG Baseline (Process 1)", encapsulated: true }],
  ["1.2.840.10008.1.2.4.51", { name: "JPEG Extended (Process 2 & 4)", encapsulated: true }],
  ["1.2.840.10008.1.2.4.57", { name: "JPEG Lossless, Non-Hierarchical (Process 14)", encapsulated: true }],
  ["1.2.840.10008.1.2.4.70", { name: "JPEG Lossless, First-Order Prediction (Process 14, SV1)", encapsulated: true }],
  ["1.2.840.10008.1.2.4.80", { name: "JPEG-LS Lossless", encapsulated: true }],
  ["1.2.840.10008.1.2.4.81", { name: "JPEG-LS Near-Lossless", encapsulated: true }],
  ["1.2.840.10008.1.2.4.90", { name: "JPEG 2000 (Lossless Only)", encapsulated: true }],
  ["1.2.840.10008.1.2.4.91", { name: "JPEG 2000", encapsulated: true }],
  ["1.2.840.10008.1.2.5", { name: "RLE Lossless", encapsulated: true }],
]);

/** Names of transfer syntaxes radlab does not decode, for the error message. */
const OTHER_TRANSFER_SYNTAXES: ReadonlyMap<string, string> = new Map([
  ["1.2.840.10008.1.2.1.98", "Encapsulated Uncompressed Explicit VR Little Endian"],
  ["1.2.840.10008.1.2.4.92", "JPEG 2000 Part 2 Multi-component (Lossless Only)"],
  ["1.2.840.10008.1.2.4.93", "JPEG 2000 Part 2 Multi-component"],
  ["1.2.840.10008.1.2.4.94", "JPIP Referenced"],
  ["1.2.840.10008.1.2.4.95", "JPIP Referenced Deflate"],
  ["1.2.840.10008.1.2.4.100", "MPEG2 Main Profile / Main Level"],
  ["1.2.840.10008.1.2.4.101", "MPEG2 Main Profile / High Level"],
  ["1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264 High Profile"],
  ["1.2.840.10008.1.2.4.103", "MPEG-4 AVC/H.264 BD-compatible High Profile"],
  ["1.2.840.10008.1.2.4.104", "MPEG-4 AVC/H.264 High Profile For 2D Video"],
  ["1.2.840.10008.1.2.4.105", "MPEG-4 AVC/H.264 High Profile For 3D Video"],
  ["1.2.840.10008.1.2.4.106", "MPEG-4 AVC/H.264 Stereo High Profile"],
  ["1.2.840.10008.1.2.4.107", "HEVC/H.265 Main Profile"],
  ["1.2.840.10008.1.2.4.108", "HEVC/H.265 Main 10 Profile"],
  ["1.2.840.10008.1.2.4.110", "JPEG XL Lossless"],
  ["1.2.840.10008.1.2.4.111", "JPEG XL JPEG Recompression"],
  ["1.2.840.10008.1.2.4.112", "JPEG XL"],
  ["1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 (Lossless Only)"],
  ["1.2.840.10008.1.2.4.202", "High-Throughput JPEG 2000 with RPCL Options (Lossless Only)"],
  ["1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000"],
  ["1.2.840.10008.1.2.4.204", "JPIP HTJ2K Referenced"],
  ["1.2.840.10008.1.2.4.205", "JPIP HTJ2K Referenced Deflate"],
]);

/** "1.2.840.10008.1.2.4.90 (JPEG 2000 (Lossless Only))": a transfer syntax as messages name it. */
export function describeTransferSyntax(uid: string): string {
  const name =
    DECODABLE_TRANSFER_SYNTAXES.get(uid)?.name ??
    OTHER_TRANSFER_SYNTAXES.get(uid) ??
    (uid.startsWith("1.2.840.10008.1.2.7.") ? "SMPTE ST 2110" : uid.startsWith("1.2.840.10008.1.2.") ? "a transfer syntax" : "not a DICOM transfer syntax");
  return `${uid || "(none)"} (${name})`;
}

/** The transfer syntax entry when radlab decodes it; undefined otherwise. */
export function decodableTransferSyntax(uid: string): Decodable | undefined {
  return DECODABLE_TRANSFER_SYNTAXES.get(uid);
}

/**
 * Refuses a file whose transfer syntax radlab cannot decode, naming the file and the transfer
 * syntax and what to do. A file without one in its meta header (no Part 10 meta) is left to the
 * reader, which treats it as implicit little endian.
 */
export function checkTransferSyntax(file: string, uid: string, caseId?: string): void {
  if (uid === "" || DECODABLE_TRANSFER_SYNTAXES.has(uid)) return;
  throw new RadlabInputError(
    withCase(
      caseId,
      `${file}: transfer syntax ${describeTransferSyntax(uid)} cannot be decoded by radlab (GDCM in itk-wasm); ` +
        "convert the files to an uncompressed or lossless one radlab reads (Explicit VR Little Endian, JPEG Lossless, JPEG-LS, JPEG 2000, RLE) and read them again",
    ),
    file,
    caseId,
  );
}
