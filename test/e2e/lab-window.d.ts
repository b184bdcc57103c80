/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/** The lab's page as the e2e tests see it: radlab's lab sets `window.jupyterapp` (widgets/src/app/start.ts). */
import type { JupyterLab } from "@jupyterlab/application";

declare global {
  interface Window {
    jupyterapp?: JupyterLab;
  }
}
