/**
 * A native reader for single-file NIfTI (.nii, .nii.gz; NIfTI-1 and NIfTI-2) that returns
 * what itk-wasm's readImageNode returns (ITK's NiftiImageIO on niftilib's nifti1_io.c), without
 * instantiating WebAssembly. It answers null for what it does not handle, so the caller falls
 * back to itk-wasm: .hdr/.img pairs and Analyze 7.5, vector/matrix intents, complex, RGB and
 * 64-bit integer voxels, 1D and 4D+ images, negative pixdim, and the qform/sform combinations
 * where ITK's choice rests on an SVD comparison or a build option (see {@link chooseTransform}).
 * One deliberate difference from ITK: NaN and ±Inf voxels are kept as stored (niftilib zeroes
 * them), so feature preparation can leave them out of the ROI instead of counting zeros.
 * Reference: nifti1.h / nifti2.h; nifti1_io.c nifti_convert_nhdr2nim, nifti_quatern_to_mat44,
 * nifti_read_buffer; ITK Modules/IO/NIFTI/src/itkNiftiImageIO.cxx ReadImageInformation,
 * SetImageIOOrientationFromNIfTI, Read.
 */
import { readFile } from "node:fs/promises";
import type { VoxelArray } from "../types.js";
import type { ItkImage } from "./itk.js";
import { CorruptVolumeError, gunzip, isGzip, type NativeComponentType, voxelsFromBytes } from "./volume-bytes.js";

/** NIfTI datatype codes radlab reads natively, with their itk-wasm component type. */
const DATATYPES: Record<number, NativeComponentType> = {
  2: "uint8",
  4: "int16",
  8: "int32",
  16: "float32",
  64: "float64",
  256: "int8",
  512: "uint16",
  768: "uint32",
};

/** Intents ITK reads as vector, tensor or matrix images (nifti1.h NIFTI_INTENT_*). */
const NON_SCALAR_INTENTS = new Set([1004, 1005, 1006, 1007]);

/** NIFTI_XFORM_SCANNER_ANAT: the sform code ITK prefers when the sform is orthonormal. */
const XFORM_SCANNER_ANAT = 1;

/** The header fields ITK uses, as numbers, whichever NIfTI version the file is. */
interface NiftiHeader {
  version: 1 | 2;
  littleEndian: boolean;
  dim: number[];
  datatype: number;
  intentCode: number;
  pixdim: number[];
  voxOffset: number;
  sclSlope: number;
  sclInter: number;
  xyztUnits: number;
  qformCode: number;
  sformCode: number;
  quatern: [number, number, number];
  qoffset: [number, number, number];
  srow: number[][];
}

/** A 4×4 transform (row-major rows), as niftilib's mat44. */
type Mat44 = number[][];

/** Reads a .nii or .nii.gz file; null when the file is a NIfTI flavour this reader leaves to itk-wasm. */
export async function readNifti(path: string): Promise<ItkImage | null> {
  return decodeNifti(await readFile(path));
}

/**
 * Decodes the bytes of a single-file NIfTI (gzip-compressed or not) into an itk-wasm-shaped
 * image. Throws CorruptVolumeError for a damaged file (truncated gzip, fewer voxel bytes than
 * the header promises); returns null for anything it does not handle.
 */
export function decodeNifti(fileBytes: Uint8Array): ItkImage | null {
  const bytes = isGzip(fileBytes) ? gunzip(fileBytes) : fileBytes;
  const header = parseNiftiHeader(bytes);
  if (header === null) return null;
  const componentOnDisk = DATATYPES[header.datatype];
  if (componentOnDisk === undefined || NON_SCALAR_INTENTS.has(header.intentCode)) return null;

  // nifti_convert_nhdr2nim: dims beyond dim[0] and non-positive ones become 1; bad pixdim becomes 1.
  const ndim = header.dim[0];
  if (ndim < 1 || ndim > 7 || header.dim[1] <= 0) return null;
  const dim = header.dim.map((d, n) => (n === 0 ? d : n > ndim ? (d !== 0 && d !== 1 ? 1 : d) : n >= 2 && d <= 0 ? 1 : d));
  const pixdim = header.pixdim.map((p, n) => (n >= 1 && n <= ndim && (p === 0 || !Number.isFinite(p)) ? 1 : p));
  // ITK's "real" dimension drops trailing singleton dims above 3 (a 4D file with t = 1 is 3D).
  let dimension = ndim;
  while (dimension > 3 && dim[dimension] === 1) dimension--;
  if (dimension < 2 || dimension > 3) return null;
  let voxelCount = 1;
  for (let n = 1; n <= ndim; n++) voxelCount *= dim[n];

  const spacingScale = unitScale(header.xyztUnits & 0x07);
  const size = dim.slice(1, dimension + 1);
  const spacing = pixdim.slice(1, dimension + 1).map((p) => p * spacingScale);
  // A negative pixdim gives ITK a negative spacing, which radlab's Volume cannot carry.
  if (spacing.some((s) => !(s > 0))) return null;

  const geometry = orientation(header, pixdim, dimension, spacingScale);
  if (geometry === null) return null;

  if (!Number.isFinite(header.voxOffset)) return null;
  const minOffset = header.version === 1 ? 348 : 540;
  const offset = Math.max(Math.trunc(header.voxOffset), minOffset);
  const stored = voxelsFromBytes(bytes, offset, voxelCount, componentOnDisk, header.littleEndian);
  // niftilib (so ITK) zeroes NaN and ±Inf voxels here (fix_floats); radlab keeps them, so that
  // feature preparation can leave them out of the ROI with a warning instead of counting real zeros.
  const { data, componentType } = rescale(stored, componentOnDisk, header.sclSlope, header.sclInter);
  return {
    imageType: { dimension, componentType, pixelType: "Scalar", components: 1 },
    origin: geometry.origin,
    spacing,
    direction: Float64Array.from(geometry.direction),
    size,
    data,
  };
}

/** Parses a NIfTI-1 (348-byte, magic "n+1") or NIfTI-2 (540-byte, magic "n+2") single-file header; null otherwise. */
function parseNiftiHeader(bytes: Uint8Array): NiftiHeader | null {
  if (bytes.length < 348) {
    throw new CorruptVolumeError(`holds ${bytes.length} bytes, fewer than a NIfTI header`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = (at: number) => String.fromCharCode(bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]);
  const headerSize = (little: boolean) => view.getInt32(0, little);
  if ((headerSize(true) === 348 || headerSize(false) === 348) && magic(344) === "n+1\0") {
    // need_nhdr_swap: dim[0] within 1..7 in the machine's order means no swap.
    const d0 = view.getInt16(40, true);
    const little = d0 >= 1 && d0 <= 7;
    if (!little && !(view.getInt16(40, false) >= 1 && view.getInt16(40, false) <= 7)) return null;
    const i16 = (at: number) => view.getInt16(at, little);
    const f32 = (at: number) => finite(view.getFloat32(at, little));
    const raw32 = (at: number) => view.getFloat32(at, little);
    return {
      version: 1,
      littleEndian: little,
      dim: Array.from({ length: 8 }, (_, n) => i16(40 + 2 * n)),
      datatype: i16(70),
      intentCode: i16(68),
      pixdim: Array.from({ length: 8 }, (_, n) => raw32(76 + 4 * n)),
      voxOffset: raw32(108),
      sclSlope: f32(112),
      sclInter: f32(116),
      xyztUnits: bytes[123],
      qformCode: i16(252),
      sformCode: i16(254),
      quatern: [f32(256), f32(260), f32(264)],
      qoffset: [f32(268), f32(272), f32(276)],
      srow: [0, 1, 2].map((r) => [0, 1, 2, 3].map((c) => raw32(280 + 16 * r + 4 * c))),
    };
  }
  if (bytes.length >= 540 && (headerSize(true) === 540 || headerSize(false) === 540) && magic(4) === "n+2\0") {
    const little = headerSize(true) === 540;
    const i64 = (at: number) => Number(view.getBigInt64(at, little));
    const i32 = (at: number) => view.getInt32(at, little);
    const f64 = (at: number) => view.getFloat64(at, little);
    return {
      version: 2,
      littleEndian: little,
      dim: Array.from({ length: 8 }, (_, n) => i64(16 + 8 * n)),
      datatype: view.getInt16(12, little),
      intentCode: i32(504),
      pixdim: Array.from({ length: 8 }, (_, n) => f64(104 + 8 * n)),
      voxOffset: i64(168),
      sclSlope: finite(f64(176)),
      sclInter: finite(f64(184)),
      xyztUnits: i32(500),
      qformCode: i32(344),
      sformCode: i32(348),
      quatern: [finite(f64(352)), finite(f64(360)), finite(f64(368))],
      qoffset: [finite(f64(376)), finite(f64(384)), finite(f64(392))],
      srow: [0, 1, 2].map((r) => [0, 1, 2, 3].map((c) => f64(400 + 32 * r + 8 * c))),
    };
  }
  return null;
}

/** niftilib's FIXED_FLOAT: a non-finite header number reads as 0. */
function finite(x: number): number {
  return Number.isFinite(x) ? x : 0;
}

/** Millimetres per spatial unit (NIFTI_UNITS_METER 1, MM 2, MICRON 3; unknown counts as mm), as ITK scales spacing and origin. */
function unitScale(code: number): number {
  return code === 1 ? 1e3 : code === 3 ? 1e-3 : 1;
}

/**
 * ITK's origin and direction (LPS) from the NIfTI transforms (SetImageIOOrientationFromNIfTI):
 * origin = (−t_x, −t_y, t_z)·unit scale, direction column d = normalised (−M_0d, −M_1d, M_2d)
 * of the chosen RAS transform M; with neither qform nor sform, origin 0 and identity.
 */
function orientation(header: NiftiHeader, pixdim: number[], dimension: number, spacingScale: number): { origin: number[]; direction: number[] } | null {
  // niftilib: a code ≤ 0 is NIFTI_XFORM_UNKNOWN.
  const qformCode = Math.max(header.qformCode, 0);
  const sformCode = Math.max(header.sformCode, 0);
  if (qformCode === 0 && sformCode === 0) {
    return { origin: new Array(dimension).fill(0), direction: identity(dimension) };
  }
  const store = header.version === 1 ? Math.fround : (x: number) => x;
  const qto = qformCode > 0 ? quaternToMat44(header, pixdim, store) : diagonalMat44(pixdim);
  const sto: Mat44 = sformCode > 0 ? [...header.srow.map((row) => row.map(store)), [0, 0, 0, 1]] : zeroMat44();
  const chosen = chooseTransform(qto, sto, qformCode, sformCode);
  if (chosen === null) return null;
  const flip = [-1, -1, 1];
  const origin = Array.from({ length: dimension }, (_, r) => flip[r] * chosen[r][3] * spacingScale);
  const direction = new Array<number>(dimension * dimension).fill(0);
  for (let c = 0; c < dimension; c++) {
    const column = Array.from({ length: dimension }, (_, r) => flip[r] * chosen[r][c]);
    const norm = Math.sqrt(column.reduce((sum, v) => sum + v * v, 0));
    // ITK's direction matrix, row-major as itk-wasm returns it: column c is axis c's cosine.
    for (let r = 0; r < dimension; r++) direction[r * dimension + c] = column[r] / norm;
  }
  return { origin, direction };
}

/**
 * Which transform ITK uses (itkNiftiImageIO.cxx SetImageIOOrientationFromNIfTI): the sform when
 * it is orthonormal and either the qform code is unknown or the sform code is SCANNER_ANAT;
 * otherwise the qform. Null where ITK decides by comparing the SVDs of sform and qform (both
 * codes known, sform code not SCANNER_ANAT), or would repair a skewed sform depending on a
 * build option: itk-wasm reads those.
 */
function chooseTransform(qto: Mat44, sto: Mat44, qformCode: number, sformCode: number): Mat44 | null {
  const similar = transformsSimilar(qto, sto);
  if (similar && sformCode === 0) return sto;
  if (sformIsOrthonormal(sto, sformCode)) {
    if (qformCode === 0 || sformCode === XFORM_SCANNER_ANAT) return sto;
    return null;
  }
  // A skewed sform: ITK repairs it or not depending on ITK_NIFTI_SFORM_PERMISSIVE.
  if (sformCode !== 0) return null;
  return qformCode !== 0 ? qto : null;
}

/** ITK's element-wise test: rotation-scale parts within 1e-5, translations and bottom rows within 1e-7 (1-norm). */
function transformsSimilar(a: Mat44, b: Mat44): boolean {
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) if (Math.abs(a[r][c] - b[r][c]) > 1e-5) return false;
  let translation = 0;
  let bottom = 0;
  for (let n = 0; n < 4; n++) {
    translation += Math.abs(a[n][3] - b[n][3]);
    bottom += Math.abs(a[3][n] - b[3][n]);
  }
  return translation <= 1e-7 && bottom <= 1e-7;
}

/**
 * ITK's "sform decomposable without skew": an invertible affine whose column-normalised 3×3
 * part R satisfies R·Rᵀ = I within 1e-4. An unset sform (code 0) is all zeros and fails.
 */
function sformIsOrthonormal(sto: Mat44, sformCode: number): boolean {
  if (sformCode === 0) return false;
  const columns = [0, 1, 2].map((c) => [sto[0][c], sto[1][c], sto[2][c]]);
  const unit = columns.map((v) => {
    const norm = Math.hypot(v[0], v[1], v[2]);
    return v.map((x) => x / norm);
  });
  if (unit.some((v) => v.some((x) => !Number.isFinite(x)))) return false;
  for (let r = 0; r < 3; r++) {
    for (let s = 0; s < 3; s++) {
      // (R·Rᵀ)[r][s] with R's columns the unit vectors: Σ_c R[r][c]·R[s][c].
      let dot = 0;
      for (let c = 0; c < 3; c++) dot += unit[c][r] * unit[c][s];
      if (Math.abs(dot - (r === s ? 1 : 0)) > 1e-4) return false;
    }
  }
  return true;
}

/**
 * The qform as a matrix (nifti1_io.c nifti_quatern_to_mat44): a = √(1 − b² − c² − d²) (or a
 * 180° rotation when that is below 1e-7), R from the unit quaternion (a, b, c, d), columns
 * scaled by the voxel sizes (non-positive ones as 1), the third negated when qfac = pixdim[0] < 0.
 */
function quaternToMat44(header: NiftiHeader, pixdim: number[], store: (x: number) => number): Mat44 {
  let [b, c, d] = header.quatern;
  let a = 1 - (b * b + c * c + d * d);
  if (a < 1e-7) {
    a = 1 / Math.sqrt(b * b + c * c + d * d);
    b *= a;
    c *= a;
    d *= a;
    a = 0;
  } else {
    a = Math.sqrt(a);
  }
  const xd = pixdim[1] > 0 ? pixdim[1] : 1;
  const yd = pixdim[2] > 0 ? pixdim[2] : 1;
  let zd = pixdim[3] > 0 ? pixdim[3] : 1;
  if (pixdim[0] < 0) zd = -zd;
  const [qx, qy, qz] = header.qoffset;
  return [
    [store((a * a + b * b - c * c - d * d) * xd), store(2 * (b * c - a * d) * yd), store(2 * (b * d + a * c) * zd), qx],
    [store(2 * (b * c + a * d) * xd), store((a * a + c * c - b * b - d * d) * yd), store(2 * (c * d - a * b) * zd), qy],
    [store(2 * (b * d - a * c) * xd), store(2 * (c * d + a * b) * yd), store((a * a + d * d - c * c - b * b) * zd), qz],
    [0, 0, 0, 1],
  ];
}

/** niftilib's qto_xyz without a qform: the voxel sizes on the diagonal. */
function diagonalMat44(pixdim: number[]): Mat44 {
  return [
    [pixdim[1], 0, 0, 0],
    [0, pixdim[2], 0, 0],
    [0, 0, pixdim[3], 0],
    [0, 0, 0, 1],
  ];
}

function zeroMat44(): Mat44 {
  return [0, 1, 2, 3].map(() => [0, 0, 0, 0]);
}

function identity(n: number): number[] {
  return Array.from({ length: n * n }, (_, k) => (k % (n + 1) === 0 ? 1 : 0));
}

/**
 * Applies scl_slope/scl_inter as ITK's NiftiImageIO: only when the slope is non-zero and slope ≠ 1
 * or inter ≠ 0 (|·| > DBL_EPSILON; a zero slope means 1); integer voxels are first converted to
 * float32 (the component type ITK then reports), and each value is rounded to the stored type:
 * y = T(double(x)·slope + inter).
 */
function rescale(stored: VoxelArray, type: NativeComponentType, sclSlope: number, sclInter: number): { data: VoxelArray; componentType: NativeComponentType } {
  const slope = Math.abs(sclSlope) < Number.EPSILON ? 1 : sclSlope;
  const inter = sclInter;
  const mustRescale = Math.abs(slope) > Number.EPSILON && (Math.abs(slope - 1) > Number.EPSILON || Math.abs(inter) > Number.EPSILON);
  if (!mustRescale) return { data: stored, componentType: type };
  const data: Float32Array | Float64Array =
    type === "float64" ? (stored as Float64Array) : type === "float32" ? (stored as Float32Array) : Float32Array.from(stored);
  // Writing into a Float32Array rounds to float32, as ITK's static_cast<float>.
  for (let n = 0; n < data.length; n++) data[n] = data[n] * slope + inter;
  return { data, componentType: type === "float64" ? "float64" : "float32" };
}
