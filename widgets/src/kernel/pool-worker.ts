/**
 * A pool worker of the browser kernel (node/worker-threads.ts starts it): the kernel's own bundle,
 * started again under a `radlab-pool:<entry>` name, runs one of kernel-lib's worker-thread
 * entries instead of the kernel. Its first message configures it as the kernel is (the same
 * site's files, working folder and environment) and gives the runner's `workerData`; then the
 * entry is loaded and every later message goes to its `parentPort`.
 *
 * Files: the cohort runner sends each case's file bytes with the case (it has read them in the
 * kernel to hash them), so a pool worker never reads the network for them, works offline on an
 * executable site and sees files a cell wrote or the lab's drive holds. What an entry reads by
 * path besides (a DICOM series, an MHA volume, itk-wasm's pipelines) comes from the lab's drive,
 * mirrored once when the worker starts, or from the site through the same files module (a
 * synchronous request, as in the kernel): so those need the site reachable, and a file a cell
 * wrote into the kernel's memory is not among them.
 */
import { configureDrive, configureFiles, mirrorDriveFiles } from "./node/files.js";
import { POOL_SCHEME, type PoolInit, parentPort, workerData } from "./node/worker-threads.js";

/** The entries a pool worker can run, by the name the browser build gives them (features/cohort-worker-url.ts). */
const ENTRIES: Record<string, () => Promise<unknown>> = {
  [`${POOL_SCHEME}cohort-worker`]: () => import("@radlab/kernel-lib/cohort-worker"),
};

/** Starts this worker as the pool worker its name says. */
export function startPoolWorker(name: string): void {
  const entry = ENTRIES[name];
  let started = false;
  self.addEventListener("message", (event) => {
    if (started) {
      parentPort?.deliver(event.data);
      return;
    }
    started = true;
    const init = event.data as PoolInit;
    configureFiles({ site: init.files.site, cwd: init.files.cwd, assetsUrl: init.files.assetsUrl });
    configureDrive(init.files.drive);
    Object.assign(globalThis.process.env, init.env);
    Object.assign(workerData ?? {}, init.workerData);
    if (!entry) throw new Error(`no pool worker entry ${name} in the browser kernel`);
    // as a thread in Node, a rejection nobody handles ends the worker with an error (the runner's "error")
    self.addEventListener("unhandledrejection", (rejection) => {
      throw rejection.reason;
    });
    // the lab's drive first, as the kernel reads it before each cell: a DICOM folder dropped into
    // the lab is read by path (the jobs' messages wait in parentPort meanwhile)
    void mirrorDriveFiles()
      .catch((error: Error) => console.warn(`radlab pool worker: the lab's drive was not read (${error.message})`))
      .then(entry);
  });
}
