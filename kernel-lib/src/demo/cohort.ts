import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { RadlabInputError } from "../errors.js";
import { csvField } from "../io/csv.js";
import { makeFolder, writeFileAtomic } from "../io/output-file.js";
import { RADLAB_VERSION } from "../version.js";
import { CLINICAL_UNITS, DEMO_SEED_MAX, type DemoCase, type DemoClinical, designCohort, STUDY_SIZE } from "./design.js";
import { DEMO_GRID, LATENT_SEPARATION } from "./phantom.js";
import { writeDemoCase } from "./write-case.js";

/** Options of {@link writeDemoCohort}. */
export interface DemoCohortOptions {
  /** Output folder (created). */
  out: string;
  /** Seed of every random draw; the same seed gives byte-identical files. Default 20240601. */
  seed?: number;
  /** Number of cases; default 142, the study's. */
  cases?: number;
  /** Worker threads; default: the machine's cores (at most 4). The files do not depend on it. */
  workers?: number;
  /** Called after each case is written. */
  onProgress?: (done: number, total: number) => void;
}

/** What was written: the manifest path and the design, for a summary. */
export interface DemoCohortSummary {
  folder: string;
  manifest: string;
  cases: DemoCase[];
  seed: number;
}

/** The demo cohort's default seed (`radlab demo-data` and {@link openDemoStudy} use it). */
export const DEMO_DEFAULT_SEED = 20240601;

/**
 * Revision of the generator: bump it whenever a change alters the bytes written for a seed,
 * so that a cohort on disk made by an older generator is recognised as stale.
 */
export const DEMO_REVISION = 3;

/**
 * Writes the seeded synthetic NPC cohort: `images/<id>_T2.nii.gz`, `masks/<id>_mask.nii.gz`
 * (label 1 = tumour), `manifest.csv` (id, image, mask, label, set, outcome, foldid and the
 * clinical variables), `clinical.csv` (the clinical table alone: id, set, outcome and the
 * study's Table 1–2 variables) and `cohort.json` (seed, version, design, grid). Deterministic.
 */
export async function writeDemoCohort(options: DemoCohortOptions): Promise<DemoCohortSummary> {
  const folder = resolve(options.out);
  const seed = options.seed ?? DEMO_DEFAULT_SEED;
  if (!Number.isInteger(seed) || seed < 0 || seed > DEMO_SEED_MAX)
    throw new RadlabInputError(`the demo seed must be an integer in 0..${DEMO_SEED_MAX}, got ${options.seed}`);
  const cases = designCohort(options.cases ?? STUDY_SIZE, seed);
  const fail = (what: string): never => {
    throw new RadlabInputError(`${folder}: ${what}`, folder);
  };
  await makeFolder(join(folder, "images"), fail);
  await makeFolder(join(folder, "masks"), fail);
  await writeCases(folder, seed, cases, options.workers ?? Math.min(4, availableParallelism()), options.onProgress);
  const clinicalNames = Object.keys(CLINICAL_UNITS) as Array<keyof DemoClinical>;
  const header = ["id", "image", "mask", "label", "set", "outcome", "foldid", ...clinicalNames];
  const lines = [header.join(",")];
  for (const c of cases) {
    const row = [
      c.id,
      `images/${c.id}_T2.nii.gz`,
      `masks/${c.id}_mask.nii.gz`,
      1,
      c.set,
      c.outcome,
      c.foldid ?? "",
      ...clinicalNames.map((k) => c.clinical[k]),
    ];
    lines.push(row.map((v) => csvField(v as string | number)).join(","));
  }
  const manifest = join(folder, "manifest.csv");
  await writeFileAtomic(manifest, `${lines.join("\n")}\n`);
  const clinicalLines = [["id", "set", "outcome", ...clinicalNames].join(",")];
  for (const c of cases)
    clinicalLines.push([c.id, c.set, c.outcome, ...clinicalNames.map((k) => c.clinical[k])].map((v) => csvField(v as string | number)).join(","));
  await writeFileAtomic(join(folder, "clinical.csv"), `${clinicalLines.join("\n")}\n`);
  const description = {
    name: "radlab synthetic NPC T2WI demo cohort",
    generator: "radlab demo-data",
    version: RADLAB_VERSION,
    revision: DEMO_REVISION,
    seed,
    cases: cases.length,
    grid: DEMO_GRID,
    latentSeparation: LATENT_SEPARATION,
    outcome: { column: "outcome", 1: "effective", 0: "ineffective" },
    clinicalUnits: CLINICAL_UNITS,
    groups: countGroups(cases),
  };
  await writeFileAtomic(join(folder, "cohort.json"), `${JSON.stringify(description, null, 2)}\n`);
  return { folder, manifest, cases, seed };
}

/**
 * Writes the cases, in worker threads when more than one is asked for and the compiled worker
 * exists (running from TypeScript sources, as the tests do, it writes in-process). Each case
 * has its own random stream, so the bytes do not depend on the scheduling.
 */
async function writeCases(folder: string, seed: number, cases: DemoCase[], workers: number, onProgress?: (done: number, total: number) => void): Promise<void> {
  const script = fileURLToPath(new URL("./worker.js", import.meta.url));
  let done = 0;
  if (workers <= 1 || cases.length < 2 || !existsSync(script)) {
    for (const c of cases) {
      await writeDemoCase(folder, seed, c);
      onProgress?.(++done, cases.length);
    }
    return;
  }
  const queue = [...cases];
  const failures: string[] = [];
  const runWorker = () =>
    new Promise<void>((resolveWorker, rejectWorker) => {
      const worker = new Worker(script);
      const next = () => {
        const c = queue.shift();
        worker.postMessage(c ? { folder, seed, case: { id: c.id, stream: c.stream, outcome: c.outcome } } : null);
      };
      worker.on("message", (message: { id: string; error?: string }) => {
        if (message.error) failures.push(`${message.id}: ${message.error}`);
        onProgress?.(++done, cases.length);
        next();
      });
      worker.on("error", rejectWorker);
      worker.on("exit", () => resolveWorker());
      next();
    });
  await Promise.all(Array.from({ length: Math.min(workers, cases.length) }, runWorker));
  if (failures.length > 0) throw new Error(`demo cohort: ${failures.length} case(s) failed:\n${failures.join("\n")}`);
}

function countGroups(cases: DemoCase[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of cases) {
    const key = `${c.set}/${c.outcome === 1 ? "effective" : "ineffective"}`;
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}
