/**
 * radlab's renderers as a prebuilt JupyterLab 4 extension, for a JupyterLab a user already
 * runs: the MIME renderers the radlab lab is built with (Plotly figures, slice viewer, λ
 * explorer, feature table; one source, renderers/lab-renderers.ts). Its plugin entry
 * (plugin.ts) adds "Use this λ". Built by `npm run build:extension -w @radlab/widgets` into
 * widgets/dist/labextension, a folder a JupyterLab installs by copying it to
 * `<sys-prefix>/share/jupyter/labextensions/@radlab/jupyterlab-widgets` (or `jupyter
 * labextension develop --overwrite` on a checkout).
 */
import { radlabRendererExtensions } from "../renderers/lab-renderers.js";

export default radlabRendererExtensions;
