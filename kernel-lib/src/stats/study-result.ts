/**
 * The study result: the JSON that `runStudy` returns and `radlab model` writes, the contract
 * between stats, plots, the widgets, the notebooks and publishing. Its JSON Schema is
 * `widgets/schemas/study-result.schema.json` (version `radlab.study-result/1`); the tests
 * validate every result radlab produces against it. docs/study-result.md describes it.
 *
 * One naming case, camelCase, because every producer and reader is TypeScript and the
 * statistics' own objects (ROC, baseline, bootstrap, decision curve) already speak it; R's
 * names (`lambda.min`, `S:z`) are translated once, where the result is assembled. Each number
 * is written once: a value that follows from another field (the chosen λ from
 * `settings.lambda`, a patient's set from `patients`) is not repeated. NaN and ±Infinity are
 * written as null.
 */
import type { CvMeasure } from "./cv-lasso.js";
import type { Separation } from "./logistic.js";
import type { PreprocessSettings } from "./preprocess.js";

/** The version written in every result's `schema` field; a reader refuses any other. */
export const STUDY_RESULT_SCHEMA = "radlab.study-result/1";

/** The cohort sets a result reports on. */
export type CohortSet = "training" | "validation";

/** The settings a study ran with (defaults filled in); every number of the result follows from them, the data and the version. */
export interface StudySettings {
  /** The one seed of every random step (split, folds, bootstrap). */
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
  /** Which λ selects the features: λ.min, λ.1se, or a λ value (coefficients interpolated in λ as glmnet's coef(fit, s)). */
  lambda: "min" | "1se" | number;
  /** The Rad-score: the logistic refit on the selected features, or the LASSO's linear predictor. */
  radscore: "logistic" | "lasso";
  bootstrapB: number;
  categorical: string[];
  outcome: string;
  clinical: string[];
}

/** One patient: set, outcome, Rad-score (linear predictor) and its probability plogis(radscore). */
export interface StudyPatient {
  id: string;
  set: CohortSet;
  outcome: 0 | 1;
  radscore: number;
  probability: number;
}

/** What the training rows taught the preprocessing about one feature: enough to score a new patient. */
export interface FeaturePreprocessing {
  feature: string;
  /** Raw training mean and SD (n − 1): the outlier rule's centre and scale. */
  rawMean: number;
  rawSd: number;
  /** Raw training median: the replacement of an outlier. */
  rawMedian: number;
  /** Outlier caps rawMean ∓ k·rawSd; null when outlier replacement is off. */
  lower: number | null;
  upper: number | null;
  /** Mean and SD (n − 1) of the replaced training column: the z-score's centre and scale. */
  cleanMean: number;
  cleanSd: number;
  nReplacedTraining: number;
  nReplacedValidation: number;
}

/** cv.glmnet's result and the full-data path, camelCase. */
export interface LassoSummary {
  /** The full-data λ path, decreasing. */
  lambda: number[];
  /** Cross-validated measure (settings.measure) and its standard error per λ. */
  cvm: number[];
  cvsd: number[];
  /** Non-zero coefficients of the full-data fit per λ. */
  nzero: number[];
  lambdaMin: number;
  lambda1se: number;
  /** 1-based positions of λ.min and λ.1se in `lambda`, as R's `index`. */
  indexMin: number;
  index1se: number;
  /** Features with a non-zero coefficient at the chosen λ (settings.lambda). */
  selected: string[];
  /** Coefficients at the chosen λ on the z scale: "(Intercept)" and the selected features. */
  coefficients: Record<string, number>;
  /** The same back-transformed to raw feature units through the training z-score. */
  coefficientsRawUnits: Record<string, number>;
  /** Fold id (1 … K) of each training patient, in `patients` order. */
  foldid: number[];
  /** The full-data path: intercepts, deviance ratios, null deviance, and every feature ever non-zero. */
  path: { a0: number[]; devRatio: number[]; nullDeviance: number; beta: Record<string, number[]> };
  warnings: string[];
}

/** One term of a logistic regression; null where a statistic is undefined (separation). */
export interface StudyCoefficient {
  term: string;
  estimate: number;
  se: number | null;
  z: number | null;
  p: number | null;
  oddsRatio: number | null;
  oddsRatioCiLow: number | null;
  oddsRatioCiHigh: number | null;
}

/** A multiple logistic regression (glm, binomial). */
export interface LogisticSummary {
  /** "(Intercept)" first, then the features. */
  coefficients: StudyCoefficient[];
  deviance: number;
  nullDeviance: number;
  aic: number;
  converged: boolean;
  iterations: number;
  separation: Separation;
  warnings: string[];
}

/** An ROC curve with pROC's DeLong CI; thresholds −∞ and +∞ are written null. */
export interface RocSummary {
  nCases: number;
  nControls: number;
  auc: number;
  ciLow: number;
  ciHigh: number;
  variance: number;
  curve: { threshold: (number | null)[]; sensitivity: number[]; specificity: number[] };
}

/** Classification at one threshold (positive when the Rad-score exceeds it). */
export interface Classification {
  /** The cut-off; null for −∞/+∞ (every patient on one side, e.g. an intercept-only Rad-score). */
  threshold: number | null;
  sensitivity: number;
  specificity: number;
  /** Clopper–Pearson 95% intervals [low, high]. */
  sensitivityCi: [number, number];
  specificityCi: [number, number];
  accuracy: number;
  ppv: number | null;
  npv: number | null;
  tp: number;
  tn: number;
  fp: number;
  fn: number;
}

/** rms::val.prob's statistics vector, camelCase (R: Dxy, C, R2, D, D:Chi-sq, U, U:Chi-sq, U:p, Q, Intercept, Slope, Emax, E90, Eavg, S:z, S:p). */
export interface ValProbStatistics {
  dxy: number;
  c: number;
  r2: number;
  d: number;
  dChiSq: number;
  u: number;
  uChiSq: number;
  uP: number;
  q: number;
  /** Recalibration intercept and slope: y ~ a + b·logit p. */
  intercept: number;
  slope: number;
  emax: number;
  e90: number;
  eavg: number;
  spiegelhalterZ: number;
  spiegelhalterP: number;
}

/** Calibration of one set; null where a statistic could not be computed (see `notes`). */
export interface CalibrationSummary {
  brier: number;
  brierScaled: number;
  valProb: ValProbStatistics | null;
  /** Patients in the logistic fits (probabilities exactly 0 or 1 are dropped). */
  nUsedLogistic: number | null;
  /** glm(y ~ 1, offset = logit p)'s intercept. */
  calibrationInTheLarge: number | null;
  hosmerLemeshow: { statistic: number; df: number; p: number; breaks: number[] } | null;
  /** lowess(p, y, iter = 0): the apparent calibration curve. */
  lowessCurve: { x: number[]; y: number[] } | null;
}

/** rms::calibrate's bootstrap on training (B = settings.bootstrapB, seed = settings.seed). */
export interface BootstrapCalibrationSummary {
  predy: number[];
  /** null where no bootstrap fit could be scored (e.g. an intercept-only model). */
  apparent: (number | null)[];
  biasCorrected: (number | null)[];
  optimism: (number | null)[];
  nSuccessful: number;
  meanAbsoluteError: number | null;
  meanSquaredError: number | null;
}

/** Net benefit per threshold probability (treat none is 0 throughout). */
export interface DecisionCurveSummary {
  threshold: number[];
  netBenefitModel: number[];
  netBenefitTreatAll: number[];
  nTreated: number[];
}

/** A group's n, mean, SD and median (null when the group has no value). */
export interface GroupStatistics {
  n: number;
  mean: number | null;
  sd: number | null;
  median: number | null;
}

/** A test statistic, its degrees of freedom and its p-value (null when undefined). */
export interface TestStatistic {
  statistic: number | null;
  df: number | null;
  p: number | null;
}

/** A continuous variable: n, mean, SD and median per group, Welch's and Student's t tests and the Wilcoxon rank-sum test. */
export interface StudyContinuousRow {
  variable: string;
  type: "continuous";
  /** The variable's unit ("years", "mm³"), when known; absent when unknown or dimensionless. */
  unit?: string;
  group1: GroupStatistics;
  group0: GroupStatistics;
  welch: TestStatistic;
  student: TestStatistic;
  /** Wilcoxon rank-sum W, its normal z with continuity correction, and p. */
  wilcoxon: { w: number | null; z: number | null; p: number | null };
}

/** A categorical variable: counts per level and group, χ² (with and without Yates) and Fisher's exact test. */
export interface StudyCategoricalRow {
  variable: string;
  type: "categorical";
  levels: string[];
  countsGroup1: number[];
  countsGroup0: number[];
  chiSquareYates: TestStatistic & { minExpected: number; yatesApplied: boolean };
  chiSquare: TestStatistic & { minExpected: number; yatesApplied: boolean };
  fisher: { p: number | null } | null;
}

/** One variable of a baseline table in the result: continuous or categorical. */
export type StudyBaselineRow = StudyContinuousRow | StudyCategoricalRow;

/** One comparison of two groups (group 1 vs group 0). */
export interface BaselineTableSummary {
  groupLabels: { group1: string; group0: string };
  n: { group1: number; group0: number };
  rows: StudyBaselineRow[];
}

/** The λ that selected the features: settings.lambda's value, or lasso.lambdaMin / lasso.lambda1se. */
export function chosenLambda(result: Pick<StudyResult, "settings" | "lasso">): number {
  const { lambda } = result.settings;
  return typeof lambda === "number" ? lambda : lambda === "min" ? result.lasso.lambdaMin : result.lasso.lambda1se;
}

/** "λ.min", "λ.1se" or "λ = 0.01234", for notes and descriptions. */
export function lambdaLabel(lambda: StudySettings["lambda"]): string {
  return typeof lambda === "number" ? `λ = ${lambda}` : `λ.${lambda}`;
}

/** The study's result (see the module comment and docs/study-result.md). */
export interface StudyResult {
  schema: typeof STUDY_RESULT_SCHEMA;
  /** radlab's version, when the result was made, and the command line (null from the library). */
  provenance: { radlabVersion: string; created: string; command: string[] | null };
  settings: StudySettings;
  data: {
    /** The feature table the study ran on. */
    source: string;
    n: { total: number; training: number; validation: number; trainingEvents: number; validationEvents: number };
    /** Features entering the LASSO (after the dropped ones). */
    nFeatures: number;
    /** Features the table reader dropped as constant over all rows (preprocessing's own drops are in `preprocessing.dropped`). */
    droppedFeatures: string[];
  };
  /** Training patients first, then validation, each in table order. */
  patients: StudyPatient[];
  preprocessing: {
    /** Per feature entering the LASSO, in that order. */
    features: FeaturePreprocessing[];
    dropped: { feature: string; reason: string }[];
  };
  lasso: LassoSummary;
  /** The Rad-score model when settings.radscore is "logistic", else null. */
  logistic: LogisticSummary | null;
  /** The same regression on the other λ's features (λ.1se when λ.min is chosen, and vice versa); null when empty or unfittable. */
  logisticOtherLambda: (LogisticSummary & { lambda: "min" | "1se" }) | null;
  radscore: { description: string; formula: string };
  roc: { training: RocSummary; validation: RocSummary | null };
  /** Youden's cut-off on training (all tied thresholds in `ties`, the lowest used) and the validation set classified at it. */
  youden: { training: Classification & { ties: (number | null)[] }; validation: Classification | null };
  calibration: { training: CalibrationSummary; validation: CalibrationSummary | null; bootstrap: BootstrapCalibrationSummary | null };
  decisionCurve: { training: DecisionCurveSummary; validation: DecisionCurveSummary | null };
  /** Baseline tables of the clinical columns (or the selected features' raw values when there are none). */
  baseline: {
    trainingByOutcome: BaselineTableSummary | null;
    validationByOutcome: BaselineTableSummary | null;
    trainingVsValidation: BaselineTableSummary | null;
  };
  /** Decisions and warnings, in words. */
  notes: string[];
}
