import { RadlabInputError, withCase } from "../errors.js";
import type { Mask, Volume } from "../types.js";
import { assertSameGrid, type GridTolerance } from "./grid.js";
import { readVolume } from "./read-volume.js";

/** Options of {@link readMask}. */
export interface ReadMaskOptions {
  /** The label to select; default: every non-zero voxel. */
  label?: number;
  /** The case id, named in any error. */
  caseId?: string;
  /** When given, the mask must lie on this image's grid. */
  image?: Volume;
  /** Tolerance of that grid check. */
  tolerance?: GridTolerance;
}

/**
 * Reads a label map and selects one label (default: any non-zero voxel) as a binary ROI.
 * Errors (each naming file and case): unreadable file, mask on another grid than `image`,
 * a label absent from the map, an empty ROI.
 */
export async function readMask(path: string, options: ReadMaskOptions = {}): Promise<Mask> {
  const labels = await readVolume(path, { caseId: options.caseId });
  if (options.image) assertSameGrid(options.image, labels, options);
  return selectLabel(labels, options.label, options.caseId);
}

/** Turns a label map into the binary ROI of one label (or of every non-zero voxel). */
export function selectLabel(labels: Volume, label?: number, caseId?: string): Mask {
  const src = labels.data;
  const data = new Uint8Array(src.length);
  let voxelCount = 0;
  if (label === undefined) {
    for (let n = 0; n < src.length; n++) {
      if (src[n] !== 0 && !Number.isNaN(src[n])) {
        data[n] = 1;
        voxelCount++;
      }
    }
  } else {
    for (let n = 0; n < src.length; n++) {
      if (src[n] === label) {
        data[n] = 1;
        voxelCount++;
      }
    }
  }
  const fail = (what: string): never => {
    throw new RadlabInputError(withCase(caseId, `${labels.source}: ${what}`), labels.source, caseId);
  };
  if (voxelCount === 0) {
    const present = labelsPresent(labels);
    if (present.length === 0) fail("mask is empty (no non-zero voxel): the ROI has no voxels");
    fail(`label ${label} is not in the mask (labels present: ${present.join(", ")})`);
  }
  return {
    data,
    size: labels.size,
    spacing: labels.spacing,
    origin: labels.origin,
    direction: labels.direction,
    source: labels.source,
    label: label ?? "any",
    voxelCount,
  };
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
