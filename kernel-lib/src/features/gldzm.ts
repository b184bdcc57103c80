/**
 * `gldzm`: grey level distance zone matrix features (IBSI 1 §3.10, family VMDZ), 3D (KOBO):
 * zones as in GLSZM (26-connected, same grey level); the distance of a zone is the least
 * distance of its voxels to the ROI border, counted in 6-connected (city-block) steps with 1 for
 * a voxel on the border (zones.ts). d_ij counts the zones of level i at distance j. Formulas:
 * zone-matrix.ts. PyRadiomics has no GLDZM.
 */
import { defineFamily, type FeatureSpec, ibsi } from "./family-kit.js";
import type { FamilyInput } from "./types.js";
import * as matrixFeature from "./zone-matrix.js";
import { type ZoneMatrix, zoneMatrix } from "./zone-matrix.js";
import { borderDistance, greyLevelZones, paddedLevels } from "./zones.js";

/** The distance zone matrix d_ij of a case. */
export function distanceZoneMatrix(input: FamilyInput): ZoneMatrix {
  const padded = paddedLevels(input);
  const zones = greyLevelZones(input);
  const distance = borderDistance(padded);
  const zoneDistance = new Int32Array(zones.count).fill(0x7fffffff);
  for (let r = 0; r < padded.roi.length; r++) {
    const z = zones.zoneOf[r];
    if (distance[r] < zoneDistance[z]) zoneDistance[z] = distance[r];
  }
  const [px, py, pz] = padded.size;
  return zoneMatrix(zones.level, zoneDistance, px + py + pz, padded.roi.length);
}

const GLDZM_SPECS: FeatureSpec<ZoneMatrix>[] = [
  { feature: "SmallDistanceEmphasis", ibsi: ibsi("0GBI", "Small distance emphasis"), value: matrixFeature.smallEmphasis },
  { feature: "LargeDistanceEmphasis", ibsi: ibsi("MB4I", "Large distance emphasis"), value: matrixFeature.largeEmphasis },
  { feature: "LowGreyLevelZoneEmphasis", ibsi: ibsi("S1RA", "Low grey level zone emphasis"), value: matrixFeature.lowGreyLevelEmphasis },
  { feature: "HighGreyLevelZoneEmphasis", ibsi: ibsi("K26C", "High grey level zone emphasis"), value: matrixFeature.highGreyLevelEmphasis },
  {
    feature: "SmallDistanceLowGreyLevelEmphasis",
    ibsi: ibsi("RUVG", "Small distance low grey level emphasis"),
    value: matrixFeature.smallLowGreyLevelEmphasis,
  },
  {
    feature: "SmallDistanceHighGreyLevelEmphasis",
    ibsi: ibsi("DKNJ", "Small distance high grey level emphasis"),
    value: matrixFeature.smallHighGreyLevelEmphasis,
  },
  {
    feature: "LargeDistanceLowGreyLevelEmphasis",
    ibsi: ibsi("A7WM", "Large distance low grey level emphasis"),
    value: matrixFeature.largeLowGreyLevelEmphasis,
  },
  {
    feature: "LargeDistanceHighGreyLevelEmphasis",
    ibsi: ibsi("KLTH", "Large distance high grey level emphasis"),
    value: matrixFeature.largeHighGreyLevelEmphasis,
  },
  { feature: "GreyLevelNonUniformity", ibsi: ibsi("VFT7", "Grey level non-uniformity"), value: matrixFeature.greyLevelNonUniformity },
  {
    feature: "GreyLevelNonUniformityNormalised",
    ibsi: ibsi("7HP3", "Normalised grey level non-uniformity"),
    value: matrixFeature.greyLevelNonUniformityNormalised,
  },
  { feature: "ZoneDistanceNonUniformity", ibsi: ibsi("V294", "Zone distance non-uniformity"), value: matrixFeature.jNonUniformity },
  {
    feature: "ZoneDistanceNonUniformityNormalised",
    ibsi: ibsi("IATH", "Normalised zone distance non-uniformity"),
    value: matrixFeature.jNonUniformityNormalised,
  },
  { feature: "ZonePercentage", ibsi: ibsi("VIWW", "Zone percentage"), value: matrixFeature.percentage },
  { feature: "GreyLevelVariance", ibsi: ibsi("QK93", "Grey level variance"), value: matrixFeature.greyLevelVariance },
  { feature: "ZoneDistanceVariance", ibsi: ibsi("7WT1", "Zone distance variance"), value: matrixFeature.jVariance },
  { feature: "ZoneDistanceEntropy", ibsi: ibsi("GBDU", "Zone distance entropy"), value: matrixFeature.matrixEntropy },
];

/** The `gldzm` family (16 features). */
export const gldzmFamily = defineFamily<ZoneMatrix>({
  family: "gldzm",
  ibsiFamily: "Grey level distance zone based features",
  ibsiAggregation: "3D",
  specs: GLDZM_SPECS,
  summarise: distanceZoneMatrix,
});
