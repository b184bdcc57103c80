/**
 * How the reporting page answers an item from a run's records (reporting.ts): the answer's
 * shape, and the sentences built from a study result or an extraction record that several
 * checklists' items share (data source, predictors, missing data, model building, performance).
 */
import { chosenLambda, lambdaLabel, type StudyResult } from "../stats/study-result.js";
import type { EvidenceKind, ReportingItem, RunEvidence } from "./reporting.js";

/** An item's answer from the run: its text, where the notebooks show it, RQS points; null when the run cannot answer. */
export type Answer = { value: string; where: EvidenceKind[]; points?: number } | null;
/** A checklist item before it is answered: its texts, and the function that answers it (none: the authors' to state). */
export type Question = Omit<ReportingItem, "value" | "where" | "points"> & { answer?: (run: RunEvidence) => Answer };

/** The `why` of an item that no run can answer. */
export const AUTHORS = "not in the data or the code: the authors state it";
/** Three decimals; "n/a" for a statistic JSON stored as null (NaN). */
const fixed3 = (v: number | null) => (v === null || !Number.isFinite(v) ? "n/a" : v.toFixed(3));
const pct = (v: number) => `${(100 * v).toFixed(1)}%`;

/** "AUC 0.812 (95% CI …)" of one set, or n/a. */
export function aucText(r: StudyResult["roc"]["training"] | null): string {
  return r ? `${fixed3(r.auc)} (95% CI ${fixed3(r.ciLow)}–${fixed3(r.ciHigh)})` : "n/a";
}

/** The training Youden cut-off, or a note when the Rad-score is constant. */
export function cutoff(r: StudyResult): string {
  const t = r.youden.training.threshold;
  return t === null ? "none (a constant Rad-score)" : t.toFixed(4);
}

/** The clinical variables of the baseline tables. */
export function baselineVariables(r: StudyResult): string[] {
  const table = r.baseline.trainingByOutcome ?? r.baseline.trainingVsValidation;
  return table ? table.rows.map((row) => row.variable) : [];
}

/** The answer `make` gives from the study result, or null when the run recorded none. */
export function needResult(run: RunEvidence, make: (r: StudyResult) => Answer): Answer {
  return run.result ? make(run.result) : null;
}

/** How the cross-validation folds were made. */
function folds(r: StudyResult): string {
  const s = r.settings;
  return s.folds === "column" ? `${new Set(r.lasso.foldid).size} folds from column "${s.foldidColumn}"` : `${s.nfolds} stratified folds (seed ${s.seed})`;
}

/** The preprocessing, fitted on training only. */
export function preprocessing(r: StudyResult): string {
  const p = r.settings.preprocess;
  const outliers = p.outlierSd === null ? "no outlier replacement" : `values beyond the training mean ± ${p.outlierSd} SD replaced by the training median`;
  return `${outliers}; ${p.zscore ? "z-score with the training mean and SD" : "no z-score"}; fitted on the ${r.data.n.training} training patients only, applied unchanged to validation; CV preprocessing: ${r.settings.cvPreprocessing === "training" ? "one fit on the training set" : "refitted in every fold"}`;
}

/** LASSO with cross-validation at the chosen λ, then the Rad-score model. */
export function modelBuilding(r: StudyResult): string {
  return (
    `LASSO logistic regression (glmnet-compatible, ${r.lasso.lambda.length} λ values), ${folds(r)}, measure ${r.settings.measure}, ${lambdaLabel(r.settings.lambda)} = ${chosenLambda(r).toPrecision(4)}; ` +
    `${r.lasso.selected.length} of ${r.data.nFeatures} features kept; Rad-score: ${r.radscore.description}; internal validation of calibration by ${r.settings.bootstrapB} bootstrap refits`
  );
}

/** Discrimination, cut-off and calibration on training and validation. */
export function performance(r: StudyResult): string {
  const hl = (c: StudyResult["calibration"]["training"] | null) => (c?.hosmerLemeshow ? `p = ${fixed3(c.hosmerLemeshow.p)}` : "n/a");
  const v = r.youden.validation;
  return (
    `AUC training ${aucText(r.roc.training)}, validation ${aucText(r.roc.validation)}; at the training Youden cut-off, validation sensitivity ` +
    `${v ? `${pct(v.sensitivity)}, specificity ${pct(v.specificity)}` : "n/a"}; Hosmer–Lemeshow training ${hl(r.calibration.training)}, validation ${hl(r.calibration.validation)}; ` +
    `calibration slope (validation) ${fixed3(r.calibration.validation?.valProb?.slope ?? null)}; Brier (validation) ${r.calibration.validation?.brier.toFixed(3) ?? "n/a"}`
  );
}

/** Patients and events per set. */
export function counts(r: StudyResult): string {
  const n = r.data.n;
  return `${n.total} patients: training ${n.training} (${n.trainingEvents} events), validation ${n.validation} (${n.validationEvents} events); ${r.data.nFeatures} candidate features`;
}

/** Where the data came from: the manifest and feature table the run read. */
export function dataSource(run: RunEvidence): Answer {
  const e = run.extraction;
  if (!e) return null;
  return {
    value: `${e.cases} cases from the manifest ${e.manifest.path} (SHA-256 ${e.manifest.sha256.slice(0, 16)}…); every image and mask hashed (provenance page)`,
    where: ["extraction-record"],
  };
}

/** The candidate features: extraction settings and version. */
export function predictors(run: RunEvidence): Answer {
  const e = run.extraction;
  if (!e) return null;
  const s = e.settings as { discretization?: string; families?: string[]; label?: unknown };
  return {
    value: `radiomic features of the ROI (mask label ${String(s.label)}), families ${(s.families ?? []).join(", ")}, discretisation ${s.discretization}; radlab ${e.radlabVersion}, definitions in the feature catalog (IBSI/ITK tags)`,
    where: ["extraction-record", "feature-table"],
  };
}

/** How failed cases and undefined feature values were handled. */
export function missing(run: RunEvidence): Answer {
  const e = run.extraction;
  if (!e) return null;
  return {
    value: `${e.failures.length} case(s) failed extraction and were left out (each with its reason); ${e.warnings} undefined feature value(s) reported as NaN with a warning; features constant in training dropped${run.result ? ` (${run.result.data.droppedFeatures.length})` : ""}; no imputation`,
    where: ["extraction-record"],
  };
}
