/**
 * "Use this λ" in a lab: a widget asks for code to be inserted by dispatching the bubbling,
 * cancelable `radlab-insert-code` event (renderers/insert-code-event.ts) from its own node.
 * This plugin claims the event when the widget sits in a notebook's output: it inserts a
 * code cell with the code right below the cell whose output holds the widget, makes that
 * cell the active and only selected one (Shift-Enter runs it) and cancels the event so the
 * widget says "inserted" rather than offering the code to copy. Outside a notebook (a console,
 * an output view) the event goes unclaimed and the widget falls back to the clipboard.
 *
 * Uses only JupyterLab's public notebook API (INotebookTracker, NotebookActions), so the same
 * plugin runs in radlab's lab and, through the prebuilt extension, in a stock JupyterLab 4.
 */
import type { JupyterFrontEnd, JupyterFrontEndPlugin } from "@jupyterlab/application";
import { INotebookTracker, type Notebook, NotebookActions, type NotebookPanel } from "@jupyterlab/notebook";
import { INSERT_CODE_EVENT, type InsertCodeDetail } from "../renderers/insert-code-event.js";

/** Where a widget's node sits: the notebook panel and the index of the cell whose output holds it. */
interface WidgetPlace {
  panel: NotebookPanel;
  cellIndex: number;
}

/** The notebook cell (tracked by `tracker`) that contains `node`, if any. */
export function placeOf(tracker: INotebookTracker, node: Node): WidgetPlace | null {
  const panel = tracker.find((p) => p.content.node.contains(node));
  if (!panel) return null;
  const cellIndex = panel.content.widgets.findIndex((cell) => cell.node.contains(node));
  return cellIndex < 0 ? null : { panel, cellIndex };
}

/** Inserts a code cell holding `code` below cell `cellIndex` of `notebook` and makes it the active, selected cell. */
export function insertCodeBelow(notebook: Notebook, cellIndex: number, code: string): void {
  notebook.activeCellIndex = cellIndex;
  NotebookActions.insertBelow(notebook);
  // insertBelow makes the notebook's default cell type, which a user may have set to markdown.
  if (notebook.activeCell?.model.type !== "code") NotebookActions.changeCellType(notebook, "code");
  notebook.activeCell?.model.sharedModel.setSource(code);
}

function onInsertCode(app: JupyterFrontEnd, tracker: INotebookTracker, event: Event): void {
  const code = (event as CustomEvent<Partial<InsertCodeDetail>>).detail?.code;
  if (typeof code !== "string" || !(event.target instanceof Node)) return;
  const place = placeOf(tracker, event.target);
  if (!place) return;
  event.preventDefault();
  insertCodeBelow(place.panel.content, place.cellIndex, code);
  app.shell.activateById(place.panel.id);
  const cell = place.panel.content.activeCell;
  if (cell) void place.panel.content.scrollToCell(cell);
}

/** The plugin (see the module comment). */
export const insertCodePlugin: JupyterFrontEndPlugin<void> = {
  id: "@radlab/widgets:insert-code",
  description: "Inserts the code a radlab widget offers (\u201cUse this \u03bb\u201d) as a new cell below the widget's cell.",
  autoStart: true,
  requires: [INotebookTracker],
  activate: (app: JupyterFrontEnd, tracker: INotebookTracker) => {
    document.addEventListener(INSERT_CODE_EVENT, (event) => onInsertCode(app, tracker, event));
  },
};
