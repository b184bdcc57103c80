/**
 * runStudy: the study's statistics from a feature table to one JSON-serialisable result
 * (design.md, "Statistics pipeline"), every number traceable to a setting, the seed and the
 * radlab version recorded beside it.
 *
 * split → preprocessing fitted on training (outliers → training median, z-score), applied
 * unchanged to validation → cvLasso on the training z matrix (λ.min or λ.1se) → multiple
 * logistic regression on the selected features → Rad-score (its linear predictor, or the
 * LASSO's) → ROC with DeLong CI, Youden cut-off on training applied to validation →
 * calibration (val.prob, Hosmer–Lemeshow, Brier, recalibration, bootstrap curve on training)
 * → decision curves → baseline tables.
 *
 * Each step is one function of study-steps.ts; the result (schema `radlab.study-result/1`,
 * widgets/schemas/study-result.schema.json) is assembled by study-assemble.ts.
 *
 * Decisions, recorded in `notes`: when LASSO selects no feature, the Rad-score is the
 * intercept-only model (AUC 0.5); tied Youden thresholds are all listed and the lowest one is
 * carried to validation; without validation rows the validation parts are null; baseline
 * variables are the clinical columns, or the selected features' raw values when there are none.
 */
import { RadlabInputError } from "../errors.js";
import type { CvMeasure } from "./cv-lasso.js";
import { DEFAULT_PREPROCESSING, type PreprocessSettings } from "./preprocess.js";
import { assembleStudyResult } from "./study-assemble.js";
import type { StudyResult, StudySettings } from "./study-result.js";
import { baselineStudy, evaluateStudy, lassoCvStudy, preprocessStudy, refitStudy, type StudyContext, splitStudy } from "./study-steps.js";
import type { StudyTable } from "./table.js";

export { radscoreFormula } from "./study-assemble.js";
export type { StudyResult, StudySettings } from "./study-result.js";

/** Settings of runStudy; every field optional, defaults recorded in the result. */
export interface StudyOptions {
  /** The one seed of every random step (split, folds, bootstrap). Default 20240101. */
  seed?: number;
  /** "column": the table's split column (default when there is one); "stratified": seeded. */
  split?: "column" | "stratified";
  /** Training fraction of a stratified split (default 0.7). */
  trainingFraction?: number;
  /** "column": the table's fold-id column (default when there is one); "stratified": seeded. */
  folds?: "column" | "stratified";
  /** Number of folds of seeded fold ids (default 10, fewer, with a note, when training has fewer than 10 events or non-events). */
  nfolds?: number;
  preprocess?: Partial<PreprocessSettings>;
  /**
   * "training" (default, the reference analysis): preprocess once on the training set, then
   * cross-validate; "per-fold": refit the preprocessing inside every CV fold.
   */
  cvPreprocessing?: "training" | "per-fold";
  /** LASSO path and CV settings (glmnet defaults). */
  nlambda?: number;
  lambdaMinRatio?: number;
  thresh?: number;
  measure?: CvMeasure;
  /**
   * Which λ selects the features: "min" (default), "1se", or a λ value (as the λ explorer's
   * "Use this λ" writes it): a value on the path takes that fit, one between two path values
   * the coefficients interpolated linearly in λ, as glmnet's `coef(fit, s = value)`.
   */
  lambda?: "min" | "1se" | number;
  /** The Rad-score: "logistic" (default, refit on the selected features) or "lasso". */
  radscore?: "logistic" | "lasso";
  /** Bootstrap repetitions of the calibration curve (default 200; 0 = none). */
  bootstrapB?: number;
  /** Numeric clinical columns to tabulate as categories (default: integer columns with ≤ 5 values). */
  categorical?: string[];
}

const DEFAULT_SEED = 20240101;

/** Runs the study's statistics on a table (see the module comment): steps 1–6, then the result. */
export function runStudy(table: StudyTable, options: StudyOptions = {}): StudyResult {
  const context: StudyContext = { table, settings: resolveStudySettings(table, options), notes: [...table.notes], requestedNfolds: options.nfolds };
  const split = splitStudy(context);
  const preprocess = preprocessStudy(context, split);
  const lasso = lassoCvStudy(context, split, preprocess);
  const refit = refitStudy(context, split, preprocess, lasso);
  const evaluation = evaluateStudy(context, split, preprocess, lasso, refit);
  const baseline = baselineStudy(context, split, preprocess, lasso);
  return assembleStudyResult(context, { split, preprocess, lasso, refit, evaluation, baseline });
}

/** The settings a study runs with: options, else defaults that follow from the table. */
export function resolveStudySettings(table: StudyTable, options: StudyOptions): StudySettings {
  const split = options.split ?? (table.split ? "column" : "stratified");
  if (split === "column" && !table.split) throw new RadlabInputError(`${table.source}: split "column" needs a split column in the table`, table.source);
  const folds = options.folds ?? (table.foldid ? "column" : "stratified");
  if (folds === "column" && !table.foldid) throw new RadlabInputError(`${table.source}: folds "column" needs a fold-id column in the table`, table.source);
  const lambda = options.lambda ?? "min";
  if (lambda !== "min" && lambda !== "1se" && !(typeof lambda === "number" && Number.isFinite(lambda) && lambda > 0)) {
    throw new RadlabInputError(`lambda must be "min", "1se" or a positive number, got ${JSON.stringify(lambda)}`);
  }
  const radscore = options.radscore ?? "logistic";
  if (radscore !== "logistic" && radscore !== "lasso") throw new RadlabInputError(`radscore must be "logistic" or "lasso", got "${radscore}"`);
  const categorical = options.categorical ?? table.clinical.filter((c) => c.numeric && looksCategorical(c.numeric)).map((c) => c.name);
  return {
    seed: options.seed ?? DEFAULT_SEED,
    split,
    splitColumn: split === "column" ? table.splitName : null,
    trainingFraction: split === "stratified" ? (options.trainingFraction ?? 0.7) : null,
    folds,
    foldidColumn: folds === "column" ? table.foldidName : null,
    nfolds: options.nfolds ?? 10,
    preprocess: { ...DEFAULT_PREPROCESSING, ...options.preprocess },
    cvPreprocessing: options.cvPreprocessing ?? "training",
    nlambda: options.nlambda ?? 100,
    lambdaMinRatio: options.lambdaMinRatio ?? null,
    thresh: options.thresh ?? 1e-7,
    measure: options.measure ?? "deviance",
    lambda,
    radscore,
    bootstrapB: options.bootstrapB ?? 200,
    categorical,
    outcome: table.outcomeName,
    clinical: table.clinical.map((c) => c.name),
  };
}

/** A numeric clinical column with integer values and at most 5 levels (e.g. ECOG 0/1) is categorical. */
function looksCategorical(values: Float64Array): boolean {
  const levels = new Set<number>();
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    if (!Number.isInteger(v)) return false;
    levels.add(v);
    if (levels.size > 5) return false;
  }
  return true;
}
