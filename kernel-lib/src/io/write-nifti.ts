import { dirname, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { RadlabInputError } from "../errors.js";
import type { Grid, VoxelArray } from "../types.js";
import { makeFolder, writeFileAtomic } from "./output-file.js";

/** NIfTI-1 datatype codes and bits per voxel of the typed arrays radlab writes. */
const DATATYPES: Record<string, [code: number, bitpix: number]> = {
  Uint8Array: [2, 8],
  Int16Array: [4, 16],
  Int32Array: [8, 32],
  Float32Array: [16, 32],
  Float64Array: [64, 64],
  Int8Array: [256, 8],
  Uint16Array: [512, 16],
  Uint32Array: [768, 32],
};

/**
 * Encodes a volume as a NIfTI-1 single file (.nii) in memory: a 348-byte header, 4 empty
 * extension bytes, the voxels (little-endian). Both qform and sform carry the grid, converted
 * from ITK's LPS to NIfTI's RAS (x and y negated). Deterministic: the same volume gives the
 * same bytes, which the demo cohort relies on.
 * Reference: NIfTI-1 header specification, nifti1.h; quaternion as nifti1_io.c mat44_to_quatern.
 */
export function encodeNifti(grid: Grid, data: VoxelArray, description = "radlab"): Uint8Array {
  const type = DATATYPES[data.constructor.name];
  if (!type) throw new Error(`cannot write ${data.constructor.name} voxels as NIfTI`);
  const header = new DataView(new ArrayBuffer(352));
  header.setInt32(0, 348, true); // sizeof_hdr
  header.setUint8(39, 0); // dim_info
  const dims = [3, grid.size[0], grid.size[1], grid.size[2], 1, 1, 1, 1];
  dims.forEach((d, n) => {
    header.setInt16(40 + 2 * n, d, true);
  });
  header.setInt16(70, type[0], true); // datatype
  header.setInt16(72, type[1], true); // bitpix
  // Affine (RAS): columns = direction cosines × spacing, flipped from LPS.
  const flip = [-1, -1, 1];
  const rotation = [0, 1, 2].map((r) => [0, 1, 2].map((c) => flip[r] * grid.direction[r * 3 + c]));
  const offset = [0, 1, 2].map((r) => flip[r] * grid.origin[r]);
  const { b, c, d, qfac } = rotationToQuaternion(rotation);
  const pixdim = [qfac, grid.spacing[0], grid.spacing[1], grid.spacing[2], 0, 0, 0, 0];
  pixdim.forEach((p, n) => {
    header.setFloat32(76 + 4 * n, p, true);
  });
  header.setFloat32(108, 352, true); // vox_offset
  header.setFloat32(112, 1, true); // scl_slope
  header.setFloat32(116, 0, true); // scl_inter
  header.setUint8(123, 2); // xyzt_units: mm
  const text = new TextEncoder().encode(description.slice(0, 79));
  new Uint8Array(header.buffer, 148, 80).set(text);
  header.setInt16(252, 1, true); // qform_code: scanner
  header.setInt16(254, 1, true); // sform_code: scanner
  [b, c, d, offset[0], offset[1], offset[2]].forEach((v, n) => {
    header.setFloat32(256 + 4 * n, v, true);
  });
  for (let r = 0; r < 3; r++) {
    for (let col = 0; col < 3; col++) header.setFloat32(280 + 16 * r + 4 * col, rotation[r][col] * grid.spacing[col], true);
    header.setFloat32(280 + 16 * r + 12, offset[r], true);
  }
  new Uint8Array(header.buffer, 344, 4).set([0x6e, 0x2b, 0x31, 0]); // "n+1\0"
  const body = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const out = new Uint8Array(352 + body.length);
  out.set(new Uint8Array(header.buffer), 0);
  out.set(body, 352);
  return out;
}

/** Writes a volume as .nii or .nii.gz (gzip level 1: MR noise barely compresses further; no timestamp, so the bytes are reproducible). */
export async function writeNifti(grid: Grid & { data: VoxelArray }, path: string, description?: string): Promise<void> {
  const file = resolve(path);
  const raw = encodeNifti(grid, grid.data, description);
  await makeFolder(dirname(file), (what) => {
    throw new RadlabInputError(`${file}: ${what}`, file);
  });
  await writeFileAtomic(file, file.endsWith(".gz") ? gzipSync(raw, { level: 1 }) : raw);
}

/**
 * Quaternion (b, c, d) and qfac of a 3×3 rotation, proper or improper (nifti1_io.c,
 * mat44_to_quatern): an improper matrix gets its third column negated and qfac = −1.
 */
function rotationToQuaternion(m: number[][]): { b: number; c: number; d: number; qfac: number } {
  const r = m.map((row) => [...row]);
  const det =
    r[0][0] * (r[1][1] * r[2][2] - r[1][2] * r[2][1]) - r[0][1] * (r[1][0] * r[2][2] - r[1][2] * r[2][0]) + r[0][2] * (r[1][0] * r[2][1] - r[1][1] * r[2][0]);
  let qfac = 1;
  if (det < 0) {
    qfac = -1;
    for (let row = 0; row < 3; row++) r[row][2] = -r[row][2];
  }
  let a = r[0][0] + r[1][1] + r[2][2] + 1;
  let b: number;
  let c: number;
  let d: number;
  if (a > 0.5) {
    a = 0.5 * Math.sqrt(a);
    b = (0.25 * (r[2][1] - r[1][2])) / a;
    c = (0.25 * (r[0][2] - r[2][0])) / a;
    d = (0.25 * (r[1][0] - r[0][1])) / a;
  } else {
    const xd = 1 + r[0][0] - (r[1][1] + r[2][2]);
    const yd = 1 + r[1][1] - (r[0][0] + r[2][2]);
    const zd = 1 + r[2][2] - (r[0][0] + r[1][1]);
    if (xd > 1) {
      b = 0.5 * Math.sqrt(xd);
      c = (0.25 * (r[0][1] + r[1][0])) / b;
      d = (0.25 * (r[0][2] + r[2][0])) / b;
      a = (0.25 * (r[2][1] - r[1][2])) / b;
    } else if (yd > 1) {
      c = 0.5 * Math.sqrt(yd);
      b = (0.25 * (r[0][1] + r[1][0])) / c;
      d = (0.25 * (r[1][2] + r[2][1])) / c;
      a = (0.25 * (r[0][2] - r[2][0])) / c;
    } else {
      d = 0.5 * Math.sqrt(zd);
      b = (0.25 * (r[0][2] + r[2][0])) / d;
      c = (0.25 * (r[1][2] + r[2][1])) / d;
      a = (0.25 * (r[1][0] - r[0][1])) / d;
    }
    if (a < 0) {
      b = -b;
      c = -c;
      d = -d;
    }
  }
  return { b, c, d, qfac };
}
