import { describe, expect, it } from "vitest";
import { calibrationFigure } from "../src/plots/calibration.js";
import { averageLinkageOrder, correlationHeatmapFigure, correlationMatrix, rowLabels } from "../src/plots/correlation-heatmap.js";
import { decisionCurveFigure } from "../src/plots/decision-curve.js";
import { featureBoxplotFigure } from "../src/plots/feature-boxplot.js";
import { radScoreWaterfallFigure } from "../src/plots/radscore-waterfall.js";
import { referenceCohort, referenceResult } from "./plots-fixtures.js";
import { describeOracle } from "./reference.js";

// biome-ignore lint/suspicious/noExplicitAny: reading the spec as plotly does
type Any = any;

describeOracle("figures from the radiomics_sim reference results", () => {
  const r = referenceResult("radiomics_sim");
  const { outcomes } = referenceCohort("radiomics_sim");
  const patients = (set: "training" | "validation") =>
    r.ids[set].map((id: number, n: number) => ({ id, radScore: r.radscore[set][n], outcome: outcomes[String(id)] as 0 | 1 }));

  it("waterfall: every patient once, sorted by Rad-score, coloured by outcome, drawn from the cut-off", () => {
    const cutoff = r.roc.training.youden_best.threshold[0];
    const fig = radScoreWaterfallFigure({
      sets: [
        { name: "Training", patients: patients("training") },
        { name: "Validation", patients: patients("validation") },
      ],
      cutoff,
      outcomeLabels: ["Ineffective", "Effective"],
    });
    expect(fig.data).toHaveLength(4);
    const training = fig.data.filter((t) => t.xaxis === "x") as Any[];
    // Ranks 1…96 split between the two outcome traces; bar tops are the Rad-scores.
    const ranks = [...training[0].x, ...training[1].x].sort((a: number, b: number) => a - b);
    expect(ranks).toEqual(Array.from({ length: 96 }, (_, n) => n + 1));
    const byRank = new Map<number, number>();
    for (const t of training) for (const [n, x] of (t.x as number[]).entries()) byRank.set(x, t.base + t.y[n]);
    const sorted = [...r.radscore.training].sort((a: number, b: number) => a - b);
    for (let k = 1; k <= 96; k++) expect(byRank.get(k)).toBeCloseTo(sorted[k - 1], 12);
    expect(training[0].base).toBe(cutoff);
    // Events (outcome 1) in the "Effective" trace: 32 in training.
    expect(training.find((t) => t.name === "Effective").x).toHaveLength(r.n.training_events);
    expect(fig.layout.shapes?.[0]).toMatchObject({ y0: cutoff, y1: cutoff });
  });

  it("waterfall: no validation set, or one outcome class, is a clear error", () => {
    expect(() =>
      radScoreWaterfallFigure({
        sets: [
          { name: "Training", patients: patients("training") },
          { name: "Validation", patients: [] },
        ],
        cutoff: 0,
      }),
    ).toThrow(/the Validation set has no patients/);
    const oneClass = patients("training").filter((p: { outcome: number }) => p.outcome === 1);
    expect(() => radScoreWaterfallFigure({ sets: [{ name: "Training", patients: oneClass }], cutoff: 0 })).toThrow(
      /Training set has only one outcome class \(32 events, 0 non-events\)/,
    );
  });

  it("calibration: ideal line, the lowess curve as given, predictions split by outcome, summary text", () => {
    const c = r.calibration.validation;
    const y = r.ids.validation.map((id: number) => outcomes[String(id)]);
    const fig = calibrationFigure({
      name: "Validation",
      apparent: c.lowess_curve,
      biasCorrected: { x: [0.9, 0.1, 0.5], y: [0.8, 0.2, 0.45] },
      predicted: r.radscore.prob_validation,
      observed: y,
      summary: { brier: c.brier, slope: c.val_prob.Slope, intercept: c.val_prob.Intercept, hosmerLemeshowP: c.hosmer_lemeshow.p_value },
    });
    expect(fig.data.map((t) => t.name)).toEqual(["Ideal", "Apparent", "Bias-corrected", "Predictions, Outcome 1", "Predictions, Outcome 0"]);
    expect(fig.data[1].x).toEqual(c.lowess_curve.x);
    expect(fig.data[1].y).toEqual(c.lowess_curve.y);
    expect(fig.data[2].x).toEqual([0.1, 0.5, 0.9]); // sorted by predicted probability
    expect((fig.data[3].x as number[]).length + (fig.data[4].x as number[]).length).toBe(46);
    expect((fig.data[3].x as number[]).length).toBe(r.n.validation_events);
    const text = (fig.layout.annotations ?? [])[0] as Any;
    expect(text.text).toBe("Brier 0.254<br>Intercept 0.261<br>Slope 0.334<br>Hosmer–Lemeshow P <0.001");
    expect((fig.layout.xaxis as Any).range).toEqual([0, 1]);
  });

  it("calibration: Rad-scores passed as probabilities, or no curve, are errors", () => {
    const c = r.calibration.validation;
    expect(() => calibrationFigure({ name: "Validation", apparent: c.lowess_curve, predicted: r.radscore.validation })).toThrow(
      /outside \[0, 1\]; were Rad-scores passed/,
    );
    expect(() => calibrationFigure({ name: "Validation", apparent: undefined as Any })).toThrow(/apparent curve is missing/);
  });

  it("decision curve: model, treat all and treat none at the reference thresholds", () => {
    const d = r.calibration.validation.decision_curve;
    const fig = decisionCurveFigure({
      threshold: d.threshold,
      models: [{ name: "Rad-score", netBenefit: d.net_benefit_model }],
      treatAll: d.net_benefit_treat_all,
      treatNone: d.net_benefit_treat_none,
    });
    expect(fig.data.map((t) => t.name)).toEqual(["Rad-score", "Treat all", "Treat none"]);
    expect(fig.data[1].y).toEqual(d.net_benefit_treat_all);
    // Treat all at pt → 0 approaches the prevalence (23/46).
    expect(d.net_benefit_treat_all[0]).toBeCloseTo(0.5 - 0.5 * (0.01 / 0.99), 12);
    const [lo, hi] = (fig.layout.yaxis as Any).range;
    expect(lo).toBe(-0.05);
    expect(hi).toBeGreaterThan(Math.max(...d.net_benefit_model));
  });
});

describe("decision curve: bad input", () => {
  it("thresholds outside (0, 1) and ragged net benefits", () => {
    expect(() => decisionCurveFigure({ threshold: [0, 0.5], models: [{ name: "m", netBenefit: [0.1, 0] }], treatAll: [0.2, 0] })).toThrow(
      /must lie in \(0, 1\)/,
    );
    expect(() => decisionCurveFigure({ threshold: [0.1, 0.5], models: [{ name: "m", netBenefit: [0.1] }], treatAll: [0.2, 0] })).toThrow(
      /m net benefit has 1 values but threshold has 2/,
    );
  });
});

describe("correlation heat map", () => {
  // Two blocks: a1, a2, a3 move together, b1, b2 move together, interleaved in the input.
  const n = 40;
  const t = Array.from({ length: n }, (_, i) => i);
  const noise = (i: number, k: number) => Math.sin(i * 12.9898 + k * 78.233) * 0.3;
  const features = {
    a1: t.map((i) => Math.sin(i / 3) + noise(i, 1)),
    b1: t.map((i) => Math.cos(i / 5) + noise(i, 2)),
    a2: t.map((i) => Math.sin(i / 3) + noise(i, 3)),
    b2: t.map((i) => -Math.cos(i / 5) + noise(i, 4)),
    a3: t.map((i) => -Math.sin(i / 3) + noise(i, 5)),
  };
  it("Pearson r: symmetric, unit diagonal, equal to the textbook formula", () => {
    const r = correlationMatrix(Object.values(features));
    const [x, y] = [features.a1, features.a2];
    const mx = x.reduce((s, v) => s + v, 0) / n;
    const my = y.reduce((s, v) => s + v, 0) / n;
    const sxy = x.reduce((s, v, i) => s + (v - mx) * (y[i] - my), 0);
    const sxx = x.reduce((s, v) => s + (v - mx) ** 2, 0);
    const syy = y.reduce((s, v) => s + (v - my) ** 2, 0);
    expect(r[0][2]).toBeCloseTo(sxy / Math.sqrt(sxx * syy), 14);
    expect(r[2][0]).toBe(r[0][2]);
    expect(r.every((row, i) => row[i] === 1)).toBe(true);
  });
  it("clustering on 1 − |r| puts each block together (a negative correlation counts as close)", () => {
    const fig = correlationHeatmapFigure({ features });
    const order = fig.data[0].x as string[];
    const blockOf = order.map((name) => name[0]);
    // Contiguous: the block letter changes once.
    expect(blockOf.filter((b, k) => k > 0 && b !== blockOf[k - 1])).toHaveLength(1);
    const z = fig.data[0].z as number[][];
    expect(z[order.indexOf("a1")][order.indexOf("a3")]).toBeLessThan(-0.5);
    expect(fig.data[0]).toMatchObject({ zmin: -1, zmax: 1 });
  });
  it("average linkage merges the closest pair first and keeps a chain in order", () => {
    const d = [
      [0, 1, 4, 5],
      [1, 0, 3, 4],
      [4, 3, 0, 1.5],
      [5, 4, 1.5, 0],
    ];
    expect(averageLinkageOrder(d)).toEqual([0, 1, 2, 3]);
  });
  it("ten long names: the matrix fills most of the canvas (numbered columns, names on two lines), the title centred over it", () => {
    const names = Array.from({ length: 10 }, (_, k) => `wavelet-LLL_gldm_LargeDependenceHighGrayLevelEmphasis${"x".repeat(k)}`);
    const columns = Object.fromEntries(names.map((name, k) => [name, Array.from({ length: 12 }, (_, i) => Math.sin(i * (k + 1)) + i * 0.01)]));
    const fig = correlationHeatmapFigure({ features: columns }, { cluster: false, title: "Selected features" });
    const { width, height, margin, title, xaxis, yaxis } = fig.layout as Any;
    const side = width - margin.l - margin.r;
    expect(height - margin.t - margin.b).toBe(side);
    // Before: a 240 px matrix on a 700 × 650 canvas (13 %).
    expect((side * side) / (width * height)).toBeGreaterThan(0.4);
    expect(xaxis.ticktext).toEqual(names.map((_, k) => String(k + 1)));
    expect(yaxis.ticktext[0]).toBe("wavelet-LLL_gldm_<br>LargeDependenceHighGrayLevelEmphasis 1");
    expect(title).toMatchObject({ text: "Selected features", x: 0.5, xanchor: "center", xref: "paper" });
  });
  it("row labels break at the underscore nearest the middle only when a cell holds two lines", () => {
    expect(rowLabels(["original_firstorder_InterquartileRange", "short"], 11, 44).text).toEqual(["original_firstorder_<br>InterquartileRange 1", "short 2"]);
    expect(rowLabels(["original_firstorder_InterquartileRange"], 9, 16).text).toEqual(["original_firstorder_InterquartileRange 1"]);
    expect(rowLabels(["stat_CoefficientOfVariation"], 11, 44).text).toEqual(["stat_CoefficientOfVariation 1"]);
  });
  it("a constant feature or a single feature is an error", () => {
    expect(() => correlationHeatmapFigure({ features: { a: [1, 2, 3], b: [2, 2, 2] } })).toThrow(/feature "b" is constant/);
    expect(() => correlationHeatmapFigure({ features: { a: [1, 2, 3] } })).toThrow(/at least two features/);
  });
});

describe("feature box plot", () => {
  it("one box trace per outcome with every patient as a point", () => {
    const fig = featureBoxplotFigure({
      features: { f: [1, 2, 3, 4], g: [5, 6, 7, 8] },
      outcome: [0, 1, 0, 1],
      outcomeLabels: ["No", "Yes"],
      pValues: { f: 0.0004 },
    });
    expect(fig.data.map((t) => t.name)).toEqual(["No", "Yes"]);
    expect(fig.data[0]).toMatchObject({ type: "box", boxpoints: "all", x: ["f", "f", "g", "g"], y: [1, 3, 5, 7] });
    expect((fig.layout.annotations ?? [])[0]).toMatchObject({ x: "f", text: "P <0.001" });
  });
  it("one outcome class is an error", () => {
    expect(() => featureBoxplotFigure({ features: { f: [1, 2] }, outcome: [1, 1] })).toThrow(/only one outcome class/);
  });
});
