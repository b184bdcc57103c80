/**
 * `radlab publish`: notebooks → a static site a journal can host as supplementary material.
 * Each notebook is executed headless (nbconvert, tslab kernel; a failing cell stops the run
 * with the notebook and cell named), then written as a page whose Plotly figures and radlab
 * widgets draw from data embedded in the page: no server, no kernel, no CDN. plotly.js and the
 * widget bundle are shipped once, as shared assets. Beside the pages: an index, a provenance
 * page (the data manifest with file hashes, settings and seeds, radlab's and every package's
 * version, the machine, the run's date and duration), a reporting page (TRIPOD, CLEAR, RQS
 * items answered from the run), and manifest.json with the hash of every file of the site.
 */
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, extname, join, posix, relative, resolve } from "node:path";
import { escapeHtml } from "../display/table-html.js";
import { RadlabInputError } from "../errors.js";
import { plotlyScriptPath } from "../plots/export.js";
import { RADLAB_VERSION } from "../version.js";
import { BROWSER_LAB_PLOTLY, notebookSettings, writeBrowserSite } from "./browser-lab.js";
import { collectEvidence, type SiteNotebook } from "./evidence.js";
import { type ExecutedNotebook, executeNotebook } from "./execute.js";
import { findJupyterPython, jupyterEnvironment, projectRoot } from "./jupyter.js";
import { cellSource, type Notebook, notebookTitle } from "./notebook.js";
import { notebookBodyHtml, renderMarkdown } from "./notebook-html.js";
import { reportingItems } from "./reporting.js";
import { SITE_CSS, SITE_JS } from "./site-assets.js";
import { provenanceBody, provenanceData, reportingBody } from "./site-pages.js";

/** Options of {@link publishSite}. */
export interface PublishOptions {
  /** The notebooks, in the order of the site. */
  notebooks: string[];
  /** The site's folder (created; files of the same names are replaced). */
  out: string;
  /** The site's title (default: "Supplementary material"). */
  title?: string;
  /** Seconds a cell may run (default 900). */
  timeout?: number;
  /** Told when a notebook starts and ends. */
  onProgress?: (message: string) => void;
  /**
   * Also the lab in browser mode under run/ (publish/browser-lab.ts): these notebooks, and
   * `data` as their ../data folder, preloaded; the kernel in the reader's page.
   */
  executable?: { data?: string };
}

/** One file of the site. */
export interface SiteFile {
  path: string;
  bytes: number;
  sha256: string;
}

/** What was written. */
export interface PublishedSite {
  out: string;
  pages: string[];
  files: SiteFile[];
  bytes: number;
  durationMs: number;
  /** Whether the widgets are interactive (the widget bundle was found) or shown as their HTML fallback. */
  widgets: "interactive" | "fallback";
  /** With `executable`: the browser lab's page, relative to the site (run/lab/index.html). */
  lab?: string;
}

/** Where an executable site keeps its browser lab, and the lab's plotly.js that the pages share. */
const RUN = "run";
const RUN_PLOTLY = `${RUN}/${BROWSER_LAB_PLOTLY}`;

/** Where the widget bundle for static pages is built (widgets/dist/static, by the widgets package). */
export function widgetBundlePath(root: string = projectRoot()): string {
  return join(root, "widgets", "dist", "static", "radlab-widgets.js");
}

/** Executes the notebooks and writes the site (see the module comment). */
export async function publishSite(options: PublishOptions): Promise<PublishedSite> {
  const started = Date.now();
  const sources = options.notebooks.map((n) => resolve(n));
  if (sources.length === 0) throw new RadlabInputError("no notebook given");
  for (const source of sources) {
    if (!existsSync(source)) throw new RadlabInputError(`${source}: no such notebook`, source);
    if (extname(source) !== ".ipynb") throw new RadlabInputError(`${source}: not a Jupyter notebook (.ipynb)`, source);
  }
  const pageNames = sources.map((s) => `${basename(s, ".ipynb")}.html`);
  const duplicate = pageNames.find((p, n) => pageNames.indexOf(p) !== n);
  if (duplicate) throw new RadlabInputError(`two notebooks would both be published as ${duplicate}: rename one`);
  const python = findJupyterPython();
  if (!python) {
    throw new RadlabInputError(
      "Jupyter's nbconvert was not found: apt-get install python3-nbconvert python3-nbclient jupyter-client (or pip install nbconvert), or set RADLAB_PYTHON to a Python that has it",
    );
  }
  const env = jupyterEnvironment();

  const executed: ExecutedNotebook[] = [];
  for (const source of sources) {
    options.onProgress?.(`executing ${relative(process.cwd(), source)} …`);
    const run = await executeNotebook(source, { python, env, timeout: options.timeout });
    options.onProgress?.(`  done in ${(run.durationMs / 1000).toFixed(1)} s`);
    executed.push(run);
  }

  const data = options.executable?.data;
  if (data !== undefined && (!existsSync(data) || !statSync(data).isDirectory())) throw new RadlabInputError(`--data ${data}: not a folder`, data);
  const out = resolve(options.out);
  mkdirSync(join(out, "assets"), { recursive: true });
  mkdirSync(join(out, "notebooks"), { recursive: true });
  // an executable site's pages use its lab's plotly.js (shipped once)
  const plotly = options.executable ? RUN_PLOTLY : "assets/plotly.min.js";
  if (!options.executable) copyFileSync(plotlyScriptPath(), join(out, "assets", "plotly.min.js"));
  const bundle = widgetBundlePath();
  const widgets = existsSync(bundle) ? "interactive" : "fallback";
  if (widgets === "interactive") copyFileSync(bundle, join(out, "assets", "radlab-widgets.js"));
  writeFileSync(join(out, "assets", "site.css"), SITE_CSS);
  writeFileSync(join(out, "assets", "site.js"), SITE_JS);

  const title = options.title ?? "Supplementary material";
  const site: SiteNotebook[] = executed.map((run, n) => ({ name: basename(sources[n]), page: pageNames[n], notebook: run.notebook }));
  const nav = navigation(site);
  for (const [n, nb] of site.entries()) {
    writeFileSync(join(out, "notebooks", nb.name), `${JSON.stringify(stripOutputs(JSON.parse(readFileSync(sources[n], "utf8"))), null, 1)}\n`);
    const heading = notebookTitle(nb.notebook, nb.name);
    const body =
      `<p class="rl-meta">Executed ${escapeHtml(new Date(started).toISOString())} in ${(executed[n].durationMs / 1000).toFixed(1)} s · ` +
      `<a href="notebooks/${encodeURIComponent(nb.name)}">source notebook</a> · ` +
      (options.executable ? `<a href="${RUN}/lab/index.html?open=${encodeURIComponent(`notebooks/${nb.name}`)}">run it in your browser</a> · ` : "") +
      `<button type="button" data-fold="close">fold all code</button> <button type="button" data-fold="open">unfold all code</button></p>\n` +
      notebookBodyHtml(nb.notebook);
    writeFileSync(
      join(out, nb.page),
      page({ title: heading, site: title, nav, body, figures: true, widgets: widgets === "interactive", untitled: true, plotly }),
    );
  }
  if (options.executable) {
    writeBrowserSite(join(out, RUN), {
      folders: { notebooks: join(out, "notebooks"), ...(data ? { data: resolve(data) } : {}) },
      open: `notebooks/${site[0].name}`,
      title,
      kernelEnv: notebookSettings(),
    });
  }

  const evidence = collectEvidence(site);
  const items = reportingItems(evidence);
  writeFileSync(join(out, "reporting.html"), page({ title: "Reporting checklists", site: title, nav, body: reportingBody(items, evidence) }));
  const provenance = provenanceData({ python, executed, site, evidence, started, title, widgets });
  writeFileSync(join(out, "provenance.html"), page({ title: "Provenance", site: title, nav, body: provenanceBody(provenance, evidence) }));

  // The index carries the site's size, so it is written last, twice (its own size counted).
  const writeIndex = (bytes: number) =>
    writeFileSync(join(out, "index.html"), page({ title, site: title, nav, body: indexBody(site, executed, bytes, widgets, Boolean(options.executable)) }));
  writeIndex(0);
  const others = listFiles(out).filter((f) => f.path !== "manifest.json");
  writeIndex(others.reduce((s, f) => s + f.bytes, 0));
  const files = listFiles(out).filter((f) => f.path !== "manifest.json");
  writeFileSync(join(out, "manifest.json"), `${JSON.stringify({ ...provenance, files }, null, 1)}\n`);
  const all = listFiles(out);
  return {
    out,
    pages: ["index.html", ...pageNames, "provenance.html", "reporting.html"],
    files: all,
    bytes: all.reduce((s, f) => s + f.bytes, 0),
    durationMs: Date.now() - started,
    widgets,
    lab: options.executable ? `${RUN}/lab/index.html` : undefined,
  };
}

/** A copy of a notebook without outputs (the site's download is source; its outputs are the pages). */
function stripOutputs(notebook: Notebook): Notebook {
  return { ...notebook, cells: notebook.cells.map((c) => (c.cell_type === "code" ? { ...c, outputs: [], execution_count: null } : c)) };
}

/** Every file under the site, with its size and SHA-256. */
function listFiles(root: string, folder = root): SiteFile[] {
  return readdirSync(folder, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) return listFiles(root, path);
      const bytes = readFileSync(path);
      return [{ path: relative(root, path), bytes: statSync(path).size, sha256: createHash("sha256").update(bytes).digest("hex") }];
    });
}

function navigation(site: SiteNotebook[]): string {
  const links = [
    `<a href="index.html">Index</a>`,
    ...site.map((nb) => `<a href="${encodeURI(nb.page)}">${escapeHtml(basename(nb.name, ".ipynb"))}</a>`),
    `<a href="provenance.html">Provenance</a>`,
    `<a href="reporting.html">Reporting</a>`,
  ];
  return `<nav class="rl-nav">${links.join(" ")}</nav>`;
}

interface PageOptions {
  title: string;
  site: string;
  nav: string;
  body: string;
  figures?: boolean;
  widgets?: boolean;
  /** Leave out the page's own heading (a notebook page starts with the notebook's). */
  untitled?: boolean;
  /** plotly.js, relative to the site (default assets/plotly.min.js). */
  plotly?: string;
}

function page(o: PageOptions): string {
  const scripts = [
    o.figures ? `<script src="${o.plotly ?? "assets/plotly.min.js"}"></script>` : "",
    o.figures && o.widgets ? `<script src="assets/radlab-widgets.js"></script>` : "",
  ].join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(o.title)} · ${escapeHtml(o.site)}</title>
<link rel="stylesheet" href="assets/site.css">${scripts}
</head><body>
<header><p class="rl-site">${escapeHtml(o.site)}</p>${o.nav}</header>
<main>
${o.untitled ? "" : `<h1 class="rl-page-title">${escapeHtml(o.title)}</h1>\n`}${o.body}
</main>
<footer>Made with radlab ${escapeHtml(RADLAB_VERSION)} · <a href="provenance.html">provenance</a></footer>
<script src="assets/site.js"></script>
</body></html>
`;
}

/** The first paragraph after a notebook's title (its "what it does"). */
function summary(notebook: Notebook): string {
  const first = notebook.cells.find((c) => c.cell_type === "markdown");
  const paragraph = first
    ? cellSource(first)
        .split(/\n\s*\n/)
        .find((p) => !p.trim().startsWith("#"))
    : undefined;
  return paragraph ? renderMarkdown(paragraph) : "";
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${(bytes / 1024).toFixed(0)} kB`;
}

function indexBody(site: SiteNotebook[], executed: ExecutedNotebook[], bytes: number, widgets: string, executable: boolean): string {
  const rows = site
    .map(
      (nb, n) =>
        `<li><a href="${encodeURI(nb.page)}">${escapeHtml(notebookTitle(nb.notebook, nb.name))}</a> <span class="rl-meta">(${(executed[n].durationMs / 1000).toFixed(1)} s)</span>${summary(nb.notebook)}</li>`,
    )
    .join("\n");
  const run = executable
    ? `<p id="run-in-browser"><strong><a href="${RUN}/lab/index.html">Run these notebooks in your browser</a></strong>: ` +
      "JupyterLab with a TypeScript kernel in the page, the notebooks and their data preloaded; press Run All (Run menu). " +
      "Nothing is sent anywhere. Browsers do not run it from a folder on disk (file://): serve the site's folder first, in one command, " +
      `<code>python3 -m http.server --bind 127.0.0.1 --directory SITE 8000</code>, then open <code>http://127.0.0.1:8000/${RUN}/lab/</code>.</p>\n`
    : "";
  return (
    `<p>Executable notebooks, run top to bottom for this site with radlab ${escapeHtml(RADLAB_VERSION)}. Figures and widgets work offline from the data in each page` +
    `${widgets === "fallback" ? " (the widgets are shown as their static fallback: radlab's widget bundle was not built when this site was made)" : ""}; code cells fold.</p>\n` +
    run +
    `<ol class="rl-index">${rows}</ol>\n` +
    `<p><a href="provenance.html">Provenance</a>: data manifest with file hashes, settings and seeds, versions, machine, date and duration. ` +
    `<a href="reporting.html">Reporting</a>: the TRIPOD, CLEAR and RQS items this analysis answers, and those it cannot.</p>\n` +
    `<p class="rl-meta" id="site-size">This site: ${formatBytes(bytes)} in total; plotly.js${widgets === "interactive" ? " and the widget bundle are" : " is"} shipped once` +
    `${executable ? ` (plotly.js in ${posix.dirname(RUN_PLOTLY)}/, shared by the pages and the lab)` : " in assets/"}.</p>`
  );
}
