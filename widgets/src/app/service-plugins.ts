/**
 * The service plugins of each mode of the lab: the only part of the app that differs between
 * modes (with the kernel). Server mode takes JupyterLab's own service manager, which talks to
 * Jupyter Server over HTTP and WebSockets (contents, kernels, sessions, settings, ...).
 * Browser mode (no server: JupyterLite's in-browser services and a kernel in a Web Worker)
 * builds its list from this one in browser-services.ts.
 */
import type { JupyterFrontEndPlugin } from "@jupyterlab/application";
import servicesExtension from "@jupyterlab/services-extension";

/** Server mode: every plugin of @jupyterlab/services-extension. */
export const serverServicePlugins = servicesExtension as unknown as JupyterFrontEndPlugin<unknown>[];
