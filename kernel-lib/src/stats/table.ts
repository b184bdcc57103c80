/**
 * The study table: one row per patient with an id, a binary outcome, optionally the
 * training/validation split and the cross-validation fold ids, clinical columns (for the
 * baseline table) and the feature matrix, one Float64Array per feature.
 *
 * Layout as in shared/reference/stats: `id, set, outcome, foldid`, clinical columns, then
 * features. Which columns are the LASSO's candidate features ({@link CandidateRule}): by
 * default the columns named as radiomics features (radlab's catalog, or PyRadiomics'
 * `<image type>_<class>_<Feature>`); every other column is left out unless named as a role,
 * and listed in `ignoredColumns` (one note). Only a table with no feature-named column at all
 * (e.g. a generic clinical data set) takes every numeric column without a role, which the
 * notes say. Decisions for bad input (each reported, never silent):
 * - unknown column name (outcome, split, foldid, clinical): error naming it and the columns
 *   that are not features (the ones it could have meant);
 * - outcome not 0/1, or missing: error naming the values and rows;
 * - NaN, Inf or an empty cell in a feature: error naming the rows (ids) and columns;
 * - a column of text that is not named: not a feature, listed in `ignoredColumns`;
 * - a column mixing numbers and text: error naming the column and rows;
 * - a feature constant over all rows: dropped, listed in `notes` and `droppedFeatures`;
 * - duplicate patient ids: error naming them (results are keyed by id).
 */
import { RadlabInputError } from "../errors.js";
import { FEATURE_CATALOG } from "../features/catalog.js";
import { parseDecimal, readCsv } from "../io/csv.js";

/** A clinical column, kept as text with its numeric reading when every cell is a number. */
export interface ClinicalColumn {
  name: string;
  /** The cells as written ("" = missing). */
  values: string[];
  /** Numeric values (NaN = missing) when every non-empty cell is a number, else null. */
  numeric: Float64Array | null;
  /** Its unit ("years", "U/L"), when the caller gave one: the baseline tables print it. */
  unit?: string;
}

/** The study table (see the module comment for the decisions on bad input). */
export interface StudyTable {
  /** Where the table came from (a path, or a label given by the caller). */
  source: string;
  /** Patient ids, in row order. */
  ids: string[];
  /** Name of the outcome column. */
  outcomeName: string;
  /** Outcome per row: 1 = event (the modelled class), 0 = no event. */
  outcome: Uint8Array;
  /** Name of the split column, when there is one. */
  splitName: string | null;
  /** The split column's cells ("" = missing), when there is one. */
  split: string[] | null;
  /** Name of the fold-id column, when there is one. */
  foldidName: string | null;
  /** Fold ids (1 … K; 0 = none given, e.g. validation rows), when there is a column. */
  foldid: Int32Array | null;
  clinical: ClinicalColumn[];
  /** Feature names, in column order. */
  featureNames: string[];
  /** One column per feature, `features[j][i]` = feature j of row i. */
  features: Float64Array[];
  /** Features dropped because they are constant over all rows. */
  droppedFeatures: string[];
  /** Columns with no role that are not candidates (numeric or text), in column order. */
  ignoredColumns: string[];
  /** What was decided while reading (dropped or ignored columns), for the result's log. */
  notes: string[];
}

/** Which columns play which role. */
export interface StudyTableOptions {
  /** The binary outcome column (0/1). */
  outcome: string;
  /** The patient-id column (default "id"; when absent, ids are row numbers 1 … n). */
  id?: string;
  /** The training/validation column, if any. */
  split?: string | null;
  /** The cross-validation fold-id column, if any (integers ≥ 1; empty for validation rows). */
  foldid?: string | null;
  /** Clinical columns: kept for the baseline table, never features. */
  clinical?: readonly string[];
  /** Units of clinical columns, by name (e.g. { age: "years", ALT: "U/L" }), for the baseline tables. */
  units?: Readonly<Record<string, string>>;
  /** Which columns are candidate features (default "auto", see {@link CandidateRule}). */
  candidates?: CandidateRule;
}

/**
 * Which columns are the LASSO's candidates:
 * - "features": the columns named as radiomics features ({@link isFeatureColumnName});
 * - "all-numeric": every numeric column without a role;
 * - a list: exactly these columns;
 * - "auto" (default): "features" when the table has a feature-named column, else "all-numeric".
 */
export type CandidateRule = "auto" | "features" | "all-numeric" | readonly string[];

/** PyRadiomics' column names: `<image type>_<class>_<Feature>`, e.g. `original_glcm_Contrast`, `wavelet-LLH_firstorder_Mean`. */
const PYRADIOMICS_COLUMN = /^[A-Za-z0-9.-]+_(shape|shape2D|firstorder|glcm|glrlm|glszm|gldm|ngtdm)_[A-Za-z0-9]+$/;

/** Column names that are roles by convention (shared/reference/stats' layout), never candidates under "auto". */
const ROLE_NAMES = new Set(["id", "set", "split", "outcome", "foldid", "fold"]);

let catalogNames: Set<string> | undefined;

/** True for a column named as a radiomics feature: a radlab catalog column or a PyRadiomics one. */
export function isFeatureColumnName(name: string): boolean {
  catalogNames ??= new Set(FEATURE_CATALOG.names);
  return catalogNames.has(name) || PYRADIOMICS_COLUMN.test(name);
}

const MISSING = /^(|NA|NaN|nan|null|NULL)$/;
const INFINITE = /^[+-]?(Inf|inf|Infinity|infinity)$/;

/** Parses one cell: a finite number, NaN for missing, ±Infinity, or undefined for text (hex such as "0x1F" is text). */
function parseCell(cell: string): number | undefined {
  const s = cell.trim();
  if (MISSING.test(s)) return Number.NaN;
  if (INFINITE.test(s)) return s.startsWith("-") ? -Infinity : Infinity;
  const value = parseDecimal(s);
  return Number.isNaN(value) ? undefined : value;
}

/** Lists up to 5 items and how many more, for error messages. */
function listSome(items: readonly string[], limit = 5): string {
  return items.length <= limit ? items.join(", ") : `${items.slice(0, limit).join(", ")} and ${items.length - limit} more`;
}

/** Parses a study table from CSV text; `source` names it in messages. */
export function parseStudyTable(text: string, options: StudyTableOptions, source = "<table>"): StudyTable {
  const { rows, delimiter, decimalCommaCells } = readCsv(text);
  if (rows.length < 2) throw new RadlabInputError(`${source}: no data rows`, source);
  const header = rows[0].map((h) => h.trim());
  const body = rows.slice(1);
  const n = body.length;
  body.forEach((row, r) => {
    if (row.length !== header.length) {
      throw new RadlabInputError(`${source}: row ${r + 2} has ${row.length} fields, the header has ${header.length}`, source);
    }
  });

  const columnIndex = (name: string, role: string): number => {
    const j = header.indexOf(name);
    if (j < 0) {
      // The columns it could have meant: the ones that are not features (a table has hundreds of those).
      const others = header.filter((h) => !isFeatureColumnName(h));
      const featureCount = header.length - others.length;
      const list = others.length > 0 ? `the columns that are not features are ${listSome(others, 30)}` : "every column is a feature";
      throw new RadlabInputError(
        `${source}: unknown ${role} column "${name}"; ${list}${featureCount > 0 ? ` (and ${featureCount} feature columns)` : ""}`,
        source,
      );
    }
    return j;
  };
  const column = (j: number): string[] => body.map((row) => row[j].trim());

  const idName = options.id ?? "id";
  const idIndex = header.indexOf(idName);
  if (options.id !== undefined && idIndex < 0) columnIndex(idName, "id");
  const ids = idIndex >= 0 ? column(idIndex) : body.map((_, i) => String(i + 1));
  const notes: string[] = [];
  if (delimiter === ";") notes.push(`read as a ;-separated table, ${decimalCommaCells} cells with a decimal comma read as numbers`);
  if (idIndex < 0) notes.push(`no "${idName}" column: ids are row numbers 1…${n}`);
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const id of ids) (seen.has(id) ? duplicates : seen).add(id);
  if (duplicates.size > 0) throw new RadlabInputError(`${source}: duplicate patient ids in "${idName}": ${listSome([...duplicates])}`, source);

  const outcomeIndex = columnIndex(options.outcome, "outcome");
  const outcome = readOutcome(column(outcomeIndex), ids, options.outcome, source);

  const splitIndex = options.split ? columnIndex(options.split, "split") : -1;
  const foldidIndex = options.foldid ? columnIndex(options.foldid, "foldid") : -1;
  const foldid = foldidIndex >= 0 ? readFoldid(column(foldidIndex), ids, options.foldid as string, source) : null;

  const clinicalNames = options.clinical ?? [];
  const clinical = clinicalNames.map((name): ClinicalColumn => {
    const values = column(columnIndex(name, "clinical"));
    const parsed = values.map(parseCell);
    const numeric = parsed.every((v) => v !== undefined) ? Float64Array.from(parsed as number[]) : null;
    const unit = options.units?.[name];
    return unit ? { name, values, numeric, unit } : { name, values, numeric };
  });
  const strayUnits = Object.keys(options.units ?? {}).filter((name) => !clinicalNames.includes(name));
  if (strayUnits.length > 0)
    throw new RadlabInputError(
      `${source}: units were given for ${listSome(strayUnits)}, which ${strayUnits.length === 1 ? "is not a clinical column" : "are not clinical columns"} (clinical: ${listSome(clinicalNames) || "none"})`,
      source,
    );

  const roles = new Set([idIndex, outcomeIndex, splitIndex, foldidIndex, ...clinicalNames.map((c) => header.indexOf(c))]);
  const isCandidate = candidateTest(header, roles, options.candidates ?? "auto", source, notes);
  const featureNames: string[] = [];
  const features: Float64Array[] = [];
  const droppedFeatures: string[] = [];
  const ignoredColumns: string[] = [];
  const nonFinite: string[] = [];
  for (let j = 0; j < header.length; j++) {
    if (roles.has(j)) continue;
    const name = header[j];
    if (!isCandidate(name)) {
      ignoredColumns.push(name);
      continue;
    }
    const values = new Float64Array(n);
    const textRows: string[] = [];
    const badRows: string[] = [];
    let numbers = 0;
    for (let i = 0; i < n; i++) {
      const v = parseCell(body[i][j]);
      if (v === undefined) textRows.push(ids[i]);
      else {
        values[i] = v;
        if (!Number.isFinite(v)) badRows.push(ids[i]);
        else numbers++;
      }
    }
    if (textRows.length > 0 && numbers === 0) {
      ignoredColumns.push(name);
      continue;
    }
    if (textRows.length > 0) {
      throw new RadlabInputError(`${source}: column "${name}" mixes numbers and text (text in rows with id ${listSome(textRows)})`, source);
    }
    if (badRows.length > 0) {
      nonFinite.push(`"${name}" (ids ${listSome(badRows)})`);
      continue;
    }
    if (isConstant(values)) {
      droppedFeatures.push(name);
      continue;
    }
    featureNames.push(name);
    features.push(values);
  }
  if (nonFinite.length > 0) {
    throw new RadlabInputError(
      `${source}: missing, NaN or infinite feature values in ${nonFinite.length} column(s): ${listSome(nonFinite)}; impute or remove them before modelling`,
      source,
    );
  }
  if (ignoredColumns.length > 0)
    notes.push(
      `${ignoredColumns.length} column(s) are not candidate features and were left out: ${ignoredColumns.join(", ")} (name them as clinical to tabulate them)`,
    );
  if (droppedFeatures.length > 0) notes.push(`dropped ${droppedFeatures.length} constant feature(s): ${listSome(droppedFeatures)}`);
  if (featureNames.length === 0) throw new RadlabInputError(`${source}: no feature columns left`, source);

  return {
    source,
    ids,
    outcomeName: options.outcome,
    outcome,
    splitName: options.split ?? null,
    split: splitIndex >= 0 ? column(splitIndex) : null,
    foldidName: options.foldid ?? null,
    foldid,
    clinical,
    featureNames,
    features,
    droppedFeatures,
    ignoredColumns,
    notes,
  };
}

/** The test a column without a role must pass to be a candidate, from the rule; notes what "auto" chose. */
function candidateTest(header: string[], roles: Set<number>, rule: CandidateRule, source: string, notes: string[]): (name: string) => boolean {
  if (Array.isArray(rule)) {
    const wanted = new Set<string>(rule);
    const unknown = rule.filter((name) => !header.includes(name));
    if (unknown.length > 0) throw new RadlabInputError(`${source}: unknown candidate column(s) ${listSome(unknown)}`, source);
    const withRole = rule.filter((name) => roles.has(header.indexOf(name)));
    if (withRole.length > 0)
      throw new RadlabInputError(
        `${source}: ${listSome(withRole)} already has a role (id, outcome, split, foldid or clinical) and cannot be a candidate`,
        source,
      );
    return (name) => wanted.has(name);
  }
  if (rule === "all-numeric") return () => true;
  if (rule === "features") return isFeatureColumnName;
  const anyFeature = header.some((h, j) => !roles.has(j) && isFeatureColumnName(h));
  if (anyFeature) return isFeatureColumnName;
  // A column named like a role that was not given one (a fold-id column without foldid) is never a candidate.
  const roleNamed = header.filter((h, j) => !roles.has(j) && ROLE_NAMES.has(h.toLowerCase()));
  notes.push(
    `no column is named as a radiomics feature: every numeric column without a role is a candidate${roleNamed.length > 0 ? ` except ${roleNamed.join(", ")}` : ""}`,
  );
  return (name) => !ROLE_NAMES.has(name.toLowerCase());
}

function isConstant(values: Float64Array): boolean {
  for (let i = 1; i < values.length; i++) if (values[i] !== values[0]) return false;
  return true;
}

/** The outcome must be 0/1 in every row: a non-binary or missing outcome is an error. */
function readOutcome(cells: string[], ids: string[], name: string, source: string): Uint8Array {
  const outcome = new Uint8Array(cells.length);
  const bad: string[] = [];
  const badValues = new Set<string>();
  cells.forEach((cell, i) => {
    if (cell === "1") outcome[i] = 1;
    else if (cell !== "0") {
      const value = parseDecimal(cell);
      if (cell !== "" && (value === 0 || value === 1)) outcome[i] = value;
      else {
        bad.push(ids[i]);
        badValues.add(cell === "" ? "(empty)" : cell);
      }
    }
  });
  if (bad.length > 0) {
    throw new RadlabInputError(`${source}: outcome "${name}" must be 0 or 1 in every row; found ${listSome([...badValues])} (ids ${listSome(bad)})`, source);
  }
  return outcome;
}

/** Fold ids: positive integers, empty = no fold (validation rows). */
function readFoldid(cells: string[], ids: string[], name: string, source: string): Int32Array {
  const foldid = new Int32Array(cells.length);
  const bad: string[] = [];
  cells.forEach((cell, i) => {
    if (cell === "" || cell === "NA") return;
    const value = parseDecimal(cell);
    if (Number.isInteger(value) && value >= 1) foldid[i] = value;
    else bad.push(`${ids[i]} ("${cell}")`);
  });
  if (bad.length > 0) throw new RadlabInputError(`${source}: fold ids in "${name}" must be integers ≥ 1 (ids ${listSome(bad)})`, source);
  return foldid;
}

/** The rows of a table, as a new table (same columns). Used to subset by split. */
export function selectRows(table: StudyTable, rows: ArrayLike<number>): StudyTable {
  const pick = <T>(values: T[]): T[] => Array.from(rows, (i) => values[i]);
  return {
    ...table,
    ids: pick(table.ids),
    outcome: Uint8Array.from(rows, (i) => table.outcome[i]),
    split: table.split ? pick(table.split) : null,
    foldid: table.foldid ? Int32Array.from(rows, (i) => table.foldid![i]) : null,
    clinical: table.clinical.map((c) => ({
      ...c,
      values: pick(c.values),
      numeric: c.numeric ? Float64Array.from(rows, (i) => c.numeric![i]) : null,
    })),
    features: table.features.map((f) => Float64Array.from(rows, (i) => f[i])),
  };
}
