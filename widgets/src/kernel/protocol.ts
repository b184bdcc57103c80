/** Messages between the in-browser kernel (main thread) and its Web Worker. */

/** Main thread → worker. */
export type ToWorker =
  | {
      type: "init";
      filesUrl: string;
      contentsUrl?: string;
      assetsUrl?: string;
      cwd: string;
      env?: Record<string, string>;
      /** Read every file of the site into memory before saying ready (an executable site: offline after load). */
      cacheFiles?: boolean;
      /** The IndexedDB database of the lab's drive (files uploaded or saved in the lab), mirrored before each cell. */
      driveDatabase?: string;
    }
  | { type: "execute"; id: number; code: string }
  | { type: "complete"; id: number; code: string; cursor: number };

/** A MIME bundle (Jupyter's `data`). */
export type MimeData = Record<string, unknown>;

/** Worker → main thread. */
export type FromWorker =
  | { type: "ready" }
  | { type: "stream"; id: number; name: "stdout" | "stderr"; text: string }
  | { type: "display"; id: number; data: MimeData; metadata: Record<string, unknown>; transient: { display_id?: string }; update: boolean }
  | { type: "result"; id: number; data: MimeData }
  | { type: "error"; id: number; ename: string; evalue: string; traceback: string[] }
  | { type: "done"; id: number; status: "ok" | "error" }
  | { type: "completions"; id: number; matches: string[]; start: number; end: number };
