/**
 * The data of radlab's three notebook widgets, as kernel-lib emits them and the widgets
 * (widgets/src/renderers) render them. Each payload is described once more, for checking, by
 * its versioned JSON Schema in widgets/schemas/<name>.schema.json; kernel-lib's tests validate
 * every emitted payload against it and the renderers validate before drawing.
 *
 * Browser-safe (no Node imports): the renderers import these names through kernel-lib's
 * `browser` entry. Every name, id or path in a payload is untrusted text: a renderer puts it
 * into the DOM with textContent only. Lists are arrays, never objects keyed by a feature name
 * or an id, so no name can collide with an object's own properties ("__proto__").
 */

/** MIME type of the slice viewer (NiiVue over the ROI's box). */
export const SLICE_VIEWER_MIME = "application/vnd.radlab.slice-viewer.v1+json";
/** MIME type of the λ explorer. */
export const LAMBDA_EXPLORER_MIME = "application/vnd.radlab.lambda-explorer.v1+json";
/** MIME type of the feature table. */
export const FEATURE_TABLE_MIME = "application/vnd.radlab.feature-table.v1+json";

/** The three widget MIME types, in the order JupyterLab should prefer them. */
export const WIDGET_MIME_TYPES = [SLICE_VIEWER_MIME, LAMBDA_EXPLORER_MIME, FEATURE_TABLE_MIME] as const;
export type WidgetMimeType = (typeof WIDGET_MIME_TYPES)[number];

/** Where a payload came from: radlab's version and the moment it was made. */
export interface PayloadProvenance {
  radlabVersion: string;
  created: string;
}

/** A NIfTI-1 volume carried inside a payload. */
export interface EmbeddedNifti {
  /** File name NiiVue sees (ends in .nii.gz: the bytes are gzipped). */
  name: string;
  /** The .nii.gz bytes, base64. */
  base64: string;
}

/** ROI size in one slice of the shown box: the study's long-diameter measure for comparison. */
export interface RoiSliceDiameter {
  /** Slice index (k) in the shown box. */
  slice: number;
  /** ROI voxels in that slice. */
  voxels: number;
  /** Largest distance between two ROI voxel centres of the slice, in mm. */
  maxDiameterMm: number;
}

/**
 * One ROI of an RTSTRUCT (or segment of a DICOM-SEG) in the slice viewer, drawn in its own
 * colour with its name in the legend. Added to version 1 as an optional field (a payload
 * without `rois` is drawn as before; a renderer older than the field refuses a payload that
 * has it, by its schema's additionalProperties).
 */
export interface SliceViewerRoi {
  /** ROI Number (RTSTRUCT) or Segment Number (SEG). */
  number: number;
  /** ROI Name or Segment Label (untrusted text). */
  name: string;
  /** 8-bit RGB: the file's ROI Display Color (or the SEG's recommended colour), else radlab's palette. */
  color: [number, number, number];
  /** Where the colour came from. */
  colorSource: "file" | "palette";
  /** The ROI's voxels in the whole volume (0 when it is not drawn). */
  voxels: number;
  /** The ROI's mask over the shown box (0/1); absent when the ROI has no voxel on this image. */
  mask?: EmbeddedNifti;
  /** Why the ROI is not drawn (no closed contour, no contour, …), when it is not. */
  note?: string;
}

/** schema radlab.slice-viewer, version 1. */
export interface SliceViewerPayload {
  schema: "radlab.slice-viewer";
  version: 1;
  provenance: PayloadProvenance;
  /** Case id (or a label given by the caller). */
  caseId: string;
  /** Source file names of the image and the mask (as read). */
  imageSource: string;
  maskSource: string;
  image: EmbeddedNifti;
  mask: EmbeddedNifti;
  /** The shown box in voxel indices of the whole volume (inclusive), and the margin added around the ROI. */
  box: { min: [number, number, number]; max: [number, number, number]; margin: number; wholeVolume: boolean };
  /** Size of the whole volume (voxels) and of the shown box. */
  volumeSize: [number, number, number];
  boxSize: [number, number, number];
  spacing: [number, number, number];
  roi: {
    voxels: number;
    /** Axial slice (k, in the box) with the most ROI voxels. */
    largestSlice: number;
    /** One entry per axial slice of the box that holds ROI voxels. */
    sliceDiameters: RoiSliceDiameter[];
  };
  /**
   * Every ROI of an RTSTRUCT or segment of a DICOM-SEG, in file order, when the viewer was given
   * them all (`sliceViewer(image, await readRoiMasks(...))`): each drawn in its colour. Then
   * `mask` and `roi` describe the first drawn ROI (or the one chosen), and the box holds them all.
   */
  rois?: SliceViewerRoi[];
  /** Initial grey window (ROI intensities, 0.5–99.5th percentile). */
  window: { min: number; max: number };
  /** Size of this payload's JSON, in bytes (stated in the output). */
  payloadBytes: number;
}

/** One refit's data: the z-scored columns of the features ever active on the path. */
export interface LambdaExplorerGroup {
  ids: string[];
  outcome: number[];
  /** z[f][i]: feature f (in `features` order) of patient i, after the training-fitted preprocessing. */
  z: number[][];
}

/** schema radlab.lambda-explorer, version 1. */
export interface LambdaExplorerPayload {
  schema: "radlab.lambda-explorer";
  version: 1;
  provenance: PayloadProvenance;
  /** The study table's source (file name or label). */
  source: string;
  outcome: string;
  seed: number;
  /** CV measure of the curve (deviance, auc, class). */
  measure: string;
  lambda: number[];
  cvm: number[];
  cvsd: number[];
  nzero: number[];
  /** 0-based positions in `lambda`. */
  indexMin: number;
  index1se: number;
  /** Features that are non-zero somewhere on the path, in the table's column order. */
  features: string[];
  /** Intercept at each λ, and beta[f][l]: coefficient of features[f] at lambda[l] (z scale). */
  a0: number[];
  beta: number[][];
  /** Data for the logistic refit and the ROC at each λ; null when the study table was not given. */
  refit: { training: LambdaExplorerGroup; validation: LambdaExplorerGroup | null } | null;
  /** What runStudy itself reported for its chosen λ, so the widget shows the two agree. */
  study: {
    lambdaIndex: number;
    selected: string[];
    aucTraining: number;
    aucValidation: number | null;
  };
  /** The runStudy option that takes a λ value ("Use this λ" writes `{ <option>: value }`). */
  lambdaOption: string;
}

/** One feature column of the table. */
export interface FeatureTableColumn {
  name: string;
  /** Catalog family (stat, glcm, …) or "other" for a column the catalog does not know. */
  family: string;
  /** The study's spelled-out alias ("Inertia Angle 135 Offset 4") and short name ("Inertia_angle135_offset4"). */
  alias: string | null;
  shortName: string | null;
  /** Unit where known (mm³, mm, intensity units …). */
  unit: string | null;
  /** One value per row; null = NaN or missing. */
  values: (number | null)[];
}

/** schema radlab.feature-table, version 1. */
export interface FeatureTablePayload {
  schema: "radlab.feature-table";
  version: 1;
  provenance: PayloadProvenance;
  source: string;
  ids: string[];
  /** Outcome column (0/1, null = missing), when the table has one. */
  outcome: { name: string; values: (number | null)[] } | null;
  /** Training/validation column, when the table has one. */
  set: { name: string; values: (string | null)[] } | null;
  columns: FeatureTableColumn[];
  /** Other (clinical) columns, shown after the features. */
  extra: { name: string; values: (number | string | null)[] }[];
  /** Columns per family, in catalog order. */
  families: { family: string; count: number }[];
}

/** The payload of any of radlab's three widgets. */
export type WidgetPayload = SliceViewerPayload | LambdaExplorerPayload | FeatureTablePayload;
