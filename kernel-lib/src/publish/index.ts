/** publish: notebooks executed headless and written as a static site (`radlab publish`). */
export { collectEvidence, type SiteNotebook } from "./evidence.js";
export { type ExecutedNotebook, type ExecuteOptions, executeNotebook, NotebookExecutionError } from "./execute.js";
export { findJupyterPython, jupyterEnvironment, jupyterVersions, projectRoot } from "./jupyter.js";
export { type Notebook, type NotebookCell, type NotebookOutput, notebookTitle } from "./notebook.js";
export { notebookBodyHtml, renderMarkdown } from "./notebook-html.js";
export { type EvidenceKind, type EvidenceLocation, type ReportingItem, type RunEvidence, reportingItems, rqsPoints } from "./reporting.js";
export { type PublishedSite, type PublishOptions, publishSite, type SiteFile, widgetBundlePath } from "./site.js";
