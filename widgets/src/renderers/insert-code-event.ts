/**
 * The one contract between a widget that offers code and the lab that can insert it: the
 * widget dispatches {@link INSERT_CODE_EVENT} (bubbling, cancelable) from its own node; a lab
 * plugin that inserts the code cancels it (preventDefault), and a widget whose event nobody
 * cancelled (a static page, a lab without radlab's plugin) offers the code to copy instead.
 * Kept apart from the renderers so the lab plugin imports no renderer.
 */

/** Name of the DOM event (detail: {@link InsertCodeDetail}). */
export const INSERT_CODE_EVENT = "radlab-insert-code";

/** The detail of {@link INSERT_CODE_EVENT}. */
export interface InsertCodeDetail {
  code: string;
}
