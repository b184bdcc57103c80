/**
 * The browser kernel's bundle (radlab-kernel-worker.js) starts here, as one of two workers:
 * the kernel (worker.ts: kernel-lib, the cell runner, TypeScript's transpiler), or — started
 * again by the kernel under a pool name — a pool worker of the cohort runner (pool-worker.ts),
 * nested in the kernel's worker. One bundle, so an executable site ships the code once; the
 * kernel's part is imported only when it is the kernel (esbuild evaluates a dynamically imported
 * module only when imported), so a pool worker starts without TypeScript's and the notebook
 * runner's start-up.
 */
import "./node/globals.js";
import { inPoolWorker } from "./node/worker-threads.js";
import { startPoolWorker } from "./pool-worker.js";

if (inPoolWorker) startPoolWorker(self.name);
else void import("./worker.js");
