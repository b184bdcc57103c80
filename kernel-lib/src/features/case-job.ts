/**
 * One cohort case from files to values: the unit of work the cohort runner hands to a worker
 * thread (or runs in its own thread). Plain data in, plain data out, so it crosses
 * `postMessage` unchanged.
 */
import { RadlabInputError } from "../errors.js";
import { type MaskLabel, readMask } from "../io/read-mask.js";
import { readVolume } from "../io/read-volume.js";
import { extractFeatures, type InputHashes } from "./extract.js";
import type { ExtractionSettings } from "./settings.js";

/** A case to compute. */
export interface CaseJob {
  /** Position in the manifest (results are put back in manifest order). */
  index: number;
  id: string;
  image: string;
  mask: string;
  /** The label to select (manifest cell, else the settings' label). */
  label: MaskLabel;
  /** The RTSTRUCT ROI or SEG segment (manifest `roi` cell), when the mask is one. */
  roi?: string;
  inputHashes: InputHashes;
  /** The bytes that were hashed (files, not DICOM folders): decoded as they are, so a case's files are read once. */
  bytes?: { image?: Uint8Array; mask?: Uint8Array };
}

/** What came of a case: its values in column order, or why it failed. */
export type CaseOutcome = { index: number; ok: true; values: Float64Array; warnings: string[] } | { index: number; ok: false; file: string; reason: string };

/**
 * Reads a case's image and mask (the mask checked against the image's grid) and extracts the
 * columns named. A failure is returned, not thrown: it names the file at fault and the reason.
 */
export async function runCaseJob(job: CaseJob, settings: ExtractionSettings, columns: readonly string[]): Promise<CaseOutcome> {
  try {
    const volume = await readVolume(job.image, { caseId: job.id, bytes: job.bytes?.image });
    const clinicalWarnings: string[] = [];
    const mask = await readMask(job.mask, {
      caseId: job.id,
      bytes: job.bytes?.mask,
      image: volume,
      tolerance: settings.gridTolerance,
      label: job.label,
      threshold: settings.maskThreshold,
      ...(job.roi === undefined ? {} : { roi: job.roi }),
      onWarning: (message) => clinicalWarnings.push(message),
    });
    const row = extractFeatures(volume, mask, settings, { caseId: job.id, inputHashes: job.inputHashes });
    const values = new Float64Array(columns.length);
    columns.forEach((name, n) => {
      const v = row.features[name];
      values[n] = v === undefined ? Number.NaN : v;
    });
    return { index: job.index, ok: true, values, warnings: [...clinicalWarnings, ...row.warnings] };
  } catch (error) {
    const file = error instanceof RadlabInputError && error.file ? error.file : job.image;
    const reason = error instanceof Error ? error.message : String(error);
    return { index: job.index, ok: false, file, reason };
  }
}
