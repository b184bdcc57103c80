/**
 * The LASSO path and its cross-validation against R's glmnet 4.1-6 / cv.glmnet
 * (shared/reference/stats/<name>/<name>_reference.json), fed with R's own preprocessed
 * training matrix (<name>_preprocessed.csv) and R's fold ids, so that only the LASSO is tested.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { RadlabInputError } from "../src/errors.js";
import { parseCsv } from "../src/io/csv.js";
import { aucOf, chooseLambda, cvLasso } from "../src/stats/cv-lasso.js";
import { coefficientsAt, fitLassoPath, lambdaInterpolation, linearPredictor } from "../src/stats/lasso.js";
import { preprocessingPipeline } from "../src/stats/preprocess.js";
import { seededRandom } from "../src/stats/random.js";
import { javascriptKernels, wasmKernels } from "../src/stats/simd-kernels.js";
import { describeOracle, ref } from "./reference.js";

interface Reference {
  ids: { training: number[] };
  lasso: {
    foldid: number[];
    lambda: number[];
    cvm: number[];
    cvsd: number[];
    nzero: number[];
    full_fit: { a0: number[]; df: number[]; dev_ratio: number[]; nulldev: number };
    lambda_min: number;
    lambda_1se: number;
    index_min: number;
    index_1se: number;
    coef_lambda_min: Record<string, number>;
    coef_lambda_1se: Record<string, number>;
    coef_lambda_min_tight: Record<string, number>;
    coef_lambda_1se_tight: Record<string, number>;
    selected_lambda_min: string[];
    selected_lambda_1se: string[];
    fit_preval_at_lambda_min: number[];
    fold_fits: { fold: number; n_lambda: number; lambda_first: number; lambda_last: number }[];
  };
}

/** R's preprocessed training matrix (rows in the reference's training order) and outcome. */
function trainingDesign(name: string) {
  const rows = parseCsv(readFileSync(ref("stats", name, `${name}_preprocessed.csv`), "utf8"));
  const header = rows[0];
  const first = header.indexOf("outcome") + 1;
  const featureNames = header.slice(first);
  const training = rows.slice(1).filter((r) => r[header.indexOf("set")] === "training");
  const columns = featureNames.map((_, j) => Float64Array.from(training, (r) => Number(r[first + j])));
  const y = Uint8Array.from(training, (r) => Number(r[header.indexOf("outcome")]));
  return { featureNames, columns, y, ids: training.map((r) => Number(r[0])) };
}

const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

/** Largest absolute difference between our coefficients and an R coefficient list (all features). */
function coefficientError(a0: number, beta: Float64Array, names: string[], expected: Record<string, number>): number {
  let worst = Math.abs(a0 - expected["(Intercept)"]);
  names.forEach((name, j) => {
    worst = Math.max(worst, Math.abs(beta[j] - (expected[name] ?? 0)));
  });
  return worst;
}

describeOracle("LASSO against glmnet 4.1-6", () => {
  for (const name of ["wdbc", "radiomics_sim"]) {
    describe(name, () => {
      const reference = JSON.parse(readFileSync(ref("stats", name, `${name}_reference.json`), "utf8")) as Reference;
      const L = reference.lasso;
      const { featureNames, columns, y, ids } = trainingDesign(name);
      const path = fitLassoPath(columns, y, { featureNames });

      it("uses the reference's training rows", () => {
        expect(ids).toEqual(reference.ids.training);
      });

      it("gives R's λ path to 1e-12 relative", () => {
        expect(path.lambda.length).toBe(L.lambda.length);
        const worst = Math.max(...path.lambda.map((l, k) => relative(l, L.lambda[k])));
        expect(worst).toBeLessThan(1e-12);
      });

      it("gives R's full-data fit: nulldev, df, dev.ratio and a0 at the default threshold", () => {
        expect(relative(path.nullDeviance, L.full_fit.nulldev)).toBeLessThan(1e-12);
        expect(path.df).toEqual(L.full_fit.df);
        // Same algorithm, same stopping points: the unconverged default-threshold fits agree too.
        const devWorst = Math.max(...path.devRatio.map((d, k) => Math.abs(d - L.full_fit.dev_ratio[k])));
        expect(devWorst).toBeLessThan(1e-9);
        const a0Worst = Math.max(...path.a0.map((a, k) => Math.abs(a - L.full_fit.a0[k])));
        expect(a0Worst).toBeLessThan(1e-8);
      });

      it("gives R's default-threshold coefficients at λ.min and λ.1se (same iterations)", () => {
        for (const [index, expected] of [
          [L.index_min - 1, L.coef_lambda_min],
          [L.index_1se - 1, L.coef_lambda_1se],
        ] as const) {
          expect(coefficientError(path.a0[index], path.beta[index], featureNames, expected)).toBeLessThan(1e-8);
        }
      });

      it("converged tightly (thresh 1e-14 on the same path), is within 1e-5 of R's *_tight coefficients", () => {
        // The converged solution at a λ is unique, so the path may stop at the later of the two.
        const last = Math.max(L.index_min, L.index_1se);
        const tight = fitLassoPath(columns, y, { featureNames, lambda: path.lambda.slice(0, last), thresh: 1e-14 });
        for (const [index, expected] of [
          [L.index_min - 1, L.coef_lambda_min_tight],
          [L.index_1se - 1, L.coef_lambda_1se_tight],
        ] as const) {
          expect(coefficientError(tight.a0[index], tight.beta[index], featureNames, expected)).toBeLessThan(1e-5);
        }
      });

      describe("cvLasso with R's fold ids", () => {
        const cv = cvLasso(columns, y, { featureNames, foldid: L.foldid });

        it("gives cvm and cvsd to 1e-6 relative", () => {
          expect(cv.cvm.length).toBe(L.cvm.length);
          expect(Math.max(...cv.cvm.map((m, k) => relative(m, L.cvm[k])))).toBeLessThan(1e-6);
          expect(Math.max(...cv.cvsd.map((s, k) => relative(s, L.cvsd[k])))).toBeLessThan(1e-6);
          expect(cv.nzero).toEqual(L.nzero);
        });

        it("chooses the same λ.min and λ.1se", () => {
          // The choice is well defined here: in R's cvm the best value beats the next by ≥ 1.7e-4
          // relative and the 1se bound clears its neighbours by ≥ 3.9e-4, far beyond the 1e-6
          // agreement of cvm, so the indices must match exactly (checked, not assumed).
          const sorted = [...L.cvm].sort((a, b) => a - b);
          expect((sorted[1] - sorted[0]) / sorted[0]).toBeGreaterThan(1e-5);
          const bound = L.cvm[L.index_min - 1] + L.cvsd[L.index_min - 1];
          expect(Math.min(...L.cvm.map((m) => Math.abs(m - bound) / bound))).toBeGreaterThan(1e-5);
          expect(cv.indexMin + 1).toBe(L.index_min);
          expect(cv.index1se + 1).toBe(L.index_1se);
          expect(relative(cv.lambdaMin, L.lambda_min)).toBeLessThan(1e-12);
          expect(relative(cv.lambda1se, L.lambda_1se)).toBeLessThan(1e-12);
          const selected = (k: number) => featureNames.filter((_, j) => cv.fit.beta[k][j] !== 0);
          expect(selected(cv.indexMin)).toEqual(L.selected_lambda_min);
          expect(selected(cv.index1se)).toEqual(L.selected_lambda_1se);
        });

        it("fits each fold on its own λ path and pre-validates like fit.preval", () => {
          expect(cv.foldFits.map((f) => f.nLambda)).toEqual(L.fold_fits.map((f) => f.n_lambda));
          cv.foldFits.forEach((f, k) => {
            expect(relative(f.lambdaFirst, L.fold_fits[k].lambda_first)).toBeLessThan(1e-12);
            expect(relative(f.lambdaLast, L.fold_fits[k].lambda_last)).toBeLessThan(1e-12);
          });
          const preval = cv.prevalidated[cv.indexMin];
          expect(Math.max(...L.fit_preval_at_lambda_min.map((v, i) => Math.abs(preval[i] - v)))).toBeLessThan(1e-6);
        });
      });
    });
  }
});

describe("LASSO building blocks", () => {
  it("the WebAssembly SIMD kernels compute the same bits as the JavaScript ones", () => {
    const wasm = wasmKernels();
    expect(wasm, "Node 20 has WebAssembly SIMD").not.toBeNull();
    const js = javascriptKernels();
    const random = seededRandom(9);
    for (const n of [0, 1, 2, 3, 4, 5, 7, 8, 86, 87, 96, 97, 398]) {
      const size = 4 * n + 12;
      const hw = wasm!.reserve(size);
      const hj = js.reserve(size);
      for (let i = 0; i < size; i++) hw[i] = hj[i] = (random.uniform() - 0.5) * 10 ** Math.floor(random.uniform() * 6 - 3);
      expect(wasm!.dot(3, n + 5, n)).toBe(js.dot(3, n + 5, n));
      expect(wasm!.weighted(2 * n + 7, 1, n + 6, n)).toBe(js.weighted(2 * n + 7, 1, n + 6, n));
      wasm!.axpy(1, 3 * n + 9, n, -0.37);
      js.axpy(1, 3 * n + 9, n, -0.37);
      expect(Array.from(wasm!.heap.subarray(0, size))).toEqual(Array.from(js.heap.subarray(0, size)));
    }
  });

  it("lambda interpolation is glmnet's lambda.interp (ends clamped, linear inside)", () => {
    const lambda = [1, 0.5, 0.25];
    expect(lambdaInterpolation(lambda, 2)).toEqual({ left: 0, right: 0, frac: 1 });
    expect(lambdaInterpolation(lambda, 0.1)).toEqual({ left: 2, right: 2, frac: 1 });
    const mid = lambdaInterpolation(lambda, 0.75);
    expect(mid.left).toBe(0);
    expect(mid.right).toBe(1);
    expect(mid.frac).toBeCloseTo(0.5, 15);
    expect(lambdaInterpolation(lambda, 0.5)).toEqual({ left: 1, right: 1, frac: 1 });
  });

  it("AUC is Mann–Whitney with ties counted one half", () => {
    expect(aucOf([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBe(0.75);
    expect(aucOf([0, 1], [0.5, 0.5])).toBe(0.5);
    expect(Number.isNaN(aucOf([1, 1], [0.1, 0.2]))).toBe(true);
  });

  it("λ.min is the largest λ among tied minima; λ.1se the largest within one SE", () => {
    expect(chooseLambda([3, 2, 1, 1, 2], [0.1, 0.1, 1.5, 0.1, 0.1])).toEqual({ indexMin: 2, index1se: 1 });
    expect(chooseLambda([0.6, 0.8, 0.7], [0.05, 0.05, 0.05], true)).toEqual({ indexMin: 1, index1se: 1 });
  });

  const random = seededRandom(3);
  const n = 60;
  const columns = Array.from({ length: 8 }, () => Float64Array.from({ length: n }, () => random.uniform() * 2 - 1));
  const y = Uint8Array.from({ length: n }, (_, i) => (columns[0][i] + 0.5 * random.uniform() > 0.2 ? 1 : 0));

  it("refuses a single class and a class of one row, naming the fold in CV", () => {
    expect(() => fitLassoPath(columns, new Uint8Array(n))).toThrow(/at least 2 rows of each outcome class; got 0 events/);
    const one = new Uint8Array(n);
    one[5] = 1;
    expect(() => fitLassoPath(columns, one)).toThrow(RadlabInputError);
    // Fold 1 holds every event but one: its training part has a single event.
    const events = Array.from(y).reduce((s, v) => s + v, 0);
    let eventsSeen = 0;
    const foldid = Array.from(y, (v, i) => (v === 1 && ++eventsSeen < events ? 1 : (i % 3) + 2));
    expect(() => cvLasso(columns, y, { foldid })).toThrow(/cross-validation fold 1 .*2 rows of each outcome class/);
  });

  it("refuses fewer events than folds when drawing stratified folds, and needs a seed", () => {
    const few = new Uint8Array(n);
    for (let i = 0; i < 6; i++) few[i * 7] = 1;
    expect(() => cvLasso(columns, few, { nfolds: 10, seed: 1 })).toThrow(/6 events in training for 10 stratified folds/);
    expect(() => cvLasso(columns, y, {})).toThrow(/give fold ids or a seed/);
    expect(() => cvLasso(columns, y, { foldid: Array.from({ length: n }, (_, i) => i % 4) })).toThrow(/fold ids must be integers ≥ 1, found 0/);
    expect(() => cvLasso(columns, y, { foldid: [1, 2, 3] })).toThrow(/foldid has 3 values for 60 rows/);
  });

  it("leaves a constant column out of the fit (coefficient 0) instead of failing", () => {
    const withConstant = [...columns, new Float64Array(n).fill(2)];
    const path = fitLassoPath(withConstant, y);
    expect(path.constantFeatures).toEqual(["x9"]);
    expect(path.beta.every((b) => b[8] === 0)).toBe(true);
    const plain = fitLassoPath(columns, y);
    expect(path.lambda).toEqual(plain.lambda);
  });

  it("per-fold preprocessing: each fold's predictions come from a pipeline fitted on that fold's training rows only", () => {
    const raw = columns.map((c) => c.map((v, i) => v * 3 + 10 + (i === 7 ? 40 : 0))); // an outlier in row 7
    const foldid = Array.from({ length: n }, (_, i) => (i % 5) + 1);
    const cv = cvLasso(raw, y, { foldid, preprocess: { outlierSd: 3 } });
    for (const fold of [1, 3]) {
      const train = Int32Array.from(foldid.flatMap((f, i) => (f === fold ? [] : [i])));
      const held = Int32Array.from(foldid.flatMap((f, i) => (f === fold ? [i] : [])));
      const pipeline = preprocessingPipeline({ outlierSd: 3 }).fit(raw, cv.fit.featureNames, train);
      const path = fitLassoPath(
        pipeline.transform(raw, train).columns,
        Array.from(train, (i) => y[i]),
      );
      const heldColumns = pipeline.transform(raw, held).columns;
      for (const k of [0, 10, cv.indexMin]) {
        const { a0, beta } = coefficientsAt(path, cv.lambda[k]);
        const eta = linearPredictor(a0, beta, heldColumns);
        held.forEach((i, h) => {
          expect(cv.prevalidated[k][i]).toBe(eta[h]);
        });
      }
    }
  });

  it("per-fold preprocessing refits inside each fold and gives a full CV result; AUC and class measures run", () => {
    const cv = cvLasso(columns, y, { seed: 11, nfolds: 5, preprocess: { outlierSd: 3 } });
    expect(cv.folds).toEqual({ method: "stratified", seed: 11 });
    expect(cv.cvm.every(Number.isFinite)).toBe(true);
    const auc = cvLasso(columns, y, { seed: 11, nfolds: 5, measure: "auc" });
    expect(auc.measure).toBe("auc");
    expect(auc.cvm[auc.indexMin]).toBe(Math.max(...auc.cvm));
    const cls = cvLasso(columns, y, { seed: 11, nfolds: 5, measure: "class" });
    expect(cls.cvm.every((m) => m >= 0 && m <= 1)).toBe(true);
    const auc10 = cvLasso(columns, y, { seed: 11, nfolds: 10, measure: "auc" });
    expect(auc10.measure).toBe("deviance");
    expect(auc10.warnings.join(" ")).toMatch(/too few/);
    const { a0, beta } = coefficientsAt(cv.fit, cv.lambdaMin);
    expect(a0).toBe(cv.fit.a0[cv.indexMin]);
    expect(Array.from(beta)).toEqual(Array.from(cv.fit.beta[cv.indexMin]));
  });
});
