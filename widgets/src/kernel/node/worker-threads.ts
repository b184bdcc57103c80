/**
 * `node:worker_threads` in the browser kernel. kernel-lib's cohort runner and demo generator
 * run their cases in the calling thread when no worker script is found beside them, which is
 * always so here: the kernel already runs in a Web Worker, and the cases run there one at a time.
 */
export const isMainThread = true;
export const threadId = 0;
export const parentPort = null;
export const workerData = undefined;
export class Worker {
  constructor(script: string | URL) {
    throw new Error(`worker threads are not available in the browser kernel (${String(script)}); run with workers: 1`);
  }
}
export default { isMainThread, threadId, parentPort, workerData, Worker };
