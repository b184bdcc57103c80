import { describe, expect, it } from "vitest";
import { RadlabInputError } from "../src/errors.js";
import { countLabelIndices } from "../src/plots/lambda-path.js";
import { asStudyResult, figuresFromStudyResult, STUDY_FIGURES, studyFigure } from "../src/plots/study-result.js";
import { runStudy } from "../src/stats/study.js";
import { parseStudyTable } from "../src/stats/table.js";
import { referenceCohort, referenceStudyResult } from "./plots-fixtures.js";
import { describeOracle } from "./reference.js";

// biome-ignore lint/suspicious/noExplicitAny: reading the spec as plotly does
type Any = any;

describeOracle("figuresFromStudyResult on R's numbers (the reference converted to the schema)", () => {
  it("with the feature table: every figure but the coefficient path (R's reference has none)", () => {
    const cohort = referenceCohort("radiomics_sim");
    const out = figuresFromStudyResult(referenceStudyResult("radiomics_sim"), cohort);
    expect(Object.keys(out.figures).sort()).toEqual(STUDY_FIGURES.filter((f) => f !== "coefficient-paths").sort());
    expect(out.skipped.map((s) => s.name)).toEqual(["coefficient-paths"]);
    expect(out.skipped[0].reason).toMatch(/no LASSO coefficient path/);
    expect(Object.keys(out.tables)).toEqual([
      "coefficients",
      "baseline-training-by-outcome",
      "baseline-validation-by-outcome",
      "baseline-training-vs-validation",
    ]);
    // Outcome 1 is "effective" in the reference coding.
    expect(out.figures["radscore-waterfall"].data.map((t) => t.name)).toEqual(["Ineffective", "Effective", "Ineffective", "Effective"]);
    expect(out.tables["baseline-training-vs-validation"].columns[1]).toBe("training (n = 96)");
  });

  it("a study table (as stats reads it) supplies the feature values", () => {
    const cohort = referenceCohort("radiomics_sim");
    const t = cohort.featureTable;
    const names = Object.keys(t.features);
    const studyTable = {
      ids: t.ids,
      outcome: Uint8Array.from(t.outcome),
      split: t.set,
      featureNames: names,
      features: names.map((n) => Float64Array.from(t.features[n])),
    };
    const result = referenceStudyResult("radiomics_sim");
    const viaTable = figuresFromStudyResult(result, { studyTable });
    const explicit = figuresFromStudyResult(result, { featureTable: t });
    expect(Object.keys(viaTable.figures)).toEqual(Object.keys(explicit.figures));
    expect(viaTable.figures["correlation-heatmap"].data[0].z).toEqual(explicit.figures["correlation-heatmap"].data[0].z);
    expect(() => figuresFromStudyResult(result, { studyTable: { ...studyTable, outcome: new Uint8Array(3) } })).toThrow(/142 ids but 3 outcomes/);
  });

  it("without the feature table only the figures of raw values are skipped, with the reason", () => {
    const out = figuresFromStudyResult(referenceStudyResult("radiomics_sim"));
    const skipped = Object.fromEntries(out.skipped.map((s) => [s.name, s.reason]));
    expect(Object.keys(skipped).sort()).toEqual(["coefficient-paths", "correlation-heatmap", "feature-boxplot"]);
    expect(skipped["correlation-heatmap"]).toMatch(/feature table/);
    // The patients' outcomes are in the result: the waterfall and the calibration rug need nothing else.
    expect(out.figures["radscore-waterfall"].data.map((t) => t.name)).toEqual(["outcome = 0", "outcome = 1", "outcome = 0", "outcome = 1"]);
    expect(out.figures.roc.data).toHaveLength(4);
  });

  it("the ROC curves are R's points: their area is R's AUC", () => {
    const result = referenceStudyResult("radiomics_sim");
    const roc = studyFigure(result, "roc").data.filter((t) => t.mode === "lines") as Any[];
    for (const [n, set] of (["training", "validation"] as const).entries()) {
      let area = 0;
      for (let k = 1; k < roc[n].x.length; k++) area += ((roc[n].x[k - 1] - roc[n].x[k]) * (roc[n].y[k] + roc[n].y[k - 1])) / 2;
      expect(Math.abs(area)).toBeCloseTo(result.roc[set]?.auc as number, 12);
    }
    expect(roc[0].name).toBe("Training: AUC 0.965 (95% CI 0.933–0.997)");
  });

  it("studyFigure throws the reason: no validation set", () => {
    const result = referenceStudyResult("radiomics_sim");
    expect(studyFigure(result, "roc").data).toHaveLength(4);
    result.roc.validation = null;
    expect(() => studyFigure(result, "roc")).toThrow(RadlabInputError);
    expect(() => studyFigure(result, "roc")).toThrow("roc: the study result has no ROC summary for the validation set (roc.validation)");
  });
});

describe("figuresFromStudyResult on runStudy's own result", () => {
  const lines = ["id,outcome,age,f1,f2,f3"];
  for (let i = 0; i < 80; i++) lines.push(`p${i},${i % 2},${50 + (i % 7)},${1.5 * (i % 2) + 1.5 * Math.sin(i * 2.1)},${Math.cos(i * 1.3)},${(i * 37) % 11}`);
  const table = parseStudyTable(lines.join("\n"), { outcome: "outcome", clinical: ["age"] }, "small.csv");
  const result = runStudy(table, { seed: 5, nfolds: 5, bootstrapB: 10 });

  it("draws the coefficient path and the bootstrap bias-corrected curve; the tables follow the result", () => {
    const out = figuresFromStudyResult(result, { studyTable: table });
    expect(out.skipped).toEqual([]);
    const paths = out.figures["coefficient-paths"].data.filter((t) => t.mode === "lines").map((t) => t.name);
    expect(result.lasso.selected.length).toBeGreaterThan(0);
    expect(paths).toEqual(expect.arrayContaining(result.lasso.selected));
    // Issue 13 item 12: the bootstrap B is stated, and the training panel's intercept and slope (0 and 1 by construction) are labelled apparent.
    const training = out.figures["calibration-training"];
    const b = result.calibration.bootstrap?.nSuccessful;
    expect(training.data.map((t) => t.name)).toContain(`Bias-corrected (bootstrap B = 10${b === 10 ? "" : `, ${b} fitted`})`);
    const note = (f: typeof training) => String((f.layout.annotations as { text: string }[])[0].text);
    expect(note(training)).toMatch(/Apparent intercept -?0\.000<br>Apparent slope 1\.000/);
    expect(note(out.figures["calibration-validation"])).toMatch(/<br>Intercept -?[\d.]+<br>Slope [\d.]+/);
    expect(Object.keys(out.tables)).toEqual([
      "coefficients",
      "baseline-training-by-outcome",
      "baseline-validation-by-outcome",
      "baseline-training-vs-validation",
    ]);
  });

  it("refuses a value that is not a result of this schema version, naming the version", () => {
    expect(() => figuresFromStudyResult(null as never)).toThrow(/expected a JSON object/);
    expect(() => asStudyResult({ lasso: {} }, "old.json")).toThrow('old.json: no schema field, expected "radlab.study-result/1"');
    expect(() => asStudyResult({ ...result, schema: "radlab.study-result/0" })).toThrow(/schema "radlab.study-result\/0", expected/);
    expect(asStudyResult(JSON.parse(JSON.stringify(result)))).toEqual(result);
  });
});

describe("Fig. 2A/2B top axis: the non-zero counts at λ.min and λ.1se are printed exactly there (issue 13 item 6)", () => {
  const lines = ["id,outcome,f1,f2,f3,f4"];
  for (let i = 0; i < 80; i++) lines.push(`p${i},${i % 2},${1.5 * (i % 2) + 1.5 * Math.sin(i * 2.1)},${Math.cos(i * 1.3)},${(i * 37) % 11},${Math.sin(i)}`);
  const table = parseStudyTable(lines.join("\n"), { outcome: "outcome" }, "small.csv");
  const result = runStudy(table, { seed: 5, nfolds: 5, bootstrapB: 0 });
  it.each(["coefficient-paths", "lasso-cv"] as const)("%s", (name) => {
    const figure = figuresFromStudyResult(result, { studyTable: table }).figures[name];
    const logLambda = result.lasso.lambda.map(Math.log);
    const counts = (figure.layout.annotations as { x: number; yref: string; text: string }[]).filter((a) => a.yref === "paper" && /^\d+$/.test(a.text));
    for (const [index, lambda] of [
      [result.lasso.indexMin - 1, result.lasso.lambdaMin],
      [result.lasso.index1se - 1, result.lasso.lambda1se],
    ] as const) {
      expect(result.lasso.lambda[index]).toBe(lambda);
      const at = counts.filter((a) => a.x === logLambda[index]);
      expect(at.map((a) => a.text)).toEqual([String(result.lasso.nzero[index])]);
    }
    // No other count label sits within half a spacing of either line.
    expect(countLabelIndices(100, 10, [40, 41])).toEqual(expect.arrayContaining([40, 41]));
  });
});

describe("baseline tables by outcome name the outcome's classes (issue 13 item 8, labels)", () => {
  const lines = ["id,outcome,age,f1,f2,f3"];
  for (let i = 0; i < 80; i++) lines.push(`p${i},${i % 2},${50 + (i % 7)},${1.5 * (i % 2) + 1.5 * Math.sin(i * 2.1)},${Math.cos(i * 1.3)},${(i * 37) % 11}`);
  const table = parseStudyTable(lines.join("\n"), { outcome: "outcome", clinical: ["age"] }, "small.csv");
  const result = runStudy(table, { seed: 5, nfolds: 5, bootstrapB: 0 });
  it("with outcome labels the columns read effective / ineffective, not outcome = 1 / outcome = 0", () => {
    const out = figuresFromStudyResult(result, { studyTable: table, outcomeLabels: ["ineffective", "effective"] });
    const columns = out.tables["baseline-training-by-outcome"].columns;
    expect(columns[1]).toMatch(/^effective \(n = \d+\)$/);
    expect(columns[2]).toMatch(/^ineffective \(n = \d+\)$/);
    expect(out.tables["baseline-training-vs-validation"].columns[1]).not.toMatch(/effective/);
  });
});
