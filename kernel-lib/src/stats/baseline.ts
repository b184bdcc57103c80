/**
 * The study's baseline tables (Tables 1–2): per variable, mean ± SD (and median) or counts
 * per outcome group, with the tests R gives for them (group-tests.ts).
 */
import { RadlabInputError } from "../errors.js";
import {
  type ChiSquareResult,
  chiSquareTest,
  fisherExactTest,
  type GroupSummary,
  studentTTest,
  summariseGroup,
  type TTestResult,
  type WilcoxonResult,
  welchTTest,
  wilcoxonRankSum,
} from "./group-tests.js";

/** One continuous variable of the baseline table. */
export interface ContinuousBaselineRow {
  variable: string;
  type: "continuous";
  group1: GroupSummary;
  group0: GroupSummary;
  welch: TTestResult;
  student: TTestResult;
  wilcoxon: WilcoxonResult;
}

/** One categorical variable of the baseline table. */
export interface CategoricalBaselineRow {
  variable: string;
  type: "categorical";
  /** Levels in R's factor order (sorted; numbers numerically). */
  levels: string[];
  countsGroup1: number[];
  countsGroup0: number[];
  /** χ² with Yates' correction (equal to the uncorrected test unless the table is 2×2). */
  chiSquareYates: ChiSquareResult;
  chiSquare: ChiSquareResult;
  fisher: { p: number } | null;
}

/** One variable of a baseline table: a continuous or a categorical row. */
export type BaselineRow = ContinuousBaselineRow | CategoricalBaselineRow;

/** Options of baselineTable. */
export interface BaselineTableOptions {
  /** Columns by name; numbers, strings, or null/NaN for missing. */
  columns: Record<string, readonly (number | string | null)[]>;
  /** Group membership per row: 1 (e.g. outcome 1, or training) or 0; other values are left out. */
  group: readonly number[];
  /** Variables to tabulate, in order; default: every column. */
  variables?: readonly string[];
  /** Numeric columns to treat as categorical (e.g. ECOG 0/1); string columns always are. */
  categorical?: readonly string[];
  /** Labels of the two groups, for display. */
  groupLabels?: { group1: string; group0: string };
}

/** The baseline table: one row per variable, groups compared as group 1 vs group 0. */
export interface BaselineTable {
  groupLabels: { group1: string; group0: string };
  n: { group1: number; group0: number };
  rows: BaselineRow[];
}

function isMissing(v: number | string | null | undefined): boolean {
  return v === null || v === undefined || v === "" || (typeof v === "number" && Number.isNaN(v)) || v === "NA";
}

function factorLevels(values: readonly (number | string)[]): string[] {
  const distinct = [...new Set(values.map((v) => String(v)))];
  const allNumeric = values.every((v) => typeof v === "number" || (v !== "" && Number.isFinite(Number(v))));
  return allNumeric ? distinct.sort((a, b) => Number(a) - Number(b)) : distinct.sort();
}

/**
 * Tables 1–2 of the study: for each variable, group summaries and tests, group 1 vs group 0
 * (R: t.test, wilcox.test(exact = FALSE, correct = TRUE), chisq.test, fisher.test).
 * Missing values are left out per variable.
 */
export function baselineTable(options: BaselineTableOptions): BaselineTable {
  const { columns, group } = options;
  const names = options.variables ?? Object.keys(columns);
  const categorical = new Set(options.categorical ?? []);
  for (const g of group) {
    if (g !== 0 && g !== 1 && !Number.isNaN(g)) throw new RadlabInputError(`baseline table: group must be 0 or 1, got ${g}`);
  }
  const n1 = group.filter((g) => g === 1).length;
  const n0 = group.filter((g) => g === 0).length;
  if (n1 === 0 || n0 === 0) throw new RadlabInputError("baseline table: both groups need at least one row");
  const rows: BaselineRow[] = [];
  for (const name of names) {
    const col = columns[name];
    if (!col) throw new RadlabInputError(`baseline table: unknown column "${name}"`);
    if (col.length !== group.length) {
      throw new RadlabInputError(`baseline table: column "${name}" has ${col.length} values, the group vector ${group.length}`);
    }
    const present = col.map((v, i) => ({ v, g: group[i] })).filter((e) => !isMissing(e.v) && (e.g === 0 || e.g === 1));
    const isText = present.some((e) => typeof e.v === "string" && !Number.isFinite(Number(e.v)));
    if (isText || categorical.has(name)) {
      const levels = factorLevels(present.map((e) => e.v as number | string));
      const countsGroup1 = levels.map((l) => present.filter((e) => e.g === 1 && String(e.v) === l).length);
      const countsGroup0 = levels.map((l) => present.filter((e) => e.g === 0 && String(e.v) === l).length);
      const tableRows = [countsGroup1, countsGroup0];
      // R tabulates level × group; χ² and Fisher are invariant to transposition.
      rows.push({
        variable: name,
        type: "categorical",
        levels,
        countsGroup1,
        countsGroup0,
        chiSquareYates: chiSquareTest(tableRows, { correct: true }),
        chiSquare: chiSquareTest(tableRows, { correct: false }),
        fisher: levels.length >= 2 ? fisherExactTest(tableRows) : null,
      });
    } else {
      const x1 = present.filter((e) => e.g === 1).map((e) => Number(e.v));
      const x0 = present.filter((e) => e.g === 0).map((e) => Number(e.v));
      rows.push({
        variable: name,
        type: "continuous",
        group1: summariseGroup(x1),
        group0: summariseGroup(x0),
        welch: welchTTest(x1, x0),
        student: studentTTest(x1, x0),
        wilcoxon: wilcoxonRankSum(x1, x0),
      });
    }
  }
  return {
    groupLabels: options.groupLabels ?? { group1: "1", group0: "0" },
    n: { group1: n1, group0: n0 },
    rows,
  };
}
