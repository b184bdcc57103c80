/**
 * Extraction settings: the one object that, with the input files and the radlab version,
 * determines every number of a feature table. Defaults follow feature-catalog.md; a parameter
 * file (JSON or YAML) overrides them key by key and is validated with messages naming the file
 * and the key. Skipped families are omitted from the output (no columns), so that NaN always
 * means "asked for but undefined for this case" and never "not asked for".
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { RadlabInputError } from "../errors.js";
import { DEFAULT_GRID_TOLERANCE, type GridTolerance } from "../io/grid.js";
import type { MaskLabel } from "../io/read-mask.js";
import { DEFAULT_DISCRETIZATION, type Discretization, formatDiscretization, parseDiscretization } from "./discretize.js";
import { type Convention, type EmptyDirections, FAMILIES, type FamilyName } from "./types.js";

/** Everything that changes the features of a case. */
export interface ExtractionSettings {
  /** Intensities → grey levels for `hist` and the texture families. Default: 32 bins (IBSI FBN). */
  discretization: Discretization;
  /**
   * Mask label forming the ROI: a number; "any" = every non-zero voxel (labels merged on
   * purpose); "auto" = the mask's one label (several are an error). A manifest `label` cell overrides it.
   */
  label: MaskLabel;
  /** Partial-volume or probability masks: ROI = mask value ≥ this (absent: non-integer mask values are an error). */
  maskThreshold?: number;
  /** Families to compute, in catalog order. Columns of the others are left out of the output. */
  families: FamilyName[];
  /** GLCM/GLRLM `AllDirection` over non-empty directions only (`skip`), or ITK's NaN (`itk`). */
  emptyDirections: EmptyDirections;
  /** The catalog's own definitions (`radlab`) or PyRadiomics' where both have the feature. */
  convention: Convention;
  /** Added to intensities for stat Energy / RootMeanSquare (PyRadiomics' voxelArrayShift). */
  voxelArrayShift: number;
  /** How far the mask's grid may differ from the image's (mm, direction cosines). */
  gridTolerance: GridTolerance;
}

/** The catalog's defaults for MRI (arbitrary units). */
export const DEFAULT_SETTINGS: ExtractionSettings = Object.freeze({
  discretization: DEFAULT_DISCRETIZATION,
  label: "auto",
  families: [...FAMILIES],
  emptyDirections: "skip",
  convention: "radlab",
  voxelArrayShift: 0,
  gridTolerance: DEFAULT_GRID_TOLERANCE,
}) as ExtractionSettings;

/**
 * PyRadiomics' test configuration for its brain1/brain2/breast1 baselines (its default
 * extractor settings): bin width 25 anchored at min − (min mod 25) as `getBinEdges` does,
 * label 1, voxelArrayShift 2000, PyRadiomics' feature definitions where they differ from ours.
 * Empty directions are skipped, as PyRadiomics drops angles without pairs.
 */
export const PYRADIOMICS_SETTINGS: ExtractionSettings = Object.freeze({
  ...DEFAULT_SETTINGS,
  discretization: { kind: "width", width: 25, anchor: "pyradiomics" },
  label: 1,
  convention: "pyradiomics",
  voxelArrayShift: 2000,
}) as ExtractionSettings;

/** Named starting points a parameter file may name with `preset:`. */
export const SETTINGS_PRESETS: Record<string, ExtractionSettings> = {
  radlab: DEFAULT_SETTINGS,
  pyradiomics: PYRADIOMICS_SETTINGS,
};

/** The keys a parameter file may hold (the settings plus `preset`), each with a one-line doc. */
export const SETTINGS_KEYS: Record<string, string> = {
  preset: `settings to start from: ${Object.keys(SETTINGS_PRESETS).join(" or ")} (default radlab)`,
  discretization: 'none, "bins:N", "width:W", "width:W:pyradiomics", or {kind, n | width, anchor}',
  label: 'an integer mask label, "any" (every non-zero voxel, labels merged) or "auto" (the mask\'s one label; default)',
  maskThreshold: "a number: the ROI is every mask voxel ≥ it (partial-volume or probability masks)",
  families: `"all" or a list of ${FAMILIES.join(", ")}`,
  emptyDirections: "skip or itk",
  convention: "radlab or pyradiomics",
  voxelArrayShift: "a finite number added to intensities for Energy and RootMeanSquare",
  gridTolerance: "{spacing, origin, direction}: largest image/mask grid differences (mm, mm, cosine)",
};

/**
 * Applies a parsed parameter object over a preset (default: radlab's), validating every key.
 * `source` names the file (or "settings") in error messages.
 */
export function resolveSettings(raw: unknown, source = "settings", base: ExtractionSettings = DEFAULT_SETTINGS): ExtractionSettings {
  const fail = (key: string, why: string): never => {
    throw new RadlabInputError(`${source}: ${key === "" ? "" : `key "${key}": `}${why}`, source === "settings" ? undefined : source);
  };
  if (raw === null || raw === undefined) return { ...base };
  if (typeof raw !== "object" || Array.isArray(raw)) return fail("", "must be a mapping of setting names to values");
  const input = raw as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    if (!(key in SETTINGS_KEYS)) fail(key, `unknown setting (known: ${Object.keys(SETTINGS_KEYS).join(", ")})`);
  }
  let settings: ExtractionSettings = { ...base };
  if (input.preset !== undefined) {
    const preset = typeof input.preset === "string" ? SETTINGS_PRESETS[input.preset] : undefined;
    if (!preset) return fail("preset", `expected ${SETTINGS_KEYS.preset}, got ${JSON.stringify(input.preset)}`);
    settings = { ...preset };
  }
  if (input.discretization !== undefined) settings.discretization = readDiscretization(input.discretization, (why) => fail("discretization", why));
  if (input.label !== undefined) {
    const label = input.label;
    if (label !== "any" && label !== "auto" && !(typeof label === "number" && Number.isInteger(label)))
      fail("label", `expected ${SETTINGS_KEYS.label}, got ${JSON.stringify(label)}`);
    settings.label = label as MaskLabel;
  }
  if (input.maskThreshold !== undefined && input.maskThreshold !== null) {
    if (typeof input.maskThreshold !== "number" || !Number.isFinite(input.maskThreshold))
      fail("maskThreshold", `expected a finite number, got ${JSON.stringify(input.maskThreshold)}`);
    settings.maskThreshold = input.maskThreshold as number;
  }
  if (input.families !== undefined) settings.families = readFamilies(input.families, (why) => fail("families", why));
  if (input.emptyDirections !== undefined) {
    if (input.emptyDirections !== "skip" && input.emptyDirections !== "itk")
      fail("emptyDirections", `expected skip or itk, got ${JSON.stringify(input.emptyDirections)}`);
    settings.emptyDirections = input.emptyDirections as EmptyDirections;
  }
  if (input.convention !== undefined) {
    if (input.convention !== "radlab" && input.convention !== "pyradiomics")
      fail("convention", `expected radlab or pyradiomics, got ${JSON.stringify(input.convention)}`);
    settings.convention = input.convention as Convention;
  }
  if (input.voxelArrayShift !== undefined) {
    if (typeof input.voxelArrayShift !== "number" || !Number.isFinite(input.voxelArrayShift))
      fail("voxelArrayShift", `expected a finite number, got ${JSON.stringify(input.voxelArrayShift)}`);
    settings.voxelArrayShift = input.voxelArrayShift as number;
  }
  if (input.gridTolerance !== undefined)
    settings.gridTolerance = readGridTolerance(input.gridTolerance, settings.gridTolerance, (key, why) => fail(`gridTolerance.${key}`, why));
  return settings;
}

function readDiscretization(value: unknown, fail: (why: string) => never): Discretization {
  if (typeof value === "string") {
    try {
      return parseDiscretization(value);
    } catch (error) {
      return fail((error as Error).message);
    }
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return fail(`expected ${SETTINGS_KEYS.discretization}, got ${JSON.stringify(value)}`);
  const d = value as Record<string, unknown>;
  const extra = (allowed: string[]) => Object.keys(d).filter((k) => !allowed.includes(k));
  if (d.kind === "none" && extra(["kind"]).length === 0) return { kind: "none" };
  if (d.kind === "bins" && extra(["kind", "n"]).length === 0 && Number.isInteger(d.n) && (d.n as number) >= 1) return { kind: "bins", n: d.n as number };
  if (d.kind === "width" && extra(["kind", "width", "anchor"]).length === 0 && typeof d.width === "number" && d.width > 0 && Number.isFinite(d.width)) {
    const anchor = d.anchor ?? "radlab";
    if (anchor === "radlab" || anchor === "pyradiomics") return { kind: "width", width: d.width, anchor };
  }
  return fail(`expected ${SETTINGS_KEYS.discretization}, got ${JSON.stringify(value)}`);
}

function readFamilies(value: unknown, fail: (why: string) => never): FamilyName[] {
  if (value === "all") return [...FAMILIES];
  if (!Array.isArray(value) || value.length === 0) return fail(`expected ${SETTINGS_KEYS.families}, got ${JSON.stringify(value)}`);
  for (const name of value) {
    if (!(FAMILIES as readonly unknown[]).includes(name)) fail(`unknown family ${JSON.stringify(name)} (families: ${FAMILIES.join(", ")})`);
  }
  // Catalog order whatever the file's order, so the column order stays fixed.
  return FAMILIES.filter((f) => value.includes(f));
}

function readGridTolerance(value: unknown, base: GridTolerance, fail: (key: string, why: string) => never): GridTolerance {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return fail("", `expected ${SETTINGS_KEYS.gridTolerance}`);
  const out = { ...base };
  for (const [key, v] of Object.entries(value)) {
    if (!(key in base)) fail(key, "unknown key (spacing, origin, direction)");
    if (typeof v !== "number" || !(v >= 0)) fail(key, `expected a number ≥ 0, got ${JSON.stringify(v)}`);
    out[key as keyof GridTolerance] = v as number;
  }
  return out;
}

/** The YAML parser, loaded on first use: it costs ~50 ms of start-up that a JSON or no settings file need not pay. */
function parseYaml(text: string): unknown {
  const yaml = createRequire(import.meta.url)("yaml") as typeof import("yaml");
  return yaml.parse(text);
}

/** Reads a parameter file: `.json`, or YAML (`.yaml`, `.yml`; JSON is YAML too). */
export function loadSettings(path: string, base: ExtractionSettings = DEFAULT_SETTINGS): ExtractionSettings {
  const file = resolve(path);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new RadlabInputError(`${file}: settings file not found`, file);
  }
  let raw: unknown;
  try {
    raw = file.toLowerCase().endsWith(".json") ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new RadlabInputError(
      `${file}: not valid ${file.toLowerCase().endsWith(".json") ? "JSON" : "YAML"} (${(error as Error).message.split("\n")[0]})`,
      file,
    );
  }
  return resolveSettings(raw, file, base);
}

/**
 * The settings as plain JSON (discretisation in its command-line form), the form recorded
 * beside every extracted table. `resolveSettings(settingsToJson(s))` gives `s` back.
 */
export function settingsToJson(settings: ExtractionSettings): Record<string, unknown> {
  return {
    discretization: formatDiscretization(settings.discretization),
    label: settings.label,
    ...(settings.maskThreshold === undefined ? {} : { maskThreshold: settings.maskThreshold }),
    families: [...settings.families],
    emptyDirections: settings.emptyDirections,
    convention: settings.convention,
    voxelArrayShift: settings.voxelArrayShift,
    gridTolerance: { ...settings.gridTolerance },
  };
}
