/** display: radlab values as Jupyter MIME bundles in a tslab notebook, and the widgets' payloads. */
export { type FeatureTableOptions, featureTable, featureTableSummary, featureUnit } from "./feature-table.js";
export { LAMBDA_OPTION, type LambdaExplorerOptions, lambdaExplorer, lambdaExplorerSummary } from "./lambda-explorer.js";
export { PLOTLY_MIME, type PlotlyHtmlOptions, plotlyFigureHtml, plotlyFigurePage, plotlyLoaderHtml, scriptJson } from "./plotly-html.js";
export { type CohortProgressOptions, cohortProgress, formatDuration, progressDisplay, progressLine } from "./progress.js";
export { type ExtractionRecord, type PublicationRecord, publicationRecord, RECORD_MIME, record, recordBundle, type StudyResultRecord } from "./record.js";
export { figureBundle, type MimeBundleOptions, plotlyJsPending, resetNotebookState, type ShowOptions, show, toMimeBundle, toMimeBundles } from "./show.js";
export { type SliceViewerOptions, sliceViewer, sliceViewerSummary } from "./slice-viewer.js";
export { type ArqueroLike, arqueroTableHtml, arqueroTableText, escapeHtml, formatCell, isArqueroTable, type TableHtmlOptions } from "./table-html.js";
export {
  type DisplayBundleOptions,
  type DisplayMessage,
  displayMimeBundle,
  inNotebook,
  type MimeBundle,
  NotInNotebookError,
  type TslabJupyter,
  tslabJupyter,
} from "./tslab.js";
export { isRadlabWidget, type RadlabWidget, type WidgetBundleOptions } from "./widget.js";
export {
  FEATURE_TABLE_MIME,
  type FeatureTableColumn,
  type FeatureTablePayload,
  LAMBDA_EXPLORER_MIME,
  type LambdaExplorerGroup,
  type LambdaExplorerPayload,
  SLICE_VIEWER_MIME,
  type SliceViewerPayload,
  type SliceViewerRoi,
  WIDGET_MIME_TYPES,
  type WidgetMimeType,
  type WidgetPayload,
} from "./widget-payloads.js";
