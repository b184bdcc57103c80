/**
 * One shard of a cohort: a contiguous slice of the manifest's cases run through the cohort
 * runner (the same extractCohort, workers and feature cache as a single-machine run), turned
 * into a part that carries its provenance. A Slurm array task or a Kubernetes Indexed Job pod
 * runs one shard; `mergeParts` puts the parts back together.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import { resolve } from "node:path";
import { RadlabInputError } from "../errors.js";
import { featureNames } from "../features/catalog.js";
import { type CohortProgress, encodeFeatureValue, extractCohort } from "../features/cohort.js";
import { type ExtractionSettings, settingsToJson } from "../features/settings.js";
import { readManifest } from "../io/manifest.js";
import { RADLAB_VERSION } from "../version.js";
import { PART_FORMAT, PART_FORMAT_VERSION, type PartFailure, type PartRow, type ShardPart, type ShardSpec } from "./part.js";

/** Options of {@link extractShard}. */
export interface ExtractShardOptions {
  /** Worker threads for this shard's cases (default 1). */
  workers?: number;
  /** Folder of the feature cache (shared by every shard on a shared file system); absent = no cache. */
  cacheDir?: string;
  /** Called after every case of the shard. */
  onProgress?: (progress: CohortProgress) => void;
}

/**
 * The cases of shard `index` of `count`: positions ⌊index·n/count⌋ … ⌊(index+1)·n/count⌋ − 1.
 * Contiguous slices differ in size by one case at most, and depend only on n and count, so a
 * given manifest is always split the same way.
 */
export function shardRange(cases: number, shard: ShardSpec): { start: number; end: number } {
  return { start: Math.floor((shard.index * cases) / shard.count), end: Math.floor(((shard.index + 1) * cases) / shard.count) };
}

/** Parses `K/N` (0 ≤ K < N). */
export function parseShard(text: string): ShardSpec {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!match) throw new RadlabInputError(`--shard "${text}": expected K/N (shard K of N, K counted from 0) or auto`);
  return checkShard({ index: Number(match[1]), count: Number(match[2]) }, `--shard "${text}"`);
}

/**
 * `--shard auto`: the shard from the scheduler's environment. Slurm array task:
 * SLURM_ARRAY_TASK_ID, and N from `shards` or else SLURM_ARRAY_TASK_COUNT (which counts only the
 * tasks submitted: when an array resubmits some shards, give N). Kubernetes Indexed Job:
 * JOB_COMPLETION_INDEX, with N from `shards` (the Job's completions).
 */
export function shardFromEnvironment(env: NodeJS.ProcessEnv, shards?: number): ShardSpec {
  const slurm = env.SLURM_ARRAY_TASK_ID;
  const kubernetes = env.JOB_COMPLETION_INDEX;
  const raw = slurm ?? kubernetes;
  if (raw === undefined)
    throw new RadlabInputError("--shard auto: neither SLURM_ARRAY_TASK_ID (a Slurm array task) nor JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) is set");
  const source = slurm !== undefined ? "SLURM_ARRAY_TASK_ID" : "JOB_COMPLETION_INDEX";
  const count = shards ?? (slurm !== undefined && env.SLURM_ARRAY_TASK_COUNT !== undefined ? Number(env.SLURM_ARRAY_TASK_COUNT) : undefined);
  if (count === undefined) throw new RadlabInputError(`--shard auto: ${source} is set, but not the number of shards: give --shards N`);
  return checkShard({ index: Number(raw), count }, `--shard auto (${source}=${raw}, ${count} shards)`);
}

function checkShard(shard: ShardSpec, what: string): ShardSpec {
  if (!Number.isInteger(shard.count) || shard.count < 1) throw new RadlabInputError(`${what}: the number of shards must be an integer ≥ 1`);
  if (!Number.isInteger(shard.index) || shard.index < 0 || shard.index >= shard.count)
    throw new RadlabInputError(`${what}: shard ${shard.index} does not exist (shards are 0 … ${shard.count - 1})`);
  return shard;
}

/** SHA-256 of a file's bytes. */
export function sha256File(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

/**
 * Extracts shard `shard` of a manifest into a part. The manifest is read without checking that
 * files exist: a case whose file is missing when the shard runs is a failure of that case
 * (named by id and file in the part), not of the shard.
 */
export async function extractShard(
  manifestPath: string,
  settings: ExtractionSettings,
  shard: ShardSpec,
  options: ExtractShardOptions = {},
): Promise<ShardPart> {
  const path = resolve(manifestPath);
  const manifest = readManifest(path, { checkFiles: false });
  const sha256 = sha256File(path);
  const { start, end } = shardRange(manifest.cases.length, shard);
  const cases = manifest.cases.slice(start, end);
  const result = await extractCohort({ ...manifest, cases }, settings, options);

  const positionOf = new Map(cases.map((c, n) => [c.id, start + n]));
  const featureColumns = featureNames(settings.families);
  const ids = result.table.array("id") as string[];
  const arrays = featureColumns.map((name) => result.table.array(name) as Float64Array);
  const clinicalOf = new Map(cases.map((c) => [c.id, c.clinical]));
  const rows: PartRow[] = ids.map((id, r) => ({
    id,
    position: positionOf.get(id) as number,
    values: arrays.map((column) => encodeFeatureValue(column[r])),
    clinical: clinicalOf.get(id) ?? {},
  }));
  const failures: PartFailure[] = result.failures.map((f) => ({ id: f.id, position: positionOf.get(f.id) as number, file: f.file, reason: f.reason }));
  return {
    format: PART_FORMAT,
    formatVersion: PART_FORMAT_VERSION,
    version: RADLAB_VERSION,
    settings: settingsToJson(settings),
    manifest: { path, sha256, cases: manifest.cases.length, clinicalColumns: manifest.clinicalColumns },
    shard,
    caseIds: cases.map((c) => c.id),
    columns: featureColumns,
    rows,
    failures,
    warnings: result.warnings,
    inputHashes: result.inputHashes,
    computed: result.computed,
    cached: result.cached,
    host: hostname(),
    createdAt: new Date().toISOString(),
  };
}
