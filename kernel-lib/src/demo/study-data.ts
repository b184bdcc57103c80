/**
 * The demo study's inputs for a notebook, in one call: the seeded cohort (written when absent
 * or made with other settings), its 432 features (cached per case, so a second call costs a
 * table read) written to `DATA/demo-study/features.csv` exactly as `radlab extract` writes them,
 * and that file read back as a study table exactly as `radlab model` reads it. So a notebook's
 * numbers and the command line's come from the same file through the same code.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { type CohortExtraction, extractCohort } from "../features/cohort.js";
import { writeCohortExtraction } from "../features/feature-table.js";
import { DEFAULT_SETTINGS } from "../features/settings.js";
import { type Manifest, readManifest } from "../io/manifest.js";
import type { StudyTable } from "../stats/table.js";
import { readStudyTable } from "../stats/table-file.js";
import { DEMO_DEFAULT_SEED, DEMO_REVISION, writeDemoCohort } from "./cohort.js";
import { CLINICAL_UNITS, STUDY_SIZE } from "./design.js";

/** Options of {@link openDemoStudy}. */
export interface DemoStudyOptions {
  /** The data folder holding `demo-cohort/` and `demo-study/` (default "data"). */
  data?: string;
  /** Number of synthetic patients (default 142, the study's). */
  cases?: number;
  /** Seed of the cohort (default 20240601). */
  seed?: number;
  /** Worker threads for the extraction (default 2). */
  workers?: number;
  /** Called after each case is extracted. */
  onProgress?: (done: number, total: number) => void;
}

/** The demo study's inputs, and where each lies on disk. */
export interface DemoStudy {
  cohortDir: string;
  manifest: Manifest;
  extraction: CohortExtraction;
  /** The feature table file (`radlab model --features` takes the same). */
  featuresPath: string;
  /** The feature table as the statistics read it: outcome, split and fold-id columns, clinical columns apart. */
  table: StudyTable;
  /** The `radlab model` command line that reads the same file with the same roles. */
  modelCommand: string[];
}

/** True when `folder` already holds the cohort these settings would write. */
export function cohortIsCurrent(folder: string, seed: number, cases: number): boolean {
  const description = join(folder, "cohort.json");
  if (!existsSync(join(folder, "manifest.csv")) || !existsSync(description)) return false;
  const made = JSON.parse(readFileSync(description, "utf8")) as { seed: number; cases: number; revision?: number };
  return made.seed === seed && made.cases === cases && made.revision === DEMO_REVISION;
}

/** The demo cohort's clinical columns, in the order of its manifest. */
export const DEMO_CLINICAL_COLUMNS: readonly string[] = Object.keys(CLINICAL_UNITS);

/** The units of the demo's clinical columns (those that have one), for the baseline tables. */
export const DEMO_CLINICAL_UNITS: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(CLINICAL_UNITS).filter(([, unit]) => unit !== ""));

/**
 * The arguments after `radlab model` that read a feature table with the demo's column roles
 * (`outcome`, `set` the split, `foldid` the folds), `clinical` naming its clinical columns
 * (default the demo's; none: no `--clinical`) with their units (`--units`). Add `--out FILE`.
 */
export function demoModelArguments(featuresPath: string, clinical: readonly string[] = DEMO_CLINICAL_COLUMNS): string[] {
  const roles = ["--features", featuresPath, "--outcome", "outcome", "--split", "set", "--foldid", "foldid"];
  if (clinical.length === 0) return roles;
  const units = clinical.filter((name) => name in DEMO_CLINICAL_UNITS).map((name) => `${name}=${DEMO_CLINICAL_UNITS[name]}`);
  return [...roles, "--clinical", clinical.join(","), ...(units.length > 0 ? ["--units", units.join(",")] : [])];
}

/** The `radlab model` command line that reads a demo feature table with the roles openDemoStudy gives its columns (add `--out FILE`). */
export function demoModelCommand(featuresPath: string): string[] {
  return ["radlab", "model", ...demoModelArguments(featuresPath)];
}

/** Writes (if needed) and extracts the demo cohort, and reads its feature table (see the module comment). */
export async function openDemoStudy(options: DemoStudyOptions = {}): Promise<DemoStudy> {
  const data = resolve(options.data ?? "data");
  const cases = options.cases ?? STUDY_SIZE;
  const seed = options.seed ?? DEMO_DEFAULT_SEED;
  const cohortDir = join(data, "demo-cohort");
  if (!cohortIsCurrent(cohortDir, seed, cases)) await writeDemoCohort({ out: cohortDir, cases, seed, workers: options.workers ?? 2 });
  const manifest = readManifest(join(cohortDir, "manifest.csv"));
  const study = join(data, "demo-study");
  const extraction = await extractCohort(manifest, DEFAULT_SETTINGS, {
    workers: options.workers ?? 2,
    cacheDir: join(study, ".radlab-cache"),
    onProgress: options.onProgress && ((p) => options.onProgress?.(p.done, p.total)),
  });
  const featuresPath = join(study, "features.csv");
  await writeCohortExtraction(extraction, featuresPath);
  const table = readStudyTable(featuresPath, {
    outcome: "outcome",
    split: "set",
    foldid: "foldid",
    clinical: DEMO_CLINICAL_COLUMNS,
    units: DEMO_CLINICAL_UNITS,
  });
  const modelCommand = demoModelCommand(featuresPath);
  return { cohortDir, manifest, extraction, featuresPath, table, modelCommand };
}
