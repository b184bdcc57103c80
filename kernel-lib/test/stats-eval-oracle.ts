/**
 * Readers for the R reference data of the study's evaluation statistics
 * (shared/reference/stats/<name>): the data CSV, the preprocessed z matrix and the JSON.
 * Read from shared/reference at test time; nothing is copied into the repository.
 */
import { readFileSync } from "node:fs";
import { parseCsv } from "../src/io/csv.js";
import { ref } from "./reference.js";

export const STATS_DATASETS = ["wdbc", "radiomics_sim"] as const;
export type StatsDataset = (typeof STATS_DATASETS)[number];

/** A CSV as named columns of strings, in file order. */
export interface CsvColumns {
  header: string[];
  rows: string[][];
  column(name: string): string[];
  numeric(name: string): number[];
}

function readCsvColumns(path: string): CsvColumns {
  const [header, ...rows] = parseCsv(readFileSync(path, "utf8")).filter((r) => r.length > 1);
  const index = new Map(header.map((h, i) => [h, i]));
  const column = (name: string): string[] => {
    const j = index.get(name);
    if (j === undefined) throw new Error(`no column ${name} in ${path}`);
    return rows.map((r) => r[j]);
  };
  return { header, rows, column, numeric: (name) => column(name).map((v) => (v === "" || v === "NA" ? Number.NaN : Number(v))) };
}

/** The R reference JSON of a data set (15 significant digits; null = NA or ±Inf). */
// biome-ignore lint/suspicious/noExplicitAny: the reference JSON is read field by field in tests.
export function referenceJson(name: StatsDataset): any {
  return JSON.parse(readFileSync(ref("stats", name, `${name}_reference.json`), "utf8"));
}

/** The raw data CSV (`id, set, outcome, foldid`, clinical columns, features). */
export function rawCsv(name: StatsDataset): CsvColumns {
  return readCsvColumns(ref("stats", name, `${name}.csv`));
}

/** The preprocessed z matrix CSV (`id, set, outcome`, features). */
export function preprocessedCsv(name: StatsDataset): CsvColumns {
  return readCsvColumns(ref("stats", name, `${name}_preprocessed.csv`));
}

/**
 * Rows of a preprocessed CSV for one set, in the order of the reference's `ids` for that set,
 * as a design matrix of the given features plus the outcome.
 */
export function designFor(name: StatsDataset, set: "training" | "validation", features: readonly string[]): { x: number[][]; y: number[]; ids: number[] } {
  const csv = preprocessedCsv(name);
  const ids = referenceJson(name).ids[set] as number[];
  const idCol = csv.numeric("id");
  const rowOf = new Map(idCol.map((id, i) => [id, i]));
  const cols = features.map((f) => csv.numeric(f));
  const outcome = csv.numeric("outcome");
  const x = ids.map((id) => cols.map((c) => c[rowOf.get(id) as number]));
  const y = ids.map((id) => outcome[rowOf.get(id) as number]);
  return { x, y, ids };
}

/** Relative difference |a − b| / max(|b|, tiny), for comparisons against 15-digit JSON. */
export function relDiff(a: number, b: number): number {
  if (a === b) return 0;
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}
