/**
 * `record(x)`: marks a cohort's extraction or a study result as this notebook's evidence for
 * `radlab publish`. The output is a small bundle: a line of text for any front end, and the
 * record as JSON under its own MIME type, from which publish fills the provenance page (data
 * manifest with file hashes, settings, seeds, versions) and the reporting page (TRIPOD, CLEAR,
 * RQS items answered from the run). Nothing else in a notebook is read by publish.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { RadlabInputError } from "../errors.js";
import type { CohortExtraction } from "../features/cohort.js";
import { settingsToJson } from "../features/settings.js";
import { lambdaLabel, type StudyResult } from "../stats/study-result.js";
import { RADLAB_VERSION } from "../version.js";
import { type DisplayBundleOptions, displayMimeBundle, type MimeBundle, type TslabJupyter } from "./tslab.js";

/** MIME type of a record (publish/notebook-html.ts shows it as its text line). */
export const RECORD_MIME = "application/vnd.radlab.record.v1+json";

/** What a cohort extraction records: where its data came from, byte for byte, and how it was read. */
export interface ExtractionRecord {
  kind: "cohort-extraction";
  radlabVersion: string;
  manifest: { path: string; sha256: string };
  settings: Record<string, unknown>;
  cases: number;
  failures: { id: string; file: string; reason: string }[];
  warnings: number;
  /** SHA-256 of each case's image and mask file, by id. */
  inputHashes: CohortExtraction["inputHashes"];
}

/** A study result, whole (settings, seed, version and every number the reporting page cites). */
export interface StudyResultRecord {
  kind: "study-result";
  result: StudyResult;
}

/** What {@link record} keeps for publishing: an extraction's or a study result's provenance. */
export type PublicationRecord = ExtractionRecord | StudyResultRecord;

function isExtraction(x: unknown): x is CohortExtraction {
  const e = x as CohortExtraction;
  return typeof x === "object" && x !== null && typeof e.manifest === "string" && typeof e.inputHashes === "object" && Array.isArray(e.failures);
}

function isStudyResult(x: unknown): x is StudyResult {
  const r = x as StudyResult;
  return typeof x === "object" && x !== null && typeof r.settings === "object" && typeof r.lasso === "object" && typeof r.roc === "object";
}

/** The record of a value, or an error saying what can be recorded. */
export function publicationRecord(x: CohortExtraction | StudyResult): PublicationRecord {
  if (isExtraction(x)) {
    return {
      kind: "cohort-extraction",
      radlabVersion: x.version,
      manifest: { path: x.manifest, sha256: createHash("sha256").update(readFileSync(x.manifest)).digest("hex") },
      settings: settingsToJson(x.settings) as Record<string, unknown>,
      cases: x.table.numRows(),
      failures: x.failures,
      warnings: x.warnings.length,
      inputHashes: x.inputHashes,
    };
  }
  if (isStudyResult(x)) return { kind: "study-result", result: x };
  throw new RadlabInputError("record: expected extractCohort's result or a study result (runStudy, radlab model)");
}

/** The bundle of a record: the JSON and one line of text. */
export function recordBundle(x: CohortExtraction | StudyResult): MimeBundle {
  const record = publicationRecord(x);
  const text =
    record.kind === "cohort-extraction"
      ? `Recorded for publication: the extraction of ${record.cases} cases (${Object.keys(record.inputHashes).length} image/mask pairs hashed, settings, radlab ${record.radlabVersion})`
      : `Recorded for publication: the study result (seed ${record.result.settings.seed}, ${lambdaLabel(record.result.settings.lambda)}, radlab ${record.result.provenance?.radlabVersion ?? RADLAB_VERSION})`;
  return { [RECORD_MIME]: record, "text/plain": text };
}

/** Shows the record in the running tslab notebook (see the module comment). */
export function record(x: CohortExtraction | StudyResult, options: DisplayBundleOptions & { jupyter?: TslabJupyter } = {}): void {
  displayMimeBundle(recordBundle(x), options, options.jupyter);
}
