/**
 * The two record pages of a published site (publish/site.ts writes them): provenance.html,
 * what produced the run (data manifest and hashes, settings and seeds, versions, machine,
 * date, duration), and reporting.html, the TRIPOD, CLEAR and RQS items answered from the run
 * with links to where the notebooks show them. Every value shown is escaped.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { arch, cpus, release, totalmem, type } from "node:os";
import { basename, join } from "node:path";
import { escapeHtml } from "../display/table-html.js";
import { RADLAB_VERSION } from "../version.js";
import type { SiteNotebook } from "./evidence.js";
import type { ExecutedNotebook } from "./execute.js";
import { jupyterVersions, projectRoot } from "./jupyter.js";
import { type EvidenceKind, type ReportingItem, type RunEvidence, rqsPoints } from "./reporting.js";

/** Everything the provenance page and manifest.json record. */
export interface Provenance {
  radlab: string;
  title: string;
  created: string;
  durationMs: number;
  command: string[];
  notebooks: { name: string; page: string; sha256: string; durationMs: number }[];
  environment: Record<string, string>;
  machine: Record<string, string | number>;
  versions: { node: string; tslab: string; plotly: string; widgets: string; python: Record<string, string>; npm: Record<string, string> };
}

function packageVersion(name: string, root: string): string {
  try {
    return (JSON.parse(readFileSync(join(root, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "not installed";
  }
}

/** name → version of every package in the project's lock file. */
function lockedPackages(root: string): Record<string, string> {
  const lock = join(root, "package-lock.json");
  if (!existsSync(lock)) return {};
  const packages = (JSON.parse(readFileSync(lock, "utf8")) as { packages?: Record<string, { version?: string }> }).packages ?? {};
  const out: Record<string, string> = {};
  for (const [path, p] of Object.entries(packages)) {
    const at = path.lastIndexOf("node_modules/");
    if (at < 0 || !p.version) continue;
    const name = path.slice(at + "node_modules/".length);
    out[name] = out[name] && out[name] !== p.version ? `${out[name]}, ${p.version}` : p.version;
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

export function provenanceData(o: {
  python: string;
  executed: ExecutedNotebook[];
  site: SiteNotebook[];
  evidence: RunEvidence;
  started: number;
  title: string;
  widgets: string;
}): Provenance {
  const root = projectRoot();
  const cpu = cpus();
  return {
    radlab: RADLAB_VERSION,
    title: o.title,
    created: new Date(o.started).toISOString(),
    durationMs: Date.now() - o.started,
    command: ["radlab", ...process.argv.slice(2)],
    notebooks: o.site.map((nb, n) => ({
      name: nb.name,
      page: nb.page,
      sha256: createHash("sha256").update(readFileSync(o.executed[n].path)).digest("hex"),
      durationMs: o.executed[n].durationMs,
    })),
    environment: Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith("RADLAB_")) as [string, string][]),
    machine: {
      os: `${type()} ${release()}`,
      arch: arch(),
      cpu: cpu[0]?.model ?? "unknown",
      cores: cpu.length,
      memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    },
    versions: {
      node: process.version,
      tslab: packageVersion("tslab", root),
      plotly: packageVersion("plotly.js-dist-min", root),
      widgets: o.widgets,
      python: { interpreter: o.python, ...jupyterVersions(o.python) },
      npm: lockedPackages(root),
    },
  };
}

const row = (cells: string[]) => `<tr>${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join("")}</tr>`;
const table = (head: string[], rows: string[][], caption?: string) =>
  `<table class="rl-table">${caption ? `<caption>${escapeHtml(caption)}</caption>` : ""}<thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr></thead><tbody>${rows.map(row).join("")}</tbody></table>`;
const pre = (value: unknown) => `<pre class="rl-stream">${escapeHtml(JSON.stringify(value, null, 1))}</pre>`;

export function provenanceBody(p: Provenance, evidence: RunEvidence): string {
  const parts: string[] = [];
  parts.push(
    "<h2>The run</h2>",
    table(
      ["", ""],
      [
        ["date", p.created],
        ["duration", `${(p.durationMs / 1000).toFixed(1)} s`],
        ["command", p.command.join(" ")],
        ["radlab", p.radlab],
        ...Object.entries(p.environment).map(([k, v]) => [`environment ${k}`, v]),
      ],
    ),
    table(
      ["notebook", "SHA-256 of the source", "duration"],
      p.notebooks.map((n) => [n.name, n.sha256, `${(n.durationMs / 1000).toFixed(1)} s`]),
    ),
    "<h2>The machine</h2>",
    table(
      ["", ""],
      Object.entries(p.machine).map(([k, v]) => [k, String(v)]),
    ),
  );
  const e = evidence.extraction;
  parts.push("<h2>The data</h2>");
  if (e) {
    parts.push(
      `<p>Manifest ${escapeHtml(e.manifest.path)}, SHA-256 <code>${escapeHtml(e.manifest.sha256)}</code>; ${e.cases} cases extracted, ${e.failures.length} failed, ${e.warnings} warnings; radlab ${escapeHtml(e.radlabVersion)}.</p>`,
      "<h3>Extraction settings</h3>",
      pre(e.settings),
      `<details><summary>SHA-256 of every image and mask (${Object.keys(e.inputHashes).length} cases)</summary>`,
      table(
        ["case", "image", "mask"],
        Object.entries(e.inputHashes).map(([id, h]) => [id, h.image, h.mask]),
      ),
      "</details>",
    );
    if (e.failures.length)
      parts.push(
        table(
          ["case", "file", "reason"],
          e.failures.map((f) => [f.id, f.file, f.reason]),
          "Failed cases",
        ),
      );
  } else parts.push("<p>No extraction was recorded: call <code>rl.record(extraction)</code> in a notebook to list the data files and their hashes here.</p>");
  const r = evidence.result;
  parts.push("<h2>Settings and seeds of the study</h2>");
  if (r)
    parts.push(
      `<p>Seed ${r.settings.seed}; feature table ${escapeHtml(r.data.source)}; radlab ${escapeHtml(r.provenance.radlabVersion)} (${escapeHtml(r.provenance.created)}).</p>`,
      pre(r.settings),
    );
  else parts.push("<p>No study result was recorded: call <code>rl.record(result)</code> in a notebook to show its settings and seed here.</p>");
  parts.push(
    "<h2>Versions</h2>",
    table(
      ["", ""],
      [
        ["node", p.versions.node],
        ["tslab", p.versions.tslab],
        ["plotly.js", p.versions.plotly],
        ["radlab widgets", p.versions.widgets],
        ...Object.entries(p.versions.python).map(([k, v]) => [k, v]),
      ],
    ),
    `<details><summary>Every npm package of the project (${Object.keys(p.versions.npm).length}, from package-lock.json)</summary>`,
    table(["package", "version"], Object.entries(p.versions.npm)),
    "</details>",
    `<p>Every file of this site with its SHA-256: <a href="manifest.json">manifest.json</a>.</p>`,
  );
  return parts.join("\n");
}

const EVIDENCE_LABELS: Record<EvidenceKind, string> = {
  "extraction-record": "extraction record",
  "study-result-record": "study result record",
  "feature-table": "feature table",
  "slice-viewer": "slice viewer",
  "lambda-explorer": "λ explorer",
  "lasso-cv": "LASSO CV curve",
  "coefficient-paths": "coefficient paths",
  "radscore-waterfall": "Rad-score waterfall",
  roc: "ROC curves",
  calibration: "calibration curves",
  "decision-curve": "decision curves",
  "coefficients-table": "coefficient table",
  "baseline-table": "baseline tables",
  "results-paragraph": "results paragraph",
};

function whereHtml(item: ReportingItem, evidence: RunEvidence): string {
  const links = item.where.flatMap((kind) =>
    (evidence.locations[kind] ?? [])
      .slice(0, 2)
      .map(
        (l) =>
          `<a href="${encodeURI(l.page)}#cell-${l.cell}">${escapeHtml(`${basename(l.notebook, ".ipynb")}, cell ${l.cell}`)}</a> (${escapeHtml(EVIDENCE_LABELS[kind])})`,
      ),
  );
  return links.length ? links.join("<br>") : item.where.length ? "recorded; not shown in these notebooks" : "this site";
}

export function reportingBody(items: ReportingItem[], evidence: RunEvidence): string {
  const parts: string[] = [
    `<p>Each item below is answered from this run's records (the study result and the extraction recorded with <code>rl.record</code>), with a link to where the notebooks show it. ` +
      `Items a run cannot answer are listed after, for the authors. Item texts are short paraphrases; the checklists are TRIPOD 2015 (with TRIPOD+AI 2024 where it adds), CLEAR 2023 and the Radiomics Quality Score (2017). ` +
      `CLEAR and TRIPOD+AI items are named by section and topic.</p>`,
  ];
  if (!evidence.result) parts.push(`<p class="rl-warning">No study result was recorded in these notebooks, so most items are unanswered.</p>`);
  for (const checklist of ["TRIPOD 2015", "TRIPOD+AI", "CLEAR", "RQS"] as const) {
    const own = items.filter((i) => i.checklist === checklist);
    const answered = own.filter((i) => i.value !== null);
    const open = own.filter((i) => i.value === null);
    parts.push(`<h2>${escapeHtml(checklist)}</h2>`);
    if (checklist === "RQS") {
      const score = rqsPoints(items);
      parts.push(
        `<p>Points from the ${score.answered} items this run answers: <strong>${score.points}</strong> of ${score.max} (the other items can add to it).</p>`,
      );
    }
    parts.push(
      `<table class="rl-table rl-answered"><thead><tr><th>item</th><th>topic</th><th>from this run</th><th>shown in</th></tr></thead><tbody>` +
        answered
          .map(
            (i) =>
              `<tr><td>${escapeHtml(i.item)}</td><td>${escapeHtml(i.topic)}</td><td>${escapeHtml(i.value ?? "")}</td><td>${whereHtml(i, evidence)}</td></tr>`,
          )
          .join("") +
        "</tbody></table>",
    );
    if (open.length)
      parts.push(
        `<h3>Not answerable from the run</h3>`,
        table(
          ["item", "topic", "why"],
          open.map((i) => [i.item, i.topic, i.why ?? ""]),
        ),
      );
  }
  return parts.join("\n");
}
