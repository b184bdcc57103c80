/**
 * The native NIfTI and NRRD readers against ITK itself: for every file, the image they return
 * (size, spacing, origin, direction, component type, every voxel) must equal what itk-wasm's
 * readImageNode (ITK's NiftiImageIO / NrrdImageIO) returns for the same file. Files: the NIfTI
 * and NRRD volumes under shared/reference, files written by radlab's NIfTI writer and by
 * itk-wasm's writer, and hand-made variants of them (byte order, units, scaling, transforms,
 * spaces, detached data). Plus damaged files, which must give a clear RadlabInputError.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { RadlabInputError } from "../src/errors.js";
import type { ItkImage } from "../src/io/itk.js";
import { loadImageIo } from "../src/io/itk-node.js";
import { decodeNifti, readNifti } from "../src/io/nifti-read.js";
import { readNrrd } from "../src/io/nrrd-read.js";
import { readVolume, toVolume } from "../src/io/read-volume.js";
import { roiBoundingBox } from "../src/io/roi.js";
import { CorruptVolumeError } from "../src/io/volume-bytes.js";
import { encodeNifti } from "../src/io/write-nifti.js";
import { toItkImage } from "../src/io/write-volume.js";
import type { Grid, VoxelArray } from "../src/types.js";
import { describeOracle, ref } from "./reference.js";

const tmp = mkdtempSync(join(tmpdir(), "radlab-native-io-"));

async function itkRead(path: string): Promise<ItkImage> {
  const io = await loadImageIo();
  return (await io.readImageNode(path)) as unknown as ItkImage;
}

const fail = (what: string): never => {
  throw new Error(what);
};

function nativeRead(path: string): Promise<ItkImage | null> {
  return /\.nii(\.gz)?$/i.test(path) ? readNifti(path) : readNrrd(path);
}

/** Asserts that the native image equals ITK's: geometry within 1e-6 (relative for spacing and origin), voxels exactly. */
function expectSameImage(native: ItkImage | null, itk: ItkImage, label: string): void {
  expect(native, `${label}: the native reader declined the file`).not.toBeNull();
  const image = native as ItkImage;
  expect(image.imageType.dimension, `${label} dimension`).toBe(itk.imageType.dimension);
  expect(image.imageType.componentType, `${label} componentType`).toBe(itk.imageType.componentType);
  expect(image.imageType.components, `${label} components`).toBe(1);
  expect(Array.from(image.size), `${label} size`).toEqual(Array.from(itk.size));
  const close = (a: ArrayLike<number>, b: ArrayLike<number>, what: string, relative: boolean) => {
    expect(a.length, `${label} ${what} length`).toBe(b.length);
    for (let n = 0; n < b.length; n++) {
      const tolerance = 1e-6 * (relative ? Math.max(1, Math.abs(b[n])) : 1);
      expect(Math.abs(a[n] - b[n]), `${label} ${what}[${n}]: ${a[n]} vs ITK ${b[n]}`).toBeLessThanOrEqual(tolerance);
    }
  };
  close(image.spacing, itk.spacing, "spacing", true);
  close(image.origin, itk.origin, "origin", true);
  close(image.direction, itk.direction, "direction", false);
  const a = image.data as VoxelArray;
  const b = itk.data as VoxelArray;
  expect(a.constructor.name, `${label} voxel array`).toBe(b.constructor.name);
  expect(a.length, `${label} voxel count`).toBe(b.length);
  let firstDifference = -1;
  for (let n = 0; n < b.length && firstDifference < 0; n++) if (!Object.is(a[n], b[n])) firstDifference = n;
  expect(firstDifference < 0 ? "all voxels equal" : `voxel ${firstDifference}: ${a[firstDifference]} vs ITK ${b[firstDifference]}`, label).toBe(
    "all voxels equal",
  );
}

async function expectNativeEqualsItk(path: string, label = path): Promise<void> {
  expectSameImage(await nativeRead(path), await itkRead(path), label);
}

/** A seeded pseudo-random sequence in [0, 1), for voxel values. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

const TYPED = {
  int8: (n: number, r: () => number) => Int8Array.from({ length: n }, () => Math.floor(r() * 256) - 128),
  uint8: (n: number, r: () => number) => Uint8Array.from({ length: n }, () => Math.floor(r() * 256)),
  int16: (n: number, r: () => number) => Int16Array.from({ length: n }, () => Math.floor(r() * 65536) - 32768),
  uint16: (n: number, r: () => number) => Uint16Array.from({ length: n }, () => Math.floor(r() * 65536)),
  int32: (n: number, r: () => number) => Int32Array.from({ length: n }, () => Math.floor(r() * 2 ** 32) - 2 ** 31),
  uint32: (n: number, r: () => number) => Uint32Array.from({ length: n }, () => Math.floor(r() * 2 ** 32)),
  float32: (n: number, r: () => number) => Float32Array.from({ length: n }, () => (r() - 0.5) * 1e4),
  float64: (n: number, r: () => number) => Float64Array.from({ length: n }, () => (r() - 0.5) * 1e6),
} as const;

/** Rotation matrix (row-major) about a unit axis by an angle. */
function rotation(axis: [number, number, number], angle: number): number[] {
  const [x, y, z] = axis;
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const t = 1 - c;
  return [
    t * x * x + c,
    t * x * y - s * z,
    t * x * z + s * y,
    t * x * y + s * z,
    t * y * y + c,
    t * y * z - s * x,
    t * x * z - s * y,
    t * y * z + s * x,
    t * z * z + c,
  ];
}

const AXIS_ALIGNED: Grid = { size: [7, 5, 4], spacing: [0.9, 0.8, 3], origin: [-12.5, 40.25, -7], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
const n = 0.36;
const OBLIQUE: Grid = { size: [6, 5, 3], spacing: [1.1, 0.7, 2.5], origin: [3.5, -20, 11], direction: rotation([0.48, 0.6, 0.64], n) };
/** An improper frame: the oblique rotation with its first axis reversed (determinant −1). */
const MIRRORED: Grid = {
  size: [5, 6, 4],
  spacing: [0.5, 0.5, 1.5],
  origin: [100, -50, 25],
  direction: rotation([0, 0.6, 0.8], -0.7).map((v, k) => (k % 3 === 0 ? -v : v)),
};

/** Offsets and widths of the numeric fields of a NIfTI-1 header (nifti1.h), for byte swapping. */
const NIFTI1_FIELDS: [offset: number, width: number, count: number][] = [
  [0, 4, 1], // sizeof_hdr
  [32, 4, 1], // extents
  [36, 2, 1], // session_error
  [40, 2, 8], // dim
  [56, 4, 3], // intent_p1..3
  [68, 2, 4], // intent_code, datatype, bitpix, slice_start
  [76, 4, 8], // pixdim
  [108, 4, 3], // vox_offset, scl_slope, scl_inter
  [120, 2, 1], // slice_end
  [124, 4, 6], // cal_max, cal_min, slice_duration, toffset, glmax, glmin
  [252, 2, 2], // qform_code, sform_code
  [256, 4, 18], // quatern_b..qoffset_z, srow_x, srow_y, srow_z
];

function swapWords(bytes: Uint8Array, at: number, width: number, count: number): void {
  for (let w = 0; w < count; w++) bytes.subarray(at + w * width, at + (w + 1) * width).reverse();
}

/** A little-endian NIfTI-1 file rewritten big-endian, header and voxels. */
function niftiToBigEndian(little: Uint8Array, bytesPerVoxel: number): Uint8Array {
  const big = Uint8Array.from(little);
  for (const [offset, width, count] of NIFTI1_FIELDS) swapWords(big, offset, width, count);
  const voxOffset = new DataView(little.buffer, little.byteOffset).getFloat32(108, true);
  swapWords(big, voxOffset, bytesPerVoxel, (big.length - voxOffset) / bytesPerVoxel);
  return big;
}

/**
 * The same image as a NIfTI-2 single file (nifti2.h: 540-byte header, 64-bit dims and
 * offsets, double-precision transforms), voxels after a 4-byte extension flag at 544.
 */
function niftiToNifti2(one: Uint8Array): Uint8Array {
  const src = new DataView(one.buffer, one.byteOffset, one.byteLength);
  const voxOffset = src.getFloat32(108, true);
  const body = one.subarray(voxOffset);
  const out = new Uint8Array(544 + body.length);
  const dst = new DataView(out.buffer);
  dst.setInt32(0, 540, true);
  out.set([0x6e, 0x2b, 0x32, 0, 0x0d, 0x0a, 0x1a, 0x0a], 4); // "n+2\0\r\n\032\n"
  dst.setInt16(12, src.getInt16(70, true), true); // datatype
  dst.setInt16(14, src.getInt16(72, true), true); // bitpix
  for (let k = 0; k < 8; k++) dst.setBigInt64(16 + 8 * k, BigInt(src.getInt16(40 + 2 * k, true)), true);
  for (let k = 0; k < 8; k++) dst.setFloat64(104 + 8 * k, src.getFloat32(76 + 4 * k, true), true);
  dst.setBigInt64(168, 544n, true); // vox_offset
  dst.setFloat64(176, src.getFloat32(112, true), true); // scl_slope
  dst.setFloat64(184, src.getFloat32(116, true), true); // scl_inter
  dst.setInt32(344, src.getInt16(252, true), true); // qform_code
  dst.setInt32(348, src.getInt16(254, true), true); // sform_code
  for (let k = 0; k < 18; k++) dst.setFloat64(352 + 8 * k, src.getFloat32(256 + 4 * k, true), true);
  dst.setInt32(500, src.getUint8(123), true); // xyzt_units
  dst.setInt32(504, src.getInt16(68, true), true); // intent_code
  out.set(body, 544);
  return out;
}

function patchNifti(bytes: Uint8Array, edit: (view: DataView) => void): Uint8Array {
  const copy = Uint8Array.from(bytes);
  edit(new DataView(copy.buffer));
  return copy;
}

describeOracle("native readers on the reference volumes equal ITK", () => {
  const files = [
    "ibsi/digital_phantom/phantom.nii.gz",
    "ibsi/digital_phantom/mask.nii.gz",
    "ibsi/ct_radiomics_phantom/phantom.nii.gz",
    "ibsi/ct_radiomics_phantom/mask.nii.gz",
    ...readdirSync(ref("itk"))
      .filter((name) => name.endsWith(".nii.gz"))
      .map((name) => `itk/${name}`),
    ...readdirSync(ref("pyradiomics/data"))
      .filter((name) => name.endsWith(".nrrd"))
      .map((name) => `pyradiomics/data/${name}`),
  ];

  it("covers every NIfTI and NRRD there", () => {
    expect(files.filter((f) => f.startsWith("itk/")).length).toBe(6);
    expect(files.filter((f) => f.endsWith(".nrrd")).length).toBe(8);
  });

  for (const file of files) {
    it(file, async () => {
      await expectNativeEqualsItk(ref(file), file);
    });
  }

  it("readVolume gives the Volume it gave through itk-wasm", async () => {
    for (const file of [ref("pyradiomics/data/breast1_image.nrrd"), ref("itk/b_texture_image.nii.gz")]) {
      expect(await readVolume(file)).toEqual(toVolume(await itkRead(file), file, fail));
    }
  });
});

describe("NIfTI written by radlab's writer, read natively, equals ITK", () => {
  const random = seeded(20240611);
  const cases: { name: string; grid: Grid; type: keyof typeof TYPED; edit?: (bytes: Uint8Array) => Uint8Array }[] = [
    { name: "int16-axis-aligned.nii.gz", grid: AXIS_ALIGNED, type: "int16" },
    { name: "float32-oblique.nii", grid: OBLIQUE, type: "float32" },
    { name: "uint8-mirrored.nii.gz", grid: MIRRORED, type: "uint8" },
    { name: "int8.nii", grid: OBLIQUE, type: "int8" },
    { name: "uint16.nii.gz", grid: MIRRORED, type: "uint16" },
    { name: "int32.nii", grid: AXIS_ALIGNED, type: "int32" },
    { name: "uint32.nii", grid: OBLIQUE, type: "uint32" },
    { name: "float64-mirrored.nii.gz", grid: MIRRORED, type: "float64" },
    // scl_slope / scl_inter: integers become float32 in ITK, floats keep their type.
    {
      name: "int16-slope-inter.nii",
      grid: OBLIQUE,
      type: "int16",
      edit: (b) =>
        patchNifti(b, (v) => {
          v.setFloat32(112, 0.37, true);
          v.setFloat32(116, -1024.5, true);
        }),
    },
    {
      name: "uint8-inter-only.nii",
      grid: AXIS_ALIGNED,
      type: "uint8",
      edit: (b) =>
        patchNifti(b, (v) => {
          v.setFloat32(112, 0, true);
          v.setFloat32(116, 3.25, true);
        }),
    },
    { name: "float32-slope.nii", grid: MIRRORED, type: "float32", edit: (b) => patchNifti(b, (v) => v.setFloat32(112, 2.5, true)) },
    {
      name: "float64-slope-inter.nii",
      grid: OBLIQUE,
      type: "float64",
      edit: (b) =>
        patchNifti(b, (v) => {
          v.setFloat32(112, -0.1, true);
          v.setFloat32(116, 7, true);
        }),
    },
    { name: "int32-slope.nii.gz", grid: AXIS_ALIGNED, type: "int32", edit: (b) => patchNifti(b, (v) => v.setFloat32(112, 1e-3, true)) },
    // Which transform ITK uses: qform only, sform only, neither.
    { name: "qform-only.nii", grid: OBLIQUE, type: "int16", edit: (b) => patchNifti(b, (v) => v.setInt16(254, 0, true)) },
    { name: "qform-only-mirrored.nii", grid: MIRRORED, type: "int16", edit: (b) => patchNifti(b, (v) => v.setInt16(254, 0, true)) },
    { name: "sform-only.nii", grid: MIRRORED, type: "int16", edit: (b) => patchNifti(b, (v) => v.setInt16(252, 0, true)) },
    {
      name: "sform-aligned-no-qform.nii",
      grid: OBLIQUE,
      type: "int16",
      edit: (b) =>
        patchNifti(b, (v) => {
          v.setInt16(252, 0, true);
          v.setInt16(254, 2, true);
        }),
    },
    {
      name: "no-transform.nii",
      grid: OBLIQUE,
      type: "int16",
      edit: (b) =>
        patchNifti(b, (v) => {
          v.setInt16(252, 0, true);
          v.setInt16(254, 0, true);
        }),
    },
    // The sform says something else than the qform: ITK takes the SCANNER_ANAT sform.
    { name: "sform-differs.nii", grid: OBLIQUE, type: "int16", edit: (b) => patchNifti(b, (v) => v.setFloat32(280 + 12, 99.5, true)) },
    // Units: metres and microns scale spacing and origin.
    { name: "metres.nii", grid: OBLIQUE, type: "int16", edit: (b) => patchNifti(b, (v) => v.setUint8(123, 1)) },
    { name: "microns.nii", grid: AXIS_ALIGNED, type: "int16", edit: (b) => patchNifti(b, (v) => v.setUint8(123, 3)) },
    // A 4D header with one time point is 3D in ITK; zero pixdim reads as 1.
    {
      name: "4d-one-timepoint.nii",
      grid: OBLIQUE,
      type: "int16",
      edit: (b) =>
        patchNifti(b, (v) => {
          v.setInt16(40, 4, true);
          v.setInt16(48, 1, true);
          v.setFloat32(92, 2, true);
        }),
    },
    {
      name: "zero-pixdim.nii",
      grid: AXIS_ALIGNED,
      type: "int16",
      edit: (b) =>
        patchNifti(b, (v) => {
          v.setInt16(252, 0, true);
          v.setInt16(254, 0, true);
          v.setFloat32(84, 0, true);
        }),
    },
    // A 2D image (dim[0] = 2).
    { name: "two-d.nii", grid: { ...AXIS_ALIGNED, size: [7, 5, 1] }, type: "float32", edit: (b) => patchNifti(b, (v) => v.setInt16(40, 2, true)) },
    // Voxels after an (empty) extension area: vox_offset 368.
    {
      name: "vox-offset-368.nii",
      grid: OBLIQUE,
      type: "int16",
      edit: (b) => {
        const out = new Uint8Array(b.length + 16);
        out.set(b.subarray(0, 352));
        out.set(b.subarray(352), 368);
        new DataView(out.buffer).setFloat32(108, 368, true);
        return out;
      },
    },
    // Big-endian header and voxels.
    { name: "big-endian-int16.nii", grid: OBLIQUE, type: "int16", edit: (b) => niftiToBigEndian(b, 2) },
    { name: "big-endian-float64.nii.gz", grid: MIRRORED, type: "float64", edit: (b) => niftiToBigEndian(b, 8) },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const count = c.grid.size[0] * c.grid.size[1] * c.grid.size[2];
      let bytes = encodeNifti(c.grid, TYPED[c.type](count, random));
      if (c.edit) bytes = c.edit(bytes);
      const file = join(tmp, c.name);
      writeFileSync(file, file.endsWith(".gz") ? gzipSync(bytes) : bytes);
      await expectNativeEqualsItk(file, c.name);
    });
  }

  it("NaN and infinite float voxels are kept (radlab differs from ITK here on purpose: niftilib's fix_floats zeroes them)", async () => {
    const data = Float32Array.from({ length: 7 * 5 * 4 }, (_, k) => (k % 7 === 0 ? Number.NaN : k % 11 === 0 ? -Infinity : k));
    const file = join(tmp, "non-finite.nii");
    writeFileSync(file, encodeNifti(AXIS_ALIGNED, data));
    const native = (await readNifti(file)) as ItkImage;
    // radlab keeps what is stored, so feature preparation can leave these voxels out of the ROI
    // (with a warning) instead of counting them as real zeros.
    expect(Array.from(native.data as Float32Array).map(String)).toEqual(Array.from(data).map(String));
    // Everywhere else radlab's image is ITK's: with the non-finite voxels zeroed as niftilib does, they are identical.
    const zeroed = { ...native, data: (native.data as Float32Array).map((v) => (Number.isFinite(v) ? v : 0)) };
    expectSameImage(zeroed, await itkRead(file), "non-finite");
  });

  it("NIfTI-2 reads as ITK reads the same image stored as NIfTI-1", async () => {
    for (const [name, grid, type] of [
      ["oblique-int16", OBLIQUE, "int16"],
      ["mirrored-float32", MIRRORED, "float32"],
      ["axis-aligned-uint8", AXIS_ALIGNED, "uint8"],
    ] as const) {
      const one = encodeNifti(grid, TYPED[type](grid.size[0] * grid.size[1] * grid.size[2], random));
      const file1 = join(tmp, `${name}.nii`);
      writeFileSync(file1, one);
      const two = niftiToNifti2(one);
      writeFileSync(join(tmp, `${name}-nifti2.nii.gz`), gzipSync(two));
      expectSameImage(await readNifti(join(tmp, `${name}-nifti2.nii.gz`)), await itkRead(file1), `${name} as NIfTI-2`);
    }
  });
});

describe("NIfTI and NRRD written by itk-wasm, read natively, equal ITK", () => {
  const random = seeded(7);
  const writes: { name: string; grid: Grid; type: keyof typeof TYPED; compress: boolean }[] = [];
  for (const type of Object.keys(TYPED) as (keyof typeof TYPED)[]) {
    writes.push({ name: `itk-${type}.nrrd`, grid: OBLIQUE, type, compress: type.length % 2 === 0 });
    writes.push({ name: `itk-${type}.nii.gz`, grid: MIRRORED, type, compress: true });
  }
  writes.push({ name: "itk-gzip-mirrored.nrrd", grid: MIRRORED, type: "int16", compress: true });
  writes.push({ name: "itk-raw-aligned.nrrd", grid: AXIS_ALIGNED, type: "float32", compress: false });
  writes.push({ name: "itk-detached-gzip.nhdr", grid: OBLIQUE, type: "int16", compress: true });
  writes.push({ name: "itk-detached-raw.nhdr", grid: MIRRORED, type: "float64", compress: false });
  writes.push({ name: "itk-oblique.nii", grid: OBLIQUE, type: "int16", compress: false });
  writes.push({
    name: "itk-npc-sized.nii.gz",
    grid: { size: [190, 190, 28], spacing: [0.9, 0.9, 5], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] },
    type: "int16",
    compress: true,
  });

  for (const w of writes) {
    it(w.name, async () => {
      const io = await loadImageIo();
      const file = join(tmp, w.name);
      const data = TYPED[w.type](w.grid.size[0] * w.grid.size[1] * w.grid.size[2], random);
      await io.writeImageNode(toItkImage(w.grid, data) as never, file, { useCompression: w.compress });
      const native = await nativeRead(file);
      expectSameImage(native, await itkRead(file), w.name);
      // And both hold what was written.
      expect(Array.from((native as ItkImage).data as VoxelArray)).toEqual(Array.from(data));
    });
  }

  it("NaN and infinite voxels of a float NRRD stay as they are (as in NIfTI; only niftilib zeroes them)", async () => {
    const io = await loadImageIo();
    const file = join(tmp, "itk-non-finite.nrrd");
    const data = Float64Array.from({ length: 6 * 5 * 3 }, (_, k) => (k % 9 === 0 ? Number.NaN : k % 13 === 0 ? Infinity : k / 7));
    await io.writeImageNode(toItkImage(OBLIQUE, data) as never, file, { useCompression: true });
    const native = (await readNrrd(file)) as ItkImage;
    expectSameImage(native, await itkRead(file), "non-finite NRRD");
    expect(Number.isNaN((native.data as Float64Array)[0])).toBe(true);
  });

  it("a 2D NRRD", async () => {
    const io = await loadImageIo();
    const file = join(tmp, "itk-2d.nrrd");
    const image: ItkImage = {
      imageType: { dimension: 2, componentType: "uint16", pixelType: "Scalar", components: 1 },
      name: "slice",
      origin: [1.5, -2],
      spacing: [0.5, 2],
      direction: Float64Array.from([0, 1, 1, 0]),
      size: [4, 3],
      metadata: new Map(),
      data: Uint16Array.from({ length: 12 }, (_, k) => 1000 + k),
    };
    await io.writeImageNode(image as never, file);
    await expectNativeEqualsItk(file, "2D NRRD");
  });
});

describe("hand-made NRRD variants, read natively, equal ITK", () => {
  let header: string;
  let raw: Uint8Array;
  const grid = OBLIQUE;
  const voxels = Int16Array.from({ length: grid.size[0] * grid.size[1] * grid.size[2] }, (_, k) => ((k * 37) % 2000) - 1000);

  beforeAll(async () => {
    const io = await loadImageIo();
    const file = join(tmp, "base.nrrd");
    await io.writeImageNode(toItkImage(grid, voxels) as never, file, { useCompression: false });
    const bytes = readFileSync(file);
    const end = bytes.indexOf("\n\n") + 2;
    header = bytes.subarray(0, end - 1).toString("latin1");
    raw = bytes.subarray(end);
  });

  const field = (text: string, name: string) => (text.match(new RegExp(`^${name}: (.*)$`, "m")) as RegExpMatchArray)[1];
  const vectors = (text: string) => (text.match(/\(([^)]*)\)/g) as string[]).map((v) => v.slice(1, -1).split(",").map(Number));
  /** The header with its space converted from LPS by per-axis factors (and renamed). */
  const inSpace = (space: string, factors: number[]) => {
    const directions = vectors(field(header, "space directions")).map((v) => `(${v.map((x, r) => x * factors[r]).join(",")})`);
    const origin = vectors(field(header, "space origin"))[0].map((x, r) => x * factors[r]);
    return header
      .replace(/^space: .*$/m, `space: ${space}`)
      .replace(/^space directions: .*$/m, `space directions: ${directions.join(" ")}`)
      .replace(/^space origin: .*$/m, `space origin: (${origin.join(",")})`);
  };
  const write = (name: string, text: string, data: Uint8Array) => {
    const file = join(tmp, name);
    writeFileSync(file, Buffer.concat([Buffer.from(text, "latin1"), data]));
    return file;
  };
  const swapped = () => {
    const copy = Uint8Array.from(raw);
    swapWords(copy, 0, 2, copy.length / 2);
    return copy;
  };

  it("space RAS becomes LPS as ITK turns it; LAS is left to itk-wasm", async () => {
    await expectNativeEqualsItk(write("ras.nrrd", `${inSpace("right-anterior-superior", [-1, -1, 1])}\n`, raw), "RAS");
    await expectNativeEqualsItk(write("ras-short.nrrd", `${inSpace("RAS", [-1, -1, 1])}\n`, raw), "RAS (short name)");
    // itk-wasm's ITK negates the x of a LAS origin (not y): not ours to reproduce.
    expect(await readNrrd(write("las.nrrd", `${inSpace("left-anterior-superior", [1, -1, 1])}\n`, raw))).toBeNull();
    await expectNativeEqualsItk(write("scanner.nrrd", `${inSpace("scanner-xyz", [1, 1, 1])}\n`, raw), "scanner-xyz");
  });

  it("big-endian data", async () => {
    await expectNativeEqualsItk(write("big.nrrd", `${header.replace("endian: little", "endian: big")}\n`, swapped()), "big endian");
  });

  it("spacings without a space, comments, key/value pairs, upper-case names, byte skip", async () => {
    const plain = header
      .replace(/^space: .*\n/m, "")
      .replace(/^space directions: .*\n/m, "spacings: 0.5 nan 2.25\n")
      .replace(/^space origin: .*\n/m, "")
      .replace("kinds:", "# a comment\nmodality:=MR\nKinds:");
    await expectNativeEqualsItk(write("spacings.nrrd", `${plain}\n`, raw), "spacings");
    const skipped = `${header}byte skip: 5\n\n`;
    await expectNativeEqualsItk(write("byteskip.nrrd", skipped, Buffer.concat([Buffer.from("junk!"), raw])), "byte skip");
    await expectNativeEqualsItk(write("spacedim.nrrd", `${header.replace(/^space: .*$/m, "space dimension: 3")}\n`, raw), "space dimension");
  });

  it("detached raw data in a subfolder, with byte skip −1", async () => {
    mkdirSync(join(tmp, "detached"), { recursive: true });
    writeFileSync(join(tmp, "detached", "voxels.bin"), Buffer.concat([Buffer.from("a preamble of any length"), raw]));
    const file = join(tmp, "detached.nhdr");
    writeFileSync(file, `${header}byte skip: -1\ndata file: detached/voxels.bin\n`);
    await expectNativeEqualsItk(file, "detached");
  });

  it("an encoding it leaves to itk-wasm (ascii) gives null, and readVolume still reads the file", async () => {
    const file = join(tmp, "ascii.nrrd");
    writeFileSync(file, `${header.replace("encoding: raw", "encoding: ascii")}\n${Array.from(voxels).join("\n")}\n`);
    expect(await readNrrd(file)).toBeNull();
    const volume = await readVolume(file);
    expect(Array.from(volume.data)).toEqual(Array.from(voxels));
  });
});

describe("NIfTI flavours left to itk-wasm", () => {
  it("a differing sform coded ALIGNED_ANAT beside a qform gives null, and readVolume still equals ITK", async () => {
    const bytes = patchNifti(encodeNifti(OBLIQUE, new Int16Array(90)), (v) => {
      v.setInt16(254, 2, true);
      v.setFloat32(280 + 12, 4, true);
    });
    const file = join(tmp, "aligned-anat.nii");
    writeFileSync(file, bytes);
    expect(await readNifti(file)).toBeNull();
    expect(await readVolume(file)).toEqual(toVolume(await itkRead(file), file, fail));
  });

  it("a header-and-image pair magic (ni1), 64-bit integers and 4D data give null", () => {
    const base = encodeNifti(AXIS_ALIGNED, new Int16Array(140));
    expect(decodeNifti(patchNifti(base, (v) => v.setUint8(345, 0x69)))).toBeNull();
    expect(decodeNifti(patchNifti(base, (v) => v.setInt16(70, 1024, true)))).toBeNull();
    expect(
      decodeNifti(
        patchNifti(base, (v) => {
          v.setInt16(40, 4, true);
          v.setInt16(48, 2, true);
        }),
      ),
    ).toBeNull();
  });
});

describe("damaged files give a RadlabInputError naming the file", () => {
  const grid = AXIS_ALIGNED;
  const voxels = Int16Array.from({ length: 140 }, (_, k) => k);
  let nifti: Uint8Array;
  let nrrd: Buffer;
  beforeAll(async () => {
    nifti = encodeNifti(grid, voxels);
    const io = await loadImageIo();
    const file = join(tmp, "whole.nrrd");
    await io.writeImageNode(toItkImage(grid, voxels) as never, file, { useCompression: true });
    nrrd = readFileSync(file);
  });

  const expectUnreadable = async (file: string, detail: RegExp) => {
    const error = (await readVolume(file, { caseId: "P042" }).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(RadlabInputError);
    expect(error.message).toContain(file);
    expect(error.message).toContain("case P042");
    expect(error.message).toMatch(/not a readable volume/);
    expect(error.message).toMatch(detail);
  };

  it("a truncated .nii.gz", async () => {
    const file = join(tmp, "cut.nii.gz");
    const whole = gzipSync(nifti);
    writeFileSync(file, whole.subarray(0, Math.floor(whole.length / 2)));
    await expectUnreadable(file, /gzip data is damaged or truncated/);
  });

  it("a .nii with fewer voxel bytes than its header promises", async () => {
    const file = join(tmp, "short.nii");
    writeFileSync(file, nifti.subarray(0, nifti.length - 10));
    await expectUnreadable(file, /voxel data ends after 270 of the 280 bytes/);
    expect(() => decodeNifti(nifti.subarray(0, 100))).toThrow(CorruptVolumeError);
  });

  it("a truncated gzip NRRD and a raw NRRD cut short", async () => {
    const cut = join(tmp, "cut.nrrd");
    writeFileSync(cut, nrrd.subarray(0, nrrd.length - 20));
    await expectUnreadable(cut, /gzip data is damaged or truncated/);
    const text = nrrd
      .subarray(0, nrrd.indexOf("\n\n") + 2)
      .toString("latin1")
      .replace("encoding: gzip", "encoding: raw");
    const short = join(tmp, "short.nrrd");
    writeFileSync(short, Buffer.concat([Buffer.from(text, "latin1"), Buffer.from(new Uint8Array(100))]));
    await expectUnreadable(short, /voxel data ends after 100 of the 280 bytes/);
  });

  it("a detached header whose data file is missing", async () => {
    const text = nrrd.subarray(0, nrrd.indexOf("\n\n") + 1).toString("latin1");
    const file = join(tmp, "orphan.nhdr");
    writeFileSync(file, `${text}data file: orphan.raw.gz\n`);
    await expectUnreadable(file, /data file .*orphan\.raw\.gz cannot be read/);
  });
});

describe("roiBoundingBox (ROI rows found by native indexOf) equals a voxel-by-voxel scan", () => {
  it("on random sparse masks touching the grid's edges: 0/1 masks, and masks with other values or a wrong count", () => {
    const random = seeded(99);
    for (let trial = 0; trial < 120; trial++) {
      const binary = trial % 3 !== 0;
      const size: Grid["size"] = [1 + Math.floor(random() * 9), 1 + Math.floor(random() * 7), 1 + Math.floor(random() * 5)];
      const data = new Uint8Array(size[0] * size[1] * size[2]);
      const marks = Math.floor(random() * 4);
      for (let k = 0; k < marks; k++) data[Math.floor(random() * data.length)] = binary ? 1 : 1 + Math.floor(random() * 3);
      const min = [Infinity, Infinity, Infinity];
      const max = [-1, -1, -1];
      for (let n = 0; n < data.length; n++) {
        if (data[n] === 0) continue;
        const position = [n % size[0], Math.floor(n / size[0]) % size[1], Math.floor(n / (size[0] * size[1]))];
        position.forEach((p, d) => {
          min[d] = Math.min(min[d], p);
          max[d] = Math.max(max[d], p);
        });
      }
      // voxelCount as a Mask defines it (non-zero voxels), or a stale 0.
      const nonZero = data.reduce((sum, v) => sum + (v !== 0 ? 1 : 0), 0);
      const voxelCount = binary || trial % 2 === 0 ? nonZero : 0;
      const mask = { ...AXIS_ALIGNED, size, data, source: "random", label: "any" as const, voxelCount };
      expect(roiBoundingBox(mask)).toEqual(max[0] < 0 ? null : { min, max });
    }
  });
});
