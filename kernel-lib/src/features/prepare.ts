/**
 * Case preparation: the one step between io and the feature families. Crops image and mask
 * to the ROI's bounding box, drops NaN voxels from the ROI, discretises once, and fills the
 * FamilyInput every family reads.
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
 * - NaN voxels inside the ROI are removed from the ROI, with a warning naming their count
 *   (a NaN has no grey level; keeping it would poison every sum).
 * - Discretise the remaining ROI intensities with `discretization`.
 * Errors (RadlabInputError naming the volume): empty ROI, an ROI made only of NaN voxels,
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
  // One pass gathers the ROI intensities in index order and drops the NaN voxels from the ROI.
  const gathered = new Float64Array(voxels);
  let roiCount = 0;
  let nanCount = 0;
  for (let n = 0; n < voxels; n++) {
    if (blockMask[n] === 0) continue;
    const v = intensities[n];
    if (Number.isNaN(v)) {
      blockMask[n] = 0;
      nanCount++;
    } else gathered[roiCount++] = v;
  }
  if (nanCount > 0) {
    if (roiCount === 0) throw new RadlabInputError(`${source}: every one of the ${nanCount} ROI voxels is NaN`, source);
    warn(ROI_WARNING, `${source}: ${nanCount} NaN voxel${nanCount === 1 ? "" : "s"} inside the ROI were dropped from the ROI`);
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
