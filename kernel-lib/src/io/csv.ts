/**
 * A small RFC 4180 CSV reader: quoted fields, doubled quotes, CRLF or LF, a trailing newline.
 * Returns rows of strings; the caller decides types (a manifest's paths must stay strings).
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let n = text.charCodeAt(0) === 0xfeff ? 1 : 0; // skip a BOM
  for (; n < text.length; n++) {
    const ch = text[n];
    if (quoted) {
      if (ch === '"') {
        if (text[n + 1] === '"') {
          field += '"';
          n++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field === "") quoted = true;
    else if (ch === ",") {
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

/** Quotes a CSV field when it needs it. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  const s = typeof value === "number" ? (Number.isFinite(value) ? String(value) : Number.isNaN(value) ? "NaN" : value > 0 ? "Inf" : "-Inf") : value;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
