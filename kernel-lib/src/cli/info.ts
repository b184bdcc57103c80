import { isDicomMaskFile } from "../io/dicom-rt/read-dicom-mask.js";
import { readRtStruct } from "../io/dicom-rt/rtstruct.js";
import { readSeg } from "../io/dicom-rt/seg.js";
import { describeTransferSyntax } from "../io/dicom-rt/transfer-syntax.js";
import { assertSameGrid, orientationCode } from "../io/grid.js";
import { assertNotTheImage, type LabelCount, type MaskLabel, parseMaskLabel, readMask, selectLabel, summarizeLabels } from "../io/read-mask.js";
import { readVolume } from "../io/read-volume.js";
import { intensityRange, roiBoundingBox } from "../io/roi.js";
import type { Mask, Volume } from "../types.js";
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
  /** For a DICOM series: its UIDs and how its pixels are stored (transfer syntaxes, named). */
  dicom?: { seriesInstanceUid: string; frameOfReferenceUid: string; transferSyntaxes: string[] };
  /** What the mask holds: its integer labels with voxel counts, and its non-integer voxels. */
  labels?: { mask: string; labels: LabelCount[]; nonIntegerVoxels: number };
  /** Why there is no ROI section (a mask with several labels and none chosen). */
  roiNote?: string;
  roi?: {
    mask: string;
    label: number | "any";
    voxelCount: number;
    volumeMm3: number;
    boundingBox: { min: number[]; max: number[] };
    intensity: { min: number; max: number };
    /** RTSTRUCT ROI or SEG segment the mask is. */
    name?: string;
  };
  /** An RTSTRUCT or DICOM-SEG given as --mask without --roi: its ROIs (or segments). */
  rois?: RoiListing[];
  version: string;
}

/** One ROI of an RTSTRUCT (or segment of a SEG) as `radlab info` lists it. */
export interface RoiListing {
  number: number;
  name: string;
  /** RT ROI Interpreted Type (RTSTRUCT), or "segment" (SEG). */
  type: string;
  color: [number, number, number] | null;
  /** Slices holding a contour (RTSTRUCT) or frames of the segment (SEG). */
  slices: number;
  frameOfReferenceUid: string;
  referencedSeriesUid: string;
  /** False when the ROI references another frame of reference or series than the image; null when the image carries no DICOM UIDs. */
  matchesImage: boolean | null;
}

/** `radlab info VOLUME [--mask MASK] [--label N] [--json]` */
export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand("info", COMMANDS.info, argv);
  const label = values.label === undefined ? undefined : parseMaskLabel(values.label, "--label");
  const info = await volumeInfo(positionals[0], values.mask, label, { roi: values.roi, series: values.series, threshold: values["mask-threshold"] });
  console.log(values.json ? JSON.stringify(info, null, 2) : formatInfo(info));
  return 0;
}

/**
 * Reads a volume (and mask) and summarises them. An RTSTRUCT or DICOM-SEG mask without a
 * chosen `roi` lists its ROIs instead. A label map's labels are always listed with their voxel
 * counts; its ROI section follows the mask rules of readMask, except that a map with several
 * labels and none chosen gives the list and a note rather than an error (info is where a user
 * looks to choose).
 */
export async function volumeInfo(
  path: string,
  maskPath?: string,
  label?: MaskLabel,
  options: { roi?: string; series?: string; threshold?: number } = {},
): Promise<VolumeInfo> {
  const volume = await readVolume(path, { series: options.series });
  const info: VolumeInfo = {
    file: volume.source,
    size: volume.size,
    spacing: volume.spacing,
    origin: volume.origin,
    direction: volume.direction,
    orientation: orientationCode(volume),
    componentType: volume.componentType,
    intensity: intensityRange(volume),
    ...(volume.dicom
      ? {
          dicom: {
            seriesInstanceUid: volume.dicom.seriesInstanceUid,
            frameOfReferenceUid: volume.dicom.frameOfReferenceUid,
            transferSyntaxes: (volume.dicom.transferSyntaxUids ?? []).map(describeTransferSyntax),
          },
        }
      : {}),
    version: RADLAB_VERSION,
  };
  if (maskPath !== undefined && options.roi === undefined && (await isDicomMaskFile(maskPath))) {
    info.rois = await listClinicalRois(maskPath, volume);
  } else if (maskPath !== undefined) {
    let mask: Mask;
    if (options.roi !== undefined) mask = await readMask(maskPath, { label, image: volume, roi: options.roi });
    else {
      assertNotTheImage(maskPath, volume);
      const labelMap = await readVolume(maskPath);
      assertSameGrid(volume, labelMap);
      const summary = summarizeLabels(labelMap);
      info.labels = { mask: labelMap.source, labels: summary.labels, nonIntegerVoxels: summary.nonInteger };
      if (options.threshold === undefined && (label ?? "auto") === "auto" && summary.nonInteger === 0 && summary.labels.length > 1) {
        info.roiNote = "several labels: choose one with --label N, or --label any to merge them";
        return info;
      }
      mask = selectLabel(labelMap, label, undefined, options.threshold);
    }
    const box = roiBoundingBox(mask);
    info.roi = {
      mask: mask.source,
      label: mask.label,
      voxelCount: mask.voxelCount,
      volumeMm3: mask.voxelCount * mask.spacing[0] * mask.spacing[1] * mask.spacing[2],
      boundingBox: box ?? { min: [], max: [] },
      intensity: intensityRange(volume, mask),
      ...(mask.roi ? { name: mask.roi.name } : {}),
    };
  }
  return info;
}

/** The ROIs of an RTSTRUCT, or the segments of a SEG, with whether they reference this image. */
async function listClinicalRois(path: string, image: Volume): Promise<RoiListing[]> {
  const matches = (frame: string, series: string) =>
    image.dicom ? (!frame || frame === image.dicom.frameOfReferenceUid) && (!series || series === image.dicom.seriesInstanceUid) : null;
  try {
    const rtstruct = await readRtStruct(path);
    return rtstruct.rois.map((r) => ({
      number: r.number,
      name: r.name,
      type: r.interpretedType,
      color: r.color ?? null,
      slices: r.sliceCount,
      frameOfReferenceUid: r.frameOfReferenceUid,
      referencedSeriesUid: r.referencedSeriesUid,
      matchesImage: matches(r.frameOfReferenceUid, r.referencedSeriesUid),
    }));
  } catch (error) {
    if (!(error instanceof Error) || !error.message.includes("not an RTSTRUCT")) throw error;
  }
  const seg = await readSeg(path);
  return seg.segments.map((s) => ({
    number: s.number,
    name: s.label,
    type: "segment",
    color: s.color ?? null,
    slices: s.frameCount,
    frameOfReferenceUid: seg.frameOfReferenceUid,
    referencedSeriesUid: seg.referencedSeriesUid,
    matchesImage: matches(seg.frameOfReferenceUid, seg.referencedSeriesUid),
  }));
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
  if (info.dicom) {
    lines.push(
      `series       ${info.dicom.seriesInstanceUid} (frame of reference ${info.dicom.frameOfReferenceUid})`,
      `stored as    ${info.dicom.transferSyntaxes.join(", ") || "(no transfer syntax in the file meta)"}`,
    );
  }
  if (info.labels) {
    const counts = info.labels.labels.map((l) => `${l.label} (${l.voxels} voxel${l.voxels === 1 ? "" : "s"})`);
    if (info.labels.nonIntegerVoxels > 0) counts.push(`${info.labels.nonIntegerVoxels} non-integer voxels`);
    lines.push(`mask labels  ${counts.join(", ") || "none (empty mask)"}`);
  }
  if (info.roiNote) lines.push(`ROI          ${info.roiNote}`);
  if (info.roi) {
    const r = info.roi;
    lines.push(
      `mask         ${r.mask} (${r.name === undefined ? `label ${r.label}` : `ROI ${r.label} ${r.name}`})`,
      `ROI voxels   ${r.voxelCount} (${num(r.volumeMm3 / 1000)} cm³)`,
      `ROI box      i ${r.boundingBox.min[0]}..${r.boundingBox.max[0]}, j ${r.boundingBox.min[1]}..${r.boundingBox.max[1]}, k ${r.boundingBox.min[2]}..${r.boundingBox.max[2]}`,
      `ROI range    ${num(r.intensity.min)} .. ${num(r.intensity.max)}`,
    );
  }
  if (info.rois) {
    const width = Math.max(4, ...info.rois.map((r) => r.name.length));
    lines.push(`ROIs         ${info.rois.length} (choose one with --roi NAME)`);
    lines.push(`  ${"#".padStart(3)}  ${"name".padEnd(width)}  ${"type".padEnd(10)}  ${"colour".padEnd(11)}  slices  references this image`);
    for (const r of info.rois) {
      const match =
        r.matchesImage === null
          ? "unchecked (not a DICOM series)"
          : r.matchesImage
            ? "yes"
            : `no (frame of reference ${r.frameOfReferenceUid}, series ${r.referencedSeriesUid})`;
      lines.push(
        `  ${String(r.number).padStart(3)}  ${r.name.padEnd(width)}  ${(r.type || "-").padEnd(10)}  ${(r.color ? r.color.join(",") : "-").padEnd(11)}  ${String(r.slices).padStart(6)}  ${match}`,
      );
    }
  }
  return lines.join("\n");
}
