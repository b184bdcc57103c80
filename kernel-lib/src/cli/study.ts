/**
 * `radlab study`: the demo study end to end, the job `npm start` runs.
 *
 *   radlab study [--data DIR] [--cases N] [--seed S] [--workers N] [--no-figures]   (commands.ts)
 *
 * 1. the seeded demo cohort (`DIR/demo-cohort`, written if absent or made with other
 *    settings), 2. the 432 features of every case (`DIR/demo-study/features.csv`, cached),
 * 3. the study's statistics (`DIR/demo-study/result.json`), 4. every figure and table as
 * PNG/SVG/CSV/LaTeX (`DIR/demo-study/figures/`, needs Chromium). Each step is the same
 * code as its own subcommand; this one only chains them and says what it did.
 */
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, relative, resolve } from "node:path";
import { DEMO_REVISION } from "../demo/cohort.js";
import { cohortIsCurrent, demoModelArguments } from "../demo/study-data.js";
import { prepareOutputs } from "../io/output-file.js";
import { asStudyResult } from "../plots/study-result.js";
import type { RocSummary } from "../stats/study-result.js";
import { RADLAB_VERSION } from "../version.js";
import { COMMANDS, type CommandName } from "./commands.js";
import { parseCommand } from "./options.js";

/** Runs one step as its own subcommand would, failing loudly on a non-zero exit. */
async function step(name: CommandName, argv: string[]): Promise<void> {
  // main.js is imported here, not at the top: main.ts imports this module through its loaders.
  const { LOADERS } = await import("./main.js");
  const code = await (await LOADERS[name]()).run(argv);
  if (code !== 0) throw new Error(`radlab ${name} ${argv.join(" ")} exited with ${code}`);
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommand("study", COMMANDS.study, argv);
  const { cases, seed } = values;
  const workers = values.workers ?? Math.max(1, Math.min(4, availableParallelism()));

  const data = resolve(values.data);
  await prepareOutputs([{ path: data, option: "--data", kind: "folder" }]);
  const cohort = join(data, "demo-cohort");
  const study = join(data, "demo-study");
  const show = (path: string) => relative(process.cwd(), path) || ".";
  const timings: string[] = [];
  const timed = async (what: string, work: () => Promise<void>) => {
    const started = Date.now();
    console.log(`\n▸ ${what}`);
    await work();
    timings.push(`${what}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  };

  console.log(`radlab ${RADLAB_VERSION}: the demo NPC radiotherapy-response study (${cases} synthetic patients, seed ${seed})`);
  await timed("demo cohort", async () => {
    if (cohortIsCurrent(cohort, seed, cases))
      console.log(`  ${show(cohort)} is current (seed ${seed}, ${cases} cases, generator revision ${DEMO_REVISION}): kept`);
    else await step("demo-data", ["--out", cohort, "--seed", String(seed), "--cases", String(cases)]);
  });
  const features = join(study, "features.csv");
  await timed("432 features per case", () => step("extract", ["--manifest", join(cohort, "manifest.csv"), "--out", features, "--workers", String(workers)]));
  const result = join(study, "result.json");
  await timed("statistics (preprocessing, LASSO-CV, logistic Rad-score, ROC, calibration, decision curve)", () =>
    step("model", [...demoModelArguments(features), "--out", result]),
  );
  let figureNote = "";
  if (!values["no-figures"]) {
    const first = readFileSync(join(cohort, "manifest.csv"), "utf8").split("\n")[1].split(",")[0];
    await timed("figures and tables", async () => {
      try {
        await step("figures", [
          "--result",
          result,
          "--features",
          features,
          "--outcome-labels",
          "ineffective,effective",
          "--case",
          first,
          "--volume",
          join(cohort, "images", `${first}_T2.nii.gz`),
          "--mask",
          join(cohort, "masks", `${first}_mask.nii.gz`),
          "--out",
          join(study, "figures"),
        ]);
      } catch (error) {
        if (!String(error).includes("hromium")) throw error;
        figureNote = `figures skipped: ${(error as Error).message.split("\n")[0]}`;
        console.log(`  ${figureNote}`);
      }
    });
  }
  summarise(result, { cohort: show(cohort), features: show(features), result: show(result), figures: figureNote || show(join(study, "figures")) }, timings);
  return 0;
}

/** The closing summary: what was selected, how well it does, where everything is. */
function summarise(resultPath: string, where: Record<string, string>, timings: string[]): void {
  const r = asStudyResult(JSON.parse(readFileSync(resultPath, "utf8")), resultPath);
  const auc = (x: RocSummary | null) => (x ? `${x.auc.toFixed(3)} (95% CI ${x.ciLow.toFixed(3)}–${x.ciHigh.toFixed(3)})` : "n/a");
  const lines = [
    "",
    "Done.",
    `  LASSO (${Math.max(...r.lasso.foldid)}-fold CV, λ.${r.settings.lambda}): ${r.lasso.selected.length} features kept of ${r.data.nFeatures}`,
    ...r.lasso.selected.map((name) => `    · ${name}`),
    `  ${r.radscore.formula}`,
    `  AUC training   ${auc(r.roc.training)}`,
    `  AUC validation ${auc(r.roc.validation)}      (the published study: 0.826 / 0.810)`,
    "",
    `  cohort    ${where.cohort}`,
    `  features  ${where.features}`,
    `  result    ${where.result}`,
    `  figures   ${where.figures}`,
    "",
    `  time: ${timings.join("; ")}`,
  ];
  console.log(lines.filter((l) => l !== "  ").join("\n"));
}
