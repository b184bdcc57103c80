/**
 * Starts radlab's lab in the page, the way JupyterLab's own entry point does since 4.4: the
 * service manager is itself resolved from plugins (the mode's service plugins), then the
 * application is built on it with the shared front-end and MIME renderer lists.
 */
import { type JupyterFrontEndPlugin, JupyterLab } from "@jupyterlab/application";
import { JupyterPluginRegistry, PageConfig, URLExt } from "@jupyterlab/coreutils";
import { IConnectionStatus, IServiceManager } from "@jupyterlab/services";
import { prefetchPlotly } from "./page-plotly.js";
import { labMimeExtensions, labPlugins } from "./plugins.js";

/** Where the lab build puts plotly.js, under the static folder (widgets/webpack.config.cjs PLOTLY_ASSET). */
const PLOTLY_ASSET = "radlab/plotly.min.js";

export interface LabMode {
  /** The plugins that provide the service manager (server or browser). */
  servicePlugins: JupyterFrontEndPlugin<unknown>[];
}

declare global {
  interface Window {
    /** The running lab, for tests and debugging; set only when page config `exposeAppInBrowser` is true. */
    jupyterapp?: JupyterLab;
  }
}

export async function startLab(mode: LabMode): Promise<JupyterLab> {
  // fetched now, while the lab starts, evaluated on the first figure (page-plotly.ts)
  prefetchPlotly(URLExt.join(PageConfig.getOption("fullStaticUrl"), PLOTLY_ASSET));
  const enabled = (p: JupyterFrontEndPlugin<unknown>) => !PageConfig.Extension.isDisabled(p.id);
  const registry = new JupyterPluginRegistry();
  registry.registerPlugins([...mode.servicePlugins, ...labPlugins].filter(enabled));
  const connectionStatus = await registry.resolveOptionalService(IConnectionStatus);
  const serviceManager = await registry.resolveRequiredService(IServiceManager);
  // One module per renderer, marked as ES modules (JupyterLab reads an unmarked object as CommonJS exports).
  const mimeExtensions = labMimeExtensions.filter((e) => !PageConfig.Extension.isDisabled(e.id)).map((e) => ({ __esModule: true, default: e }));
  const lab = new JupyterLab({ pluginRegistry: registry, serviceManager, connectionStatus: connectionStatus ?? undefined, mimeExtensions });
  if (PageConfig.getOption("exposeAppInBrowser").toLowerCase() === "true") window.jupyterapp = lab;
  await lab.start({ bubblingKeydown: true });
  await lab.restored;
  return lab;
}
