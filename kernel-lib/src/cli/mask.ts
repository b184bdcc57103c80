/**
 * `radlab mask`: one ROI of an RTSTRUCT, or one segment of a DICOM-SEG, rasterised onto an
 * image's grid and written as a mask (1 inside, 0 outside).
 *
 *   radlab mask --image SERIES_DIR --rtstruct RS.dcm --roi NAME --out MASK.nii.gz [--contour-rule even-odd|union]
 *   radlab mask --image SERIES_DIR --seg SEG.dcm --roi LABEL --out MASK.nii.gz
 *
 * Options: commands.ts (`radlab mask --help`).
 */

import { prepareOutputs } from "../io/output-file.js";
import { readMask } from "../io/read-mask.js";
import { readVolume, VOLUME_EXTENSIONS } from "../io/read-volume.js";
import { writeNifti } from "../io/write-nifti.js";
import { writeVolume } from "../io/write-volume.js";
import { COMMANDS } from "./commands.js";
import { CliUsageError } from "./errors.js";
import { parseCommand } from "./options.js";

export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommand("mask", COMMANDS.mask, argv);
  if ((values.rtstruct === undefined) === (values.seg === undefined)) throw new CliUsageError("give --rtstruct RS.dcm or --seg SEG.dcm (one of them)", "mask");
  // Checked before the series is read: a volume file that is not the image, the RTSTRUCT or the SEG.
  await prepareOutputs(
    [{ path: values.out, option: "--out", kind: "file", extensions: VOLUME_EXTENSIONS.filter((ext) => ext !== ".dcm") }],
    [values.image, values.rtstruct, values.seg].filter((p): p is string => p !== undefined),
  );
  const image = await readVolume(values.image, { series: values.series });
  const mask = await readMask(values.rtstruct ?? values.seg ?? "", { image, roi: values.roi, contourRule: values["contour-rule"] });
  const lower = values.out.toLowerCase();
  // NIfTI through radlab's own writer (deterministic bytes); other formats through itk-wasm.
  if (lower.endsWith(".nii") || lower.endsWith(".nii.gz")) await writeNifti(mask, values.out, `radlab mask ${mask.roi?.name ?? ""}`.slice(0, 79));
  else await writeVolume(mask, values.out);
  const cm3 = (mask.voxelCount * mask.spacing[0] * mask.spacing[1] * mask.spacing[2]) / 1000;
  process.stderr.write(`ROI ${mask.roi?.number} "${mask.roi?.name}": ${mask.voxelCount} voxels (${+cm3.toPrecision(4)} cm³) → ${values.out}\n`);
  return 0;
}
