/**
 * The unit of every catalog feature (FeatureDefinition.unit), from IBSI 1's definitions:
 * - intensity statistics (stat) are in the image's intensity unit ("intensity": arbitrary for
 *   MRI, HU for CT), their variance and energy in its square;
 * - histogram statistics (hist) are in discretised grey levels (bin indices);
 * - shape: mm, mm², mm³, mm⁻¹, and cm³ for the voxel-counting VolumeCC (= mm³ / 1000, as the
 *   name says; IBSI's YEKZ is the same quantity in mm³);
 * - entropies are in bits (log₂);
 * - everything else (texture matrices of discretised levels, ratios, shape indices) is
 *   dimensionless, written "1" (the SI / UCUM unit of a dimensionless quantity).
 */
import type { FamilyName } from "./types.js";

/** First-order features in the image's intensity unit (IBSI 1 §3.3). */
const INTENSITY = new Set([
  "Mean",
  "Median",
  "Minimum",
  "Percentile10",
  "Percentile90",
  "Maximum",
  "InterquartileRange",
  "Range",
  "MeanAbsoluteDeviation",
  "RobustMeanAbsoluteDeviation",
  "MedianAbsoluteDeviation",
  "RootMeanSquare",
  "StdDeviation",
]);

/** Histogram features in grey levels (IBSI 1 §3.4), beyond the location/spread ones shared with stat. */
const GREY_LEVEL = new Set([...INTENSITY, "Mode", "MaxHistogramGradientGreyLevel", "MinHistogramGradientGreyLevel"]);

/** Shape features with a physical unit (IBSI 1 §3.1). */
const SHAPE: Record<string, string> = {
  VolumeMM: "mm³",
  VolumeCC: "cm³",
  SurfaceArea: "mm²",
  SurfaceVolumeRatio: "mm⁻¹",
  Maximum3DDiameter: "mm",
  MajorAxisLength: "mm",
};

/** The unit of feature `feature` (without family prefix and variant) of `family`. */
export function featureUnitOf(family: FamilyName, feature: string): string {
  if (feature.endsWith("Entropy")) return "bits";
  switch (family) {
    case "stat":
      if (INTENSITY.has(feature)) return "intensity";
      return feature === "Variance" || feature === "Energy" ? "intensity²" : "1";
    case "hist":
      if (GREY_LEVEL.has(feature)) return "grey level";
      if (feature === "Variance") return "grey level²";
      return feature === "MaxHistogramGradient" || feature === "MinHistogramGradient" ? "voxels per grey level" : "1";
    case "shape":
      return SHAPE[feature] ?? "1";
    default:
      return "1";
  }
}
