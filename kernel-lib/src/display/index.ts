/** display: radlab values as Jupyter MIME bundles in a tslab notebook. */
export { PLOTLY_MIME, type PlotlyHtmlOptions, plotlyFigureHtml, plotlyFigurePage, plotlyLoaderHtml, scriptJson } from "./plotly-html.js";
export { figureBundle, type MimeBundleOptions, plotlyJsPending, resetNotebookState, type ShowOptions, show, toMimeBundle, toMimeBundles } from "./show.js";
export { type ArqueroLike, arqueroTableHtml, arqueroTableText, formatCell, isArqueroTable, type TableHtmlOptions } from "./table-html.js";
export {
  type DisplayBundleOptions,
  type DisplayMessage,
  displayMimeBundle,
  type MimeBundle,
  NotInNotebookError,
  type TslabJupyter,
  tslabJupyter,
} from "./tslab.js";
