import { resolve } from "node:path";
import { RadlabInputError, withCase } from "../errors.js";
import type { Mask, Volume } from "../types.js";
import { type DicomMaskOptions, isDicomMaskFile, readDicomMask } from "./dicom-rt/read-dicom-mask.js";
import { assertSameGrid, type GridTolerance } from "./grid.js";
import { canonicalPath } from "./output-file.js";
import { readVolume } from "./read-volume.js";

/**
 * Which voxels of a label map form the ROI.
 * - a number: the voxels of that label;
 * - `"any"`: every non-zero voxel, several labels merged on purpose;
 * - `"auto"` (the default): the mask's one label; a mask with several labels is an error
 *   listing them, because merging a tumour with its oedema by accident changes every feature.
 */
export type MaskLabel = number | "any" | "auto";

/**
 * A label as written on a command line, in a settings file or in a manifest cell: an integer,
 * "any" or "auto". Throws RadlabInputError naming `what` (e.g. "--label").
 */
export function parseMaskLabel(text: string, what: string): MaskLabel {
  const value = text.trim();
  if (value === "any" || value === "auto") return value;
  if (/^[+-]?\d+$/.test(value)) return Number(value);
  throw new RadlabInputError(`${what} "${text}": expected an integer label, "any" (every non-zero voxel, labels merged) or "auto" (the mask's one label)`);
}

/** Options of {@link readMask} (`roi`, `contourRule`, … for RTSTRUCT and DICOM-SEG files: DicomMaskOptions). */
export interface ReadMaskOptions extends DicomMaskOptions {
  /** The label to select (see {@link MaskLabel}); default `"auto"`. */
  label?: MaskLabel;
  /**
   * For a partial-volume or probability mask (non-integer values): the ROI is every voxel with
   * value ≥ threshold (IBSI's partial-volume rule, commonly 0.5). Without it, non-integer mask
   * values are an error giving their share. Excludes a numeric `label`.
   */
  threshold?: number;
  /** The case id, named in any error. */
  caseId?: string;
  /** When given, the mask must lie on this image's grid and must not be the image's own file. */
  image?: Volume;
  /** Tolerance of that grid check. */
  tolerance?: GridTolerance;
  /** The file's bytes when already read (see ReadVolumeOptions.bytes). */
  bytes?: Uint8Array;
}

/**
 * Reads a label map and selects its ROI (see {@link selectLabel} for the rules).
 * Errors (each naming file and case): unreadable file, the image's own file given as mask,
 * mask on another grid than `image`, several labels without a choice, non-integer values
 * without a threshold, a label absent from the map, an empty ROI.
 */
export async function readMask(path: string, options: ReadMaskOptions = {}): Promise<Mask> {
  if (options.image) assertNotTheImage(path, options.image, options.caseId);
  // Bytes already read without DICOM's "DICM" at 128 are no RTSTRUCT or SEG: no second look at the file.
  const dicomPreamble = !options.bytes || String.fromCharCode(...options.bytes.subarray(128, 132)) === "DICM";
  if (dicomPreamble && (await isDicomMaskFile(path))) return readDicomMask(path, options);
  const labels = await readVolume(path, { caseId: options.caseId, bytes: options.bytes });
  if (options.image) assertSameGrid(options.image, labels, options);
  return selectLabel(labels, options.label, options.caseId, options.threshold);
}

/** The same file as image and mask is a mistake (every voxel would be ROI, or one grey level a label). */
export function assertNotTheImage(path: string, image: Volume, caseId?: string): void {
  const file = resolve(path);
  if (canonicalPath(file) !== canonicalPath(image.source)) return;
  throw new RadlabInputError(withCase(caseId, `${file}: the mask is the image itself (the same file was given as image and as mask)`), file, caseId);
}

/** One label of a label map and its voxel count. */
export interface LabelCount {
  label: number;
  voxels: number;
}

/** What a label map holds: its integer labels with voxel counts, and its non-integer voxels. */
export interface LabelSummary {
  /** Non-zero integer values, ascending, with their voxel counts. */
  labels: LabelCount[];
  /** Non-zero voxels whose value is not an integer (NaN and ±Inf included). */
  nonInteger: number;
  /** Every non-zero voxel (labels + non-integer). */
  nonZero: number;
  /** Up to 5 of the non-integer values, for messages. */
  nonIntegerExamples: number[];
}

/** Counts the labels of a label map in one pass. */
export function summarizeLabels(labels: Volume): LabelSummary {
  const counts = new Map<number, number>();
  const examples = new Set<number>();
  let nonInteger = 0;
  let nonZero = 0;
  const src = labels.data;
  for (let n = 0; n < src.length; n++) {
    const v = src[n];
    if (v === 0) continue;
    nonZero++;
    if (Number.isInteger(v)) counts.set(v, (counts.get(v) ?? 0) + 1);
    else {
      nonInteger++;
      if (examples.size < 5) examples.add(v);
    }
  }
  return {
    labels: [...counts].sort((a, b) => a[0] - b[0]).map(([label, voxels]) => ({ label, voxels })),
    nonInteger,
    nonZero,
    nonIntegerExamples: [...examples],
  };
}

/** "1 (120 voxels), 2 (40 voxels)": a summary's labels for a message. */
export function formatLabelCounts(labels: readonly LabelCount[], limit = 20): string {
  const shown = labels.slice(0, limit).map((l) => `${l.label} (${l.voxels} voxel${l.voxels === 1 ? "" : "s"})`);
  return labels.length > limit ? `${shown.join(", ")} and ${labels.length - limit} more` : shown.join(", ");
}

/**
 * Turns a label map into a binary ROI. Rules, in order:
 * 1. `threshold` given: ROI = voxels with value ≥ threshold (a numeric `label` alongside is an error).
 * 2. Non-integer non-zero values without a threshold: an error giving their share of the
 *    non-zero voxels (a partial-volume rim or a probability map is not a label map).
 * 3. `label` a number: that label's voxels; absent from the map → an error listing the labels.
 * 4. `label` "any": every non-zero voxel.
 * 5. `label` "auto" or absent: the one label present; several → an error listing them with
 *    their voxel counts.
 * An empty ROI is always an error.
 */
export function selectLabel(labels: Volume, label: MaskLabel = "auto", caseId?: string, threshold?: number): Mask {
  const fail = (what: string): never => {
    throw new RadlabInputError(withCase(caseId, `${labels.source}: ${what}`), labels.source, caseId);
  };
  if (threshold !== undefined) {
    if (!Number.isFinite(threshold)) fail(`mask threshold ${threshold}: expected a finite number`);
    if (typeof label === "number") fail(`a label (${label}) and a mask threshold (${threshold}) were both given: a threshold selects by value, choose one`);
    return roiWhere(
      labels,
      (v) => v >= threshold,
      { label: "any", threshold },
      () => fail(`no voxel of the mask reaches the threshold ${threshold} (largest value ${maxValue(labels)}): the ROI is empty`),
    );
  }
  const summary = summarizeLabels(labels);
  if (summary.nonInteger > 0) {
    const share = (100 * summary.nonInteger) / summary.nonZero;
    fail(
      `${summary.nonInteger} of the ${summary.nonZero} non-zero mask voxels (${formatShare(share)}) hold non-integer values ` +
        `(e.g. ${summary.nonIntegerExamples.join(", ")}): a partial-volume or probability mask is not a label map; ` +
        "give a threshold (--mask-threshold T: the ROI is every voxel ≥ T), or round the mask to labels",
    );
  }
  if (summary.labels.length === 0) fail("mask is empty (no non-zero voxel): the ROI has no voxels");
  if (typeof label === "number") {
    if (!summary.labels.some((l) => l.label === label)) fail(`label ${label} is not in the mask (labels present: ${formatLabelCounts(summary.labels)})`);
    return roiWhere(
      labels,
      (v) => v === label,
      { label },
      () => fail(`label ${label} is empty`),
    );
  }
  if (label === "auto" && summary.labels.length > 1) {
    fail(
      `mask holds ${summary.labels.length} labels: ${formatLabelCounts(summary.labels)}; choose one with --label N ` +
        '(settings/manifest "label"), or --label any to merge them into one ROI on purpose',
    );
  }
  const chosen = label === "any" ? "any" : summary.labels[0].label;
  return roiWhere(labels, chosen === "any" ? (v) => v !== 0 : (v) => v === chosen, { label: chosen }, () => fail("the ROI is empty"));
}

/** The binary mask of the voxels where `inside` holds; `empty` is called when there are none. */
function roiWhere(labels: Volume, inside: (v: number) => boolean, selection: { label: number | "any"; threshold?: number }, empty: () => never): Mask {
  const src = labels.data;
  const data = new Uint8Array(src.length);
  let voxelCount = 0;
  for (let n = 0; n < src.length; n++) {
    if (inside(src[n])) {
      data[n] = 1;
      voxelCount++;
    }
  }
  if (voxelCount === 0) empty();
  return {
    data,
    size: labels.size,
    spacing: labels.spacing,
    origin: labels.origin,
    direction: labels.direction,
    source: labels.source,
    ...selection,
    voxelCount,
  };
}

function maxValue(labels: Volume): number {
  let max = -Infinity;
  for (let n = 0; n < labels.data.length; n++) if (labels.data[n] > max) max = labels.data[n];
  return max;
}

/** A percentage with enough digits to tell 0.01 % from 0 %. */
function formatShare(percent: number): string {
  return `${percent >= 1 ? percent.toFixed(1) : percent.toPrecision(2)} %`;
}

/** The distinct non-zero values of a label map, ascending (at most the first 20 are listed). */
export function labelsPresent(labels: Volume): number[] {
  const seen = new Set<number>();
  for (let n = 0; n < labels.data.length && seen.size <= 20; n++) {
    const v = labels.data[n];
    if (v !== 0 && !Number.isNaN(v)) seen.add(v);
  }
  return [...seen].sort((a, b) => a - b);
}
