// Loads a federated JupyterLab extension as JupyterLab's page does and renders one MIME bundle
// with its renderers into #host. window.radlabLoadExtension(url, name, mimeType, data) → the
// renderer classes' names (for the test to check what ran).
import * as datagrid from "@lumino/datagrid";
import { Widget } from "@lumino/widgets";

// Webpack provides a shared package only when the host uses it: the feature table takes the grid from here.
window.radlabHostDataGrid = datagrid.DataGrid;

function loadScript(url) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = url;
    script.onload = resolve;
    script.onerror = () => reject(new Error(`cannot load ${url}`));
    document.head.append(script);
  });
}

window.radlabLoadExtension = async (url, name, mimeType, data) => {
  await loadScript(url);
  await __webpack_init_sharing__("default");
  const container = window._JUPYTERLAB[name];
  await container.init(__webpack_share_scopes__.default);
  const extensions = (await container.get("./mimeExtension"))().default;
  const extension = extensions.find((e) => e.rendererFactory.mimeTypes.includes(mimeType));
  const renderer = extension.rendererFactory.createRenderer({ mimeType, sanitizer: null, resolver: null, linkHandler: null, latexTypesetter: null });
  Widget.attach(renderer, document.getElementById("host"));
  await renderer.renderModel({ data: { [mimeType]: data }, metadata: {}, trusted: false, setData() {} });
  return { rendered: renderer.node.className, sameWidget: renderer instanceof Widget };
};
