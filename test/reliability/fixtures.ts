/**
 * Seeded generator of bad-but-plausible inputs (issue 15's red-team list), tiny on purpose
 * (8×7×5 voxels) so every test that uses them runs in milliseconds. `writeFixtures(dir, seed)`
 * writes every file and returns their paths together with the numbers a test compares against,
 * computed here from the arrays before they are written, never through radlab's readers or
 * feature code. The same seed gives the same bytes.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { DemoRandom } from "../../kernel-lib/src/demo/prng.js";
import { encodeNifti } from "../../kernel-lib/src/io/write-nifti.js";
import type { Grid, Vec3 } from "../../kernel-lib/src/types.js";

export const SIZE: Vec3 = [8, 7, 5];
/** Spacing exact in float32 (NIfTI's pixdim), so NIfTI and NRRD copies share one grid. */
export const GRID: Grid = { size: SIZE, spacing: [0.75, 0.75, 2], origin: [-3, 4, 10], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
const VOXELS = SIZE[0] * SIZE[1] * SIZE[2];

/** Paths of the written inputs and the independently computed numbers they should give. */
export interface Fixtures {
  /** A float32 image and its 0/1 mask (label 1), the clean case. */
  image: string;
  mask: string;
  /** The image with NaN voxels inside the ROI, as NIfTI and as NRRD. */
  nanNifti: string;
  nanNrrd: string;
  /** The image with +Inf and −Inf voxels inside the ROI, as NIfTI and as NRRD. */
  infNifti: string;
  infNrrd: string;
  nanCount: number;
  infCounts: { positive: number; negative: number };
  /** mm³ of one voxel. */
  voxelVolume: number;
  /** Mean of the clean image over the ROI, and over the ROI's finite voxels of each damaged image. */
  roiVoxels: number;
  cleanMean: number;
  nanFiniteMean: number;
  infFiniteMean: number;
  /** A label map with labels 1, 2 and 7 (counts in `labelCounts`). */
  multiLabelMask: string;
  labelCounts: Record<number, number>;
  /** A float32 mask: 1 in the ROI, 0.5 on a one-voxel rim around it (a partial-volume export). */
  partialMask: string;
  partialRimVoxels: number;
  /** A 2-D image and its 2-D mask (one slice, no thickness). */
  image2d: string;
  mask2d: string;
  /** A manifest with only its header. */
  headerOnlyManifest: string;
  /** A manifest exported with `;` and decimal commas (clinical column `weight`) and hex codes (`code`). */
  semicolonManifest: string;
  /** The weights as numbers, and the hex codes as written. */
  weights: number[];
  codes: string[];
}

/** Writes every fixture into `dir` (which must exist). */
export function writeFixtures(dir: string, seed = 15): Fixtures {
  const random = new DemoRandom(seed);
  const image = new Float32Array(VOXELS);
  for (let n = 0; n < VOXELS; n++) {
    const [i, j, k] = ijk(n);
    image[n] = 100 + 10 * Math.sin(i) + 5 * j - 3 * k + random.between(-4, 4);
  }
  const roi = ellipsoidRoi();
  const roiIndices = [...roi.keys()].filter((n) => roi[n] === 1);
  const path = (name: string) => join(dir, name);

  writeNiftiFile(path("image.nii.gz"), image);
  writeNiftiFile(path("mask.nii.gz"), roi);

  // NaN at 3 seeded ROI voxels; +Inf at 2 and −Inf at 1 others.
  const picks = pickDistinct(random, roiIndices, 6);
  const withNaN = Float32Array.from(image);
  for (const n of picks.slice(0, 3)) withNaN[n] = Number.NaN;
  const withInf = Float32Array.from(image);
  for (const n of picks.slice(3, 5)) withInf[n] = Number.POSITIVE_INFINITY;
  withInf[picks[5]] = Number.NEGATIVE_INFINITY;
  writeNiftiFile(path("nan.nii"), withNaN);
  writeNrrdFile(path("nan.nrrd"), withNaN);
  writeNiftiFile(path("inf.nii"), withInf);
  writeNrrdFile(path("inf.nrrd"), withInf);

  // Labels 1 (the ROI), 2 and 7 on separate blocks outside it.
  const multi = Uint8Array.from(roi);
  const labelCounts: Record<number, number> = { 1: roiIndices.length, 2: 0, 7: 0 };
  for (let n = 0; n < VOXELS; n++) {
    const [i, j, k] = ijk(n);
    if (roi[n] === 0 && k === 0 && i < 3) {
      multi[n] = 2;
      labelCounts[2]++;
    } else if (roi[n] === 0 && k === SIZE[2] - 1 && j < 2) {
      multi[n] = 7;
      labelCounts[7]++;
    }
  }
  writeNiftiFile(path("multilabel-mask.nii.gz"), multi);

  // A partial-volume rim: 0.5 on the 6-neighbours of the ROI outside it.
  const partial = Float32Array.from(roi);
  let partialRimVoxels = 0;
  for (let n = 0; n < VOXELS; n++) {
    if (roi[n] === 1) continue;
    const [i, j, k] = ijk(n);
    const touches = [
      [1, 0, 0],
      [-1, 0, 0],
      [0, 1, 0],
      [0, -1, 0],
      [0, 0, 1],
      [0, 0, -1],
    ].some(([a, b, c]) => roi[index(i + a, j + b, k + c)] === 1);
    if (touches) {
      partial[n] = 0.5;
      partialRimVoxels++;
    }
  }
  writeNiftiFile(path("partial-mask.nii.gz"), partial);

  // One slice written as a genuinely 2-D NIfTI (dim[0] = 2).
  const slice = SIZE[0] * SIZE[1];
  writeNiftiFile(path("image-2d.nii"), image.slice(2 * slice, 3 * slice), 2);
  writeNiftiFile(path("mask-2d.nii"), roi.slice(2 * slice, 3 * slice), 2);

  writeFileSync(path("header-only.csv"), "id,image,mask\n");
  const weights = [71.5, 64.25, 80];
  const codes = ["0x1F", "0x2A", "0b11"];
  writeFileSync(
    path("semicolon.csv"),
    ["id;image;mask;weight;code", ...weights.map((w, n) => `P${n + 1};image.nii.gz;mask.nii.gz;${String(w).replace(".", ",")};${codes[n]}`)].join("\r\n") +
      "\r\n",
  );

  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const finiteRoi = (data: Float32Array) => roiIndices.map((n) => data[n]).filter(Number.isFinite);
  return {
    image: path("image.nii.gz"),
    mask: path("mask.nii.gz"),
    nanNifti: path("nan.nii"),
    nanNrrd: path("nan.nrrd"),
    infNifti: path("inf.nii"),
    infNrrd: path("inf.nrrd"),
    nanCount: 3,
    infCounts: { positive: 2, negative: 1 },
    roiVoxels: roiIndices.length,
    voxelVolume: GRID.spacing[0] * GRID.spacing[1] * GRID.spacing[2],
    cleanMean: mean(roiIndices.map((n) => image[n])),
    nanFiniteMean: mean(finiteRoi(withNaN)),
    infFiniteMean: mean(finiteRoi(withInf)),
    multiLabelMask: path("multilabel-mask.nii.gz"),
    labelCounts,
    partialMask: path("partial-mask.nii.gz"),
    partialRimVoxels,
    image2d: path("image-2d.nii"),
    mask2d: path("mask-2d.nii"),
    headerOnlyManifest: path("header-only.csv"),
    semicolonManifest: path("semicolon.csv"),
    weights,
    codes,
  };
}

function ijk(n: number): Vec3 {
  return [n % SIZE[0], Math.floor(n / SIZE[0]) % SIZE[1], Math.floor(n / (SIZE[0] * SIZE[1]))];
}

/** Index of (i, j, k), or −1 outside the grid. */
function index(i: number, j: number, k: number): number {
  if (i < 0 || j < 0 || k < 0 || i >= SIZE[0] || j >= SIZE[1] || k >= SIZE[2]) return -1;
  return i + SIZE[0] * (j + SIZE[1] * k);
}

/** An ellipsoid ROI in the middle of the grid (label 1). */
function ellipsoidRoi(): Uint8Array {
  const roi = new Uint8Array(VOXELS);
  for (let n = 0; n < VOXELS; n++) {
    const [i, j, k] = ijk(n);
    const r = ((i - 3.5) / 2.6) ** 2 + ((j - 3) / 2.2) ** 2 + ((k - 2) / 1.6) ** 2;
    if (r <= 1) roi[n] = 1;
  }
  return roi;
}

function pickDistinct(random: DemoRandom, from: number[], count: number): number[] {
  const pool = [...from];
  const picked: number[] = [];
  for (let c = 0; c < count; c++) picked.push(pool.splice(Math.floor(random.uniform() * pool.length), 1)[0]);
  return picked;
}

/** A NIfTI-1 file through radlab's writer; `dimension` 2 rewrites dim[0] so readers see a 2-D image. */
function writeNiftiFile(file: string, data: Float32Array | Uint8Array, dimension: 2 | 3 = 3): void {
  const grid = dimension === 3 ? GRID : { ...GRID, size: [SIZE[0], SIZE[1], 1] as Vec3 };
  const bytes = encodeNifti(grid, data);
  if (dimension === 2) new DataView(bytes.buffer, bytes.byteOffset).setInt16(40, 2, true);
  writeFileSync(file, file.endsWith(".gz") ? gzipSync(bytes) : bytes);
}

/** A raw little-endian float NRRD with the fixture's grid (written by hand: radlab has no NRRD writer). */
function writeNrrdFile(file: string, data: Float32Array): void {
  const [sx, sy, sz] = GRID.spacing;
  const header = [
    "NRRD0004",
    "type: float",
    "dimension: 3",
    "space: left-posterior-superior",
    `sizes: ${SIZE.join(" ")}`,
    `space directions: (${sx},0,0) (0,${sy},0) (0,0,${sz})`,
    "kinds: domain domain domain",
    "endian: little",
    "encoding: raw",
    `space origin: (${GRID.origin.join(",")})`,
    "",
    "",
  ].join("\n");
  const body = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  writeFileSync(file, Buffer.concat([Buffer.from(header, "latin1"), body]));
}
