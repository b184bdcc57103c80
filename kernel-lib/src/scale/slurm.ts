/**
 * A cohort's extraction on a Slurm cluster: an array job with one task per shard
 * (`radlab extract --shard auto`) and a merge job that runs when every task succeeded
 * (`--dependency=afterok`). Everything lives in one run folder beside the output table, so it
 * can be read, rerun by hand and followed with Slurm's own tools:
 *
 *   <out folder>/<stem>.slurm/extract.sbatch    the array task (commented, usable with sbatch by hand)
 *   <out folder>/<stem>.slurm/merge.sbatch      the merge
 *   <out folder>/<stem>.slurm/settings.json     the extraction settings every task reads
 *   <out folder>/<stem>.slurm/parts/            part-KKK-of-NNN.json, one per finished shard
 *   <out folder>/<stem>.slurm/logs/             each task's output
 *   <out folder>/<stem>.slurm/jobs.json         the last submission (job ids, shards, time)
 *   <out folder>/.radlab-cache/                 the feature cache (the same as a local run's)
 *
 * Submitting again resubmits only the shards without a complete part (missing, or with failed
 * cases); the cache makes their finished cases free. Slurm's commands are run as programs
 * (sbatch, squeue, scontrol), found on PATH and configured as usual (SLURM_CONF).
 */
import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { RadlabInputError } from "../errors.js";
import type { CaseFailure } from "../features/cohort.js";
import { companionPaths, FEATURE_TABLE_FORMATS } from "../features/feature-table.js";
import { DEFAULT_SETTINGS, type ExtractionSettings, settingsToJson } from "../features/settings.js";
import { readManifest } from "../io/manifest.js";
import { type PlannedOutput, prepareOutputs, writeFileAtomic } from "../io/output-file.js";
import { RADLAB_VERSION } from "../version.js";
import { partFileName, type ShardPart } from "./part.js";
import { sha256File } from "./shard.js";

const run = promisify(execFile);

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

/** One submission: what was submitted and how to follow it. */
export interface SlurmSubmission {
  plan: SlurmPlan;
  /** Shards submitted in the array job (the others already had a complete part). */
  shardsSubmitted: number[];
  /** The array job's id (absent when no shard needed extracting). */
  arrayJobId?: string;
  mergeJobId: string;
  /** Commands that show the jobs (squeue; sacct where the cluster keeps accounting). */
  follow: string[];
  /** ISO time of the submission. */
  submittedAt: string;
}

/** Progress of a submitted extraction, as the parts arrive. */
export interface SlurmProgress {
  /** Shards with a part written since the submission (or complete before it). */
  shardsDone: number;
  shards: number;
  /** Cases in those parts (extracted or failed). */
  casesDone: number;
  cases: number;
  /** Failed cases in those parts. */
  failed: number;
  /** Jobs still known to squeue. */
  pending: boolean;
}

/** How a submitted extraction ended. */
export interface SlurmOutcome {
  submission: SlurmSubmission;
  /** True when the merge wrote the table after this submission. */
  merged: boolean;
  table: string;
  /** Failed cases (from the merged report, or from the parts when nothing was merged). */
  failures: CaseFailure[];
  /** Rows in the merged table. */
  rows: number;
  /** Shards without a complete part at the end. */
  incompleteShards: number[];
  /** The end state of each job, when scontrol still knows it. */
  jobStates: Record<string, string>;
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
  const folder = join(dirname(out), `${basename(out).replace(/\.(csv|arrow)$/i, "")}.slurm`);
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
function readPartIfAny(file: string): ShardPart | undefined {
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

/** Runs one of Slurm's commands; its stderr in the error when it fails. */
async function slurmCommand(program: string, args: string[]): Promise<string> {
  try {
    return (await run(program, args, { encoding: "utf8" })).stdout;
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === "ENOENT") throw new RadlabInputError(`${program} not found: Slurm's commands must be on PATH (Debian: apt-get install slurm-client)`);
    throw new RadlabInputError(`${program} ${args.join(" ")} failed: ${(e.stderr ?? e.message).trim()}`);
  }
}

/** Job ids of a submission that squeue still lists (pending or running). */
async function activeJobs(ids: readonly string[]): Promise<string[]> {
  const active: string[] = [];
  for (const id of ids) {
    try {
      const { stdout } = await run("squeue", ["-h", "-o", "%i", "-j", id], { encoding: "utf8" });
      if (stdout.trim() !== "") active.push(id);
    } catch {
      // squeue exits non-zero for a job it no longer knows: finished.
    }
  }
  return active;
}

/**
 * Writes the run folder and submits: the array job for the shards without a complete part,
 * then the merge job depending on it (afterok; cancelled if a task fails). Refuses while jobs
 * of the previous submission are still queued or running.
 */
export async function submitSlurmExtraction(plan: SlurmPlan, options: SlurmExtractOptions): Promise<SlurmSubmission> {
  const previous = readPreviousSubmission(plan);
  if (previous) {
    const ids = [previous.arrayJobId, previous.mergeJobId].filter((id): id is string => id !== undefined);
    const active = await activeJobs(ids);
    if (active.length > 0)
      throw new RadlabInputError(
        `jobs ${active.join(", ")} of the previous submission (${plan.jobsFile}) are still queued or running: wait for them, or scancel them`,
      );
  }
  // Checked (and its folders made, one level at a time) before anything is written or submitted.
  await prepareOutputs(runFolderOutputs(plan), [plan.manifest]);
  // Each file whole or not at all: a failed write leaves the previous submission's file as it was.
  await writeFileAtomic(plan.settingsFile, `${JSON.stringify(plan.settings, null, 2)}\n`);
  await writeFileAtomic(plan.extractScript, extractScriptText(plan, options), { mode: 0o755 });
  await writeFileAtomic(plan.mergeScript, mergeScriptText(plan, options), { mode: 0o755 });
  // Temporary files of tasks that were cancelled mid-write: never parts, safe to remove now no task runs.
  for (const name of readdirSync(plan.partsDir)) if (/^\..*\.tmp$/.test(name)) rmSync(join(plan.partsDir, name), { force: true });

  const states = shardStates(plan);
  const todo = states.flatMap((state, index) => (state === "complete" ? [] : [index]));
  const extra = options.sbatchArgs ?? [];
  let arrayJobId: string | undefined;
  if (todo.length > 0) {
    const stdout = await slurmCommand("sbatch", ["--parsable", `--array=${arraySpec(todo)}`, ...extra, plan.extractScript]);
    arrayJobId = stdout.trim().split(";")[0];
  }
  const dependency = arrayJobId ? [`--dependency=afterok:${arrayJobId}`, "--kill-on-invalid-dep=yes"] : [];
  const mergeJobId = (await slurmCommand("sbatch", ["--parsable", ...dependency, ...extra, plan.mergeScript])).trim().split(";")[0];
  const ids = [arrayJobId, mergeJobId].filter((id): id is string => id !== undefined).join(",");
  const submission: SlurmSubmission = {
    plan,
    shardsSubmitted: todo,
    ...(arrayJobId ? { arrayJobId } : {}),
    mergeJobId,
    follow: [`squeue -j ${ids}`, `sacct -j ${ids} --format=JobID,JobName,State,Elapsed,ExitCode`, `tail -f ${plan.logsDir}/*.log`],
    submittedAt: new Date().toISOString(),
  };
  await writeFileAtomic(plan.jobsFile, `${JSON.stringify(submission, null, 2)}\n`);
  return submission;
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

function readPreviousSubmission(plan: SlurmPlan): SlurmSubmission | undefined {
  try {
    return JSON.parse(readFileSync(plan.jobsFile, "utf8")) as SlurmSubmission;
  } catch {
    return undefined;
  }
}

/** Reads the submission recorded in a run folder (`<stem>.slurm/jobs.json` beside `out`). */
export function readSubmission(out: string): SlurmSubmission {
  const file = join(dirname(resolve(out)), `${basename(resolve(out)).replace(/\.(csv|arrow)$/i, "")}.slurm`, "jobs.json");
  try {
    return JSON.parse(readFileSync(file, "utf8")) as SlurmSubmission;
  } catch {
    throw new RadlabInputError(`${file}: no submission recorded (run radlab slurm extract first)`, file);
  }
}

/** Progress from the parts on disk: parts of submitted shards count once written after the submission. */
export function slurmProgress(submission: SlurmSubmission, pending: boolean): SlurmProgress {
  const { plan } = submission;
  const since = Date.parse(submission.submittedAt);
  const submitted = new Set(submission.shardsSubmitted);
  const progress: SlurmProgress = { shardsDone: 0, shards: plan.shards, casesDone: 0, cases: plan.cases, failed: 0, pending };
  for (let index = 0; index < plan.shards; index++) {
    const file = join(plan.partsDir, partFileName({ index, count: plan.shards }));
    const written = statSync(file, { throwIfNoEntry: false });
    if (!written || (submitted.has(index) && written.mtimeMs < since - 1000)) continue;
    const part = readPartIfAny(file);
    if (!part) continue;
    progress.shardsDone++;
    progress.casesDone += part.caseIds.length;
    progress.failed += part.failures.length;
  }
  return progress;
}

/** Options of {@link waitForSlurmExtraction}. */
export interface WaitOptions {
  /** Called at each poll with the progress (and once more at the end). */
  onProgress?: (progress: SlurmProgress) => void;
  /** Seconds between polls (default 2). */
  pollSeconds?: number;
}

/** Waits until neither job is queued or running, then says how the extraction ended. */
export async function waitForSlurmExtraction(submission: SlurmSubmission, options: WaitOptions = {}): Promise<SlurmOutcome> {
  const ids = [submission.arrayJobId, submission.mergeJobId].filter((id): id is string => id !== undefined);
  for (;;) {
    const active = await activeJobs(ids);
    options.onProgress?.(slurmProgress(submission, active.length > 0));
    if (active.length === 0) break;
    await new Promise((done) => setTimeout(done, (options.pollSeconds ?? 2) * 1000));
  }
  return slurmOutcome(submission, await jobStates(ids));
}

/** `JobState` of each job as scontrol reports it (array tasks folded: worst state wins). */
async function jobStates(ids: readonly string[]): Promise<Record<string, string>> {
  const states: Record<string, string> = {};
  for (const id of ids) {
    try {
      const text = (await run("scontrol", ["show", "job", "-o", id], { encoding: "utf8" })).stdout;
      const found = [...text.matchAll(/JobState=(\S+)/g)].map((m) => m[1]);
      states[id] = found.find((s) => s !== "COMPLETED") ?? found[0] ?? "UNKNOWN";
    } catch {
      states[id] = "UNKNOWN";
    }
  }
  return states;
}

/** How the submission ended, read from the files: the merged provenance written after it, else the parts. */
export function slurmOutcome(submission: SlurmSubmission, jobStates: Record<string, string> = {}): SlurmOutcome {
  const { plan } = submission;
  const { provenance } = companionPaths(plan.out);
  let merged = false;
  let rows = 0;
  if (existsSync(provenance)) {
    const record = JSON.parse(readFileSync(provenance, "utf8")) as { createdAt: string; cases: number };
    merged = Date.parse(record.createdAt) >= Date.parse(submission.submittedAt) - 1000;
    rows = merged ? record.cases : 0;
  }
  const states = shardStates(plan);
  const failures = readFailuresFromParts(plan);
  return {
    submission,
    merged,
    table: plan.out,
    failures,
    rows,
    incompleteShards: states.flatMap((s, k) => (s === "complete" ? [] : [k])),
    jobStates,
  };
}

function readFailuresFromParts(plan: SlurmPlan): CaseFailure[] {
  const failures: CaseFailure[] = [];
  for (let index = 0; index < plan.shards; index++) {
    const part = readPartIfAny(join(plan.partsDir, partFileName({ index, count: plan.shards })));
    if (part) failures.push(...part.failures.map(({ id, file, reason }) => ({ id, file, reason })));
  }
  return failures;
}

/** Options of {@link slurmExtract}. */
export interface SlurmExtractCallOptions extends Omit<SlurmExtractOptions, "out"> {
  /** The merged table (default `features.csv` beside the manifest). */
  out?: string;
  /** Block until both jobs have ended (default false: return once submitted). */
  wait?: boolean;
  /** Progress while waiting; in a tslab notebook the default is an in-place display. */
  onProgress?: (progress: SlurmProgress) => void;
  pollSeconds?: number;
}

/**
 * Submits a cohort's extraction to Slurm and, with `wait`, waits for the merged table. The
 * notebook form of `radlab slurm extract`: `await rl.slurmExtract(manifest, settings, { shards: 8, wait: true })`.
 */
export function slurmExtract(manifest: string, settings: ExtractionSettings, options: SlurmExtractCallOptions & { wait: true }): Promise<SlurmOutcome>;
export function slurmExtract(manifest: string, settings: ExtractionSettings, options: SlurmExtractCallOptions): Promise<SlurmSubmission | SlurmOutcome>;
export async function slurmExtract(
  manifest: string,
  settings: ExtractionSettings = DEFAULT_SETTINGS,
  options: SlurmExtractCallOptions = { shards: 1 },
): Promise<SlurmSubmission | SlurmOutcome> {
  const out = options.out ?? join(dirname(resolve(manifest)), "features.csv");
  const plan = planSlurmExtraction(manifest, settings, { ...options, out });
  const submission = await submitSlurmExtraction(plan, { ...options, out });
  if (!options.wait) return submission;
  const onProgress = options.onProgress ?? (await notebookProgress());
  return waitForSlurmExtraction(submission, { onProgress, pollSeconds: options.pollSeconds });
}

/** "shards 3/7 · cases 60/142 · 1 failed · running": one line of progress. */
export function formatSlurmProgress(p: SlurmProgress): string {
  const failed = p.failed > 0 ? ` · ${p.failed} failed` : "";
  return `shards ${p.shardsDone}/${p.shards} · cases ${p.casesDone}/${p.cases}${failed} · ${p.pending ? "queued or running" : "ended"}`;
}

/** An in-place progress display in a tslab notebook, or nothing outside one. */
async function notebookProgress(): Promise<((progress: SlurmProgress) => void) | undefined> {
  const { progressDisplay } = await import("../display/progress.js");
  const show = progressDisplay("radlab slurm extract");
  return show && ((p) => show(p.shardsDone / Math.max(p.shards, 1), formatSlurmProgress(p)));
}
