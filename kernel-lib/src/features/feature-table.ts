/**
 * Writing a FeatureTable and its companions. CSV convention: a feature that is undefined for a
 * case is written `NaN` (read back as NaN by arquero, pandas and R's read.csv); an empty cell
 * means a missing value (a clinical cell left blank), never a computed one. Beside the table:
 * `<stem>.failures.csv` (id, file, reason; header only when nothing failed, so a stale report
 * is never left behind) and `<stem>.provenance.json` (settings, radlab version, input hashes,
 * and the unit of every feature column: a CSV header has no place for them).
 */
import { dirname, resolve } from "node:path";
import * as aq from "arquero";
import { RadlabInputError } from "../errors.js";
import { csvField } from "../io/csv.js";
import { makeFolder, writeFileAtomic } from "../io/output-file.js";
import { FEATURE_CATALOG } from "./catalog.js";
import type { CaseFailure, CohortExtraction, FeatureTable } from "./cohort.js";
import { settingsToJson } from "./settings.js";

/** File endings {@link writeFeatureTable} writes. */
export const FEATURE_TABLE_FORMATS = [".csv", ".arrow"] as const;

/**
 * Writes a feature table: CSV (`.csv`, NaN as `NaN`, full double precision) or Arrow IPC
 * (`.arrow`). Creates the folder; the file is written whole or not at all (writeFileAtomic).
 */
export async function writeFeatureTable(table: FeatureTable, path: string): Promise<void> {
  const file = resolve(path);
  const lower = file.toLowerCase();
  if (!FEATURE_TABLE_FORMATS.some((ext) => lower.endsWith(ext))) {
    throw new RadlabInputError(`${file}: unsupported table format (radlab writes ${FEATURE_TABLE_FORMATS.join(", ")})`, file);
  }
  await makeFolder(dirname(file), (what) => {
    throw new RadlabInputError(`${file}: ${what}`, file);
  });
  await writeFileAtomic(file, lower.endsWith(".arrow") ? aq.toArrowIPC(table) : aq.toCSV(table));
}

/** The companion files of a table path: `features.csv` → `features.failures.csv`, `features.provenance.json`. */
export function companionPaths(path: string): { failures: string; provenance: string } {
  const file = resolve(path);
  const stem = file.replace(/\.(csv|arrow)$/i, "");
  return { failures: `${stem}.failures.csv`, provenance: `${stem}.provenance.json` };
}

/** Column → unit ("cm³", "intensity", "1" for dimensionless) of every column that is a catalog feature, in column order. */
export function featureUnits(columns: readonly string[]): Record<string, string> {
  const units: Record<string, string> = {};
  for (const name of columns) {
    // find() also takes short names and aliases: only a column named exactly as the catalog is a feature.
    const def = FEATURE_CATALOG.find(name);
    if (def?.name === name) units[name] = def.unit;
  }
  return units;
}

/** The failures report: CSV with columns id, file, reason. */
export function failuresCsv(failures: readonly CaseFailure[]): string {
  const lines = ["id,file,reason", ...failures.map((f) => [f.id, f.file, f.reason].map(csvField).join(","))];
  return `${lines.join("\n")}\n`;
}

/**
 * Writes a cohort's table, its failures report and its provenance record (with `extra`, e.g.
 * the parts a merge came from, appended to it); returns their paths.
 */
export async function writeCohortExtraction(
  result: CohortExtraction,
  path: string,
  extra: Record<string, unknown> = {},
): Promise<{ table: string; failures: string; provenance: string }> {
  const table = resolve(path);
  const { failures, provenance } = companionPaths(table);
  await writeFeatureTable(result.table, table);
  await writeFileAtomic(failures, failuresCsv(result.failures));
  const record = {
    table,
    manifest: result.manifest,
    version: result.version,
    settings: settingsToJson(result.settings),
    createdAt: new Date().toISOString(),
    cases: result.table.numRows(),
    failures: result.failures.length,
    inputHashes: result.inputHashes,
    units: featureUnits(result.table.columnNames()),
    warnings: result.warnings,
    ...extra,
  };
  await writeFileAtomic(provenance, `${JSON.stringify(record, null, 2)}\n`);
  return { table, failures, provenance };
}
