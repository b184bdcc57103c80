/**
 * A shard's part: the rows one shard of a cohort manifest produced, with everything a merge
 * needs to check that parts belong together (settings, radlab version, the manifest's SHA-256,
 * shard K of N) and to rebuild the single-machine table exactly (every case's manifest
 * position, its raw clinical cells, its values bit for bit, its failures and warnings).
 *
 * A part is one JSON file, written to a temporary name and renamed when complete, so a task
 * killed mid-write (scancel, a node lost) leaves no file a merge would take for a part.
 */
import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { RadlabInputError } from "../errors.js";
import { decodeFeatureValue, type EncodedFeatureValue, encodeFeatureValue } from "../features/cohort.js";
import type { InputHashes } from "../features/extract.js";
import { makeFolder, writeFileAtomic } from "../io/output-file.js";

/** The `format` field of every part. */
export const PART_FORMAT = "radlab-part";
/** Bumped when the part's shape changes; a merge refuses other versions. */
export const PART_FORMAT_VERSION = 1;

/** Which slice of the manifest a part holds: shard `index` of `count` (0-based). */
export interface ShardSpec {
  index: number;
  count: number;
}

/** One extracted case of a part. */
export interface PartRow {
  id: string;
  /** Position of the case in the manifest (0-based): the merge puts rows back in this order. */
  position: number;
  /** Feature values in the part's column order (NaN as null; ±Infinity and −0 as strings). */
  values: EncodedFeatureValue[];
  /** The manifest's other cells, as written (typed only when the whole table is assembled). */
  clinical: Record<string, string>;
}

/** A case of a part that produced no row. */
export interface PartFailure {
  id: string;
  position: number;
  /** The file at fault (image or mask). */
  file: string;
  reason: string;
}

/** The JSON content of a part file. */
export interface ShardPart {
  format: typeof PART_FORMAT;
  formatVersion: typeof PART_FORMAT_VERSION;
  /** radlab version that extracted it. */
  version: string;
  /** The extraction settings, as settingsToJson writes them. */
  settings: Record<string, unknown>;
  manifest: {
    /** Absolute path when extracted (informative; the hash is what is compared). */
    path: string;
    /** SHA-256 of the manifest file's bytes. */
    sha256: string;
    /** Cases in the whole manifest. */
    cases: number;
    /** The manifest's clinical columns, in file order. */
    clinicalColumns: string[];
  };
  shard: ShardSpec;
  /** Every case id of this shard, in manifest order (extracted or failed). */
  caseIds: string[];
  /** Feature column names, in catalog order. */
  columns: string[];
  rows: PartRow[];
  failures: PartFailure[];
  /** Warnings of the extracted cases, each naming case and feature. */
  warnings: string[];
  /** SHA-256 of each readable case's image and mask, by id. */
  inputHashes: Record<string, InputHashes>;
  /** Cases computed in this run and cases taken from the feature cache. */
  computed: number;
  cached: number;
  /** Where and when it was written (for the reader; never compared). */
  host: string;
  createdAt: string;
}

export { decodeFeatureValue, encodeFeatureValue };

/** `part-003-of-007.json`: the name radlab gives shard 3 of 7 (sorts in shard order). */
export function partFileName(shard: ShardSpec): string {
  const width = Math.max(3, String(shard.count - 1).length);
  return `part-${String(shard.index).padStart(width, "0")}-of-${String(shard.count).padStart(width, "0")}.json`;
}

/**
 * Where a part goes: `out` itself, or `out/part-KKK-of-NNN.json` when `out` names a folder
 * (ends with a slash, or `isFolder` says it exists as one).
 */
export function partPath(out: string, shard: ShardSpec, isFolder = false): string {
  return isFolder || /[\\/]$/.test(out) ? join(resolve(out), partFileName(shard)) : resolve(out);
}

/**
 * Writes a part whole or not at all (writeFileAtomic: a hidden `.<name>.<unique>.tmp` beside it,
 * renamed to `path` once every byte is written).
 */
export async function writePart(part: ShardPart, path: string): Promise<string> {
  const file = resolve(path);
  await makeFolder(dirname(file), (what) => {
    throw new RadlabInputError(`part folder ${dirname(file)}: ${what}`, file);
  });
  await writeFileAtomic(file, JSON.stringify(part));
  return file;
}

/** Reads and checks a part file; a file that is not a complete radlab part is an error naming it. */
export async function readPart(path: string): Promise<ShardPart> {
  const file = resolve(path);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new RadlabInputError(`${file}: part file not found`, file);
  }
  let part: ShardPart;
  try {
    part = JSON.parse(text) as ShardPart;
  } catch (error) {
    throw new RadlabInputError(`${file}: not a complete radlab part (${(error as Error).message})`, file);
  }
  if (part?.format !== PART_FORMAT) throw new RadlabInputError(`${file}: not a radlab part (no "format": "${PART_FORMAT}")`, file);
  if (part.formatVersion !== PART_FORMAT_VERSION)
    throw new RadlabInputError(`${file}: part format version ${part.formatVersion}; this radlab reads version ${PART_FORMAT_VERSION}`, file);
  return part;
}
