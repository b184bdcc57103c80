/**
 * The feature catalog: every column radlab extracts, derived from the family modules' own
 * definitions (never a hand-kept list), in the fixed public column order, with lookup by
 * column name, by the study's alias, or by the study's short name.
 */
import { FAMILY_MODULES } from "./families.js";
import type { FamilyModule, FamilyName, FeatureDefinition } from "./types.js";

/** The definitions in column order, and lookups over them. */
export interface FeatureCatalog {
  /** Every feature, in column order. */
  readonly definitions: readonly FeatureDefinition[];
  /** Column names, in column order. */
  readonly names: readonly string[];
  /** Number of features per family, in family order. */
  readonly counts: Readonly<Partial<Record<FamilyName, number>>>;
  /**
   * The feature a key names: a column name (`glcm_Inertia_angle135_offset4`), an alias
   * ("Inertia Angle 135 Offset 4"; case and spacing ignored) or the study's short name
   * (`Inertia_angle135_offset4`). Undefined when no feature, or more than one, matches.
   */
  find(key: string): FeatureDefinition | undefined;
  /** Like {@link find}, listing all matches (an alias may be shared across families). */
  findAll(key: string): FeatureDefinition[];
}

/** Normalised alias key: lower case, spaces, underscores and hyphens dropped. */
function aliasKey(text: string): string {
  return text.toLowerCase().replace(/[\s_-]+/g, "");
}

/**
 * Builds a catalog from family modules, in the order given. Throws if two features share a
 * column name, since a duplicate would make a table column ambiguous.
 */
export function buildCatalog(modules: readonly FamilyModule[]): FeatureCatalog {
  const definitions = modules.flatMap((m) => m.features);
  const byName = new Map<string, FeatureDefinition>();
  const byLoose = new Map<string, FeatureDefinition[]>();
  const counts: Partial<Record<FamilyName, number>> = {};
  const addLoose = (key: string, def: FeatureDefinition) => {
    const list = byLoose.get(key) ?? [];
    if (!list.includes(def)) list.push(def);
    byLoose.set(key, list);
  };
  for (const def of definitions) {
    if (byName.has(def.name)) throw new Error(`feature catalog: column "${def.name}" is defined twice`);
    byName.set(def.name, def);
    counts[def.family] = (counts[def.family] ?? 0) + 1;
    addLoose(aliasKey(def.alias), def);
    addLoose(aliasKey(def.variant ? `${def.feature}_${def.variant}` : def.feature), def);
  }
  const findAll = (key: string): FeatureDefinition[] => {
    const exact = byName.get(key);
    if (exact) return [exact];
    return [...(byLoose.get(aliasKey(key)) ?? [])];
  };
  return {
    definitions,
    names: definitions.map((d) => d.name),
    counts,
    findAll,
    find(key) {
      const all = findAll(key);
      return all.length === 1 ? all[0] : undefined;
    },
  };
}

/**
 * Revision of the features' definitions: raised whenever a feature's value or unit changes for
 * the same input (it is part of the cohort cache key, so cached rows are recomputed).
 * 2: shape_VolumeCC in cm³ (was mm³).
 */
export const FEATURE_DEFINITIONS_REVISION = 2;

/** radlab's catalog: the registered families in FAMILIES order (432 features). */
export const FEATURE_CATALOG: FeatureCatalog = buildCatalog(FAMILY_MODULES);

/** Column names of the families asked for, in catalog order. */
export function featureNames(families: readonly FamilyName[], catalog: FeatureCatalog = FEATURE_CATALOG): string[] {
  return catalog.definitions.filter((d) => families.includes(d.family)).map((d) => d.name);
}
