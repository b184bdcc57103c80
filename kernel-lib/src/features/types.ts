/**
 * The contract between the feature families and the extractor. The extractor prepares one
 * FamilyInput per case (cropped to the ROI, discretised once); each family module turns it
 * into its values, in the order of its `names`.
 */
import type { Vec3 } from "../types.js";

/** The nine families of the 432-feature catalog, in column order. */
export const FAMILIES = ["stat", "hist", "shape", "glcm", "glrlm", "glszm", "gldzm", "ngldm", "ngtdm"] as const;
/** One of the nine feature families (`stat`, `hist`, `shape`, `glcm`, …). */
export type FamilyName = (typeof FAMILIES)[number];

/** How `AllDirection` mean/SD treat a direction with no pair or run (feature-catalog.md). */
export type EmptyDirections = "skip" | "itk";

/**
 * Conventions a family may need beyond the grey levels. `radlab` is the catalog's own
 * definition; `pyradiomics` reproduces PyRadiomics where both tools have the feature.
 */
export type Convention = "radlab" | "pyradiomics";

/** Everything a family needs about one case, prepared once by the extractor. */
export interface FamilyInput {
  /** Grid of the cropped block (the ROI's bounding box). */
  size: Vec3;
  /** Voxel spacing in mm. */
  spacing: Vec3;
  /** 1 inside the ROI, 0 outside; laid out on `size`, i fastest. */
  mask: Uint8Array;
  /** Raw intensities of the block (outside voxels included, for shape-free use). */
  intensities: Float64Array;
  /** Raw intensities of the ROI voxels, in index order. */
  roiIntensities: Float64Array;
  /** Grey level 1..ng of each block voxel inside the ROI, 0 outside. */
  levels: Int32Array;
  /** Number of grey levels. */
  ng: number;
  /** Grey levels of the ROI voxels, in index order (same order as roiIntensities). */
  roiLevels: Int32Array;
  /** Settings a family reads (a subset of the extraction settings). */
  options: FamilyOptions;
  /** Reports a feature that could not be computed; the extractor names the case. */
  warn(feature: string, message: string): void;
}

/** The conventions a family computes with (settings.ts resolves them from the extraction settings). */
export interface FamilyOptions {
  emptyDirections: EmptyDirections;
  convention: Convention;
  /** Added to intensities for Energy/RootMeanSquare (PyRadiomics' voxelArrayShift); 0 for radlab. */
  voxelArrayShift: number;
}

/** One feature of the catalog. */
export interface FeatureDefinition {
  /** Column name: `<family>_<Feature>[_<variant>]`. */
  name: string;
  family: FamilyName;
  /** The feature without family and variant ("ClusterProminence"). */
  feature: string;
  /** The variant ("angle135_offset4", "AllDirection_offset7_SD"), if any. */
  variant?: string;
  /** The study's spelled-out alias: "Cluster Prominence Angle 135 Offset 4". */
  alias: string;
  /** Its unit: "mm³", "cm³", "intensity", "grey level", "bits", or "1" when dimensionless (units.ts). */
  unit: string;
}

/** A family's module: its features in column order and the function computing them. */
export interface FamilyModule {
  family: FamilyName;
  /** Column names (with family prefix) in catalog order. */
  features: FeatureDefinition[];
  /** Values in the order of `features`; NaN where undefined (after a `warn`). */
  compute(input: FamilyInput): Float64Array;
}
