/**
 * Baseline-table tests against R (stats::t.test, wilcox.test(exact = FALSE, correct = TRUE),
 * chisq.test with/without Yates, fisher.test) on both reference data sets.
 * Tolerances: statistics and p-values to 1e-9 relative (the JSON keeps 15 digits), except
 * χ² statistics that R itself computes as floating noise around 0 (absolute 1e-12).
 */
import { describe, expect, it } from "vitest";
import { RadlabInputError } from "../src/errors.js";
import { baselineTable, type CategoricalBaselineRow, type ContinuousBaselineRow } from "../src/stats/baseline.js";
import { chiSquareTest, fisherExactTest, studentTTest, welchTTest, wilcoxonRankSum } from "../src/stats/group-tests.js";
import { describeOracle, REFERENCE_CLINICAL } from "./reference.js";
import { rawCsv, referenceJson, relDiff } from "./stats-eval-oracle.js";

function expectClose(actual: number, expected: number, rel = 1e-9, abs = 0): void {
  const ok = Math.abs(actual - expected) <= abs || relDiff(actual, expected) <= rel;
  if (!ok) expect(actual).toBe(expected);
}

// biome-ignore lint/suspicious/noExplicitAny: reference JSON entry
function checkContinuous(row: ContinuousBaselineRow, r: any): void {
  expect(row.group1.n).toBe(r.group1.n);
  expect(row.group0.n).toBe(r.group0.n);
  expectClose(row.group1.mean, r.group1.mean, 1e-13);
  expectClose(row.group0.sd, r.group0.sd, 1e-13);
  expectClose(row.group1.median, r.group1.median, 1e-14);
  expectClose(row.welch.statistic, r.welch_t, 1e-10);
  expectClose(row.welch.df, r.welch_df, 1e-10);
  expectClose(row.welch.p, r.welch_p, 1e-9);
  expectClose(row.student.statistic, r.student_t, 1e-10);
  expect(row.student.df).toBe(r.student_df);
  expectClose(row.student.p, r.student_p, 1e-9);
  expect(row.wilcoxon.W).toBe(r.wilcoxon_W);
  expectClose(row.wilcoxon.p, r.wilcoxon_p_normal_cc, 1e-9);
}

// biome-ignore lint/suspicious/noExplicitAny: reference JSON entry
function checkCategorical(row: CategoricalBaselineRow, r: any): void {
  expect(row.levels).toEqual(r.levels);
  expect(row.countsGroup1).toEqual(r.counts_group1);
  expect(row.countsGroup0).toEqual(r.counts_group0);
  expectClose(row.chiSquare.statistic, r.chisq, 1e-10, 1e-12);
  expect(row.chiSquare.df).toBe(r.chisq_df);
  expectClose(row.chiSquare.p, r.chisq_p, 1e-9, 1e-12);
  expectClose(row.chiSquareYates.statistic, r.chisq_yates, 1e-10, 1e-12);
  expectClose(row.chiSquareYates.p, r.chisq_yates_p, 1e-9, 1e-12);
  expect(row.chiSquareYates.yatesApplied).toBe(r.yates_applies);
  expectClose(row.chiSquare.minExpected, r.min_expected, 1e-13);
  expectClose(row.fisher?.p ?? Number.NaN, r.fisher_p, 1e-7, 1e-12);
}

describeOracle("baseline tables against R (wdbc, 30 raw features, training)", () => {
  const ref = referenceJson("wdbc").baseline;
  const csv = rawCsv("wdbc");
  const set = csv.column("set");
  const outcome = csv.numeric("outcome");
  const training = set.map((s) => s === "training");
  const features = Object.keys(ref.training_outcome1_vs_outcome0_raw_features);

  it("t-tests, Wilcoxon, means and SDs per feature, outcome 1 vs 0", () => {
    const columns = Object.fromEntries(features.map((f) => [f, csv.numeric(f).filter((_, i) => training[i])]));
    const table = baselineTable({ columns, group: outcome.filter((_, i) => training[i]), variables: features });
    expect(table.rows).toHaveLength(30);
    for (const row of table.rows) {
      expect(row.type).toBe("continuous");
      checkContinuous(row as ContinuousBaselineRow, ref.training_outcome1_vs_outcome0_raw_features[row.variable]);
    }
  });

  it("χ² and Fisher for outcome by set (training vs validation)", () => {
    const table = baselineTable({
      columns: { outcome: outcome.map((o) => `outcome${o}`) },
      group: training.map((t) => (t ? 1 : 0)),
    });
    checkCategorical(table.rows[0] as CategoricalBaselineRow, ref.outcome_by_set_chisq);
  });
});

describeOracle("baseline tables against R (radiomics_sim, clinical columns)", () => {
  const ref = referenceJson("radiomics_sim").baseline;
  const csv = rawCsv("radiomics_sim");
  const set = csv.column("set");
  const outcome = csv.numeric("outcome");
  const clinical = REFERENCE_CLINICAL.radiomics_sim;
  const columnsOf = (keep: (i: number) => boolean) =>
    Object.fromEntries(
      clinical.map((c) => {
        const text = csv.column(c);
        const numeric = text.every((v) => v !== "" && Number.isFinite(Number(v)));
        return [c, text.filter((_, i) => keep(i)).map((v) => (numeric ? Number(v) : v))];
      }),
    );
  const cases: [string, (i: number) => boolean, (i: number) => number][] = [
    ["training_effective_vs_ineffective", (i) => set[i] === "training", (i) => outcome[i]],
    ["validation_effective_vs_ineffective", (i) => set[i] === "validation", (i) => outcome[i]],
    ["training_vs_validation", () => true, (i) => (set[i] === "training" ? 1 : 0)],
  ];
  for (const [key, keep, groupOf] of cases) {
    it(`${key}: every clinical variable`, () => {
      const idx = set.map((_, i) => i).filter(keep);
      const table = baselineTable({ columns: columnsOf(keep), group: idx.map(groupOf), variables: clinical, categorical: ["ecog"] });
      for (const row of table.rows) {
        const r = ref[key][row.variable];
        expect(row.type).toBe(r.type);
        if (row.type === "continuous") checkContinuous(row, r);
        else checkCategorical(row, r);
      }
    });
  }
});

describe("baseline tests: bad input", () => {
  it("a t-test without finite values names the problem", () => {
    expect(() => welchTTest([Number.NaN], [1, 2])).toThrow(RadlabInputError);
    expect(() => studentTTest([], [1, 2])).toThrow(/no finite values/);
  });
  it("a table with an all-zero row is refused by χ²", () => {
    expect(() =>
      chiSquareTest([
        [0, 0],
        [1, 2],
      ]),
    ).toThrow(/all zero/);
  });
  it("non-integer counts are refused by Fisher", () => {
    expect(() =>
      fisherExactTest([
        [1.5, 2],
        [3, 4],
      ]),
    ).toThrow(/non-negative integers/);
  });
  it("a group vector with a value other than 0/1 is refused", () => {
    expect(() => baselineTable({ columns: { a: [1, 2, 3] }, group: [0, 1, 2] })).toThrow(/0 or 1/);
  });
  it("Wilcoxon W is the rank sum of the first group minus n1(n1+1)/2", () => {
    expect(wilcoxonRankSum([1, 2, 3], [4, 5, 6]).W).toBe(0);
  });
});

describe("distributions behind the p-values: closed forms and R's printed values", () => {
  it("normal: qnorm(0.975), pnorm(-10) and the symmetry of both tails", async () => {
    const { normalCdf, normalQuantile } = await import("../src/stats/distributions.js");
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 15);
    expect(relDiff(normalCdf(-10), 7.61985302416047e-24)).toBeLessThan(1e-13);
    for (const p of [1e-300, 1e-20, 0.01, 0.3, 0.5, 0.9, 1 - 1e-12]) {
      expect(relDiff(normalCdf(normalQuantile(p)), p)).toBeLessThan(1e-13);
    }
  });
  it("Student t with 1 and 2 df (closed forms) and large df towards the normal", async () => {
    const { studentTCdf, normalCdf } = await import("../src/stats/distributions.js");
    for (const t of [-30, -2.5, -0.3, 0, 0.7, 4]) {
      expect(relDiff(studentTCdf(t, 1), 0.5 + Math.atan(t) / Math.PI)).toBeLessThan(1e-13);
      expect(relDiff(studentTCdf(t, 2), 0.5 + t / (2 * Math.sqrt(2 + t * t)))).toBeLessThan(1e-13);
    }
    // Lower tail of t(1) at −1e6 is 1/(π·1e6)·(1 − 1/(3·1e12) …): relative precision in the far tail.
    expect(relDiff(studentTCdf(-1e6, 1), Math.atan(1e-6) / Math.PI)).toBeLessThan(1e-12);
    expect(Math.abs(studentTCdf(-1.5, 1e7) - normalCdf(-1.5))).toBeLessThan(1e-7);
  });
  it("χ² with 1 and 2 df (closed forms), incomplete beta with a = 1, log-gamma at integers", async () => {
    const { chiSquareCdf, normalCdf, betaCdf, logGamma } = await import("../src/stats/distributions.js");
    for (const x of [1e-6, 0.5, 3.84, 30, 300]) {
      expect(relDiff(chiSquareCdf(x, 1, true), 2 * normalCdf(-Math.sqrt(x)))).toBeLessThan(1e-12);
      expect(relDiff(chiSquareCdf(x, 2, true), Math.exp(-x / 2))).toBeLessThan(1e-12);
    }
    for (const x of [0.001, 0.3, 0.97]) expect(relDiff(betaCdf(x, 1, 7.5, true), (1 - x) ** 7.5)).toBeLessThan(1e-12);
    let logFact = 0;
    for (let n = 2; n < 200; n++) {
      logFact += Math.log(n - 1);
      expect(Math.abs(logGamma(n) - logFact)).toBeLessThan(1e-12 * Math.max(1, logFact));
    }
  });
});
