/**
 * The study's tables as a manuscript needs them: the baseline characteristics table
 * (Tables 1–2: mean ± SD or n (%) per outcome group with P values) and the coefficient table of
 * the multiple logistic regression (β, SE, z, OR with 95 % CI, P). Each builds one
 * `FormattedTable` of strings; `tableToHtml`, `tableToCsv` and `tableToLatex` write it out.
 */
import { RadlabInputError } from "../errors.js";
import { csvField } from "../io/csv.js";
import * as math from "../math.js";
import { formatNumber, formatP } from "./theme.js";

/** A table of already formatted cells. */
export interface FormattedTable {
  caption?: string;
  columns: string[];
  rows: string[][];
  /** Rows drawn indented (a categorical variable's levels). */
  indented?: boolean[];
  /** Footnotes (tests used, abbreviations). */
  notes?: string[];
}

/** Mean, SD and n of a continuous variable in one group. */
export interface GroupSummary {
  n: number;
  mean: number;
  sd: number;
}

/** One row group of a formatted baseline table: a continuous variable (mean ± SD) or a categorical one (counts per level). */
export type BaselineVariable =
  | { label: string; kind: "continuous"; unit?: string; group1: GroupSummary; group0: GroupSummary; p?: number; test?: string }
  | { label: string; kind: "categorical"; levels: string[]; counts1: number[]; counts0: number[]; p?: number; test?: string };

/** What the baseline-table formatter lays out: group names, variables, caption and decimals. */
export interface BaselineTableInput {
  /** Column names of group 1 and group 0, e.g. ["Effective", "Ineffective"]. */
  groupLabels: [string, string];
  variables: BaselineVariable[];
  caption?: string;
  /**
   * The fewest decimals of means and SDs (default 1); a variable gets more when its SD needs
   * them to show two significant digits (see {@link continuousDigits}).
   */
  digits?: number;
}

/** One term of a logistic model: estimate, standard error, Wald z and p. */
export interface CoefficientRow {
  term: string;
  estimate: number;
  se: number;
  z?: number;
  p: number;
}

/** What {@link coefficientTable} lays out: the model's terms, a caption and the odds-ratio interval level. */
export interface CoefficientTableInput {
  rows: CoefficientRow[];
  caption?: string;
  /** Wald interval level for the odds ratio (default 0.95). */
  level?: number;
}

const TABLE = "Baseline table";

/** Group sizes from the first variable that tells them. */
function groupSizes(variables: BaselineVariable[]): [number, number] | null {
  for (const v of variables) {
    if (v.kind === "continuous") return [v.group1.n, v.group0.n];
    const sum = (a: number[]) => a.reduce((s, x) => s + x, 0);
    return [sum(v.counts1), sum(v.counts0)];
  }
  return null;
}

/** Decimals no variable needs more of: a ratio's SD of 1e-6 would otherwise print as 0.0000010. */
const MAX_DIGITS = 6;

/**
 * Decimals of one continuous variable's mean ± SD: at least `minDigits`, and enough for the
 * smaller SD to show two significant digits (1 − ⌊log₁₀ SD⌋), so a variable of small spread
 * cannot print "0.9 ± 0.0" in both groups beside P < 0.001. Without a positive SD the means
 * decide: two significant digits of the smaller |mean|.
 */
export function continuousDigits(groups: GroupSummary[], minDigits = 1): number {
  const positive = (xs: number[]) => xs.filter((x) => Number.isFinite(x) && x > 0);
  const spread = positive(groups.map((g) => g.sd));
  const scale = spread.length > 0 ? Math.min(...spread) : Math.min(Infinity, ...positive(groups.map((g) => Math.abs(g.mean))));
  if (!Number.isFinite(scale)) return minDigits;
  return Math.min(MAX_DIGITS, Math.max(minDigits, 1 - Math.floor(math.log10(scale))));
}

/** Builds Tables 1–2: one row per continuous variable, a header row plus one row per level for a categorical one. */
export function baselineTable(input: BaselineTableInput): FormattedTable {
  if (!input.variables?.length) throw new RadlabInputError(`${TABLE}: no variables were given`);
  const minDigits = input.digits ?? 1;
  const sizes = groupSizes(input.variables) as [number, number];
  const [label1, label0] = input.groupLabels;
  const rows: string[][] = [];
  const indented: boolean[] = [];
  const tests = new Set<string>();
  for (const v of input.variables) {
    const p = v.p === undefined ? "" : formatP(v.p);
    if (v.test) tests.add(v.test);
    if (v.kind === "continuous") {
      const digits = continuousDigits([v.group1, v.group0], minDigits);
      const cell = (g: GroupSummary) => `${formatNumber(g.mean, digits)} ± ${formatNumber(g.sd, digits)}`;
      rows.push([`${v.label}${v.unit ? ` (${v.unit})` : ""}, mean ± SD`, cell(v.group1), cell(v.group0), p]);
      indented.push(false);
    } else {
      if (v.levels.length !== v.counts1.length || v.levels.length !== v.counts0.length) {
        throw new RadlabInputError(`${TABLE}: ${v.label} has ${v.levels.length} levels but ${v.counts1.length} and ${v.counts0.length} counts`);
      }
      const n1 = v.counts1.reduce((s, x) => s + x, 0);
      const n0 = v.counts0.reduce((s, x) => s + x, 0);
      rows.push([`${v.label}, n (%)`, "", "", p]);
      indented.push(false);
      v.levels.forEach((level, k) => {
        const cell = (count: number, n: number) => `${count} (${n > 0 ? ((100 * count) / n).toFixed(1) : "NA"})`;
        rows.push([level, cell(v.counts1[k], n1), cell(v.counts0[k], n0), ""]);
        indented.push(true);
      });
    }
  }
  return {
    caption: input.caption,
    columns: ["Characteristic", `${label1} (n = ${sizes[0]})`, `${label0} (n = ${sizes[1]})`, "P"],
    rows,
    indented,
    notes: tests.size ? [`P values: ${[...tests].join("; ")}.`] : [],
  };
}

/** Standard normal quantile, Acklam's rational approximation (relative error < 1.2e-9, ample for printed intervals). */
function qnorm(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const q = Math.min(p, 1 - p);
  let x: number;
  if (q < 0.02425) {
    const t = Math.sqrt(-2 * math.log(q));
    x = (((((c[0] * t + c[1]) * t + c[2]) * t + c[3]) * t + c[4]) * t + c[5]) / ((((d[0] * t + d[1]) * t + d[2]) * t + d[3]) * t + 1);
    if (p > 0.5) x = -x;
  } else {
    const t = p - 0.5;
    const r = t * t;
    x = ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * t) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
  return x;
}

/**
 * The coefficient table of the multiple logistic regression. OR = exp(β), its Wald interval
 * exp(β ± z₁₋α/₂ · SE) (R: `exp(confint.default(fit))`). The intercept's OR is not reported.
 */
export function coefficientTable(input: CoefficientTableInput): FormattedTable {
  if (!input.rows?.length) throw new RadlabInputError("Coefficient table: no coefficients were given");
  const z = qnorm(1 - (1 - (input.level ?? 0.95)) / 2);
  const percent = Math.round((input.level ?? 0.95) * 100);
  const rows = input.rows.map((r) => {
    const intercept = /^\(?intercept\)?$/i.test(r.term);
    const or = intercept
      ? "—"
      : `${formatNumber(math.exp(r.estimate), 3)} (${formatNumber(math.exp(r.estimate - z * r.se), 3)}–${formatNumber(math.exp(r.estimate + z * r.se), 3)})`;
    return [r.term, formatNumber(r.estimate, 3), formatNumber(r.se, 3), formatNumber(r.z ?? r.estimate / r.se, 3), or, formatP(r.p)];
  });
  return {
    caption: input.caption,
    columns: ["Term", "β", "SE", "z", `OR (${percent}% CI)`, "P"],
    rows,
    notes: [`OR, odds ratio per unit of the (standardised) feature; CI, Wald confidence interval; P, Wald test.`],
  };
}

/** Test hook: the normal quantile used for odds-ratio intervals. */
export const normalQuantile = qnorm;

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** A self-contained HTML table in the journal style: rules above and below the header and at the end, no vertical lines. */
export function tableToHtml(table: FormattedTable): string {
  const cell = "padding:3px 10px;text-align:left;vertical-align:top";
  const head = table.columns
    .map((c, k) => `<th style="${cell};border-bottom:1px solid #000;${k > 0 ? "text-align:center" : ""}">${escapeHtml(c)}</th>`)
    .join("");
  const body = table.rows
    .map((row, r) => {
      const tds = row
        .map((c, k) => {
          const indent = k === 0 && table.indented?.[r] ? "padding-left:24px;" : "";
          return `<td style="${cell};${indent}${k > 0 ? "text-align:center" : ""}">${escapeHtml(c)}</td>`;
        })
        .join("");
      return `<tr>${tds}</tr>`;
    })
    .join("\n");
  const caption = table.caption
    ? `<caption style="caption-side:top;text-align:left;font-weight:bold;padding-bottom:4px">${escapeHtml(table.caption)}</caption>`
    : "";
  const notes = table.notes?.length
    ? `<tfoot><tr><td colspan="${table.columns.length}" style="${cell};border-top:1px solid #000;font-size:90%">${table.notes.map(escapeHtml).join("<br>")}</td></tr></tfoot>`
    : "";
  return (
    `<table class="radlab-table" style="border-collapse:collapse;border-top:2px solid #000;border-bottom:2px solid #000;font-family:Arial,Helvetica,sans-serif;font-size:13px">` +
    `${caption}<thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody>${notes}</table>`
  );
}

/** CSV (RFC 4180), header first; indented rows keep their level name as it is. */
export function tableToCsv(table: FormattedTable): string {
  return `${[table.columns, ...table.rows].map((row) => row.map((c) => csvField(csvCell(c))).join(",")).join("\n")}\n`;
}

/**
 * A cell as machines read it: CSV is for R, Excel and scripts, which read "−1.984" (U+2212,
 * the typographic minus) and "—" as text. The ASCII hyphen-minus replaces the minus sign, and
 * a missing value ("—") is an empty cell. HTML and LaTeX keep the typographic forms.
 */
export function csvCell(cell: string): string {
  return cell.trim() === "—" ? "" : cell.replace(/−/g, "-");
}

/** Escapes LaTeX specials and writes the typographic characters the tables use in math mode. */
export function escapeLatex(s: string): string {
  const replaced = s.replace(/[\\&%$#_{}~^]/g, (ch) =>
    ch === "\\" ? "\\textbackslash{}" : ch === "~" ? "\\textasciitilde{}" : ch === "^" ? "\\textasciicircum{}" : `\\${ch}`,
  );
  return replaced
    .replace(/±/g, "$\\pm$")
    .replace(/−/g, "$-$")
    .replace(/—/g, "---")
    .replace(/–/g, "--")
    .replace(/</g, "$<$")
    .replace(/>/g, "$>$")
    .replace(/β/g, "$\\beta$")
    .replace(/χ²/g, "$\\chi^2$")
    .replace(/λ/g, "$\\lambda$");
}

/** A booktabs LaTeX table (needs `\usepackage{booktabs}`). */
export function tableToLatex(table: FormattedTable): string {
  const spec = `l${"c".repeat(table.columns.length - 1)}`;
  const line = (row: string[], r?: number) =>
    `${row.map((c, k) => (k === 0 && r !== undefined && table.indented?.[r] ? `\\quad ${escapeLatex(c)}` : escapeLatex(c))).join(" & ")} \\\\`;
  return [
    "\\begin{table}[ht]",
    "\\centering",
    ...(table.caption ? [`\\caption{${escapeLatex(table.caption)}}`] : []),
    `\\begin{tabular}{${spec}}`,
    "\\toprule",
    line(table.columns),
    "\\midrule",
    ...table.rows.map((row, r) => line(row, r)),
    "\\bottomrule",
    "\\end{tabular}",
    ...(table.notes?.length ? [`\\par\\smallskip{\\footnotesize ${table.notes.map(escapeLatex).join(" ")}}`] : []),
    "\\end{table}",
    "",
  ].join("\n");
}
