/**
 * The lab's entry point in browser mode (no server; JupyterLite's services and radlab's
 * TypeScript kernel in a Web Worker): `radlab lab --browser`, `npm start` without Jupyter
 * Server, and the sites `radlab publish --executable` writes. The notebook opened first is the
 * URL's `open` parameter, else the page config's `radlabOpen`.
 */
import { PageConfig } from "@jupyterlab/coreutils";
import { browserServicePlugins } from "./browser-services.js";
import { startLab } from "./start.js";

void startLab({ servicePlugins: browserServicePlugins }).then(async (lab) => {
  // `?open=notebooks/x.ipynb` (a published page's "run this notebook" link), else the site's first notebook
  const open = new URLSearchParams(window.location.search).get("open") || PageConfig.getOption("radlabOpen");
  if (open) await lab.commands.execute("docmanager:open", { path: open, factory: "Notebook", kernel: { name: "radlab-ts" } });
});
