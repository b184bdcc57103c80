import { RADLAB_VERSION } from "../version.js";
import type { BaselineTable, BaselineRow as StatsBaselineRow } from "./baseline.js";
import type { LogisticModel } from "./logistic.js";
import { DEFAULT_PREPROCESSING, type PreprocessSettings } from "./preprocess.js";
import type { RocResult, ThresholdPerformance } from "./roc.js";
import {
  type BaselineTableSummary,
  type Classification,
  type LogisticSummary,
  lambdaLabel,
  type RocSummary,
  STUDY_RESULT_SCHEMA,
  type StudyBaselineRow,
  type StudyPatient,
  type StudyResult,
} from "./study-result.js";
import type {
  StudyBaselineStep,
  StudyContext,
  StudyEvaluationStep,
  StudyLassoStep,
  StudyPreprocessStep,
  StudyRefitStep,
  StudySplitStep,
} from "./study-steps.js";

/** Everything the steps produced, in their order. */
export interface StudySteps {
  split: StudySplitStep;
  preprocess: StudyPreprocessStep;
  lasso: StudyLassoStep;
  refit: StudyRefitStep;
  evaluation: StudyEvaluationStep;
  baseline: StudyBaselineStep;
}

/** Step 7. The result: plain JSON (typed arrays as arrays, NaN and ±Infinity as null). */
export function assembleStudyResult(context: StudyContext, steps: StudySteps): StudyResult {
  const { table, settings, notes } = context;
  const { split, preprocess: pre, lasso, refit, evaluation: ev } = steps;
  const { cv } = lasso;
  const features = pre.fitted.featureNames;
  const result: StudyResult = {
    schema: STUDY_RESULT_SCHEMA,
    provenance: { radlabVersion: RADLAB_VERSION, created: new Date().toISOString(), command: null },
    settings,
    data: {
      source: table.source,
      n: {
        total: table.ids.length,
        training: split.training.length,
        validation: split.validation.length,
        trainingEvents: split.eventsTrain,
        validationEvents: split.eventsValid,
      },
      nFeatures: features.length,
      droppedFeatures: [...table.droppedFeatures],
    },
    patients: patientsOf(context, split, refit, ev),
    preprocessing: {
      features: pre.fitted.params.map((p, j) => ({
        feature: p.feature,
        rawMean: p.rawMean,
        rawSd: p.rawSd,
        rawMedian: p.rawMedian,
        lower: p.lower,
        upper: p.upper,
        cleanMean: p.cleanMean,
        cleanSd: p.cleanSd,
        nReplacedTraining: p.nReplacedTraining,
        nReplacedValidation: pre.zValid.replacedRows[j].length,
      })),
      dropped: pre.fitted.dropped,
    },
    lasso: {
      lambda: cv.lambda,
      cvm: cv.cvm,
      cvsd: cv.cvsd,
      nzero: cv.nzero,
      lambdaMin: cv.lambdaMin,
      lambda1se: cv.lambda1se,
      indexMin: cv.indexMin + 1,
      index1se: cv.index1se + 1,
      selected: lasso.selected,
      coefficients: Object.fromEntries([["(Intercept)", lasso.at.a0], ...lasso.selectedIndex.map((j) => [features[j], lasso.at.beta[j]])]),
      coefficientsRawUnits: rawUnitCoefficients(pre, lasso),
      foldid: Array.from(cv.foldid),
      path: { a0: cv.fit.a0, devRatio: cv.fit.devRatio, nullDeviance: cv.fit.nullDeviance, beta: pathBeta(cv.fit.beta, features) },
      warnings: cv.warnings,
    },
    logistic: refit.logistic && logisticSummary(refit.logistic),
    logisticOtherLambda: refit.logisticOther && { lambda: refit.logisticOther.lambda, ...logisticSummary(refit.logisticOther.model) },
    radscore: {
      description:
        settings.radscore === "logistic"
          ? `logistic regression on the LASSO ${lambdaLabel(settings.lambda)} features`
          : `LASSO at ${lambdaLabel(settings.lambda)}`,
      formula: radscoreFormula(refit.intercept, lasso.selected, refit.coefficients, settings.preprocess),
    },
    roc: { training: rocSummary(ev.rocTrain), validation: ev.rocValid && rocSummary(ev.rocValid) },
    youden: {
      training: { ...classification(ev.youdenTrain), ties: ev.rocTrain.youden.map((y) => y.threshold) },
      validation: ev.youdenValid && classification(ev.youdenValid),
    },
    calibration: {
      training: ev.calibrationTrain,
      validation: ev.calibrationValid,
      bootstrap: ev.bootstrap && {
        predy: ev.bootstrap.predy,
        apparent: ev.bootstrap.apparent,
        biasCorrected: ev.bootstrap.biasCorrected,
        optimism: ev.bootstrap.optimism,
        nSuccessful: ev.bootstrap.nSuccessful,
        meanAbsoluteError: ev.bootstrap.meanAbsoluteError,
        meanSquaredError: ev.bootstrap.meanSquaredError,
      },
    },
    decisionCurve: {
      training: decisionSummary(ev.decisionTrain),
      validation: ev.decisionValid && decisionSummary(ev.decisionValid),
    },
    baseline: {
      trainingByOutcome: baselineSummary(steps.baseline.trainingByOutcome, steps.baseline.units),
      validationByOutcome: baselineSummary(steps.baseline.validationByOutcome, steps.baseline.units),
      trainingVsValidation: baselineSummary(steps.baseline.trainingVsValidation, steps.baseline.units),
    },
    notes,
  };
  return JSON.parse(JSON.stringify(result, (_, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v)));
}

/** Training patients, then validation, with outcome, Rad-score and probability. */
function patientsOf(context: StudyContext, split: StudySplitStep, refit: StudyRefitStep, ev: StudyEvaluationStep): StudyPatient[] {
  const { table } = context;
  const patient = (i: number, set: "training" | "validation", radscore: number, probability: number): StudyPatient => ({
    id: table.ids[i],
    set,
    outcome: table.outcome[i] as 0 | 1,
    radscore,
    probability,
  });
  return [
    ...Array.from(split.training, (i, k) => patient(i, "training", refit.scoreTrain[k], ev.pTrain[k])),
    ...Array.from(split.validation, (i, k) => patient(i, "validation", refit.scoreValid[k], ev.pValid[k])),
  ];
}

/** The coefficient path of every feature that is non-zero somewhere on it. */
function pathBeta(beta: ArrayLike<number>[], features: string[]): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  features.forEach((name, j) => {
    if (beta.some((b) => b[j] !== 0)) out[name] = beta.map((b) => b[j]);
  });
  return out;
}

/** LASSO coefficients in raw units: β·(x − m₂)/s₂ = (β/s₂)·x − β·m₂/s₂ (outlier replacement aside). */
function rawUnitCoefficients(pre: StudyPreprocessStep, lasso: StudyLassoStep): Record<string, number> {
  const features = pre.fitted.featureNames;
  const raw: Record<string, number> = { "(Intercept)": lasso.at.a0 };
  for (const j of lasso.selectedIndex) {
    const { cleanMean, cleanSd } = pre.fitted.params[j];
    const scale = pre.fitted.settings.zscore ? cleanSd : 1;
    const centre = pre.fitted.settings.zscore ? cleanMean : 0;
    raw[features[j]] = lasso.at.beta[j] / scale;
    raw["(Intercept)"] -= (lasso.at.beta[j] * centre) / scale;
  }
  return raw;
}

/**
 * "Rad-score = b0 + b1·z(feature1) − b2·z(feature2) …; z(x) = …" with 6 significant digits,
 * saying how a raw value becomes z (the training caps, median, mean and SD, which the result
 * stores in `preprocessing.features`, so a new patient can be scored: `radlab score`).
 */
export function radscoreFormula(intercept: number, names: string[], coefficients: number[], preprocess: PreprocessSettings = DEFAULT_PREPROCESSING): string {
  const fmt = (v: number) => Number(v.toPrecision(6)).toString();
  const z = preprocess.zscore ? "z" : "x";
  const terms = names.map((name, k) => `${coefficients[k] < 0 ? "−" : "+"} ${fmt(Math.abs(coefficients[k]))}·${z}(${name})`);
  const capping =
    preprocess.outlierSd === null ? "" : `after capping: a value beyond the training mean ± ${preprocess.outlierSd} SD becomes the training median`;
  const how = preprocess.zscore
    ? `; z(x) = (x − training mean) / training SD, ${capping ? `${capping}, mean and SD taken after that capping` : "no capping"}`
    : capping
      ? `; x(·) is the raw value ${capping}`
      : "; x(·) is the raw value";
  return `${[`Rad-score = ${fmt(intercept)}`, ...terms].join(" ")}${how} (per feature in the result's preprocessing.features; radlab score applies it)`;
}

function logisticSummary(model: LogisticModel): LogisticSummary {
  return {
    coefficients: model.coefficients.map((c) => ({
      term: c.term,
      estimate: c.estimate,
      se: c.se,
      z: c.z,
      p: c.p,
      oddsRatio: c.oddsRatio,
      oddsRatioCiLow: c.oddsRatioLow,
      oddsRatioCiHigh: c.oddsRatioHigh,
    })),
    deviance: model.deviance,
    nullDeviance: model.nullDeviance,
    aic: model.aic,
    converged: model.converged,
    iterations: model.iterations,
    separation: model.separation,
    warnings: model.warnings,
  };
}

function rocSummary(roc: RocResult): RocSummary {
  return {
    nCases: roc.nCases,
    nControls: roc.nControls,
    auc: roc.auc,
    ciLow: roc.aucCi.low,
    ciHigh: roc.aucCi.high,
    variance: roc.aucVariance,
    curve: { threshold: roc.thresholds, sensitivity: roc.sensitivities, specificity: roc.specificities },
  };
}

function classification(t: ThresholdPerformance): Classification {
  return {
    threshold: t.threshold,
    sensitivity: t.sensitivity,
    specificity: t.specificity,
    sensitivityCi: [t.sensitivityCi.low, t.sensitivityCi.high],
    specificityCi: [t.specificityCi.low, t.specificityCi.high],
    accuracy: t.accuracy,
    ppv: Number.isFinite(t.ppv) ? t.ppv : null,
    npv: Number.isFinite(t.npv) ? t.npv : null,
    tp: t.tp,
    tn: t.tn,
    fp: t.fp,
    fn: t.fn,
  };
}

function decisionSummary(d: { threshold: number[]; netBenefitModel: number[]; netBenefitTreatAll: number[]; nTreated: number[] }) {
  return { threshold: d.threshold, netBenefitModel: d.netBenefitModel, netBenefitTreatAll: d.netBenefitTreatAll, nTreated: d.nTreated };
}

/** A stats/baseline.ts table in the result's names (Wilcoxon's W as `w`), continuous variables with their unit when known. */
function baselineSummary(table: BaselineTable | null, units: Record<string, string>): BaselineTableSummary | null {
  if (!table) return null;
  const row = (r: StatsBaselineRow): StudyBaselineRow =>
    r.type === "continuous"
      ? { ...r, wilcoxon: { w: r.wilcoxon.W, z: r.wilcoxon.z, p: r.wilcoxon.p }, ...(units[r.variable] ? { unit: units[r.variable] } : {}) }
      : {
          variable: r.variable,
          type: r.type,
          levels: r.levels,
          countsGroup1: r.countsGroup1,
          countsGroup0: r.countsGroup0,
          chiSquareYates: r.chiSquareYates,
          chiSquare: r.chiSquare,
          fisher: r.fisher,
        };
  return { groupLabels: table.groupLabels, n: table.n, rows: table.rows.map(row) };
}
