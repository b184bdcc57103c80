/**
 * radlab with the `pyradiomics` preset against PyRadiomics' own regression baselines
 * (shared/reference/pyradiomics: brain1, brain2, breast1, base configuration), with
 * PyRadiomics' own rule: |1 − ours/theirs| < 3 %, and a 0 baseline must be matched exactly.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { FEATURE_CATALOG } from "../src/features/catalog.js";
import { type CaseFeatures, extractFeatures } from "../src/features/extract.js";
import { PYRADIOMICS_GLDM } from "../src/features/ngldm.js";
import { PYRADIOMICS_MAP, PYRADIOMICS_UNMATCHED, toPyradiomics, unknownMappedColumns } from "../src/features/pyradiomics.js";
import { PYRADIOMICS_SETTINGS } from "../src/features/settings.js";
import { parseCsv } from "../src/io/csv.js";
import { readMask } from "../src/io/read-mask.js";
import { readVolume } from "../src/io/read-volume.js";
import { describeOracle, REPO_ROOT, ref } from "./reference.js";

const CASES = ["brain1", "brain2", "breast1"] as const;
const DATA = () => ref("pyradiomics", "data");

/** `original_<class>_<Feature>` → value per case, from every baseline_<class>.csv. */
function readBaselines(): Map<string, Record<string, number>> {
  const out = new Map<string, Record<string, number>>();
  const folder = join(DATA(), "baseline");
  for (const file of readdirSync(folder).filter((f) => /^baseline_\w+\.csv$/.test(f) && f !== "baseline_shape2D.csv")) {
    const [header, ...rows] = parseCsv(readFileSync(join(folder, file), "utf8")).filter((r) => r.length > 1);
    for (const row of rows) {
      if (!row[0].startsWith("original_")) continue;
      const values: Record<string, number> = {};
      for (const c of CASES) {
        const column = header.indexOf(c);
        if (column >= 0 && row[column] !== "") values[c] = Number(row[column]);
      }
      out.set(row[0].replace(/^original_/, ""), values);
    }
  }
  return out;
}

/** PyRadiomics' test rule (tests/testUtils.py): relative difference below 3 %, 0 exactly. */
function withinPyradiomicsTolerance(ours: number, theirs: number): boolean {
  if (!Number.isFinite(ours)) return false;
  if (theirs === 0) return ours === 0;
  return Math.abs(1 - ours / theirs) < 0.03;
}

describe("PyRadiomics mapping", () => {
  it("maps only to columns that exist, and agrees with the ngldm family's own GLDM table", () => {
    expect(unknownMappedColumns(FEATURE_CATALOG.definitions)).toEqual([]);
    for (const [column, gldm] of Object.entries(PYRADIOMICS_GLDM)) {
      const mapping = PYRADIOMICS_MAP.find((m) => m.pyradiomics === `gldm_${gldm}`);
      expect(mapping?.radlab, gldm).toEqual([column]);
    }
  });

  it("docs/pyradiomics.md lists every PyRadiomics feature without a radlab counterpart", () => {
    const doc = readFileSync(join(REPO_ROOT, "docs", "pyradiomics.md"), "utf8");
    for (const name of Object.keys(PYRADIOMICS_UNMATCHED)) expect(doc, name).toContain(`\`${name}\``);
  });
});

describeOracle("radlab (pyradiomics preset) vs PyRadiomics baselines", () => {
  let baselines: Map<string, Record<string, number>>;
  const rows = new Map<string, { row: CaseFeatures; spacing: [number, number, number] }>();

  beforeAll(async () => {
    baselines = readBaselines();
    for (const c of CASES) {
      const volume = await readVolume(join(DATA(), `${c}_image.nrrd`), { caseId: c });
      const mask = await readMask(join(DATA(), `${c}_label.nrrd`), { caseId: c, image: volume, label: 1 });
      rows.set(c, { row: extractFeatures(volume, mask, PYRADIOMICS_SETTINGS, { caseId: c }), spacing: volume.spacing });
    }
  });

  it("every baseline feature is either mapped or listed as having no radlab counterpart", () => {
    const unaccounted = [...baselines.keys()].filter((name) => !PYRADIOMICS_MAP.some((m) => m.pyradiomics === name) && !(name in PYRADIOMICS_UNMATCHED));
    expect(unaccounted).toEqual([]);
  });

  for (const c of CASES) {
    it(`${c}: every shared feature within |1 − ours/theirs| < 3 %`, () => {
      const { row, spacing } = rows.get(c) as { row: CaseFeatures; spacing: [number, number, number] };
      const ours = toPyradiomics(row.features, { convention: "pyradiomics", spacing });
      const compared: string[] = [];
      const failures: string[] = [];
      for (const [name, values] of baselines) {
        if (!(name in ours) || values[c] === undefined) continue;
        compared.push(name);
        if (!withinPyradiomicsTolerance(ours[name], values[c])) {
          failures.push(`${name}: radlab ${ours[name]} vs PyRadiomics ${values[c]} (${(100 * (ours[name] / values[c] - 1)).toFixed(2)} %)`);
        }
      }
      // 18 firstorder + 11 shape + 7 GLCM + 10 GLRLM + 16 GLSZM + 14 GLDM + 5 NGTDM in the baselines
      expect(compared).toHaveLength(81);
      expect(failures).toEqual([]);
    });
  }
});
