/**
 * One executed notebook as the body of a static page. Markdown through `marked` (raw HTML in it
 * is escaped: the page shows what was written, never markup smuggled in with data); code cells
 * foldable (`<details>`, closed for cells the author hid, e.g. exercise answers); outputs by
 * preference: a radlab widget's payload (drawn by the widget bundle when the site has it, its
 * text/html fallback otherwise), a Plotly figure's JSON (drawn by the shared plotly.js), then
 * HTML, Markdown, images and plain text. plotly.js, which a notebook carries once inline, is cut
 * out of every output: the site ships it once as an asset.
 */
import { Marked } from "marked";
import { PLOTLY_MIME, scriptJson } from "../display/plotly-html.js";
import { RECORD_MIME } from "../display/record.js";
import { escapeHtml } from "../display/table-html.js";
import { WIDGET_MIME_TYPES } from "../display/widget-payloads.js";
import { stripAnsi } from "./execute.js";
import { cellSource, mimeText, type Notebook, type NotebookCell, type NotebookOutput } from "./notebook.js";

/** Markdown with raw HTML shown as text. */
const markdown = new Marked({ gfm: true, renderer: { html: ({ text }) => escapeHtml(text) } });
export function renderMarkdown(text: string): string {
  return markdown.parse(text, { async: false }) as string;
}

/** radlab's inline plotly.js loader (display/plotly-html.ts, plotlyLoaderHtml), removed from outputs. */
const PLOTLY_LOADER = /<script type="text\/javascript">window\.__radlabDefine = window\.define;[\s\S]*?window\.__radlabPlotlyQueue = \[\];<\/script>/g;

/** What a page needs to know while rendering: a counter for element ids. */
interface RenderState {
  next: number;
}

function outputHtml(output: NotebookOutput, state: RenderState): string {
  if (output.output_type === "stream") {
    return `<pre class="rl-stream rl-${output.name === "stderr" ? "stderr" : "stdout"}">${escapeHtml(stripAnsi(mimeText(output.text ?? "")))}</pre>`;
  }
  if (output.output_type === "error") {
    const trace = (output.traceback ?? []).map(stripAnsi).join("\n");
    return `<pre class="rl-error">${escapeHtml(`${output.ename ?? "Error"}: ${output.evalue ?? ""}\n${trace}`)}</pre>`;
  }
  const data = output.data ?? {};
  const id = () => `rl-out-${state.next++}`;
  const widget = WIDGET_MIME_TYPES.find((mime) => mime in data);
  if (widget) {
    const host = id();
    const fallback = mimeText(data["text/html"] ?? "").replace(PLOTLY_LOADER, "");
    return (
      `<div class="rl-widget" id="${host}" data-mime="${escapeHtml(widget)}">${fallback || `<pre>${escapeHtml(mimeText(data["text/plain"] ?? ""))}</pre>`}</div>` +
      `<script type="application/json" data-widget-for="${host}">${scriptJson(data[widget])}</script>`
    );
  }
  if (PLOTLY_MIME in data) {
    const host = id();
    const figure = data[PLOTLY_MIME] as { layout?: { width?: number; height?: number } };
    const size = `width:${figure.layout?.width ?? 640}px;height:${figure.layout?.height ?? 480}px`;
    return `<div class="rl-plot" id="${host}" style="${size}"></div><script type="application/json" data-plot-for="${host}">${scriptJson(figure)}</script>`;
  }
  if (RECORD_MIME in data)
    return `<p class="rl-record">${escapeHtml(mimeText(data["text/plain"] ?? "recorded"))} (see <a href="provenance.html">provenance</a>)</p>`;
  if ("text/html" in data) return `<div class="rl-html">${mimeText(data["text/html"]).replace(PLOTLY_LOADER, "")}</div>`;
  if ("text/markdown" in data) return `<div class="rl-markdown">${renderMarkdown(mimeText(data["text/markdown"]))}</div>`;
  for (const mime of ["image/png", "image/jpeg"]) if (mime in data) return `<img alt="figure" src="data:${mime};base64,${mimeText(data[mime]).trim()}">`;
  if ("image/svg+xml" in data) return `<img alt="figure" src="data:image/svg+xml;base64,${Buffer.from(mimeText(data["image/svg+xml"])).toString("base64")}">`;
  if ("text/plain" in data) return `<pre class="rl-stream">${escapeHtml(mimeText(data["text/plain"]))}</pre>`;
  return "";
}

function cellHtml(cell: NotebookCell, index: number, state: RenderState): string {
  const anchor = `cell-${index + 1}`;
  if (cell.cell_type === "markdown") return `<section class="rl-cell rl-md" id="${anchor}">${renderMarkdown(cellSource(cell))}</section>`;
  if (cell.cell_type !== "code") return `<section class="rl-cell" id="${anchor}"><pre>${escapeHtml(cellSource(cell))}</pre></section>`;
  const hidden = cell.metadata?.jupyter?.source_hidden === true;
  // Cells are named by position, as the failure messages and the reporting page name them (tslab leaves execution counts empty).
  const label = `cell ${index + 1}${hidden ? " · answer (click to show)" : ""}`;
  const code = `<details class="rl-code"${hidden ? "" : " open"}><summary>${escapeHtml(label)}</summary><pre><code>${escapeHtml(cellSource(cell))}</code></pre></details>`;
  const outputs = (cell.outputs ?? []).map((o) => outputHtml(o, state)).join("\n");
  return `<section class="rl-cell rl-code-cell" id="${anchor}">${code}<div class="rl-outputs">${outputs}</div></section>`;
}

/** The body of a notebook's page: every cell in order, each an anchor `#cell-N` (1-based). */
export function notebookBodyHtml(notebook: Notebook): string {
  const state: RenderState = { next: 1 };
  return notebook.cells.map((cell, index) => cellHtml(cell, index, state)).join("\n");
}
