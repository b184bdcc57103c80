import { readMask } from "../io/read-mask.js";
import { readVolume } from "../io/read-volume.js";
import { intensityRange, roiBoundingBox } from "../io/roi.js";
import type { Grid } from "../types.js";
import { RADLAB_VERSION } from "../version.js";
import { COMMANDS } from "./commands.js";
import { parseCommand } from "./options.js";

/** What `radlab info` reports about a volume and, optionally, its ROI. */
export interface VolumeInfo {
  file: string;
  size: number[];
  spacing: number[];
  origin: number[];
  direction: number[];
  orientation: string;
  componentType: string;
  intensity: { min: number; max: number };
  roi?: {
    mask: string;
    label: number | "any";
    voxelCount: number;
    volumeMm3: number;
    boundingBox: { min: number[]; max: number[] };
    intensity: { min: number; max: number };
  };
  version: string;
}

/** `radlab info VOLUME [--mask MASK] [--label N] [--json]` */
export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand("info", COMMANDS.info, argv);
  const info = await volumeInfo(positionals[0], values.mask, values.label);
  console.log(values.json ? JSON.stringify(info, null, 2) : formatInfo(info));
  return 0;
}

/** Reads a volume (and mask) and summarises them. */
export async function volumeInfo(path: string, maskPath?: string, label?: number): Promise<VolumeInfo> {
  const volume = await readVolume(path);
  const info: VolumeInfo = {
    file: volume.source,
    size: volume.size,
    spacing: volume.spacing,
    origin: volume.origin,
    direction: volume.direction,
    orientation: orientationCode(volume),
    componentType: volume.componentType,
    intensity: intensityRange(volume),
    version: RADLAB_VERSION,
  };
  if (maskPath !== undefined) {
    const mask = await readMask(maskPath, { label, image: volume });
    const box = roiBoundingBox(mask);
    info.roi = {
      mask: mask.source,
      label: mask.label,
      voxelCount: mask.voxelCount,
      volumeMm3: mask.voxelCount * mask.spacing[0] * mask.spacing[1] * mask.spacing[2],
      boundingBox: box ?? { min: [], max: [] },
      intensity: intensityRange(volume, mask),
    };
  }
  return info;
}

/**
 * The three-letter orientation code of the index axes (ITK/LPS convention, as in
 * ITK-SNAP and SimpleITK's DICOMOrient): each letter names the direction toward which
 * the index grows, e.g. "LPS" for an axial DICOM-like volume, "RAS" after a NIfTI flip.
 */
export function orientationCode(grid: Grid): string {
  const letters = [
    ["L", "R"],
    ["P", "A"],
    ["S", "I"],
  ];
  let code = "";
  for (let c = 0; c < 3; c++) {
    const column = [0, 1, 2].map((r) => grid.direction[r * 3 + c]);
    const axis = column.reduce((best, v, r) => (Math.abs(v) > Math.abs(column[best]) ? r : best), 0);
    code += letters[axis][column[axis] >= 0 ? 0 : 1];
  }
  return code;
}

function formatInfo(info: VolumeInfo): string {
  const num = (v: number) => String(+v.toPrecision(6));
  const lines = [
    `file         ${info.file}`,
    `size         ${info.size.join(" × ")} voxels (${info.componentType})`,
    `spacing      ${info.spacing.map(num).join(" × ")} mm`,
    `origin       ${info.origin.map(num).join(", ")} mm`,
    `orientation  ${info.orientation} (direction ${info.direction.map(num).join(" ")})`,
    `intensity    ${num(info.intensity.min)} .. ${num(info.intensity.max)}`,
  ];
  if (info.roi) {
    const r = info.roi;
    lines.push(
      `mask         ${r.mask} (label ${r.label})`,
      `ROI voxels   ${r.voxelCount} (${num(r.volumeMm3 / 1000)} cm³)`,
      `ROI box      i ${r.boundingBox.min[0]}..${r.boundingBox.max[0]}, j ${r.boundingBox.min[1]}..${r.boundingBox.max[1]}, k ${r.boundingBox.min[2]}..${r.boundingBox.max[2]}`,
      `ROI range    ${num(r.intensity.min)} .. ${num(r.intensity.max)}`,
    );
  }
  return lines.join("\n");
}
