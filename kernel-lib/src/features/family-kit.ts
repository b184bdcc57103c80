/**
 * Shared scaffolding of the IBSI-defined families (stat, hist, shape, glszm, gldzm, ngldm,
 * ngtdm): a family is a list of feature specs (name, IBSI reference, value function) over a
 * per-case summary computed once. The column names, aliases and the IBSI mapping that the
 * phantom test walks are all derived from these specs.
 */
import type { FamilyInput, FamilyModule, FamilyName, FeatureDefinition } from "./types.js";
import { featureUnitOf } from "./units.js";

/** Where a feature sits in the IBSI 1 reference manual. */
export interface IbsiReference {
  /** The 4-character IBSI identifier, as the manual prints it. */
  tag: string;
  /** The feature name as the manual (and the reference-value CSV) spells it. */
  feature: string;
  /** IBSI's value = radlab's × scale, where the units differ (VolumeCC in cm³, IBSI's in mm³: 1000). */
  scale?: number;
}

/** The IBSI reference of a feature: its tag and its name as the manual prints them. */
export function ibsi(tag: string, feature: string): IbsiReference {
  return { tag, feature };
}

/** One feature of a family: its name, its IBSI counterpart and how to compute it. */
export interface FeatureSpec<Summary> {
  /** Feature name without family prefix ("ZoneSizeEntropy"). */
  feature: string;
  /** IBSI counterpart, when IBSI defines the same quantity. */
  ibsi?: IbsiReference;
  /**
   * The PyRadiomics feature (`<class>_<Feature>`, e.g. "firstorder_Kurtosis") that this column
   * equals under convention `pyradiomics` with PyRadiomics' discretisation, if any.
   */
  pyradiomics?: string;
  /** Value from the family's per-case summary; NaN (after `input.warn`) where undefined. */
  value: (summary: Summary, input: FamilyInput) => number;
}

/** A family module that also states which IBSI feature each of its columns reproduces. */
export interface IbsiFamilyModule extends FamilyModule {
  /** IBSI family name, as in the manual and the reference-value CSV. */
  ibsiFamily: string;
  /** IBSI aggregation of the texture families ("3D"), empty for the others. */
  ibsiAggregation: "" | "3D";
  /** Column name → IBSI feature, for every column that has an IBSI counterpart. */
  ibsi: Record<string, IbsiReference>;
  /** Column name → PyRadiomics feature (`<class>_<Feature>`) of equal value under convention `pyradiomics`. */
  pyradiomics: Record<string, string>;
}

/**
 * The study's spelled-out alias of a feature name: "StdDeviation" → "Std Deviation",
 * "Maximum3DDiameter" → "Maximum 3D Diameter", "Percentile10" → "Percentile 10".
 */
export function spellOut(feature: string): string {
  return feature.replace(/([a-z])([A-Z0-9])/g, "$1 $2").replace(/([A-Z0-9])([A-Z][a-z])/g, "$1 $2");
}

/** Builds a family module from its specs and its summary function. */
export function defineFamily<Summary>(options: {
  family: FamilyName;
  ibsiFamily: string;
  ibsiAggregation: "" | "3D";
  specs: FeatureSpec<Summary>[];
  summarise: (input: FamilyInput) => Summary;
}): IbsiFamilyModule {
  const { family, specs } = options;
  const features: FeatureDefinition[] = specs.map((spec) => ({
    name: `${family}_${spec.feature}`,
    family,
    feature: spec.feature,
    alias: spellOut(spec.feature),
    unit: featureUnitOf(family, spec.feature),
  }));
  const ibsi: Record<string, IbsiReference> = {};
  const pyradiomics: Record<string, string> = {};
  for (const spec of specs) {
    if (spec.ibsi) ibsi[`${family}_${spec.feature}`] = spec.ibsi;
    if (spec.pyradiomics) pyradiomics[`${family}_${spec.feature}`] = spec.pyradiomics;
  }
  return {
    family,
    features,
    ibsiFamily: options.ibsiFamily,
    ibsiAggregation: options.ibsiAggregation,
    ibsi,
    pyradiomics,
    compute(input: FamilyInput): Float64Array {
      const summary = options.summarise(input);
      const values = new Float64Array(specs.length);
      for (let f = 0; f < specs.length; f++) values[f] = specs[f].value(summary, input);
      return values;
    },
  };
}

/**
 * `compute` run at most once per case: later calls with the same FamilyInput return the first
 * result, so the families of a case share what they all need (padded grid, zones, matrices).
 */
export function oncePerCase<T>(compute: (input: FamilyInput) => T): (input: FamilyInput) => T {
  const cache = new WeakMap<FamilyInput, T>();
  return (input) => {
    let value = cache.get(input);
    if (value === undefined) {
      value = compute(input);
      cache.set(input, value);
    }
    return value;
  };
}

/**
 * `numerator / denominator`, or NaN with a warning naming the feature when the denominator is
 * 0 (a formula that divides by zero is undefined, never a silent 0).
 */
export function ratioOrNaN(input: FamilyInput, column: string, numerator: number, denominator: number, why: string): number {
  if (denominator === 0 || !Number.isFinite(denominator)) {
    input.warn(column, `undefined: ${why}`);
    return Number.NaN;
  }
  return numerator / denominator;
}
