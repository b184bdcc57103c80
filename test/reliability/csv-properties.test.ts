/**
 * Property tests (fast-check) of radlab's CSV reader and manifest parser: random tables whose
 * cells hold quotes, commas, semicolons, CR, LF, spaces and any Unicode, written with a BOM or
 * not and with LF or CRLF line ends, read back cell for cell. 200 runs per property (seeded, so
 * a failure is reproducible from the seed fast-check prints); about 2 s in all.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { csvField, parseCsv, readCsv } from "../../kernel-lib/src/io/csv.js";
import { readManifest } from "../../kernel-lib/src/io/manifest.js";

const RUNS = { numRuns: 200, seed: 15 };
const dir = mkdtempSync(join(tmpdir(), "radlab-csv-properties-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A cell: mostly the characters that break CSV readers, mixed with any Unicode text. */
const cell = fc
  .array(fc.oneof(fc.constantFrom('"', ",", ";", "\r", "\n", "\r\n", " ", "é", "患者", "🧠", "0x1F", "1,5"), fc.string({ unit: "grapheme", maxLength: 4 })), {
    maxLength: 6,
  })
  .map((parts) => parts.join(""))
  // U+FEFF opening the first cell cannot be told from a byte-order mark: no reader can round-trip it.
  .filter((s) => !s.startsWith("\uFEFF"));

/** A table of 2–5 columns (a one-column row holding only spaces is a blank line, by design) and 1–6 rows. */
const table = fc
  .integer({ min: 2, max: 5 })
  .chain((columns) => fc.array(fc.array(cell, { minLength: columns, maxLength: columns }), { minLength: 1, maxLength: 6 }));

const layout = fc.record({ bom: fc.boolean(), crlf: fc.boolean(), trailingNewline: fc.boolean() });

function write(rows: string[][], delimiter: string, quote: (s: string) => string, how: { bom: boolean; crlf: boolean; trailingNewline: boolean }): string {
  const eol = how.crlf ? "\r\n" : "\n";
  const body = rows.map((row) => row.map(quote).join(delimiter)).join(eol);
  return `${how.bom ? "\uFEFF" : ""}${body}${how.trailingNewline ? eol : ""}`;
}

/** Quotes for a `;` table: a field with ; " CR or LF (and, so the header shows no comma, a comma). */
const semicolonField = (s: string) => (/[";,\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

describe("parseCsv", () => {
  it("round-trips any comma table written with csvField (quotes, separators, BOM, CRLF, Unicode)", () => {
    fc.assert(
      fc.property(table, layout, (rows, how) => {
        const read = readCsv(write(rows, ",", csvField, how));
        expect(read.delimiter).toBe(",");
        expect(read.rows).toEqual(rows);
      }),
      RUNS,
    );
  });

  it("reads a ;-separated table the same way, with decimal-comma numbers turned into decimal points", () => {
    fc.assert(
      fc.property(table, layout, (rows, how) => {
        const read = readCsv(write(rows, ";", semicolonField, how));
        expect(read.delimiter).toBe(";");
        const decimalComma = /^[+-]?\d+,\d+([eE][+-]?\d+)?$/;
        expect(read.rows).toEqual(rows.map((row) => row.map((s) => (decimalComma.test(s.trim()) ? s.replace(",", ".") : s))));
      }),
      RUNS,
    );
  });

  it("a European export: '1,5' is 1.5 in a ;-table and stays text in a comma table", () => {
    expect(parseCsv("id;w\r\nA;1,5\r\n")).toEqual([
      ["id", "w"],
      ["A", "1.5"],
    ]);
    expect(parseCsv('id,w\nA,"1,5"\n')).toEqual([
      ["id", "w"],
      ["A", "1,5"],
    ]);
  });
});

describe("readManifest", () => {
  /** Ids and clinical values as a manifest keeps them: trimmed, non-empty ids, distinct. */
  const text = cell.map((s) => s.trim()).filter((s) => s !== "");
  const manifestRows = fc.uniqueArray(text, { minLength: 1, maxLength: 5 }).chain((ids) =>
    fc.tuple(
      fc.constant(ids),
      fc.array(
        fc.tuple(
          text,
          cell.map((s) => s.trim()),
        ),
        { minLength: ids.length, maxLength: ids.length },
      ),
    ),
  );

  it("round-trips ids, image and mask paths and clinical cells (BOM, CRLF, quotes, Unicode)", () => {
    let n = 0;
    fc.assert(
      fc.property(manifestRows, layout, ([ids, cells], how) => {
        const rows = [
          ["id", "image", "mask", 'note ; "quoted"', "größe"],
          ...ids.map((id, i) => [id, `img ${cells[i][0]}`, `mask ${cells[i][0]}`, cells[i][1], "1,5"]),
        ];
        const file = join(dir, `manifest-${n++}.csv`);
        writeFileSync(file, write(rows, ",", csvField, how));
        const manifest = readManifest(file, { checkFiles: false });
        expect(manifest.clinicalColumns).toEqual(['note ; "quoted"', "größe"]);
        expect(manifest.cases.map((c) => c.id)).toEqual(ids);
        expect(manifest.cases.map((c) => c.image)).toEqual(ids.map((_, i) => resolve(dir, `img ${cells[i][0]}`)));
        expect(manifest.cases.map((c) => c.mask)).toEqual(ids.map((_, i) => resolve(dir, `mask ${cells[i][0]}`)));
        expect(manifest.cases.map((c) => c.clinical['note ; "quoted"'])).toEqual(ids.map((_, i) => cells[i][1]));
        expect(manifest.cases.map((c) => c.clinical.größe)).toEqual(ids.map(() => "1,5"));
      }),
      RUNS,
    );
  });
});
