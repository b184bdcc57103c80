/**
 * Table reading, split, folds and preprocessing against R (shared/reference/stats):
 * the preprocessing parameters and the z matrix of both data sets to 1e-12, the replaced
 * cells, and the bad-input decisions of the study table.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { RadlabInputError } from "../src/errors.js";
import { parseCsv } from "../src/io/csv.js";
import { applyPreprocessing, fitPreprocessing, preprocessingPipeline } from "../src/stats/preprocess.js";
import { seededRandom } from "../src/stats/random.js";
import { foldsFromColumn, splitFromColumn, stratifiedFolds, stratifiedSplit } from "../src/stats/split.js";
import { parseStudyTable } from "../src/stats/table.js";
import { readStudyTable } from "../src/stats/table-file.js";
import { describeOracle, REFERENCE_CLINICAL, ref } from "./reference.js";

const DATASETS = ["wdbc", "radiomics_sim"] as const;

function readCsvNumbers(path: string): { header: string[]; rows: string[][] } {
  const rows = parseCsv(readFileSync(path, "utf8"));
  return { header: rows[0], rows: rows.slice(1) };
}

describeOracle("preprocessing against R", () => {
  for (const name of DATASETS) {
    describe(name, () => {
      const table = readStudyTable(ref("stats", name, `${name}.csv`), {
        outcome: "outcome",
        split: "set",
        foldid: "foldid",
        clinical: REFERENCE_CLINICAL[name],
      });
      const split = splitFromColumn(table.split!, { column: "set", ids: table.ids });
      const reference = JSON.parse(readFileSync(ref("stats", name, `${name}_reference.json`), "utf8"));
      const fitted = fitPreprocessing(table.features, table.featureNames, {}, split.training);

      it("reads the table with the reference's split and sizes", () => {
        expect(split.training.length).toBe(reference.n.training);
        expect(split.validation.length).toBe(reference.n.validation);
        expect(Array.from(split.training, (i) => Number(table.ids[i]))).toEqual(reference.ids.training);
        expect(Array.from(split.validation, (i) => Number(table.ids[i]))).toEqual(reference.ids.validation);
        let events = 0;
        for (const i of split.training) events += table.outcome[i];
        expect(events).toBe(reference.n.training_events);
        expect(table.featureNames.length).toBe(reference.lasso.p);
        const folds = foldsFromColumn(table.foldid!, split.training, { column: "foldid" });
        expect(Array.from(folds)).toEqual(reference.lasso.foldid);
      });

      it("fits every parameter to 1e-12 relative", () => {
        const params = readCsvNumbers(ref("stats", name, `${name}_preprocessing_params.csv`));
        expect(fitted.featureNames).toEqual(params.rows.map((r) => r[0]));
        const columns = params.header.slice(1);
        const key: Record<string, keyof (typeof fitted.params)[number]> = {
          raw_train_mean: "rawMean",
          raw_train_sd: "rawSd",
          raw_train_median: "rawMedian",
          lower: "lower",
          upper: "upper",
          n_replaced_training: "nReplacedTraining",
          clean_train_mean: "cleanMean",
          clean_train_sd: "cleanSd",
        };
        let worst = 0;
        params.rows.forEach((row, j) => {
          columns.forEach((column, c) => {
            if (column === "n_replaced_validation") return;
            const expected = Number(row[c + 1]);
            const actual = fitted.params[j][key[column]] as number;
            const scale = Math.max(Math.abs(expected), 1e-300);
            worst = Math.max(worst, Math.abs(actual - expected) / scale);
            if (column === "n_replaced_training") expect(actual).toBe(expected);
          });
        });
        expect(worst).toBeLessThan(1e-12);
      });

      it("gives R's z matrix to 1e-12 for training and validation rows, and its replaced-cell counts", () => {
        const z = readCsvNumbers(ref("stats", name, `${name}_preprocessed.csv`));
        const firstFeature = z.header.indexOf(table.featureNames[0]);
        const all = Int32Array.from(table.ids.keys());
        const out = applyPreprocessing(fitted, table.features, all);
        const rowOf = new Map(table.ids.map((id, i) => [id, i]));
        let worst = 0;
        for (const row of z.rows) {
          const i = rowOf.get(row[0])!;
          for (let j = 0; j < out.columns.length; j++) {
            worst = Math.max(worst, Math.abs(out.columns[j][i] - Number(row[firstFeature + j])));
          }
        }
        expect(z.rows.length).toBe(table.ids.length);
        expect(worst).toBeLessThan(1e-12);

        const inTraining = new Set(split.training);
        let replacedTraining = 0;
        let replacedValidation = 0;
        for (const rows of out.replacedRows) for (const k of rows) inTraining.has(k) ? replacedTraining++ : replacedValidation++;
        expect(replacedTraining).toBe(reference.preprocessing.n_replaced_training);
        expect(replacedValidation).toBe(reference.preprocessing.n_replaced_validation);
        // The listed replaced cells (ids per feature) are the ones we replaced.
        for (const cell of reference.preprocessing.replaced_cells as { feature: string; ids: number | number[] }[]) {
          const j = out.featureNames.indexOf(cell.feature);
          const ids = Array.from(out.replacedRows[j], (k) => Number(table.ids[k])).sort((a, b) => a - b);
          expect(ids).toEqual([cell.ids].flat().sort((a, b) => a - b));
        }
      });

      it("as a pipeline fitted on training rows, ignores validation rows entirely", () => {
        // Change every validation value: the fitted parameters must not move.
        const perturbed = table.features.map((column) => {
          const copy = column.slice();
          for (const i of split.validation) copy[i] = copy[i] * 7 + 1000;
          return copy;
        });
        const refit = preprocessingPipeline().fit(perturbed, table.featureNames, split.training);
        expect(refit.fitted.params).toEqual(fitted.params);
      });
    });
  }
});

describe("study table: bad input", () => {
  const csv = (lines: string[]) => lines.join("\n");
  const good = ["id,set,outcome,foldid,sex,f1,f2,f3", "a,training,1,1,m,1.5,2,3", "b,training,0,2,f,2.5,2,4", "c,validation,0,,f,0.5,2,5"];

  it("reads roles, drops a constant feature with a note, and leaves unnamed text out with a note", () => {
    const table = parseStudyTable(csv(good), { outcome: "outcome", split: "set", foldid: "foldid" }, "t.csv");
    expect(table.featureNames).toEqual(["f1", "f3"]);
    expect(table.droppedFeatures).toEqual(["f2"]);
    expect(table.notes.join(" ")).toMatch(/constant feature.*f2/);
    expect(table.ignoredColumns).toEqual(["sex"]);
    expect(table.notes.join(" ")).toMatch(/1 column\(s\) are not candidate features and were left out: sex/);
    expect(Array.from(table.outcome)).toEqual([1, 0, 0]);
    expect(Array.from(table.foldid!)).toEqual([1, 2, 0]);
  });

  it("names the rows and columns of NaN, Inf and empty feature cells", () => {
    const lines = [...good];
    lines[1] = "a,training,1,1,m,NaN,2,3";
    lines[3] = "c,validation,0,,f,0.5,2,Inf";
    expect(() => parseStudyTable(csv(lines), { outcome: "outcome" }, "t.csv")).toThrow(/t\.csv.*"f1" \(ids a\).*"f3" \(ids c\)/);
    lines[3] = "c,validation,0,,f,0.5,2,";
    expect(() => parseStudyTable(csv(lines), { outcome: "outcome" }, "t.csv")).toThrow(RadlabInputError);
  });

  it("rejects a non-binary or missing outcome, naming values and ids", () => {
    const lines = [...good];
    lines[2] = "b,training,2,2,f,2.5,2,4";
    expect(() => parseStudyTable(csv(lines), { outcome: "outcome" }, "t.csv")).toThrow(/must be 0 or 1.*found 2 \(ids b\)/);
    lines[2] = "b,training,,2,f,2.5,2,4";
    expect(() => parseStudyTable(csv(lines), { outcome: "outcome" }, "t.csv")).toThrow(/\(empty\)/);
  });

  it("rejects an unknown column name, listing the header", () => {
    expect(() => parseStudyTable(csv(good), { outcome: "response" }, "t.csv")).toThrow(
      /unknown outcome column "response"; the columns that are not features are id, set, outcome, foldid, sex, f1, f2, f3$/,
    );
    expect(() => parseStudyTable(csv(good), { outcome: "outcome", clinical: ["age"] }, "t.csv")).toThrow(/unknown clinical column "age"/);
    expect(() => parseStudyTable(csv(good), { outcome: "outcome", split: "group" }, "t.csv")).toThrow(/unknown split column/);
  });

  it("rejects duplicate patient ids", () => {
    const lines = [...good, "a,validation,1,,m,0.7,2,6"];
    expect(() => parseStudyTable(csv(lines), { outcome: "outcome" }, "t.csv")).toThrow(/duplicate patient ids in "id": a/);
  });

  it("rejects a column that mixes numbers and text", () => {
    const lines = [...good];
    lines[2] = "b,training,0,2,f,abc,2,4";
    expect(() => parseStudyTable(csv(lines), { outcome: "outcome" }, "t.csv")).toThrow(/"f1" mixes numbers and text.*b/);
  });

  it("rejects unknown split labels and empty fold ids of training rows", () => {
    expect(() => splitFromColumn(["training", "holdout"], { column: "set", ids: ["a", "b"] })).toThrow(/b \("holdout"\)/);
    expect(() => foldsFromColumn(Int32Array.from([1, 0, 2, 3]), [0, 1, 2, 3], { column: "foldid", ids: ["a", "b", "c", "d"] })).toThrow(
      /empty for 1 training row.*b/,
    );
    expect(() => foldsFromColumn(Int32Array.from([1, 3, 3]), [0, 1, 2], { column: "foldid" })).toThrow(
      /folds 2 of 1…3 have no training rows; renumber the folds 1…K \(K ≥ 3\), or leave the fold-id column out/,
    );
  });
});

describe("seeded split and folds", () => {
  const outcome = Uint8Array.from({ length: 142 }, (_, i) => (i % 3 === 0 ? 1 : 0));

  it("the generator is reproducible and uniform enough", () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const draws = Array.from({ length: 10000 }, () => a.uniform());
    expect(draws.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b.uniform()));
    const mean = draws.reduce((s, x) => s + x, 0) / draws.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
    expect(seededRandom(43).uniform()).not.toBe(draws[0]);
  });

  it("a stratified split keeps the event rate in both sets and depends only on the seed", () => {
    const split = stratifiedSplit(outcome, { seed: 7, trainingFraction: 0.7 });
    const events = (rows: Int32Array) => Array.from(rows).filter((i) => outcome[i] === 1).length;
    expect(events(split.training)).toBe(Math.round(0.7 * 48));
    expect(split.training.length + split.validation.length).toBe(142);
    expect(stratifiedSplit(outcome, { seed: 7, trainingFraction: 0.7 })).toEqual(split);
    expect(stratifiedSplit(outcome, { seed: 8, trainingFraction: 0.7 }).training).not.toEqual(split.training);
  });

  it("stratified folds spread events evenly, and refuse fewer events than folds", () => {
    const folds = stratifiedFolds(outcome, { nfolds: 10, seed: 1 });
    const perFold = new Array(11).fill(0);
    const eventsPerFold = new Array(11).fill(0);
    folds.forEach((f, i) => {
      perFold[f]++;
      eventsPerFold[f] += outcome[i];
    });
    expect(Math.max(...perFold.slice(1)) - Math.min(...perFold.slice(1))).toBeLessThanOrEqual(1);
    expect(Math.max(...eventsPerFold.slice(1)) - Math.min(...eventsPerFold.slice(1))).toBeLessThanOrEqual(1);
    const few = Uint8Array.from({ length: 50 }, (_, i) => (i < 6 ? 1 : 0));
    expect(() => stratifiedFolds(few, { nfolds: 10, seed: 1 })).toThrow(/6 events in training for 10 stratified folds/);
  });
});
