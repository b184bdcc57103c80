/**
 * arquero tables (and plain arrays of row objects) as HTML for a notebook: numbers right-aligned
 * and rounded for reading (the data keep full precision), at most `maxRows` rows and
 * `maxColumns` columns with a note of what was left out — a 432-feature table must not flood the page.
 */

/** The part of an arquero 7 table that rendering needs. */
export interface ArqueroLike {
  /** Number of rows. */
  numRows(): number;
  /** Column names, in order. */
  columnNames(): string[];
  /** The value of a column in a row. */
  get(column: string, row?: number): unknown;
}

/** True for an arquero table (duck-typed, so radlab does not import arquero here). */
export function isArqueroTable(x: unknown): x is ArqueroLike {
  const t = x as ArqueroLike;
  return typeof x === "object" && x !== null && typeof t.numRows === "function" && typeof t.columnNames === "function" && typeof t.get === "function";
}

export interface TableHtmlOptions {
  /** Rows shown (default 20): the first maxRows − 5 and the last 5. */
  maxRows?: number;
  /** Columns shown (default 30): the first maxColumns − 5 and the last 5. */
  maxColumns?: number;
  /** Significant digits of non-integer numbers (default 4). */
  digits?: number;
}

/** A number for reading: integers as they are, others to `digits` significant digits, very large/small in exponent form. */
export function formatCell(value: unknown, digits = 4): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") {
    if (Number.isNaN(value)) return "NaN";
    if (!Number.isFinite(value)) return value > 0 ? "∞" : "−∞";
    if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
    const abs = Math.abs(value);
    const s = abs !== 0 && (abs >= 1e6 || abs < 1e-3) ? value.toExponential(digits - 1) : String(Number(value.toPrecision(digits)));
    return s.replace(/^-/, "−");
  }
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** Text for HTML element content or a double-quoted attribute: & < > " escaped. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Which of n indices to show: all, or the first `max − tail` and the last `tail`, with null marking the gap. */
function shownIndices(n: number, max: number, tail = 5): (number | null)[] {
  if (n <= max) return [...Array(n).keys()];
  const head = Math.max(1, max - tail);
  return [...Array(head).keys(), null, ...Array.from({ length: tail }, (_, k) => n - tail + k)];
}

/** The HTML table of an arquero table, with its size in a caption. */
export function arqueroTableHtml(table: ArqueroLike, options: TableHtmlOptions = {}): string {
  const names = table.columnNames();
  const n = table.numRows();
  const rows = shownIndices(n, options.maxRows ?? 20);
  const columns = shownIndices(names.length, options.maxColumns ?? 30);
  const numeric = new Map(names.map((c) => [c, typeof table.get(c, 0) === "number"]));
  const cellStyle = "padding:2px 8px;border-bottom:1px solid #e0e0e0;white-space:nowrap";
  const th = columns
    .map((c) =>
      c === null
        ? `<th style="${cellStyle}">…</th>`
        : `<th style="${cellStyle};text-align:${numeric.get(names[c]) ? "right" : "left"}">${escapeHtml(names[c])}</th>`,
    )
    .join("");
  const body = rows
    .map((r) => {
      if (r === null) return `<tr>${columns.map(() => `<td style="${cellStyle};text-align:center">⋮</td>`).join("")}</tr>`;
      const tds = columns
        .map((c) => {
          if (c === null) return `<td style="${cellStyle}">…</td>`;
          const name = names[c];
          return `<td style="${cellStyle};text-align:${numeric.get(name) ? "right" : "left"}">${escapeHtml(formatCell(table.get(name, r), options.digits))}</td>`;
        })
        .join("");
      return `<tr>${tds}</tr>`;
    })
    .join("\n");
  const hidden = [
    n > rows.filter((r) => r !== null).length ? `${n - rows.filter((r) => r !== null).length} rows` : "",
    names.length > columns.filter((c) => c !== null).length ? `${names.length - columns.filter((c) => c !== null).length} columns` : "",
  ].filter(Boolean);
  const caption = `${n} rows × ${names.length} columns${hidden.length ? ` (${hidden.join(" and ")} not shown)` : ""}`;
  return (
    `<table class="radlab-dataframe" style="border-collapse:collapse;font-family:Arial,Helvetica,sans-serif;font-size:12px;font-variant-numeric:tabular-nums">` +
    `<caption style="caption-side:bottom;text-align:left;color:#555;padding-top:4px">${escapeHtml(caption)}</caption>` +
    `<thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`
  );
}

/** A plain-text preview (text/plain of the bundle): header and the first rows. */
export function arqueroTableText(table: ArqueroLike, maxRows = 10): string {
  const names = table.columnNames();
  const n = table.numRows();
  const lines = [`${n} rows × ${names.length} columns`, names.slice(0, 8).join("\t") + (names.length > 8 ? "\t…" : "")];
  for (let r = 0; r < Math.min(n, maxRows); r++)
    lines.push(
      names
        .slice(0, 8)
        .map((c) => formatCell(table.get(c, r)))
        .join("\t") + (names.length > 8 ? "\t…" : ""),
    );
  if (n > maxRows) lines.push("…");
  return lines.join("\n");
}
