/**
 * Case preparation: the one step between io and the feature families. Crops image and mask
 * to the ROI's bounding box, leaves non-finite voxels (NaN, ±Inf) out of the ROI, discretises
 * once, and fills the FamilyInput every family reads.
 */
import { RadlabInputError } from "../errors.js";
import { cropMask, cropVolume, roiBoundingBox } from "../io/roi.js";
import type { Mask, Vec3, Volume } from "../types.js";
import { type Discretization, discretize } from "./discretize.js";
import type { FamilyInput, FamilyOptions } from "./types.js";

/** The feature name under which case-level warnings (not tied to one feature) are reported. */
export const ROI_WARNING = "ROI";

/**
 * Prepares one case for the families.
 * - Crop to the ROI's bounding box (no margin): texture cost then depends on the tumour, not
 *   on the field of view.
 * - Non-finite voxels (NaN, +Inf, −Inf) inside the ROI are left out of the ROI, so out of every
 *   family (shape included), with one warning giving their count: such a voxel has no grey
 *   level, and keeping it would poison every sum. The readers keep these values as stored
 *   (nifti-read.ts does not zero them as niftilib does), so the decision is made here, once.
 * - A 2-D image gets a warning: its shape features are those of a 1 mm thick slice.
 * - Discretise the remaining ROI intensities with `discretization`.
 * Errors (RadlabInputError naming the volume): empty ROI, an ROI made only of non-finite voxels,
 * image and mask of different sizes, and the errors of {@link discretize}.
 */
export function prepareCase(
  volume: Volume,
  mask: Mask,
  discretization: Discretization,
  options: FamilyOptions,
  warn: (feature: string, message: string) => void,
): FamilyInput {
  const source = volume.source;
  if (volume.size.some((s, d) => s !== mask.size[d])) {
    throw new RadlabInputError(`${source}: image size ${volume.size.join("×")} differs from mask size ${mask.size.join("×")} (${mask.source})`, source);
  }
  // io's cropToRoi, with the box found once (one pass over the whole volume, not two)
  const box = roiBoundingBox(mask);
  if (box === null) throw new RadlabInputError(`${mask.source}: the ROI is empty`, mask.source);
  const croppedVolume = cropVolume(volume, box);
  const croppedMask = cropMask(mask, box);
  const size: Vec3 = [...croppedVolume.size];
  const voxels = size[0] * size[1] * size[2];
  const raw = croppedVolume.data;
  const blockMask = croppedMask.data; // a fresh copy: safe to edit
  // A typed-array conversion (native, no per-voxel JavaScript before the JIT has compiled it)
  const intensities = new Float64Array(raw);
  // One pass gathers the ROI intensities in index order and leaves the non-finite voxels out of the ROI.
  const gathered = new Float64Array(voxels);
  let roiCount = 0;
  const nonFinite = { nan: 0, positive: 0, negative: 0 };
  for (let n = 0; n < voxels; n++) {
    if (blockMask[n] === 0) continue;
    const v = intensities[n];
    if (Number.isFinite(v)) {
      gathered[roiCount++] = v;
      continue;
    }
    blockMask[n] = 0;
    if (Number.isNaN(v)) nonFinite.nan++;
    else if (v > 0) nonFinite.positive++;
    else nonFinite.negative++;
  }
  const dropped = nonFinite.nan + nonFinite.positive + nonFinite.negative;
  if (dropped > 0) {
    if (roiCount === 0) throw new RadlabInputError(`${source}: every one of the ${dropped} ROI voxels is non-finite (${describeNonFinite(nonFinite)})`, source);
    warn(ROI_WARNING, `${source}: ${nonFiniteWarning(nonFinite, dropped + roiCount)}`);
  }
  if (volume.planar) {
    // A 2-D image has no slice thickness: shape features are those of a 1 mm slab, which the user must know.
    warn(ROI_WARNING, `${source}: the image is 2-D (no slice thickness); shape features treat it as one slice 1 mm thick`);
  }
  const roiIntensities = gathered.slice(0, roiCount);
  const { levels: roiLevels, ng } = discretize(roiIntensities, discretization, source);
  const levels = new Int32Array(voxels);
  for (let n = 0, r = 0; n < voxels; n++) if (blockMask[n] !== 0) levels[n] = roiLevels[r++];

  return {
    size,
    spacing: [...croppedVolume.spacing],
    mask: blockMask,
    intensities,
    roiIntensities,
    levels,
    ng,
    roiLevels,
    options,
    warn,
  };
}

/** Counts of non-finite ROI voxels by kind. */
export interface NonFiniteCounts {
  nan: number;
  positive: number;
  negative: number;
}

/** "2 NaN, 1 +Inf": the kinds present, in a fixed order. */
function describeNonFinite(counts: NonFiniteCounts): string {
  const parts: string[] = [];
  if (counts.nan > 0) parts.push(`${counts.nan} NaN`);
  if (counts.positive > 0) parts.push(`${counts.positive} +Inf`);
  if (counts.negative > 0) parts.push(`${counts.negative} -Inf`);
  return parts.join(", ");
}

/**
 * The one warning of a case with non-finite ROI voxels, e.g. "3 non-finite voxels (2 NaN, 1 +Inf)
 * of the 120 ROI voxels were left out of the ROI (every family)".
 */
export function nonFiniteWarning(counts: NonFiniteCounts, roiVoxels: number): string {
  const dropped = counts.nan + counts.positive + counts.negative;
  return `${dropped} non-finite voxel${dropped === 1 ? "" : "s"} (${describeNonFinite(counts)}) of the ${roiVoxels} ROI voxels ${dropped === 1 ? "was" : "were"} left out of the ROI (every family)`;
}
