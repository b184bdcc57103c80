import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildCatalog, FEATURE_CATALOG, featureNames } from "../src/features/catalog.js";
import { FAMILY_MODULES } from "../src/features/families.js";
import { FAMILIES } from "../src/features/types.js";
import { itNeeds, SHARED_DIR } from "./reference.js";

const CATALOG_DOC = join(SHARED_DIR, "docs", "feature-catalog.md");

/** The feature names per family as feature-catalog.md lists them (its "Feature names per family" section). */
function documentedNames(): Record<string, string[]> {
  const text = readFileSync(CATALOG_DOC, "utf8");
  const section = text.slice(text.indexOf("## Feature names per family"), text.indexOf("## Column names"));
  const out: Record<string, string[]> = {};
  for (const [, family, list] of section.matchAll(/- `(\w+)` \(\d+\): ([^-]*?)\.\s*(?=\n- |\n*$)/gs)) {
    out[family] = list
      .replace(/\([^)]*\)/g, "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  }
  const variantLists = text.slice(text.indexOf("## GLCM and GLRLM: the 18 variants"));
  for (const [family, heading] of [
    ["glcm", "ITK GLCM features \\(8\\)"],
    ["glrlm", "ITK GLRLM features \\(10\\)"],
  ] as const) {
    const match = variantLists.match(new RegExp(`${heading}: ([^.]*)\\.`, "s"));
    out[family] = (match?.[1] ?? "").split(",").map((s) => s.trim());
  }
  return out;
}

describe("feature catalog", () => {
  it("has exactly 432 features, family by family in FAMILIES order: 19/23/12/144/180/16/16/17/5", () => {
    expect(FEATURE_CATALOG.definitions).toHaveLength(432);
    const runs: [string, number][] = [];
    for (const def of FEATURE_CATALOG.definitions) {
      if (runs.at(-1)?.[0] === def.family) runs[runs.length - 1][1]++;
      else runs.push([def.family, 1]);
    }
    expect(runs).toEqual([
      ["stat", 19],
      ["hist", 23],
      ["shape", 12],
      ["glcm", 144],
      ["glrlm", 180],
      ["glszm", 16],
      ["gldzm", 16],
      ["ngldm", 17],
      ["ngtdm", 5],
    ]);
    expect(Object.keys(FEATURE_CATALOG.counts)).toEqual([...FAMILIES]);
  });

  it("is derived from the family registry, not kept by hand", () => {
    expect(FAMILY_MODULES.map((m) => m.family)).toEqual([...FAMILIES]);
    expect(FEATURE_CATALOG.definitions).toEqual(FAMILY_MODULES.flatMap((m) => m.features));
    const registered = FAMILY_MODULES.flatMap((m) => m.features);
    FEATURE_CATALOG.definitions.forEach((def, n) => {
      expect(def).toBe(registered[n]);
    });
  });

  it("names every column <family>_<Feature>[_<variant>], each once", () => {
    expect(new Set(FEATURE_CATALOG.names).size).toBe(432);
    for (const def of FEATURE_CATALOG.definitions) {
      expect(def.name).toBe(def.variant ? `${def.family}_${def.feature}_${def.variant}` : `${def.family}_${def.feature}`);
      expect(def.alias.length).toBeGreaterThan(0);
    }
    for (const name of [
      "stat_StdDeviation",
      "hist_Entropy",
      "shape_Sphericity",
      "glcm_ClusterProminence_angle135_offset4",
      "glrlm_ShortRunEmphasis_AllDirection_offset7_SD",
    ]) {
      expect(FEATURE_CATALOG.names).toContain(name);
    }
  });

  it("gives every GLCM and GLRLM feature the 18 variants: 4 angles × 3 offsets + AllDirection mean and SD per offset", () => {
    const expected = [1, 4, 7]
      .flatMap((d) => [...[0, 45, 90, 135].map((a) => `angle${a}_offset${d}`), `AllDirection_offset${d}`, `AllDirection_offset${d}_SD`])
      .sort();
    for (const family of ["glcm", "glrlm"] as const) {
      const defs = FEATURE_CATALOG.definitions.filter((d) => d.family === family);
      const features = [...new Set(defs.map((d) => d.feature))];
      expect(features).toHaveLength(family === "glcm" ? 8 : 10);
      for (const feature of features) {
        expect(
          defs
            .filter((d) => d.feature === feature)
            .map((d) => d.variant)
            .sort(),
          `${family} ${feature}`,
        ).toEqual(expected);
      }
    }
  });

  itNeeds([CATALOG_DOC], "uses the names and the order of feature-catalog.md", () => {
    const documented = documentedNames();
    for (const family of FAMILIES) {
      const ours = [...new Set(FEATURE_CATALOG.definitions.filter((d) => d.family === family).map((d) => d.feature))];
      expect(ours, family).toEqual(documented[family]);
    }
  });

  it("finds a feature by column name, by the study's alias, or by the study's short name", () => {
    const prominence = FEATURE_CATALOG.find("glcm_ClusterProminence_angle135_offset4");
    expect(prominence?.name).toBe("glcm_ClusterProminence_angle135_offset4");
    expect(FEATURE_CATALOG.find("Cluster Prominence Angle 135 Offset 4")).toBe(prominence);
    expect(FEATURE_CATALOG.find("ClusterProminence_angle135_offset4")).toBe(prominence);
    // the study's five selected features
    expect(FEATURE_CATALOG.find("StdDeviation")?.name).toBe("stat_StdDeviation");
    expect(FEATURE_CATALOG.find("Correlation_angle135_offset4")?.name).toBe("glcm_Correlation_angle135_offset4");
    expect(FEATURE_CATALOG.find("Inertia_angle135_offset4")?.name).toBe("glcm_Inertia_angle135_offset4");
    expect(FEATURE_CATALOG.find("InverseDifferenceMoment_angle45_offset4")?.name).toBe("glcm_InverseDifferenceMoment_angle45_offset4");
    // a name two families share is ambiguous: find gives nothing, findAll both
    expect(FEATURE_CATALOG.find("Mean")).toBeUndefined();
    expect(FEATURE_CATALOG.findAll("Mean").map((d) => d.name)).toEqual(["stat_Mean", "hist_Mean"]);
    expect(FEATURE_CATALOG.find("NoSuchFeature")).toBeUndefined();
  });

  it("lists the columns of a family subset in catalog order and refuses duplicate columns", () => {
    expect(featureNames(["ngtdm", "stat"])).toEqual([...FEATURE_CATALOG.names.slice(0, 19), ...FEATURE_CATALOG.names.slice(427)]);
    expect(() => buildCatalog([FAMILY_MODULES[0], FAMILY_MODULES[0]])).toThrow(/stat_Mean" is defined twice/);
  });
});
