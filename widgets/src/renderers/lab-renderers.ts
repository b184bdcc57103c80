/**
 * The MIME renderers radlab adds to a lab, in one list shared by the lab app and the prebuilt
 * extension: Plotly figures and radlab's widgets (slice viewer, λ explorer, feature table).
 */
import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";
import { rendererExtensions } from "./index.js";
import { plotlyExtension } from "./plotly.js";

export const radlabRendererExtensions: IRenderMime.IExtension[] = [plotlyExtension, ...rendererExtensions];
