/**
 * Worker-thread entry of the cohort runner (ESM): receives the settings and the column list once
 * (workerData), then one CaseJob per message; reads the volumes itself and answers with a
 * CaseOutcome. Kept free of logic so the thread and the in-thread path compute identically.
 */
import { parentPort, workerData } from "node:worker_threads";
import { type CaseJob, runCaseJob } from "./case-job.js";
import type { ExtractionSettings } from "./settings.js";

interface CohortWorkerData {
  settings: ExtractionSettings;
  columns: string[];
}

const { settings, columns } = workerData as CohortWorkerData;
const port = parentPort;
if (!port) throw new Error("cohort-worker.js runs as a worker thread of extractCohort");
port.on("message", async (job: CaseJob) => {
  const outcome = await runCaseJob(job, settings, columns);
  port.postMessage(outcome, outcome.ok ? [outcome.values.buffer as ArrayBuffer] : []);
});
