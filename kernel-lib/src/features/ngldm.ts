/**
 * `ngldm`: neighbouring grey level dependence matrix features (IBSI 1 §3.11, family REK0), 3D
 * (KOBO), Chebyshev distance δ = 1, coarseness α = 0: every ROI voxel k is the centre of one
 * neighbourhood, whose dependence count j_k = 1 + the number of its 26 neighbours inside the ROI
 * with the same grey level; s_ij counts the voxels of level i with j_k = j (so N_s = N_v).
 * Formulas: zone-matrix.ts.
 *
 * PyRadiomics' GLDM with gldm_a = 0 and distance 1 (gldm.py) is this matrix (its dependence
 * index j is also the neighbour count + 1), and shares 14 of the 17 features (see
 * the specs' `pyradiomics` fields); convention `pyradiomics` changes nothing here.
 */
import { defineFamily, type FeatureSpec, ibsi } from "./family-kit.js";
import type { FamilyInput } from "./types.js";
import * as matrixFeature from "./zone-matrix.js";
import { type ZoneMatrix, zoneMatrix } from "./zone-matrix.js";
import { neighbourCounts, paddedLevels } from "./zones.js";

/** The dependence matrix s_ij of a case (α = 0, δ = 1, 26 neighbours). */
export function dependenceMatrix(input: FamilyInput): ZoneMatrix {
  const { levels, roi } = paddedLevels(input);
  const { sameLevel } = neighbourCounts(input);
  const dependence = new Int32Array(roi.length);
  const centreLevels = new Int32Array(roi.length);
  for (let r = 0; r < roi.length; r++) {
    dependence[r] = sameLevel[r] + 1;
    centreLevels[r] = levels[roi[r]];
  }
  return zoneMatrix(centreLevels, dependence, 28, roi.length);
}

const NGLDM_SPECS: FeatureSpec<ZoneMatrix>[] = [
  {
    feature: "LowDependenceEmphasis",
    ibsi: ibsi("SODN", "Low dependence emphasis"),
    pyradiomics: "gldm_SmallDependenceEmphasis",
    value: matrixFeature.smallEmphasis,
  },
  {
    feature: "HighDependenceEmphasis",
    ibsi: ibsi("IMOQ", "High dependence emphasis"),
    pyradiomics: "gldm_LargeDependenceEmphasis",
    value: matrixFeature.largeEmphasis,
  },
  {
    feature: "LowGreyLevelCountEmphasis",
    ibsi: ibsi("TL9H", "Low grey level count emphasis"),
    pyradiomics: "gldm_LowGrayLevelEmphasis",
    value: matrixFeature.lowGreyLevelEmphasis,
  },
  {
    feature: "HighGreyLevelCountEmphasis",
    ibsi: ibsi("OAE7", "High grey level count emphasis"),
    pyradiomics: "gldm_HighGrayLevelEmphasis",
    value: matrixFeature.highGreyLevelEmphasis,
  },
  {
    feature: "LowDependenceLowGreyLevelEmphasis",
    ibsi: ibsi("EQ3F", "Low dependence low grey level emphasis"),
    pyradiomics: "gldm_SmallDependenceLowGrayLevelEmphasis",
    value: matrixFeature.smallLowGreyLevelEmphasis,
  },
  {
    feature: "LowDependenceHighGreyLevelEmphasis",
    ibsi: ibsi("JA6D", "Low dependence high grey level emphasis"),
    pyradiomics: "gldm_SmallDependenceHighGrayLevelEmphasis",
    value: matrixFeature.smallHighGreyLevelEmphasis,
  },
  {
    feature: "HighDependenceLowGreyLevelEmphasis",
    ibsi: ibsi("NBZI", "High dependence low grey level emphasis"),
    pyradiomics: "gldm_LargeDependenceLowGrayLevelEmphasis",
    value: matrixFeature.largeLowGreyLevelEmphasis,
  },
  {
    feature: "HighDependenceHighGreyLevelEmphasis",
    ibsi: ibsi("9QMG", "High dependence high grey level emphasis"),
    pyradiomics: "gldm_LargeDependenceHighGrayLevelEmphasis",
    value: matrixFeature.largeHighGreyLevelEmphasis,
  },
  {
    feature: "GreyLevelNonUniformity",
    ibsi: ibsi("FP8K", "Grey level non-uniformity"),
    pyradiomics: "gldm_GrayLevelNonUniformity",
    value: matrixFeature.greyLevelNonUniformity,
  },
  {
    feature: "GreyLevelNonUniformityNormalised",
    ibsi: ibsi("5SPA", "Normalised grey level non-uniformity"),
    value: matrixFeature.greyLevelNonUniformityNormalised,
  },
  {
    feature: "DependenceCountNonUniformity",
    ibsi: ibsi("Z87G", "Dependence count non-uniformity"),
    pyradiomics: "gldm_DependenceNonUniformity",
    value: matrixFeature.jNonUniformity,
  },
  {
    feature: "DependenceCountNonUniformityNormalised",
    ibsi: ibsi("OKJI", "Normalised dependence count non-uniformity"),
    pyradiomics: "gldm_DependenceNonUniformityNormalized",
    value: matrixFeature.jNonUniformityNormalised,
  },
  { feature: "DependenceCountPercentage", ibsi: ibsi("6XV8", "Dependence count percentage"), value: matrixFeature.percentage },
  { feature: "GreyLevelVariance", ibsi: ibsi("1PFV", "Grey level variance"), pyradiomics: "gldm_GrayLevelVariance", value: matrixFeature.greyLevelVariance },
  {
    feature: "DependenceCountVariance",
    ibsi: ibsi("DNX2", "Dependence count variance"),
    pyradiomics: "gldm_DependenceVariance",
    value: matrixFeature.jVariance,
  },
  {
    feature: "DependenceCountEntropy",
    ibsi: ibsi("FCBV", "Dependence count entropy"),
    pyradiomics: "gldm_DependenceEntropy",
    value: matrixFeature.matrixEntropy,
  },
  { feature: "DependenceCountEnergy", ibsi: ibsi("CAS9", "Dependence count energy"), value: matrixFeature.matrixEnergy },
];

/** The `ngldm` family (17 features). */
export const ngldmFamily = defineFamily<ZoneMatrix>({
  family: "ngldm",
  ibsiFamily: "Neighbouring grey level dependence based features",
  ibsiAggregation: "3D",
  specs: NGLDM_SPECS,
  summarise: dependenceMatrix,
});

/** radlab ngldm column → PyRadiomics GLDM feature of the same value (distance 1, gldm_a 0), from the specs. */
export const PYRADIOMICS_GLDM: Record<string, string> = Object.fromEntries(
  Object.entries(ngldmFamily.pyradiomics).map(([column, feature]) => [column, feature.replace(/^gldm_/, "")]),
);
