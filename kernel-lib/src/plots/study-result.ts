/**
 * From a study result (the JSON that `radlab model` writes, issue 3) to every figure and table
 * of the paper. Tolerant by design: it reads the fields issue 3 names (`lasso.lambda`,
 * `lasso.lambda_min`, `logistic.coefficients` {name: {estimate, se, z, p}}, `radscore` {id: value},
 * `roc.training` {auc, ci_low, ci_high}, `youden`, `calibration.validation` …), the extra
 * fields of stats/study.ts's StudyResult (`data.ids`, `radscore_detail.{probability,set}`,
 * `lasso.path.beta`, `calibration.bootstrap`, camelCase decision curves, baseline rows), and
 * the layout of the R reference results in shared/reference/stats (`lasso.selected_lambda_min`,
 * columnar `logistic.coefficients`, `roc.*.auc_ci_delong`, …). A figure whose data the result
 * lacks is skipped with the reason, never drawn empty.
 */
import { RadlabInputError } from "../errors.js";
import { type CalibrationCurve, calibrationFigure } from "./calibration.js";
import { coefficientPathsFigure } from "./coefficient-paths.js";
import { correlationHeatmapFigure } from "./correlation-heatmap.js";
import { decisionCurveFigure } from "./decision-curve.js";
import { featureBoxplotFigure } from "./feature-boxplot.js";
import type { PlotlyFigure } from "./figure.js";
import { type LassoCvMeasure, lassoCvFigure } from "./lasso-cv.js";
import { type RadScorePatient, radScoreWaterfallFigure } from "./radscore-waterfall.js";
import { empiricalRocCurve, type RocCurveInput, rocFigure } from "./roc.js";
import { type BaselineVariable, baselineTable, type CoefficientRow, coefficientTable, type FormattedTable } from "./tables.js";

/** The cohort sets a study result reports on. */
export type CohortSet = "training" | "validation";
const SETS: CohortSet[] = ["training", "validation"];

type Id = string | number;
/** Per-set arrays in patient order (with `ids`), or one value per patient id. */
type PerPatient = number[] | Record<string, number>;

/** A ROC summary as issue 3 (`auc, ci_low, ci_high`) or the R reference (`auc_ci_delong`, `curve`, `youden_best`) writes it. */
export interface RocSummaryLike {
  auc?: number;
  ci_low?: number;
  ci_high?: number;
  auc_ci_delong?: number[];
  curve?: { sensitivity?: number[]; specificity?: number[]; threshold?: (number | null)[] };
  youden_best?: { threshold?: number[]; sensitivity?: number[]; specificity?: number[] };
  at_training_threshold?: { threshold?: number; sensitivity?: number; specificity?: number };
}

/** Calibration of one set: val.prob summary, lowess curve, bootstrap curve, HL test, decision curve. */
export interface CalibrationLike {
  val_prob?: Record<string, number | null>;
  brier?: number;
  intercept?: number;
  slope?: number;
  lowess_curve?: CalibrationCurve;
  apparent?: CalibrationCurve;
  bias_corrected?: CalibrationCurve;
  recalibration_intercept?: number | null;
  recalibration_slope?: number | null;
  hosmer_lemeshow?: { statistic?: number; p?: number; p_value?: number } | null;
  decision_curve?: DecisionCurveLike;
}

/** Net benefit per threshold, snake_case (R reference) or camelCase (stats/decision-curve.ts). */
export interface DecisionCurveLike {
  threshold?: number[];
  net_benefit_model?: number[];
  net_benefit_treat_all?: number[];
  net_benefit_treat_none?: number[];
  netBenefitModel?: number[];
  netBenefitTreatAll?: number[];
  netBenefitTreatNone?: number[];
}

/** rms::calibrate's table as stats/calibration.ts's bootstrapCalibration returns it. */
export interface BootstrapCalibrationLike {
  predy?: number[];
  apparent?: number[];
  biasCorrected?: number[];
}

/** Coefficients of the logistic model: {name: {estimate, se, z, p}} (issue 3) or columns {term[], estimate[], std_error[], z[], p[]} (R reference). */
export type CoefficientsLike =
  | Record<string, { estimate: number; se?: number; std_error?: number; z?: number; p: number }>
  | { term: string[]; estimate: number[]; std_error: number[]; z?: number[]; p: number[] };

/**
 * The parts of a study result that the figures read. Every field is optional: what is missing
 * only skips the figures that need it.
 */
export interface StudyResultForFigures {
  /** Names of outcome 1 and 0, in that order (R reference: ["effective", "ineffective"]). */
  outcome_coding?: string[];
  /** Patient ids per set, the order of per-set arrays (or under `data.ids`). */
  ids?: Partial<Record<CohortSet, Id[]>>;
  data?: { ids?: Partial<Record<CohortSet, Id[]>> };
  /** Probability and set per patient id (stats/study.ts). */
  radscore_detail?: { probability?: Record<string, number>; set?: Record<string, CohortSet> };
  /** Observed outcome per patient id (or per set, in `ids` order). */
  outcomes?: Record<string, number> | Partial<Record<CohortSet, number[]>>;
  /** Cohort set per patient id. */
  sets?: Record<string, CohortSet>;
  lasso?: {
    lambda?: number[];
    cvm?: number[];
    cvsd?: number[];
    nzero?: number[];
    lambda_min?: number;
    lambda_1se?: number;
    measure?: LassoCvMeasure;
    type_measure?: LassoCvMeasure;
    settings?: { type_measure?: LassoCvMeasure };
    selected?: string[];
    selected_lambda_min?: string[];
    /** The coefficient path: feature → coefficient at each λ. */
    beta?: Record<string, number[]>;
    path?: { beta?: Record<string, number[]> } | Record<string, number[]>;
    full_fit?: { df?: number[]; beta?: Record<string, number[]> };
  };
  logistic?: { coefficients?: CoefficientsLike };
  /** Rad-score per patient id, or per set (with `ids`), plus probabilities per set. */
  radscore?:
    | Record<string, number>
    | ({ training?: PerPatient; validation?: PerPatient; prob_training?: PerPatient; prob_validation?: PerPatient } & Record<string, unknown>);
  /** Predicted probability per patient id (when `radscore` holds only linear predictors). */
  probability?: Record<string, number>;
  roc?: Partial<Record<CohortSet, RocSummaryLike | null>>;
  youden?: {
    threshold?: number;
    sensitivity?: number;
    specificity?: number;
    validation?: { sensitivity?: number; specificity?: number } | null;
    validation_sensitivity?: number | null;
    validation_specificity?: number | null;
  };
  calibration?: Partial<Record<CohortSet, CalibrationLike | null>> & { bootstrap?: BootstrapCalibrationLike | null };
  decision_curve?: Partial<Record<CohortSet, DecisionCurveLike | null>>;
  /** Per comparison: R-reference variables {name: {type, group1, …}} or a stats/baseline.ts table {groupLabels, n, rows}. */
  baseline?: Record<string, unknown>;
}

/** A feature table for the figures that need raw values (correlation, box plots). */
export interface FeatureTableForFigures {
  /** Feature name → values per patient (in `ids` order). */
  features: Record<string, number[]>;
  ids: Id[];
  outcome: number[];
  /** Cohort set per patient, when known. */
  set?: string[];
}

/** The feature table the study ran on, as stats/table.ts reads it (only these fields are used). */
export interface StudyTableLike {
  ids: string[];
  outcome: ArrayLike<number>;
  split?: string[] | null;
  featureNames: string[];
  features: ArrayLike<number>[];
}

export interface StudyFigureOptions {
  /** The study table: fills `outcomes`, `sets` and `featureTable` when those are not given. */
  studyTable?: StudyTableLike;
  /** Outcome per patient id, when the result does not carry it (e.g. from the feature CSV). */
  outcomes?: Record<string, number>;
  /** Cohort set per patient id, likewise. */
  sets?: Record<string, CohortSet>;
  /** Legend names of outcome 0 and 1. */
  outcomeLabels?: [string, string];
  /** The feature table, for the correlation heat map and the box plot of the selected features. */
  featureTable?: FeatureTableForFigures;
}

/** Every figure and table the result supports, and why the others were skipped. */
export interface StudyFigures {
  figures: Record<string, PlotlyFigure>;
  tables: Record<string, FormattedTable>;
  skipped: { name: string; reason: string }[];
}

/** The figure names, in the order of the paper. */
export const STUDY_FIGURES = [
  "lasso-cv",
  "coefficient-paths",
  "radscore-waterfall",
  "roc",
  "calibration-training",
  "calibration-validation",
  "decision-curve-training",
  "decision-curve-validation",
  "correlation-heatmap",
  "feature-boxplot",
] as const;
export type StudyFigureName = (typeof STUDY_FIGURES)[number];

/** Thrown inside the adapter when the result lacks what a figure needs. */
function lacking(name: string, what: string): never {
  throw new RadlabInputError(`${name}: the study result has no ${what}`);
}

function capitalised(s: string): string {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}

function outcomeLabels(result: StudyResultForFigures, options: StudyFigureOptions): [string, string] {
  if (options.outcomeLabels) return options.outcomeLabels;
  const coding = result.outcome_coding;
  if (Array.isArray(coding) && coding.length === 2) return [capitalised(coding[1]), capitalised(coding[0])];
  return ["Outcome 0", "Outcome 1"];
}

/** Values of one set as id → value, from either a per-id map (filtered by set) or a per-set array with `ids`. */
function perSet(result: StudyResultForFigures, options: StudyFigureOptions, source: unknown, set: CohortSet): Map<string, number> | null {
  const out = new Map<string, number>();
  if (Array.isArray(source)) {
    const ids = idsOf(result, set);
    if (!ids || ids.length !== source.length) return null;
    ids.forEach((id, n) => {
      out.set(String(id), source[n]);
    });
    return out;
  }
  if (source && typeof source === "object") {
    const sets = options.sets ?? result.sets ?? result.radscore_detail?.set;
    const ids = idsOf(result, set)?.map(String);
    const member = ids ? new Set(ids) : null;
    for (const [id, value] of Object.entries(source as Record<string, unknown>)) {
      if (typeof value !== "number") continue;
      const inSet = member ? member.has(id) : sets?.[id] === set;
      if (inSet) out.set(id, value);
    }
    return out.size ? out : null;
  }
  return null;
}

function idsOf(result: StudyResultForFigures, set: CohortSet): Id[] | undefined {
  return result.ids?.[set] ?? result.data?.ids?.[set];
}

function radScores(result: StudyResultForFigures, options: StudyFigureOptions, set: CohortSet): Map<string, number> | null {
  const r = result.radscore as Record<string, unknown> | undefined;
  if (!r) return null;
  if (set in r && (Array.isArray(r[set]) || typeof r[set] === "object")) return perSet(result, options, r[set], set);
  return perSet(result, options, r, set);
}

function probabilities(result: StudyResultForFigures, options: StudyFigureOptions, set: CohortSet): Map<string, number> | null {
  const r = result.radscore as Record<string, unknown> | undefined;
  if (r?.[`prob_${set}`]) return perSet(result, options, r[`prob_${set}`], set);
  if (result.probability) return perSet(result, options, result.probability, set);
  if (result.radscore_detail?.probability) return perSet(result, options, result.radscore_detail.probability, set);
  return null;
}

function outcomesOf(result: StudyResultForFigures, options: StudyFigureOptions, set: CohortSet): Map<string, number> | null {
  if (options.outcomes) return perSet(result, options, options.outcomes, set) ?? new Map(Object.entries(options.outcomes));
  const o = result.outcomes as Record<string, unknown> | undefined;
  if (!o) return null;
  if (Array.isArray(o[set])) return perSet(result, options, o[set], set);
  return perSet(result, options, o, set);
}

/** Patients of a set with score and outcome, or null when either is missing. */
function patients(result: StudyResultForFigures, options: StudyFigureOptions, set: CohortSet, scores: Map<string, number> | null): RadScorePatient[] | null {
  const outcomes = outcomesOf(result, options, set);
  if (!scores || !outcomes) return null;
  const out: RadScorePatient[] = [];
  for (const [id, radScore] of scores) {
    const outcome = outcomes.get(id);
    if (outcome === undefined) throw new RadlabInputError(`study result: patient ${id} (${set}) has a Rad-score but no outcome`);
    out.push({ id, radScore, outcome: outcome as 0 | 1 });
  }
  return out;
}

function youdenCutoff(result: StudyResultForFigures): number | undefined {
  return result.youden?.threshold ?? result.roc?.training?.youden_best?.threshold?.[0] ?? result.roc?.training?.at_training_threshold?.threshold;
}

function lassoCv(result: StudyResultForFigures): PlotlyFigure {
  const l = result.lasso ?? lacking("lasso-cv", "lasso section");
  if (!l.lambda || !l.cvm || !l.cvsd) lacking("lasso-cv", "lasso.lambda, lasso.cvm and lasso.cvsd");
  if (l.lambda_min === undefined || l.lambda_1se === undefined) lacking("lasso-cv", "lasso.lambda_min and lasso.lambda_1se");
  const nzero = l.nzero ?? l.full_fit?.df ?? lacking("lasso-cv", "lasso.nzero (non-zero coefficients per λ)");
  const measure = l.measure ?? l.type_measure ?? l.settings?.type_measure ?? "deviance";
  return lassoCvFigure({ lambda: l.lambda, cvm: l.cvm, cvsd: l.cvsd, nzero, lambdaMin: l.lambda_min, lambda1se: l.lambda_1se, measure }, {});
}

function coefficientPaths(result: StudyResultForFigures): PlotlyFigure {
  const l = result.lasso ?? lacking("coefficient-paths", "lasso section");
  const nested = (l.path as { beta?: Record<string, number[]> } | undefined)?.beta;
  const flat = l.path && !nested && !("a0" in l.path) ? (l.path as Record<string, number[]>) : undefined;
  const path = l.beta ?? nested ?? flat ?? l.full_fit?.beta ?? lacking("coefficient-paths", "LASSO coefficient path (lasso.beta: feature → coefficient per λ)");
  if (!l.lambda) lacking("coefficient-paths", "lasso.lambda");
  const nzero = l.nzero ?? l.full_fit?.df;
  return coefficientPathsFigure({
    lambda: l.lambda,
    coefficients: path,
    selected: l.selected ?? l.selected_lambda_min,
    lambdaMin: l.lambda_min,
    lambda1se: l.lambda_1se,
    nzero: nzero?.length === l.lambda.length ? nzero : undefined,
  });
}

function waterfall(result: StudyResultForFigures, options: StudyFigureOptions): PlotlyFigure {
  const sets = SETS.map((set) => {
    const scores = radScores(result, options, set) ?? lacking("radscore-waterfall", `Rad-scores for the ${set} set`);
    const list = patients(result, options, set, scores) ?? lacking("radscore-waterfall", `outcomes for the ${set} patients (give the feature table)`);
    return { name: capitalised(set), patients: list };
  });
  const cutoff = youdenCutoff(result) ?? 0;
  return radScoreWaterfallFigure({ sets, cutoff, outcomeLabels: outcomeLabels(result, options) });
}

function rocCurve(result: StudyResultForFigures, options: StudyFigureOptions, set: CohortSet): RocCurveInput {
  const summary = result.roc?.[set] ?? lacking("roc", `ROC summary for the ${set} set (roc.${set})`);
  const auc = summary.auc ?? lacking("roc", `roc.${set}.auc`);
  const ciLow = summary.ci_low ?? summary.auc_ci_delong?.[0];
  const ciHigh = summary.ci_high ?? summary.auc_ci_delong?.[2];
  let sensitivity = summary.curve?.sensitivity;
  let specificity = summary.curve?.specificity;
  if (!sensitivity || !specificity) {
    const scores = radScores(result, options, set);
    const list = patients(result, options, set, scores) ?? lacking("roc", `ROC curve points or Rad-scores with outcomes for the ${set} set`);
    const curve = empiricalRocCurve(
      list.map((p) => p.radScore),
      list.map((p) => p.outcome),
      set,
    );
    sensitivity = curve.sensitivity;
    specificity = curve.specificity;
  }
  let operatingPoint: RocCurveInput["operatingPoint"];
  if (set === "training") {
    const y = result.youden;
    const best = summary.youden_best;
    const se = y?.sensitivity ?? best?.sensitivity?.[0];
    const sp = y?.specificity ?? best?.specificity?.[0];
    if (se !== undefined && sp !== undefined) operatingPoint = { sensitivity: se, specificity: sp, threshold: youdenCutoff(result), label: "Youden cut-off" };
  } else {
    const v = result.youden?.validation;
    const at = summary.at_training_threshold;
    const se = v?.sensitivity ?? result.youden?.validation_sensitivity ?? at?.sensitivity;
    const sp = v?.specificity ?? result.youden?.validation_specificity ?? at?.specificity;
    if (se !== undefined && sp !== undefined)
      operatingPoint = { sensitivity: se, specificity: sp, threshold: youdenCutoff(result), label: "at training cut-off" };
  }
  return { name: capitalised(set), sensitivity, specificity, auc, ciLow, ciHigh, operatingPoint };
}

function calibration(result: StudyResultForFigures, options: StudyFigureOptions, set: CohortSet): PlotlyFigure {
  const name = `calibration-${set}`;
  const c = result.calibration?.[set] ?? lacking(name, `calibration.${set}`);
  const apparent = c.apparent ?? c.lowess_curve ?? lacking(name, `apparent calibration curve (calibration.${set}.lowess_curve)`);
  const probs = probabilities(result, options, set);
  const outcomes = outcomesOf(result, options, set);
  const ids = probs ? [...probs.keys()] : [];
  const observed = outcomes && ids.every((id) => outcomes.has(id)) ? ids.map((id) => outcomes.get(id) as 0 | 1) : undefined;
  const vp = c.val_prob ?? {};
  const hl = c.hosmer_lemeshow;
  // rms::calibrate's bootstrap is fitted on training: its bias-corrected curve belongs to that panel.
  const boot = set === "training" ? result.calibration?.bootstrap : undefined;
  const bootCurve = boot?.predy && boot.biasCorrected ? { x: boot.predy, y: boot.biasCorrected } : undefined;
  return calibrationFigure({
    name: capitalised(set),
    apparent,
    apparentLabel: set === "training" ? "Apparent" : "Observed (lowess)",
    biasCorrected: c.bias_corrected ?? bootCurve,
    predicted: probs ? [...probs.values()] : undefined,
    observed,
    outcomeLabels: outcomeLabels(result, options),
    summary: {
      brier: c.brier ?? (vp.Brier as number | undefined),
      intercept: c.intercept ?? (vp.Intercept as number | undefined) ?? c.recalibration_intercept ?? undefined,
      slope: c.slope ?? (vp.Slope as number | undefined) ?? c.recalibration_slope ?? undefined,
      hosmerLemeshowP: hl?.p ?? hl?.p_value,
    },
  });
}

function decisionCurve(result: StudyResultForFigures, set: CohortSet): PlotlyFigure {
  const name = `decision-curve-${set}`;
  const d = result.decision_curve?.[set] ?? result.calibration?.[set]?.decision_curve ?? lacking(name, `decision curve for the ${set} set`);
  const model = d.net_benefit_model ?? d.netBenefitModel;
  const treatAll = d.net_benefit_treat_all ?? d.netBenefitTreatAll;
  if (!d.threshold || !model || !treatAll) lacking(name, `threshold, net_benefit_model and net_benefit_treat_all for the ${set} set`);
  return decisionCurveFigure({
    threshold: d.threshold,
    models: [{ name: `Rad-score model (${set})`, netBenefit: model }],
    treatAll,
    treatNone: d.net_benefit_treat_none ?? d.netBenefitTreatNone,
  });
}

function selectedFeatures(result: StudyResultForFigures): string[] {
  return result.lasso?.selected ?? result.lasso?.selected_lambda_min ?? [];
}

function correlation(result: StudyResultForFigures, options: StudyFigureOptions): PlotlyFigure {
  const table = options.featureTable ?? lacking("correlation-heatmap", "feature table (give --features)");
  const selected = selectedFeatures(result);
  const names = selected.length >= 2 ? selected : Object.keys(table.features);
  const features: Record<string, number[]> = {};
  const rows = table.set ? table.ids.map((_, n) => n).filter((n) => table.set?.[n] === "training") : table.ids.map((_, n) => n);
  for (const name of names) {
    const column = table.features[name] ?? lacking("correlation-heatmap", `feature "${name}" in the feature table`);
    features[name] = rows.map((n) => column[n]);
  }
  return correlationHeatmapFigure({ features }, { title: selected.length >= 2 ? "Selected features, training set" : undefined });
}

function boxplot(result: StudyResultForFigures, options: StudyFigureOptions): PlotlyFigure {
  const table = options.featureTable ?? lacking("feature-boxplot", "feature table (give --features)");
  const selected = selectedFeatures(result);
  if (selected.length === 0) lacking("feature-boxplot", "selected features (lasso.selected)");
  const rows = table.set ? table.ids.map((_, n) => n).filter((n) => table.set?.[n] === "training") : table.ids.map((_, n) => n);
  // Features live on very different scales; z-scores (training mean and SD) put them on one axis.
  const features: Record<string, number[]> = {};
  for (const name of selected) {
    const column = table.features[name] ?? lacking("feature-boxplot", `feature "${name}" in the feature table`);
    const values = rows.map((n) => column[n]);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
    features[name] = values.map((v) => (sd > 0 ? (v - mean) / sd : 0));
  }
  return featureBoxplotFigure({
    features,
    outcome: rows.map((n) => table.outcome[n]),
    outcomeLabels: outcomeLabels(result, options),
    valueLabel: "z-score (training mean and SD)",
  });
}

/** Options with what a study table supplies filled in (explicit options win). */
function withStudyTable(options: StudyFigureOptions): StudyFigureOptions {
  const t = options.studyTable;
  if (!t) return options;
  if (t.ids.length !== t.outcome.length) throw new RadlabInputError(`study table: ${t.ids.length} ids but ${t.outcome.length} outcomes`);
  const outcome = Array.from(t.outcome);
  const set = t.split ?? undefined;
  const features: Record<string, number[]> = {};
  t.featureNames.forEach((name, j) => {
    features[name] = Array.from(t.features[j]);
  });
  return {
    ...options,
    outcomes: options.outcomes ?? Object.fromEntries(t.ids.map((id, n) => [id, outcome[n]])),
    sets: options.sets ?? (set ? (Object.fromEntries(t.ids.map((id, n) => [id, set[n] as CohortSet])) as Record<string, CohortSet>) : undefined),
    featureTable: options.featureTable ?? { features, ids: t.ids, outcome, set },
  };
}

/** Builds one named figure; throws RadlabInputError naming what the result lacks. */
export function studyFigure(result: StudyResultForFigures, name: StudyFigureName, studyOptions: StudyFigureOptions = {}): PlotlyFigure {
  const options = withStudyTable(studyOptions);
  switch (name) {
    case "lasso-cv":
      return lassoCv(result);
    case "coefficient-paths":
      return coefficientPaths(result);
    case "radscore-waterfall":
      return waterfall(result, options);
    case "roc":
      return rocFigure({ curves: SETS.map((set) => rocCurve(result, options, set)) });
    case "calibration-training":
      return calibration(result, options, "training");
    case "calibration-validation":
      return calibration(result, options, "validation");
    case "decision-curve-training":
      return decisionCurve(result, "training");
    case "decision-curve-validation":
      return decisionCurve(result, "validation");
    case "correlation-heatmap":
      return correlation(result, options);
    case "feature-boxplot":
      return boxplot(result, options);
  }
}

/** Coefficient rows from either coefficient layout. */
export function coefficientRows(coefficients: CoefficientsLike): CoefficientRow[] {
  if (Array.isArray((coefficients as { term?: unknown }).term)) {
    const c = coefficients as { term: string[]; estimate: number[]; std_error: number[]; z?: number[]; p: number[] };
    return c.term.map((term, n) => ({ term, estimate: c.estimate[n], se: c.std_error[n], z: c.z?.[n], p: c.p[n] }));
  }
  return Object.entries(coefficients as Record<string, { estimate: number; se?: number; std_error?: number; z?: number; p: number }>).map(([term, c]) => {
    const se = c.se ?? c.std_error;
    if (se === undefined) throw new RadlabInputError(`coefficient table: coefficient "${term}" has no standard error (se)`);
    return { term, estimate: c.estimate, se, z: c.z, p: c.p };
  });
}

/** The baseline table's footnote name of each continuous-variable test. */
const CONTINUOUS_TEST_NAMES = { student: "Student t-test", welch: "Welch t-test", wilcoxon: "Wilcoxon rank-sum test" } as const;

/** The baseline table's footnote name of each categorical-variable test. */
const CATEGORICAL_TEST_NAMES = { chiSquare: "χ² test", chiSquareYates: "χ² test (Yates correction for 2 × 2)", fisher: "Fisher exact test" } as const;

/** The R reference layout's categorical tests, in stats/baseline.ts' names. */
const R_CATEGORICAL_TESTS = { chisq: "chiSquare", chisq_yates: "chiSquareYates", fisher: "fisher" } as const;

/**
 * Baseline-table variables from the R reference layout of one comparison
 * ({variable: {type, group1 {n, mean, sd}, group0, student_p | …, levels, counts_group1, …}}).
 * P values: Student t-test and χ² with continuity correction by default (R's t.test(var.equal = TRUE) and chisq.test defaults).
 */
export function baselineVariables(
  comparison: Record<string, unknown>,
  tests: { continuous?: "student" | "welch" | "wilcoxon"; categorical?: "chisq" | "chisq_yates" | "fisher" } = {},
): BaselineVariable[] {
  const continuousKey = { student: "student_p", welch: "welch_p", wilcoxon: "wilcoxon_p_normal_cc" }[tests.continuous ?? "student"];
  const categoricalKey = { chisq: "chisq_p", chisq_yates: "chisq_yates_p", fisher: "fisher_p" }[tests.categorical ?? "chisq_yates"];
  const continuousTest = CONTINUOUS_TEST_NAMES[tests.continuous ?? "student"];
  const categoricalTest = CATEGORICAL_TEST_NAMES[R_CATEGORICAL_TESTS[tests.categorical ?? "chisq_yates"]];
  return Object.entries(comparison).map(([label, raw]) => {
    const v = raw as Record<string, unknown>;
    if (v.type === "categorical") {
      return {
        label,
        kind: "categorical",
        levels: (v.levels as unknown[]).map(String),
        counts1: v.counts_group1 as number[],
        counts0: v.counts_group0 as number[],
        p: v[categoricalKey] as number,
        test: categoricalTest,
      };
    }
    if (v.type === "continuous") {
      return {
        label,
        kind: "continuous",
        group1: v.group1 as { n: number; mean: number; sd: number },
        group0: v.group0 as { n: number; mean: number; sd: number },
        p: v[continuousKey] as number,
        test: continuousTest,
      };
    }
    throw new RadlabInputError(`baseline table: variable "${label}" has type ${String(v.type)}, expected continuous or categorical`);
  });
}

/** A baseline table as stats/baseline.ts makes it: {groupLabels, n, rows: [{variable, type, …}]}. */
export interface StatsBaselineTableLike {
  groupLabels: { group1: string; group0: string };
  n?: { group1: number; group0: number };
  rows: Record<string, unknown>[];
}

function isStatsBaselineTable(x: unknown): x is StatsBaselineTableLike {
  return (
    typeof x === "object" && x !== null && Array.isArray((x as StatsBaselineTableLike).rows) && typeof (x as StatsBaselineTableLike).groupLabels === "object"
  );
}

/** Baseline variables from a stats/baseline.ts table; P from Student's t-test and χ² (Yates for 2 × 2) unless told otherwise. */
export function baselineFromStatsTable(
  table: StatsBaselineTableLike,
  tests: { continuous?: "student" | "welch" | "wilcoxon"; categorical?: "chiSquare" | "chiSquareYates" | "fisher" } = {},
): { groupLabels: [string, string]; variables: BaselineVariable[] } {
  const continuous = tests.continuous ?? "student";
  const categorical = tests.categorical ?? "chiSquareYates";
  const continuousTest = CONTINUOUS_TEST_NAMES[continuous];
  const categoricalTest = CATEGORICAL_TEST_NAMES[categorical];
  const pOf = (row: Record<string, unknown>, key: string) => (row[key] as { p?: number } | null | undefined)?.p;
  const variables = table.rows.map((row): BaselineVariable => {
    const label = String(row.variable);
    if (row.type === "continuous") {
      return {
        label,
        kind: "continuous",
        group1: row.group1 as { n: number; mean: number; sd: number },
        group0: row.group0 as { n: number; mean: number; sd: number },
        p: pOf(row, continuous),
        test: continuousTest,
      };
    }
    if (row.type === "categorical") {
      return {
        label,
        kind: "categorical",
        levels: (row.levels as unknown[]).map(String),
        counts1: row.countsGroup1 as number[],
        counts0: row.countsGroup0 as number[],
        p: pOf(row, categorical),
        test: categoricalTest,
      };
    }
    throw new RadlabInputError(`baseline table: variable "${label}" has type ${String(row.type)}, expected continuous or categorical`);
  });
  return { groupLabels: [table.groupLabels.group1, table.groupLabels.group0], variables };
}

/** Every figure and table a study result supports; the rest listed in `skipped` with the reason. */
export function figuresFromStudyResult(result: StudyResultForFigures, options: StudyFigureOptions = {}): StudyFigures {
  if (typeof result !== "object" || result === null) throw new RadlabInputError("study result: expected a JSON object");
  const out: StudyFigures = { figures: {}, tables: {}, skipped: [] };
  options = withStudyTable(options);
  for (const name of STUDY_FIGURES) {
    try {
      out.figures[name] = studyFigure(result, name, options);
    } catch (error) {
      if (!(error instanceof RadlabInputError)) throw error;
      out.skipped.push({ name, reason: error.message });
    }
  }
  try {
    const coefficients = result.logistic?.coefficients ?? lacking("coefficients", "logistic.coefficients");
    out.tables.coefficients = coefficientTable({ rows: coefficientRows(coefficients), caption: "Multiple logistic regression of the selected features" });
  } catch (error) {
    if (!(error instanceof RadlabInputError)) throw error;
    out.skipped.push({ name: "coefficients", reason: error.message });
  }
  const [label0, label1] = outcomeLabels(result, options);
  for (const [key, comparison] of Object.entries(result.baseline ?? {})) {
    // stats/study.ts lists the variables beside the tables, and leaves a table null when a group is empty.
    if (comparison === null || typeof comparison !== "object" || Array.isArray(comparison)) continue;
    try {
      const byOutcome = !/training_vs_validation/.test(key);
      const caption = `Baseline characteristics: ${key.replace(/_/g, " ")}`;
      out.tables[`baseline-${key}`] = isStatsBaselineTable(comparison)
        ? baselineTable({ ...baselineFromStatsTable(comparison), caption })
        : baselineTable({
            groupLabels: byOutcome ? [label1, label0] : ["Training", "Validation"],
            variables: baselineVariables(comparison as Record<string, unknown>),
            caption,
          });
    } catch (error) {
      if (!(error instanceof RadlabInputError)) throw error;
      out.skipped.push({ name: `baseline-${key}`, reason: error.message });
    }
  }
  if (!result.baseline) out.skipped.push({ name: "baseline", reason: "baseline: the study result has no baseline section" });
  return out;
}
