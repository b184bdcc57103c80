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
 * Decisions, recorded in `notes`: when LASSO selects no feature, the Rad-score is the
 * intercept-only model (AUC 0.5); tied Youden thresholds are all listed and the lowest one is
 * carried to validation; without validation rows the validation parts are null; baseline
 * variables are the clinical columns, or the selected features' raw values when there are none.
 */
import { RadlabInputError } from "../errors.js";
import { RADLAB_VERSION } from "../version.js";
import { type BaselineTable, baselineTable } from "./baseline.js";
import { bootstrapCalibration, brierScore, hosmerLemeshow, recalibration, valProb } from "./calibration.js";
import { type CvMeasure, cvLasso } from "./cv-lasso.js";
import { decisionCurve } from "./decision-curve.js";
import { radScores } from "./lambda-model.js";
import { coefficientsAt, linearPredictor } from "./lasso.js";
import { fitLogistic, type LogisticModel, plogis } from "./logistic.js";
import { applyPreprocessing, DEFAULT_PREPROCESSING, fitPreprocessing, type PreprocessSettings } from "./preprocess.js";
import { classifyAtThreshold, type RocResult, rocCurve, type ThresholdPerformance } from "./roc.js";
import { chooseFoldCount, foldsFromColumn, type StudySplit, splitFromColumn, stratifiedFolds, stratifiedSplit } from "./split.js";
import type { StudyTable } from "./table.js";

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

/** The settings actually used (defaults filled in). */
export interface StudySettings {
  seed: number;
  split: "column" | "stratified";
  splitColumn: string | null;
  trainingFraction: number | null;
  folds: "column" | "stratified";
  foldidColumn: string | null;
  nfolds: number;
  preprocess: PreprocessSettings;
  cvPreprocessing: "training" | "per-fold";
  nlambda: number;
  lambdaMinRatio: number | null;
  thresh: number;
  measure: CvMeasure;
  lambda: "min" | "1se" | number;
  radscore: "logistic" | "lasso";
  bootstrapB: number;
  categorical: string[];
  outcome: string;
  clinical: string[];
}

/** An ROC summary for the result (the curve itself kept for the figures). */
export interface RocSummary {
  n_cases: number;
  n_controls: number;
  auc: number;
  ci_low: number;
  ci_high: number;
  variance: number;
  curve: { threshold: (number | null)[]; sensitivity: number[]; specificity: number[] };
}

/** One Youden classification in the result. */
export interface ClassificationSummary {
  threshold: number;
  sensitivity: number;
  specificity: number;
  sensitivity_ci: [number, number];
  specificity_ci: [number, number];
  accuracy: number;
  ppv: number | null;
  npv: number | null;
  tp: number;
  tn: number;
  fp: number;
  fn: number;
}

/** The study's result: plain JSON (NaN and ±Infinity written as null). */
export interface StudyResult {
  radlab: { version: string; created: string };
  settings: StudySettings;
  seed: number;
  data: {
    source: string;
    n: { total: number; training: number; validation: number; training_events: number; validation_events: number };
    ids: { training: string[]; validation: string[] };
    features: number;
    dropped_features: string[];
  };
  preprocessing: {
    settings: PreprocessSettings;
    params: Record<
      string,
      {
        raw_mean: number;
        raw_sd: number;
        raw_median: number;
        lower: number;
        upper: number;
        clean_mean: number;
        clean_sd: number;
        n_replaced_training: number;
        n_replaced_validation: number;
      }
    >;
    dropped: { feature: string; reason: string }[];
    n_replaced_training: number;
    n_replaced_validation: number;
  };
  lasso: {
    measure: CvMeasure;
    lambda: number[];
    cvm: number[];
    cvsd: number[];
    nzero: number[];
    lambda_min: number;
    lambda_1se: number;
    /** 1-based positions in `lambda`, as R's index. */
    index_min: number;
    index_1se: number;
    chosen: "min" | "1se" | number;
    lambda_chosen: number;
    selected: string[];
    /** Coefficients at the chosen λ (z scale): intercept and the selected features. */
    coefficients: Record<string, number>;
    /** The same back-transformed to the raw feature units (through the training z-score). */
    coefficients_raw_units: Record<string, number>;
    foldid: number[];
    /** Where the fold ids came from: a column, or drawn stratified from the seed. */
    folds: { method: "given"; column: string } | { method: "stratified"; seed: number; nfolds: number };
    path: { a0: number[]; df: number[]; dev_ratio: number[]; nulldev: number; beta: Record<string, number[]> };
    warnings: string[];
  };
  logistic: {
    features: string[];
    coefficients: Record<string, { estimate: number; se: number; z: number; p: number; odds_ratio: number; or_ci_low: number; or_ci_high: number }>;
    deviance: number;
    null_deviance: number;
    aic: number;
    converged: boolean;
    iterations: number;
    separation: string;
    warnings: string[];
  } | null;
  /** The same regression on the features of the other λ (λ.1se when λ.min is chosen, and vice versa). */
  logistic_other_lambda: (NonNullable<StudyResult["logistic"]> & { lambda: string }) | null;
  /** Rad-score (linear predictor) per patient id, training and validation. */
  radscore: Record<string, number>;
  radscore_detail: {
    model: string;
    formula: string;
    probability: Record<string, number>;
    set: Record<string, "training" | "validation">;
  };
  roc: { training: RocSummary; validation: RocSummary | null };
  youden: ClassificationSummary & {
    ties: number[];
    validation: ClassificationSummary | null;
    validation_sensitivity: number | null;
    validation_specificity: number | null;
  };
  calibration: { training: CalibrationSummary; validation: CalibrationSummary | null; bootstrap: unknown };
  decision_curve: { training: unknown; validation: unknown };
  baseline: {
    variables: string[];
    training_outcome: BaselineTable | null;
    validation_outcome: BaselineTable | null;
    training_vs_validation: BaselineTable | null;
  };
  notes: string[];
}

/** Calibration of one group; null where a statistic could not be computed (see notes). */
export interface CalibrationSummary {
  val_prob: Record<string, number | null> | null;
  n_used_logistic: number | null;
  brier: number;
  brier_scaled: number;
  calibration_in_the_large: number | null;
  recalibration_intercept: number | null;
  recalibration_slope: number | null;
  hosmer_lemeshow: { statistic: number; df: number; p: number; p_value: number; breaks: number[] } | null;
  lowess_curve: { x: number[]; y: number[] } | null;
}

const DEFAULT_SEED = 20240101;

/** Runs the study's statistics on a table (see the module comment). */
export function runStudy(table: StudyTable, options: StudyOptions = {}): StudyResult {
  const notes: string[] = [...table.notes];
  const settings = resolveSettings(table, options);
  const seed = settings.seed;

  // 1. Split.
  const split: StudySplit =
    settings.split === "column"
      ? splitFromColumn(table.split as string[], { column: table.splitName as string, ids: table.ids, source: table.source })
      : stratifiedSplit(table.outcome, { seed, trainingFraction: settings.trainingFraction ?? 0.7 });
  const training = split.training;
  const validation = split.validation;
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

  // Input errors of the steps below (too few rows, folds without events, …) name the table.
  const inTable = <T>(step: () => T): T => {
    try {
      return step();
    } catch (error) {
      if (error instanceof RadlabInputError && !error.message.includes(table.source)) {
        throw new RadlabInputError(`${table.source}: ${error.message}`, table.source);
      }
      throw error;
    }
  };

  // 2. Preprocessing on training only.
  const fitted = inTable(() => fitPreprocessing(table.features, table.featureNames, settings.preprocess, training));
  for (const d of fitted.dropped) notes.push(`feature "${d.feature}" dropped: ${d.reason}`);
  const zTrain = applyPreprocessing(fitted, table.features, training);
  const zValid = applyPreprocessing(fitted, table.features, validation);
  const features = fitted.featureNames;

  // 3. LASSO with cross-validation on the training rows.
  const foldid =
    settings.folds === "column"
      ? foldsFromColumn(table.foldid as Int32Array, training, { column: table.foldidName as string, ids: table.ids, source: table.source })
      : inTable(() => {
          const choice = chooseFoldCount(yTrain, options.nfolds, settings.nfolds);
          settings.nfolds = choice.nfolds;
          notes.push(`${choice.note ?? `${choice.nfolds} stratified folds`}; folds drawn with seed ${seed} (no fold-id column given)`);
          return stratifiedFolds(yTrain, { nfolds: choice.nfolds, seed });
        });
  const perFold = settings.cvPreprocessing === "per-fold";
  const cvColumns = perFold ? fitted.featureIndex.map((j) => Float64Array.from(training, (i) => table.features[j][i])) : zTrain.columns;
  const cv = inTable(() =>
    cvLasso(cvColumns, yTrain, {
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
  const lambdaName = lambdaLabel(settings.lambda);
  // With per-fold preprocessing the CV fit's scale is the full-training one, the same as zTrain.
  const lassoAt = coefficientsAt(cv.fit, lambdaChosen);
  const selectedIndex = features.map((_, j) => j).filter((j) => lassoAt.beta[j] !== 0);
  const selected = selectedIndex.map((j) => features[j]);
  if (selected.length === 0) notes.push(`LASSO selected no feature at ${lambdaName}: the Rad-score is the intercept-only model`);

  // 4–5. Logistic regression on the selected features and the Rad-score.
  const rowsOf = (columns: Float64Array[], n: number) => Array.from({ length: n }, (_, i) => selectedIndex.map((j) => columns[j][i]));
  let logistic: LogisticModel | null = null;
  let scoreTrain: number[];
  let scoreValid: number[];
  let formula: string;
  if (settings.radscore === "logistic") {
    logistic = fitLogistic({ x: rowsOf(zTrain.columns, training.length), y: yTrain, featureNames: selected });
    const coef = logistic.coefficients.map((c) => c.estimate);
    const score = (columns: Float64Array[], n: number) => radScores(coef, columns, selectedIndex, n);
    scoreTrain = score(zTrain.columns, training.length);
    scoreValid = score(zValid.columns, validation.length);
    formula = radscoreFormula(coef[0], selected, coef.slice(1));
    for (const w of logistic.warnings) notes.push(`logistic regression: ${w}`);
  } else {
    scoreTrain = Array.from(linearPredictor(lassoAt.a0, lassoAt.beta, zTrain.columns));
    scoreValid = Array.from(linearPredictor(lassoAt.a0, lassoAt.beta, zValid.columns));
    formula = radscoreFormula(
      lassoAt.a0,
      selected,
      selectedIndex.map((j) => lassoAt.beta[j]),
    );
  }
  // The logistic model on the other λ's features, as the study reports both (null when empty or unfittable).
  const otherLambda = settings.lambda === "min" ? "1se" : "min";
  const otherAt = coefficientsAt(cv.fit, cv.lambda[otherLambda === "min" ? cv.indexMin : cv.index1se]);
  const otherIndex = features.map((_, j) => j).filter((j) => otherAt.beta[j] !== 0);
  let logisticOther: (NonNullable<StudyResult["logistic"]> & { lambda: string }) | null = null;
  if (otherIndex.length > 0) {
    try {
      const model = fitLogistic({
        x: Array.from({ length: training.length }, (_, i) => otherIndex.map((j) => zTrain.columns[j][i])),
        y: yTrain,
        featureNames: otherIndex.map((j) => features[j]),
      });
      logisticOther = { lambda: `lambda.${otherLambda}`, ...logisticSummary(model) };
    } catch (error) {
      if (!(error instanceof RadlabInputError)) throw error;
      notes.push(`logistic regression on the λ.${otherLambda} features not fitted: ${error.message}`);
    }
  }
  const pTrain = scoreTrain.map(plogis);
  const pValid = scoreValid.map(plogis);

  // 6. ROC, Youden cut-off on training applied to validation.
  const rocTrain = rocCurve({ scores: scoreTrain, outcome: yTrain });
  const rocValid = hasValidation && !validationOneClass ? rocCurve({ scores: scoreValid, outcome: yValid }) : null;
  const youdenTrain = rocTrain.youden[0];
  if (rocTrain.youden.length > 1) notes.push(`${rocTrain.youden.length} tied Youden thresholds on training; the lowest is applied to validation`);
  const youdenValid =
    hasValidation && !validationOneClass ? classifyAtThreshold({ scores: scoreValid, outcome: yValid, threshold: youdenTrain.threshold }) : null;

  // 7. Calibration and 8. decision curves.
  const calibrationTrain = calibrationSummary(pTrain, yTrain, "training", notes);
  const calibrationValid = hasValidation && !validationOneClass ? calibrationSummary(pValid, yValid, "validation", notes) : null;
  let bootstrap: unknown = null;
  if (settings.bootstrapB > 0 && settings.radscore === "logistic") {
    try {
      bootstrap = bootstrapCalibration({ x: rowsOf(zTrain.columns, training.length), outcome: yTrain, B: settings.bootstrapB, seed });
    } catch (error) {
      if (!(error instanceof RadlabInputError)) throw error;
      notes.push(`bootstrap calibration not computed: ${error.message}`);
    }
  }
  const decisionTrain = decisionCurve({ probability: pTrain, outcome: yTrain });
  const decisionValid = hasValidation ? decisionCurve({ probability: pValid, outcome: yValid }) : null;

  // 9. Baseline tables.
  const baselineVariables = table.clinical.length > 0 ? table.clinical.map((c) => c.name) : selected;
  const baselineColumns: Record<string, (number | string | null)[]> = {};
  for (const c of table.clinical) baselineColumns[c.name] = c.numeric ? Array.from(c.numeric) : c.values;
  if (table.clinical.length === 0) for (const j of selectedIndex) baselineColumns[features[j]] = Array.from(table.features[fitted.featureIndex[j]]);
  const baselineFor = (rows: Int32Array | number[], group: (i: number) => number, labels: { group1: string; group0: string }) => {
    if (baselineVariables.length === 0 || rows.length === 0) return null;
    const columns: Record<string, (number | string | null)[]> = {};
    for (const name of baselineVariables) columns[name] = Array.from(rows, (i) => baselineColumns[name][i]);
    const g = Array.from(rows, group);
    if (!g.includes(0) || !g.includes(1)) return null;
    return baselineTable({ columns, group: g, variables: baselineVariables, categorical: settings.categorical, groupLabels: labels });
  };
  const outcomeLabels = { group1: `${table.outcomeName} = 1`, group0: `${table.outcomeName} = 0` };
  const allRows = [...training, ...validation].sort((a, b) => a - b);
  const inTraining = new Set(training);
  const baseline = {
    variables: baselineVariables,
    training_outcome: baselineFor(training, (i) => table.outcome[i], outcomeLabels),
    validation_outcome: hasValidation ? baselineFor(validation, (i) => table.outcome[i], outcomeLabels) : null,
    training_vs_validation: hasValidation ? baselineFor(allRows, (i) => (inTraining.has(i) ? 1 : 0), { group1: "training", group0: "validation" }) : null,
  };
  if (table.clinical.length === 0 && selected.length > 0) notes.push("no clinical columns: the baseline tables show the selected features (raw values)");

  // The result.
  const ids = { training: Array.from(training, (i) => table.ids[i]), validation: Array.from(validation, (i) => table.ids[i]) };
  const radscore: Record<string, number> = {};
  const probability: Record<string, number> = {};
  const set: Record<string, "training" | "validation"> = {};
  ids.training.forEach((id, k) => {
    radscore[id] = scoreTrain[k];
    probability[id] = pTrain[k];
    set[id] = "training";
  });
  ids.validation.forEach((id, k) => {
    radscore[id] = scoreValid[k];
    probability[id] = pValid[k];
    set[id] = "validation";
  });

  const inValidation = (j: number) => zValid.replacedRows[j].length;
  const params: StudyResult["preprocessing"]["params"] = {};
  fitted.params.forEach((p, j) => {
    params[p.feature] = {
      raw_mean: p.rawMean,
      raw_sd: p.rawSd,
      raw_median: p.rawMedian,
      lower: p.lower,
      upper: p.upper,
      clean_mean: p.cleanMean,
      clean_sd: p.cleanSd,
      n_replaced_training: p.nReplacedTraining,
      n_replaced_validation: inValidation(j),
    };
  });
  const everActive = features.map((_, j) => j).filter((j) => cv.fit.beta.some((b) => b[j] !== 0));
  const pathBeta: Record<string, number[]> = {};
  for (const j of everActive) pathBeta[features[j]] = cv.fit.beta.map((b) => b[j]);
  const lassoCoefficients: Record<string, number> = { "(Intercept)": lassoAt.a0 };
  for (const j of selectedIndex) lassoCoefficients[features[j]] = lassoAt.beta[j];
  // Raw units: β·(x − m₂)/s₂ = (β/s₂)·x − β·m₂/s₂ (outlier replacement aside).
  const rawCoefficients: Record<string, number> = { "(Intercept)": lassoAt.a0 };
  for (const j of selectedIndex) {
    const { cleanMean, cleanSd } = fitted.params[j];
    const scale = fitted.settings.zscore ? cleanSd : 1;
    const centre = fitted.settings.zscore ? cleanMean : 0;
    rawCoefficients[features[j]] = lassoAt.beta[j] / scale;
    rawCoefficients["(Intercept)"] -= (lassoAt.beta[j] * centre) / scale;
  }

  const result: StudyResult = {
    radlab: { version: RADLAB_VERSION, created: new Date().toISOString() },
    settings,
    seed,
    data: {
      source: table.source,
      n: { total: table.ids.length, training: training.length, validation: validation.length, training_events: eventsTrain, validation_events: eventsValid },
      ids,
      features: features.length,
      dropped_features: [...table.droppedFeatures, ...fitted.dropped.map((d) => d.feature)],
    },
    preprocessing: {
      settings: fitted.settings,
      params,
      dropped: fitted.dropped,
      n_replaced_training: fitted.params.reduce((s, p) => s + p.nReplacedTraining, 0),
      n_replaced_validation: zValid.replacedRows.reduce((s, r) => s + r.length, 0),
    },
    lasso: {
      measure: cv.measure,
      lambda: cv.lambda,
      cvm: cv.cvm,
      cvsd: cv.cvsd,
      nzero: cv.nzero,
      lambda_min: cv.lambdaMin,
      lambda_1se: cv.lambda1se,
      index_min: cv.indexMin + 1,
      index_1se: cv.index1se + 1,
      chosen: settings.lambda,
      lambda_chosen: lambdaChosen,
      selected,
      coefficients: lassoCoefficients,
      coefficients_raw_units: rawCoefficients,
      foldid: Array.from(cv.foldid),
      folds: settings.folds === "column" ? { method: "given", column: table.foldidName as string } : { method: "stratified", seed, nfolds: settings.nfolds },
      path: { a0: cv.fit.a0, df: cv.fit.df, dev_ratio: cv.fit.devRatio, nulldev: cv.fit.nullDeviance, beta: pathBeta },
      warnings: cv.warnings,
    },
    logistic: logistic && logisticSummary(logistic),
    logistic_other_lambda: logisticOther,
    radscore,
    radscore_detail: {
      model: settings.radscore === "logistic" ? `logistic regression on the LASSO ${lambdaName} features` : `LASSO at ${lambdaName}`,
      formula,
      probability,
      set,
    },
    roc: { training: rocSummary(rocTrain), validation: rocValid && rocSummary(rocValid) },
    youden: {
      ...classification(youdenTrain),
      ties: rocTrain.youden.map((y) => y.threshold),
      validation: youdenValid && classification(youdenValid),
      validation_sensitivity: youdenValid ? youdenValid.sensitivity : null,
      validation_specificity: youdenValid ? youdenValid.specificity : null,
    },
    calibration: { training: calibrationTrain, validation: calibrationValid, bootstrap },
    decision_curve: { training: decisionTrain, validation: decisionValid },
    baseline,
    notes,
  };
  // Plain JSON: typed arrays become arrays, NaN and ±Infinity null.
  return JSON.parse(JSON.stringify(result, (_, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v)));
}

function resolveSettings(table: StudyTable, options: StudyOptions): StudySettings {
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

/** "λ.min", "λ.1se" or "λ = 0.01234" for notes and the model's description. */
function lambdaLabel(lambda: "min" | "1se" | number): string {
  return typeof lambda === "number" ? `λ = ${lambda}` : `λ.${lambda}`;
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

/** "Rad-score = b0 + b1·feature1 − b2·feature2 …" with 6 significant digits. */
export function radscoreFormula(intercept: number, names: string[], coefficients: number[]): string {
  const fmt = (v: number) => Number(v.toPrecision(6)).toString();
  const terms = names.map((name, k) => `${coefficients[k] < 0 ? "−" : "+"} ${fmt(Math.abs(coefficients[k]))}·${name}`);
  return [`Rad-score = ${fmt(intercept)}`, ...terms].join(" ");
}

function logisticSummary(model: LogisticModel): NonNullable<StudyResult["logistic"]> {
  const coefficients: NonNullable<StudyResult["logistic"]>["coefficients"] = {};
  for (const c of model.coefficients) {
    coefficients[c.term] = { estimate: c.estimate, se: c.se, z: c.z, p: c.p, odds_ratio: c.oddsRatio, or_ci_low: c.oddsRatioLow, or_ci_high: c.oddsRatioHigh };
  }
  return {
    features: model.terms.slice(1),
    coefficients,
    deviance: model.deviance,
    null_deviance: model.nullDeviance,
    aic: model.aic,
    converged: model.converged,
    iterations: model.iterations,
    separation: model.separation,
    warnings: model.warnings,
  };
}

function rocSummary(roc: RocResult): RocSummary {
  return {
    n_cases: roc.nCases,
    n_controls: roc.nControls,
    auc: roc.auc,
    ci_low: roc.aucCi.low,
    ci_high: roc.aucCi.high,
    variance: roc.aucVariance,
    curve: { threshold: roc.thresholds, sensitivity: roc.sensitivities, specificity: roc.specificities },
  };
}

function classification(t: ThresholdPerformance): ClassificationSummary {
  return {
    threshold: t.threshold,
    sensitivity: t.sensitivity,
    specificity: t.specificity,
    sensitivity_ci: [t.sensitivityCi.low, t.sensitivityCi.high],
    specificity_ci: [t.specificityCi.low, t.specificityCi.high],
    accuracy: t.accuracy,
    ppv: Number.isFinite(t.ppv) ? t.ppv : null,
    npv: Number.isFinite(t.npv) ? t.npv : null,
    tp: t.tp,
    tn: t.tn,
    fp: t.fp,
    fn: t.fn,
  };
}

/**
 * Calibration of one group. A statistic that cannot be computed (e.g. val.prob when every
 * probability is exactly 0 or 1 after perfect separation) is null, with a note saying why.
 */
function calibrationSummary(probability: number[], outcome: number[], group: string, notes: string[]): CalibrationSummary {
  const input = { probability, outcome };
  const attempt = <T>(what: string, compute: () => T): T | null => {
    try {
      return compute();
    } catch (error) {
      if (!(error instanceof RadlabInputError)) throw error;
      notes.push(`${group} calibration: ${what} not computed: ${error.message}`);
      return null;
    }
  };
  const vp = attempt("val.prob", () => valProb(input));
  const hl = attempt("Hosmer–Lemeshow", () => hosmerLemeshow(input));
  const recal = attempt("recalibration", () => recalibration(input));
  const brier = brierScore(input);
  return {
    val_prob: vp ? { ...vp.stats } : null,
    n_used_logistic: vp ? vp.nUsedLogistic : null,
    brier: brier.brier,
    brier_scaled: brier.scaled,
    calibration_in_the_large: recal ? recal.calibrationInTheLarge : null,
    recalibration_intercept: recal ? recal.intercept : null,
    recalibration_slope: recal ? recal.slope : null,
    hosmer_lemeshow: hl ? { statistic: hl.statistic, df: hl.df, p: hl.p, p_value: hl.p, breaks: hl.breaks } : null,
    lowess_curve: vp ? { x: vp.curve.x, y: vp.curve.y } : null,
  };
}
