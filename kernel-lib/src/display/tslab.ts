/**
 * The one place radlab talks to tslab's kernel. tslab's public `display.raw(mime, s)` sends a
 * single MIME type; a figure needs a bundle (Plotly JSON plus a text/html fallback), which only
 * tslab's internal `lastWriteDisplayData({data, metadata, transient}, update)` of
 * `tslab/dist/jupyter` can send (tslab 1.0.22; see shared/docs/stack-notes.md). The test
 * display-tslab.test.ts fails if tslab changes that.
 */
import { createRequire } from "node:module";

/** MIME type → representation (string, or JSON for `application/*+json`). */
export type MimeBundle = Record<string, unknown>;

/** A Jupyter display_data message body, as tslab's writeDisplayData takes it. */
export interface DisplayMessage {
  data: MimeBundle;
  metadata: Record<string, unknown>;
  transient: { display_id?: string };
}

/** The part of tslab/dist/jupyter that radlab uses. */
export interface TslabJupyter {
  /** Set by tslab at the start of each cell to the function that sends display_data on iopub; null outside a kernel. */
  lastWriteDisplayData: ((message: DisplayMessage, update: boolean) => void) | null;
}

/** Thrown when a display is asked for outside a tslab kernel. */
export class NotInNotebookError extends Error {
  override readonly name = "NotInNotebookError";
  constructor(reason: string) {
    super(`show() displays in a tslab notebook kernel only (${reason}); outside one, use toMimeBundle(x) or exportFigure(fig, path)`);
  }
}

/**
 * The tslab/dist/jupyter module of the running kernel: the copy already loaded in this process
 * if there is one (the kernel's own, which holds the live writer), else the one installed beside radlab.
 */
export function tslabJupyter(): TslabJupyter {
  const require = createRequire(import.meta.url);
  const loaded = Object.keys(require.cache).find((path) => /[\\/]tslab[\\/]dist[\\/]jupyter\.js$/.test(path));
  if (loaded) return require.cache[loaded]?.exports as TslabJupyter;
  try {
    return require("tslab/dist/jupyter") as TslabJupyter;
  } catch (error) {
    throw new NotInNotebookError(`tslab is not installed: ${(error as Error).message.split("\n")[0]}`);
  }
}

/** Options of {@link displayMimeBundle}: metadata, and a display id to update an output in place. */
export interface DisplayBundleOptions {
  metadata?: Record<string, unknown>;
  /** Names the output so a later call with `update: true` replaces it in place. */
  displayId?: string;
  /** Replace the output named by displayId (update_display_data) instead of adding one. */
  update?: boolean;
}

/** Sends one MIME bundle to the notebook as display_data (or update_display_data). */
export function displayMimeBundle(data: MimeBundle, options: DisplayBundleOptions = {}, jupyter: TslabJupyter = tslabJupyter()): void {
  const write = jupyter.lastWriteDisplayData;
  if (typeof write !== "function") throw new NotInNotebookError("no cell is executing in a tslab kernel");
  write({ data, metadata: options.metadata ?? {}, transient: options.displayId ? { display_id: options.displayId } : {} }, options.update ?? false);
}

/** True while a cell is executing in a tslab kernel (so a display would reach the notebook). */
export function inNotebook(jupyter?: TslabJupyter): boolean {
  try {
    return typeof (jupyter ?? tslabJupyter()).lastWriteDisplayData === "function";
  } catch (error) {
    if (error instanceof NotInNotebookError) return false;
    throw error;
  }
}
