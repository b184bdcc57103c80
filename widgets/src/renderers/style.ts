/**
 * The widgets' stylesheet, added to the page once. Constant text (no data), so it is safe to
 * inject; it carries the few Lumino rules the data grid needs outside JupyterLab (in the lab
 * the theme already has them) and the widgets' own layout.
 */
const STYLE_ID = "radlab-widgets-style";

const CSS = `
.radlab-slice-viewer, .radlab-lambda-explorer, .radlab-feature-table { font-family: Arial, Helvetica, sans-serif; font-size: 12px; color: #222; }
.radlab-slice-viewer, .radlab-lambda-explorer, .radlab-feature-table { background: #fff; }
.radlab-slider { display: inline-flex; align-items: center; gap: 4px; }
.radlab-slice-canvas { position: absolute; inset: 0; width: 100%; height: 100%; }
.radlab-slider input[type=range] { width: 120px; }
.radlab-slice-pointer, .radlab-slice-diameter { font-variant-numeric: tabular-nums; padding: 2px 0; }
.radlab-lambda-controls { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; padding: 4px 0; }
.radlab-lambda-slider { width: 320px; }
.radlab-lambda-row { display: flex; flex-wrap: wrap; gap: 8px; align-items: flex-start; }
.radlab-lambda-side { min-width: 320px; max-width: 600px; }
.radlab-lambda-table, .radlab-feature-detail table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
.radlab-lambda-table th, .radlab-lambda-table td { padding: 1px 8px; border-bottom: 1px solid #e0e0e0; text-align: right; }
.radlab-lambda-table td:first-child, .radlab-lambda-table th:first-child { text-align: left; }
.radlab-flag { color: #a04000; font-weight: bold; }
.radlab-lambda-agreement, .radlab-lambda-status, .radlab-lambda-header, .radlab-feature-summary { color: #555; padding: 2px 0; }
.radlab-feature-controls { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; padding: 4px 0; }
.radlab-feature-grid { position: relative; height: 360px; border: 1px solid #ccc; }
.radlab-feature-grid .lm-DataGrid { position: absolute; inset: 0; }
.radlab-feature-detail { display: flex; flex-wrap: wrap; gap: 8px; align-items: flex-start; padding-top: 4px; }
.radlab-feature-table .lm-ScrollBar { display: flex; background: #f3f3f3; }
.radlab-feature-table .lm-ScrollBar[data-orientation='horizontal'] { flex-direction: row; min-height: 14px; }
.radlab-feature-table .lm-ScrollBar[data-orientation='vertical'] { flex-direction: column; min-width: 14px; }
.radlab-feature-table .lm-ScrollBar-button { flex: 0 0 14px; min-height: 14px; min-width: 14px; background: #e6e6e6; }
.radlab-feature-table .lm-ScrollBar-track { position: relative; overflow: hidden; flex: 1 1 auto; }
.radlab-feature-table .lm-ScrollBar-thumb { position: absolute; background: #bdbdbd; border-radius: 3px; }
.radlab-feature-table .lm-ScrollBar[data-orientation='horizontal'] .lm-ScrollBar-thumb { height: 100%; min-width: 14px; }
.radlab-feature-table .lm-ScrollBar[data-orientation='vertical'] .lm-ScrollBar-thumb { width: 100%; min-height: 14px; }
.radlab-widget-error ul { margin: 4px 0; }
`;

/** Adds the stylesheet to the document once. */
export function ensureStyle(): void {
  if (typeof document === "undefined" || document.getElementById(STYLE_ID)) return;
  const style = document.createElement("style");
  style.id = STYLE_ID;
  style.textContent = CSS;
  document.head.append(style);
}
