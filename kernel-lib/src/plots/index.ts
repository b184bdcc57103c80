/** plots: the study's figures as Plotly specs, its tables, and their export for a manuscript. */
export { type CalibrationCurve, type CalibrationInput, type CalibrationOptions, type CalibrationSummary, calibrationFigure } from "./calibration.js";
export { type CoefficientPathsInput, type CoefficientPathsOptions, coefficientPathsFigure } from "./coefficient-paths.js";
export { averageLinkageOrder, type CorrelationInput, type CorrelationOptions, correlationHeatmapFigure, correlationMatrix } from "./correlation-heatmap.js";
export { type DecisionCurveInput, type DecisionCurveModel, type DecisionCurveOptions, decisionCurveFigure } from "./decision-curve.js";
export {
  CHROMIUM_ARGS,
  ChromiumNotFoundError,
  chromiumPath,
  DEFAULT_CHROMIUM,
  type ExportOptions,
  exportFigure,
  exportFigures,
  FigureExporter,
  launchChromium,
  plotlyScript,
  plotlyScriptPath,
} from "./export.js";
export { type FeatureBoxplotInput, type FeatureBoxplotOptions, featureBoxplotFigure } from "./feature-boxplot.js";
export { isPlotlyFigure, type PlotlyFigure, type PlotlyLayout, type PlotlyTrace } from "./figure.js";
export { type LassoCvInput, type LassoCvMeasure, type LassoCvOptions, lassoCvFigure } from "./lasso-cv.js";
export {
  type RadScorePatient,
  type RadScoreSet,
  type RadScoreWaterfallInput,
  type RadScoreWaterfallOptions,
  radScoreWaterfallFigure,
} from "./radscore-waterfall.js";
export { PUBLISHED_STUDY, publishedComparison, resultsParagraph } from "./results-paragraph.js";
export { aucLabel, empiricalRocCurve, type RocCurveInput, type RocInput, type RocOperatingPoint, type RocOptions, rocFigure } from "./roc.js";
export {
  type GreyWindow,
  largestRoiSlice,
  maskOutline,
  percentileWindow,
  type RoiMontageOptions,
  type RoiPanelsOptions,
  type RoiSliceOptions,
  type RoiSlicePanel,
  roiMontageFigure,
  roiSliceFigure,
  roiSlicePanels,
  sliceTitle,
} from "./roi-slice.js";
export {
  asStudyResult,
  type BaselineTests,
  baselineVariables,
  type CohortSet,
  coefficientRows,
  type FeatureTableForFigures,
  figuresFromStudyResult,
  STUDY_FIGURES,
  type StudyFigureName,
  type StudyFigureOptions,
  type StudyFigures,
  type StudyTableLike,
  studyFigure,
} from "./study-result.js";
export {
  type BaselineTableInput,
  type BaselineVariable,
  baselineTable,
  type CoefficientRow,
  type CoefficientTableInput,
  coefficientTable,
  escapeLatex,
  type FormattedTable,
  type GroupSummary,
  tableToCsv,
  tableToHtml,
  tableToLatex,
} from "./tables.js";
export { DEFAULT_SIZE, formatNumber, formatP, journalAxis, journalLayout, OKABE_ITO, OUTCOME_COLOURS, PALETTE, SET_COLOURS } from "./theme.js";
