/**
 * Decision curves against the R reference (net benefit computed directly in R, README
 * convention 8) for training and validation of both data sets, at thresholds 0.01 … 0.99.
 * Probabilities are plogis(reference Rad-score), as R's.
 */
import { describe, expect, it } from "vitest";
import { decisionCurve, seqBy } from "../src/stats/decision-curve.js";
import { plogis } from "../src/stats/logistic.js";
import { describeOracle } from "./reference.js";
import { designFor, referenceJson, STATS_DATASETS } from "./stats-eval-oracle.js";

for (const name of STATS_DATASETS) {
  describeOracle(`decision curve against R (${name})`, () => {
    const ref = referenceJson(name);
    for (const set of ["training", "validation"] as const) {
      it(`${set}: net benefit of model, treat all, treat none`, () => {
        const r = ref.calibration[set].decision_curve;
        const outcome = designFor(name, set, []).y;
        const dc = decisionCurve({ probability: (ref.radscore[set] as number[]).map(plogis), outcome });
        expect(dc.threshold).toHaveLength(r.threshold.length);
        dc.threshold.forEach((t, i) => {
          expect(Math.abs(t - r.threshold[i])).toBeLessThan(1e-15);
        });
        dc.netBenefitModel.forEach((v, i) => {
          expect(Math.abs(v - r.net_benefit_model[i])).toBeLessThan(1e-13);
        });
        dc.netBenefitTreatAll.forEach((v, i) => {
          expect(Math.abs(v - r.net_benefit_treat_all[i])).toBeLessThan(1e-13);
        });
        expect(dc.netBenefitTreatNone).toEqual(r.net_benefit_treat_none);
      });
    }
  });
}

describe("decision curve: settings and bad input", () => {
  it("default thresholds are R's seq(0.01, 0.99, by = 0.01)", () => {
    const s = seqBy(0.01, 0.99, 0.01);
    expect(s).toHaveLength(99);
    expect(s[2]).toBe(0.01 + 2 * 0.01);
  });
  it("refuses a length mismatch, NaN probabilities and thresholds outside (0, 1)", () => {
    expect(() => decisionCurve({ probability: [0.2], outcome: [0, 1] })).toThrow(/1 probabilities but 2 outcomes/);
    expect(() => decisionCurve({ probability: [0.2, Number.NaN], outcome: [0, 1] })).toThrow(/patient 2/);
    expect(() => decisionCurve({ probability: [0.2, 0.4], outcome: [0, 1], thresholds: [1] })).toThrow(/not in \(0, 1\)/);
  });
});
