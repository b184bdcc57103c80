/**
 * What a first-time user trips on (issue 13, items 1–3 and 5), through the built CLI as a
 * user runs it, and the same rules in the library: which columns are LASSO candidates, folds
 * without --foldid, small cohorts, and the message for an unknown outcome column.
 * Tables are small synthetic ones with catalog feature names (~5 s in all).
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import * as aq from "arquero";
import { afterAll, describe, expect, it } from "vitest";
import { designCohort } from "../src/demo/design.js";
import { demoModelArguments } from "../src/demo/study-data.js";
import { featureTable } from "../src/display/feature-table.js";
import { FEATURE_CATALOG } from "../src/features/catalog.js";
import { chooseFoldCount } from "../src/stats/split.js";
import { runStudy } from "../src/stats/study.js";
import { isFeatureColumnName, parseStudyTable } from "../src/stats/table.js";
import { RADLAB_BIN as BIN, runRadlab } from "./built-cli.js";
import { describeOracle, ref } from "./reference.js";

const exec = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "radlab-first-use-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const radlab = runRadlab;

/** Six catalog feature columns (the first informative), beside an extraction's usual other columns. */
const FEATURES = FEATURE_CATALOG.names.slice(0, 6);

/** A table as `radlab extract` + the manifest give it: id, set, outcome, foldid, two clinical columns, features. */
function demoLikeTable(n: number, nTraining: number): string {
  const lines = [["id", "set", "outcome", "foldid", "age", "ALT", ...FEATURES].join(",")];
  for (let i = 0; i < n; i++) {
    const y = i % 2;
    const training = i < nTraining;
    const features = FEATURES.map((_, j) => (j === 0 ? y + 0.8 * Math.sin(i * 2.3) : Math.cos(i * (j + 1.7))).toFixed(6));
    lines.push([`P${i}`, training ? "training" : "validation", y, training ? (i % 5) + 1 : "", 40 + (i % 23), 20 + ((i * 7) % 31), ...features].join(","));
  }
  return `${lines.join("\n")}\n`;
}

describe("item 1: candidates are the feature columns only", () => {
  const csv = join(dir, "features.csv");
  writeFileSync(csv, demoLikeTable(60, 40));

  it("the README's model line on a table with clinical and fold columns: only the 6 feature columns are candidates, the rest named in one line", async () => {
    const out = join(dir, "r.json");
    const r = await radlab("model", "--features", csv, "--outcome", "outcome", "--split", "set", "--bootstrap", "0", "--out", out);
    expect(r.code, r.stderr).toBe(0);
    const ignored = r.stdout.split("\n").filter((l) => l.includes("left out"));
    expect(ignored).toEqual(["note: 3 column(s) are not candidate features and were left out: foldid, age, ALT (name them as clinical to tabulate them)"]);
    expect(r.stdout).toMatch(/, 6 features\n/);
    const result = JSON.parse(readFileSync(out, "utf8"));
    expect(result.data.nFeatures).toBe(6);
    for (const name of result.lasso.selected) expect(FEATURES).toContain(name);
  });

  it("--clinical tabulates columns without making them candidates; --candidates all-numeric does", async () => {
    const out = join(dir, "c.json");
    let r = await radlab("model", ...demoModelArguments(csv, ["age", "ALT"]), "--bootstrap", "0", "--out", out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/left out/);
    expect(JSON.parse(readFileSync(out, "utf8")).data.nFeatures).toBe(6);
    r = await radlab("model", ...demoModelArguments(csv, []), "--candidates", "all-numeric", "--bootstrap", "0", "--out", out);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(out, "utf8")).data.nFeatures).toBe(8);
  });

  it("library: the rule names radlab and PyRadiomics columns; a table without any takes every numeric column but role-named ones", () => {
    expect(FEATURES.every(isFeatureColumnName)).toBe(true);
    expect(isFeatureColumnName("original_glcm_Contrast")).toBe(true);
    expect(isFeatureColumnName("wavelet-LLH_firstorder_Mean")).toBe(true);
    expect(isFeatureColumnName("ALT")).toBe(false);
    const generic = parseStudyTable("id,outcome,foldid,x1,x2\na,1,1,0.5,2\nb,0,2,1.5,3\nc,0,3,2.5,1\n", { outcome: "outcome" }, "g.csv");
    expect(generic.featureNames).toEqual(["x1", "x2"]);
    expect(generic.notes.join(" ")).toMatch(/no column is named as a radiomics feature: every numeric column without a role is a candidate except foldid/);
    expect(() => parseStudyTable(readFileSync(csv, "utf8"), { outcome: "outcome", candidates: ["nope"] }, "t.csv")).toThrow(
      /unknown candidate column\(s\) nope/,
    );
  });
});

describe("item 2: --foldid is optional", () => {
  it("without --foldid: stratified folds from --seed, said; a foldid column not passed is ignored", async () => {
    const csv = join(dir, "features.csv");
    const out = join(dir, "f.json");
    const r = await radlab("model", "--features", csv, "--outcome", "outcome", "--split", "set", "--seed", "11", "--bootstrap", "0", "--out", out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("note: 10 stratified folds; folds drawn with seed 11 (no fold-id column given)");
    const result = JSON.parse(readFileSync(out, "utf8"));
    expect(result.settings.folds).toBe("stratified");
    expect([result.settings.folds, result.settings.seed, result.settings.nfolds]).toEqual(["stratified", 11, 10]);
  });
});

describe("item 3: small cohorts", () => {
  it("the data README's 12-case demo design has fold ids every fold of which holds an event and a non-event", () => {
    for (const n of [12, 20, 142]) {
      const training = designCohort(n, 7).filter((c) => c.set === "training");
      const folds = Math.max(...training.map((c) => c.foldid ?? 0));
      expect(folds, `${n} cases`).toBe(Math.min(10, ...[0, 1].map((y) => training.filter((c) => c.outcome === y).length)));
      for (let f = 1; f <= folds; f++)
        for (const y of [0, 1])
          expect(
            training.some((c) => c.foldid === f && c.outcome === y),
            `${n} cases, fold ${f}, outcome ${y}`,
          ).toBe(true);
    }
  });

  it("fewer folds, said, when training is small; refused, saying what to change, when it is too small", async () => {
    expect(chooseFoldCount([1, 1, 1, 1, 0, 0, 0, 0, 0], undefined)).toEqual({
      nfolds: 4,
      note: "4 stratified folds instead of 10: the training set has 4 events and 5 non-events (each fold needs one of each)",
    });
    expect(() => chooseFoldCount([1, 1, 0, 0, 0, 0], undefined)).toThrow(
      "the training set has 2 events and 4 non-events; cross-validation needs at least 3 of each (3 folds, each with an event and a non-event): give more cases",
    );
    const small = join(dir, "small.csv");
    writeFileSync(small, demoLikeTable(12, 8));
    const r = await radlab("model", "--features", small, "--outcome", "outcome", "--split", "set", "--nfolds", "5", "--out", join(dir, "s.json"));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "5 stratified folds need at least 5 events and 5 non-events in training, and the training set has 4 events and 4 non-events: use nfolds ≤ 4 (radlab model --nfolds 4) or more cases",
    );
    // The library says the same as the command line.
    const table = parseStudyTable(readFileSync(small, "utf8"), { outcome: "outcome", split: "set" }, "small.csv");
    expect(runStudy(table, { bootstrapB: 0 }).notes).toContain(
      "4 stratified folds instead of 10: the training set has 4 events and 4 non-events (each fold needs one of each); folds drawn with seed 20240101 (no fold-id column given)",
    );
  });

  it("a fold-id column that leaves folds empty: refused with what to change", async () => {
    const bad = join(dir, "bad-folds.csv");
    writeFileSync(bad, demoLikeTable(40, 30).replace(/,training,(\d),3,/g, ",training,$1,4,"));
    const r = await radlab("model", ...demoModelArguments(bad, []), "--out", join(dir, "b.json"));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /fold id column "foldid": folds 3 of 1…5 have no training rows; renumber the folds 1…K \(K ≥ 3\), or leave the fold-id column out \(radlab model without --foldid\)/,
    );
  });
});

describe("item 5: an unknown outcome column lists the columns that are not features", () => {
  it("names the 6 non-feature columns, not the first feature columns", async () => {
    const r = await radlab("model", "--features", join(dir, "features.csv"), "--outcome", "response", "--split", "set", "--out", join(dir, "u.json"));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'unknown outcome column "response"; the columns that are not features are id, set, outcome, foldid, age, ALT (and 6 feature columns)',
    );
    expect(r.stderr).not.toContain(FEATURES[0]);
  });
});

describeOracle("item 11: shape_VolumeCC in cm³, every feature's unit in the catalog, the JSON output and the feature table", () => {
  it("radlab extract --json on the IBSI phantom: VolumeCC = 74 voxels × 8 mm³ / 1000 cm³, and a unit for each of the 432 features", async () => {
    const { stdout } = await exec("node", [
      BIN,
      "extract",
      "--image",
      ref("ibsi/digital_phantom/phantom.nii.gz"),
      "--mask",
      ref("ibsi/digital_phantom/mask.nii.gz"),
      "--json",
    ]);
    const out = JSON.parse(stdout);
    expect(out.features.shape_VolumeCC).toBeCloseTo(0.592, 15);
    expect(Object.keys(out.units)).toEqual(FEATURE_CATALOG.names);
    expect([out.units.shape_VolumeCC, out.units.shape_VolumeMM, out.units.stat_Mean, out.units.stat_Variance, out.units.glcm_Inertia_angle135_offset4]).toEqual(
      ["cm³", "mm³", "intensity", "intensity²", "1"],
    );
    for (const def of FEATURE_CATALOG.definitions)
      expect(def.unit, def.name).toMatch(/^(1|bits|intensity²?|grey level²?|voxels per grey level|mm|mm²|mm³|mm⁻¹|cm³)$/);
  });

  it("the feature-table widget shows the catalog's unit", () => {
    const table = aq.table({ id: ["P1", "P2"], shape_VolumeCC: [1.5, 2.5], hist_Entropy: [3, 4], glcm_Inertia_angle135_offset4: [0.1, 0.2] });
    expect(featureTable(table).payload.columns.map((c) => c.unit)).toEqual(["cm³", "bits", null]);
  });
});

describe("item 10: radlab score applies the stored model exactly; the formula says how features are scaled", () => {
  const csv = join(dir, "score-table.csv");
  writeFileSync(csv, demoLikeTable(60, 40));

  for (const radscore of ["logistic", "lasso"]) {
    it(`${radscore} Rad-score: scoring the study's own table reproduces every patient's Rad-score to 1e-12`, async () => {
      const out = join(dir, `score-${radscore}.json`);
      const m = await radlab("model", "--features", csv, "--outcome", "outcome", "--split", "set", "--radscore", radscore, "--bootstrap", "0", "--out", out);
      expect(m.code, m.stderr).toBe(0);
      const result = JSON.parse(readFileSync(out, "utf8"));
      expect(result.lasso.selected.length).toBeGreaterThan(0);
      const r = await radlab("score", "--result", out, "--features", csv);
      expect(r.code, r.stderr).toBe(0);
      const [header, ...rows] = r.stdout
        .trim()
        .split("\n")
        .map((l) => l.split(","));
      expect(header).toEqual(["id", "radscore", "probability", "capped"]);
      expect(rows).toHaveLength(60);
      const stored = new Map<string, { radscore: number; probability: number }>(result.patients.map((p: { id: string }) => [p.id, p]));
      for (const [id, score, probability] of rows) {
        const p = stored.get(id);
        expect(p, id).toBeDefined();
        expect(Math.abs(Number(score) - (p?.radscore ?? Number.NaN))).toBeLessThanOrEqual(1e-12);
        expect(Math.abs(Number(probability) - (p?.probability ?? Number.NaN))).toBeLessThanOrEqual(1e-12);
      }
    });
  }

  it("a new patient beyond the training caps: the value is replaced by the training median, and said", async () => {
    const out = join(dir, "score-logistic.json");
    const result = JSON.parse(readFileSync(out, "utf8"));
    const feature = result.lasso.selected[0] as string;
    const p = result.preprocessing.features.find((f: { feature: string }) => f.feature === feature);
    const header = ["id", ...result.lasso.selected];
    const row = (id: string, value: number) =>
      [
        id,
        ...result.lasso.selected.map((f: string) =>
          f === feature ? value : result.preprocessing.features.find((q: { feature: string }) => q.feature === f).cleanMean,
        ),
      ].join(",");
    const newCsv = join(dir, "new.csv");
    writeFileSync(newCsv, `${header.join(",")}\n${row("NEW1", p.upper + 100 * p.rawSd)}\n${row("NEW2", p.rawMedian)}\n`);
    const r = await radlab("score", "--result", out, "--features", newCsv, "--out", join(dir, "scores.csv"));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("2 patient(s) scored with the logistic Rad-score");
    expect(r.stderr).toContain("1 with values beyond the training caps, replaced by the training median");
    const lines = readFileSync(join(dir, "scores.csv"), "utf8").trim().split("\n");
    // Capped to the median, NEW1 scores exactly as NEW2, whose value is the median.
    expect(lines[1].split(",").slice(1, 3)).toEqual(lines[2].split(",").slice(1, 3));
    expect(lines[1].split(",")[3]).toBe(feature);
    const missing = await radlab("score", "--result", out, "--features", join(dir, "small.csv").replace("small", "nope"));
    expect(missing.code).toBe(2);
  });

  it("the formula says the features are z-scored with the training mean and SD after capping", () => {
    const result = JSON.parse(readFileSync(join(dir, "score-logistic.json"), "utf8"));
    expect(result.radscore.formula).toMatch(/^Rad-score = -?[\d.e-]+ [+−] [\d.e-]+·z\(/);
    expect(result.radscore.formula).toContain(
      "; z(x) = (x − training mean) / training SD, after capping: a value beyond the training mean ± 3 SD becomes the training median, mean and SD taken after that capping (per feature in the result's preprocessing.features; radlab score applies it)",
    );
  });
});
