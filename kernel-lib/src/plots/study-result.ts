/**
 * From a study result (schema `radlab.study-result/1`, stats/study-result.ts: what runStudy
 * returns and `radlab model` writes) to every figure and table of the paper. It reads that
 * schema and nothing else; a result of another version is refused with its version named.
 * A figure whose data the result lacks (no validation set, a calibration that could not be
 * computed, no feature table for the correlation heat map) is skipped with the reason, never
 * drawn empty.
 */
import { RadlabInputError } from "../errors.js";
import {
  type BaselineTableSummary,
  type CohortSet,
  STUDY_RESULT_SCHEMA,
  type StudyCoefficient,
  type StudyPatient,
  type StudyResult,
} from "../stats/study-result.js";
import { calibrationFigure } from "./calibration.js";
import { coefficientPathsFigure } from "./coefficient-paths.js";
import { correlationHeatmapFigure } from "./correlation-heatmap.js";
import { decisionCurveFigure } from "./decision-curve.js";
import { featureBoxplotFigure } from "./feature-boxplot.js";
import type { PlotlyFigure } from "./figure.js";
import { lassoCvFigure } from "./lasso-cv.js";
import { type RadScorePatient, radScoreWaterfallFigure } from "./radscore-waterfall.js";
import { type RocCurveInput, rocFigure } from "./roc.js";
import { type BaselineVariable, baselineTable, type CoefficientRow, coefficientTable, type FormattedTable } from "./tables.js";

export type { CohortSet } from "../stats/study-result.js";

const SETS: CohortSet[] = ["training", "validation"];

/** A feature table for the figures that need raw values (correlation, box plots). */
export interface FeatureTableForFigures {
  /** Feature name → values per patient (in `ids` order). */
  features: Record<string, number[]>;
  ids: string[];
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

/** Options of {@link studyFigure} and {@link figuresFromStudyResult}: the tables some figures need, and legend names. */
export interface StudyFigureOptions {
  /** The study table: gives `featureTable` when that is not given. */
  studyTable?: StudyTableLike;
  /** Legend names of outcome 0 and 1 (default "<outcome> = 0", "<outcome> = 1"). */
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
/** The name of one of the study's figures or tables ({@link STUDY_FIGURES}). */
export type StudyFigureName = (typeof STUDY_FIGURES)[number];

/** The baseline comparisons of a result, by table name. */
const BASELINE_TABLES = {
  "baseline-training-by-outcome": "trainingByOutcome",
  "baseline-validation-by-outcome": "validationByOutcome",
  "baseline-training-vs-validation": "trainingVsValidation",
} as const;

/**
 * A parsed JSON value as a study result: an object whose `schema` is this version. Only the
 * version is checked here (the tests validate every field radlab writes against the schema).
 */
export function asStudyResult(value: unknown, source = "study result"): StudyResult {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new RadlabInputError(`${source}: expected a JSON object`);
  const version = (value as { schema?: unknown }).schema;
  if (version !== STUDY_RESULT_SCHEMA) {
    const found = version === undefined ? "no schema field" : `schema ${JSON.stringify(version)}`;
    throw new RadlabInputError(`${source}: ${found}, expected "${STUDY_RESULT_SCHEMA}" (write it with this radlab's runStudy or \`radlab model\`)`);
  }
  return value as StudyResult;
}

/** Thrown inside the adapter when the result lacks what a figure needs. */
function lacking(name: string, what: string): never {
  throw new RadlabInputError(`${name}: the study result has no ${what}`);
}

function capitalised(s: string): string {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}

function outcomeLabels(result: StudyResult, options: StudyFigureOptions): [string, string] {
  return options.outcomeLabels ?? [`${result.settings.outcome} = 0`, `${result.settings.outcome} = 1`];
}

function patientsOf(result: StudyResult, set: CohortSet): StudyPatient[] {
  return result.patients.filter((p) => p.set === set);
}

function lassoCv(result: StudyResult): PlotlyFigure {
  const l = result.lasso;
  // cvm/cvsd are null only where a fold's measure is undefined; the figure needs numbers.
  if (l.cvm.some((v) => v === null) || l.cvsd.some((v) => v === null)) lacking("lasso-cv", "finite cvm and cvsd at every λ");
  return lassoCvFigure(
    {
      lambda: l.lambda,
      cvm: l.cvm as number[],
      cvsd: l.cvsd as number[],
      nzero: l.nzero,
      lambdaMin: l.lambdaMin,
      lambda1se: l.lambda1se,
      measure: result.settings.measure,
    },
    {},
  );
}

function coefficientPaths(result: StudyResult): PlotlyFigure {
  const l = result.lasso;
  if (Object.keys(l.path.beta).length === 0) lacking("coefficient-paths", "LASSO coefficient path (lasso.path.beta is empty: no feature is non-zero at any λ)");
  return coefficientPathsFigure({
    lambda: l.lambda,
    coefficients: l.path.beta,
    selected: l.selected,
    lambdaMin: l.lambdaMin,
    lambda1se: l.lambda1se,
    nzero: l.nzero,
  });
}

function waterfall(result: StudyResult, options: StudyFigureOptions): PlotlyFigure {
  const sets = SETS.map((set) => {
    const patients = patientsOf(result, set);
    if (patients.length === 0) lacking("radscore-waterfall", `${set} patients`);
    return { name: capitalised(set), patients: patients.map((p): RadScorePatient => ({ id: p.id, radScore: p.radscore, outcome: p.outcome })) };
  });
  return radScoreWaterfallFigure({ sets, cutoff: result.youden.training.threshold ?? 0, outcomeLabels: outcomeLabels(result, options) });
}

function rocCurve(result: StudyResult, set: CohortSet): RocCurveInput {
  const summary = result.roc[set] ?? lacking("roc", `ROC summary for the ${set} set (roc.${set})`);
  const cut = set === "training" ? result.youden.training : result.youden.validation;
  const threshold = result.youden.training.threshold ?? undefined;
  const label = set === "training" ? "Youden cut-off" : "at training cut-off";
  return {
    name: capitalised(set),
    sensitivity: summary.curve.sensitivity,
    specificity: summary.curve.specificity,
    auc: summary.auc,
    ciLow: summary.ciLow,
    ciHigh: summary.ciHigh,
    operatingPoint: cut ? { sensitivity: cut.sensitivity, specificity: cut.specificity, threshold, label } : undefined,
  };
}

/** A curve whose y may hold nulls (bootstrap points no fit could score), without those points. */
function definedPoints(x: number[], y: (number | null)[]): { x: number[]; y: number[] } {
  const keep = x.map((_, k) => y[k] !== null);
  return { x: x.filter((_, k) => keep[k]), y: y.filter((_, k) => keep[k]) as number[] };
}

function calibration(result: StudyResult, options: StudyFigureOptions, set: CohortSet): PlotlyFigure {
  const name = `calibration-${set}`;
  const c = result.calibration[set] ?? lacking(name, `calibration.${set}`);
  const apparent = c.lowessCurve ?? lacking(name, `apparent calibration curve (calibration.${set}.lowessCurve)`);
  const patients = patientsOf(result, set);
  // rms::calibrate's bootstrap is fitted on training: its bias-corrected curve belongs to that panel.
  const boot = set === "training" ? result.calibration.bootstrap : null;
  const biasCorrected = boot ? definedPoints(boot.predy, boot.biasCorrected) : undefined;
  return calibrationFigure({
    name: capitalised(set),
    apparent,
    apparentLabel: set === "training" ? "Apparent" : "Observed (lowess)",
    biasCorrected: biasCorrected && biasCorrected.x.length > 1 ? biasCorrected : undefined,
    bootstrap: boot ? { B: result.settings.bootstrapB, successful: boot.nSuccessful } : undefined,
    summaryIsApparent: set === "training",
    predicted: patients.map((p) => p.probability),
    observed: patients.map((p) => p.outcome),
    outcomeLabels: outcomeLabels(result, options),
    summary: {
      brier: c.brier,
      intercept: c.valProb?.intercept,
      slope: c.valProb?.slope,
      hosmerLemeshowP: c.hosmerLemeshow?.p ?? undefined,
    },
  });
}

function decisionCurve(result: StudyResult, set: CohortSet): PlotlyFigure {
  const d = result.decisionCurve[set] ?? lacking(`decision-curve-${set}`, `decision curve for the ${set} set`);
  return decisionCurveFigure({
    threshold: d.threshold,
    models: [{ name: `Rad-score model (${set})`, netBenefit: d.netBenefitModel }],
    treatAll: d.netBenefitTreatAll,
    treatNone: d.threshold.map(() => 0),
  });
}

/** Rows of the feature table in the training set (all rows when the table has no sets). */
function trainingRows(table: FeatureTableForFigures): number[] {
  const all = table.ids.map((_, n) => n);
  return table.set ? all.filter((n) => table.set?.[n] === "training") : all;
}

function correlation(result: StudyResult, options: StudyFigureOptions): PlotlyFigure {
  const table = options.featureTable ?? lacking("correlation-heatmap", "feature table (give --features)");
  const selected = result.lasso.selected;
  const names = selected.length >= 2 ? selected : Object.keys(table.features);
  const rows = trainingRows(table);
  const features: Record<string, number[]> = {};
  for (const name of names) {
    const column = table.features[name] ?? lacking("correlation-heatmap", `feature "${name}" in the feature table`);
    features[name] = rows.map((n) => column[n]);
  }
  return correlationHeatmapFigure({ features }, { title: selected.length >= 2 ? "Selected features, training set" : undefined });
}

function boxplot(result: StudyResult, options: StudyFigureOptions): PlotlyFigure {
  const table = options.featureTable ?? lacking("feature-boxplot", "feature table (give --features)");
  const selected = result.lasso.selected;
  if (selected.length === 0) lacking("feature-boxplot", "selected features (lasso.selected)");
  const rows = trainingRows(table);
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

/** Options with the feature table a study table supplies filled in (explicit options win). */
function withStudyTable(options: StudyFigureOptions): StudyFigureOptions {
  const t = options.studyTable;
  if (!t || options.featureTable) return options;
  if (t.ids.length !== t.outcome.length) throw new RadlabInputError(`study table: ${t.ids.length} ids but ${t.outcome.length} outcomes`);
  const features: Record<string, number[]> = {};
  t.featureNames.forEach((name, j) => {
    features[name] = Array.from(t.features[j]);
  });
  return { ...options, featureTable: { features, ids: t.ids, outcome: Array.from(t.outcome), set: t.split ?? undefined } };
}

/** Builds one named figure; throws RadlabInputError naming what the result lacks. */
export function studyFigure(result: StudyResult, name: StudyFigureName, studyOptions: StudyFigureOptions = {}): PlotlyFigure {
  const options = withStudyTable(studyOptions);
  switch (name) {
    case "lasso-cv":
      return lassoCv(result);
    case "coefficient-paths":
      return coefficientPaths(result);
    case "radscore-waterfall":
      return waterfall(result, options);
    case "roc":
      return rocFigure({ curves: SETS.map((set) => rocCurve(result, set)) });
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

/** The coefficient table's rows (a statistic undefined under separation shows as NA). */
export function coefficientRows(coefficients: StudyCoefficient[]): CoefficientRow[] {
  return coefficients.map((c) => ({ term: c.term, estimate: c.estimate, se: c.se ?? Number.NaN, z: c.z ?? undefined, p: c.p ?? Number.NaN }));
}

/** The baseline table's footnote name of each continuous-variable test. */
const CONTINUOUS_TEST_NAMES = { student: "Student t-test", welch: "Welch t-test", wilcoxon: "Wilcoxon rank-sum test" } as const;

/** The baseline table's footnote name of each categorical-variable test. */
const CATEGORICAL_TEST_NAMES = { chiSquare: "χ² test", chiSquareYates: "χ² test (Yates correction for 2 × 2)", fisher: "Fisher exact test" } as const;

/** Tests whose p-value a baseline table shows. */
export interface BaselineTests {
  continuous?: keyof typeof CONTINUOUS_TEST_NAMES;
  categorical?: keyof typeof CATEGORICAL_TEST_NAMES;
}

/** Baseline variables of one comparison; P from Student's t-test and χ² (Yates for 2 × 2) unless told otherwise. */
export function baselineVariables(table: BaselineTableSummary, tests: BaselineTests = {}): BaselineVariable[] {
  const continuous = tests.continuous ?? "student";
  const categorical = tests.categorical ?? "chiSquareYates";
  return table.rows.map((row): BaselineVariable => {
    if (row.type === "continuous") {
      const group = (g: typeof row.group1) => ({ n: g.n, mean: g.mean ?? Number.NaN, sd: g.sd ?? Number.NaN });
      return {
        label: row.variable,
        kind: "continuous",
        ...(row.unit ? { unit: row.unit } : {}),
        group1: group(row.group1),
        group0: group(row.group0),
        p: row[continuous].p ?? undefined,
        test: CONTINUOUS_TEST_NAMES[continuous],
      };
    }
    return {
      label: row.variable,
      kind: "categorical",
      levels: row.levels,
      counts1: row.countsGroup1,
      counts0: row.countsGroup0,
      p: row[categorical]?.p ?? undefined,
      test: CATEGORICAL_TEST_NAMES[categorical],
    };
  });
}

/** Figures, then the coefficient table, then the baseline tables (each named in `skipped` when missing). */
function studyTables(result: StudyResult, out: StudyFigures, options: StudyFigureOptions = {}): void {
  if (result.logistic) {
    out.tables.coefficients = coefficientTable({
      rows: coefficientRows(result.logistic.coefficients),
      caption: "Multiple logistic regression of the selected features",
    });
  } else {
    out.skipped.push({
      name: "coefficients",
      reason: `coefficients: the study result has no logistic model (the Rad-score is the ${result.settings.radscore}'s)`,
    });
  }
  for (const [name, key] of Object.entries(BASELINE_TABLES)) {
    const table = result.baseline[key];
    if (!table) {
      out.skipped.push({ name, reason: `${name}: the study result has no baseline.${key} (a group is empty, or there are no variables)` });
      continue;
    }
    const caption = `Baseline characteristics: ${name.replace(/^baseline-/, "").replace(/-/g, " ")}`;
    // By outcome, the groups are the outcome's classes: named by the outcome labels when given ("effective", not "outcome = 1").
    const byOutcome = key !== "trainingVsValidation" && options.outcomeLabels !== undefined;
    const groupLabels: [string, string] = byOutcome
      ? [outcomeLabels(result, options)[1], outcomeLabels(result, options)[0]]
      : [table.groupLabels.group1, table.groupLabels.group0];
    out.tables[name] = baselineTable({ groupLabels, variables: baselineVariables(table), caption });
  }
}

/** Every figure and table a study result supports; the rest listed in `skipped` with the reason. */
export function figuresFromStudyResult(value: StudyResult, options: StudyFigureOptions = {}): StudyFigures {
  const result = asStudyResult(value);
  const out: StudyFigures = { figures: {}, tables: {}, skipped: [] };
  const filled = withStudyTable(options);
  for (const name of STUDY_FIGURES) {
    try {
      out.figures[name] = studyFigure(result, name, filled);
    } catch (error) {
      if (!(error instanceof RadlabInputError)) throw error;
      out.skipped.push({ name, reason: error.message });
    }
  }
  studyTables(result, out, options);
  return out;
}
