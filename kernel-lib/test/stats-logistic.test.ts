/**
 * Multiple logistic regression against R's glm(binomial, epsilon = 1e-12), fitted on the
 * reference's selected features taken from the reference's preprocessed z matrix (so these
 * tests do not depend on the LASSO). β, SE, z, p to 1e-6 relative; deviance, null deviance,
 * AIC; the Rad-score (linear predictor) of every training and validation patient.
 * wdbc is a hard case: quasi-complete separation (144 fitted probabilities numerically 0/1).
 */
import { describe, expect, it } from "vitest";
import { RadlabInputError } from "../src/errors.js";
import { fitLogistic, predictLogistic } from "../src/stats/logistic.js";
import { describeOracle } from "./reference.js";
import { designFor, referenceJson, relDiff, type StatsDataset } from "./stats-eval-oracle.js";

function expectRel(actual: number, expected: number, rel: number, abs = 0): void {
  if (!(Math.abs(actual - expected) <= abs || relDiff(actual, expected) <= rel)) expect(actual).toBe(expected);
}

const cases: [StatsDataset, "logistic" | "logistic_other_lambda"][] = [
  ["wdbc", "logistic"],
  ["radiomics_sim", "logistic"],
  ["radiomics_sim", "logistic_other_lambda"],
];

for (const [name, section] of cases) {
  describeOracle(`logistic regression against R glm (${name}, ${section})`, () => {
    const ref = referenceJson(name);
    const r = ref[section];
    const train = designFor(name, "training", r.features);
    const model = fitLogistic({ x: train.x, y: train.y, featureNames: r.features });

    it("β, SE, z and p of every term to 1e-6 relative", () => {
      expect(model.terms).toEqual(r.coefficients.term);
      model.coefficients.forEach((c, j) => {
        expectRel(c.estimate, r.coefficients.estimate[j], 1e-6);
        expectRel(c.se, r.coefficients.std_error[j], 1e-6);
        expectRel(c.z, r.coefficients.z[j], 1e-6);
        expectRel(c.p, r.coefficients.p[j], 1e-6);
        // Odds ratio and its Wald interval follow from β and SE.
        expectRel(c.oddsRatio, Math.exp(r.coefficients.estimate[j]), 1e-6);
        expect(c.oddsRatioLow).toBeLessThan(c.oddsRatio);
        expect(c.oddsRatioHigh).toBeGreaterThan(c.oddsRatio);
      });
    });

    it("deviance, null deviance, AIC, convergence", () => {
      expectRel(model.deviance, r.deviance, 1e-9);
      expectRel(model.nullDeviance, r.null_deviance, 1e-12);
      expectRel(model.aic, r.aic, 1e-9);
      expect(model.converged).toBe(r.converged);
      expect(model.iterations).toBe(r.iterations);
      // The README does not define n_fitted_prob_extreme; probabilities outside [1e-10, 1 − 1e-10]
      // reproduce it (wdbc: 144; glm's own 10·ε rule flags 74 of them).
      expect(model.fittedNearExtremeCount).toBe(r.n_fitted_prob_extreme);
      if (r.n_fitted_prob_extreme > 0) {
        expect(model.separation).not.toBe("none");
        expect(model.warnings.join(" ")).toMatch(/numerically 0 or 1/);
      } else expect(model.warnings).toEqual([]);
    });

    if (section === "logistic") {
      it("Rad-score (linear predictor) of training and validation patients", () => {
        const val = designFor(name, "validation", r.features);
        const lpTrain = predictLogistic(model, train.x).linearPredictor;
        const lpVal = predictLogistic(model, val.x).linearPredictor;
        // Absolute tolerance scaled to the size of the scores (wdbc reaches |η| ≈ 80).
        lpTrain.forEach((v, i) => {
          expectRel(v, ref.radscore.training[i], 1e-6, 1e-6);
        });
        lpVal.forEach((v, i) => {
          expectRel(v, ref.radscore.validation[i], 1e-6, 1e-6);
        });
      });
    }
  });
}

describe("logistic regression: bad input", () => {
  const x = [[0.1], [0.5], [0.9], [1.3], [0.2], [0.7]];
  it("a single class is refused", () => {
    expect(() => fitLogistic({ x, y: [0, 0, 0, 0, 0, 0] })).toThrow(/single class/);
  });
  it("length mismatch is refused", () => {
    expect(() => fitLogistic({ x, y: [0, 1, 0] })).toThrow(RadlabInputError);
  });
  it("NaN in a feature names the feature and the row", () => {
    const bad = x.map((r) => [...r]);
    bad[2][0] = Number.NaN;
    expect(() => fitLogistic({ x: bad, y: [0, 1, 0, 1, 0, 1], featureNames: ["glcm_Contrast"] })).toThrow(/glcm_Contrast.*row 3/);
  });
  it("an outcome other than 0/1 is refused", () => {
    expect(() => fitLogistic({ x, y: [0, 1, 2, 1, 0, 1] })).toThrow(/not 0 or 1/);
  });
  it("complete separation is reported as a warning, not hidden", () => {
    const m = fitLogistic({ x, y: [0, 0, 1, 1, 0, 1] });
    expect(m.separation).toBe("complete");
    expect(m.warnings.length).toBeGreaterThan(0);
  });
  it("collinear features are refused with a clear message", () => {
    expect(() => fitLogistic({ x: x.map((r) => [r[0], 2 * r[0]]), y: [0, 1, 0, 1, 1, 0] })).toThrow(/collinear/);
  });
});
