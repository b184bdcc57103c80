/**
 * `@radlab/kernel-lib`: what a radlab notebook imports (`import * as rl from "@radlab/kernel-lib"`),
 * listed name by name, grouped by the stages of a study: io → features → stats → plots →
 * display, then scaling out, the demo cohort, errors and types. Everything else in kernel-lib
 * (the families' internals, R's numerics, the WebAssembly kernels, the CLI) is internal and may
 * change without notice. The widgets' browser-side part is `@radlab/kernel-lib/browser`.
 * Reference: `npm run docs` writes it to artifacts/api, generated from the doc comments of these names.
 *
 * @packageDocumentation
 */

// ── io: volumes, masks, DICOM RT, manifests, ROI geometry ──

export { type ContourRule, type Rasterized, type RasterizeOptions, rasterizeContours } from "./io/dicom-rt/rasterize.js";
export { type DicomMaskOptions, type RoiMask, readDicomMask, readRoiMasks } from "./io/dicom-rt/read-dicom-mask.js";
export { listRois, type RtContour, type RtRoi, type RtStruct, readRtStruct, selectRoi } from "./io/dicom-rt/rtstruct.js";
export { type DicomSeg, readSeg, type SegFrame, type SegSegment } from "./io/dicom-rt/seg.js";
export { type DicomSeries, describeSeries, listDicomSeries } from "./io/dicom-rt/series.js";
export { assertSameGrid, DEFAULT_GRID_TOLERANCE, type GridTolerance, gridDifferences } from "./io/grid.js";
export {
  MANIFEST_REQUIRED_COLUMNS,
  type Manifest,
  type ManifestCase,
  ManifestError,
  type ManifestProblem,
  type ReadManifestOptions,
  readManifest,
} from "./io/manifest.js";
export { labelsPresent, type MaskLabel, type ReadMaskOptions, readMask, selectLabel } from "./io/read-mask.js";
export { type ReadVolumeOptions, readVolume, VOLUME_EXTENSIONS } from "./io/read-volume.js";
export { cropToRoi, extractSlice, intensityRange, roiBoundingBox, roiSliceIndices, type Slice, type SliceAxis } from "./io/roi.js";
export { writeNifti } from "./io/write-nifti.js";
export { writeVolume } from "./io/write-volume.js";

// ── features: the 432 features of a case and of a cohort ──

// In a notebook, extractCohort shows live progress (display/progress.ts); without one it is features' extractCohort.
export { type CohortProgressOptions, cohortProgress, extractCohort } from "./display/progress.js";
export { FEATURE_CATALOG, type FeatureCatalog, featureNames } from "./features/catalog.js";
export type { CaseFailure, CohortExtraction, CohortProgress, EncodedFeatureValue, ExtractCohortOptions, FeatureTable } from "./features/cohort.js";
export {
  DEFAULT_DISCRETIZATION,
  type Discretization,
  type DiscretizedLevels,
  discretize,
  formatDiscretization,
  MAX_GREY_LEVELS,
  parseDiscretization,
} from "./features/discretize.js";
export { type CaseFeatures, type ExtractFeaturesOptions, extractFeatures, type InputHashes } from "./features/extract.js";
export { FEATURE_TABLE_FORMATS, writeCohortExtraction, writeFeatureTable } from "./features/feature-table.js";
export { type PyradiomicsContext, type PyradiomicsMapping, pyradiomicsMapping, toPyradiomics } from "./features/pyradiomics.js";
export {
  DEFAULT_SETTINGS,
  type ExtractionSettings,
  loadSettings,
  PYRADIOMICS_SETTINGS,
  resolveSettings,
  SETTINGS_PRESETS,
  settingsToJson,
} from "./features/settings.js";
export {
  type Convention,
  type EmptyDirections,
  FAMILIES,
  type FamilyInput,
  type FamilyModule,
  type FamilyName,
  type FamilyOptions,
  type FeatureDefinition,
} from "./features/types.js";

// ── stats: the study, step by step and in one call (equal to R's glmnet, glm, pROC, rms) ──

export {
  type BaselineRow,
  type BaselineTable,
  type BaselineTableOptions,
  baselineTable,
  type CategoricalBaselineRow,
  type ContinuousBaselineRow,
} from "./stats/baseline.js";
export { type BootstrapCalibrationOptions, type BootstrapCalibrationResult, bootstrapCalibration, type RefitModel } from "./stats/bootstrap-calibration.js";
export { brierScore, type CalibrationInput, recalibration } from "./stats/calibration.js";
export { aucOf, type CvLassoOptions, type CvMeasure, cvLasso, type FoldFit, type LassoCv } from "./stats/cv-lasso.js";
export { type DecisionCurve, type DecisionCurveOptions, decisionCurve } from "./stats/decision-curve.js";
export { type EvaluateRadScoreOptions, evaluateRadScore, type RadScoreEvaluation, type ScoredGroup } from "./stats/evaluation.js";
export {
  type ChiSquareResult,
  chiSquareTest,
  fisherExactTest,
  type GroupSummary,
  studentTTest,
  type TTestResult,
  type WilcoxonResult,
  welchTTest,
  wilcoxonRankSum,
} from "./stats/group-tests.js";
export { type HosmerLemeshowResult, hosmerLemeshow } from "./stats/hosmer-lemeshow.js";
export { type LambdaModel, type LambdaModelGroup, type LambdaModelInput, type LambdaRoc, modelAtLambda, radScores } from "./stats/lambda-model.js";
export { coefficientsAt, fitLassoPath, type LassoOptions, type LassoPath, linearPredictor } from "./stats/lasso.js";
export {
  fitLogistic,
  type LogisticCoefficient,
  type LogisticModel,
  type LogisticOptions,
  plogis,
  predictLogistic,
  qlogis,
  type Separation,
} from "./stats/logistic.js";
export {
  applyPreprocessing,
  DEFAULT_PREPROCESSING,
  type FeatureScaling,
  type FittedPipeline,
  type FittedPreprocessing,
  fitPreprocessing,
  type PreprocessedColumns,
  type PreprocessingPipeline,
  type PreprocessSettings,
  preprocessingPipeline,
} from "./stats/preprocess.js";
export type { LowessCurve } from "./stats/r-numerics.js";
export { type Random, seededRandom } from "./stats/random.js";
export {
  type ConfidenceInterval,
  classifyAtThreshold,
  type DelongTestResult,
  delongTest,
  type RocOptions,
  type RocResult,
  rocCurve,
  type ThresholdPerformance,
} from "./stats/roc.js";
export { type PatientScore, type ScoringModel, scorePatients } from "./stats/score.js";
export {
  chooseFoldCount,
  type FoldChoice,
  foldsFromColumn,
  type StratifiedFoldsOptions,
  type StratifiedSplitOptions,
  type StudySplit,
  splitFromColumn,
  stratifiedFolds,
  stratifiedSplit,
} from "./stats/split.js";
export { runStudy, type StudyOptions } from "./stats/study.js";
export {
  type BaselineTableSummary,
  type BootstrapCalibrationSummary,
  type CalibrationSummary,
  type Classification,
  type CohortSet,
  chosenLambda,
  type DecisionCurveSummary,
  type FeaturePreprocessing,
  type GroupStatistics,
  type LassoSummary,
  type LogisticSummary,
  lambdaLabel,
  type RocSummary,
  STUDY_RESULT_SCHEMA,
  type StudyBaselineRow,
  type StudyCategoricalRow,
  type StudyCoefficient,
  type StudyContinuousRow,
  type StudyPatient,
  type StudyResult,
  type StudySettings,
  type TestStatistic,
  type ValProbStatistics,
} from "./stats/study-result.js";
export { type CandidateRule, type ClinicalColumn, isFeatureColumnName, parseStudyTable, type StudyTable, type StudyTableOptions } from "./stats/table.js";
export { readStudyTable } from "./stats/table-file.js";
export { type ValProbResult, type ValProbSummary, valProb } from "./stats/val-prob.js";

// ── plots: the study's figures (Plotly specs), tables and their export for a manuscript ──

export {
  type CalibrationCurve,
  type CalibrationInput as CalibrationFigureInput,
  type CalibrationOptions,
  type CalibrationSummary as CalibrationFigureSummary,
  calibrationFigure,
} from "./plots/calibration.js";
export { type CoefficientPathsInput, type CoefficientPathsOptions, coefficientPathsFigure } from "./plots/coefficient-paths.js";
export { type CorrelationInput, type CorrelationOptions, correlationHeatmapFigure, correlationMatrix } from "./plots/correlation-heatmap.js";
export {
  type DecisionCurveInput,
  type DecisionCurveModel,
  type DecisionCurveOptions as DecisionCurveFigureOptions,
  decisionCurveFigure,
} from "./plots/decision-curve.js";
export { ChromiumNotFoundError, type ExportOptions, exportFigure, exportFigures, FigureExporter } from "./plots/export.js";
export { type FeatureBoxplotInput, type FeatureBoxplotOptions, featureBoxplotFigure } from "./plots/feature-boxplot.js";
export type { PlotlyFigure, PlotlyLayout, PlotlyTrace } from "./plots/figure.js";
export { type LassoCvInput, type LassoCvOptions, lassoCvFigure } from "./plots/lasso-cv.js";
export {
  type RadScorePatient,
  type RadScoreSet,
  type RadScoreWaterfallInput,
  type RadScoreWaterfallOptions,
  radScoreWaterfallFigure,
} from "./plots/radscore-waterfall.js";
export { PUBLISHED_STUDY, publishedComparison, resultsParagraph } from "./plots/results-paragraph.js";
export { type RocCurveInput, type RocInput, type RocOperatingPoint, type RocOptions as RocFigureOptions, rocFigure } from "./plots/roc.js";
export {
  type GreyWindow,
  largestRoiSlice,
  type RoiMontageOptions,
  type RoiPanelsOptions,
  type RoiSliceOptions,
  type RoiSlicePanel,
  roiMontageFigure,
  roiSliceFigure,
  roiSlicePanels,
} from "./plots/roi-slice.js";
export {
  type FeatureTableForFigures,
  figuresFromStudyResult,
  STUDY_FIGURES,
  type StudyFigureName,
  type StudyFigureOptions,
  type StudyFigures,
  type StudyTableLike,
  studyFigure,
} from "./plots/study-result.js";
export {
  type BaselineTableInput,
  type BaselineVariable,
  baselineTable as formatBaselineTable,
  type CoefficientRow,
  type CoefficientTableInput,
  coefficientTable,
  continuousDigits,
  type FormattedTable,
  type GroupSummary as TableGroupSummary,
  tableToCsv,
  tableToHtml,
  tableToLatex,
} from "./plots/tables.js";
export { OKABE_ITO, OUTCOME_COLOURS, SET_COLOURS } from "./plots/theme.js";

// ── display: values, figures and widgets in a notebook ──

export { type FeatureTableOptions, featureTable } from "./display/feature-table.js";
export { type LambdaExplorerOptions, lambdaExplorer } from "./display/lambda-explorer.js";
export { type ExtractionRecord, type PublicationRecord, publicationRecord, record, type StudyResultRecord } from "./display/record.js";
export { type MimeBundleOptions, type ShowOptions, show, toMimeBundle } from "./display/show.js";
export { type SliceViewerOptions, sliceViewer } from "./display/slice-viewer.js";
export type { ArqueroLike } from "./display/table-html.js";
export {
  type DisplayBundleOptions,
  type DisplayMessage,
  displayMimeBundle,
  inNotebook,
  type MimeBundle,
  NotInNotebookError,
  type TslabJupyter,
} from "./display/tslab.js";
export type { RadlabWidget, WidgetBundleOptions } from "./display/widget.js";
export {
  type EmbeddedNifti,
  FEATURE_TABLE_MIME,
  type FeatureTablePayload,
  LAMBDA_EXPLORER_MIME,
  type LambdaExplorerPayload,
  type PayloadProvenance,
  SLICE_VIEWER_MIME,
  type SliceViewerPayload,
  type SliceViewerRoi,
  type WidgetPayload,
} from "./display/widget-payloads.js";

// ── scale: a cohort's extraction in shards (Slurm array tasks, Kubernetes Indexed Jobs) ──

export { type MergedExtraction, mergePartFiles, mergeParts, type PartFile, PartMergeError } from "./scale/merge.js";
export type { PartFailure, PartRow, ShardPart, ShardSpec } from "./scale/part.js";
export { type ExtractShardOptions, extractShard } from "./scale/shard.js";
export { type SlurmExtractCallOptions, type SlurmOutcome, type SlurmProgress, type SlurmSubmission, slurmExtract } from "./scale/slurm.js";
export type { SlurmExtractOptions, SlurmPlan } from "./scale/slurm-plan.js";

// ── demo: the seeded synthetic NPC cohort that mirrors the study's design ──

export { DEMO_DEFAULT_SEED, type DemoCohortOptions, type DemoCohortSummary, writeDemoCohort } from "./demo/cohort.js";
export { CLINICAL_UNITS, type DemoCase, type DemoClinical, type DemoSet, designCohort, STUDY_SIZE } from "./demo/design.js";
export {
  cohortIsCurrent,
  DEMO_CLINICAL_COLUMNS,
  DEMO_CLINICAL_UNITS,
  type DemoStudy,
  type DemoStudyOptions,
  demoModelCommand,
  openDemoStudy,
} from "./demo/study-data.js";

// ── errors, types, version ──

export { RadlabInputError } from "./errors.js";
export type { BoundingBox, DicomIdentity, Grid, Mask, RoiIdentity, Vec3, Volume, VoxelArray } from "./types.js";
export { RADLAB_VERSION } from "./version.js";
