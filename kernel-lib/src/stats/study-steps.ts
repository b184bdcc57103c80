/**
 * The numbered steps of runStudy (design.md, "Statistics pipeline"), one function each, so
 * each can be run and tested alone: 1 split → 2 preprocess (fitted on training) → 3 LASSO-CV
 * → 4 refit the Rad-score model → 5 evaluate → 6 baseline tables. Step 7, the result, is
 * study-assemble.ts. Each step reads the study's context (table, settings, notes) and the
 * outputs of the steps before it; decisions a user must know about go into `notes`.
 * Exported for the tests and for runStudy, not part of the public API.
 */
import { RadlabInputError } from "../errors.js";
import { FEATURE_CATALOG } from "../features/catalog.js";
import { type BaselineTable, baselineTable } from "./baseline.js";
import { cvLasso, type LassoCv } from "./cv-lasso.js";
import { evaluateRadScore, type RadScoreEvaluation } from "./evaluation.js";
import { radScores } from "./lambda-model.js";
import { coefficientsAt, linearPredictor } from "./lasso.js";
import { fitLogistic, type LogisticModel } from "./logistic.js";
import { applyPreprocessing, type FittedPreprocessing, fitPreprocessing, type PreprocessedColumns } from "./preprocess.js";
import { chooseFoldCount, foldsFromColumn, splitFromColumn, stratifiedFolds, stratifiedSplit } from "./split.js";
import { lambdaLabel, type StudySettings } from "./study-result.js";
import type { StudyTable } from "./table.js";

/** What every step reads: the table, the resolved settings, and the notes it may add to. */
export interface StudyContext {
  table: StudyTable;
  settings: StudySettings;
  notes: string[];
  /** The number of folds the caller asked for (undefined: the default, which small training sets may lower). */
  requestedNfolds?: number;
}

/** Runs a step whose input errors (too few rows, folds without events, …) must name the table. */
export function inTable<T>(context: StudyContext, step: () => T): T {
  const source = context.table.source;
  try {
    return step();
  } catch (error) {
    if (error instanceof RadlabInputError && !error.message.includes(source)) throw new RadlabInputError(`${source}: ${error.message}`, source);
    throw error;
  }
}

/** Step 1: the training and validation rows and their outcomes. */
export interface StudySplitStep {
  training: Int32Array | number[];
  validation: Int32Array | number[];
  yTrain: number[];
  yValid: number[];
  eventsTrain: number;
  eventsValid: number;
  hasValidation: boolean;
  /** The validation set has rows but a single outcome class: no ROC or calibration there. */
  validationOneClass: boolean;
}

/** Step 1. Split: the table's split column, or stratified and seeded. A one-class training set is refused. */
export function splitStudy(context: StudyContext): StudySplitStep {
  const { table, settings, notes } = context;
  const split =
    settings.split === "column"
      ? splitFromColumn(table.split as string[], { column: table.splitName as string, ids: table.ids, source: table.source })
      : stratifiedSplit(table.outcome, { seed: settings.seed, trainingFraction: settings.trainingFraction ?? 0.7 });
  const { training, validation } = split;
  const yTrain = Array.from(training, (i) => table.outcome[i]);
  const yValid = Array.from(validation, (i) => table.outcome[i]);
  const eventsTrain = yTrain.reduce((s, v) => s + v, 0);
  const eventsValid = yValid.reduce((s, v) => s + v, 0);
  if (eventsTrain === 0 || eventsTrain === yTrain.length) {
    throw new RadlabInputError(`${table.source}: the training set has a single outcome class (${eventsTrain} events in ${yTrain.length} rows)`, table.source);
  }
  const hasValidation = validation.length > 0;
  if (!hasValidation) notes.push("no validation rows: validation results are null");
  const validationOneClass = hasValidation && (eventsValid === 0 || eventsValid === yValid.length);
  if (validationOneClass) notes.push(`the validation set has a single outcome class (${eventsValid} events): its ROC and calibration are null`);
  return { training, validation, yTrain, yValid, eventsTrain, eventsValid, hasValidation, validationOneClass };
}

/** Step 2: the preprocessing fitted on training and both sets' z columns. */
export interface StudyPreprocessStep {
  fitted: FittedPreprocessing;
  zTrain: PreprocessedColumns;
  zValid: PreprocessedColumns;
}

/** Step 2. Preprocess: fitted on the training rows only, applied unchanged to validation. */
export function preprocessStudy(context: StudyContext, split: StudySplitStep): StudyPreprocessStep {
  const { table, settings, notes } = context;
  const fitted = inTable(context, () => fitPreprocessing(table.features, table.featureNames, settings.preprocess, split.training));
  for (const d of fitted.dropped) notes.push(`feature "${d.feature}" dropped: ${d.reason}`);
  return { fitted, zTrain: applyPreprocessing(fitted, table.features, split.training), zValid: applyPreprocessing(fitted, table.features, split.validation) };
}

/** Step 3: cross-validated LASSO and the features at the chosen λ. */
export interface StudyLassoStep {
  cv: LassoCv;
  /** The chosen λ: λ.min, λ.1se, or the value settings.lambda gives. */
  lambdaChosen: number;
  /** Intercept and coefficients (z scale) at the chosen λ. */
  at: { a0: number; beta: ArrayLike<number> };
  /** Positions (among the preprocessed features) and names of the selected features. */
  selectedIndex: number[];
  selected: string[];
}

/** Step 3. LASSO-CV on the training z matrix (or raw columns with per-fold preprocessing); λ.min or λ.1se selects. */
export function lassoCvStudy(context: StudyContext, split: StudySplitStep, pre: StudyPreprocessStep): StudyLassoStep {
  const { table, settings, notes } = context;
  const features = pre.fitted.featureNames;
  const foldid =
    settings.folds === "column"
      ? foldsFromColumn(table.foldid as Int32Array, split.training, { column: table.foldidName as string, ids: table.ids, source: table.source })
      : inTable(context, () => {
          const choice = chooseFoldCount(split.yTrain, context.requestedNfolds, settings.nfolds);
          settings.nfolds = choice.nfolds;
          notes.push(`${choice.note ?? `${choice.nfolds} stratified folds`}; folds drawn with seed ${settings.seed} (no fold-id column given)`);
          return stratifiedFolds(split.yTrain, { nfolds: choice.nfolds, seed: settings.seed });
        });
  const perFold = settings.cvPreprocessing === "per-fold";
  const cvColumns = perFold ? pre.fitted.featureIndex.map((j) => Float64Array.from(split.training, (i) => table.features[j][i])) : pre.zTrain.columns;
  const cv = inTable(context, () =>
    cvLasso(cvColumns, split.yTrain, {
      featureNames: features,
      foldid,
      measure: settings.measure,
      nlambda: settings.nlambda,
      lambdaMinRatio: settings.lambdaMinRatio ?? undefined,
      thresh: settings.thresh,
      preprocess: perFold ? settings.preprocess : null,
    }),
  );
  if (perFold) notes.push("cross-validation refitted the preprocessing inside every fold; the final model uses the training-set preprocessing");
  const lambdaChosen = typeof settings.lambda === "number" ? settings.lambda : cv.lambda[settings.lambda === "min" ? cv.indexMin : cv.index1se];
  // With per-fold preprocessing the CV fit's scale is the full-training one, the same as zTrain.
  const at = coefficientsAt(cv.fit, lambdaChosen);
  const selectedIndex = nonZero(at.beta, features.length);
  const selected = selectedIndex.map((j) => features[j]);
  if (selected.length === 0) notes.push(`LASSO selected no feature at ${lambdaLabel(settings.lambda)}: the Rad-score is the intercept-only model`);
  return { cv, lambdaChosen, at, selectedIndex, selected };
}

function nonZero(beta: ArrayLike<number>, p: number): number[] {
  return Array.from({ length: p }, (_, j) => j).filter((j) => beta[j] !== 0);
}

/** Rows × selected columns of a z matrix, as fitLogistic takes it. */
function designRows(columns: Float64Array[], n: number, index: number[]): number[][] {
  return Array.from({ length: n }, (_, i) => index.map((j) => columns[j][i]));
}

/** Step 4: the Rad-score model and each patient's Rad-score. */
export interface StudyRefitStep {
  /** The logistic Rad-score model (null when the Rad-score is the LASSO's). */
  logistic: LogisticModel | null;
  scoreTrain: number[];
  scoreValid: number[];
  /** The Rad-score's intercept and coefficients of the selected features. */
  intercept: number;
  coefficients: number[];
  /** The logistic regression on the other λ's features, or null (empty, or not fittable: noted). */
  logisticOther: { lambda: "min" | "1se"; model: LogisticModel } | null;
}

/** Step 4. Refit: multiple logistic regression on the selected features (or the LASSO's own linear predictor) gives the Rad-score. */
export function refitStudy(context: StudyContext, split: StudySplitStep, pre: StudyPreprocessStep, lasso: StudyLassoStep): StudyRefitStep {
  const { settings, notes } = context;
  const { zTrain, zValid } = pre;
  const nTrain = split.training.length;
  const nValid = split.validation.length;
  let logistic: LogisticModel | null = null;
  let scoreTrain: number[];
  let scoreValid: number[];
  let intercept: number;
  let coefficients: number[];
  if (settings.radscore === "logistic") {
    logistic = fitLogistic({ x: designRows(zTrain.columns, nTrain, lasso.selectedIndex), y: split.yTrain, featureNames: lasso.selected });
    const coef = logistic.coefficients.map((c) => c.estimate);
    scoreTrain = radScores(coef, zTrain.columns, lasso.selectedIndex, nTrain);
    scoreValid = radScores(coef, zValid.columns, lasso.selectedIndex, nValid);
    intercept = coef[0];
    coefficients = coef.slice(1);
    for (const w of logistic.warnings) notes.push(`logistic regression: ${w}`);
  } else {
    scoreTrain = Array.from(linearPredictor(lasso.at.a0, lasso.at.beta, zTrain.columns));
    scoreValid = Array.from(linearPredictor(lasso.at.a0, lasso.at.beta, zValid.columns));
    intercept = lasso.at.a0;
    coefficients = lasso.selectedIndex.map((j) => lasso.at.beta[j]);
  }
  return { logistic, scoreTrain, scoreValid, intercept, coefficients, logisticOther: refitOtherLambda(context, split, pre, lasso) };
}

/** The logistic model on the other λ's features, as the study reports both (null when empty or unfittable). */
function refitOtherLambda(context: StudyContext, split: StudySplitStep, pre: StudyPreprocessStep, lasso: StudyLassoStep): StudyRefitStep["logisticOther"] {
  const other = context.settings.lambda === "min" ? "1se" : "min";
  const { cv } = lasso;
  const features = pre.fitted.featureNames;
  const at = coefficientsAt(cv.fit, cv.lambda[other === "min" ? cv.indexMin : cv.index1se]);
  const index = nonZero(at.beta, features.length);
  if (index.length === 0) return null;
  try {
    const model = fitLogistic({
      x: designRows(pre.zTrain.columns, split.training.length, index),
      y: split.yTrain,
      featureNames: index.map((j) => features[j]),
    });
    return { lambda: other, model };
  } catch (error) {
    if (!(error instanceof RadlabInputError)) throw error;
    context.notes.push(`logistic regression on the λ.${other} features not fitted: ${error.message}`);
    return null;
  }
}

/** Step 5: ROC, the Youden cut-off, calibration and decision curves per set (evaluation.ts). */
export type StudyEvaluationStep = RadScoreEvaluation;

/**
 * Step 5. Evaluate the Rad-score: ROC with DeLong CI per set, the Youden cut-off on training
 * applied to validation, calibration (and rms's bootstrap on training for the logistic
 * Rad-score), decision curves. A validation set with one class has no ROC or calibration.
 */
export function evaluateStudy(
  context: StudyContext,
  split: StudySplitStep,
  pre: StudyPreprocessStep,
  lasso: StudyLassoStep,
  refit: StudyRefitStep,
): StudyEvaluationStep {
  const { settings, notes } = context;
  const bootstrapped = settings.bootstrapB > 0 && settings.radscore === "logistic";
  return evaluateRadScore({
    training: { scores: refit.scoreTrain, outcome: split.yTrain },
    validation: split.hasValidation ? { scores: refit.scoreValid, outcome: split.yValid } : undefined,
    bootstrap: bootstrapped
      ? { x: designRows(pre.zTrain.columns, split.training.length, lasso.selectedIndex), B: settings.bootstrapB, seed: settings.seed }
      : undefined,
    notes,
  });
}

/** Step 6: the baseline tables (null where a comparison has an empty group). */
export interface StudyBaselineStep {
  trainingByOutcome: BaselineTable | null;
  validationByOutcome: BaselineTable | null;
  trainingVsValidation: BaselineTable | null;
  /** The unit of each tabulated variable that has one: given for clinical columns, the catalog's for features. */
  units: Record<string, string>;
}

/**
 * Step 6. Baseline tables: by outcome in training and in validation, and training against
 * validation, of the clinical columns, or of the selected features' raw values when there are none.
 */
export function baselineStudy(context: StudyContext, split: StudySplitStep, pre: StudyPreprocessStep, lasso: StudyLassoStep): StudyBaselineStep {
  const { table, settings, notes } = context;
  const features = pre.fitted.featureNames;
  const variables = table.clinical.length > 0 ? table.clinical.map((c) => c.name) : lasso.selected;
  const source: Record<string, (number | string | null)[]> = {};
  for (const c of table.clinical) source[c.name] = c.numeric ? Array.from(c.numeric) : c.values;
  if (table.clinical.length === 0) for (const j of lasso.selectedIndex) source[features[j]] = Array.from(table.features[pre.fitted.featureIndex[j]]);
  const compare = (rows: Int32Array | number[], group: (i: number) => number, labels: { group1: string; group0: string }) => {
    if (variables.length === 0 || rows.length === 0) return null;
    const columns: Record<string, (number | string | null)[]> = {};
    for (const name of variables) columns[name] = Array.from(rows, (i) => source[name][i]);
    const g = Array.from(rows, group);
    if (!g.includes(0) || !g.includes(1)) return null;
    return baselineTable({ columns, group: g, variables, categorical: settings.categorical, groupLabels: labels });
  };
  const byOutcome = { group1: `${table.outcomeName} = 1`, group0: `${table.outcomeName} = 0` };
  const allRows = [...split.training, ...split.validation].sort((a, b) => a - b);
  const inTraining = new Set(split.training);
  if (table.clinical.length === 0 && lasso.selected.length > 0) notes.push("no clinical columns: the baseline tables show the selected features (raw values)");
  const units: Record<string, string> = {};
  for (const c of table.clinical) if (c.unit) units[c.name] = c.unit;
  if (table.clinical.length === 0) {
    for (const name of variables) {
      // "1" is the catalog's dimensionless unit: nothing to print.
      const unit = FEATURE_CATALOG.find(name)?.unit;
      if (unit && unit !== "1") units[name] = unit;
    }
  }
  return {
    units,
    trainingByOutcome: compare(split.training, (i) => table.outcome[i], byOutcome),
    validationByOutcome: split.hasValidation ? compare(split.validation, (i) => table.outcome[i], byOutcome) : null,
    trainingVsValidation: split.hasValidation ? compare(allRows, (i) => (inTraining.has(i) ? 1 : 0), { group1: "training", group0: "validation" }) : null,
  };
}
