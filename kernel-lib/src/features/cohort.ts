/**
 * A cohort → a FeatureTable: every manifest case through the extractor, in parallel worker
 * threads, with a cache keyed by the inputs' bytes, the settings and the radlab version (a
 * rerun computes only what changed). A case that fails is reported (id, file, reason) and the
 * rest completes.
 */
import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import * as aq from "arquero";
import { RadlabInputError } from "../errors.js";
import { parseDecimal } from "../io/csv.js";
import { type Manifest, readManifest } from "../io/manifest.js";
import { makeFolder, writeFileAtomic } from "../io/output-file.js";
import { RADLAB_VERSION } from "../version.js";
import { type CaseJob, type CaseOutcome, runCaseJob } from "./case-job.js";
import { FEATURE_DEFINITIONS_REVISION, featureNames } from "./catalog.js";
import { cohortWorkerUrl } from "./cohort-worker-url.js";
import type { InputHashes } from "./extract.js";
import { DEFAULT_SETTINGS, type ExtractionSettings, settingsToJson } from "./settings.js";

/** The features of a cohort: `id`, the feature columns in catalog order, then the manifest's clinical columns. */
export type FeatureTable = aq.ColumnTable;

/** A case that produced no row. */
export interface CaseFailure {
  id: string;
  /** The file at fault (image or mask). */
  file: string;
  /** What went wrong, naming the case. */
  reason: string;
}

/** Progress of a cohort run, reported after each case. */
export interface CohortProgress {
  /** Cases finished (computed, from cache, or failed). */
  done: number;
  total: number;
  failed: number;
  /** Cases taken from the cache. */
  cached: number;
  /** The case just finished. */
  id: string;
}

/** Options of {@link extractCohort}. */
export interface ExtractCohortOptions {
  /** Worker threads; 1 (default) computes in this thread. */
  workers?: number;
  /** Called after every case (for a progress bar or a notebook display). */
  onProgress?: (progress: CohortProgress) => void;
  /** Folder of cached rows; absent = no cache. */
  cacheDir?: string;
}

/** A cohort's features and everything needed to reproduce them. */
export interface CohortExtraction {
  table: FeatureTable;
  failures: CaseFailure[];
  /** Warnings of every case, each naming case and feature. */
  warnings: string[];
  settings: ExtractionSettings;
  version: string;
  /** SHA-256 of each case's image and mask file, by id. */
  inputHashes: Record<string, InputHashes>;
  /** Absolute path of the manifest. */
  manifest: string;
  /** Cases computed and cases read from the cache in this run. */
  computed: number;
  cached: number;
}

/** The case whose computation a cached row holds: its warnings name this case and these files. */
interface WarningOwner {
  id: string;
  image: string;
  mask: string;
}

/** Stored row of the cache. */
interface CachedRow {
  version: string;
  columns: string[];
  values: EncodedFeatureValue[];
  warnings: string[];
  /** The case that computed the row (byte-identical cases share a row, not their names). */
  owner: WarningOwner;
}

/** A feature value in JSON, which has no NaN, no ±Infinity and writes −0 as 0: those three as null and strings. */
export type EncodedFeatureValue = number | "Infinity" | "-Infinity" | "-0" | null;

/** A value for JSON that {@link decodeFeatureValue} turns back into the same double, bit for bit. */
export function encodeFeatureValue(v: number): EncodedFeatureValue {
  if (Number.isNaN(v)) return null;
  if (v === Number.POSITIVE_INFINITY) return "Infinity";
  if (v === Number.NEGATIVE_INFINITY) return "-Infinity";
  return Object.is(v, -0) ? "-0" : v;
}

/** The double an {@link encodeFeatureValue} value stands for. */
export function decodeFeatureValue(v: EncodedFeatureValue | string): number {
  return v === null ? Number.NaN : Number(v);
}

/**
 * Extracts every case of a manifest (a path or a read manifest). The manifest's `label` cell,
 * when present, overrides the settings' label for that case.
 */
export async function extractCohort(
  manifest: Manifest | string,
  settings: ExtractionSettings = DEFAULT_SETTINGS,
  options: ExtractCohortOptions = {},
): Promise<CohortExtraction> {
  const cohort = typeof manifest === "string" ? readManifest(manifest) : manifest;
  const columns = featureNames(settings.families);
  const total = cohort.cases.length;
  const outcomes: (CaseOutcome | undefined)[] = new Array(total);
  const inputHashes: Record<string, InputHashes> = {};
  const progress = { done: 0, total, failed: 0, cached: 0 };
  const report = (outcome: CaseOutcome, id: string, fromCache: boolean) => {
    outcomes[outcome.index] = outcome;
    progress.done++;
    if (!outcome.ok) progress.failed++;
    if (fromCache) progress.cached++;
    options.onProgress?.({ ...progress, id });
  };

  const cacheKeys = new Map<number, string>();
  let computed = 0;
  /**
   * The cases to compute, produced while the first ones already run: each case is hashed and
   * looked up in the cache just before it is needed (hits and unreadable inputs are reported
   * here and never reach a worker).
   */
  async function* casesToCompute(): AsyncGenerator<CaseJob> {
    for (const [index, c] of cohort.cases.entries()) {
      let hashes: InputHashes;
      let image: HashedInput;
      let mask: HashedInput;
      try {
        image = await readAndHash(c.image);
        mask = await readAndHash(c.mask);
        hashes = { image: image.hash, mask: mask.hash };
      } catch (error) {
        const file = (error as { path?: string }).path ?? c.image;
        report({ index, ok: false, file, reason: `case ${c.id}: cannot read ${(error as Error).message}` }, c.id, false);
        continue;
      }
      inputHashes[c.id] = hashes;
      const job: CaseJob = {
        index,
        id: c.id,
        image: c.image,
        mask: c.mask,
        label: c.label ?? settings.label,
        ...(c.roi === undefined ? {} : { roi: c.roi }),
        inputHashes: hashes,
      };
      if (options.cacheDir) {
        const key = cacheKey(job, settings);
        cacheKeys.set(index, key);
        const hit = await readCachedRow(options.cacheDir, key, columns);
        if (hit) {
          const warnings = reattributeWarnings(hit.warnings, hit.owner, { id: c.id, image: c.image, mask: c.mask });
          report({ index, ok: true, values: hit.values, warnings }, c.id, true);
          continue;
        }
      }
      computed++;
      // The hashed bytes go with the job: the worker decodes them instead of reading the files again.
      yield { ...job, bytes: { image: image.bytes, mask: mask.bytes } };
    }
  }

  const onComputed = async (outcome: CaseOutcome) => {
    const job = cohort.cases[outcome.index];
    if (outcome.ok && options.cacheDir) {
      await writeCachedRow(options.cacheDir, cacheKeys.get(outcome.index) as string, columns, outcome, { id: job.id, image: job.image, mask: job.mask });
    }
    report(outcome, job.id, false);
  };
  const workers = Math.max(1, Math.min(Math.floor(options.workers ?? 1), total));
  // without a worker script (a build of kernel-lib without one), cases run here
  const script = workers > 1 ? cohortWorkerUrl() : undefined;
  if (!script) {
    for await (const job of casesToCompute()) await onComputed(await runCaseJob(job, settings, columns));
  } else {
    await runInWorkers(script, casesToCompute(), settings, columns, workers, onComputed);
  }

  const failures: CaseFailure[] = [];
  const warnings: string[] = [];
  const rows: { id: string; values: Float64Array; clinical: Record<string, string> }[] = [];
  outcomes.forEach((outcome, index) => {
    const c = cohort.cases[index];
    if (!outcome) failures.push({ id: c.id, file: c.image, reason: `case ${c.id}: no result (internal error)` });
    else if (!outcome.ok) failures.push({ id: c.id, file: outcome.file, reason: outcome.reason });
    else {
      rows.push({ id: c.id, values: outcome.values, clinical: c.clinical });
      warnings.push(...outcome.warnings);
    }
  });
  return {
    table: buildFeatureTable(rows, columns, cohort.clinicalColumns),
    failures,
    warnings,
    settings,
    version: RADLAB_VERSION,
    inputHashes,
    manifest: cohort.source,
    computed,
    cached: progress.cached,
  };
}

/**
 * Assembles the table: `id`, feature columns (Float64, NaN kept), then clinical columns —
 * numeric when every non-empty cell is a number, else text; an empty cell stays missing (null,
 * an empty CSV cell), never NaN, which the CSV reserves for a computed-but-undefined feature.
 */
export function buildFeatureTable(
  rows: { id: string; values: Float64Array; clinical: Record<string, string> }[],
  columns: readonly string[],
  clinicalColumns: readonly string[],
): FeatureTable {
  const data: Record<string, unknown[] | Float64Array> = { id: rows.map((r) => r.id) };
  columns.forEach((name, n) => {
    data[name] = Float64Array.from(rows, (r) => r.values[n]);
  });
  for (const name of clinicalColumns) {
    if (name in data) continue; // a clinical column may not shadow a feature or the id
    const cells = rows.map((r) => (r.clinical[name] ?? "").trim());
    // Plain decimals only: a code such as "0x1F" stays text (Number() would read it as 31).
    const numeric = cells.some((s) => s !== "") && cells.every((s) => s === "" || Number.isFinite(parseDecimal(s)));
    data[name] = cells.map((s) => (s === "" ? null : numeric ? parseDecimal(s) : s));
  }
  return aq.table(data);
}

/**
 * A small pool: `count` lanes, each pulling the next case from the shared source and computing it
 * on its own worker thread (started with its first case, so cached cases start no thread). A
 * worker that dies fails its case with the reason and is replaced for the next case.
 */
async function runInWorkers(
  script: URL,
  jobs: AsyncIterator<CaseJob>,
  settings: ExtractionSettings,
  columns: string[],
  count: number,
  onComputed: (outcome: CaseOutcome) => Promise<void>,
): Promise<void> {
  const lane = async () => {
    let worker: Worker | undefined;
    try {
      for (let next = await jobs.next(); !next.done; next = await jobs.next()) {
        worker ??= new Worker(script, { workerData: { settings, columns } });
        const outcome = await computeOnWorker(worker, next.value);
        if (outcome.workerDied) {
          void worker.terminate();
          worker = undefined;
        }
        await onComputed(outcome.outcome);
      }
    } finally {
      await worker?.terminate();
    }
  };
  await Promise.all(Array.from({ length: count }, lane));
}

/** Sends one case to a worker and waits for its answer (or its death). */
function computeOnWorker(worker: Worker, job: CaseJob): Promise<{ outcome: CaseOutcome; workerDied: boolean }> {
  return new Promise((resolveOutcome) => {
    const onMessage = (outcome: CaseOutcome) => {
      worker.off("error", onError);
      resolveOutcome({ outcome, workerDied: false });
    };
    const onError = (error: Error) => {
      worker.off("message", onMessage);
      const reason = `case ${job.id}: the worker thread failed (${error.message})`;
      resolveOutcome({ outcome: { index: job.index, ok: false, file: job.image, reason }, workerDied: true });
    };
    worker.once("message", onMessage);
    worker.once("error", onError);
    worker.postMessage(job);
  });
}

/** An input's SHA-256 and, for a file, the bytes it was computed from. */
interface HashedInput {
  hash: string;
  bytes?: Uint8Array;
}

/**
 * Reads an input once and hashes it (SHA-256): a file's bytes (kept, for decoding), or for a
 * DICOM series folder the names and bytes of its files in name order (hidden files skipped, as
 * readVolume skips them; itk-wasm reads the series again from its paths).
 */
async function readAndHash(path: string): Promise<HashedInput> {
  const hash = createHash("sha256");
  if ((await stat(path)).isDirectory()) {
    const names = (await readdir(path, { withFileTypes: true }))
      .filter((entry) => entry.isFile() && !entry.name.startsWith("."))
      .map((entry) => entry.name)
      .sort();
    for (const name of names) hash.update(name).update(await readFile(join(path, name)));
    return { hash: hash.digest("hex") };
  }
  const bytes = await readFile(path);
  return { hash: hash.update(bytes).digest("hex"), bytes };
}

/**
 * The cache key: input bytes, the settings that change values (with the case's label or ROI), the
 * version and the catalog's definition revision (so a changed definition is recomputed even
 * when the version number has not moved).
 */
function cacheKey(job: CaseJob, settings: ExtractionSettings): string {
  const effective = settingsToJson({ ...settings, label: job.label });
  const roi = job.roi === undefined ? {} : { roi: job.roi };
  return createHash("sha256")
    .update(
      JSON.stringify({
        version: RADLAB_VERSION,
        definitions: FEATURE_DEFINITIONS_REVISION,
        settings: effective,
        image: job.inputHashes.image,
        mask: job.inputHashes.mask,
        ...roi,
      }),
    )
    .digest("hex");
}

async function readCachedRow(
  dir: string,
  key: string,
  columns: string[],
): Promise<{ values: Float64Array; warnings: string[]; owner: WarningOwner } | undefined> {
  let row: CachedRow;
  try {
    row = JSON.parse(await readFile(join(dir, `${key}.json`), "utf8")) as CachedRow;
  } catch {
    return undefined;
  }
  if (row.version !== RADLAB_VERSION || !row.owner || row.columns.length !== columns.length || row.columns.some((c, n) => c !== columns[n])) return undefined;
  return { values: Float64Array.from(row.values, decodeFeatureValue), warnings: row.warnings, owner: row.owner };
}

/**
 * Writes a cached row under a temporary name unique to this write (two byte-identical cases
 * computed at once write the same key), then renames it into place: the last rename wins, and
 * both rows are the same numbers.
 */
async function writeCachedRow(dir: string, key: string, columns: string[], outcome: CaseOutcome & { ok: true }, owner: WarningOwner): Promise<void> {
  await makeFolder(dir, (what) => {
    throw new RadlabInputError(`cache folder ${dir}: ${what}`, dir);
  });
  const row: CachedRow = {
    version: RADLAB_VERSION,
    columns,
    values: Array.from(outcome.values, encodeFeatureValue),
    warnings: outcome.warnings,
    owner,
  };
  await writeFileAtomic(join(dir, `${key}.json`), JSON.stringify(row));
}

/**
 * A cached row's warnings as the case being reported would have had them: the computing case's
 * id prefix ("case P01: ") and its image and mask paths replaced by this case's.
 */
export function reattributeWarnings(warnings: readonly string[], from: WarningOwner, to: WarningOwner): string[] {
  if (from.id === to.id && from.image === to.image && from.mask === to.mask) return [...warnings];
  const prefix = `case ${from.id}: `;
  return warnings.map((warning) => {
    const body = warning.startsWith(prefix) ? warning.slice(prefix.length) : warning;
    return `case ${to.id}: ${body.split(from.image).join(to.image).split(from.mask).join(to.mask)}`;
  });
}
