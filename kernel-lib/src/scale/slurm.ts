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
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { RadlabInputError } from "../errors.js";
import type { CaseFailure } from "../features/cohort.js";
import { companionPaths } from "../features/feature-table.js";
import { DEFAULT_SETTINGS, type ExtractionSettings } from "../features/settings.js";
import { prepareOutputs, writeFileAtomic } from "../io/output-file.js";
import { partFileName } from "./part.js";
import {
  arraySpec,
  extractScriptText,
  mergeScriptText,
  planSlurmExtraction,
  readPartIfAny,
  runFolderOf,
  runFolderOutputs,
  type SlurmExtractOptions,
  type SlurmPlan,
  shardStates,
} from "./slurm-plan.js";

const run = promisify(execFile);

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

function readPreviousSubmission(plan: SlurmPlan): SlurmSubmission | undefined {
  try {
    return JSON.parse(readFileSync(plan.jobsFile, "utf8")) as SlurmSubmission;
  } catch {
    return undefined;
  }
}

/** Reads the submission recorded in a run folder (`<stem>.slurm/jobs.json` beside `out`). */
export function readSubmission(out: string): SlurmSubmission {
  const file = join(runFolderOf(out), "jobs.json");
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
