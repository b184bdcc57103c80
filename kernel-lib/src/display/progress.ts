/**
 * Progress in a tslab notebook, redrawn in place (update_display_data on one display id): a
 * bar and a line of text, as text/plain and as escaped HTML (`progressDisplay`, also used by
 * rl.slurmExtract); on top of it a cohort extraction's progress (`cohortProgress`): cases done /
 * total, failures so far, cases from the cache and the time left, then a summary line when the
 * last case is in.
 *
 *   const extraction = await rl.extractCohort(manifest, settings, { workers: 2 }); // in a notebook: progress shown
 *   … extractCohort(manifest, settings, { onProgress: rl.cohortProgress({ label: "re-extract" }) })
 *
 * features/ knows nothing of notebooks: it only calls onProgress; this module turns that into
 * display messages through the one tslab helper (tslab.ts).
 */
import { type CohortProgress, extractCohort as extractCohortQuietly } from "../features/cohort.js";
import { escapeHtml } from "./table-html.js";
import { displayMimeBundle, inNotebook, type TslabJupyter, tslabJupyter } from "./tslab.js";

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

/** Options of {@link cohortProgress}. */
export interface CohortProgressOptions {
  /** The display's title (default "radlab extract", as rl.slurmExtract's). */
  label?: string;
  /** At most one redraw per this many ms, besides the first and the last (default 250). */
  minIntervalMs?: number;
  /** Test hooks: the clock (ms) and the tslab module. */
  now?: () => number;
  jupyter?: TslabJupyter;
}

/** "1 h 02 min", "3 min 05 s", "12 s". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, "0")} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, "0")} min`;
}

/**
 * The progress text, "cases 37/142 · 2 failed · 12 from cache · about 1 min 12 s left (last:
 * NPC037)", or when done the summary "done: 142 cases in 3 min 05 s · 2 failed · 12 from cache".
 */
export function progressLine(p: CohortProgress, elapsedMs: number): string {
  const failed = p.failed > 0 ? ` · ${p.failed} failed` : "";
  const cached = p.cached > 0 ? ` · ${p.cached} from cache` : "";
  if (p.done >= p.total) return `done: ${p.total} cases in ${formatDuration(elapsedMs)}${failed}${cached}`;
  // Time left from the pace so far; cached cases are near-instant, so they do not set the pace.
  const paced = p.done - p.cached;
  const left = paced > 0 ? `about ${formatDuration((elapsedMs / paced) * (p.total - p.done))} left` : "estimating time left";
  return `cases ${p.done}/${p.total}${failed}${cached} · ${left} (last: ${p.id})`;
}

/**
 * An onProgress callback for extractCohort showing the cohort's progress in the running cell
 * (see the module comment), redrawn at most once per `minIntervalMs` besides the last;
 * undefined outside a running tslab cell.
 */
export function cohortProgress(options: CohortProgressOptions = {}): ((progress: CohortProgress) => void) | undefined {
  const show = progressDisplay(options.label ?? "radlab extract", options.jupyter);
  if (!show) return undefined;
  const now = options.now ?? (() => performance.now());
  const interval = options.minIntervalMs ?? 250;
  const started = now();
  let lastShown = -Infinity;
  return (progress) => {
    const t = now();
    if (progress.done < progress.total && t - lastShown < interval) return;
    lastShown = t;
    show(progress.total > 0 ? progress.done / progress.total : 1, progressLine(progress, t - started));
  };
}

/**
 * extractCohort as a notebook calls it (`rl.extractCohort`): in a running tslab cell, without an
 * onProgress of its own, it shows {@link cohortProgress}; otherwise it is features/cohort.ts's
 * extractCohort unchanged.
 */
export function extractCohort(...[manifest, settings, options = {}]: Parameters<typeof extractCohortQuietly>): ReturnType<typeof extractCohortQuietly> {
  const onProgress = options.onProgress ?? (inNotebook() ? cohortProgress() : undefined);
  return extractCohortQuietly(manifest, settings, { ...options, onProgress });
}
