/** Worker thread of the demo generator: writes the cases it is sent, one message per case done. */
import { parentPort } from "node:worker_threads";
import type { DemoCase } from "./design.js";
import { writeDemoCase } from "./write-case.js";

interface Job {
  folder: string;
  seed: number;
  case: Pick<DemoCase, "id" | "stream" | "outcome">;
}

parentPort?.on("message", async (job: Job | null) => {
  if (job === null) {
    parentPort?.close();
    return;
  }
  try {
    await writeDemoCase(job.folder, job.seed, job.case);
    parentPort?.postMessage({ id: job.case.id });
  } catch (error) {
    parentPort?.postMessage({ id: job.case.id, error: String(error) });
  }
});
