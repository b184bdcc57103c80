/**
 * A small RFC 4180 CSV reader: quoted fields, doubled quotes, CRLF or LF, a BOM, a trailing
 * newline. Hand-written rather than arquero's reader because a manifest's paths and ids must stay
 * strings exactly as written (no type guessing), and because of the European export below.
 *
 * The separator is found from the header line: `;` when the header has semicolons and no comma
 * outside quotes (a spreadsheet saved in a locale whose decimal mark is a comma), else `,`. In a
 * `;` table, a cell that is a number written with a decimal comma ("1,25", "-3,5e-2") is read as
 * that number ("1.25"); every other cell is kept as written.
 */

/** The separators radlab detects. */
export type CsvDelimiter = "," | ";";

/** A parsed table and how it was read. */
export interface CsvRows {
  rows: string[][];
  delimiter: CsvDelimiter;
  /** Cells rewritten from a decimal comma to a decimal point (`;` tables only). */
  decimalCommaCells: number;
}

/** Rows of strings (see the module comment); the caller decides types. */
export function parseCsv(text: string): string[][] {
  return readCsv(text).rows;
}

/** Rows of strings with the separator found and the decimal-comma cells counted. */
export function readCsv(text: string): CsvRows {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0; // skip a BOM
  const delimiter = detectDelimiter(text, start);
  const rows = splitRows(text, start, delimiter);
  let decimalCommaCells = 0;
  if (delimiter === ";") {
    for (const row of rows) {
      for (let n = 0; n < row.length; n++) {
        if (DECIMAL_COMMA.test(row[n].trim())) {
          row[n] = row[n].replace(",", ".");
          decimalCommaCells++;
        }
      }
    }
  }
  return { rows, delimiter, decimalCommaCells };
}

/** A number written with a decimal comma: "1,25", "-0,5", "3,2E-4". */
const DECIMAL_COMMA = /^[+-]?\d+,\d+([eE][+-]?\d+)?$/;

/** `;` when the header line has a semicolon and no comma outside quotes, else `,`. */
export function detectDelimiter(text: string, start = 0): CsvDelimiter {
  let quoted = false;
  let commas = 0;
  let semicolons = 0;
  for (let n = start; n < text.length; n++) {
    const ch = text[n];
    if (ch === '"') quoted = !quoted;
    else if (!quoted) {
      if (ch === "\n" || ch === "\r") break;
      if (ch === ",") commas++;
      else if (ch === ";") semicolons++;
    }
  }
  return semicolons > 0 && commas === 0 ? ";" : ",";
}

function splitRows(text: string, start: number, delimiter: CsvDelimiter): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let n = start; n < text.length; n++) {
    const ch = text[n];
    if (quoted) {
      if (ch === '"') {
        if (text[n + 1] === '"') {
          field += '"';
          n++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field === "") quoted = true;
    else if (ch === delimiter) {
      row.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[n + 1] === "\n") n++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += ch;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0].trim() === ""));
}

/** A decimal number as people write it in a table: digits, one point, an exponent. Not hex, binary, octal or "Infinity". */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * The number a table cell holds, or NaN when it is not a plain decimal number. Stricter than
 * `Number()`, which reads "0x1F" as 31, "0b11" as 3 and "" as 0: such cells are text (an id, a
 * code), not numbers.
 */
export function parseDecimal(cell: string): number {
  const s = cell.trim();
  return DECIMAL.test(s) ? Number(s) : Number.NaN;
}

/** Quotes a CSV field when it needs it. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  const s = typeof value === "number" ? (Number.isFinite(value) ? String(value) : Number.isNaN(value) ? "NaN" : value > 0 ? "Inf" : "-Inf") : value;
  return /[",;\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
