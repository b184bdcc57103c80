/**
 * RTSTRUCT (RT Structure Set, DICOM PS3.3 A.19): the ROIs a planning system exports beside
 * the image series, each a list of planar contours in patient coordinates (mm, LPS).
 */
import { resolve } from "node:path";
import { RadlabInputError, withCase } from "../../errors.js";
import { type DicomDataset, items, numbers, readDicomDataset, text } from "./dicom-file.js";

/** One contour of an ROI: its geometric type and its points in patient coordinates. */
export interface RtContour {
  /** CLOSED_PLANAR, CLOSED_PLANAR_XOR, OPEN_PLANAR, OPEN_NONPLANAR or POINT. */
  geometricType: string;
  /** x, y, z of each point, mm (ContourData). */
  points: Float64Array;
  /** The image slice the contour names (Contour Image Sequence), when it does. */
  referencedSopInstanceUid?: string;
}

/** One ROI of a structure set. */
export interface RtRoi {
  /** ROI Number (3006,0022). */
  number: number;
  /** ROI Name (3006,0026). */
  name: string;
  /** ROI Display Color (3006,002A), 8-bit RGB, when given. */
  color?: [number, number, number];
  /** RT ROI Interpreted Type (3006,00A4): GTV, CTV, PTV, ORGAN, EXTERNAL, MARKER, …; "" when absent. */
  interpretedType: string;
  /** The frame of reference its contours are in (Referenced Frame of Reference UID). */
  frameOfReferenceUid: string;
  /** The image series the structure set references for this frame of reference ("" when it names none). */
  referencedSeriesUid: string;
  /** Number of distinct planes (slices) holding at least one contour of the ROI. */
  sliceCount: number;
  /** Number of contours (of every geometric type). */
  contourCount: number;
  contours: RtContour[];
}

/** A structure set: the file and its ROIs in file order. */
export interface RtStruct {
  file: string;
  label: string;
  /** Frame of reference UIDs the structure set references (usually one). */
  frameOfReferenceUids: string[];
  /** Image series the structure set references (usually one). */
  referencedSeriesUids: string[];
  rois: RtRoi[];
}

/** The SOP Class UID of an RT Structure Set Storage object. */
export const RTSTRUCT_SOP_CLASS = "1.2.840.10008.5.1.4.1.1.481.3";

/**
 * Reads an RTSTRUCT file: every ROI with its number, name, colour, interpreted type, frame of
 * reference, referenced series, slice count and contours. A file that is not an RTSTRUCT is an
 * error naming it.
 */
export async function readRtStruct(path: string, options: { caseId?: string } = {}): Promise<RtStruct> {
  const file = resolve(path);
  const ds = await readDicomDataset(file, { caseId: options.caseId });
  return parseRtStruct(ds, file, options.caseId);
}

/** Builds the {@link RtStruct} of a dataset already read. */
export function parseRtStruct(ds: DicomDataset, file: string, caseId?: string): RtStruct {
  const modality = text(ds, "Modality");
  if (modality !== "RTSTRUCT" && text(ds, "SOPClassUID") !== RTSTRUCT_SOP_CLASS) {
    throw new RadlabInputError(withCase(caseId, `${file}: not an RTSTRUCT (Modality ${modality || "absent"})`), file, caseId);
  }
  const seriesByFrame = new Map<string, string[]>();
  for (const frame of items(ds, "ReferencedFrameOfReferenceSequence")) {
    const series = items(frame, "RTReferencedStudySequence").flatMap((study) =>
      items(study, "RTReferencedSeriesSequence").map((s) => text(s, "SeriesInstanceUID")),
    );
    seriesByFrame.set(text(frame, "FrameOfReferenceUID"), series);
  }
  const contoursByRoi = new Map<number, DicomDataset>();
  for (const rc of items(ds, "ROIContourSequence")) contoursByRoi.set(numbers(rc, "ReferencedROINumber")[0], rc);
  const typeByRoi = new Map<number, string>();
  for (const obs of items(ds, "RTROIObservationsSequence")) typeByRoi.set(numbers(obs, "ReferencedROINumber")[0], text(obs, "RTROIInterpretedType"));
  const rois = items(ds, "StructureSetROISequence").map((roi): RtRoi => {
    const number = numbers(roi, "ROINumber")[0];
    const frame = text(roi, "ReferencedFrameOfReferenceUID") || [...seriesByFrame.keys()][0] || text(ds, "FrameOfReferenceUID");
    const rc = contoursByRoi.get(number);
    const contours = rc ? items(rc, "ContourSequence").map(toContour) : [];
    const colour = rc ? numbers(rc, "ROIDisplayColor") : [];
    return {
      number,
      name: text(roi, "ROIName"),
      ...(colour.length === 3 ? { color: colour as [number, number, number] } : {}),
      interpretedType: typeByRoi.get(number) ?? "",
      frameOfReferenceUid: frame,
      referencedSeriesUid: seriesByFrame.get(frame)?.[0] ?? "",
      sliceCount: countPlanes(contours),
      contourCount: contours.length,
      contours,
    };
  });
  return {
    file,
    label: text(ds, "StructureSetLabel"),
    frameOfReferenceUids: [...seriesByFrame.keys()],
    referencedSeriesUids: [...new Set([...seriesByFrame.values()].flat())],
    rois,
  };
}

function toContour(item: DicomDataset): RtContour {
  const image = items(item, "ContourImageSequence")[0];
  const uid = image ? text(image, "ReferencedSOPInstanceUID") : "";
  return {
    geometricType: text(item, "ContourGeometricType") || "CLOSED_PLANAR",
    points: Float64Array.from(numbers(item, "ContourData")),
    ...(uid ? { referencedSopInstanceUid: uid } : {}),
  };
}

/** Distinct planes of the contours: by referenced image when given, else by the first point rounded to 0.01 mm. */
function countPlanes(contours: RtContour[]): number {
  const planes = new Set<string>();
  for (const c of contours) {
    if (c.points.length < 3) continue;
    planes.add(c.referencedSopInstanceUid ?? [c.points[0], c.points[1], c.points[2]].map((v) => v.toFixed(2)).join(","));
  }
  return planes.size;
}

/**
 * The ROI that `choice` names: an ROI Number, an exact ROI Name, or else a case-insensitive
 * match (a name differing only in case, or a regular expression such as /^gtv(nx|p)?$/i or
 * the string "/^gtv(nx|p)?$/i"), which must match exactly one ROI. Errors list the ROIs there are.
 */
export function selectRoi(rtstruct: RtStruct, choice: string | number | RegExp, caseId?: string): RtRoi {
  const { rois, file } = rtstruct;
  const fail = (what: string): never => {
    throw new RadlabInputError(withCase(caseId, `${file}: ${what}; the ROIs are: ${listRois(rois)}`), file, caseId);
  };
  if (typeof choice === "number" || (typeof choice === "string" && /^\d+$/.test(choice.trim()))) {
    const number = Number(choice);
    const byNumber = rois.find((r) => r.number === number);
    if (byNumber) return byNumber;
    if (typeof choice === "number") return fail(`no ROI number ${number}`);
  }
  const name = String(choice);
  const exact = rois.filter((r) => r.name === name);
  if (exact.length === 1) return exact[0];
  const pattern = toPattern(choice as string | RegExp);
  const matches = rois.filter((r) => pattern.test(r.name));
  if (matches.length === 1) return matches[0];
  if (matches.length === 0) return fail(`no ROI "${name}"`);
  return fail(`${matches.length} ROIs match "${name}" (${matches.map((r) => r.name).join(", ")}); name one`);
}

/** "1 GTVp, 2 GTVn, …": the ROIs of a structure set in one line. */
export function listRois(rois: RtRoi[]): string {
  return rois.length === 0 ? "(none)" : rois.map((r) => `${r.number} ${r.name}`).join(", ");
}

/** A case-insensitive RegExp from a RegExp, a "/pattern/flags" string, or a plain name (matched whole). */
function toPattern(choice: string | RegExp): RegExp {
  // Always case-insensitive; never global or sticky (test() would then depend on the last call).
  const flags = (f: string) => `${f.replace(/[gyi]/g, "")}i`;
  if (choice instanceof RegExp) return new RegExp(choice.source, flags(choice.flags));
  const literal = /^\/(.+)\/([a-z]*)$/.exec(choice.trim());
  if (literal) return new RegExp(literal[1], flags(literal[2]));
  return new RegExp(`^${choice.trim().replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`, "i");
}
