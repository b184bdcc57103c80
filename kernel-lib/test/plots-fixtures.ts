/** Shared readers for the plots/display tests: the R reference results and their data CSVs. */
import { readFileSync } from "node:fs";
import { parseCsv } from "../src/io/csv.js";
import { ref } from "./reference.js";

// biome-ignore lint/suspicious/noExplicitAny: the R reference JSON is read as it is.
export function referenceResult(name: "radiomics_sim" | "wdbc"): any {
  return JSON.parse(readFileSync(ref("stats", name, `${name}_reference.json`), "utf8"));
}

/** id → outcome, id → set, and the numeric feature columns of a reference data CSV. */
export function referenceCohort(name: "radiomics_sim" | "wdbc") {
  const [header, ...rows] = parseCsv(readFileSync(ref("stats", name, `${name}.csv`), "utf8"));
  const at = (c: string) => header.indexOf(c);
  const outcomes: Record<string, number> = {};
  const sets: Record<string, "training" | "validation"> = {};
  for (const r of rows) {
    outcomes[r[at("id")]] = Number(r[at("outcome")]);
    sets[r[at("id")]] = r[at("set")] as "training" | "validation";
  }
  const features: Record<string, number[]> = {};
  header.forEach((h, k) => {
    if (k > 3 && rows.every((r) => r[k] !== "" && Number.isFinite(Number(r[k])))) features[h] = rows.map((r) => Number(r[k]));
  });
  return {
    outcomes,
    sets,
    featureTable: { features, ids: rows.map((r) => r[at("id")]), outcome: rows.map((r) => Number(r[at("outcome")])), set: rows.map((r) => r[at("set")]) },
  };
}
