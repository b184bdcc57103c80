/**
 * `featureTable(table)`: the feature table widget's data: every feature column × every case,
 * each column with its catalog family, the study's alias and short name (so a search for
 * "Inertia_angle135_offset4" finds `glcm_Inertia_angle135_offset4`) and its unit where the
 * definition fixes one; the outcome and the training/validation column for filtering.
 * The fallback is an HTML table of the first rows and the count of columns per family.
 */
import { RadlabInputError } from "../errors.js";
import { FEATURE_CATALOG } from "../features/catalog.js";
import type { FeatureDefinition } from "../features/types.js";
import { type ArqueroLike, escapeHtml, formatCell, isArqueroTable } from "./table-html.js";
import type { MimeBundle } from "./tslab.js";
import { FALLBACK_STYLE, provenance, type RadlabWidget } from "./widget.js";
import { FEATURE_TABLE_MIME, type FeatureTableColumn, type FeatureTablePayload } from "./widget-payloads.js";

/** Options of {@link featureTable}: which columns play which role. */
export interface FeatureTableOptions {
  /** Patient-id column (default "id"). */
  id?: string;
  /** Binary outcome column (default "outcome" when present). */
  outcome?: string | null;
  /** Training/validation column (default "set" when present). */
  set?: string | null;
  /** Where the table came from, shown in the widget. */
  source?: string;
  /** Rows in the fallback's HTML table (default 10). */
  fallbackRows?: number;
}

/** The unit a feature's definition fixes (the catalog's, features/units.ts), or null when it is dimensionless. */
export function featureUnit(def: FeatureDefinition): string | null {
  return def.unit === "1" ? null : def.unit;
}

/** The column's cells as numbers (null for NaN, missing or text). */
function numericValues(table: ArqueroLike, name: string, n: number): (number | null)[] {
  return Array.from({ length: n }, (_, r) => {
    const v = table.get(name, r);
    return typeof v === "number" && Number.isFinite(v) ? v : null;
  });
}

function isNumericColumn(table: ArqueroLike, name: string, n: number): boolean {
  let numbers = 0;
  for (let r = 0; r < n; r++) {
    const v = table.get(name, r);
    if (typeof v === "number") numbers++;
    else if (v !== null && v !== undefined && v !== "") return false;
  }
  return numbers > 0;
}

/** The feature table's payload and bundle for an arquero table (see the module comment). */
export function featureTable(table: ArqueroLike, options: FeatureTableOptions = {}): RadlabWidget<FeatureTablePayload> {
  if (!isArqueroTable(table)) throw new RadlabInputError("featureTable: expected an arquero table (e.g. extractCohort's `table`)");
  const names = table.columnNames();
  const n = table.numRows();
  const has = (name: string | null | undefined): name is string => typeof name === "string" && names.includes(name);
  const idName = options.id ?? "id";
  const outcomeName = options.outcome === undefined ? "outcome" : options.outcome;
  const setName = options.set === undefined ? "set" : options.set;
  for (const [role, name] of [
    ["outcome", options.outcome],
    ["set", options.set],
  ] as const) {
    if (typeof name === "string" && !has(name)) throw new RadlabInputError(`featureTable: no ${role} column "${name}" in the table`);
  }
  const ids = has(idName) ? Array.from({ length: n }, (_, r) => String(table.get(idName, r) ?? "")) : Array.from({ length: n }, (_, r) => String(r + 1));
  const roles = new Set([idName, outcomeName, setName, "foldid"]);
  const catalogued = names.filter((name) => FEATURE_CATALOG.find(name)?.name === name);
  const columns: FeatureTableColumn[] = [];
  const extra: FeatureTablePayload["extra"] = [];
  for (const name of names) {
    if (roles.has(name) && name !== "foldid") continue;
    const def = FEATURE_CATALOG.find(name);
    const isFeature = def?.name === name || (catalogued.length === 0 && !roles.has(name) && isNumericColumn(table, name, n));
    if (isFeature) {
      columns.push({
        name,
        family: def?.name === name ? def.family : "other",
        alias: def?.name === name ? def.alias : null,
        shortName: def?.name === name ? (def.variant ? `${def.feature}_${def.variant}` : def.feature) : null,
        unit: def?.name === name ? featureUnit(def) : null,
        values: numericValues(table, name, n),
      });
    } else {
      extra.push({
        name,
        values: Array.from({ length: n }, (_, r) => {
          const v = table.get(name, r);
          return typeof v === "number" ? (Number.isFinite(v) ? v : null) : v === null || v === undefined ? null : String(v);
        }),
      });
    }
  }
  if (columns.length === 0) throw new RadlabInputError("featureTable: the table has no feature columns");
  const families: FeatureTablePayload["families"] = [];
  for (const c of columns) {
    const entry = families.find((f) => f.family === c.family);
    if (entry) entry.count++;
    else families.push({ family: c.family, count: 1 });
  }
  const payload: FeatureTablePayload = {
    schema: "radlab.feature-table",
    version: 1,
    provenance: provenance(),
    source: options.source ?? "feature table",
    ids,
    outcome: has(outcomeName) ? { name: outcomeName, values: numericValues(table, outcomeName, n) } : null,
    set: has(setName)
      ? { name: setName, values: Array.from({ length: n }, (_, r) => (table.get(setName, r) == null ? null : String(table.get(setName, r)))) }
      : null,
    columns,
    extra,
    families,
  };
  return {
    mimeType: FEATURE_TABLE_MIME,
    payload,
    drawsFigures: false,
    bundle: (): MimeBundle => ({
      [FEATURE_TABLE_MIME]: payload,
      "text/html": featureTableHtml(payload, options.fallbackRows ?? 10),
      "text/plain": featureTableSummary(payload),
    }),
  };
}

/** "142 cases × 432 features (stat 19, hist 23, …)". */
export function featureTableSummary(payload: FeatureTablePayload): string {
  const families = payload.families.map((f) => `${f.family} ${f.count}`).join(", ");
  return `Feature table ${payload.source}: ${payload.ids.length} cases × ${payload.columns.length} features (${families})`;
}

/** The fallback: family counts, then the first rows with id, outcome, set and the first features. */
function featureTableHtml(payload: FeatureTablePayload, maxRows: number): string {
  const cell = "padding:1px 6px;border-bottom:1px solid #e0e0e0;white-space:nowrap";
  const shown = payload.columns.slice(0, 12);
  const head = ["id", payload.outcome?.name, payload.set?.name, ...shown.map((c) => c.name)].filter((h): h is string => h !== undefined);
  const rows = payload.ids.slice(0, maxRows).map((id, r) => {
    const cells = [id, ...(payload.outcome ? [formatCell(payload.outcome.values[r])] : []), ...(payload.set ? [payload.set.values[r] ?? ""] : [])];
    for (const c of shown) cells.push(c.values[r] === null ? "NaN" : formatCell(c.values[r]));
    return `<tr>${cells.map((v) => `<td style="${cell}">${escapeHtml(v)}</td>`).join("")}</tr>`;
  });
  const families = payload.families
    .map((f) => `<tr><td style="${cell}">${escapeHtml(f.family)}</td><td style="${cell};text-align:right">${f.count}</td></tr>`)
    .join("");
  return (
    `<div class="radlab-feature-table-fallback" style="${FALLBACK_STYLE}">` +
    `<p>${escapeHtml(featureTableSummary(payload))}</p>` +
    `<table style="border-collapse:collapse;margin-bottom:8px"><thead><tr><th style="${cell};text-align:left">family</th><th style="${cell}">columns</th></tr></thead><tbody>${families}</tbody></table>` +
    `<table style="border-collapse:collapse;font-variant-numeric:tabular-nums"><thead><tr>${head.map((h) => `<th style="${cell};text-align:left">${escapeHtml(h)}</th>`).join("")}</tr></thead>` +
    `<tbody>${rows.join("")}</tbody>` +
    `<caption style="caption-side:bottom;text-align:left;color:#555">first ${Math.min(maxRows, payload.ids.length)} of ${payload.ids.length} rows, ${shown.length} of ${payload.columns.length} features</caption></table></div>`
  );
}
