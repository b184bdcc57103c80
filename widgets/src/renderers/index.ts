/**
 * radlab's widget renderers, one per MIME type, for the lab app (helper "lab" includes
 * `rendererExtensions`), the prebuilt extension and the standalone static bundle (static.ts).
 */
import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";
import { featureTableExtension } from "./feature-table.js";
import { lambdaExplorerExtension } from "./lambda-explorer.js";
import { sliceViewerExtension } from "./slice-viewer.js";

export { FeatureTableRenderer, featureTableExtension } from "./feature-table.js";
export { INSERT_CODE_EVENT, type InsertCodeDetail } from "./insert-code-event.js";
export { LambdaExplorerRenderer, lambdaExplorerExtension, useLambdaCode } from "./lambda-explorer.js";
export { SliceViewerRenderer, sliceViewerExtension } from "./slice-viewer.js";

/** The three widgets as JupyterLab MIME renderer extensions. */
export const rendererExtensions: IRenderMime.IExtension[] = [sliceViewerExtension, lambdaExplorerExtension, featureTableExtension];
