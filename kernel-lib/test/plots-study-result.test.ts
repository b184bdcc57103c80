import { describe, expect, it } from "vitest";
import { RadlabInputError } from "../src/errors.js";
import { type CoefficientsLike, figuresFromStudyResult, STUDY_FIGURES, type StudyResultForFigures, studyFigure } from "../src/plots/study-result.js";
import { referenceCohort, referenceResult } from "./plots-fixtures.js";
import { describeOracle } from "./reference.js";

// biome-ignore lint/suspicious/noExplicitAny: reading the spec as plotly does
type Any = any;

/** The radiomics_sim reference rewritten in the minimal result.json layout of issue 3. */
function issue3Result(): StudyResultForFigures {
  const r = referenceResult("radiomics_sim");
  const c = r.logistic.coefficients;
  const radscore: Record<string, number> = {};
  for (const set of ["training", "validation"]) {
    for (const [n, id] of (r.ids[set] as number[]).entries()) radscore[String(id)] = r.radscore[set][n];
  }
  const roc = (s: Any) => ({ auc: s.auc, ci_low: s.auc_ci_delong[0], ci_high: s.auc_ci_delong[2] });
  return {
    lasso: {
      lambda: r.lasso.lambda,
      cvm: r.lasso.cvm,
      cvsd: r.lasso.cvsd,
      nzero: r.lasso.nzero,
      lambda_min: r.lasso.lambda_min,
      lambda_1se: r.lasso.lambda_1se,
      selected: r.lasso.selected_lambda_min,
    },
    logistic: {
      coefficients: Object.fromEntries(
        c.term.map((t: string, n: number) => [
          t,
          { estimate: c.estimate[n] as number, se: c.std_error[n] as number, z: c.z[n] as number, p: c.p[n] as number },
        ]),
      ) as CoefficientsLike,
    },
    radscore,
    roc: { training: roc(r.roc.training), validation: roc(r.roc.validation) },
    youden: {
      threshold: r.roc.training.youden_best.threshold[0],
      sensitivity: r.roc.training.youden_best.sensitivity[0],
      specificity: r.roc.training.youden_best.specificity[0],
      validation: { sensitivity: r.roc.validation.at_training_threshold.sensitivity, specificity: r.roc.validation.at_training_threshold.specificity },
    },
    calibration: {
      validation: { val_prob: r.calibration.validation.val_prob, hosmer_lemeshow: { statistic: 79.5, p: r.calibration.validation.hosmer_lemeshow.p_value } },
    },
  };
}

describeOracle("figuresFromStudyResult", () => {
  it("the R reference layout with the cohort's outcomes: every figure but the coefficient path (not in the reference)", () => {
    const cohort = referenceCohort("radiomics_sim");
    const out = figuresFromStudyResult(referenceResult("radiomics_sim"), cohort);
    expect(Object.keys(out.figures).sort()).toEqual(STUDY_FIGURES.filter((f) => f !== "coefficient-paths").sort());
    expect(out.skipped.map((s) => s.name)).toEqual(["coefficient-paths"]);
    expect(out.skipped[0].reason).toMatch(/no LASSO coefficient path/);
    expect(Object.keys(out.tables)).toEqual([
      "coefficients",
      "baseline-training_effective_vs_ineffective",
      "baseline-validation_effective_vs_ineffective",
      "baseline-training_vs_validation",
    ]);
    // Outcome 1 is "effective" in the reference coding.
    expect(out.figures["radscore-waterfall"].data.map((t) => t.name)).toEqual(["Ineffective", "Effective", "Ineffective", "Effective"]);
    expect(out.tables["baseline-training_vs_validation"].columns[1]).toBe("Training (n = 96)");
  });

  it("a study table (as stats reads it) supplies outcomes, sets and features", () => {
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
    const viaTable = figuresFromStudyResult(referenceResult("radiomics_sim"), { studyTable });
    const explicit = figuresFromStudyResult(referenceResult("radiomics_sim"), cohort);
    expect(Object.keys(viaTable.figures)).toEqual(Object.keys(explicit.figures));
    expect(viaTable.figures["radscore-waterfall"].data).toEqual(explicit.figures["radscore-waterfall"].data);
    expect(viaTable.figures["correlation-heatmap"].data[0].z).toEqual(explicit.figures["correlation-heatmap"].data[0].z);
    expect(() => figuresFromStudyResult({}, { studyTable: { ...studyTable, outcome: new Uint8Array(3) } })).toThrow(/142 ids but 3 outcomes/);
  });

  it("without outcomes, the figures that need them are skipped with the reason, the rest drawn", () => {
    const out = figuresFromStudyResult(referenceResult("radiomics_sim"));
    const skipped = Object.fromEntries(out.skipped.map((s) => [s.name, s.reason]));
    expect(skipped["radscore-waterfall"]).toMatch(/outcomes for the training patients/);
    expect(skipped["correlation-heatmap"]).toMatch(/feature table/);
    // ROC curves come from the result itself; calibration draws without the outcome split.
    expect(out.figures.roc.data).toHaveLength(4);
    expect(out.figures["calibration-validation"].data.map((t) => t.name)).toEqual(["Ideal", "Observed (lowess)", "Predictions"]);
  });

  it("the issue-3 layout: ROC curves recomputed from Rad-scores give the result's AUC; missing calibration curves are named", () => {
    const cohort = referenceCohort("radiomics_sim");
    const result = issue3Result();
    const out = figuresFromStudyResult(result, { outcomes: cohort.outcomes, sets: cohort.sets });
    expect(Object.keys(out.figures)).toEqual(expect.arrayContaining(["lasso-cv", "radscore-waterfall", "roc"]));
    const roc = out.figures.roc.data.filter((t) => t.mode === "lines") as Any[];
    for (const [n, set] of (["training", "validation"] as const).entries()) {
      let area = 0;
      for (let k = 1; k < roc[n].x.length; k++) area += ((roc[n].x[k - 1] - roc[n].x[k]) * (roc[n].y[k] + roc[n].y[k - 1])) / 2;
      expect(Math.abs(area)).toBeCloseTo(result.roc?.[set]?.auc as number, 12);
    }
    expect(roc[0].name).toBe("Training: AUC 0.965 (95% CI 0.933–0.997)");
    const skipped = Object.fromEntries(out.skipped.map((s) => [s.name, s.reason]));
    expect(skipped["calibration-training"]).toBe("calibration-training: the study result has no calibration.training");
    expect(skipped["calibration-validation"]).toMatch(/no apparent calibration curve/);
    expect(out.tables.coefficients.rows).toHaveLength(11);
  });

  it("studyFigure throws the reason: no validation set", () => {
    const { outcomes, sets } = referenceCohort("radiomics_sim");
    const result = issue3Result();
    expect(studyFigure(result, "roc", { outcomes, sets }).data).toHaveLength(4);
    delete result.roc?.validation;
    expect(() => studyFigure(result, "roc", { outcomes, sets })).toThrow(RadlabInputError);
    expect(() => studyFigure(result, "roc", { outcomes, sets })).toThrow("roc: the study result has no ROC summary for the validation set (roc.validation)");
  });
});

describe("figuresFromStudyResult: not a result", () => {
  it("rejects a non-object and reports every figure of an empty one as skipped", () => {
    expect(() => figuresFromStudyResult(null as unknown as StudyResultForFigures)).toThrow(/expected a JSON object/);
    const out = figuresFromStudyResult({});
    expect(Object.keys(out.figures)).toHaveLength(0);
    expect(out.skipped.map((s) => s.name)).toEqual([...STUDY_FIGURES, "coefficients", "baseline"]);
  });
});
