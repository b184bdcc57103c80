/**
 * `radlab model`: the study's statistics on a feature table, written as one JSON result.
 *
 *   radlab model --features F.csv --outcome outcome --split set [--foldid foldid]
 *                [--clinical a,b,c] [--lambda min|1se] --out result.json
 *
 * Every option (seed, folds, CV measure, Rad-score kind, bootstrap B, preprocessing) is in
 * the option table (commands.ts, `radlab model --help`) and recorded in the result's `settings`.
 */
import { resolve } from "node:path";
import { prepareOutputs, writeFileAtomic } from "../io/output-file.js";
import { runStudy, type StudyOptions, type StudyResult } from "../stats/study.js";
import type { CandidateRule } from "../stats/table.js";
import { readStudyTable } from "../stats/table-file.js";
import { COMMANDS } from "./commands.js";
import { CliUsageError } from "./errors.js";
import { parseCommand } from "./options.js";

/** Runs `radlab model`; returns the exit code. */
export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommand("model", COMMANDS.model, argv);
  const out = resolve(values.out);
  // Checked before the statistics run: a writable .json path that is not the feature table.
  await prepareOutputs([{ path: out, option: "--out", kind: "file", extensions: [".json"] }], [values.features]);
  const table = readStudyTable(resolve(values.features), {
    outcome: values.outcome,
    split: values.split,
    foldid: values.foldid ?? null,
    clinical: values.clinical ?? [],
    units: unitsOption(values.units ?? []),
    candidates: candidateRule(values.candidates),
  });
  const options: StudyOptions = {
    seed: values.seed,
    ...(values.nfolds === undefined ? {} : { nfolds: values.nfolds }),
    lambda: values.lambda,
    measure: values.measure,
    radscore: values.radscore,
    bootstrapB: values.bootstrap,
    cvPreprocessing: values["cv-preprocessing"],
    preprocess: { outlierSd: values["outlier-sd"] === 0 ? null : values["outlier-sd"] },
    split: "column",
    folds: values.foldid ? "column" : "stratified",
  };
  const result = runStudy(table, options);
  result.provenance.command = ["radlab", "model", ...argv];
  await writeFileAtomic(out, `${JSON.stringify(result, null, 1)}\n`);
  console.log(summary(result, out));
  return 0;
}

/** `--units age=years,ALT=U/L`: column → unit. */
function unitsOption(items: string[]): Record<string, string> {
  const units: Record<string, string> = {};
  for (const item of items) {
    const at = item.indexOf("=");
    if (at <= 0 || at === item.length - 1) throw new CliUsageError(`--units needs COL=UNIT items, got "${item}"`, "model");
    units[item.slice(0, at).trim()] = item.slice(at + 1).trim();
  }
  return units;
}

/** `--candidates`: a rule's name or a comma-separated list of columns. */
function candidateRule(text: string): CandidateRule {
  if (text === "auto" || text === "features" || text === "all-numeric") return text;
  return text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

/** A few lines for the terminal: what was selected and how well it did. */
function summary(result: StudyResult, out: string): string {
  const l = result.lasso;
  const chosen = result.settings.lambda;
  const auc = (r: StudyResult["roc"]["training"] | null) => (r ? `${r.auc.toFixed(3)} (95% CI ${r.ciLow.toFixed(3)}–${r.ciHigh.toFixed(3)})` : "n/a");
  return [
    `radlab model: ${result.data.n.training} training / ${result.data.n.validation} validation patients, ${result.data.nFeatures} features`,
    `LASSO λ.${chosen} = ${(chosen === "min" ? l.lambdaMin : l.lambda1se).toPrecision(4)} (#${chosen === "min" ? l.indexMin : l.index1se} of ${l.lambda.length}): ${l.selected.length} features selected`,
    `AUC training ${auc(result.roc.training)}, validation ${auc(result.roc.validation)}`,
    ...result.notes.map((n) => `note: ${n}`),
    `written ${out}`,
  ].join("\n");
}
