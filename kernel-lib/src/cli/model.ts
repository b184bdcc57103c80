/**
 * `radlab model`: the study's statistics on a feature table, written as one JSON result.
 *
 *   radlab model --features F.csv --outcome outcome --split set [--foldid foldid]
 *                [--clinical a,b,c] [--lambda min|1se] --out result.json
 *
 * Further settings (all recorded in the result's `settings`): --seed S, --nfolds K (seeded
 * stratified folds when --foldid is not given), --measure deviance|auc|class,
 * --radscore logistic|lasso, --bootstrap B, --cv-preprocessing training|per-fold,
 * --outlier-sd K (0 = no outlier replacement).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { RadlabInputError } from "../errors.js";
import type { CvMeasure } from "../stats/cv-lasso.js";
import { runStudy, type StudyOptions, type StudyResult } from "../stats/study.js";
import { readStudyTable } from "../stats/table.js";

const USAGE =
  "usage: radlab model --features F.csv --outcome COL --split COL [--foldid COL] [--clinical a,b,c] [--lambda min|1se] --out result.json\n" +
  "       [--seed S] [--nfolds K] [--measure deviance|auc|class] [--radscore logistic|lasso] [--bootstrap B]\n" +
  "       [--cv-preprocessing training|per-fold] [--outlier-sd K]";

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new RadlabInputError(`--${flag} must be one of ${allowed.join(", ")}, got "${value}"`);
  return value as T;
}

function integer(value: string | undefined, flag: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new RadlabInputError(`--${flag} must be an integer ≥ ${min}, got "${value}"`);
  return n;
}

/** Runs `radlab model`; returns the exit code. */
export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      features: { type: "string" },
      outcome: { type: "string" },
      split: { type: "string" },
      foldid: { type: "string" },
      clinical: { type: "string" },
      lambda: { type: "string" },
      out: { type: "string" },
      seed: { type: "string" },
      nfolds: { type: "string" },
      measure: { type: "string" },
      radscore: { type: "string" },
      bootstrap: { type: "string" },
      "cv-preprocessing": { type: "string" },
      "outlier-sd": { type: "string" },
    },
    strict: true,
  });
  const missing = (["features", "outcome", "split", "out"] as const).filter((k) => !values[k]);
  if (missing.length > 0) {
    console.error(`radlab model: missing ${missing.map((m) => `--${m}`).join(", ")}\n${USAGE}`);
    return 2;
  }
  const clinical = values.clinical
    ? values.clinical
        .split(",")
        .map((c) => c.trim())
        .filter((c) => c !== "")
    : [];
  const outlierSd = values["outlier-sd"] === undefined ? undefined : Number(values["outlier-sd"]);
  if (outlierSd !== undefined && !(outlierSd >= 0)) throw new RadlabInputError(`--outlier-sd must be ≥ 0, got "${values["outlier-sd"]}"`);

  const table = readStudyTable(resolve(values.features as string), {
    outcome: values.outcome as string,
    split: values.split,
    foldid: values.foldid ?? null,
    clinical,
  });
  const options: StudyOptions = {
    seed: integer(values.seed, "seed", 0),
    nfolds: integer(values.nfolds, "nfolds", 3),
    lambda: oneOf(values.lambda, ["min", "1se"] as const, "lambda"),
    measure: oneOf<CvMeasure>(values.measure, ["deviance", "auc", "class"], "measure"),
    radscore: oneOf(values.radscore, ["logistic", "lasso"] as const, "radscore"),
    bootstrapB: integer(values.bootstrap, "bootstrap", 0),
    cvPreprocessing: oneOf(values["cv-preprocessing"], ["training", "per-fold"] as const, "cv-preprocessing"),
    preprocess: outlierSd === undefined ? undefined : { outlierSd: outlierSd === 0 ? null : outlierSd },
    split: "column",
    folds: values.foldid ? "column" : "stratified",
  };
  const result = runStudy(table, options);
  const out = resolve(values.out as string);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ command: ["radlab", "model", ...argv], ...result }, null, 1)}\n`);
  console.log(summary(result, out));
  return 0;
}

/** A few lines for the terminal: what was selected and how well it did. */
function summary(result: StudyResult, out: string): string {
  const l = result.lasso;
  const auc = (r: StudyResult["roc"]["training"] | null) => (r ? `${r.auc.toFixed(3)} (95% CI ${r.ci_low.toFixed(3)}–${r.ci_high.toFixed(3)})` : "n/a");
  return [
    `radlab model: ${result.data.n.training} training / ${result.data.n.validation} validation patients, ${result.data.features} features`,
    `LASSO λ.${l.chosen} = ${l.lambda_chosen.toPrecision(4)} (#${l.chosen === "min" ? l.index_min : l.index_1se} of ${l.lambda.length}): ${l.selected.length} features selected`,
    `AUC training ${auc(result.roc.training)}, validation ${auc(result.roc.validation)}`,
    ...result.notes.map((n) => `note: ${n}`),
    `written ${out}`,
  ].join("\n");
}
