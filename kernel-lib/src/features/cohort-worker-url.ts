/**
 * Where the cohort runner's worker script is: the one Node-only question of features/cohort.ts,
 * kept here so the browser kernel can answer it differently. Under Node it is the compiled
 * cohort-worker.js beside this module (under a TypeScript test runner this module is the .ts
 * source, which a worker thread cannot load: then the built copy in dist/). The browser kernel's
 * build (widgets/scripts/build-browser-kernel.mjs) replaces this module with one naming the
 * entry its `node:worker_threads` stand-in starts as a Web Worker, so the runner itself is the
 * same code in both.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The worker script's URL, or undefined when there is none (the runner then computes in its own thread). */
export function cohortWorkerUrl(): URL | undefined {
  const sibling = new URL("./cohort-worker.js", import.meta.url);
  if (existsSync(fileURLToPath(sibling))) return sibling;
  const built = new URL("../../dist/features/cohort-worker.js", import.meta.url);
  if (existsSync(fileURLToPath(built))) return built;
  return undefined;
}
