import { readdir, readFile, stat } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { RadlabInputError, withCase } from "../errors.js";
import type { DicomIdentity, Vec3, Volume, VoxelArray } from "../types.js";
import { isDicomFile, readDicomDataset, text } from "./dicom-rt/dicom-file.js";
import { chooseSeries, describeSeries, listDicomSeries, sliceSpacing } from "./dicom-rt/series.js";
import { checkTransferSyntax } from "./dicom-rt/transfer-syntax.js";
import { signatureMismatch } from "./file-signature.js";
import { type ItkImage, quietItk, readItkDicomSeries, readItkImage } from "./itk.js";
import { decodeNifti, readNifti } from "./nifti-read.js";
import { readNrrd } from "./nrrd-read.js";

/** Options of {@link readVolume}. */
export interface ReadVolumeOptions {
  /** The case id, named in any error. */
  caseId?: string;
  /**
   * For a DICOM folder: treat every file as one series sorted by slice position, whatever
   * its Series Instance UID says (for files whose writer gave each slice its own UID). By
   * default a folder must hold exactly one series, and a folder with several is an error.
   */
  dicomSingleSeries?: boolean;
  /** For a DICOM folder holding several series: the one to read, by Series Instance UID or description. */
  series?: string;
  /**
   * The file's bytes when the caller has read them already (the cohort runner hashes a case's
   * files for its cache key): NIfTI and NRRD are decoded from them instead of reading the file
   * a second time. The path still names the file and its format; MHA/MHD, DICOM and detached
   * NRRD data are read through the path (itk-wasm's Node reader takes paths).
   */
  bytes?: Uint8Array;
}

/** File endings radlab reads as single-file volumes. */
export const VOLUME_EXTENSIONS = [".nii", ".nii.gz", ".nrrd", ".nhdr", ".mha", ".mhd", ".dcm"] as const;

/**
 * Reads a scalar 3D volume: NIfTI (.nii, .nii.gz), NRRD, MetaImage (.mha/.mhd), a single
 * DICOM file, or a folder holding one DICOM series. 2D images become one-slice volumes.
 * NIfTI and NRRD go through radlab's native readers (nifti-read.ts, nrrd-read.ts: the image
 * itk-wasm returns, tested voxel for voxel against it); every other format, and the NIfTI/NRRD
 * flavours those readers decline, through itk-wasm. Errors name the file, the case and what is wrong.
 */
export async function readVolume(path: string, options: ReadVolumeOptions = {}): Promise<Volume> {
  const file = resolve(path);
  const fail = (what: string): never => {
    throw new RadlabInputError(withCase(options.caseId, `${file}: ${what}`), file, options.caseId);
  };
  let info: { isDirectory(): boolean; size: number };
  try {
    info = options.bytes ? { isDirectory: () => false, size: options.bytes.length } : await stat(file);
  } catch {
    return fail("file not found");
  }
  let image: ItkImage;
  let dicom: DicomIdentity | undefined;
  if (info.isDirectory()) {
    ({ image, dicom } = await readDicomFolder(file, options, fail));
  } else {
    if (info.size === 0) fail("file is empty");
    const lower = file.toLowerCase();
    if (!VOLUME_EXTENSIONS.some((ext) => lower.endsWith(ext))) {
      fail(`unsupported file type "${basename(file)}" (radlab reads ${VOLUME_EXTENSIONS.join(", ")} and DICOM folders)`);
    }
    if (lower.endsWith(".dcm") && (await isDicomFile(file))) {
      checkTransferSyntax(file, text(await readDicomDataset(file, { headerOnly: true, caseId: options.caseId }), "TransferSyntaxUID"), options.caseId);
    }
    try {
      image = (await readNative(file, lower, options.bytes)) ?? (await readWithItk(file));
    } catch (error) {
      // Say what the file should start with and what it does (a renamed text or PNG file), else the reader's reason.
      const mismatch = signatureMismatch(lower, options.bytes ?? (await readFile(file).catch(() => new Uint8Array(0))));
      return fail(`not a readable volume: ${mismatch ?? describe(error)}`);
    }
  }
  const volume = toVolume(image, file, fail);
  return dicom ? { ...volume, dicom } : volume;
}

/**
 * NIfTI and NRRD through radlab's native readers (the same image itk-wasm would return, without
 * its WebAssembly start-up of 0.3–0.7 s); null for a file ending or file flavour they leave to
 * itk-wasm. A damaged file throws (CorruptVolumeError), so it is not read a second time.
 */
async function readNative(file: string, lower: string, bytes?: Uint8Array): Promise<ItkImage | null> {
  if (lower.endsWith(".nii") || lower.endsWith(".nii.gz")) return bytes ? decodeNifti(bytes) : readNifti(file);
  if (lower.endsWith(".nrrd") || lower.endsWith(".nhdr")) return readNrrd(file, bytes);
  return null;
}

async function readWithItk(file: string): Promise<ItkImage> {
  return quietItk(() => readItkImage(file));
}

/**
 * A DICOM folder: its series listed from the headers (dicom-rt/series.ts), the chosen one read
 * through itk-wasm (GDCM: slices sorted and spaced by their positions, not by SliceThickness),
 * carrying the UIDs an RTSTRUCT or DICOM-SEG must reference.
 */
async function readDicomFolder(folder: string, options: ReadVolumeOptions, fail: (what: string) => never): Promise<{ image: ItkImage; dicom?: DicomIdentity }> {
  if (options.dicomSingleSeries) return { image: await readDicomFiles(await listFiles(folder, fail), true, fail) };
  const found = await listDicomSeries(folder, options.caseId);
  // No file with a DICOM header and a slice position: let GDCM try (and say why it cannot).
  if (found.length === 0) return { image: await readDicomFiles(await listFiles(folder, fail), false, fail) };
  const series = chooseSeries(folder, found, options.series, options.caseId);
  const spacing = sliceSpacing(folder, series, options.caseId);
  for (const [n, file] of series.files.entries()) checkTransferSyntax(file, series.transferSyntaxUids[n], options.caseId);
  const image = await readDicomFiles(series.files, false, fail);
  const slices = image.size.length > 2 ? image.size[2] : 1;
  if (slices !== series.files.length) fail(`series ${describeSeries(series)}: ${series.files.length} files but ${slices} slice(s) read`);
  if (slices > 1 && Math.abs(image.spacing[2] - spacing) > 1e-3 * Math.max(1, spacing))
    fail(`series ${describeSeries(series)}: GDCM read a slice spacing of ${image.spacing[2]} mm, the positions say ${spacing} mm`);
  const { seriesInstanceUid, frameOfReferenceUid, studyInstanceUid, sopInstanceUids } = series;
  const transferSyntaxUids = [...new Set(series.transferSyntaxUids)];
  return { image, dicom: { seriesInstanceUid, frameOfReferenceUid, studyInstanceUid, sopInstanceUids, transferSyntaxUids } };
}

async function listFiles(folder: string, fail: (what: string) => never): Promise<string[]> {
  const names = (await readdir(folder, { withFileTypes: true }))
    .filter((entry) => entry.isFile() && !entry.name.startsWith("."))
    .map((entry) => join(folder, entry.name))
    .sort();
  if (names.length === 0) fail("folder holds no files (expected one DICOM series)");
  return names;
}

async function readDicomFiles(files: string[], singleSortedSeries: boolean, fail: (what: string) => never): Promise<ItkImage> {
  try {
    return await quietItk(() => readItkDicomSeries(files, singleSortedSeries));
  } catch (error) {
    const notDicom: string[] = [];
    for (const name of files) if (signatureMismatch(".dcm", await readFile(name).catch(() => new Uint8Array(0)))) notDicom.push(basename(name));
    if (notDicom.length === files.length)
      return fail(
        `not a readable DICOM series: expected DICOM files ("DICM" after a 128-byte preamble), and none of its ${files.length} file(s) is one (${notDicom.slice(0, 3).join(", ")}${files.length > 3 ? ", …" : ""})`,
      );
    return fail(`not a readable DICOM series (${describe(error)})`);
  }
}

/** Converts an itk-wasm image into radlab's Volume, checking that it is scalar and complete. */
export function toVolume(image: ItkImage, source: string, fail: (what: string) => never): Volume {
  const { dimension, components, componentType } = image.imageType;
  if (components !== 1) fail(`has ${components} components per voxel; radlab needs a scalar image`);
  if (dimension < 2 || dimension > 3) fail(`is ${dimension}D; radlab reads 2D and 3D images`);
  if (!image.data) fail("holds no voxel data");
  const size = pad3(image.size, 1);
  const spacing = pad3(image.spacing, 1);
  const origin = pad3(image.origin, 0);
  const direction =
    dimension === 3 ? Array.from(image.direction) : [image.direction[0], image.direction[1], 0, image.direction[2], image.direction[3], 0, 0, 0, 1];
  const expected = size[0] * size[1] * size[2];
  const data = image.data as VoxelArray;
  if (data.length !== expected) fail(`holds ${data.length} voxels but its header says ${size.join("×")} = ${expected}`);
  if (spacing.some((s) => !(s > 0) || !Number.isFinite(s))) fail(`has an invalid spacing ${spacing.join("×")}`);
  const volume: Volume = { data, size, spacing, origin, direction: direction.map((v) => (Object.is(v, -0) ? 0 : v)), source, componentType };
  if (dimension === 2) volume.planar = true;
  return volume;
}

function pad3(values: ArrayLike<number>, fill: number): Vec3 {
  return [values[0] ?? fill, values[1] ?? fill, values.length > 2 ? values[2] : fill];
}

function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split("\n")[0].slice(0, 200) || "unknown reader error";
}
