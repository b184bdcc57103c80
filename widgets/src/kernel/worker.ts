/**
 * The in-browser TypeScript kernel's Web Worker (issue 14): kernel-lib's browser build plus a
 * cell runner. Cells arrive as text, run on one notebook scope (cell-runner.ts), and their
 * output goes back as Jupyter-shaped messages: console → stream, `rl.show` → display_data
 * (through display-bridge.ts, as tslab's channel), the final expression → execute_result,
 * a thrown error → error with the cell's line. Interrupt and restart terminate this worker and
 * start a new one (a worker cannot be stopped mid-cell any other way). Loaded by entry.ts when
 * the worker is the kernel, not one of its pool workers.
 */
import "./node/globals.js";
import * as kernelLib from "@radlab/kernel-lib";
import * as arquero from "arquero";
import { CellRunner } from "./cell-runner.js";
import { complete } from "./completion.js";
import { setDisplayWriter } from "./display-bridge.js";
import { formatArguments, formatValue } from "./format.js";
import { cacheItkPipelines } from "./itk-pipelines.js";
import * as crypto from "./node/crypto.js";
import { cacheSiteFiles, configureDrive, configureFiles, mirrorDriveFiles } from "./node/files.js";
import * as fs from "./node/fs.js";
import * as fsPromises from "./node/fs-promises.js";
import * as os from "./node/os.js";
import * as path from "./node/path.js";
import type { FromWorker, ToWorker } from "./protocol.js";

/** What a cell can import, by specifier. */
const MODULES: Record<string, unknown> = {
  "@radlab/kernel-lib": kernelLib,
  arquero,
  fs,
  "node:fs": fs,
  "fs/promises": fsPromises,
  "node:fs/promises": fsPromises,
  path,
  "node:path": path,
  // availableParallelism(): the cores the browser reports, for extractCohort's workers as the CLI chooses them;
  // tmpdir(): the in-memory scratch folder (notebook 01 writes its NRRD copy there)
  os,
  "node:os": os,
  // createHash("sha256" | "sha512"): a cell can hash what it reads or writes, as under tslab
  crypto,
  "node:crypto": crypto,
};

const post = (message: FromWorker) => (self as unknown as { postMessage(m: FromWorker): void }).postMessage(message);

const runner = new CellRunner(async (specifier) => {
  if (specifier in MODULES) return MODULES[specifier];
  throw new Error(`Cannot find module '${specifier}' (the browser kernel provides ${Object.keys(MODULES).join(", ")})`);
});

/** console.* of a running cell → stream messages. */
function captureConsole(id: number): () => void {
  const saved = { log: console.log, info: console.info, warn: console.warn, error: console.error, debug: console.debug };
  const stream =
    (name: "stdout" | "stderr") =>
    (...args: unknown[]) =>
      post({ type: "stream", id, name, text: `${formatArguments(args)}\n` });
  Object.assign(console, { log: stream("stdout"), info: stream("stdout"), debug: stream("stdout"), warn: stream("stderr"), error: stream("stderr") });
  return () => Object.assign(console, saved);
}

async function execute(id: number, code: string): Promise<void> {
  const restore = captureConsole(id);
  setDisplayWriter((message, update) =>
    post({ type: "display", id, data: message.data, metadata: message.metadata ?? {}, transient: message.transient ?? {}, update }),
  );
  try {
    const outcome = await runner.run(code);
    if (outcome.hasResult && outcome.value !== undefined) post({ type: "result", id, data: { "text/plain": formatValue(outcome.value) } });
    post({ type: "done", id, status: "ok" });
  } catch (thrown) {
    const error = thrown instanceof Error ? thrown : new Error(String(thrown));
    const frames = (error.stack ?? "").split("\n").filter((line) => /cell-\d+\.ts/.test(line));
    post({ type: "error", id, ename: error.name, evalue: error.message, traceback: [`${error.name}: ${error.message}`, ...frames] });
    post({ type: "done", id, status: "error" });
  } finally {
    setDisplayWriter(null);
    restore();
  }
}

// cells run one at a time, in the order they arrive
let queue = Promise.resolve();
self.addEventListener("message", (event) => {
  const message = (event as MessageEvent<ToWorker>).data;
  if (message.type === "init") {
    configureFiles({ site: { filesUrl: message.filesUrl, contentsUrl: message.contentsUrl }, cwd: message.cwd, assetsUrl: message.assetsUrl });
    configureDrive(message.driveDatabase);
    Object.assign(globalThis.process.env, message.env ?? {});
    if (!message.cacheFiles) post({ type: "ready" });
    // a site that cannot be read whole still runs, reading files as cells ask for them
    else
      void cacheSiteFiles()
        .catch((error: Error) => console.warn(`radlab kernel: the site's files are read on demand (${error.message})`))
        .then(() => post({ type: "ready" }))
        // then, not delaying the kernel: the itk-wasm pipelines (DICOM, MHA), so they too read offline
        .then(() => cacheItkPipelines())
        .catch((error: Error) => console.warn(`radlab kernel: itk-wasm's pipelines are read on first use (${error.message})`));
  } else if (message.type === "execute") {
    // the lab's drive first (uploads, saved edits), so the cell reads them like site files
    queue = queue
      .then(() => mirrorDriveFiles().catch((error: Error) => console.warn(`radlab kernel: the lab's drive was not read (${error.message})`)))
      .then(() => execute(message.id, message.code));
  } else if (message.type === "complete") {
    // answered at once, from the scope as it is (a running cell's await lets this in)
    post({ type: "completions", id: message.id, ...complete(message.code, message.cursor, runner.scope) });
  }
});
