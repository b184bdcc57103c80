/**
 * `radlab extract`: the features of one case (JSON or CSV on stdout) or of a cohort manifest
 * (a table file, its failures report and its provenance record).
 *
 *   radlab extract --image IMG --mask MASK [--label N] [--discretization none|bins:N|width:W]
 *                  [--empty-directions skip|itk] [--settings FILE] [--json|--csv]
 *   radlab extract --manifest M.csv --out features.csv [--workers N] [--settings FILE]
 *                  [--cache DIR | --no-cache]
 *
 * Exit codes: 0 done (a cohort with some failed cases included: they are in the report);
 * 1 every case of a cohort failed; 2 bad input (message on stderr).
 */
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { RadlabInputError } from "../errors.js";
import type { CohortProgress } from "../features/cohort.js";
import { parseDiscretization } from "../features/discretize.js";
import { extractFeatures } from "../features/extract.js";
import { DEFAULT_SETTINGS, type ExtractionSettings, loadSettings, settingsToJson } from "../features/settings.js";
import { csvField } from "../io/csv.js";
import { readMask } from "../io/read-mask.js";
import { readVolume } from "../io/read-volume.js";

const OPTIONS = {
  image: { type: "string" },
  mask: { type: "string" },
  label: { type: "string" },
  discretization: { type: "string" },
  "empty-directions": { type: "string" },
  settings: { type: "string" },
  json: { type: "boolean" },
  csv: { type: "boolean" },
  manifest: { type: "string" },
  out: { type: "string" },
  workers: { type: "string" },
  cache: { type: "string" },
  "no-cache": { type: "boolean" },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>["values"];

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: false, strict: true });
  const settings = settingsFromArgs(values);
  if (values.manifest !== undefined) {
    for (const single of ["image", "mask", "json", "csv"] as const) {
      if (values[single] !== undefined) throw new RadlabInputError(`--${single} is for one case; with --manifest use --out`);
    }
    if (values.out === undefined) throw new RadlabInputError("--manifest needs --out FILE (.csv or .arrow)");
    return extractManifest(values, settings);
  }
  if (values.image === undefined || values.mask === undefined)
    throw new RadlabInputError("give --image and --mask (one case), or --manifest and --out (a cohort)");
  for (const cohortOnly of ["out", "workers", "cache", "no-cache"] as const) {
    if (values[cohortOnly] !== undefined) throw new RadlabInputError(`--${cohortOnly} is for a cohort (--manifest)`);
  }
  return extractOneCase(values, settings);
}

/** The settings file (or the defaults), then the command-line overrides. */
function settingsFromArgs(values: Values): ExtractionSettings {
  const settings: ExtractionSettings = values.settings === undefined ? { ...DEFAULT_SETTINGS } : loadSettings(values.settings);
  if (values.label !== undefined) {
    const label = Number(values.label);
    if (!Number.isInteger(label)) throw new RadlabInputError(`--label "${values.label}": expected an integer label`);
    settings.label = label;
  }
  if (values.discretization !== undefined) settings.discretization = parseDiscretization(values.discretization);
  const empty = values["empty-directions"];
  if (empty !== undefined) {
    if (empty !== "skip" && empty !== "itk") throw new RadlabInputError(`--empty-directions "${empty}": expected skip or itk`);
    settings.emptyDirections = empty;
  }
  return settings;
}

async function extractOneCase(values: Values, settings: ExtractionSettings): Promise<number> {
  const volume = await readVolume(values.image as string);
  const mask = await readMask(values.mask as string, {
    image: volume,
    tolerance: settings.gridTolerance,
    ...(settings.label === "any" ? {} : { label: settings.label }),
  });
  const row = extractFeatures(volume, mask, settings);
  for (const warning of row.warnings) process.stderr.write(`warning: ${warning}\n`);
  if (values.csv) {
    const names = Object.keys(row.features);
    process.stdout.write(`${names.map(csvField).join(",")}\n${names.map((n) => String(row.features[n])).join(",")}\n`);
    return 0;
  }
  // JSON has no NaN: undefined features are null.
  const features = Object.fromEntries(Object.entries(row.features).map(([name, v]) => [name, Number.isFinite(v) ? v : null]));
  process.stdout.write(`${JSON.stringify({ features, settings: settingsToJson(row.settings), version: row.version })}\n`);
  return 0;
}

async function extractManifest(values: Values, settings: ExtractionSettings): Promise<number> {
  // Loaded here, not at the top: the table library costs ~120 ms that one case need not pay.
  const { extractCohort } = await import("../features/cohort.js");
  const { companionPaths, writeCohortExtraction } = await import("../features/feature-table.js");
  const { availableParallelism } = await import("node:os");
  const out = values.out as string;
  let workers = availableParallelism();
  if (values.workers !== undefined) {
    workers = Number(values.workers);
    if (!Number.isInteger(workers) || workers < 1) throw new RadlabInputError(`--workers "${values.workers}": expected an integer ≥ 1`);
  }
  const cacheDir = values["no-cache"] ? undefined : (values.cache ?? join(dirname(companionPaths(out).provenance), ".radlab-cache"));
  const bar = process.stderr.isTTY ? progressBar() : undefined;
  const result = await extractCohort(values.manifest as string, settings, { workers, cacheDir, onProgress: bar });
  if (bar) process.stderr.write("\n");
  const paths = await writeCohortExtraction(result, out);
  const total = result.table.numRows() + result.failures.length;
  process.stderr.write(
    `${result.table.numRows()} of ${total} cases → ${paths.table} (${result.computed} computed, ${result.cached} from cache)\n` +
      (result.warnings.length > 0 ? `${result.warnings.length} warnings (features undefined for a case) → ${paths.provenance}\n` : "") +
      (result.failures.length > 0 ? `${result.failures.length} failed → ${paths.failures}\n${result.failures.map((f) => `  ${f.reason}`).join("\n")}\n` : ""),
  );
  return result.table.numRows() === 0 && total > 0 ? 1 : 0;
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
