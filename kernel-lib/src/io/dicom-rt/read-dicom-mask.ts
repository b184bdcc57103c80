/**
 * An RTSTRUCT ROI or a DICOM-SEG segment as a radlab Mask on an image's grid: the branch of
 * readMask for clinical DICOM objects.
 */
import { resolve } from "node:path";
import { RadlabInputError, withCase } from "../../errors.js";
import type { Mask, RoiIdentity, Volume } from "../../types.js";
import { type DicomDataset, dicomModality, readDicomDataset, text } from "./dicom-file.js";
import { type ContourRule, rasterizeContours } from "./rasterize.js";
import { listRois, parseRtStruct, type RtStruct, selectRoi } from "./rtstruct.js";
import { type DicomSeg, decodeSegFrames, parseSeg, type SegSegment, segmentMask } from "./seg.js";

/** Options of {@link readDicomMask} (the clinical part of readMask's options). */
export interface DicomMaskOptions {
  /** The image whose grid the mask is made on (required: contours and frames have no grid of their own). */
  image?: Volume;
  /** RTSTRUCT: ROI name, number or case-insensitive regular expression; SEG: segment label or number. */
  roi?: string | number | RegExp;
  /** RTSTRUCT: how contours on one slice combine, "even-odd" (nested = hole, default) or "union". */
  contourRule?: ContourRule;
  /** SEG FRACTIONAL: the fraction from which a voxel is inside (default 0.5). */
  fractionThreshold?: number;
  /** Where warnings go (skipped point/open contours, an unchecked frame of reference); default stderr. */
  onWarning?: (message: string) => void;
  caseId?: string;
}

/** True when `path` is a DICOM file holding an RTSTRUCT or a SEG (what readMask hands to {@link readDicomMask}). */
export async function isDicomMaskFile(path: string): Promise<boolean> {
  const modality = await dicomModality(resolve(path));
  return modality === "RTSTRUCT" || modality === "SEG";
}

/** Reads one ROI of an RTSTRUCT, or one segment of a DICOM-SEG, as a Mask on the image's grid. */
export async function readDicomMask(path: string, options: DicomMaskOptions): Promise<Mask> {
  const file = resolve(path);
  const ds = await readDicomDataset(file, { caseId: options.caseId });
  const segFrames = text(ds, "Modality") === "SEG" ? await decodeSegFrames(ds, file, options.caseId) : undefined;
  return maskOfDataset(ds, file, options, segFrames);
}

/**
 * {@link readDicomMask} on a dataset already read (so {@link readRoiMasks} parses the file once);
 * `segFrames`: a SEG's frames when its pixel data are compressed ({@link decodeSegFrames}).
 */
function maskOfDataset(ds: DicomDataset, file: string, options: DicomMaskOptions, segFrames?: Uint8Array): Mask {
  const fail = (what: string): never => {
    throw new RadlabInputError(withCase(options.caseId, `${file}: ${what}`), file, options.caseId);
  };
  const image = options.image ?? fail("an RTSTRUCT or DICOM-SEG has no voxel grid of its own: give the image it belongs to (option image, --image)");
  const warn = options.onWarning ?? ((message: string) => process.stderr.write(`warning: ${message}\n`));
  const made =
    text(ds, "Modality") === "SEG"
      ? segMask(parseSeg(ds, file, options.caseId, segFrames), image, options, warn, fail)
      : rtStructMask(parseRtStruct(ds, file, options.caseId), image, options, warn, fail);
  return {
    data: made.data,
    size: [...image.size],
    spacing: [...image.spacing],
    origin: [...image.origin],
    direction: [...image.direction],
    source: file,
    label: made.roi.number,
    voxelCount: made.voxelCount,
    roi: made.roi,
  };
}

/** One ROI of an RTSTRUCT (or segment of a SEG) with its mask, or why it has none. */
export interface RoiMask {
  roi: RoiIdentity;
  /** Absent when the ROI yields no voxels on this image (empty, points only, off the series). */
  mask?: Mask;
  /** Why there is no mask. */
  error?: string;
}

/**
 * Every ROI of an RTSTRUCT (or segment of a DICOM-SEG) on the image's grid, with its number,
 * name and colour: what a slice viewer needs to draw each ROI in its own colour. An ROI that
 * cannot be rasterised is listed with the reason instead of a mask; a wrong frame of reference
 * or series is still an error for the whole file.
 */
export async function readRoiMasks(path: string, options: Omit<DicomMaskOptions, "roi">): Promise<RoiMask[]> {
  const file = resolve(path);
  const ds = await readDicomDataset(file, { caseId: options.caseId });
  const segFrames = text(ds, "Modality") === "SEG" ? await decodeSegFrames(ds, file, options.caseId) : undefined;
  const entries: RoiIdentity[] =
    text(ds, "Modality") === "SEG"
      ? parseSeg(ds, file, options.caseId, segFrames).segments.map((s) => ({ number: s.number, name: s.label, ...(s.color ? { color: s.color } : {}) }))
      : parseRtStruct(ds, file, options.caseId).rois.map((r) => ({ number: r.number, name: r.name, ...(r.color ? { color: r.color } : {}) }));
  const out: RoiMask[] = [];
  for (const roi of entries) {
    try {
      out.push({ roi, mask: maskOfDataset(ds, file, { ...options, roi: roi.number }, segFrames) });
    } catch (error) {
      if (error instanceof RadlabInputError && /belong together|no voxel grid/.test(error.message)) throw error;
      out.push({ roi, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return out;
}

type Made = { data: Uint8Array; voxelCount: number; roi: RoiIdentity };

function rtStructMask(rtstruct: RtStruct, image: Volume, options: DicomMaskOptions, warn: (m: string) => void, fail: (what: string) => never): Made {
  if (options.roi === undefined && rtstruct.rois.length !== 1)
    fail(`holds ${rtstruct.rois.length} ROIs: name one (option roi, --roi); the ROIs are: ${listRois(rtstruct.rois)}`);
  const roi = selectRoi(rtstruct, options.roi ?? rtstruct.rois[0].number, options.caseId);
  const what = `ROI ${roi.number} "${roi.name}"`;
  checkReferences(image, roi.frameOfReferenceUid, roi.referencedSeriesUid, "RTSTRUCT", warn, fail);
  const closed = roi.contours.filter((c) => c.geometricType.startsWith("CLOSED")).length;
  if (roi.contours.length === 0) fail(`${what} is empty: it has no contour`);
  const raster = rasterizeContours(image, roi.contours, { source: rtstruct.file, roiName: what, rule: options.contourRule, caseId: options.caseId });
  for (const warning of raster.warnings) warn(warning);
  if (closed === 0) fail(`${what} is empty: it has no closed contour (${roi.contours.length} point or open contour(s) skipped)`);
  if (raster.voxelCount === 0) fail(`${what} is empty: its ${closed} closed contour(s) enclose no voxel centre of image ${image.source}`);
  return { data: raster.data, voxelCount: raster.voxelCount, roi: { number: roi.number, name: roi.name, ...(roi.color ? { color: roi.color } : {}) } };
}

function segMask(seg: DicomSeg, image: Volume, options: DicomMaskOptions, warn: (m: string) => void, fail: (what: string) => never): Made {
  const list = () => seg.segments.map((s) => `${s.number} ${s.label}`).join(", ");
  let segment: SegSegment | undefined;
  if (options.roi === undefined) {
    if (seg.segments.length !== 1) fail(`holds ${seg.segments.length} segments: name one (option roi, --roi); the segments are: ${list()}`);
    segment = seg.segments[0];
  } else {
    const choice = options.roi;
    const asNumber = typeof choice === "number" ? choice : /^\d+$/.test(String(choice).trim()) ? Number(choice) : undefined;
    const pattern = choice instanceof RegExp ? new RegExp(choice.source, "i") : undefined;
    const matches = seg.segments.filter((s) =>
      asNumber !== undefined ? s.number === asNumber : pattern ? pattern.test(s.label) : s.label.toLowerCase() === String(choice).trim().toLowerCase(),
    );
    if (matches.length !== 1)
      fail(`${matches.length === 0 ? "no segment" : `${matches.length} segments match`} "${String(choice)}"; the segments are: ${list()}`);
    segment = matches[0];
  }
  checkReferences(image, seg.frameOfReferenceUid, seg.referencedSeriesUid, "DICOM-SEG", warn, fail);
  const { data, voxelCount } = segmentMask(seg, segment, image, { fractionThreshold: options.fractionThreshold, caseId: options.caseId });
  if (voxelCount === 0) fail(`segment ${segment.number} "${segment.label}" is empty: ${segment.frameCount} frame(s), no voxel inside`);
  return { data, voxelCount, roi: { number: segment.number, name: segment.label, ...(segment.color ? { color: segment.color } : {}) } };
}

/**
 * The object must reference the image's frame of reference and series. An image not read from
 * a DICOM series (NIfTI, NRRD) carries no UIDs: the contours are placed by their patient
 * coordinates alone, with a warning.
 */
function checkReferences(
  image: Volume,
  frameOfReference: string,
  series: string,
  kind: string,
  warn: (m: string) => void,
  fail: (what: string) => never,
): void {
  if (!image.dicom) {
    warn(
      `image ${image.source} is not a DICOM series: the ${kind}'s frame of reference ${frameOfReference || "(none)"} cannot be checked; placed by patient coordinates`,
    );
    return;
  }
  if (frameOfReference && frameOfReference !== image.dicom.frameOfReferenceUid)
    fail(`the ${kind} is in frame of reference ${frameOfReference}, image ${image.source} in ${image.dicom.frameOfReferenceUid}: they do not belong together`);
  if (series && series !== image.dicom.seriesInstanceUid)
    fail(`the ${kind} references series ${series}, image ${image.source} is series ${image.dicom.seriesInstanceUid}: they do not belong together`);
}
