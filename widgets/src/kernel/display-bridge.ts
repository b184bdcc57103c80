/**
 * The display channel of the in-browser kernel, shaped like the part of tslab's
 * `tslab/dist/jupyter` that kernel-lib's display/tslab.ts calls (`lastWriteDisplayData`), so
 * `rl.show(x)` sends the same MIME bundles in both kernels. The worker points `write` at the
 * executing cell's output while the cell runs, and away from it after.
 */
export interface DisplayMessage {
  data: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  transient?: { display_id?: string };
}

type Writer = (message: DisplayMessage, update: boolean) => void;

let writer: Writer | null = null;

export const displayBridge = {
  /** As tslab's: null outside a running cell. */
  get lastWriteDisplayData(): Writer | null {
    return writer;
  },
};

/** Routes displays to `write` while a cell runs (null: none). */
export function setDisplayWriter(write: Writer | null): void {
  writer = write;
}
