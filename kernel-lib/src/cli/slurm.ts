/**
 * `radlab slurm extract`: a cohort's extraction as a Slurm array job (one task per shard) and a
 * merge job that depends on it, with the batch scripts written beside the output table.
 *
 *   radlab slurm extract --manifest M.csv --shards N --out features.csv [--partition P] [--time T]
 *                        [--cpus-per-task C] [--sbatch-arg ARG]... [--settings FILE] [--wait]
 *
 * Prints the job ids and the commands that follow them; with --wait, a progress line until both
 * jobs have ended, then the summary. Running it again resubmits only the shards without a
 * complete part. Options and exit statuses: commands.ts (`radlab slurm --help`).
 */
import { FEATURE_TABLE_FORMATS } from "../features/feature-table.js";
import { DEFAULT_SETTINGS, loadSettings } from "../features/settings.js";
import { prepareOutputs } from "../io/output-file.js";
import { formatSlurmProgress, type SlurmProgress, submitSlurmExtraction, waitForSlurmExtraction } from "../scale/slurm.js";
import { planSlurmExtraction, type SlurmExtractOptions } from "../scale/slurm-plan.js";
import { COMMANDS } from "./commands.js";
import { CliUsageError, EXIT } from "./errors.js";
import { cohortExitStatus } from "./extract.js";
import { parseCommand } from "./options.js";

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand("slurm", COMMANDS.slurm, argv);
  if (positionals[0] !== "extract") throw new CliUsageError(`unknown action "${positionals[0]}": the one action is \`radlab slurm extract\``, "slurm");
  const options: SlurmExtractOptions = {
    shards: values.shards,
    out: values.out,
    cpusPerTask: values["cpus-per-task"],
    ...(values.partition === undefined ? {} : { partition: values.partition }),
    ...(values.time === undefined ? {} : { time: values.time }),
    ...(values["sbatch-arg"] === undefined ? {} : { sbatchArgs: values["sbatch-arg"] }),
  };
  // The table the merge job will write is checked now, before anything is submitted.
  await prepareOutputs(
    [{ path: values.out, option: "--out", kind: "file", extensions: FEATURE_TABLE_FORMATS }],
    [values.manifest, ...(values.settings === undefined ? [] : [values.settings])],
  );
  const settings = values.settings === undefined ? { ...DEFAULT_SETTINGS } : loadSettings(values.settings);
  const plan = planSlurmExtraction(values.manifest, settings, options);
  const submission = await submitSlurmExtraction(plan, options);

  const skipped = plan.shards - submission.shardsSubmitted.length;
  const lines = [
    `scripts: ${plan.extractScript}`,
    `         ${plan.mergeScript}`,
    submission.arrayJobId
      ? `array job ${submission.arrayJobId}: ${submission.shardsSubmitted.length} of ${plan.shards} shards (${plan.cases} cases)` +
        (skipped > 0 ? `; ${skipped} shard${skipped === 1 ? "" : "s"} already complete` : "")
      : `every shard already has a complete part: nothing to extract`,
    `merge job ${submission.mergeJobId}${submission.arrayJobId ? ` (after the array job succeeds)` : ""} → ${plan.out}`,
    "follow with:",
    ...submission.follow.map((command) => `  ${command}`),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  if (!values.wait) return EXIT.ok;

  const outcome = await waitForSlurmExtraction(submission, { onProgress: progressPrinter() });
  const failed = outcome.failures.length > 0 ? `\n${outcome.failures.length} failed:\n${outcome.failures.map((f) => `  ${f.reason}`).join("\n")}` : "";
  if (outcome.merged) {
    process.stdout.write(`merged: ${outcome.rows} of ${plan.cases} cases → ${outcome.table}${failed}\n`);
    return cohortExitStatus(outcome.rows, outcome.failures.length);
  }
  const states = Object.entries(outcome.jobStates)
    .map(([id, state]) => `job ${id} ${state}`)
    .join(", ");
  process.stdout.write(
    `not merged (${states}); shards without a complete part: ${outcome.incompleteShards.join(", ") || "none"}; logs in ${plan.logsDir}${failed}\n` +
      "run the same command again to resubmit only those shards\n",
  );
  return EXIT.nothingDone;
}

/** Progress on stderr: redrawn in place on a terminal, else one line whenever it changes. */
function progressPrinter(): (progress: SlurmProgress) => void {
  let last = "";
  return (progress) => {
    const line = formatSlurmProgress(progress);
    if (line === last) return;
    last = line;
    process.stderr.write(process.stderr.isTTY ? `\r${line}   ${progress.pending ? "" : "\n"}` : `${line}\n`);
  };
}
