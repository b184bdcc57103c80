import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { RadlabInputError } from "../src/errors.js";
import { assertSameGrid, cropToRoi, extractSlice, readMask, readVolume, roiBoundingBox, roiSliceIndices, writeNifti } from "../src/index.js";
import { parseCsv } from "../src/io/csv.js";
import { loadImageIo } from "../src/io/itk-node.js";
import { selectLabel } from "../src/io/read-mask.js";
import { toItkImage } from "../src/io/write-volume.js";
import type { Volume } from "../src/types.js";
import { describeOracle, ref } from "./reference.js";

const tmp = mkdtempSync(join(tmpdir(), "radlab-io-"));

/** Parses the header fields of a NRRD file (the oracle for size and spacing). */
function nrrdHeader(path: string): Record<string, string> {
  const text = readFileSync(path).subarray(0, 4096).toString("latin1");
  const header = text.slice(0, text.indexOf("\n\n"));
  return Object.fromEntries(
    header
      .split("\n")
      .filter((line) => line.includes(": "))
      .map((line) => [line.slice(0, line.indexOf(": ")), line.slice(line.indexOf(": ") + 2)]),
  );
}

/** The value of a `diagnostics_*` row of a PyRadiomics baseline CSV for one case. */
function baselineDiagnostic(row: string, caseName: string): string {
  const rows = parseCsv(readFileSync(ref("pyradiomics/data/baseline/baseline_firstorder.csv"), "utf8"));
  const line = rows.find((r) => r[0] === row);
  if (!line) throw new Error(`row ${row} not in baseline`);
  return line[rows[0].indexOf(caseName)];
}

describeOracle("IBSI digital phantom", () => {
  it("reads 5×4×4 voxels of 2 mm with 74 ROI voxels at levels {1,3,4,6}", async () => {
    const image = await readVolume(ref("ibsi/digital_phantom/phantom.nii.gz"));
    const mask = await readMask(ref("ibsi/digital_phantom/mask.nii.gz"), { image });
    expect(image.size).toEqual([5, 4, 4]);
    expect(image.spacing).toEqual([2, 2, 2]);
    expect(mask.voxelCount).toBe(74);
    const levels = new Set<number>();
    for (let n = 0; n < image.data.length; n++) if (mask.data[n]) levels.add(image.data[n]);
    expect([...levels].sort()).toEqual([1, 3, 4, 6]);
    expect(roiBoundingBox(mask)).toEqual({ min: [0, 0, 0], max: [4, 3, 3] });
  });
});

describeOracle("PyRadiomics MR sample brain1", () => {
  it("has the size and spacing its NRRD header states and the ROI voxel count PyRadiomics reports", async () => {
    const header = nrrdHeader(ref("pyradiomics/data/brain1_image.nrrd"));
    const image = await readVolume(ref("pyradiomics/data/brain1_image.nrrd"));
    expect(image.size).toEqual(header.sizes.split(" ").map(Number));
    // "space directions: (a,b,c) (d,e,f) (g,h,i)": spacing is the length of each vector.
    const vectors = header["space directions"].match(/\(([^)]+)\)/g)?.map((v) => v.slice(1, -1).split(",").map(Number)) ?? [];
    for (const [d, v] of vectors.entries()) expect(image.spacing[d]).toBeCloseTo(Math.hypot(...v), 12);
    const mask = await readMask(ref("pyradiomics/data/brain1_label.nrrd"), { label: 1, image });
    expect(mask.voxelCount).toBe(Number(baselineDiagnostic("diagnostics_Mask-original_VoxelNum", "brain1")));
    // PyRadiomics' bounding box: (x, y, z, size x, size y, size z), 0-based.
    const bb = baselineDiagnostic("diagnostics_Mask-original_BoundingBox", "brain1");
    const box = roiBoundingBox(mask);
    const [x, y, z, sx, sy, sz] = bb.replace(/[()]/g, "").split(",").map(Number);
    expect(box).toEqual({ min: [x, y, z], max: [x + sx - 1, y + sy - 1, z + sz - 1] });
  });
});

describeOracle("DICOM series", () => {
  let source: Volume;
  const folder = join(tmp, "dicom");
  beforeAll(async () => {
    source = await readVolume(ref("itk/b_texture_image.nii.gz"));
    // Write the NIfTI as one DICOM file per slice with itk-wasm (GDCM).
    const io = await loadImageIo();
    mkdirSync(folder, { recursive: true });
    const [nx, ny, nz] = source.size;
    for (let k = 0; k < nz; k++) {
      const position = [0, 1, 2].map((r) => source.origin[r] + source.direction[r * 3 + 2] * source.spacing[2] * k);
      const slice = toItkImage({ ...source, size: [nx, ny, 1], origin: position as Volume["origin"] }, source.data.slice(k * nx * ny, (k + 1) * nx * ny));
      slice.metadata = new Map([
        ["0008|0060", "MR"],
        ["0020|0013", String(k + 1)],
        ["0020|0032", position.join("\\")],
        ["0020|0037", [0, 3, 6, 1, 4, 7].map((n) => source.direction[n]).join("\\")],
        ["0018|0050", String(source.spacing[2])],
      ]);
      await io.writeImageNode(slice as never, join(folder, `slice${String(k).padStart(3, "0")}.dcm`));
    }
  });

  it("reads back equal voxel for voxel, with the NIfTI's grid", async () => {
    const back = await readVolume(folder, { dicomSingleSeries: true });
    expect(back.size).toEqual(source.size);
    for (const [d, s] of back.spacing.entries()) expect(s).toBeCloseTo(source.spacing[d], 6);
    for (const [d, s] of back.origin.entries()) expect(s).toBeCloseTo(source.origin[d], 4);
    expect(Array.from(back.data)).toEqual(Array.from(source.data));
  });

  it("refuses a folder whose files carry different series UIDs unless told they are one series", async () => {
    // GDCM gives each written file its own Series Instance UID.
    await expect(readVolume(folder)).rejects.toThrow(/mixes several series/);
  });
});

describe("bad input", () => {
  const grid = {
    size: [4, 3, 2] as Volume["size"],
    spacing: [1, 1, 2] as Volume["spacing"],
    origin: [0, 0, 0] as Volume["origin"],
    direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
  };
  const image = join(tmp, "bad-image.nii.gz");
  const mask = join(tmp, "bad-mask.nii.gz");
  beforeAll(async () => {
    await writeNifti({ ...grid, data: Int16Array.from({ length: 24 }, (_, n) => n) }, image);
    await writeNifti({ ...grid, data: Uint8Array.from({ length: 24 }, (_, n) => (n % 5 === 0 ? 2 : 0)) }, mask);
  });

  it("a truncated .nii.gz names the file and says it is unreadable", async () => {
    const file = join(tmp, "truncated.nii.gz");
    const whole = gzipSync(readFileSync(join(tmp, "bad-image.nii.gz")));
    writeFileSync(file, readFileSync(image).subarray(0, 40));
    expect(whole.length).toBeGreaterThan(40);
    const error = await readVolume(file, { caseId: "P007" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RadlabInputError);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toContain("case P007");
    expect((error as Error).message).toMatch(/not a readable volume|holds \d+ voxels/);
  });

  it("a text file renamed .nrrd is refused", async () => {
    const file = join(tmp, "notes.nrrd");
    writeFileSync(file, "these are not voxels\n");
    await expect(readVolume(file)).rejects.toThrow(new RegExp(`${file}.*not a readable volume`));
  });

  it("a missing file and an unsupported type are named", async () => {
    await expect(readVolume(join(tmp, "nope.nii.gz"))).rejects.toThrow(/nope\.nii\.gz: file not found/);
    const file = join(tmp, "image.txt");
    writeFileSync(file, "x");
    await expect(readVolume(file)).rejects.toThrow(/unsupported file type/);
  });

  it("a mask on another grid names both files and every difference", async () => {
    const other = join(tmp, "other-grid.nii.gz");
    await writeNifti({ ...grid, spacing: [1, 1, 3], origin: [0, 5, 0], data: new Uint8Array(24).fill(1) }, other);
    const volume = await readVolume(image);
    const error = (await readMask(other, { image: volume, caseId: "P003" }).catch((e: unknown) => e)) as Error;
    expect(error.message).toContain(other);
    expect(error.message).toContain(image);
    expect(error.message).toMatch(/spacing 1×1×2 vs 1×1×3/);
    expect(error.message).toMatch(/origin/);
    expect(error.message).toContain("case P003");
  });

  it("an empty mask and an absent label are clear errors", async () => {
    const empty = join(tmp, "empty.nii.gz");
    await writeNifti({ ...grid, data: new Uint8Array(24) }, empty);
    await expect(readMask(empty)).rejects.toThrow(/mask is empty/);
    await expect(readMask(mask, { label: 3 })).rejects.toThrow(/label 3 is not in the mask \(labels present: 2 \(5 voxels\)\)/);
    expect((await readMask(mask, { label: 2 })).voxelCount).toBe(5);
  });

  it("tolerates float32 header rounding but not a real shift", () => {
    const a = { ...grid, source: "a" };
    expect(() => assertSameGrid(a, { ...grid, origin: [1e-5, 0, 0], source: "b" })).not.toThrow();
    expect(() => assertSameGrid(a, { ...grid, origin: [0.01, 0, 0], source: "b" })).toThrow(/origin/);
  });
});

describe("ROI geometry", () => {
  const size: Volume["size"] = [6, 5, 4];
  const data = Float32Array.from({ length: 120 }, (_, n) => n);
  const volume: Volume = {
    size,
    spacing: [1, 2, 3],
    origin: [10, 20, 30],
    direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
    data,
    source: "v",
    componentType: "float32",
  };
  const labels = { ...volume, data: new Float32Array(120) };
  // ROI: i 2..3, j 1..2, k 1..2
  for (let k = 1; k <= 2; k++) for (let j = 1; j <= 2; j++) for (let i = 2; i <= 3; i++) labels.data[i + 6 * (j + 5 * k)] = 1;
  const mask = selectLabel(labels);

  it("finds the bounding box and crops with a margin, moving the origin", () => {
    expect(roiBoundingBox(mask)).toEqual({ min: [2, 1, 1], max: [3, 2, 2] });
    const cropped = cropToRoi(volume, mask, 1);
    expect(cropped.box).toEqual({ min: [1, 0, 0], max: [4, 3, 3] });
    expect(cropped.volume.size).toEqual([4, 4, 4]);
    expect(cropped.volume.origin).toEqual([11, 20, 30]);
    expect(cropped.volume.data[0]).toBe(1);
    expect(cropped.mask.voxelCount).toBe(8);
  });

  it("cuts axial, coronal and sagittal slices with their pixel spacing", () => {
    const axial = extractSlice(volume, "axial", 2);
    expect([axial.width, axial.height, axial.pixelSpacing, axial.position]).toEqual([6, 5, [1, 2], 6]);
    expect(axial.data[1 * 6 + 3]).toBe(3 + 6 * (1 + 5 * 2));
    const coronal = extractSlice(volume, "coronal", 4);
    expect([coronal.width, coronal.height, coronal.pixelSpacing]).toEqual([6, 4, [1, 3]]);
    expect(coronal.data[3 * 6 + 5]).toBe(5 + 6 * (4 + 5 * 3));
    const sagittal = extractSlice(volume, "sagittal", 0);
    expect([sagittal.width, sagittal.height]).toEqual([5, 4]);
    expect(() => extractSlice(volume, "axial", 4)).toThrow(/outside 0..3/);
    expect(roiSliceIndices(mask, "axial")).toEqual([1, 2]);
    expect(roiSliceIndices(mask, "sagittal")).toEqual([2, 3]);
  });
});
