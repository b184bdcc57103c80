/**
 * PyRadiomics ↔ radlab: which radlab column (and which transform of it) gives each PyRadiomics
 * feature, so that a table extracted with the `pyradiomics` preset can be checked against a
 * PyRadiomics table, and so that a PyRadiomics-named study can find its features here.
 * PyRadiomics names are `<class>_<Feature>` as in its output without the image-type prefix
 * (`original_glcm_Contrast` → `glcm_Contrast`). The PyRadiomics features radlab does not
 * compute are listed in {@link PYRADIOMICS_UNMATCHED} and in docs/pyradiomics.md.
 *
 * Texture correspondences hold at PyRadiomics' defaults: distance 1, the 13 3D angles averaged
 * (`weightingNorm None`) = radlab's `AllDirection_offset1`; GLSZM 26-connected; GLDM with
 * alpha 0 = radlab's NGLDM; NGTDM over the 26 neighbours.
 */

import type { Vec3 } from "../types.js";
import type { Convention, FeatureDefinition } from "./types.js";

/** What a transform may need beyond the radlab row. */
export interface PyradiomicsContext {
  /** The convention the radlab row was extracted with. */
  convention: Convention;
  /** Voxel spacing in mm (for TotalEnergy). */
  spacing: Vec3;
}

/** One PyRadiomics feature and how radlab gives it. */
export interface PyradiomicsMapping {
  /** `<class>_<Feature>`, e.g. `firstorder_Kurtosis`. */
  pyradiomics: string;
  /** The radlab columns the value is computed from (the first is the counterpart). */
  radlab: string[];
  /** How: a one-line description of the transform, or "same". */
  how: string;
  /** The PyRadiomics value from the radlab row. */
  value(row: Record<string, number>, context: PyradiomicsContext): number;
}

const AD1 = "AllDirection_offset1";

function same(pyradiomics: string, radlab: string): PyradiomicsMapping {
  return { pyradiomics, radlab: [radlab], how: "same", value: (row) => row[radlab] };
}

const FIRSTORDER: PyradiomicsMapping[] = [
  same("firstorder_Energy", "stat_Energy"),
  {
    pyradiomics: "firstorder_TotalEnergy",
    radlab: ["stat_Energy"],
    how: "stat_Energy × voxel volume (mm³)",
    value: (row, c) => row.stat_Energy * c.spacing[0] * c.spacing[1] * c.spacing[2],
  },
  same("firstorder_Entropy", "hist_Entropy"),
  same("firstorder_Minimum", "stat_Minimum"),
  same("firstorder_10Percentile", "stat_Percentile10"),
  same("firstorder_90Percentile", "stat_Percentile90"),
  same("firstorder_Maximum", "stat_Maximum"),
  same("firstorder_Mean", "stat_Mean"),
  same("firstorder_Median", "stat_Median"),
  same("firstorder_InterquartileRange", "stat_InterquartileRange"),
  same("firstorder_Range", "stat_Range"),
  same("firstorder_MeanAbsoluteDeviation", "stat_MeanAbsoluteDeviation"),
  same("firstorder_RobustMeanAbsoluteDeviation", "stat_RobustMeanAbsoluteDeviation"),
  same("firstorder_RootMeanSquared", "stat_RootMeanSquare"),
  same("firstorder_StandardDeviation", "stat_StdDeviation"),
  same("firstorder_Skewness", "stat_Skewness"),
  {
    pyradiomics: "firstorder_Kurtosis",
    radlab: ["stat_Kurtosis"],
    how: "stat_Kurtosis + 3 (radlab's is excess kurtosis; the pyradiomics convention already adds 3)",
    value: (row, c) => (c.convention === "pyradiomics" ? row.stat_Kurtosis : row.stat_Kurtosis + 3),
  },
  same("firstorder_Variance", "stat_Variance"),
  same("firstorder_Uniformity", "hist_Uniformity"),
];

const SHAPE: PyradiomicsMapping[] = [
  same("shape_MeshVolume", "shape_VolumeMM"),
  {
    pyradiomics: "shape_VoxelVolume",
    radlab: ["shape_VolumeCC"],
    how: "shape_VolumeCC × 1000 (radlab's is in cm³, PyRadiomics' in mm³)",
    value: (row) => row.shape_VolumeCC * 1000,
  },
  same("shape_SurfaceArea", "shape_SurfaceArea"),
  same("shape_SurfaceVolumeRatio", "shape_SurfaceVolumeRatio"),
  same("shape_Sphericity", "shape_Sphericity"),
  same("shape_Compactness1", "shape_Compactness1"),
  same("shape_Compactness2", "shape_Compactness2"),
  same("shape_SphericalDisproportion", "shape_SphericalDisproportion"),
  same("shape_Maximum3DDiameter", "shape_Maximum3DDiameter"),
  same("shape_MajorAxisLength", "shape_MajorAxisLength"),
  {
    pyradiomics: "shape_MinorAxisLength",
    radlab: ["shape_MajorAxisLength", "shape_Elongation"],
    how: "shape_MajorAxisLength × shape_Elongation (4√λminor = 4√λmajor · √(λminor/λmajor))",
    value: (row) => row.shape_MajorAxisLength * row.shape_Elongation,
  },
  {
    pyradiomics: "shape_LeastAxisLength",
    radlab: ["shape_MajorAxisLength", "shape_Flatness"],
    how: "shape_MajorAxisLength × shape_Flatness (4√λleast = 4√λmajor · √(λleast/λmajor))",
    value: (row) => row.shape_MajorAxisLength * row.shape_Flatness,
  },
  same("shape_Elongation", "shape_Elongation"),
  same("shape_Flatness", "shape_Flatness"),
];

const GLCM: PyradiomicsMapping[] = [
  same("glcm_JointEnergy", `glcm_Energy_${AD1}`),
  same("glcm_JointEntropy", `glcm_Entropy_${AD1}`),
  same("glcm_Contrast", `glcm_Inertia_${AD1}`),
  same("glcm_Idm", `glcm_InverseDifferenceMoment_${AD1}`),
  same("glcm_ClusterShade", `glcm_ClusterShade_${AD1}`),
  same("glcm_ClusterProminence", `glcm_ClusterProminence_${AD1}`),
  { ...same("glcm_Correlation", `glcm_Correlation_${AD1}`), how: "same under the pyradiomics convention (Pearson); radlab's own is ITK's (÷ σ⁴)" },
];

const GLRLM: PyradiomicsMapping[] = [
  same("glrlm_ShortRunEmphasis", `glrlm_ShortRunEmphasis_${AD1}`),
  same("glrlm_LongRunEmphasis", `glrlm_LongRunEmphasis_${AD1}`),
  same("glrlm_GrayLevelNonUniformity", `glrlm_GreyLevelNonuniformity_${AD1}`),
  same("glrlm_RunLengthNonUniformity", `glrlm_RunLengthNonuniformity_${AD1}`),
  same("glrlm_LowGrayLevelRunEmphasis", `glrlm_LowGreyLevelRunEmphasis_${AD1}`),
  same("glrlm_HighGrayLevelRunEmphasis", `glrlm_HighGreyLevelRunEmphasis_${AD1}`),
  same("glrlm_ShortRunLowGrayLevelEmphasis", `glrlm_ShortRunLowGreyLevelEmphasis_${AD1}`),
  same("glrlm_ShortRunHighGrayLevelEmphasis", `glrlm_ShortRunHighGreyLevelEmphasis_${AD1}`),
  same("glrlm_LongRunLowGrayLevelEmphasis", `glrlm_LongRunLowGreyLevelEmphasis_${AD1}`),
  same("glrlm_LongRunHighGrayLevelEmphasis", `glrlm_LongRunHighGreyLevelEmphasis_${AD1}`),
];

const GLSZM: PyradiomicsMapping[] = [
  same("glszm_SmallAreaEmphasis", "glszm_SmallZoneEmphasis"),
  same("glszm_LargeAreaEmphasis", "glszm_LargeZoneEmphasis"),
  same("glszm_LowGrayLevelZoneEmphasis", "glszm_LowGreyLevelZoneEmphasis"),
  same("glszm_HighGrayLevelZoneEmphasis", "glszm_HighGreyLevelZoneEmphasis"),
  same("glszm_SmallAreaLowGrayLevelEmphasis", "glszm_SmallZoneLowGreyLevelEmphasis"),
  same("glszm_SmallAreaHighGrayLevelEmphasis", "glszm_SmallZoneHighGreyLevelEmphasis"),
  same("glszm_LargeAreaLowGrayLevelEmphasis", "glszm_LargeZoneLowGreyLevelEmphasis"),
  same("glszm_LargeAreaHighGrayLevelEmphasis", "glszm_LargeZoneHighGreyLevelEmphasis"),
  same("glszm_GrayLevelNonUniformity", "glszm_GreyLevelNonUniformity"),
  same("glszm_GrayLevelNonUniformityNormalized", "glszm_GreyLevelNonUniformityNormalised"),
  same("glszm_SizeZoneNonUniformity", "glszm_ZoneSizeNonUniformity"),
  same("glszm_SizeZoneNonUniformityNormalized", "glszm_ZoneSizeNonUniformityNormalised"),
  same("glszm_ZonePercentage", "glszm_ZonePercentage"),
  same("glszm_GrayLevelVariance", "glszm_GreyLevelVariance"),
  same("glszm_ZoneVariance", "glszm_ZoneSizeVariance"),
  same("glszm_ZoneEntropy", "glszm_ZoneSizeEntropy"),
];

const GLDM: PyradiomicsMapping[] = [
  same("gldm_SmallDependenceEmphasis", "ngldm_LowDependenceEmphasis"),
  same("gldm_LargeDependenceEmphasis", "ngldm_HighDependenceEmphasis"),
  same("gldm_LowGrayLevelEmphasis", "ngldm_LowGreyLevelCountEmphasis"),
  same("gldm_HighGrayLevelEmphasis", "ngldm_HighGreyLevelCountEmphasis"),
  same("gldm_SmallDependenceLowGrayLevelEmphasis", "ngldm_LowDependenceLowGreyLevelEmphasis"),
  same("gldm_SmallDependenceHighGrayLevelEmphasis", "ngldm_LowDependenceHighGreyLevelEmphasis"),
  same("gldm_LargeDependenceLowGrayLevelEmphasis", "ngldm_HighDependenceLowGreyLevelEmphasis"),
  same("gldm_LargeDependenceHighGrayLevelEmphasis", "ngldm_HighDependenceHighGreyLevelEmphasis"),
  same("gldm_GrayLevelNonUniformity", "ngldm_GreyLevelNonUniformity"),
  same("gldm_DependenceNonUniformity", "ngldm_DependenceCountNonUniformity"),
  same("gldm_DependenceNonUniformityNormalized", "ngldm_DependenceCountNonUniformityNormalised"),
  same("gldm_GrayLevelVariance", "ngldm_GreyLevelVariance"),
  same("gldm_DependenceVariance", "ngldm_DependenceCountVariance"),
  same("gldm_DependenceEntropy", "ngldm_DependenceCountEntropy"),
];

const NGTDM: PyradiomicsMapping[] = ["Coarseness", "Contrast", "Busyness", "Complexity", "Strength"].map((f) => same(`ngtdm_${f}`, `ngtdm_${f}`));

/** Every PyRadiomics feature (3D, original image) that radlab gives, by PyRadiomics class. */
export const PYRADIOMICS_MAP: readonly PyradiomicsMapping[] = [...FIRSTORDER, ...SHAPE, ...GLCM, ...GLRLM, ...GLSZM, ...GLDM, ...NGTDM];

/** PyRadiomics features (3D, original image, PyRadiomics 3.x) with no radlab counterpart, and why. */
export const PYRADIOMICS_UNMATCHED: Readonly<Record<string, string>> = {
  shape_Maximum2DDiameterSlice: "2D diameters are not in the catalog",
  shape_Maximum2DDiameterColumn: "2D diameters are not in the catalog",
  shape_Maximum2DDiameterRow: "2D diameters are not in the catalog",
  glcm_Autocorrelation: "not among ITK's 8 GLCM features",
  glcm_JointAverage: "not among ITK's 8 GLCM features",
  glcm_SumAverage: "not among ITK's 8 GLCM features",
  glcm_SumEntropy: "not among ITK's 8 GLCM features",
  glcm_SumSquares: "not among ITK's 8 GLCM features",
  glcm_ClusterTendency: "not among ITK's 8 GLCM features",
  glcm_DifferenceAverage: "not among ITK's 8 GLCM features",
  glcm_DifferenceEntropy: "not among ITK's 8 GLCM features",
  glcm_DifferenceVariance: "not among ITK's 8 GLCM features",
  glcm_Id: "not among ITK's 8 GLCM features",
  glcm_Idn: "not among ITK's 8 GLCM features",
  glcm_Idmn: "not among ITK's 8 GLCM features",
  glcm_Imc1: "not among ITK's 8 GLCM features",
  glcm_Imc2: "not among ITK's 8 GLCM features",
  glcm_InverseVariance: "not among ITK's 8 GLCM features",
  glcm_MaximumProbability: "not among ITK's 8 GLCM features",
  glcm_MCC: "not among ITK's 8 GLCM features",
  glrlm_GrayLevelNonUniformityNormalized: "not among ITK's 10 GLRLM features",
  glrlm_RunLengthNonUniformityNormalized: "not among ITK's 10 GLRLM features",
  glrlm_RunPercentage: "not among ITK's 10 GLRLM features",
  glrlm_GrayLevelVariance: "not among ITK's 10 GLRLM features",
  glrlm_RunVariance: "not among ITK's 10 GLRLM features",
  glrlm_RunEntropy: "not among ITK's 10 GLRLM features",
};

/** The mapping of one PyRadiomics feature (`glcm_Contrast` or `original_glcm_Contrast`). */
export function pyradiomicsMapping(name: string): PyradiomicsMapping | undefined {
  const key = name.replace(/^original_/, "");
  return PYRADIOMICS_MAP.find((m) => m.pyradiomics === key);
}

/** The PyRadiomics-named values of a radlab row (features whose columns are absent are left out). */
export function toPyradiomics(row: Record<string, number>, context: PyradiomicsContext): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of PYRADIOMICS_MAP) if (m.radlab.every((c) => c in row)) out[m.pyradiomics] = m.value(row, context);
  return out;
}

/** Checks that every mapped radlab column exists in a catalog (a renamed column fails loudly). */
export function unknownMappedColumns(definitions: readonly FeatureDefinition[]): string[] {
  const names = new Set(definitions.map((d) => d.name));
  return PYRADIOMICS_MAP.flatMap((m) => m.radlab).filter((c) => !names.has(c));
}
