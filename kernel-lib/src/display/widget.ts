/**
 * What the widget emitters (sliceViewer, lambdaExplorer, featureTable) return: a payload for
 * the widget's MIME type and the bundle `show()` sends, the payload beside a text/html fallback
 * that is useful without radlab's front end (GitHub, nbviewer, a plain JupyterLab).
 */
import { RADLAB_VERSION } from "../version.js";
import type { MimeBundle } from "./tslab.js";
import type { PayloadProvenance, WidgetMimeType, WidgetPayload } from "./widget-payloads.js";

/** Options of a widget's bundle. */
export interface WidgetBundleOptions {
  /** Put plotly.js into a fallback that draws figures (show() does this once per notebook). */
  includePlotlyJs?: boolean;
}

/** A widget ready to show: its MIME type, its payload and how to make its bundle. */
export interface RadlabWidget<P extends WidgetPayload = WidgetPayload> {
  readonly mimeType: WidgetMimeType;
  readonly payload: P;
  /** The MIME bundle: payload, text/html fallback, text/plain summary. */
  bundle(options?: WidgetBundleOptions): MimeBundle;
  /** Whether the fallback draws Plotly figures (so show() knows plotly.js went with it). */
  readonly drawsFigures: boolean;
}

/** True for a value made by one of the widget emitters. */
export function isRadlabWidget(x: unknown): x is RadlabWidget {
  const w = x as RadlabWidget;
  return typeof x === "object" && x !== null && typeof w.mimeType === "string" && typeof w.bundle === "function" && typeof w.payload === "object";
}

/** Version and time of a payload. */
export function provenance(): PayloadProvenance {
  return { radlabVersion: RADLAB_VERSION, created: new Date().toISOString() };
}

/** "1.2 MB" for a byte count. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Inline style of the fallbacks' boxes (no stylesheet: the HTML must stand alone). */
export const FALLBACK_STYLE = "font-family:Arial,Helvetica,sans-serif;font-size:13px;line-height:1.4";
