/**
 * Calibration against R (rms 6.5.0 val.prob, stats::lowess, ResourceSelection::hoslem.test
 * re-implemented in the reference, glm recalibration) on both reference data sets.
 * Predicted probabilities are plogis(Rad-score) of the reference's linear predictor (the
 * JSON's probabilities keep 15 digits, which would lose the logit of p ≈ 1; R's own p are
 * plogis of the same η, which is why p = 1 exactly occurs and 45 wdbc training patients are
 * dropped from the logistic fits).
 */
import { describe, expect, it } from "vitest";
import { RadlabInputError } from "../src/errors.js";
import { bootstrapCalibration } from "../src/stats/bootstrap-calibration.js";
import { brierScore, recalibration } from "../src/stats/calibration.js";
import { hosmerLemeshow } from "../src/stats/hosmer-lemeshow.js";
import { plogis } from "../src/stats/logistic.js";
import { approxLinear, lowess, quantileType7 } from "../src/stats/r-numerics.js";
import { valProb } from "../src/stats/val-prob.js";
import { describeOracle } from "./reference.js";
import { designFor, referenceJson, relDiff, STATS_DATASETS } from "./stats-eval-oracle.js";

function expectRel(actual: number, expected: number, rel: number, abs = 0): void {
  if (!(Math.abs(actual - expected) <= abs || relDiff(actual, expected) <= rel)) expect(actual).toBe(expected);
}

for (const name of STATS_DATASETS) {
  for (const set of ["training", "validation"] as const) {
    describeOracle(`calibration against R (${name}, ${set})`, () => {
      const ref = referenceJson(name);
      const r = ref.calibration[set];
      const outcome = designFor(name, set, []).y;
      const probability = (ref.radscore[set] as number[]).map(plogis);

      it("val.prob summary (rms 6.5.0)", () => {
        const vp = valProb({ probability, outcome });
        expect(vp.nUsedLogistic).toBe(r.n_used_logistic_recalibration);
        const s = vp.stats;
        const e = r.val_prob;
        expectRel(s.Dxy, e.Dxy, 1e-12);
        expectRel(s.C, e.C, 1e-12);
        expectRel(s.R2, e.R2, 1e-9);
        expectRel(s.D, e.D, 1e-9);
        expectRel(s["D:Chi-sq"], e["D:Chi-sq"], 1e-9);
        expect(s["D:p"]).toBe(e["D:p"]);
        // U χ² is a difference of deviances near 0 on training: absolute tolerance there.
        expectRel(s.U, e.U, 1e-7, 1e-9);
        expectRel(s["U:Chi-sq"], e["U:Chi-sq"], 1e-7, 1e-7);
        expectRel(s["U:p"], e["U:p"], 1e-7, 1e-12);
        expectRel(s.Q, e.Q, 1e-7, 1e-9);
        expectRel(s.Brier, e.Brier, 1e-12);
        // lrm.fit stops at a deviance change ≤ 0.025: R's Intercept/Slope differ from the glm MLE
        // by ~1e-7 on validation, and these match R's, not the MLE.
        expectRel(s.Intercept, e.Intercept, 1e-10, 1e-13);
        expectRel(s.Slope, e.Slope, 1e-10, 1e-13);
        expectRel(s.Emax, e.Emax, 1e-9);
        expectRel(s.E90, e.E90, 1e-9);
        expectRel(s.Eavg, e.Eavg, 1e-9);
        expectRel(s["S:z"], e["S:z"], 1e-9);
        expectRel(s["S:p"], e["S:p"], 1e-7, 1e-15);
      });

      it("lowess calibration curve (stats::lowess, iter = 0 as val.prob)", () => {
        const curve = lowess({ x: probability, y: outcome, iter: 0 });
        expect(curve.x).toHaveLength(r.lowess_curve.x.length);
        curve.x.forEach((v, i) => {
          expectRel(v, r.lowess_curve.x[i], 1e-13);
        });
        curve.y.forEach((v, i) => {
          expectRel(v, r.lowess_curve.y[i], 1e-9, 1e-12);
        });
      });

      it("Hosmer–Lemeshow g = 10: breaks, group table, statistic, p", () => {
        const hl = hosmerLemeshow({ probability, outcome, g: 10 });
        const h = r.hosmer_lemeshow;
        expect(hl.df).toBe(h.df);
        expect(hl.breaks).toHaveLength(h.breaks.length);
        hl.breaks.forEach((b, i) => {
          expectRel(b, h.breaks[i], 1e-12);
        });
        expect(hl.groups.n).toEqual(h.groups.n);
        expect(hl.groups.observed1).toEqual(h.groups.observed_1);
        hl.groups.expected1.forEach((v, i) => {
          expectRel(v, h.groups.expected_1[i], 1e-9);
        });
        expectRel(hl.statistic, h.statistic, 1e-9);
        // hoslem.test reports 1 − pchisq, so a p below 1e-13 carries only a few digits in R.
        expectRel(hl.p, h.p_value, 1e-6, 1e-15);
      });

      it("Brier, scaled Brier, calibration in the large, recalibration intercept and slope", () => {
        const b = brierScore({ probability, outcome });
        expectRel(b.brier, r.brier, 1e-12);
        expectRel(b.scaled, r.brier_scaled, 1e-12);
        const rc = recalibration({ probability, outcome });
        expect(rc.nUsed).toBe(r.n_used_logistic_recalibration);
        expectRel(rc.calibrationInTheLarge, r.calibration_in_the_large_offset, 1e-6, 1e-9);
        expectRel(rc.intercept, r.recalibration_intercept, 1e-6, 1e-9);
        expectRel(rc.slope, r.recalibration_slope, 1e-6, 1e-9);
      });
    });
  }
}

describeOracle("bootstrap bias-corrected calibration (rms::calibrate style, radiomics_sim)", () => {
  const ref = referenceJson("radiomics_sim");
  const features = ref.logistic_other_lambda.features;
  const train = designFor("radiomics_sim", "training", features);

  it("is reproducible from its seed, corrects towards less optimism, and reports its settings", () => {
    const a = bootstrapCalibration({ x: train.x, outcome: train.y, B: 30, seed: 7 });
    const b = bootstrapCalibration({ x: train.x, outcome: train.y, B: 30, seed: 7 });
    const c = bootstrapCalibration({ x: train.x, outcome: train.y, B: 30, seed: 8 });
    expect(a.biasCorrected).toEqual(b.biasCorrected);
    expect(a.biasCorrected).not.toEqual(c.biasCorrected);
    expect(a.predy).toHaveLength(50);
    expect(a.settings).toEqual({ B: 30, seed: 7, method: "boot", smoother: "lowess(iter = 0)" });
    expect(a.nSuccessful).toBe(30);
    // The apparent curve is the val.prob-style lowess of the original fit at the grid.
    const fitted = lowess({ x: a.predy, y: a.apparent, iter: 0 });
    expect(fitted.x).toHaveLength(50);
    // Optimism of an in-sample fit is on average positive in the tails: the corrected curve is
    // flatter (closer to the mean) than the apparent one at the grid's ends.
    const mean = train.y.reduce((s, v) => s + v, 0) / train.y.length;
    expect(Math.abs(a.biasCorrected[0] - mean)).toBeLessThan(Math.abs(a.apparent[0] - mean) + 1e-12);
    expect(Math.abs(a.biasCorrected[49] - mean)).toBeLessThan(Math.abs(a.apparent[49] - mean) + 1e-12);
  });
});

describe("calibration helpers and bad input", () => {
  it("quantile type 7 and approx(ties = mean) follow R", () => {
    expect(quantileType7([1, 2, 3, 4], 0.9)).toBeCloseTo(3.7, 14);
    expect(approxLinear([1, 1, 2], [0, 2, 3], [1, 1.5])).toEqual([1, 2]);
  });
  it("a single class, NaN probabilities and length mismatch are refused", () => {
    expect(() => valProb({ probability: [0.1, 0.2], outcome: [1, 1] })).toThrow(/single class/);
    expect(() => hosmerLemeshow({ probability: [0.1, Number.NaN, 0.3], outcome: [0, 1, 1] })).toThrow(/patient 2 is NaN/);
    expect(() => brierScore({ probability: [0.1, 0.2], outcome: [0, 1, 1] })).toThrow(RadlabInputError);
  });
});

describeOracle("evaluateRadScore chains ROC, cut-off transfer, calibration and decision curve (radiomics_sim)", () => {
  it("gives R's numbers and survives a JSON round trip", async () => {
    const { evaluateRadScore } = await import("../src/stats/evaluation.js");
    const ref = referenceJson("radiomics_sim");
    const train = designFor("radiomics_sim", "training", ref.logistic.features);
    const val = designFor("radiomics_sim", "validation", ref.logistic.features);
    const ev = evaluateRadScore({
      training: { scores: ref.radscore.training, outcome: train.y },
      validation: { scores: ref.radscore.validation, outcome: val.y },
      bootstrap: { x: train.x, B: 5, seed: 3 },
    });
    expectRel(ev.rocTrain.auc, ref.roc.training.auc, 1e-14);
    expectRel(ev.rocValid?.aucCi.low ?? Number.NaN, ref.roc.validation.auc_ci_delong[0], 1e-9);
    expectRel(ev.youdenTrain.threshold, ref.roc.training.youden_best.threshold[0], 1e-12);
    expectRel(ev.youdenValid?.sensitivity ?? Number.NaN, ref.roc.validation.at_training_threshold.sensitivity, 1e-14);
    expectRel(ev.calibrationValid?.valProb?.slope ?? Number.NaN, ref.calibration.validation.val_prob.Slope, 1e-10);
    expectRel(ev.calibrationValid?.hosmerLemeshow?.statistic ?? Number.NaN, ref.calibration.validation.hosmer_lemeshow.statistic, 1e-9);
    expectRel(ev.decisionTrain.netBenefitModel[10], ref.calibration.training.decision_curve.net_benefit_model[10], 1e-12);
    expect(ev.bootstrap?.settings).toEqual({ B: 5, seed: 3, method: "boot", smoother: "lowess(iter = 0)" });
    expect(JSON.parse(JSON.stringify(ev))).toEqual(ev);
  });
});
