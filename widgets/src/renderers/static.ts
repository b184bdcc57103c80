/**
 * The standalone bundle's entry (widgets/dist/static/radlab-widgets.js): the same renderers
 * outside JupyterLab, for static pages (`radlab publish`). Everything is inside the bundle
 * (NiiVue, the data grid, the schemas) but plotly.js, which the page loads first and the
 * renderers take from `window.Plotly` (scripts/build-static.mjs): it works offline, with no CDN.
 *
 *   const widget = await window.radlabWidgets.render(mimeType, data, hostElement);
 *   widget.dispose(); // removes it and frees its WebGL context
 */
import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";
import { Widget } from "@lumino/widgets";
import { WIDGET_MIME_TYPES } from "@radlab/kernel-lib/browser";
import { rendererExtensions } from "./index.js";

/** What `render` returns: the rendered widget (a Lumino widget attached to the host). */
export type RenderedWidget = IRenderMime.IRenderer;

/** Renders one widget payload into a host element. */
async function render(mimeType: string, data: unknown, host: HTMLElement): Promise<RenderedWidget> {
  const extension = rendererExtensions.find((e) => e.rendererFactory.mimeTypes.includes(mimeType));
  if (!extension) throw new Error(`radlabWidgets.render: no renderer for ${mimeType}; known: ${WIDGET_MIME_TYPES.join(", ")}`);
  const renderer = extension.rendererFactory.createRenderer({
    mimeType,
    sanitizer: { sanitize: () => "" },
    resolver: null,
    linkHandler: null,
    latexTypesetter: null,
  } as unknown as IRenderMime.IRendererOptions);
  Widget.attach(renderer, host);
  const model: IRenderMime.IMimeModel = {
    trusted: false,
    data: { [mimeType]: data } as IRenderMime.IMimeModel["data"],
    metadata: {},
    setData: () => {},
  };
  await renderer.renderModel(model);
  return renderer;
}

declare global {
  interface Window {
    radlabWidgets: { render: typeof render; mimeTypes: readonly string[] };
  }
}

window.radlabWidgets = { render, mimeTypes: WIDGET_MIME_TYPES };
