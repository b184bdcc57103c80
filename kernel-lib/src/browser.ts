/**
 * @radlab/kernel-lib/browser: the part of kernel-lib that runs in a web page (no Node
 * imports), for the widgets: the widget payload types and MIME types, the model at a λ
 * (stats/lambda-model.ts, the code runStudy uses) with the ROC it needs, and the Plotly figure
 * specs the widgets draw. The static bundle's build fails if anything here reaches Node.
 */
export {
  FEATURE_TABLE_MIME,
  type FeatureTableColumn,
  type FeatureTablePayload,
  LAMBDA_EXPLORER_MIME,
  type LambdaExplorerGroup,
  type LambdaExplorerPayload,
  type RoiSliceDiameter,
  SLICE_VIEWER_MIME,
  type SliceViewerPayload,
  type SliceViewerRoi,
  WIDGET_MIME_TYPES,
  type WidgetMimeType,
  type WidgetPayload,
} from "./display/widget-payloads.js";
export { RadlabInputError } from "./errors.js";
export { coefficientPathsFigure } from "./plots/coefficient-paths.js";
export { featureBoxplotFigure } from "./plots/feature-boxplot.js";
export type { PlotlyFigure } from "./plots/figure.js";
export { lassoCvFigure } from "./plots/lasso-cv.js";
export { aucLabel, rocFigure } from "./plots/roc.js";
export {
  type LambdaModel,
  type LambdaModelInput,
  type LambdaRoc,
  type LassoAtLambda,
  lassoAtLambda,
  modelAtLambda,
  type RefitAtLambda,
  radScores,
  refitAtLambda,
} from "./stats/lambda-model.js";
export type { LogisticModel } from "./stats/logistic.js";
export { type RocResult, rocCurve } from "./stats/roc.js";
