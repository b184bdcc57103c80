/**
 * The service plugins of the lab's browser mode (no server): JupyterLite's in-browser services —
 * kernels, kernel specs, sessions, settings, contents in IndexedDB over the site's files — with
 * radlab's TypeScript kernel in a Web Worker and a kernel client whose interrupt reaches it;
 * from JupyterLab's own service plugins, those whose service JupyterLite does not provide (the
 * contents manager over its drive, connection status, server settings, the service manager),
 * never the terminals. Kept apart from service-plugins.ts so the server bundle carries none of it.
 */
import type { JupyterFrontEndPlugin } from "@jupyterlab/application";
import liteServicesExtension from "@jupyterlite/services-extension";
import { radlabKernelClientPlugin, radlabKernelPlugin } from "../kernel/plugin.js";
import { serverServicePlugins } from "./service-plugins.js";

export const browserServicePlugins: JupyterFrontEndPlugin<unknown>[] = (() => {
  const lite = (liteServicesExtension as unknown as JupyterFrontEndPlugin<unknown>[]).filter((p) => p.id !== "@jupyterlite/services-extension:kernel-client");
  const provided = new Set([...lite, radlabKernelClientPlugin].map((p) => p.provides).filter(Boolean));
  const fromLab = serverServicePlugins.filter((p) => !(p.provides && provided.has(p.provides)) && !/terminal/i.test(p.id));
  return [...lite, radlabKernelClientPlugin, radlabKernelPlugin as JupyterFrontEndPlugin<unknown>, ...fromLab];
})();
