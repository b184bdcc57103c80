/**
 * ROC analysis against pROC 1.18 on the reference Rad-scores of both data sets: AUC exactly
 * (to the JSON's 15 digits), DeLong variance and 95% CI to 1e-9, the full curve (thresholds,
 * sensitivities, specificities), Youden-optimal row(s) including ties, and the training
 * cut-off applied to validation. Clopper–Pearson intervals against R's binom.test.
 */
import { describe, expect, it } from "vitest";
import { RadlabInputError } from "../src/errors.js";
import { fitLogistic, predictLogistic } from "../src/stats/logistic.js";
import { aucDelong, classifyAtThreshold, clopperPearson, delongPlacements, delongTest, type RocResult, rocCurve } from "../src/stats/roc.js";
import { describeOracle } from "./reference.js";
import { designFor, referenceJson, relDiff, STATS_DATASETS } from "./stats-eval-oracle.js";

function expectRel(actual: number, expected: number, rel: number, abs = 0): void {
  if (!(Math.abs(actual - expected) <= abs || relDiff(actual, expected) <= rel)) expect(actual).toBe(expected);
}

// biome-ignore lint/suspicious/noExplicitAny: reference JSON entry
function checkRoc(roc: RocResult, r: any, withCurve: boolean): void {
  if (r.n_cases !== undefined) {
    expect(roc.nCases).toBe(r.n_cases);
    expect(roc.nControls).toBe(r.n_controls);
  }
  expectRel(roc.auc, r.auc, 1e-14);
  expectRel(roc.aucVariance, r.auc_var_delong, 1e-9);
  expectRel(roc.aucCi.low, r.auc_ci_delong[0], 1e-9);
  expectRel(roc.aucCi.high, r.auc_ci_delong[2], 1e-9);
  const yb = r.youden_best;
  expect(roc.youden.map((y) => y.tp)).toEqual(yb.tp);
  expect(roc.youden.map((y) => y.tn)).toEqual(yb.tn);
  expect(roc.youden.map((y) => y.fp)).toEqual(yb.fp);
  expect(roc.youden.map((y) => y.fn)).toEqual(yb.fn);
  roc.youden.forEach((y, k) => {
    expectRel(y.threshold, yb.threshold[k], 1e-12);
    expectRel(y.sensitivity, yb.sensitivity[k], 1e-14);
    expectRel(y.specificity, yb.specificity[k], 1e-14);
    expectRel(y.accuracy, yb.accuracy[k], 1e-14);
    expectRel(y.ppv, yb.ppv[k], 1e-14);
    expectRel(y.npv, yb.npv[k], 1e-14);
    expectRel(y.youdenJ, yb.youden_J[k], 1e-13);
    expect(y.sensitivityCi.low).toBeLessThanOrEqual(y.sensitivity);
    expect(y.sensitivityCi.high).toBeGreaterThanOrEqual(y.sensitivity);
  });
  if (withCurve) {
    expect(roc.thresholds).toHaveLength(r.curve.threshold.length);
    expect(roc.thresholds[0]).toBeNull();
    expect(roc.thresholds.at(-1)).toBeNull();
    roc.thresholds.forEach((t, i) => {
      if (t !== null) expectRel(t, r.curve.threshold[i], 1e-12, 1e-13);
    });
    expect(roc.sensitivities).toHaveLength(r.curve.sensitivity.length);
    roc.sensitivities.forEach((s, i) => {
      expectRel(s, r.curve.sensitivity[i], 1e-14);
    });
    roc.specificities.forEach((s, i) => {
      expectRel(s, r.curve.specificity[i], 1e-14);
    });
  }
}

for (const name of STATS_DATASETS) {
  describeOracle(`ROC against pROC (${name})`, () => {
    const ref = referenceJson(name);
    const yTrain = designFor(name, "training", []).y;
    const yVal = designFor(name, "validation", []).y;
    const rocTrain = rocCurve({ scores: ref.radscore.training, outcome: yTrain });
    const rocVal = rocCurve({ scores: ref.radscore.validation, outcome: yVal });

    it("training: AUC, DeLong CI, curve, Youden", () => checkRoc(rocTrain, ref.roc.training, true));
    it("validation: AUC, DeLong CI, curve, Youden", () => checkRoc(rocVal, ref.roc.validation, true));

    it("the training Youden cut-off applied to validation", () => {
      const r = ref.roc.validation.at_training_threshold;
      expect(rocTrain.youden).toHaveLength(1);
      const atCut = classifyAtThreshold({ scores: ref.radscore.validation, outcome: yVal, threshold: rocTrain.youden[0].threshold });
      expectRel(atCut.threshold, r.threshold, 1e-12);
      expectRel(atCut.sensitivity, r.sensitivity, 1e-14);
      expectRel(atCut.specificity, r.specificity, 1e-14);
      expectRel(atCut.accuracy, r.accuracy, 1e-14);
    });

    it("AUC of the LASSO linear predictor", () => {
      const lasso = ref.lasso.radscore_lasso_lambda_min;
      expect(lasso.training).toHaveLength(yTrain.length);
      expectRel(aucDelong({ scores: lasso.training, outcome: yTrain }).auc, ref.roc.lasso_radscore_training_auc, 1e-14);
      expectRel(aucDelong({ scores: lasso.validation, outcome: yVal }).auc, ref.roc.lasso_radscore_validation_auc, 1e-14);
    });
  });
}

describeOracle("ROC of a second model with tied Youden optima (radiomics_sim, lambda.1se glm)", () => {
  const ref = referenceJson("radiomics_sim");
  const features = ref.logistic_other_lambda.features;
  const train = designFor("radiomics_sim", "training", features);
  const val = designFor("radiomics_sim", "validation", features);
  const model = fitLogistic({ x: train.x, y: train.y, featureNames: features });
  const scoreTrain = predictLogistic(model, train.x).linearPredictor;
  const scoreVal = predictLogistic(model, val.x).linearPredictor;

  it("training: three tied Youden thresholds, as pROC lists them", () => {
    const roc = rocCurve({ scores: scoreTrain, outcome: train.y });
    expect(roc.youden).toHaveLength(3);
    checkRoc(roc, ref.roc.other_lambda_glm.training, false);
  });
  it("validation: two tied Youden thresholds (n = 23/23, so J ties need exact pROC arithmetic)", () => {
    const roc = rocCurve({ scores: scoreVal, outcome: val.y });
    expect(roc.youden).toHaveLength(2);
    checkRoc(roc, ref.roc.other_lambda_glm.validation, false);
  });

  it("paired DeLong test: each curve's variance equals pROC's; covariance equals the O(n²) definition", () => {
    const mainTrain = ref.radscore.training as number[];
    const t = delongTest({ scoresA: mainTrain, scoresB: scoreTrain, outcome: train.y });
    expectRel(t.aucA, ref.roc.training.auc, 1e-14);
    expectRel(t.aucB, ref.roc.other_lambda_glm.training.auc, 1e-14);
    // Independent check of the covariance term from DeLong et al. (1988), eq. for S10/S01,
    // with the structural components computed pair by pair.
    const psi = (x: number, y: number): number => (x > y ? 1 : x === y ? 0.5 : 0);
    const cases = train.y.map((y, i) => (y === 1 ? i : -1)).filter((i) => i >= 0);
    const controls = train.y.map((y, i) => (y === 0 ? i : -1)).filter((i) => i >= 0);
    const v10 = (s: number[]) => cases.map((i) => controls.reduce((a, j) => a + psi(s[i], s[j]), 0) / controls.length);
    const v01 = (s: number[]) => controls.map((j) => cases.reduce((a, i) => a + psi(s[i], s[j]), 0) / cases.length);
    const cov = (u: number[], v: number[]) => {
      const mu = u.reduce((a, b) => a + b, 0) / u.length;
      const mv = v.reduce((a, b) => a + b, 0) / v.length;
      return u.reduce((a, x, k) => a + (x - mu) * (v[k] - mv), 0) / (u.length - 1);
    };
    const s = (a: number[], b: number[]) => cov(v10(a), v10(b)) / cases.length + cov(v01(a), v01(b)) / controls.length;
    const varDiff = s(mainTrain, mainTrain) + s(scoreTrain, scoreTrain) - 2 * s(mainTrain, scoreTrain);
    expectRel(s(mainTrain, mainTrain), ref.roc.training.auc_var_delong, 1e-9);
    expectRel(s(scoreTrain, scoreTrain), ref.roc.other_lambda_glm.training.auc_var_delong, 1e-9);
    expectRel(t.se, Math.sqrt(varDiff), 1e-12);
    expectRel(t.z, (t.aucA - t.aucB) / Math.sqrt(varDiff), 1e-12);
    expect(t.p).toBeGreaterThan(0);
    expect(t.p).toBeLessThan(1);
  });
});

describe("ROC helpers", () => {
  it("identical curves give Z = 0 and p = 1 (pROC test-roc.test.R)", () => {
    const s = [0.1, 0.4, 0.35, 0.8, 0.2, 0.9];
    const t = delongTest({ scoresA: s, scoresB: s, outcome: [0, 0, 1, 1, 0, 1] });
    expect(t.z).toBe(0);
    expect(t.p).toBe(1);
  });
  it("Clopper–Pearson equals R's binom.test(682, 925) interval (R documentation example)", () => {
    const ci = clopperPearson(682, 925);
    expect(ci.low).toBeCloseTo(0.7076683, 7);
    expect(ci.high).toBeCloseTo(0.7654066, 7);
  });
  it("Clopper–Pearson edges: 0/n and n/n", () => {
    expect(clopperPearson(0, 10).low).toBe(0);
    expect(clopperPearson(10, 10).high).toBe(1);
    // 0/10: upper bound 1 − 0.025^(1/10), closed form.
    expect(clopperPearson(0, 10).high).toBeCloseTo(1 - 0.025 ** (1 / 10), 13);
  });
  it("DeLong placements give the Mann–Whitney AUC with ties ½", () => {
    expect(delongPlacements([1, 2], [1, 0]).theta).toBe(0.875);
  });
  it("bad input: a single class, NaN scores, length mismatch", () => {
    expect(() => rocCurve({ scores: [1, 2, 3], outcome: [1, 1, 1] })).toThrow(/both classes/);
    expect(() => rocCurve({ scores: [1, Number.NaN, 3], outcome: [0, 1, 1] })).toThrow(/patient 2 is NaN/);
    expect(() => rocCurve({ scores: [1, 2], outcome: [0, 1, 1] })).toThrow(RadlabInputError);
  });
});
