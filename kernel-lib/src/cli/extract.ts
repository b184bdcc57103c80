/**
 * `radlab extract`: the features of one case (JSON or CSV on stdout) or of a cohort manifest
 * (a table file, its failures report and its provenance record).
 *
 *   radlab extract --image IMG --mask MASK [--label N] [--discretization none|bins:N|width:W]
 *                  [--roi NAME [--contour-rule even-odd|union]] [--series UID|DESCRIPTION]   (RTSTRUCT / DICOM-SEG masks)
 *                  [--empty-directions skip|itk] [--settings FILE] [--json|--csv]
 *   radlab extract --manifest M.csv --out features.csv [--workers N] [--settings FILE]
 *                  [--cache DIR | --no-cache]
 *   radlab extract --manifest M.csv --shard K/N|auto [--shards N] --out PART.json|DIR/ [...]
 *
 * Options and exit statuses: commands.ts (`radlab extract --help`).
 */
import { dirname, join } from "node:path";
import { FEATURE_CATALOG } from "../features/catalog.js";
import type { CohortProgress } from "../features/cohort.js";
import { parseDiscretization } from "../features/discretize.js";
import { extractFeatures } from "../features/extract.js";
import { DEFAULT_SETTINGS, type ExtractionSettings, loadSettings, settingsToJson } from "../features/settings.js";
import { csvField } from "../io/csv.js";
import { parseMaskLabel, readMask } from "../io/read-mask.js";
import { readVolume } from "../io/read-volume.js";
import { COMMANDS } from "./commands.js";
import { CliUsageError, EXIT } from "./errors.js";
import { parseCommand, type Values } from "./options.js";

type ExtractValues = Values<typeof COMMANDS.extract>;

export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommand("extract", COMMANDS.extract, argv);
  const settings = settingsFromArgs(values);
  if (values.manifest === undefined) return extractOneCase(values, settings);
  if (values.shard !== undefined) return extractManifestShard(values, settings);
  if (values.shards !== undefined) throw new CliUsageError("--shards N goes with --shard auto", "extract");
  return extractManifest(values, settings);
}

/** The settings file (or the defaults), then the command-line overrides. */
function settingsFromArgs(values: ExtractValues): ExtractionSettings {
  const settings: ExtractionSettings = values.settings === undefined ? { ...DEFAULT_SETTINGS } : loadSettings(values.settings);
  if (values.label !== undefined) settings.label = parseMaskLabel(values.label, "--label");
  if (values["mask-threshold"] !== undefined) settings.maskThreshold = values["mask-threshold"];
  if (values.discretization !== undefined) settings.discretization = parseDiscretization(values.discretization);
  const empty = values["empty-directions"];
  if (empty !== undefined) settings.emptyDirections = empty;
  return settings;
}

async function extractOneCase(values: ExtractValues, settings: ExtractionSettings): Promise<number> {
  const volume = await readVolume(values.image ?? "", { series: values.series });
  const mask = await readMask(values.mask ?? "", {
    image: volume,
    roi: values.roi,
    contourRule: values["contour-rule"],
    tolerance: settings.gridTolerance,
    label: settings.label,
    threshold: settings.maskThreshold,
  });
  const row = extractFeatures(volume, mask, settings);
  for (const warning of row.warnings) process.stderr.write(`warning: ${warning}\n`);
  if (values.csv) {
    const names = Object.keys(row.features);
    process.stdout.write(`${names.map(csvField).join(",")}\n${names.map((n) => String(row.features[n])).join(",")}\n`);
    return 0;
  }
  // JSON has no NaN: undefined features are null; the warnings say why (and count left-out voxels).
  const features = Object.fromEntries(Object.entries(row.features).map(([name, v]) => [name, Number.isFinite(v) ? v : null]));
  const units = Object.fromEntries(Object.keys(row.features).map((name) => [name, FEATURE_CATALOG.find(name)?.unit ?? null]));
  process.stdout.write(`${JSON.stringify({ features, units, settings: settingsToJson(row.settings), version: row.version, warnings: row.warnings })}\n`);
  return 0;
}

async function extractManifest(values: ExtractValues, settings: ExtractionSettings): Promise<number> {
  // Loaded here, not at the top: the table library costs ~120 ms that one case need not pay.
  const { extractCohort } = await import("../features/cohort.js");
  const { companionPaths, FEATURE_TABLE_FORMATS, writeCohortExtraction } = await import("../features/feature-table.js");
  const { readManifest } = await import("../io/manifest.js");
  const { prepareOutputs } = await import("../io/output-file.js");
  const out = values.out ?? "";
  const manifest = readManifest(values.manifest ?? "");
  const companions = companionPaths(out);
  const cacheDir = values["no-cache"] ? undefined : (values.cache ?? join(dirname(companions.provenance), ".radlab-cache"));
  // Every output checked before the first case is computed; none may be an input.
  const inputs = [manifest.source, ...(values.settings ? [values.settings] : []), ...manifest.cases.flatMap((c) => [c.image, c.mask])];
  await prepareOutputs(
    [
      { path: out, option: "--out", kind: "file", extensions: FEATURE_TABLE_FORMATS },
      { path: companions.failures, option: "--out (its failures report)", kind: "file" },
      { path: companions.provenance, option: "--out (its provenance record)", kind: "file" },
      ...(cacheDir === undefined ? [] : [{ path: cacheDir, option: "--cache", kind: "folder" as const }]),
    ],
    inputs,
  );
  const workers = await workerCount(values.workers);
  const bar = process.stderr.isTTY ? progressBar() : undefined;
  const result = await extractCohort(manifest, settings, { workers, cacheDir, onProgress: bar });
  if (bar) process.stderr.write("\n");
  const paths = await writeCohortExtraction(result, out);
  // result.computed counts attempts, failed ones included: "computed" here is what succeeded.
  const failed = result.failures.length;
  const done = result.table.numRows();
  process.stderr.write(
    `${done - result.cached} computed, ${result.cached} from cache, ${failed} failed${failed > 0 ? ` (see ${paths.failures})` : ""}: ` +
      `${done} of ${done + failed} cases → ${paths.table}\n` +
      (result.warnings.length > 0 ? `${result.warnings.length} warnings (features undefined for a case) → ${paths.provenance}\n` : "") +
      (failed > 0 ? `${result.failures.map((f) => `  ${f.reason}`).join("\n")}\n` : ""),
  );
  return cohortExitStatus(done, failed);
}

/**
 * One shard of the manifest into a part (`--shard K/N`, or `--shard auto` in a Slurm array task
 * or a Kubernetes Indexed Job). `--out` is the part file, or a folder (trailing slash, or one
 * that exists) to hold `part-KKK-of-NNN.json`. The cache defaults to `.radlab-cache` beside the
 * part, so the shards written to one folder share it. Exit 0 once the part is written, failed
 * cases included (they are in the part, and the merge reports them): a Slurm merge job that
 * waits on `afterok` must still run.
 */
async function extractManifestShard(values: ExtractValues, settings: ExtractionSettings): Promise<number> {
  const { parseShard, shardFromEnvironment, extractShard } = await import("../scale/shard.js");
  const { partPath, writePart } = await import("../scale/part.js");
  const { statSync } = await import("node:fs");
  if (values.shard !== "auto" && values.shards !== undefined)
    throw new CliUsageError("--shards N goes with --shard auto (--shard K/N already says N)", "extract");
  const shard = values.shard === "auto" ? shardFromEnvironment(process.env, values.shards) : parseShard(values.shard ?? "");
  const out = values.out ?? "";
  const file = partPath(out, shard, statSync(out, { throwIfNoEntry: false })?.isDirectory() ?? false);
  const cacheDir = values["no-cache"] ? undefined : (values.cache ?? join(dirname(file), ".radlab-cache"));
  // The part and the cache are checked before the first case, as for a whole cohort.
  const { readManifest } = await import("../io/manifest.js");
  const { prepareOutputs } = await import("../io/output-file.js");
  // files are not checked here: in a shard a missing case file is that case's failure (see scale/shard.ts)
  const manifest = readManifest(values.manifest ?? "", { checkFiles: false });
  await prepareOutputs(
    [{ path: file, option: "--out", kind: "file" }, ...(cacheDir === undefined ? [] : [{ path: cacheDir, option: "--cache", kind: "folder" as const }])],
    [manifest.source, ...(values.settings ? [values.settings] : []), ...manifest.cases.flatMap((c) => [c.image, c.mask])],
  );
  const workers = await workerCount(values.workers);
  const part = await extractShard(values.manifest ?? "", settings, shard, { workers, cacheDir });
  await writePart(part, file);
  const failed = part.failures.length;
  process.stderr.write(
    `shard ${shard.index}/${shard.count}: ${part.rows.length - part.cached} computed, ${part.cached} from cache, ${failed} failed: ` +
      `${part.rows.length} of ${part.caseIds.length} cases → ${file}\n` +
      (failed > 0 ? `${part.failures.map((f) => `  ${f.reason}`).join("\n")}\n` : ""),
  );
  return EXIT.ok;
}

/**
 * Worker threads: as asked, but never more than the cores (more only adds memory and
 * scheduling: 64 workers on 2 cores took 4× longer and 1.2 GB), saying so when capped.
 */
async function workerCount(requested: number | undefined): Promise<number> {
  const { availableParallelism } = await import("node:os");
  const cores = availableParallelism();
  if (requested === undefined) return cores;
  if (requested > cores) {
    process.stderr.write(`--workers ${requested}: this machine has ${cores} core${cores === 1 ? "" : "s"}; using ${cores} worker${cores === 1 ? "" : "s"}\n`);
    return cores;
  }
  return requested;
}

/** All done 0, some failed 3, every case failed 1 (see EXIT and `radlab extract --help`). */
export function cohortExitStatus(done: number, failed: number): number {
  if (failed === 0) return EXIT.ok;
  return done === 0 ? EXIT.nothingDone : EXIT.partial;
}

/** A one-line progress bar on stderr, redrawn in place. */
function progressBar(): (p: CohortProgress) => void {
  const started = Date.now();
  return (p) => {
    const width = 30;
    const filled = Math.round((width * p.done) / Math.max(p.total, 1));
    const elapsed = (Date.now() - started) / 1000;
    const eta = p.done > 0 ? (elapsed / p.done) * (p.total - p.done) : 0;
    const failed = p.failed > 0 ? `, ${p.failed} failed` : "";
    process.stderr.write(
      `\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${p.done}/${p.total}${failed}  ${elapsed.toFixed(0)} s, ~${eta.toFixed(0)} s left  `,
    );
  };
}
