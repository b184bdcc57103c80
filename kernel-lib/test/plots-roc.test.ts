import { describe, expect, it } from "vitest";
import { aucLabel, empiricalRocCurve, rocFigure } from "../src/plots/roc.js";
import { studyFigure } from "../src/plots/study-result.js";
import { referenceCohort, referenceResult, referenceStudyResult } from "./plots-fixtures.js";
import { describeOracle } from "./reference.js";

// biome-ignore lint/suspicious/noExplicitAny: reading the spec as plotly does
type Any = any;

/** Trapezoidal area under (1 − specificity, sensitivity). */
function area(sensitivity: number[], specificity: number[]): number {
  let a = 0;
  for (let n = 1; n < sensitivity.length; n++) a += ((specificity[n] - specificity[n - 1]) * (sensitivity[n] + sensitivity[n - 1])) / 2;
  return Math.abs(a);
}

describeOracle("empirical ROC curve equals pROC's (shared/reference/stats)", () => {
  for (const name of ["radiomics_sim", "wdbc"] as const) {
    for (const set of ["training", "validation"] as const) {
      it(`${name} ${set}: thresholds, sensitivity and specificity as pROC 1.18, and its AUC`, () => {
        const r = referenceResult(name);
        const { outcomes } = referenceCohort(name);
        const scores: number[] = r.radscore[set];
        const y = r.ids[set].map((id: number) => outcomes[String(id)]);
        const curve = empiricalRocCurve(scores, y, set);
        const expected = r.roc[set].curve;
        expect(curve.sensitivity.length).toBe(expected.sensitivity.length);
        // JSON writes ±Inf as null (first and last thresholds).
        expect(curve.threshold[0]).toBe(-Infinity);
        expect(curve.threshold[curve.threshold.length - 1]).toBe(Infinity);
        for (let n = 1; n < curve.threshold.length - 1; n++) expect(curve.threshold[n]).toBeCloseTo(expected.threshold[n], 12);
        for (let n = 0; n < curve.sensitivity.length; n++) {
          expect(curve.sensitivity[n]).toBeCloseTo(expected.sensitivity[n], 14);
          expect(curve.specificity[n]).toBeCloseTo(expected.specificity[n], 14);
        }
        expect(area(curve.sensitivity, curve.specificity)).toBeCloseTo(r.roc[set].auc, 12);
      });
    }
  }

  it("the study ROC figure: legend AUC (95% CI) text and Youden points from the reference", () => {
    const r = referenceResult("radiomics_sim");
    const fig = studyFigure(referenceStudyResult("radiomics_sim"), "roc");
    const lines = fig.data.filter((t) => t.mode === "lines");
    expect(lines.map((t) => t.name)).toEqual([
      `Training: AUC ${r.roc.training.auc.toFixed(3)} (95% CI ${r.roc.training.auc_ci_delong[0].toFixed(3)}–${r.roc.training.auc_ci_delong[2].toFixed(3)})`,
      `Validation: AUC ${r.roc.validation.auc.toFixed(3)} (95% CI ${r.roc.validation.auc_ci_delong[0].toFixed(3)}–${r.roc.validation.auc_ci_delong[2].toFixed(3)})`,
    ]);
    expect(lines[0].name).toBe("Training: AUC 0.965 (95% CI 0.933–0.997)");
    const points = fig.data.filter((t) => t.mode === "markers") as Any[];
    expect(points).toHaveLength(2);
    expect(points[0].x[0]).toBeCloseTo(1 - r.roc.training.youden_best.specificity[0], 14);
    expect(points[0].y[0]).toBeCloseTo(r.roc.training.youden_best.sensitivity[0], 14);
    expect(points[1].x[0]).toBeCloseTo(1 - r.roc.validation.at_training_threshold.specificity, 14);
    expect(points[1].y[0]).toBeCloseTo(r.roc.validation.at_training_threshold.sensitivity, 14);
    // The Youden point lies on the training curve.
    const onCurve = (lines[0].x as number[]).some(
      (x, n) => Math.abs(x - points[0].x[0]) < 1e-12 && Math.abs((lines[0].y as number[])[n] - points[0].y[0]) < 1e-12,
    );
    expect(onCurve).toBe(true);
  });
});

describe("ROC figure", () => {
  const curve = { name: "Training", sensitivity: [1, 1, 0.5, 0], specificity: [0, 0.5, 0.5, 1], auc: 0.75, ciLow: 0.5123, ciHigh: 0.9876 };
  it("square unit axes with the chance diagonal", () => {
    const fig = rocFigure({ curves: [curve] });
    const x = fig.layout.xaxis as Any;
    const y = fig.layout.yaxis as Any;
    expect(x.range[0]).toBeLessThanOrEqual(0);
    expect(x.range[1]).toBeGreaterThanOrEqual(1);
    expect(y.scaleanchor).toBe("x");
    expect(fig.layout.shapes?.[0]).toMatchObject({ x0: 0, y0: 0, x1: 1, y1: 1 });
    expect(fig.data[0].x).toEqual([1, 0.5, 0.5, 0]);
  });
  it("prints the CI only when given", () => {
    expect(aucLabel(curve)).toBe("Training: AUC 0.750 (95% CI 0.512–0.988)");
    expect(aucLabel({ name: "V", auc: 0.8 })).toBe("V: AUC 0.800");
  });
  it("side by side: one panel per curve, AUC text inside each", () => {
    const fig = rocFigure({ curves: [curve, { ...curve, name: "Validation" }] }, { arrangement: "side-by-side" });
    expect(fig.data.map((t) => t.xaxis)).toEqual(["x", "x2"]);
    expect((fig.layout.annotations ?? []).map((a: Any) => a.text)).toContain("AUC 0.750 (95% CI 0.512–0.988)");
  });
  it("one outcome class is an error naming the set, not an empty curve", () => {
    expect(() => empiricalRocCurve([0.1, 0.2, 0.3], [1, 1, 1], "validation")).toThrow(/validation set has only one outcome class \(3 events, 0 non-events\)/);
    expect(() => empiricalRocCurve([0.1, 0.2], [0, 2])).toThrow(/expected 0 or 1/);
  });
  it("no curves, short curves, or a missing AUC are errors", () => {
    expect(() => rocFigure({ curves: [] })).toThrow(/no ROC curves/);
    expect(() => rocFigure({ curves: [{ ...curve, sensitivity: [1], specificity: [0] }] })).toThrow(/needs at least 2/);
    expect(() => rocFigure({ curves: [{ ...curve, auc: Number.NaN }] })).toThrow(/Training curve AUC is NaN/);
  });
});
