/**
 * What executed notebooks show, found in their outputs: the records of `rl.record(x)` (the
 * study result, the extraction), and where each kind of evidence appears (a figure by its axis
 * titles, a table by its caption, a widget by its MIME type), so the reporting page can link
 * every answered item to the cell that shows it.
 */
import { PLOTLY_MIME } from "../display/plotly-html.js";
import { type ExtractionRecord, type PublicationRecord, RECORD_MIME } from "../display/record.js";
import { FEATURE_TABLE_MIME, LAMBDA_EXPLORER_MIME, SLICE_VIEWER_MIME } from "../display/widget-payloads.js";
import type { StudyResult } from "../stats/study.js";
import { mimeText, type Notebook, type NotebookOutput } from "./notebook.js";
import type { EvidenceKind, EvidenceLocation, RunEvidence } from "./reporting.js";

/** A notebook of the site: its page name and its executed content. */
export interface SiteNotebook {
  /** File name of the source, e.g. "05-reproduce-the-study.ipynb". */
  name: string;
  /** Its page on the site, e.g. "05-reproduce-the-study.html". */
  page: string;
  notebook: Notebook;
}

/** The kind of a Plotly figure, from its axis titles (plots/*.ts name their axes this way). */
function figureKind(figure: unknown): EvidenceKind | null {
  const text = JSON.stringify((figure as { layout?: unknown }).layout ?? {});
  if (text.includes("1 − Specificity")) return "roc";
  if (text.includes("Predicted probability") && text.includes("Observed proportion")) return "calibration";
  if (text.includes("Net benefit")) return "decision-curve";
  if (text.includes("log(λ)")) return text.includes('"Coefficient"') ? "coefficient-paths" : "lasso-cv";
  if (text.includes("Rad-score")) return "radscore-waterfall";
  return null;
}

const WIDGET_KINDS: [string, EvidenceKind][] = [
  [SLICE_VIEWER_MIME, "slice-viewer"],
  [LAMBDA_EXPLORER_MIME, "lambda-explorer"],
  [FEATURE_TABLE_MIME, "feature-table"],
];

/** The kinds of evidence one output shows. */
function outputKinds(output: NotebookOutput): EvidenceKind[] {
  const data = output.data ?? {};
  const kinds: EvidenceKind[] = [];
  for (const [mime, kind] of WIDGET_KINDS) if (mime in data) kinds.push(kind);
  if (PLOTLY_MIME in data) {
    const kind = figureKind(data[PLOTLY_MIME]);
    if (kind) kinds.push(kind);
  }
  if (RECORD_MIME in data) kinds.push((data[RECORD_MIME] as PublicationRecord).kind === "study-result" ? "study-result-record" : "extraction-record");
  const html = "text/html" in data && kinds.length === 0 ? mimeText(data["text/html"]) : "";
  if (html.includes("Baseline characteristics")) kinds.push("baseline-table");
  if (html.includes("Multiple logistic regression")) kinds.push("coefficients-table");
  if ("text/markdown" in data && mimeText(data["text/markdown"]).startsWith("**Results (")) kinds.push("results-paragraph");
  return kinds;
}

/** The records and evidence locations of the site's notebooks (the last record of a kind wins). */
export function collectEvidence(notebooks: SiteNotebook[]): RunEvidence {
  const locations: Partial<Record<EvidenceKind, EvidenceLocation[]>> = {};
  let result: StudyResult | null = null;
  let extraction: ExtractionRecord | null = null;
  for (const nb of notebooks) {
    nb.notebook.cells.forEach((cell, index) => {
      for (const output of cell.outputs ?? []) {
        const record = output.data?.[RECORD_MIME] as PublicationRecord | undefined;
        if (record?.kind === "study-result") result = record.result;
        if (record?.kind === "cohort-extraction") extraction = record;
        for (const kind of outputKinds(output)) {
          const list = locations[kind] ?? [];
          locations[kind] = list;
          if (!list.some((l) => l.page === nb.page && l.cell === index + 1)) list.push({ page: nb.page, notebook: nb.name, cell: index + 1 });
        }
      }
    });
  }
  return { result, extraction, locations, notebooks: notebooks.map((n) => n.name) };
}
