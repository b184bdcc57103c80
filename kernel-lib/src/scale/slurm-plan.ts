/**
 * The plan of a Slurm extraction (scale/slurm.ts submits and follows it): the run folder's
 * layout, the two batch scripts, and the state of each shard's part on disk. Pure file work and
 * text, no Slurm command, so it is tested without a cluster.
 */
import { readFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { RadlabInputError } from "../errors.js";
import { companionPaths, FEATURE_TABLE_FORMATS } from "../features/feature-table.js";
import { type ExtractionSettings, settingsToJson } from "../features/settings.js";
import { readManifest } from "../io/manifest.js";
import type { PlannedOutput } from "../io/output-file.js";
import { RADLAB_VERSION } from "../version.js";
import { partFileName, type ShardPart } from "./part.js";
import { sha256File } from "./shard.js";

/** Options of a Slurm extraction. */
export interface SlurmExtractOptions {
  /** Shards (array tasks) to split the manifest into. */
  shards: number;
  /** The merged table (`.csv` or `.arrow`); the run folder goes beside it. */
  out: string;
  /** `--partition` of both jobs (default: the cluster's default partition). */
  partition?: string;
  /** `--time` limit of each task and of the merge (Slurm's formats, e.g. `30:00`). */
  time?: string;
  /** `--cpus-per-task`: CPUs of each task, used as its worker threads (default 1). */
  cpusPerTask?: number;
  /** More sbatch options for both jobs, as written (e.g. `--account=rad`, `--qos=short`). */
  sbatchArgs?: string[];
}

/** Where a Slurm extraction keeps its files, and what it extracts. */
export interface SlurmPlan {
  manifest: string;
  manifestSha256: string;
  cases: number;
  shards: number;
  /** The merged table. */
  out: string;
  folder: string;
  partsDir: string;
  logsDir: string;
  extractScript: string;
  mergeScript: string;
  settingsFile: string;
  cacheDir: string;
  jobsFile: string;
  settings: Record<string, unknown>;
}

/** A shard's part on disk: absent, complete (no failures), with failures, or from another run (stale). */
export type ShardState = "missing" | "complete" | "failures" | "stale";

/** The radlab command line to put in a batch script: this Node and this radlab's bin script. */
function radlabCommand(): string[] {
  return [process.execPath, fileURLToPath(new URL("../../bin/radlab.js", import.meta.url))];
}

/** Quotes a word for bash (single quotes, `'` as `'\''`). */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

/** Shard numbers as Slurm's `--array` list: [0,1,2,5,7,8] → `0-2,5,7-8`. */
export function arraySpec(shards: readonly number[]): string {
  const ranges: string[] = [];
  for (let n = 0; n < shards.length; n++) {
    let end = n;
    while (end + 1 < shards.length && shards[end + 1] === shards[end] + 1) end++;
    ranges.push(end === n ? String(shards[n]) : `${shards[n]}-${shards[end]}`);
    n = end;
  }
  return ranges.join(",");
}

/** Checks the options and the manifest (every file must exist at submission) and lays out the run folder. */
export function planSlurmExtraction(manifestPath: string, settings: ExtractionSettings, options: SlurmExtractOptions): SlurmPlan {
  if (!Number.isInteger(options.shards) || options.shards < 1) throw new RadlabInputError(`--shards "${options.shards}": expected an integer ≥ 1`);
  if (options.cpusPerTask !== undefined && (!Number.isInteger(options.cpusPerTask) || options.cpusPerTask < 1))
    throw new RadlabInputError(`--cpus-per-task "${options.cpusPerTask}": expected an integer ≥ 1`);
  const out = resolve(options.out);
  if (!FEATURE_TABLE_FORMATS.some((ending) => out.toLowerCase().endsWith(ending)))
    throw new RadlabInputError(`--out ${out}: expected a table file ending in ${FEATURE_TABLE_FORMATS.join(" or ")}`);
  const manifest = readManifest(manifestPath);
  if (options.shards > manifest.cases.length)
    throw new RadlabInputError(`--shards ${options.shards}: ${manifest.source} has only ${manifest.cases.length} cases (at most one shard per case)`);
  const folder = runFolderOf(out);
  return {
    manifest: manifest.source,
    manifestSha256: sha256File(manifest.source),
    cases: manifest.cases.length,
    shards: options.shards,
    out,
    folder,
    partsDir: join(folder, "parts"),
    logsDir: join(folder, "logs"),
    extractScript: join(folder, "extract.sbatch"),
    mergeScript: join(folder, "merge.sbatch"),
    settingsFile: join(folder, "settings.json"),
    cacheDir: join(dirname(companionPaths(out).provenance), ".radlab-cache"),
    jobsFile: join(folder, "jobs.json"),
    settings: settingsToJson(settings),
  };
}

/** The run folder of a table: `<stem>.slurm` beside it. */
export function runFolderOf(table: string): string {
  const out = resolve(table);
  return join(dirname(out), `${basename(out).replace(/\.(csv|arrow)$/i, "")}.slurm`);
}

/** `#SBATCH` lines shared by both scripts. */
function resourceLines(options: SlurmExtractOptions): string[] {
  return [...(options.partition ? [`#SBATCH --partition=${options.partition}`] : []), ...(options.time ? [`#SBATCH --time=${options.time}`] : [])];
}

/** The array task's script: one shard of the manifest into one part. */
export function extractScriptText(plan: SlurmPlan, options: SlurmExtractOptions): string {
  const cpus = options.cpusPerTask ?? 1;
  const q = shellQuote;
  // One option and its value per line, so the script reads as a list of settings.
  const command = [
    `${radlabCommand().map(q).join(" ")} extract`,
    `--manifest ${q(plan.manifest)}`,
    `--shard auto --shards ${plan.shards}`,
    `--settings ${q(plan.settingsFile)}`,
    `--cache ${q(plan.cacheDir)}`,
    `--out ${q(`${plan.partsDir}/`)}`,
  ];
  return [
    "#!/bin/bash",
    `# radlab ${RADLAB_VERSION}: extract one shard of a cohort manifest (a Slurm array task).`,
    `# Manifest: ${plan.manifest} (${plan.cases} cases, SHA-256 ${plan.manifestSha256}), split into ${plan.shards} shards.`,
    "#",
    "# Task K extracts shard K (a contiguous slice of the manifest) with the settings in",
    "# settings.json and writes parts/part-KKK-of-NNN.json: first under a temporary name, renamed",
    "# when complete, so a cancelled task leaves nothing a merge would accept. Cases already in",
    "# the feature cache are read, not recomputed. A case that fails is recorded in the part",
    "# (id, file, reason) and the task still succeeds; the merge reports it.",
    "#",
    `# By hand:   sbatch --array=0-${plan.shards - 1} extract.sbatch     (or --array=2,5 for some shards)`,
    ...(options.sbatchArgs?.length ? [`# Submitted with: ${options.sbatchArgs.map(shellQuote).join(" ")}`] : []),
    "#SBATCH --job-name=radlab-extract",
    `#SBATCH --output=${plan.logsDir}/extract-%A_%a.log`,
    `#SBATCH --cpus-per-task=${cpus}`,
    ...resourceLines(options),
    "set -euo pipefail",
    "",
    "# One worker thread per CPU Slurm gave this task.",
    "status=0",
    `${command.join(" \\\n  ")} \\`,
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a bash parameter expansion, not a template
    '  --workers "${SLURM_CPUS_PER_TASK:-1}" || status=$?',
    "# Exit 3: the part was written and some of its cases failed (recorded in it, for the merge",
    "# to report). The task succeeded, so the merge job (afterok) runs.",
    'if [ "$status" -eq 3 ]; then exit 0; fi',
    'exit "$status"',
    "",
  ].join("\n");
}

/** The merge job's script: every shard's part into the table, in manifest order. */
export function mergeScriptText(plan: SlurmPlan, options: SlurmExtractOptions): string {
  const radlab = radlabCommand().map(shellQuote).join(" ");
  const pattern = `${shellQuote(plan.partsDir)}/part-*-of-${partFileName({ index: 0, count: plan.shards }).split("-of-")[1]}`;
  return [
    "#!/bin/bash",
    `# radlab ${RADLAB_VERSION}: merge the ${plan.shards} parts of a sharded extraction into one table.`,
    "#",
    "# Joins the parts in manifest order; refuses (naming the files) parts with different settings,",
    "# versions or manifests, a missing shard or a case present twice. Failed cases of every part go",
    `# into one report beside the table (${basename(companionPaths(plan.out).failures)}).`,
    "#",
    "# By hand:   sbatch merge.sbatch   (submitted with --dependency=afterok:<array job id>)",
    ...(options.sbatchArgs?.length ? [`# Submitted with: ${options.sbatchArgs.map(shellQuote).join(" ")}`] : []),
    "#SBATCH --job-name=radlab-merge",
    `#SBATCH --output=${plan.logsDir}/merge-%j.log`,
    "#SBATCH --cpus-per-task=1",
    ...resourceLines(options),
    "set -euo pipefail",
    "",
    `exec ${radlab} merge ${pattern} --out ${shellQuote(plan.out)}`,
    "",
  ].join("\n");
}

/** Reads a shard's part when it exists; undefined when absent or unreadable (e.g. half-written by hand). */
export function readPartIfAny(file: string): ShardPart | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as ShardPart;
  } catch {
    return undefined;
  }
}

/** The state of every shard's part: complete only when it belongs to this manifest, settings and version and has no failures. */
export function shardStates(plan: SlurmPlan): ShardState[] {
  return Array.from({ length: plan.shards }, (_, index) => {
    const part = readPartIfAny(join(plan.partsDir, partFileName({ index, count: plan.shards })));
    if (!part) return "missing";
    const same =
      part.version === RADLAB_VERSION &&
      part.manifest?.sha256 === plan.manifestSha256 &&
      part.shard?.count === plan.shards &&
      JSON.stringify(part.settings) === JSON.stringify(plan.settings);
    if (!same) return "stale";
    return part.failures.length === 0 ? "complete" : "failures";
  });
}

/** Every folder and file of the run folder a submission writes (the parts and logs are the jobs'). */
export function runFolderOutputs(plan: SlurmPlan): PlannedOutput[] {
  const option = `--out's run folder`;
  return [
    { path: plan.folder, option, kind: "folder" },
    { path: plan.partsDir, option, kind: "folder" },
    { path: plan.logsDir, option, kind: "folder" },
    { path: plan.settingsFile, option, kind: "file", extensions: [".json"] },
    { path: plan.extractScript, option, kind: "file", extensions: [".sbatch"] },
    { path: plan.mergeScript, option, kind: "file", extensions: [".sbatch"] },
    { path: plan.jobsFile, option, kind: "file", extensions: [".json"] },
  ];
}
