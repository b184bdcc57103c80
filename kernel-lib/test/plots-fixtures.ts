/**
 * Shared fixtures of the plots/display tests: the R reference results (shared/reference/stats)
 * converted once into the study-result schema, so the figures are drawn from R's own numbers
 * through the one reader radlab has (plots/study-result.ts).
 *
 * The conversion is the only place that knows R's layout (`lambda_min`, columnar
 * coefficients, `auc_ci_delong`, `S:z`, `welch_p`, …). What the R reference does not report
 * is written as absent, never invented: the coefficient path β (lasso.path.beta = {}), the
 * bootstrap (null), the Youden counts and CIs and the odds-ratio CIs (NaN), Wilcoxon's z (null),
 * the decision curve's counts ([]), and the preprocessing caps of a feature come from
 * `*_preprocessing_params.csv`.
 */
import { readFileSync } from "node:fs";
import { parseCsv } from "../src/io/csv.js";
import type { LassoCvInput } from "../src/plots/lasso-cv.js";
import type {
  BaselineTableSummary,
  CalibrationSummary,
  Classification,
  CohortSet,
  LogisticSummary,
  RocSummary,
  StudyBaselineRow,
  StudyResult,
} from "../src/stats/study-result.js";
import { REFERENCE_CLINICAL, ref } from "./reference.js";

/** A three-λ LASSO CV curve, small enough to read: λ.min in the middle, λ.1se the largest λ. */
export const SMALL_LASSO_CV: LassoCvInput = {
  lambda: [0.2, 0.1, 0.05],
  cvm: [1.3, 1.2, 1.25],
  cvsd: [0.1, 0.1, 0.1],
  nzero: [0, 2, 4],
  lambdaMin: 0.1,
  lambda1se: 0.2,
  measure: "deviance",
};

export type ReferenceName = "radiomics_sim" | "wdbc";

// biome-ignore lint/suspicious/noExplicitAny: the R reference JSON is read as it is.
type Json = any;

/** The R reference JSON as R wrote it (for tests that compare against R's own fields). */
export function referenceResult(name: ReferenceName): Json {
  return JSON.parse(readFileSync(ref("stats", name, `${name}_reference.json`), "utf8"));
}

/** The reference data CSV: header and rows. */
function referenceCsv(name: ReferenceName): { header: string[]; rows: string[][] } {
  const [header, ...rows] = parseCsv(readFileSync(ref("stats", name, `${name}.csv`), "utf8"));
  return { header, rows };
}

/** id → outcome, id → set, and the feature table of a reference data set (legend labels as R codes the outcome). */
export function referenceCohort(name: ReferenceName) {
  const { header, rows } = referenceCsv(name);
  const at = (c: string) => header.indexOf(c);
  const outcomes: Record<string, number> = {};
  const sets: Record<string, CohortSet> = {};
  for (const r of rows) {
    outcomes[r[at("id")]] = Number(r[at("outcome")]);
    sets[r[at("id")]] = r[at("set")] as CohortSet;
  }
  const features: Record<string, number[]> = {};
  header.forEach((h, k) => {
    if (k > 3 && rows.every((r) => r[k] !== "" && Number.isFinite(Number(r[k])))) features[h] = rows.map((r) => Number(r[k]));
  });
  const [event, noEvent] = referenceResult(name).outcome_coding as string[];
  const capital = (s: string) => s[0].toUpperCase() + s.slice(1);
  return {
    outcomes,
    sets,
    outcomeLabels: [capital(noEvent), capital(event)] as [string, string],
    featureTable: { features, ids: rows.map((r) => r[at("id")]), outcome: rows.map((r) => Number(r[at("outcome")])), set: rows.map((r) => r[at("set")]) },
  };
}

/** Columnar R coefficients {term[], estimate[], std_error[], z[], p[]} as the schema's rows. */
function logisticOf(r: Json): LogisticSummary {
  const c = r.coefficients;
  return {
    coefficients: (c.term as string[]).map((term, k) => ({
      term,
      estimate: c.estimate[k],
      se: c.std_error[k],
      z: c.z[k],
      p: c.p[k],
      oddsRatio: Math.exp(c.estimate[k]),
      oddsRatioCiLow: Number.NaN,
      oddsRatioCiHigh: Number.NaN,
    })),
    deviance: r.deviance,
    nullDeviance: r.null_deviance,
    aic: r.aic,
    converged: r.converged,
    iterations: r.iterations,
    separation: "none",
    warnings: [],
  };
}

function rocOf(r: Json): RocSummary {
  return {
    nCases: r.n_cases,
    nControls: r.n_controls,
    auc: r.auc,
    ciLow: r.auc_ci_delong[0],
    ciHigh: r.auc_ci_delong[2],
    variance: r.auc_var_delong,
    curve: { threshold: r.curve.threshold, sensitivity: r.curve.sensitivity, specificity: r.curve.specificity },
  };
}

/** A classification R reports partly (threshold, sensitivity, specificity, accuracy …); the rest NaN. */
function classificationOf(r: Json, k: number | null): Classification {
  const at = (key: string) => (r[key] === undefined ? Number.NaN : k === null ? r[key] : r[key][k]);
  return {
    threshold: at("threshold"),
    sensitivity: at("sensitivity"),
    specificity: at("specificity"),
    sensitivityCi: [Number.NaN, Number.NaN],
    specificityCi: [Number.NaN, Number.NaN],
    accuracy: at("accuracy"),
    ppv: r.ppv === undefined ? null : at("ppv"),
    npv: r.npv === undefined ? null : at("npv"),
    tp: at("tp"),
    tn: at("tn"),
    fp: at("fp"),
    fn: at("fn"),
  };
}

function calibrationOf(r: Json): CalibrationSummary {
  const v = r.val_prob;
  return {
    brier: r.brier,
    brierScaled: r.brier_scaled,
    valProb: {
      dxy: v.Dxy,
      c: v.C,
      r2: v.R2,
      d: v.D,
      dChiSq: v["D:Chi-sq"],
      u: v.U,
      uChiSq: v["U:Chi-sq"],
      uP: v["U:p"],
      q: v.Q,
      intercept: v.Intercept,
      slope: v.Slope,
      emax: v.Emax,
      e90: v.E90,
      eavg: v.Eavg,
      spiegelhalterZ: v["S:z"],
      spiegelhalterP: v["S:p"],
    },
    nUsedLogistic: r.n_used_logistic_recalibration,
    calibrationInTheLarge: r.calibration_in_the_large_offset,
    hosmerLemeshow: { statistic: r.hosmer_lemeshow.statistic, df: r.hosmer_lemeshow.df, p: r.hosmer_lemeshow.p_value, breaks: r.hosmer_lemeshow.breaks },
    lowessCurve: r.lowess_curve,
  };
}

/** One R baseline comparison {variable: {type, group1, welch_p, …}} as the schema's table. */
function baselineOf(comparison: Json | undefined, groupLabels: { group1: string; group0: string }): BaselineTableSummary | null {
  if (!comparison) return null;
  const rows = Object.entries(comparison as Record<string, Json>).map(([variable, v]): StudyBaselineRow => {
    if (v.type === "continuous") {
      const group = (g: Json) => ({ n: g.n, mean: g.mean, sd: g.sd, median: g.median });
      return {
        variable,
        type: "continuous",
        group1: group(v.group1),
        group0: group(v.group0),
        welch: { statistic: v.welch_t, df: v.welch_df, p: v.welch_p },
        student: { statistic: v.student_t, df: v.student_df, p: v.student_p },
        wilcoxon: { w: v.wilcoxon_W, z: null, p: v.wilcoxon_p_normal_cc },
      };
    }
    return {
      variable,
      type: "categorical",
      levels: v.levels.map(String),
      countsGroup1: v.counts_group1,
      countsGroup0: v.counts_group0,
      chiSquareYates: { statistic: v.chisq_yates, df: v.chisq_df, p: v.chisq_yates_p, minExpected: v.min_expected, yatesApplied: v.yates_applies },
      chiSquare: { statistic: v.chisq, df: v.chisq_df, p: v.chisq_p, minExpected: v.min_expected, yatesApplied: false },
      fisher: { p: v.fisher_p },
    };
  });
  const first = rows[0];
  const n = first ? (first.type === "continuous" ? { group1: first.group1.n, group0: first.group0.n } : sumCounts(first)) : { group1: 0, group0: 0 };
  return { groupLabels, n, rows };
}

function sumCounts(row: Extract<StudyBaselineRow, { type: "categorical" }>): { group1: number; group0: number } {
  const sum = (c: number[]) => c.reduce((s, v) => s + v, 0);
  return { group1: sum(row.countsGroup1), group0: sum(row.countsGroup0) };
}

/** The preprocessing of every feature, from `*_preprocessing_params.csv`. */
function preprocessingOf(name: ReferenceName): StudyResult["preprocessing"] {
  const [header, ...rows] = parseCsv(readFileSync(ref("stats", name, `${name}_preprocessing_params.csv`), "utf8"));
  const at = (row: string[], c: string) => Number(row[header.indexOf(c)]);
  return {
    features: rows.map((row) => ({
      feature: row[header.indexOf("feature")],
      rawMean: at(row, "raw_train_mean"),
      rawSd: at(row, "raw_train_sd"),
      rawMedian: at(row, "raw_train_median"),
      lower: at(row, "lower"),
      upper: at(row, "upper"),
      cleanMean: at(row, "clean_train_mean"),
      cleanSd: at(row, "clean_train_sd"),
      nReplacedTraining: at(row, "n_replaced_training"),
      nReplacedValidation: at(row, "n_replaced_validation"),
    })),
    dropped: [],
  };
}

/** The R reference result of a data set in the study-result schema (see the module comment for what R does not report). */
export function referenceStudyResult(name: ReferenceName): StudyResult {
  const R = referenceResult(name);
  const { header, rows } = referenceCsv(name);
  const outcomeOf = new Map(rows.map((r) => [r[header.indexOf("id")], Number(r[header.indexOf("outcome")]) as 0 | 1]));
  const lambda = R.radscore_model === "lambda.1se" ? "1se" : "min";
  const L = R.lasso;
  const patients = (["training", "validation"] as CohortSet[]).flatMap((set) =>
    (R.ids[set] as (number | string)[]).map((raw, k) => {
      const id = String(raw);
      return { id, set, outcome: outcomeOf.get(id) as 0 | 1, radscore: R.radscore[set][k], probability: R.radscore[`prob_${set}`][k] };
    }),
  );
  const [event, noEvent] = R.outcome_coding as string[];
  const byOutcome = { group1: `outcome = 1 (${event})`, group0: `outcome = 0 (${noEvent})` };
  const baselineKeys = Object.keys(R.baseline);
  const other = R.logistic_other_lambda;
  const youden = R.roc.training.youden_best;
  return {
    schema: "radlab.study-result/1",
    provenance: { radlabVersion: `R reference (${R.software.R}, glmnet ${R.software.glmnet})`, created: "", command: null },
    settings: {
      seed: 0,
      split: "column",
      splitColumn: "set",
      trainingFraction: null,
      folds: "column",
      foldidColumn: "foldid",
      nfolds: L.settings.nfolds,
      preprocess: { outlierSd: 3, zscore: true },
      cvPreprocessing: "training",
      nlambda: L.settings.nlambda,
      lambdaMinRatio: L.settings.lambda_min_ratio,
      thresh: L.settings.thresh,
      measure: L.settings.type_measure,
      lambda,
      radscore: "logistic",
      bootstrapB: 0,
      categorical: [],
      outcome: "outcome",
      clinical: [...REFERENCE_CLINICAL[name]],
    },
    data: {
      source: ref("stats", name, `${name}.csv`),
      n: { total: R.n.total, training: R.n.training, validation: R.n.validation, trainingEvents: R.n.training_events, validationEvents: R.n.validation_events },
      nFeatures: L.p,
      droppedFeatures: [],
    },
    patients,
    preprocessing: preprocessingOf(name),
    lasso: {
      lambda: L.lambda,
      cvm: L.cvm,
      cvsd: L.cvsd,
      nzero: L.nzero,
      lambdaMin: L.lambda_min,
      lambda1se: L.lambda_1se,
      indexMin: L.index_min,
      index1se: L.index_1se,
      selected: L[`selected_lambda_${lambda}`],
      coefficients: L[`coef_lambda_${lambda}`],
      coefficientsRawUnits: lambda === "min" ? L.coef_lambda_min_raw_units : {},
      foldid: L.foldid,
      path: { a0: L.full_fit.a0, devRatio: L.full_fit.dev_ratio, nullDeviance: L.full_fit.nulldev, beta: {} },
      warnings: [],
    },
    logistic: logisticOf(R.logistic),
    logisticOtherLambda: other.lambda ? { lambda: other.lambda === "lambda.1se" ? "1se" : "min", ...logisticOf(other) } : null,
    radscore: { description: R.radscore.definition, formula: "" },
    roc: { training: rocOf(R.roc.training), validation: rocOf(R.roc.validation) },
    youden: {
      training: { ...classificationOf(youden, 0), ties: youden.threshold },
      validation: classificationOf(R.roc.validation.at_training_threshold, null),
    },
    calibration: { training: calibrationOf(R.calibration.training), validation: calibrationOf(R.calibration.validation), bootstrap: null },
    decisionCurve: {
      training: { ...decisionOf(R.calibration.training.decision_curve) },
      validation: { ...decisionOf(R.calibration.validation.decision_curve) },
    },
    baseline: {
      trainingByOutcome: baselineOf(R.baseline[baselineKeys[0]], byOutcome),
      validationByOutcome: name === "radiomics_sim" ? baselineOf(R.baseline.validation_effective_vs_ineffective, byOutcome) : null,
      trainingVsValidation: name === "radiomics_sim" ? baselineOf(R.baseline.training_vs_validation, { group1: "training", group0: "validation" }) : null,
    },
    notes: [],
  };
}

function decisionOf(d: Json) {
  return { threshold: d.threshold, netBenefitModel: d.net_benefit_model, netBenefitTreatAll: d.net_benefit_treat_all, nTreated: [] };
}
