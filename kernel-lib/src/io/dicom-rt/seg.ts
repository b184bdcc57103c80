/**
 * DICOM-SEG (Segmentation IOD, PS3.3 A.51): segments stored as frames, each frame one segment
 * on one image plane, BINARY (1 bit a pixel) or FRACTIONAL (8 bits, up to MaximumFractionalValue).
 *
 * Read with dcmjs and placed on the image grid by each frame's position, not with
 * `@itk-wasm/dicom`'s readSegmentation (dcmqi): that reader prints its diagnostics on stdout
 * (which would corrupt `radlab … --json`), costs ~1 s of WebAssembly start-up per call, and
 * merges non-overlapping FRACTIONAL segments into one image of fractions, so which segment a
 * voxel belongs to is lost. The end-to-end tests use it as the oracle for BINARY SEGs.
 *
 * A SEG whose pixel data are compressed (RLE, JPEG-LS, JPEG 2000, JPEG lossless: an
 * encapsulated transfer syntax, see transfer-syntax.ts) has its frames decoded by GDCM through
 * @itk-wasm/image-io, which reads the file as a stack of its frames in file order; dcmjs still
 * reads the segments and each frame's position. A transfer syntax radlab cannot decode is an
 * error naming the file and the transfer syntax.
 */
import { resolve } from "node:path";
import { RadlabInputError, withCase } from "../../errors.js";
import * as math from "../../math.js";
import type { Grid } from "../../types.js";
import { type ItkImage, quietItk, readItkImage } from "../itk.js";
import { type DicomDataset, items, numbers, readDicomDataset, text } from "./dicom-file.js";
import { indexTransform } from "./rasterize.js";
import { checkTransferSyntax, decodableTransferSyntax, describeTransferSyntax } from "./transfer-syntax.js";

/** One segment of a SEG. */
export interface SegSegment {
  /** Segment Number (0062,0004). */
  number: number;
  /** Segment Label (0062,0005). */
  label: string;
  /** Display colour as 8-bit RGB, from RecommendedDisplayCIELabValue when given. */
  color?: [number, number, number];
  /** Number of frames holding the segment. */
  frameCount: number;
}

/** One frame: which segment, where, and its pixels (0/1, or 0..MaximumFractionalValue). */
export interface SegFrame {
  segment: number;
  /** Image Position (Patient) of the frame's first pixel, mm. */
  position: number[];
  pixels: Uint8Array;
}

/** A DICOM-SEG read into memory. */
export interface DicomSeg {
  file: string;
  type: "BINARY" | "FRACTIONAL";
  /** For FRACTIONAL: the value meaning a fraction of 1. */
  maximumFractionalValue: number;
  frameOfReferenceUid: string;
  referencedSeriesUid: string;
  rows: number;
  columns: number;
  /** Row direction then column direction (ImageOrientationPatient). */
  orientation: number[];
  /** Spacing between rows, then between columns, mm (PixelSpacing). */
  pixelSpacing: number[];
  segments: SegSegment[];
  frames: SegFrame[];
}

/** The SOP Class UID of a Segmentation Storage object. */
export const SEG_SOP_CLASS = "1.2.840.10008.5.1.4.1.1.66.4";

/** Reads a DICOM-SEG file (segments, geometry, frames). A file that is not a SEG is an error naming it. */
export async function readSeg(path: string, options: { caseId?: string } = {}): Promise<DicomSeg> {
  const file = resolve(path);
  const ds = await readDicomDataset(file, { caseId: options.caseId });
  return parseSeg(ds, file, options.caseId, await decodeSegFrames(ds, file, options.caseId));
}

/**
 * The frames of a SEG with compressed (encapsulated) pixel data, decoded by GDCM through
 * itk-wasm, one byte a pixel in file order; undefined when the pixel data are not compressed
 * (parseSeg reads them from the dataset). A transfer syntax radlab cannot decode is an error.
 */
export async function decodeSegFrames(ds: DicomDataset, file: string, caseId?: string): Promise<Uint8Array | undefined> {
  const uid = text(ds, "TransferSyntaxUID");
  checkTransferSyntax(file, uid, caseId);
  if (!decodableTransferSyntax(uid)?.encapsulated) return undefined;
  const fail = (what: string): never => {
    throw new RadlabInputError(withCase(caseId, `${file}: ${what}`), file, caseId);
  };
  let image: ItkImage | undefined;
  try {
    image = await quietItk(() => readItkImage(file));
  } catch (error) {
    fail(`its pixel data in transfer syntax ${describeTransferSyntax(uid)} could not be decoded (${error instanceof Error ? error.message : String(error)})`);
  }
  const expected = numbers(ds, "Rows")[0] * numbers(ds, "Columns")[0] * items(ds, "PerFrameFunctionalGroupsSequence").length;
  const data = image?.data;
  if (!data || data.length !== expected)
    fail(`decoding its ${describeTransferSyntax(uid)} pixel data gave ${data?.length ?? 0} pixels, the frames hold ${expected}`);
  return Uint8Array.from(data as ArrayLike<number>);
}

/**
 * Builds the {@link DicomSeg} of a dataset already read. `decoded`: the frames of a SEG with
 * compressed pixel data ({@link decodeSegFrames}); required then.
 */
export function parseSeg(ds: DicomDataset, file: string, caseId?: string, decoded?: Uint8Array): DicomSeg {
  const fail = (what: string): never => {
    throw new RadlabInputError(withCase(caseId, `${file}: ${what}`), file, caseId);
  };
  if (text(ds, "Modality") !== "SEG" && text(ds, "SOPClassUID") !== SEG_SOP_CLASS) fail(`not a DICOM-SEG (Modality ${text(ds, "Modality") || "absent"})`);
  const type = text(ds, "SegmentationType");
  if (type !== "BINARY" && type !== "FRACTIONAL") fail(`SegmentationType "${type}" is not BINARY or FRACTIONAL`);
  const rows = numbers(ds, "Rows")[0];
  const columns = numbers(ds, "Columns")[0];
  const shared = items(ds, "SharedFunctionalGroupsSequence")[0] ?? {};
  const perFrame = items(ds, "PerFrameFunctionalGroupsSequence");
  const group = (frame: DicomDataset, name: string, keyword: string): number[] => {
    const own = items(frame, name)[0];
    const from = own && numbers(own, keyword).length > 0 ? own : items(shared, name)[0];
    return from ? numbers(from, keyword) : [];
  };
  const orientation = group(perFrame[0] ?? {}, "PlaneOrientationSequence", "ImageOrientationPatient");
  const pixelSpacing = group(perFrame[0] ?? {}, "PixelMeasuresSequence", "PixelSpacing");
  if (orientation.length !== 6 || pixelSpacing.length !== 2) fail("has no plane orientation or pixel spacing (Shared/Per-frame Functional Groups)");
  const compressed = decodableTransferSyntax(text(ds, "TransferSyntaxUID"))?.encapsulated;
  if (compressed && !decoded)
    fail(`its pixel data are compressed (${describeTransferSyntax(text(ds, "TransferSyntaxUID"))}): decode them first (decodeSegFrames)`);
  // GDCM gives BINARY pixels as 0/255 (or 0/1): one bit each, as unpackFrames does.
  const bits = decoded
    ? type === "BINARY"
      ? decoded.map((v) => (v ? 1 : 0))
      : decoded
    : unpackFrames(ds, type as DicomSeg["type"], rows * columns, perFrame.length, fail);
  const frames = perFrame.map((frame, f): SegFrame => {
    const segment = numbers(items(frame, "SegmentIdentificationSequence")[0] ?? {}, "ReferencedSegmentNumber")[0];
    const position = group(frame, "PlanePositionSequence", "ImagePositionPatient");
    if (position.length !== 3) fail(`frame ${f + 1} has no Image Position (Patient)`);
    return { segment, position, pixels: bits.subarray(f * rows * columns, (f + 1) * rows * columns) };
  });
  const segments = items(ds, "SegmentSequence").map((s): SegSegment => {
    const number = numbers(s, "SegmentNumber")[0];
    const lab = numbers(s, "RecommendedDisplayCIELabValue");
    return {
      number,
      label: text(s, "SegmentLabel"),
      ...(lab.length === 3 ? { color: cieLabToRgb(lab) } : {}),
      frameCount: frames.filter((fr) => fr.segment === number).length,
    };
  });
  const series = items(ds, "ReferencedSeriesSequence")[0];
  return {
    file,
    type: type as DicomSeg["type"],
    maximumFractionalValue: numbers(ds, "MaximumFractionalValue")[0] ?? 255,
    frameOfReferenceUid: text(ds, "FrameOfReferenceUID"),
    referencedSeriesUid: series ? text(series, "SeriesInstanceUID") : "",
    rows,
    columns,
    orientation,
    pixelSpacing,
    segments,
    frames,
  };
}

/**
 * Pixel data as one byte a pixel. BINARY frames are packed 8 pixels a byte, least significant
 * bit first, one frame straight after the other with no padding between frames (PS3.5 8.1.1).
 */
function unpackFrames(ds: DicomDataset, type: DicomSeg["type"], pixelsPerFrame: number, frameCount: number, fail: (what: string) => never): Uint8Array {
  const raw = ds.PixelData;
  const buffers = (Array.isArray(raw) ? raw : [raw]).filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
  const bytes = new Uint8Array(buffers.reduce((n, b) => n + b.byteLength, 0));
  let offset = 0;
  for (const b of buffers) {
    bytes.set(new Uint8Array(b), offset);
    offset += b.byteLength;
  }
  const total = pixelsPerFrame * frameCount;
  if (type === "FRACTIONAL") {
    if (bytes.length < total) fail(`holds ${bytes.length} bytes of pixel data for ${frameCount} frames of ${pixelsPerFrame} pixels`);
    return bytes.subarray(0, total);
  }
  if (bytes.length * 8 < total) fail(`holds ${bytes.length} bytes of pixel data for ${frameCount} binary frames of ${pixelsPerFrame} pixels`);
  const out = new Uint8Array(total);
  for (let n = 0; n < total; n++) out[n] = (bytes[n >> 3] >> (n & 7)) & 1;
  return out;
}

/** Options of {@link segmentMask}. */
export interface SegmentMaskOptions {
  /** For FRACTIONAL segments: a voxel is inside when its fraction is ≥ this (default 0.5). */
  fractionThreshold?: number;
  /** Largest distance of a frame from a slice plane or pixel grid, in voxels. Default 0.1. */
  tolerance?: number;
  caseId?: string;
}

/**
 * The voxels of one segment on `grid`: every frame of the segment placed on the image slice at
 * its position. Frames must have the image's rows, columns, pixel spacing and orientation and
 * lie on one of its slices; a frame elsewhere is an error naming it.
 */
export function segmentMask(seg: DicomSeg, segment: SegSegment, grid: Grid, options: SegmentMaskOptions = {}): { data: Uint8Array; voxelCount: number } {
  const [nx, ny, nz] = grid.size;
  const tolerance = options.tolerance ?? 0.1;
  const fail = (what: string): never => {
    throw new RadlabInputError(withCase(options.caseId, `${seg.file}: segment ${segment.number} "${segment.label}": ${what}`), seg.file, options.caseId);
  };
  checkFrameGeometry(seg, grid, fail);
  const threshold = seg.type === "BINARY" ? 1 : (options.fractionThreshold ?? 0.5) * seg.maximumFractionalValue;
  const toIndex = indexTransform(grid);
  const data = new Uint8Array(nx * ny * nz);
  let voxelCount = 0;
  seg.frames.forEach((frame, f) => {
    if (frame.segment !== segment.number) return;
    const [i, j, kf] = toIndex(frame.position[0], frame.position[1], frame.position[2]);
    const k = Math.round(kf);
    if (Math.abs(i) > tolerance || Math.abs(j) > tolerance)
      fail(`frame ${f + 1} starts at voxel (${i.toFixed(2)}, ${j.toFixed(2)}) of the image, not at (0, 0)`);
    if (k < 0 || k >= nz) fail(`frame ${f + 1} lies off the series: at slice position ${kf.toFixed(2)}, the series has slices 0..${nz - 1}`);
    if (Math.abs(kf - k) > tolerance) fail(`frame ${f + 1} lies between slices ${Math.floor(kf)} and ${Math.floor(kf) + 1} (slice position ${kf.toFixed(2)})`);
    const target = data.subarray(k * nx * ny, (k + 1) * nx * ny);
    for (let n = 0; n < frame.pixels.length; n++) {
      if (frame.pixels[n] >= threshold && target[n] === 0) {
        target[n] = 1;
        voxelCount++;
      }
    }
  });
  return { data, voxelCount };
}

/** The SEG's frames must share the image's in-plane grid: rows, columns, pixel spacing, row and column directions. */
function checkFrameGeometry(seg: DicomSeg, grid: Grid, fail: (what: string) => never): void {
  const [nx, ny] = grid.size;
  if (seg.columns !== nx || seg.rows !== ny) fail(`frames are ${seg.columns}×${seg.rows} pixels, the image's slices ${nx}×${ny}`);
  const [rowSpacing, columnSpacing] = seg.pixelSpacing;
  if (Math.abs(columnSpacing - grid.spacing[0]) > 1e-3 || Math.abs(rowSpacing - grid.spacing[1]) > 1e-3)
    fail(`pixel spacing ${columnSpacing}×${rowSpacing} mm is not the image's ${grid.spacing[0]}×${grid.spacing[1]} mm`);
  const d = grid.direction;
  const imageRow = [d[0], d[3], d[6]];
  const imageColumn = [d[1], d[4], d[7]];
  const off = (a: number[], b: number[]) => Math.max(...a.map((v, n) => Math.abs(v - b[n])));
  if (off(seg.orientation.slice(0, 3), imageRow) > 1e-3 || off(seg.orientation.slice(3, 6), imageColumn) > 1e-3)
    fail(`frame orientation [${seg.orientation.join(", ")}] is not the image's [${[...imageRow, ...imageColumn].map((v) => +v.toFixed(6)).join(", ")}]`);
}

/**
 * DICOM's CIELab (each component scaled to 0..65535, PS3.3 C.10.7.1.1) → 8-bit sRGB, through
 * XYZ (D65) and the sRGB transfer curve.
 */
export function cieLabToRgb(lab: number[]): [number, number, number] {
  const L = (lab[0] * 100) / 65535;
  const a = (lab[1] * 255) / 65535 - 128;
  const b = (lab[2] * 255) / 65535 - 128;
  const fy = (L + 16) / 116;
  const f = (t: number) => (t > 6 / 29 ? math.pow(t, 3) : 3 * (6 / 29) ** 2 * (t - 4 / 29));
  const [x, y, z] = [0.95047 * f(fy + a / 500), f(fy), 1.08883 * f(fy - b / 200)];
  const linear = [3.2406 * x - 1.5372 * y - 0.4986 * z, -0.9689 * x + 1.8758 * y + 0.0415 * z, 0.0557 * x - 0.204 * y + 1.057 * z];
  const gamma = (c: number) => (c <= 0.0031308 ? 12.92 * c : 1.055 * math.pow(c, 1 / 2.4) - 0.055);
  return linear.map((c) => Math.round(255 * Math.min(1, Math.max(0, gamma(c))))) as [number, number, number];
}
