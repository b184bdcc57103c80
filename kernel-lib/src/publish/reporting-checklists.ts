/**
 * The items of the four checklists the reporting page lists (reporting.ts says which and how
 * their texts were written), each with the function that answers it from the run, or `why` a run
 * cannot.
 */
import {
  AUTHORS,
  aucText,
  baselineVariables,
  counts,
  cutoff,
  dataSource,
  missing,
  modelBuilding,
  needResult,
  performance,
  predictors,
  preprocessing,
  type Question,
} from "./reporting-answers.js";

export const TRIPOD: Question[] = [
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

export const TRIPOD_AI: Question[] = [
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

export const CLEAR: Question[] = [
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

export const RQS: Question[] = [
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
