/**
 * Every study result radlab produces is exactly the versioned schema
 * widgets/schemas/study-result.schema.json (radlab.study-result/1): runStudy on both R data
 * sets (oracle data) and on a small table with every decision branch, `radlab model`'s file,
 * and the demo study's (see cli-study). The schema itself rejects what it should.
 */
import { describe, expect, it } from "vitest";
import { runStudy } from "../src/stats/study.js";
import { STUDY_RESULT_SCHEMA } from "../src/stats/study-result.js";
import { parseStudyTable } from "../src/stats/table.js";
import { readStudyTable } from "../src/stats/table-file.js";
import { describeOracle, REFERENCE_CLINICAL, ref } from "./reference.js";
import { studyResultErrors, studyResultSchema } from "./study-result-schema.js";

/** 40 patients, a clinical column, three features (f1 carries the outcome with this weight): small enough to run every option quickly. */
function smallTable(signal = 1) {
  const lines = ["id,outcome,age,f1,f2,f3"];
  for (let i = 0; i < 40; i++) {
    const y = i % 2;
    lines.push(`p${i},${y},${50 + (i % 7)},${signal * y + 1.5 * Math.sin(i * 2.1)},${Math.cos(i * 1.3)},${(i * 37) % 11}`);
  }
  return parseStudyTable(lines.join("\n"), { outcome: "outcome", clinical: ["age"] }, "small.csv");
}

describe("the study-result schema", () => {
  it("is version radlab.study-result/1, the constant the TypeScript type carries", () => {
    expect(studyResultSchema.properties.schema.const).toBe(STUDY_RESULT_SCHEMA);
    expect(STUDY_RESULT_SCHEMA).toBe("radlab.study-result/1");
  });

  it("runStudy's results on a small table validate, whatever the options", () => {
    // Without signal LASSO keeps nothing: the intercept-only branch, with its null calibration.
    expect(studyResultErrors(runStudy(smallTable(), { seed: 5, nfolds: 5, bootstrapB: 5 }))).toEqual([]);
    const table = smallTable(3);
    for (const options of [
      { seed: 5, nfolds: 5, bootstrapB: 5 },
      { seed: 5, nfolds: 5, bootstrapB: 0, radscore: "lasso" as const, lambda: "1se" as const },
      { seed: 3, nfolds: 4, bootstrapB: 0, cvPreprocessing: "per-fold" as const, preprocess: { outlierSd: null } },
      { seed: 5, nfolds: 5, bootstrapB: 0, lambda: 0.05 },
    ]) {
      const result = runStudy(table, options);
      expect(studyResultErrors(result)).toEqual([]);
    }
  });

  it("rejects a result of another version, an extra field, a missing one and a wrong type", () => {
    const result = runStudy(smallTable(), { seed: 5, nfolds: 5, bootstrapB: 0 });
    expect(studyResultErrors({ ...result, schema: "radlab.study-result/0" }).join()).toMatch(/\/schema must be equal to constant/);
    expect(studyResultErrors({ ...result, p_value: 1 }).join()).toMatch(/must NOT have additional properties/);
    const { notes: _, ...noNotes } = result;
    expect(studyResultErrors(noNotes).join()).toMatch(/must have required property 'notes'/);
    expect(studyResultErrors({ ...result, lasso: { ...result.lasso, lambdaMin: "0.1" } }).join()).toMatch(/\/lasso\/lambdaMin must be number/);
    const youden = { ...result.youden, training: { ...result.youden.training, validation_sensitivity: 0.5 } };
    expect(studyResultErrors({ ...result, youden }).join()).toMatch(/must NOT have unevaluated properties/);
  });
});

describeOracle("the study-result schema on the R data sets", () => {
  for (const [name, lambda] of [
    ["wdbc", "1se"],
    ["radiomics_sim", "min"],
  ] as const) {
    it(`${name}: runStudy's result validates`, () => {
      const table = readStudyTable(ref("stats", name, `${name}.csv`), {
        outcome: "outcome",
        split: "set",
        foldid: "foldid",
        clinical: REFERENCE_CLINICAL[name],
      });
      expect(studyResultErrors(runStudy(table, { lambda, bootstrapB: 10, seed: 7 }))).toEqual([]);
    });
  }
});
