import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RadlabInputError } from "../src/errors.js";
import { DEFAULT_SETTINGS, loadSettings, PYRADIOMICS_SETTINGS, resolveSettings, settingsToJson } from "../src/features/settings.js";
import { FAMILIES } from "../src/features/types.js";
import { REPO_ROOT } from "./reference.js";

const dir = mkdtempSync(join(tmpdir(), "radlab-settings-"));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe("extraction settings", () => {
  it("defaults follow the catalog: 32 bins, every family, skip, radlab, no shift", () => {
    expect(DEFAULT_SETTINGS.discretization).toEqual({ kind: "bins", n: 32 });
    expect(DEFAULT_SETTINGS.families).toEqual([...FAMILIES]);
    expect(DEFAULT_SETTINGS.emptyDirections).toBe("skip");
    expect(DEFAULT_SETTINGS.convention).toBe("radlab");
    expect(DEFAULT_SETTINGS.voxelArrayShift).toBe(0);
    expect(DEFAULT_SETTINGS.label).toBe("auto");
  });

  it("the pyradiomics preset is PyRadiomics' baseline configuration", () => {
    expect(PYRADIOMICS_SETTINGS.discretization).toEqual({ kind: "width", width: 25, anchor: "pyradiomics" });
    expect(PYRADIOMICS_SETTINGS.label).toBe(1);
    expect(PYRADIOMICS_SETTINGS.convention).toBe("pyradiomics");
    expect(PYRADIOMICS_SETTINGS.voxelArrayShift).toBe(2000);
  });

  it("reads YAML and JSON, string and object discretisations, families in catalog order", () => {
    const yaml = loadSettings(file("a.yaml", "discretization: width:12.5\nlabel: 2\nfamilies: [glcm, stat]\nemptyDirections: itk\n"));
    expect(yaml.discretization).toEqual({ kind: "width", width: 12.5, anchor: "radlab" });
    expect(yaml.label).toBe(2);
    expect(yaml.families).toEqual(["stat", "glcm"]);
    expect(yaml.emptyDirections).toBe("itk");
    const json = loadSettings(file("b.json", JSON.stringify({ preset: "pyradiomics", discretization: { kind: "bins", n: 16 } })));
    expect(json.discretization).toEqual({ kind: "bins", n: 16 });
    expect(json.voxelArrayShift).toBe(2000);
  });

  it("round-trips through its JSON record", () => {
    for (const s of [
      DEFAULT_SETTINGS,
      PYRADIOMICS_SETTINGS,
      { ...DEFAULT_SETTINGS, discretization: { kind: "none" as const }, families: ["shape" as const] },
    ]) {
      expect(resolveSettings(JSON.parse(JSON.stringify(settingsToJson(s))))).toEqual(s);
    }
  });

  it("names the file and the key of every mistake", () => {
    const cases: [string, string, RegExp][] = [
      ["c.yaml", "bins: 32\n", /c\.yaml: key "bins": unknown setting/],
      ["d.yaml", "discretization: bins:0\n", /d\.yaml: key "discretization": .*integer ≥ 1/],
      ["e.yaml", "families: [glcm, texture]\n", /e\.yaml: key "families": unknown family "texture"/],
      ["f.yaml", "emptyDirections: drop\n", /f\.yaml: key "emptyDirections": expected skip or itk/],
      ["g.yaml", "label: one\n", /g\.yaml: key "label"/],
      ["h.yaml", "voxelArrayShift: big\n", /h\.yaml: key "voxelArrayShift"/],
      ["i.yaml", "preset: ct\n", /i\.yaml: key "preset"/],
      ["j.json", "{ not json", /j\.json: not valid JSON/],
      ["k.yaml", "gridTolerance: {spacing: -1}\n", /k\.yaml: key "gridTolerance\.spacing"/],
      ["l.yaml", "- a list\n", /l\.yaml: must be a mapping/],
    ];
    for (const [name, text, message] of cases) {
      const path = file(name, text);
      expect(() => loadSettings(path), name).toThrow(RadlabInputError);
      expect(() => loadSettings(path), name).toThrow(message);
    }
    expect(() => loadSettings(join(dir, "absent.yaml"))).toThrow(/absent\.yaml: settings file not found/);
  });

  it("the example parameter files load and say what they promise", () => {
    expect(loadSettings(join(REPO_ROOT, "kernel-lib/params/mr-default.yaml"))).toEqual(DEFAULT_SETTINGS);
    expect(loadSettings(join(REPO_ROOT, "kernel-lib/params/pyradiomics.yaml"))).toEqual(PYRADIOMICS_SETTINGS);
  });
});
