/**
 * The reporting page's content: the items of TRIPOD 2015 (Collins et al., BMJ 2015;350:g7594),
 * TRIPOD+AI (Collins et al., BMJ 2024;385:e078378) where it adds to them, the CLEAR checklist
 * (Kocak et al., Insights Imaging 2023;14:75) and the Radiomics Quality Score (Lambin et al.,
 * Nat Rev Clin Oncol 2017;14:749) that a run can answer, each with its value taken from the
 * run's records and where in the notebooks it is shown; and the items a run cannot answer
 * (title, setting, eligibility, blinding, funding, …), listed as such for the authors.
 *
 * Item texts are short paraphrases, not the checklists' wording. TRIPOD 2015 items carry their
 * numbers; TRIPOD+AI and CLEAR items are named by section and topic (their numbering was not
 * checked against the published lists here); RQS items carry their number and points.
 */
import type { ExtractionRecord } from "../display/record.js";
import { chosenLambda, lambdaLabel, type StudyResult } from "../stats/study-result.js";

/** Things a notebook can show, found in its outputs (evidence.ts). */
export type EvidenceKind =
  | "extraction-record"
  | "study-result-record"
  | "feature-table"
  | "slice-viewer"
  | "lambda-explorer"
  | "lasso-cv"
  | "coefficient-paths"
  | "radscore-waterfall"
  | "roc"
  | "calibration"
  | "decision-curve"
  | "coefficients-table"
  | "baseline-table"
  | "results-paragraph";

/** Where one kind of evidence is shown: a notebook page and a cell anchor. */
export interface EvidenceLocation {
  page: string;
  notebook: string;
  cell: number;
}

/** What the run produced, for the checklists to read. */
export interface RunEvidence {
  result: StudyResult | null;
  extraction: ExtractionRecord | null;
  locations: Partial<Record<EvidenceKind, EvidenceLocation[]>>;
  /** The notebooks published (their source is on the site). */
  notebooks: string[];
}

/** One checklist item, answered or not. */
export interface ReportingItem {
  checklist: "TRIPOD 2015" | "TRIPOD+AI" | "CLEAR" | "RQS";
  item: string;
  topic: string;
  /** The answer from the run, or null when the run cannot answer it (with `why`). */
  value: string | null;
  where: EvidenceKind[];
  /** Why it is unanswerable from a run (for null values). */
  why?: string;
  /** RQS points this run earns on the item (answered items only). */
  points?: number;
}

type Answer = { value: string; where: EvidenceKind[]; points?: number } | null;
type Question = Omit<ReportingItem, "value" | "where" | "points"> & { answer?: (run: RunEvidence) => Answer };

const AUTHORS = "not in the data or the code: the authors state it";
/** Three decimals; "n/a" for a statistic JSON stored as null (NaN). */
const fixed3 = (v: number | null) => (v === null || !Number.isFinite(v) ? "n/a" : v.toFixed(3));
const pct = (v: number) => `${(100 * v).toFixed(1)}%`;

function aucText(r: StudyResult["roc"]["training"] | null): string {
  return r ? `${fixed3(r.auc)} (95% CI ${fixed3(r.ciLow)}–${fixed3(r.ciHigh)})` : "n/a";
}

/** The training Youden cut-off, or a note when the Rad-score is constant. */
function cutoff(r: StudyResult): string {
  const t = r.youden.training.threshold;
  return t === null ? "none (a constant Rad-score)" : t.toFixed(4);
}

/** The clinical variables of the baseline tables. */
function baselineVariables(r: StudyResult): string[] {
  const table = r.baseline.trainingByOutcome ?? r.baseline.trainingVsValidation;
  return table ? table.rows.map((row) => row.variable) : [];
}

function needResult(run: RunEvidence, make: (r: StudyResult) => Answer): Answer {
  return run.result ? make(run.result) : null;
}

function folds(r: StudyResult): string {
  const s = r.settings;
  return s.folds === "column" ? `${new Set(r.lasso.foldid).size} folds from column "${s.foldidColumn}"` : `${s.nfolds} stratified folds (seed ${s.seed})`;
}

function preprocessing(r: StudyResult): string {
  const p = r.settings.preprocess;
  const outliers = p.outlierSd === null ? "no outlier replacement" : `values beyond the training mean ± ${p.outlierSd} SD replaced by the training median`;
  return `${outliers}; ${p.zscore ? "z-score with the training mean and SD" : "no z-score"}; fitted on the ${r.data.n.training} training patients only, applied unchanged to validation; CV preprocessing: ${r.settings.cvPreprocessing === "training" ? "one fit on the training set" : "refitted in every fold"}`;
}

function modelBuilding(r: StudyResult): string {
  return (
    `LASSO logistic regression (glmnet-compatible, ${r.lasso.lambda.length} λ values), ${folds(r)}, measure ${r.settings.measure}, ${lambdaLabel(r.settings.lambda)} = ${chosenLambda(r).toPrecision(4)}; ` +
    `${r.lasso.selected.length} of ${r.data.nFeatures} features kept; Rad-score: ${r.radscore.description}; internal validation of calibration by ${r.settings.bootstrapB} bootstrap refits`
  );
}

function performance(r: StudyResult): string {
  const hl = (c: StudyResult["calibration"]["training"] | null) => (c?.hosmerLemeshow ? `p = ${fixed3(c.hosmerLemeshow.p)}` : "n/a");
  const v = r.youden.validation;
  return (
    `AUC training ${aucText(r.roc.training)}, validation ${aucText(r.roc.validation)}; at the training Youden cut-off, validation sensitivity ` +
    `${v ? `${pct(v.sensitivity)}, specificity ${pct(v.specificity)}` : "n/a"}; Hosmer–Lemeshow training ${hl(r.calibration.training)}, validation ${hl(r.calibration.validation)}; ` +
    `calibration slope (validation) ${fixed3(r.calibration.validation?.valProb?.slope ?? null)}; Brier (validation) ${r.calibration.validation?.brier.toFixed(3) ?? "n/a"}`
  );
}

function counts(r: StudyResult): string {
  const n = r.data.n;
  return `${n.total} patients: training ${n.training} (${n.trainingEvents} events), validation ${n.validation} (${n.validationEvents} events); ${r.data.nFeatures} candidate features`;
}

function dataSource(run: RunEvidence): Answer {
  const e = run.extraction;
  if (!e) return null;
  return {
    value: `${e.cases} cases from the manifest ${e.manifest.path} (SHA-256 ${e.manifest.sha256.slice(0, 16)}…); every image and mask hashed (provenance page)`,
    where: ["extraction-record"],
  };
}

function predictors(run: RunEvidence): Answer {
  const e = run.extraction;
  if (!e) return null;
  const s = e.settings as { discretization?: string; families?: string[]; label?: unknown };
  return {
    value: `radiomic features of the ROI (mask label ${String(s.label)}), families ${(s.families ?? []).join(", ")}, discretisation ${s.discretization}; radlab ${e.radlabVersion}, definitions in the feature catalog (IBSI/ITK tags)`,
    where: ["extraction-record", "feature-table"],
  };
}

function missing(run: RunEvidence): Answer {
  const e = run.extraction;
  if (!e) return null;
  return {
    value: `${e.failures.length} case(s) failed extraction and were left out (each with its reason); ${e.warnings} undefined feature value(s) reported as NaN with a warning; features constant in training dropped${run.result ? ` (${run.result.data.droppedFeatures.length})` : ""}; no imputation`,
    where: ["extraction-record"],
  };
}

const TRIPOD: Question[] = [
  { checklist: "TRIPOD 2015", item: "1", topic: "Title: development and/or validation, population, outcome", why: AUTHORS },
  { checklist: "TRIPOD 2015", item: "2", topic: "Abstract", why: AUTHORS },
  { checklist: "TRIPOD 2015", item: "3a–3b", topic: "Background and objectives", why: AUTHORS },
  { checklist: "TRIPOD 2015", item: "4a", topic: "Source of data", answer: dataSource },
  { checklist: "TRIPOD 2015", item: "4b", topic: "Key dates (accrual, follow-up)", why: AUTHORS },
  { checklist: "TRIPOD 2015", item: "5a–5c", topic: "Setting, eligibility criteria, treatments", why: AUTHORS },
  {
    checklist: "TRIPOD 2015",
    item: "6a",
    topic: "Outcome definition",
    answer: (run) =>
      needResult(run, (r) => ({
        value: `the binary column "${r.settings.outcome}" (1 = event); its clinical definition is for the authors to state`,
        where: ["study-result-record"],
      })),
  },
  { checklist: "TRIPOD 2015", item: "6b", topic: "Blinding of outcome assessment", why: AUTHORS },
  { checklist: "TRIPOD 2015", item: "7a", topic: "Predictor definitions", answer: predictors },
  { checklist: "TRIPOD 2015", item: "7b", topic: "Blinding of predictor assessment (segmentation)", why: AUTHORS },
  { checklist: "TRIPOD 2015", item: "8", topic: "How the study size was arrived at", why: "the run reports the size it had (item 14a), not how it was chosen" },
  { checklist: "TRIPOD 2015", item: "9", topic: "Handling of missing data", answer: missing },
  {
    checklist: "TRIPOD 2015",
    item: "10a",
    topic: "Handling of predictors",
    answer: (run) => needResult(run, (r) => ({ value: preprocessing(r), where: ["study-result-record"] })),
  },
  {
    checklist: "TRIPOD 2015",
    item: "10b",
    topic: "Model type, model building, predictor selection, internal validation",
    answer: (run) => needResult(run, (r) => ({ value: modelBuilding(r), where: ["lasso-cv", "coefficient-paths", "lambda-explorer"] })),
  },
  {
    checklist: "TRIPOD 2015",
    item: "10c",
    topic: "For validation: how the predictions were calculated",
    answer: (run) =>
      needResult(run, (r) =>
        r.roc.validation
          ? {
              value: "the development model applied unchanged: training preprocessing, training coefficients, training Youden cut-off",
              where: ["radscore-waterfall", "roc"],
            }
          : null,
      ),
  },
  {
    checklist: "TRIPOD 2015",
    item: "10d",
    topic: "Measures of model performance",
    answer: (run) =>
      needResult(run, () => ({
        value:
          "AUC with DeLong 95% CI; sensitivity and specificity (Clopper–Pearson CIs) at the Youden cut-off; calibration curve (val.prob, bootstrap-corrected), Hosmer–Lemeshow, calibration intercept and slope, Brier score; decision curves",
        where: ["roc", "calibration", "decision-curve"],
      })),
  },
  { checklist: "TRIPOD 2015", item: "10e", topic: "Model updating", why: "a development study: no model was updated" },
  {
    checklist: "TRIPOD 2015",
    item: "11",
    topic: "Risk groups",
    answer: (run) =>
      needResult(run, (r) => ({
        value: `two groups split at the training Youden cut-off of the Rad-score, ${cutoff(r)}`,
        where: ["radscore-waterfall"],
      })),
  },
  {
    checklist: "TRIPOD 2015",
    item: "12",
    topic: "Development against validation data: differences",
    answer: (run) =>
      needResult(run, (r) =>
        r.baseline.trainingVsValidation
          ? { value: "clinical variables compared between training and validation (t-test / χ²)", where: ["baseline-table"] }
          : null,
      ),
  },
  { checklist: "TRIPOD 2015", item: "13a", topic: "Flow of participants", why: AUTHORS },
  {
    checklist: "TRIPOD 2015",
    item: "13b–13c",
    topic: "Characteristics of the participants; comparison with the development data",
    answer: (run) =>
      needResult(run, (r) =>
        baselineVariables(r).length
          ? { value: `${baselineVariables(r).length} variables by outcome group and by set: ${baselineVariables(r).join(", ")}`, where: ["baseline-table"] }
          : null,
      ),
  },
  {
    checklist: "TRIPOD 2015",
    item: "14a",
    topic: "Participants and outcome events in each analysis",
    answer: (run) => needResult(run, (r) => ({ value: counts(r), where: ["results-paragraph"] })),
  },
  {
    checklist: "TRIPOD 2015",
    item: "14b",
    topic: "Unadjusted associations of candidate predictors",
    why: "not computed by the study pipeline (the LASSO path and the feature box plots show the selected ones)",
  },
  {
    checklist: "TRIPOD 2015",
    item: "15a",
    topic: "The full model (all coefficients and the intercept)",
    answer: (run) => needResult(run, (r) => ({ value: r.radscore.formula, where: ["coefficients-table", "results-paragraph"] })),
  },
  {
    checklist: "TRIPOD 2015",
    item: "15b",
    topic: "How to use the model",
    answer: (run) =>
      needResult(run, (r) => ({
        value: `z-score each selected feature with the training mean and SD recorded in the result (preprocessing.params), apply the Rad-score formula, compare with the cut-off ${cutoff(r)}`,
        where: ["study-result-record"],
      })),
  },
  {
    checklist: "TRIPOD 2015",
    item: "16",
    topic: "Model performance (with CIs)",
    answer: (run) => needResult(run, (r) => ({ value: performance(r), where: ["roc", "calibration", "results-paragraph"] })),
  },
  { checklist: "TRIPOD 2015", item: "17", topic: "Results of model updating", why: "no model was updated" },
  { checklist: "TRIPOD 2015", item: "18–20", topic: "Limitations, interpretation, implications", why: AUTHORS },
  {
    checklist: "TRIPOD 2015",
    item: "21",
    topic: "Supplementary resources",
    answer: (run) => ({ value: `this site: ${run.notebooks.length} executed notebooks with their source, the provenance and this page`, where: [] }),
  },
  { checklist: "TRIPOD 2015", item: "22", topic: "Funding", why: AUTHORS },
];

const TRIPOD_AI: Question[] = [
  {
    checklist: "TRIPOD+AI",
    item: "Methods · data preparation",
    topic: "Pre-processing and data quality checks",
    answer: (run) => needResult(run, (r) => ({ value: preprocessing(r), where: ["study-result-record"] })),
  },
  {
    checklist: "TRIPOD+AI",
    item: "Open science",
    topic: "Availability of the analysis code",
    answer: (run) => ({
      value: `the ${run.notebooks.length} notebooks on this site (source and executed), radlab's version and every package's on the provenance page`,
      where: [],
    }),
  },
  { checklist: "TRIPOD+AI", item: "Introduction · fairness", topic: "Health inequalities across groups", why: AUTHORS },
  { checklist: "TRIPOD+AI", item: "Open science", topic: "Protocol, registration, data availability", why: AUTHORS },
  { checklist: "TRIPOD+AI", item: "Patient and public involvement", topic: "Involvement of patients and the public", why: AUTHORS },
];

const CLEAR: Question[] = [
  { checklist: "CLEAR", item: "Title, abstract, introduction", topic: "Radiomics named in the title; structured abstract; rationale", why: AUTHORS },
  { checklist: "CLEAR", item: "Methods · study design", topic: "Study nature, eligibility criteria, reference standard", why: AUTHORS },
  { checklist: "CLEAR", item: "Methods · data", topic: "Data source and the data manifest", answer: dataSource },
  { checklist: "CLEAR", item: "Methods · imaging", topic: "Scanner, acquisition protocol, image quality", why: AUTHORS },
  { checklist: "CLEAR", item: "Methods · segmentation", topic: "Who segmented, how, with what software; inter-reader agreement", why: AUTHORS },
  { checklist: "CLEAR", item: "Methods · image preprocessing", topic: "Discretisation, resampling, normalisation", answer: predictors },
  {
    checklist: "CLEAR",
    item: "Methods · feature extraction",
    topic: "Software and version, feature definitions, IBSI compliance",
    answer: (run) =>
      run.extraction
        ? {
            value: `radlab ${run.extraction.radlabVersion} (features checked against IBSI 1, ITK 5.2 and PyRadiomics in its tests); settings on the provenance page`,
            where: ["extraction-record"],
          }
        : null,
  },
  {
    checklist: "CLEAR",
    item: "Methods · data preparation",
    topic: "Handling of missing values, outliers, scaling",
    answer: (run) => needResult(run, (r) => ({ value: preprocessing(r), where: ["study-result-record"] })),
  },
  {
    checklist: "CLEAR",
    item: "Methods · feature selection",
    topic: "Dimensionality reduction inside training only",
    answer: (run) => needResult(run, (r) => ({ value: modelBuilding(r), where: ["lasso-cv", "coefficient-paths"] })),
  },
  {
    checklist: "CLEAR",
    item: "Methods · modelling and validation",
    topic: "Model, tuning, data split, test set kept apart",
    answer: (run) =>
      needResult(run, (r) => ({
        value: `${counts(r)}; split from column "${r.settings.splitColumn ?? "stratified"}"; λ tuned by CV on training only`,
        where: ["lasso-cv"],
      })),
  },
  {
    checklist: "CLEAR",
    item: "Methods · evaluation",
    topic: "Performance metrics with uncertainty, calibration, clinical utility",
    answer: (run) => needResult(run, (r) => ({ value: performance(r), where: ["roc", "calibration", "decision-curve"] })),
  },
  {
    checklist: "CLEAR",
    item: "Results",
    topic: "Baseline characteristics, final features, performance",
    answer: (run) =>
      needResult(run, (r) => ({
        value: `${r.lasso.selected.length} features: ${r.lasso.selected.join(", ")}`,
        where: ["baseline-table", "coefficients-table", "results-paragraph"],
      })),
  },
  { checklist: "CLEAR", item: "Discussion", topic: "Limitations and clinical relevance", why: AUTHORS },
  {
    checklist: "CLEAR",
    item: "Open science",
    topic: "Code, model, data and segmentations shared",
    answer: (run) => ({
      value: `code: the notebooks on this site and radlab ${run.extraction?.radlabVersion ?? run.result?.provenance.radlabVersion ?? ""}; model: the study result (coefficients, preprocessing parameters); images and masks: by the authors`,
      where: ["study-result-record"],
    }),
  },
];

const RQS: Question[] = [
  { checklist: "RQS", item: "1", topic: "Image protocol quality (+1, +1)", why: AUTHORS },
  {
    checklist: "RQS",
    item: "2",
    topic: "Multiple segmentations (+1)",
    why: "one mask per case was used; robustness to segmentation was not assessed in this run",
  },
  { checklist: "RQS", item: "3", topic: "Phantom study on all scanners (+1)", why: AUTHORS },
  { checklist: "RQS", item: "4", topic: "Imaging at multiple time points (+1)", why: AUTHORS },
  {
    checklist: "RQS",
    item: "5",
    topic: "Feature reduction or adjustment for multiple testing (−3 or +3)",
    answer: (run) =>
      needResult(run, (r) => ({
        value: `+3: LASSO with cross-validation kept ${r.lasso.selected.length} of ${r.data.nFeatures} features`,
        where: ["lasso-cv", "coefficient-paths"],
        points: 3,
      })),
  },
  {
    checklist: "RQS",
    item: "6",
    topic: "Multivariable analysis with non-radiomic features (+1)",
    answer: (run) =>
      needResult(run, () => ({
        value: "0: the Rad-score uses radiomic features only; clinical variables are tabulated, not modelled",
        where: ["baseline-table"],
        points: 0,
      })),
  },
  { checklist: "RQS", item: "7", topic: "Biological correlates (+1)", why: AUTHORS },
  {
    checklist: "RQS",
    item: "8",
    topic: "Cut-off analyses (+1)",
    answer: (run) =>
      needResult(run, (r) => ({
        value: `+1: Youden cut-off ${cutoff(r)} chosen on training, applied to validation`,
        where: ["radscore-waterfall"],
        points: 1,
      })),
  },
  {
    checklist: "RQS",
    item: "9",
    topic: "Discrimination statistics (+1 statistic, +1 with CI or resampling)",
    answer: (run) =>
      needResult(run, (r) => ({
        value: `+2: AUC with DeLong 95% CI, training ${aucText(r.roc.training)}, validation ${aucText(r.roc.validation)}`,
        where: ["roc"],
        points: 2,
      })),
  },
  {
    checklist: "RQS",
    item: "10",
    topic: "Calibration statistics (+1 statistic, +1 with resampling)",
    answer: (run) =>
      needResult(run, (r) => {
        const resampled = r.settings.bootstrapB > 0 && r.calibration.bootstrap !== null;
        return {
          value: `${resampled ? "+2" : "+1"}: calibration curve, Hosmer–Lemeshow, slope and intercept${resampled ? `; ${r.settings.bootstrapB} bootstrap refits` : ""}`,
          where: ["calibration"],
          points: resampled ? 2 : 1,
        };
      }),
  },
  { checklist: "RQS", item: "11", topic: "Prospective study registered in a trial database (+7)", why: AUTHORS },
  {
    checklist: "RQS",
    item: "12",
    topic: "Validation (−5 none … +5 several external data sets)",
    answer: (run) =>
      needResult(run, (r) =>
        r.roc.validation
          ? {
              value: `+2 at least: a validation set of ${r.data.n.validation} patients kept apart (internal unless the authors state it comes from another institution)`,
              where: ["roc"],
              points: 2,
            }
          : { value: "−5: no validation set", where: [], points: -5 },
      ),
  },
  {
    checklist: "RQS",
    item: "13",
    topic: "Potential clinical utility: decision curve analysis (+2)",
    answer: (run) =>
      needResult(run, (r) =>
        r.decisionCurve.training ? { value: "+2: decision curves of training and validation", where: ["decision-curve"], points: 2 } : null,
      ),
  },
  { checklist: "RQS", item: "14", topic: "Comparison to the gold standard (+2)", why: AUTHORS },
  { checklist: "RQS", item: "15", topic: "Cost-effectiveness analysis (+1)", why: AUTHORS },
  {
    checklist: "RQS",
    item: "16",
    topic: "Open science and data (+1 scans, +1 segmentations, +1 code, +1 representative features)",
    answer: () => ({
      value: "+1 at least: the code (these notebooks); scans, segmentations and features are shared if the authors share them",
      where: [],
      points: 1,
    }),
  },
];

/** Every item of the four checklists, answered from the run where it can be. */
export function reportingItems(run: RunEvidence): ReportingItem[] {
  return [...TRIPOD, ...TRIPOD_AI, ...CLEAR, ...RQS].map(({ answer, ...question }) => {
    const a = answer ? answer(run) : null;
    if (!a)
      return { ...question, value: null, where: [], why: question.why ?? "needs a study result or an extraction recorded with rl.record() in a notebook" };
    return { ...question, value: a.value, where: a.where, points: a.points };
  });
}

/** The RQS points of the answered items, and the maximum (36). */
export function rqsPoints(items: ReportingItem[]): { points: number; answered: number; max: number } {
  const rqs = items.filter((i) => i.checklist === "RQS" && i.value !== null);
  return { points: rqs.reduce((s, i) => s + (i.points ?? 0), 0), answered: rqs.length, max: 36 };
}
