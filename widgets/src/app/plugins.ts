/**
 * What radlab's lab is made of, as JupyterLab's `examples/app` assembles a lab: a list of
 * JupyterLab's own front-end plugins and a list of MIME renderers. Both modes of the lab
 * (server mode on Jupyter Server, and later a browser mode on JupyterLite's services) share
 * these lists; they differ only in their service plugins (`service-plugins.ts`) and kernel.
 *
 * Every package imported here is also named in package.json's `jupyterlab.extensions`, from
 * which the webpack build copies setting schemas and themes (a unit test keeps the two equal).
 */
import type { JupyterFrontEndPlugin } from "@jupyterlab/application";
import applicationExtension from "@jupyterlab/application-extension";
import apputilsExtension from "@jupyterlab/apputils-extension";
import codemirrorExtension from "@jupyterlab/codemirror-extension";
import completerExtension from "@jupyterlab/completer-extension";
import consoleExtension from "@jupyterlab/console-extension";
import docmanagerExtension from "@jupyterlab/docmanager-extension";
import documentsearchExtension from "@jupyterlab/documentsearch-extension";
import filebrowserExtension from "@jupyterlab/filebrowser-extension";
import fileeditorExtension from "@jupyterlab/fileeditor-extension";
import helpExtension from "@jupyterlab/help-extension";
import jsonExtension from "@jupyterlab/json-extension";
import launcherExtension from "@jupyterlab/launcher-extension";
import mainmenuExtension from "@jupyterlab/mainmenu-extension";
import markdownviewerExtension from "@jupyterlab/markdownviewer-extension";
import markedparserExtension from "@jupyterlab/markedparser-extension";
import mathjaxExtension from "@jupyterlab/mathjax-extension";
import metadataformExtension from "@jupyterlab/metadataform-extension";
import notebookExtension from "@jupyterlab/notebook-extension";
import rendermimeExtension from "@jupyterlab/rendermime-extension";
import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";
import runningExtension from "@jupyterlab/running-extension";
import shortcutsExtension from "@jupyterlab/shortcuts-extension";
import statusbarExtension from "@jupyterlab/statusbar-extension";
import themeLightExtension from "@jupyterlab/theme-light-extension";
import tocExtension from "@jupyterlab/toc-extension";
import tooltipExtension from "@jupyterlab/tooltip-extension";
import translationExtension from "@jupyterlab/translation-extension";
import uiComponentsExtension from "@jupyterlab/ui-components-extension";
import { radlabRendererExtensions } from "../renderers/lab-renderers.js";
import { insertCodePlugin } from "./insert-code.js";

/** A package's default export: one plugin or a list of them. */
type PluginExport = JupyterFrontEndPlugin<unknown> | readonly JupyterFrontEndPlugin<unknown>[];

/**
 * Plugins left out, and why:
 * - `announcements`: fetches JupyterLab's news feed and checks for updates (radlab's lab never
 *   phones out, and Jupyter Server has no news API: each check would be a 404).
 * - `:language-server`: needs @jupyterlab/lsp's connection manager and a language server,
 *   neither of which radlab runs (JupyterLab's examples/app leaves them out the same way).
 */
export function isLeftOut(id: string): boolean {
  return id === "@jupyterlab/apputils-extension:announcements" || id.includes(":language-server");
}

function pluginsOf(...exports: PluginExport[]): JupyterFrontEndPlugin<unknown>[] {
  return exports.flatMap((e) => (Array.isArray(e) ? [...e] : [e as JupyterFrontEndPlugin<unknown>])).filter((p) => !isLeftOut(p.id));
}

/**
 * JupyterLab's front end (file browser, notebooks, console, editor, command palette, menus,
 * table of contents) and radlab's own plugin: "Use this λ" inserts a cell (insert-code.ts).
 */
export const labPlugins: JupyterFrontEndPlugin<unknown>[] = pluginsOf(
  applicationExtension,
  apputilsExtension,
  codemirrorExtension,
  completerExtension,
  consoleExtension,
  docmanagerExtension,
  documentsearchExtension,
  filebrowserExtension,
  fileeditorExtension,
  helpExtension,
  launcherExtension,
  mainmenuExtension,
  markdownviewerExtension,
  markedparserExtension,
  mathjaxExtension,
  metadataformExtension,
  notebookExtension,
  rendermimeExtension,
  runningExtension,
  shortcutsExtension,
  statusbarExtension,
  themeLightExtension,
  tocExtension,
  tooltipExtension,
  translationExtension,
  uiComponentsExtension,
  insertCodePlugin,
);

/** MIME renderers: JupyterLab's JSON viewer, and radlab's (Plotly figures and the radlab widgets). */
export const labMimeExtensions: IRenderMime.IExtension[] = [...[jsonExtension].flat(), ...radlabRendererExtensions];
