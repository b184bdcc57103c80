/**
 * @radlab/kernel-lib: what a radlab notebook imports. The stages of a study (io → features →
 * stats → plots → display) export flat, and each is also a namespace (`stats.rocCurve`,
 * `plots.rocFigure`). Where two stages use one name (stats computes a baseline table, plots
 * formats one), the flat name belongs to stats and the namespace holds the other.
 */

export * from "./demo/index.js";
export * from "./display/index.js";
export * as display from "./display/index.js";
// In a notebook, rl.extractCohort shows live progress (display/progress.ts); features.extractCohort never displays.
export { extractCohort } from "./display/progress.js";
export * from "./errors.js";
export * from "./features/index.js";
export * as features from "./features/index.js";
export * from "./io/index.js";
export * as io from "./io/index.js";
export * as plots from "./plots/index.js";
export {
  baselineTable as formatBaselineTable,
  calibrationFigure,
  coefficientPathsFigure,
  coefficientTable,
  correlationHeatmapFigure,
  decisionCurveFigure,
  exportFigure,
  exportFigures,
  featureBoxplotFigure,
  figuresFromStudyResult,
  largestRoiSlice,
  lassoCvFigure,
  type PlotlyFigure,
  PUBLISHED_STUDY,
  publishedComparison,
  radScoreWaterfallFigure,
  resultsParagraph,
  rocFigure,
  roiMontageFigure,
  roiSliceFigure,
  roiSlicePanels,
  studyFigure,
  tableToCsv,
  tableToHtml,
  tableToLatex,
} from "./plots/index.js";
export * from "./scale/index.js";
export * as scale from "./scale/index.js";
export * from "./stats/index.js";
export * as stats from "./stats/index.js";
export type * from "./types.js";
export { RADLAB_VERSION } from "./version.js";
