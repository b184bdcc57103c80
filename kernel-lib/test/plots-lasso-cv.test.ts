import { describe, expect, it } from "vitest";
import { RadlabInputError } from "../src/errors.js";
import { coefficientPathsFigure } from "../src/plots/coefficient-paths.js";
import { type LassoCvInput, lassoCvFigure } from "../src/plots/lasso-cv.js";
import { referenceResult, SMALL_LASSO_CV } from "./plots-fixtures.js";
import { describeOracle } from "./reference.js";

// biome-ignore lint/suspicious/noExplicitAny: reading the spec as plotly does
type Any = any;

function cvInput(name: "radiomics_sim" | "wdbc"): LassoCvInput {
  const l = referenceResult(name).lasso;
  return { lambda: l.lambda, cvm: l.cvm, cvsd: l.cvsd, nzero: l.nzero, lambdaMin: l.lambda_min, lambda1se: l.lambda_1se, measure: "deviance" };
}

describeOracle("LASSO CV curve (Fig. 2A) from cv.glmnet's reference output", () => {
  for (const name of ["radiomics_sim", "wdbc"] as const) {
    it(`${name}: one point per λ at log λ with cvm ± cvsd bars`, () => {
      const input = cvInput(name);
      const fig = lassoCvFigure(input);
      expect(fig.data).toHaveLength(1);
      const t = fig.data[0] as Any;
      expect(t.x).toHaveLength(input.lambda.length);
      for (const [n, x] of (t.x as number[]).entries()) expect(x).toBeCloseTo(Math.log(input.lambda[n]), 14);
      expect(t.y).toEqual(input.cvm);
      expect(t.error_y.array).toEqual(input.cvsd);
      // The y range holds every bar end.
      const [lo, hi] = (fig.layout.yaxis as Any).range;
      input.cvm.forEach((m, n) => {
        expect(m - input.cvsd[n]).toBeGreaterThanOrEqual(lo);
        expect(m + input.cvsd[n]).toBeLessThanOrEqual(hi);
      });
      expect((fig.layout.yaxis as Any).title.text).toBe("Binomial deviance");
    });

    it(`${name}: λ.min and λ.1se lines sit where cv.glmnet put them (1-based index_min/index_1se)`, () => {
      const r = referenceResult(name).lasso;
      const fig = lassoCvFigure(cvInput(name));
      const lines = (fig.layout.shapes ?? []).map((s: Any) => s.x0);
      expect(lines[0]).toBeCloseTo(Math.log(r.lambda[r.index_min - 1]), 14);
      if (r.index_1se !== r.index_min) expect(lines[1]).toBeCloseTo(Math.log(r.lambda[r.index_1se - 1]), 14);
      // λ.min is the minimum of cvm: the marker with the smallest y is on the λ.min line.
      const t = fig.data[0] as Any;
      const best = t.y.indexOf(Math.min(...t.y));
      expect(t.x[best]).toBeCloseTo(lines[0], 14);
      const labels = (fig.layout.annotations ?? []).map((a: Any) => a.text);
      expect(labels).toContain(`λ.min = ${r.lambda_min.toFixed(4)}`);
    });

    it(`${name}: the top axis prints nzero at its λ`, () => {
      const input = cvInput(name);
      const fig = lassoCvFigure(input);
      const top = (fig.layout.annotations ?? []).filter((a: Any) => a.xref === "x" && a.yanchor === "bottom");
      expect(top.length).toBeGreaterThan(5);
      for (const a of top as Any[]) {
        const n = input.lambda.findIndex((l) => Math.abs(Math.log(l) - a.x) < 1e-12);
        expect(a.text).toBe(String(input.nzero[n]));
      }
      // Both ends of the path are labelled.
      expect(top.map((a: Any) => a.text)).toContain(String(input.nzero[0]));
      expect(top.map((a: Any) => a.text)).toContain(String(input.nzero[input.nzero.length - 1]));
    });
  }
});

describe("LASSO CV curve: bad input", () => {
  const base: LassoCvInput = SMALL_LASSO_CV;
  it("rejects a λ.min that is not on the path", () => {
    expect(() => lassoCvFigure({ ...base, lambdaMin: 0.07 })).toThrow(/lambdaMin = 0.07 is not on the λ path/);
  });
  it("rejects ragged arrays", () => {
    expect(() => lassoCvFigure({ ...base, cvsd: [0.1, 0.1] })).toThrow(RadlabInputError);
    expect(() => lassoCvFigure({ ...base, cvsd: [0.1, 0.1] })).toThrow(/cvsd has 2 values but lambda has 3/);
  });
  it("rejects missing and non-finite values", () => {
    expect(() => lassoCvFigure({ ...base, cvm: undefined as unknown as number[] })).toThrow(/cvm is missing/);
    expect(() => lassoCvFigure({ ...base, cvm: [1.3, Number.NaN, 1.2] })).toThrow(/cvm\[1\] is NaN/);
  });
  it("titles the y axis by measure", () => {
    expect((lassoCvFigure({ ...base, measure: "auc" }).layout.yaxis as Any).title.text).toBe("AUC");
  });
});

describe("coefficient paths (Fig. 2B)", () => {
  const lambda = [0.2, 0.1, 0.05, 0.025];
  const coefficients = { a: [0, 0.1, 0.3, 0.5], b: [0, 0, -0.2, -0.4], c: [0, 0, 0, 0.05], never: [0, 0, 0, 0] };
  it("colours and names the selected features; the others share one grey trace", () => {
    const fig = coefficientPathsFigure({ lambda, coefficients, lambdaMin: 0.05, lambda1se: 0.1 });
    const names = fig.data.map((t) => t.name);
    // Selected = non-zero at λ.min (a, b), legend ordered by |β| there; c joins "Other features".
    expect(names).toEqual(["Other features", "a", "b"]);
    const other = fig.data[0] as Any;
    expect(other.y.filter((v: unknown) => v !== null)).toEqual(coefficients.c);
    expect((fig.data[1] as Any).x[2]).toBeCloseTo(Math.log(0.05), 14);
    expect((fig.layout.shapes ?? []).map((s: Any) => s.x0).filter((x: number) => x !== 0)).toEqual([Math.log(0.05), Math.log(0.1)]);
  });
  it("puts the legend under the plot in columns, so the paths keep the figure's width whatever the names' length", () => {
    const plotShare = (fig: ReturnType<typeof coefficientPathsFigure>) => {
      const { width, margin } = fig.layout as Any;
      return (width - margin.l - margin.r) / width;
    };
    const long = (n: number) => `wavelet-LLL_gldm_LargeDependenceHighGrayLevelEmphasis_${n}`;
    const many = Object.fromEntries(Array.from({ length: 10 }, (_, n) => [long(n), [0, 0.1 * (n + 1), 0.2 * (n + 1), 0.3 * (n + 1)]]));
    const wide = coefficientPathsFigure({ lambda, coefficients: many, lambdaMin: 0.05 });
    const legend = wide.layout.legend as Any;
    expect(legend.orientation).toBe("h");
    expect(legend.yref).toBe("container");
    expect(plotShare(wide)).toBeGreaterThan(0.85);
    // Two columns of 55-character names in 800 px: 5 rows; short names fit more columns, fewer rows, a shorter figure.
    expect(legend.entrywidth).toBeGreaterThan(300);
    const short = coefficientPathsFigure({ lambda, coefficients: Object.fromEntries(Object.entries(many).map(([, v], n) => [`f${n}`, v])), lambdaMin: 0.05 });
    expect((short.layout.legend as Any).entrywidth).toBeLessThan(100);
    expect(short.layout.height as number).toBeLessThan(wide.layout.height as number);
    // The grey "Other features" trace is listed last.
    expect((fig0().data[0] as Any).legendrank).toBeGreaterThan(1000);
  });
  const fig0 = () => coefficientPathsFigure({ lambda, coefficients, lambdaMin: 0.05 });
  it("prints the non-zero counts along the top when given", () => {
    const fig = coefficientPathsFigure({ lambda, coefficients, nzero: [0, 1, 2, 3] });
    const top = (fig.layout.annotations ?? []).filter((a: Any) => a.xref === "x" && a.yanchor === "bottom");
    expect(top.map((a: Any) => [a.text, a.x])).toEqual([0, 1, 2, 3].map((n) => [String(n), Math.log(lambda[n])]));
    expect(() => coefficientPathsFigure({ lambda, coefficients, nzero: [0, 1] })).toThrow(/nzero has 2 values but lambda has 4/);
  });
  it("rejects a selected feature without a path, and an empty path", () => {
    expect(() => coefficientPathsFigure({ lambda, coefficients, selected: ["zzz"] })).toThrow(/selected feature "zzz" has no coefficient path/);
    expect(() => coefficientPathsFigure({ lambda, coefficients: {} })).toThrow(/no coefficient paths/);
    expect(() => coefficientPathsFigure({ lambda, coefficients: { a: [1, 2] } })).toThrow(/has 2 values but lambda has 4/);
  });
});
