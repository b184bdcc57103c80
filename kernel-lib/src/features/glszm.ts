/**
 * `glszm`: grey level size zone matrix features (IBSI 1 §3.8, family 9SAK), 3D (KOBO): zones
 * are maximal 26-connected groups of ROI voxels sharing a grey level; s_ij counts the zones of
 * level i and size j voxels. Formulas: zone-matrix.ts.
 *
 * PyRadiomics (glszm.py) defines the same 16 quantities on the same matrix (its entropy adds
 * ε = 2.2e-16 inside the log), so convention `pyradiomics` changes nothing here.
 */
import { defineFamily, type FeatureSpec, ibsi } from "./family-kit.js";
import type { FamilyInput } from "./types.js";
import * as matrixFeature from "./zone-matrix.js";
import { type ZoneMatrix, zoneMatrix } from "./zone-matrix.js";
import { greyLevelZones } from "./zones.js";

/** The size zone matrix s_ij of a case. */
export function sizeZoneMatrix(input: FamilyInput): ZoneMatrix {
  const zones = greyLevelZones(input);
  return zoneMatrix(zones.level, zones.size, input.roiLevels.length + 1, input.roiLevels.length);
}

const GLSZM_SPECS: FeatureSpec<ZoneMatrix>[] = [
  // The reference-value CSV leaves this row's tag empty; the manual's tag is 5QRC.
  { feature: "SmallZoneEmphasis", ibsi: ibsi("5QRC", "Small zone emphasis"), pyradiomics: "glszm_SmallAreaEmphasis", value: matrixFeature.smallEmphasis },
  { feature: "LargeZoneEmphasis", ibsi: ibsi("48P8", "Large zone emphasis"), pyradiomics: "glszm_LargeAreaEmphasis", value: matrixFeature.largeEmphasis },
  {
    feature: "LowGreyLevelZoneEmphasis",
    ibsi: ibsi("XMSY", "Low grey level zone emphasis"),
    pyradiomics: "glszm_LowGrayLevelZoneEmphasis",
    value: matrixFeature.lowGreyLevelEmphasis,
  },
  {
    feature: "HighGreyLevelZoneEmphasis",
    ibsi: ibsi("5GN9", "High grey level zone emphasis"),
    pyradiomics: "glszm_HighGrayLevelZoneEmphasis",
    value: matrixFeature.highGreyLevelEmphasis,
  },
  {
    feature: "SmallZoneLowGreyLevelEmphasis",
    ibsi: ibsi("5RAI", "Small zone low grey level emphasis"),
    pyradiomics: "glszm_SmallAreaLowGrayLevelEmphasis",
    value: matrixFeature.smallLowGreyLevelEmphasis,
  },
  {
    feature: "SmallZoneHighGreyLevelEmphasis",
    ibsi: ibsi("HW1V", "Small zone high grey level emphasis"),
    pyradiomics: "glszm_SmallAreaHighGrayLevelEmphasis",
    value: matrixFeature.smallHighGreyLevelEmphasis,
  },
  {
    feature: "LargeZoneLowGreyLevelEmphasis",
    ibsi: ibsi("YH51", "Large zone low grey level emphasis"),
    pyradiomics: "glszm_LargeAreaLowGrayLevelEmphasis",
    value: matrixFeature.largeLowGreyLevelEmphasis,
  },
  {
    feature: "LargeZoneHighGreyLevelEmphasis",
    ibsi: ibsi("J17V", "Large zone high grey level emphasis"),
    pyradiomics: "glszm_LargeAreaHighGrayLevelEmphasis",
    value: matrixFeature.largeHighGreyLevelEmphasis,
  },
  {
    feature: "GreyLevelNonUniformity",
    ibsi: ibsi("JNSA", "Grey level non-uniformity"),
    pyradiomics: "glszm_GrayLevelNonUniformity",
    value: matrixFeature.greyLevelNonUniformity,
  },
  {
    feature: "GreyLevelNonUniformityNormalised",
    ibsi: ibsi("Y1RO", "Normalised grey level non-uniformity"),
    pyradiomics: "glszm_GrayLevelNonUniformityNormalized",
    value: matrixFeature.greyLevelNonUniformityNormalised,
  },
  {
    feature: "ZoneSizeNonUniformity",
    ibsi: ibsi("4JP3", "Zone size non-uniformity"),
    pyradiomics: "glszm_SizeZoneNonUniformity",
    value: matrixFeature.jNonUniformity,
  },
  {
    feature: "ZoneSizeNonUniformityNormalised",
    ibsi: ibsi("VB3A", "Normalised zone size non-uniformity"),
    pyradiomics: "glszm_SizeZoneNonUniformityNormalized",
    value: matrixFeature.jNonUniformityNormalised,
  },
  { feature: "ZonePercentage", ibsi: ibsi("P30P", "Zone percentage"), pyradiomics: "glszm_ZonePercentage", value: matrixFeature.percentage },
  { feature: "GreyLevelVariance", ibsi: ibsi("BYLV", "Grey level variance"), pyradiomics: "glszm_GrayLevelVariance", value: matrixFeature.greyLevelVariance },
  { feature: "ZoneSizeVariance", ibsi: ibsi("3NSA", "Zone size variance"), pyradiomics: "glszm_ZoneVariance", value: matrixFeature.jVariance },
  { feature: "ZoneSizeEntropy", ibsi: ibsi("GU8N", "Zone size entropy"), pyradiomics: "glszm_ZoneEntropy", value: matrixFeature.matrixEntropy },
];

/** The `glszm` family (16 features). */
export const glszmFamily = defineFamily<ZoneMatrix>({
  family: "glszm",
  ibsiFamily: "Grey level size zone based features",
  ibsiAggregation: "3D",
  specs: GLSZM_SPECS,
  summarise: sizeZoneMatrix,
});
