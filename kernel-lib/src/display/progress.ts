/**
 * A progress line in a tslab notebook, redrawn in place (update_display_data on one display id):
 * a bar and a line of text, as text/plain and as escaped HTML.
 */
import type { CohortProgress } from "../features/cohort.js";
import { escapeHtml } from "./table-html.js";
import { displayMimeBundle, type TslabJupyter, tslabJupyter } from "./tslab.js";

let displays = 0;

/**
 * Returns `(fraction, text) => void` drawing `title`, a bar filled to `fraction` (0…1) and `text`
 * in one output that each call replaces; undefined outside a running tslab cell (nothing to draw on).
 */
export function progressDisplay(title: string, jupyter?: TslabJupyter): ((fraction: number, text: string) => void) | undefined {
  let kernel: TslabJupyter;
  try {
    kernel = jupyter ?? tslabJupyter();
  } catch {
    return undefined;
  }
  if (typeof kernel.lastWriteDisplayData !== "function") return undefined;
  const displayId = `radlab-progress-${process.pid}-${++displays}`;
  let first = true;
  return (fraction, text) => {
    const percent = Math.round(Math.min(Math.max(fraction, 0), 1) * 100);
    const bar = `[${"#".repeat(Math.round(percent / 5)).padEnd(20, ".")}]`;
    const html =
      `<div style="font-family: monospace"><strong>${escapeHtml(title)}</strong> ` +
      `<progress max="100" value="${percent}" style="vertical-align: middle"></progress> ${escapeHtml(text)}</div>`;
    displayMimeBundle({ "text/plain": `${title} ${bar} ${text}`, "text/html": html }, { displayId, update: !first }, kernel);
    first = false;
  };
}

/**
 * A local cohort's progress (`extractCohort(manifest, settings, { onProgress: cohortProgress() })`)
 * in the same in-place display as a Slurm run's: "cases 60/142 · 1 failed · 12 from cache".
 * Undefined outside a running tslab cell.
 */
export function cohortProgress(title = "radlab extract", jupyter?: TslabJupyter): ((progress: CohortProgress) => void) | undefined {
  const show = progressDisplay(title, jupyter);
  if (!show) return undefined;
  return (p) => {
    const failed = p.failed > 0 ? ` · ${p.failed} failed` : "";
    const cached = p.cached > 0 ? ` · ${p.cached} from cache` : "";
    show(p.done / Math.max(p.total, 1), `cases ${p.done}/${p.total}${failed}${cached}`);
  };
}
