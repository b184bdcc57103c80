/**
 * The DICOM series of a folder, read from the files' headers (dcmjs): which series there are,
 * their description, number and slice count, and, for the one read as a volume, the UIDs an
 * RTSTRUCT or a DICOM-SEG must reference (frame of reference, series, one SOP instance per slice).
 */
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { RadlabInputError, withCase } from "../../errors.js";
import type { DicomIdentity } from "../../types.js";
import { type DicomDataset, isDicomFile, numbers, readDicomDataset, text } from "./dicom-file.js";

/** One image series of a folder, its files sorted along the slice normal. */
export interface DicomSeries extends DicomIdentity {
  description: string;
  number: number | null;
  modality: string;
  /** The series' image files, sorted by slice position along the normal of their rows and columns. */
  files: string[];
  /** Each file's position along that normal, mm (ascending). */
  slicePositions: number[];
  /** Each file's Transfer Syntax UID (file meta), in the same order ("" when it has no meta). */
  transferSyntaxUids: string[];
}

/**
 * Lists the image series of a folder (files with pixel rows, columns and a position; RTSTRUCT,
 * SEG and other non-image objects in the folder are left out), each sorted by slice position.
 */
export async function listDicomSeries(folder: string, caseId?: string): Promise<DicomSeries[]> {
  const names = (await readdir(folder, { withFileTypes: true }))
    .filter((entry) => entry.isFile() && !entry.name.startsWith("."))
    .map((entry) => join(folder, entry.name))
    .sort();
  const bySeries = new Map<string, { ds: DicomDataset; file: string }[]>();
  for (const file of names) {
    if (!(await isDicomFile(file))) continue;
    const ds = await readDicomDataset(file, { headerOnly: true, caseId });
    if (numbers(ds, "ImagePositionPatient").length !== 3 || numbers(ds, "ImageOrientationPatient").length !== 6) continue;
    const uid = text(ds, "SeriesInstanceUID");
    const list = bySeries.get(uid) ?? [];
    list.push({ ds, file });
    bySeries.set(uid, list);
  }
  return [...bySeries.entries()].map(([uid, slices]) => {
    const first = slices[0].ds;
    const iop = numbers(first, "ImageOrientationPatient");
    const normal = cross(iop.slice(0, 3), iop.slice(3, 6));
    const along = (ds: DicomDataset) => dot(numbers(ds, "ImagePositionPatient"), normal);
    slices.sort((a, b) => along(a.ds) - along(b.ds));
    const number = numbers(first, "SeriesNumber")[0];
    return {
      seriesInstanceUid: uid,
      frameOfReferenceUid: text(first, "FrameOfReferenceUID"),
      studyInstanceUid: text(first, "StudyInstanceUID"),
      description: text(first, "SeriesDescription"),
      number: Number.isFinite(number) ? number : null,
      modality: text(first, "Modality"),
      files: slices.map((s) => s.file),
      slicePositions: slices.map((s) => along(s.ds)),
      sopInstanceUids: slices.map((s) => text(s.ds, "SOPInstanceUID")),
      transferSyntaxUids: slices.map((s) => text(s.ds, "TransferSyntaxUID")),
    };
  });
}

/** "CT plan" (series 7, 5 slices, UID 1.2.…): how a series is named in messages. */
export function describeSeries(series: DicomSeries): string {
  const number = series.number === null ? "" : `series ${series.number}, `;
  return `"${series.description || "(no description)"}" (${number}${series.files.length} slice${series.files.length === 1 ? "" : "s"}, UID ${series.seriesInstanceUid})`;
}

/**
 * Picks the series to read: the only one, or the one whose Series Instance UID or description
 * (case-insensitive) is `choice`. Several series and no choice, or a choice matching none or
 * several, is an error listing every series of the folder.
 */
export function chooseSeries(folder: string, series: DicomSeries[], choice?: string, caseId?: string): DicomSeries {
  const fail = (what: string): never => {
    throw new RadlabInputError(withCase(caseId, `${folder}: ${what}`), folder, caseId);
  };
  if (series.length === 0) fail("holds no DICOM image series");
  const list = (s: DicomSeries[]) =>
    s
      .slice(0, 12)
      .map((x) => `\n  ${describeSeries(x)}`)
      .join("") + (s.length > 12 ? `\n  … and ${s.length - 12} more` : "");
  if (choice === undefined) {
    if (series.length === 1) return series[0];
    return fail(
      `holds ${series.length} DICOM series (the folder mixes several series); choose one by its UID or description (option series, --series):${list(series)}`,
    );
  }
  const wanted = choice.trim().toLowerCase();
  const matches = series.filter((s) => s.seriesInstanceUid === choice.trim() || s.description.toLowerCase() === wanted);
  if (matches.length === 1) return matches[0];
  return fail(
    `${matches.length === 0 ? "no" : `${matches.length}`} DICOM series match${matches.length === 1 ? "es" : ""} "${choice}" (by UID or description); the folder holds:${list(matches.length === 0 ? series : matches)}`,
  );
}

/**
 * The slice spacing of a series from its positions (not SliceThickness): the gaps between
 * consecutive slices must equal their median (within 1 % or 0.01 mm), else a slice is missing or doubled
 * and every contour above the gap would land on the wrong slice, so it is an error naming the gap.
 * Returns the mean gap (0 for one slice).
 */
export function sliceSpacing(folder: string, series: DicomSeries, caseId?: string): number {
  const p = series.slicePositions;
  if (p.length < 2) return 0;
  const gaps = p.slice(1).map((v, k) => v - p[k]);
  const usual = [...gaps].sort((a, b) => a - b)[Math.floor(gaps.length / 2)];
  for (const [k, gap] of gaps.entries()) {
    if (Math.abs(gap - usual) > Math.max(0.01, 0.01 * Math.abs(usual))) {
      const what =
        gap < 1e-6
          ? `slices ${k} and ${k + 1} share one position (${p[k].toFixed(3)} mm along the normal): a duplicate file?`
          : `the gap between slices ${k} and ${k + 1} is ${gap.toFixed(3)} mm, the other gaps ${usual.toFixed(3)} mm: a missing slice?`;
      throw new RadlabInputError(withCase(caseId, `${folder}: series ${describeSeries(series)} is not evenly spaced: ${what}`), folder, caseId);
    }
  }
  return (p[p.length - 1] - p[0]) / (p.length - 1);
}

function cross(a: number[], b: number[]): number[] {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

function dot(a: number[], b: number[]): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}
