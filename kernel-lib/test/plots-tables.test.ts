import { describe, expect, it } from "vitest";
import { parseCsv } from "../src/io/csv.js";
import { baselineVariables, coefficientRows } from "../src/plots/study-result.js";
import { baselineTable, coefficientTable, continuousDigits, escapeLatex, tableToCsv, tableToHtml, tableToLatex } from "../src/plots/tables.js";
import { runStudy } from "../src/stats/study.js";
import { parseStudyTable } from "../src/stats/table.js";
import { referenceResult, referenceStudyResult } from "./plots-fixtures.js";
import { describeOracle } from "./reference.js";
import { studyResultErrors } from "./study-result-schema.js";

describeOracle("tables from the radiomics_sim R reference", () => {
  const r = referenceResult("radiomics_sim");
  const study = referenceStudyResult("radiomics_sim");

  it("baseline table: mean ± SD, n (%), and R's P values", () => {
    const comparison = r.baseline.training_effective_vs_ineffective;
    const byOutcome = study.baseline.trainingByOutcome!;
    const table = baselineTable({ groupLabels: ["Effective", "Ineffective"], variables: baselineVariables(byOutcome) });
    expect(table.columns).toEqual(["Characteristic", "Effective (n = 32)", "Ineffective (n = 64)", "P"]);
    const age = table.rows.find((row) => row[0] === "age, mean ± SD") as string[];
    expect(age).toEqual(["age, mean ± SD", "53.2 ± 11.3", "58.5 ± 11.3", comparison.age.student_p.toFixed(3)]);
    const sex = table.rows.findIndex((row) => row[0] === "sex, n (%)");
    expect(table.rows[sex][3]).toBe("1.000"); // chisq.test with Yates: p = 1
    expect(table.rows[sex + 1]).toEqual(["female", "11 (34.4)", "22 (34.4)", ""]);
    expect(table.indented?.[sex + 1]).toBe(true);
    expect(table.notes?.[0]).toMatch(/Student t-test/);
    const welch = baselineTable({ groupLabels: ["E", "I"], variables: baselineVariables(byOutcome, { continuous: "welch" }) });
    expect(welch.rows[0][3]).toBe(comparison.age.welch_p.toFixed(3));
  });

  it("coefficient table: β, SE, z, OR (95% CI) = exp(β ± 1.96 SE), P", () => {
    const rows = coefficientRows(study.logistic!.coefficients);
    const table = coefficientTable({ rows });
    expect(table.columns).toEqual(["Term", "β", "SE", "z", "OR (95% CI)", "P"]);
    expect(table.rows[0][4]).toBe("—"); // intercept
    const c = r.logistic.coefficients;
    const b = c.estimate[2];
    const se = c.std_error[2];
    const q = 1.959963984540054;
    expect(table.rows[2]).toEqual([
      c.term[2],
      b.toFixed(3),
      se.toFixed(3),
      c.z[2].toFixed(3),
      `${Math.exp(b).toFixed(3)} (${Math.exp(b - q * se).toFixed(3)}–${Math.exp(b + q * se).toFixed(3)})`,
      c.p[2].toFixed(3),
    ]);
    expect(table.rows[0][5]).toBe("<0.001");
    expect(table.rows[0][1]).toBe(`−${Math.abs(c.estimate[0]).toFixed(3)}`);
  });
});

describe("table output formats", () => {
  const table = coefficientTable({
    rows: [
      { term: "(Intercept)", estimate: -1.2, se: 0.4, p: 0.0005 },
      { term: "wavelet-HHL_gldm_HighGrayLevelEmphasis", estimate: 0.5, se: 0.25, p: 0.0456 },
    ],
    caption: "Model & <features>",
  });
  it("coefficient rows: statistics undefined under separation (null in the result) become NaN, z left out", () => {
    const c = { term: "a", estimate: 1, oddsRatio: null, oddsRatioCiLow: null, oddsRatioCiHigh: null };
    expect(coefficientRows([{ ...c, se: 0.5, z: 2, p: 0.04 }])).toEqual([{ term: "a", estimate: 1, se: 0.5, z: 2, p: 0.04 }]);
    expect(coefficientRows([{ ...c, se: null, z: null, p: null }])).toEqual([{ term: "a", estimate: 1, se: Number.NaN, z: undefined, p: Number.NaN }]);
  });
  it("HTML escapes and keeps every cell", () => {
    const html = tableToHtml(table);
    expect(html).toContain("Model &amp; &lt;features&gt;");
    expect(html).toContain('<td style="padding:3px 10px;text-align:left;vertical-align:top;">wavelet-HHL_gldm_HighGrayLevelEmphasis</td>');
    expect(html.match(/<tr>/g)).toHaveLength(3 + 1); // header, 2 rows, notes
    expect(html).toContain("&lt;0.001");
  });
  it("CSV round-trips through a CSV reader, with ASCII minus signs and empty cells for missing values", () => {
    const parsed = parseCsv(tableToCsv(table));
    expect(parsed[0]).toEqual(table.columns);
    const ascii = (c: string) => (c === "—" ? "" : c.replace(/−/g, "-"));
    expect(parsed.slice(1)).toEqual(table.rows.map((r) => r.map(ascii)));
    expect(table.rows[0][1]).toBe("−1.200"); // the typographic minus stays in the formatted table (HTML, LaTeX)
    expect(parsed[1][1]).toBe("-1.200");
    expect(Number(parsed[1][1])).toBe(-1.2); // what R's read.csv and Excel do with it: a number
    expect(tableToCsv({ columns: ["a", "b"], rows: [["—", "−0.5 (−1.0–0.2)"]] })).toBe("a,b\n,-0.5 (-1.0–0.2)\n");
    expect(tableToCsv(table)).not.toMatch(/[−—]/);
  });
  it("LaTeX: booktabs, escaped specials, typographic symbols in math mode", () => {
    const tex = tableToLatex(table);
    expect(tex).toContain("\\toprule");
    expect(tex).toContain("\\bottomrule");
    expect(tex).toContain("wavelet-HHL\\_gldm\\_HighGrayLevelEmphasis");
    expect(tex).toContain("\\caption{Model \\& $<$features$>$}");
    expect(tex).toContain("$-$1.200");
    expect(tex).toContain("$\\beta$");
    expect(tex.split("\n").filter((l) => l.endsWith("\\\\"))).toHaveLength(3);
    expect(escapeLatex("50% of #1 ~ x^2 {a}\\b")).toBe("50\\% of \\#1 \\textasciitilde{} x\\textasciicircum{}2 \\{a\\}\\textbackslash{}b");
  });
  it("a continuous variable prints its unit, and the decimals its SD needs (never 0.9 ± 0.0 vs 0.9 ± 0.0)", () => {
    const g = (mean: number, sd: number) => ({ n: 20, mean, sd });
    const table = baselineTable({
      groupLabels: ["Effective", "Ineffective"],
      variables: [
        { label: "age", kind: "continuous", unit: "years", group1: g(53.21, 11.34), group0: g(58.52, 11.29), p: 0.03 },
        { label: "ratio", kind: "continuous", group1: g(0.9123, 0.0412), group0: g(0.8711, 0.0398), p: 0.0004 },
        { label: "AFP", kind: "continuous", unit: "ng/mL", group1: g(3.4812, 0.00052), group0: g(3.4809, 0.0006) },
      ],
    });
    expect(table.rows.map((r) => r.slice(0, 3))).toEqual([
      ["age (years), mean ± SD", "53.2 ± 11.3", "58.5 ± 11.3"],
      ["ratio, mean ± SD", "0.912 ± 0.041", "0.871 ± 0.040"],
      ["AFP (ng/mL), mean ± SD", "3.48120 ± 0.00052", "3.48090 ± 0.00060"],
    ]);
    expect(continuousDigits([g(5, 0), g(0.05, 0)])).toBe(3);
    expect(continuousDigits([g(1, 1e-12), g(1, 1e-12)])).toBe(6);
    expect(continuousDigits([g(Number.NaN, Number.NaN), g(Number.NaN, Number.NaN)])).toBe(1);
  });
  it("units flow from the table (clinical units given, a feature's from the catalog) through runStudy's result into the table", () => {
    const lines = ["id,set,outcome,age,shape_VolumeCC,glcm_Energy_AllDirection_offset1"];
    for (let i = 0; i < 40; i++)
      lines.push(`p${i},${i < 28 ? "training" : "validation"},${i % 2},${50 + (i % 7)},${(i % 2) * 2 + Math.sin(i)},${0.9 + 0.04 * Math.cos(i * 1.7)}`);
    const options = { outcome: "outcome", split: "set" };
    const withClinical = runStudy(parseStudyTable(lines.join("\n"), { ...options, clinical: ["age"], units: { age: "years" } }, "u.csv"), { bootstrapB: 0 });
    const row = withClinical.baseline.trainingByOutcome?.rows[0];
    expect(row).toMatchObject({ variable: "age", type: "continuous", unit: "years" });
    expect(studyResultErrors(withClinical)).toEqual([]);
    const label = baselineTable({ groupLabels: ["1", "0"], variables: baselineVariables(withClinical.baseline.trainingByOutcome!) }).rows[0][0];
    expect(label).toBe("age (years), mean ± SD");
    // No clinical columns: the selected features, with the catalog's units ("1", dimensionless, printed as none).
    const featuresOnly = runStudy(parseStudyTable(lines.join("\n"), options, "u.csv"), { bootstrapB: 0 });
    for (const r of featuresOnly.baseline.trainingByOutcome?.rows ?? []) {
      const expected = r.variable === "shape_VolumeCC" ? "cm³" : undefined;
      expect(r.type === "continuous" ? r.unit : undefined, r.variable).toBe(expected);
    }
    expect(() => parseStudyTable(lines.join("\n"), { ...options, clinical: ["age"], units: { weight: "kg" } }, "u.csv")).toThrow(
      /u\.csv: units were given for weight, which is not a clinical column \(clinical: age\)/,
    );
  });
  it("no rows is an error", () => {
    expect(() => coefficientTable({ rows: [] })).toThrow(/no coefficients/);
    expect(() => baselineTable({ groupLabels: ["a", "b"], variables: [] })).toThrow(/no variables/);
  });
});
