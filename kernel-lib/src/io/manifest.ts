import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { RadlabInputError } from "../errors.js";
import { parseCsv, parseDecimal } from "./csv.js";

/** One case of a cohort: where its image and mask are, and what else the manifest says. */
export interface ManifestCase {
  id: string;
  /** Absolute path of the image. */
  image: string;
  /** Absolute path of the mask (label map). */
  mask: string;
  /** The label to select, when the manifest has a `label` column with a value (an integer, or "any"). */
  label?: number | "any";
  /** The RTSTRUCT ROI or SEG segment to read (name, number or /regex/), when the manifest has a `roi` column with a value. */
  roi?: string;
  /** Every other column, as written (clinical variables, outcome, split …). */
  clinical: Record<string, string>;
  /** 1-based line of the case in the manifest file (the header is line 1). */
  line: number;
}

/** A cohort manifest: the cases and the names of the carried-over columns, in file order. */
export interface Manifest {
  source: string;
  cases: ManifestCase[];
  clinicalColumns: string[];
}

/** One thing wrong with a manifest, located by line and column. */
export interface ManifestProblem {
  line: number;
  column: string;
  message: string;
}

/** Thrown with every problem of a manifest at once, not the first only. */
export class ManifestError extends RadlabInputError {
  constructor(
    file: string,
    readonly problems: ManifestProblem[],
  ) {
    super(
      `${file}: ${problems.length} problem${problems.length === 1 ? "" : "s"}\n${problems.map((p) => `  line ${p.line}, column "${p.column}": ${p.message}`).join("\n")}`,
      file,
    );
  }
}

/** The columns every cohort manifest must have: the case id and its image and mask files. */
export const MANIFEST_REQUIRED_COLUMNS = ["id", "image", "mask"] as const;

/** Options of {@link readManifest}. */
export interface ReadManifestOptions {
  /** Check that every image and mask file exists (default true). */
  checkFiles?: boolean;
}

/** The header as a reader wants it in a message: the first columns, then how many more (a feature table has 440). */
function headerPreview(header: string[], shown = 8): string {
  return header.length <= shown ? header.join(",") : `${header.slice(0, shown).join(",")},… (${header.length} columns)`;
}

/**
 * Reads a cohort manifest: a CSV with `id,image,mask`, an optional `label` (label maps) or `roi`
 * (RTSTRUCT / DICOM-SEG masks: ROI name, number or /regex/) and any clinical
 * columns. Paths are relative to the manifest's folder. Reports every problem (missing column,
 * no case at all, empty cell, duplicate id, missing file, the same file as image and mask, bad
 * label) with line and column in one ManifestError.
 */
export function readManifest(path: string, options: ReadManifestOptions = {}): Manifest {
  const source = resolve(path);
  let text: string;
  try {
    text = readFileSync(source, "utf8");
  } catch {
    throw new RadlabInputError(`${source}: manifest file not found`, source);
  }
  const rows = parseCsv(text);
  const problems: ManifestProblem[] = [];
  if (rows.length === 0) throw new ManifestError(source, [{ line: 1, column: "", message: "the manifest is empty (expected a header id,image,mask)" }]);
  const header = rows[0].map((h) => h.trim());
  const col = new Map(header.map((h, n) => [h, n]));
  for (const required of MANIFEST_REQUIRED_COLUMNS) {
    if (!col.has(required))
      problems.push({ line: 1, column: required, message: `required column "${required}" is missing (header: ${headerPreview(header)})` });
  }
  if (problems.length > 0) throw new ManifestError(source, problems);
  if (rows.length === 1)
    throw new ManifestError(source, [{ line: 2, column: "", message: "the manifest has a header but no case (expected one row per case)" }]);
  const folder = dirname(source);
  const clinicalColumns = header.filter((h) => !["id", "image", "mask", "label", "roi"].includes(h));
  const seen = new Map<string, number>();
  const cases: ManifestCase[] = [];
  rows.slice(1).forEach((cells, n) => {
    const line = n + 2;
    const cell = (name: string) => (cells[col.get(name) ?? -1] ?? "").trim();
    if (cells.length !== header.length) problems.push({ line, column: "", message: `has ${cells.length} fields, the header has ${header.length}` });
    const id = cell("id");
    let ok = true;
    for (const name of MANIFEST_REQUIRED_COLUMNS) {
      if (cell(name) === "") {
        problems.push({ line, column: name, message: "empty cell" });
        ok = false;
      }
    }
    if (id !== "") {
      const first = seen.get(id);
      if (first !== undefined) {
        problems.push({ line, column: "id", message: `duplicate id "${id}" (first on line ${first})` });
        ok = false;
      } else seen.set(id, line);
    }
    const paths: Record<"image" | "mask", string> = { image: "", mask: "" };
    for (const name of ["image", "mask"] as const) {
      const value = cell(name);
      if (value === "") continue;
      paths[name] = isAbsolute(value) ? value : resolve(folder, value);
      if (options.checkFiles !== false && !existsSync(paths[name])) {
        problems.push({ line, column: name, message: `file not found: ${paths[name]}` });
        ok = false;
      }
    }
    if (paths.image !== "" && paths.image === paths.mask) {
      problems.push({ line, column: "mask", message: `the mask is the image itself (${paths.image})` });
      ok = false;
    }
    let label: number | "any" | undefined;
    if (col.has("label") && cell("label") !== "") {
      label = cell("label") === "any" ? "any" : parseDecimal(cell("label"));
      if (label !== "any" && !Number.isInteger(label)) {
        problems.push({ line, column: "label", message: `"${cell("label")}" is not an integer label (or "any")` });
        ok = false;
      }
    }
    if (!ok) return;
    const clinical = Object.fromEntries(clinicalColumns.map((c) => [c, cell(c)]));
    const roi = col.has("roi") && cell("roi") !== "" ? cell("roi") : undefined;
    cases.push({ id, image: paths.image, mask: paths.mask, ...(label === undefined ? {} : { label }), ...(roi === undefined ? {} : { roi }), clinical, line });
  });
  if (problems.length > 0) throw new ManifestError(source, problems);
  return { source, cases, clinicalColumns };
}
