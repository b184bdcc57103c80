/**
 * Data types that cross stages of a study (io → features → stats → plots → display).
 * Stage-private types live with their stage.
 */

/** A triple in (i, j, k) index order: i = column (fastest), j = row, k = slice. */
export type Vec3 = [number, number, number];

/** The typed arrays a scalar volume may hold, as itk-wasm returns them. */
export type VoxelArray = Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;

/**
 * The geometry of a voxel grid. Physical position of voxel (i, j, k):
 * `origin + direction · diag(spacing) · [i, j, k]ᵀ`, in millimetres (LPS, as ITK).
 */
export interface Grid {
  /** Voxels along i, j, k. */
  size: Vec3;
  /** Voxel spacing along i, j, k, in mm. */
  spacing: Vec3;
  /** Physical position of voxel (0, 0, 0), in mm. */
  origin: Vec3;
  /** Direction cosines, 9 values as ITK stores them (row-major, D[r·3 + c]). */
  direction: number[];
}

/** A scalar 3D image. Voxel (i, j, k) sits at `data[i + size[0]·(j + size[1]·k)]`. */
export interface Volume extends Grid {
  data: VoxelArray;
  /** Where it came from (absolute path), for error messages and provenance. */
  source: string;
  /** ITK component type of the stored voxels (int16, float32, …). */
  componentType: string;
  /** True when read from a 2-D image: one slice whose thickness is unknown (spacing[2] is then 1 mm). */
  planar?: boolean;
  /** For a volume read from a DICOM series: the UIDs an RTSTRUCT or DICOM-SEG must reference. */
  dicom?: DicomIdentity;
}

/** The identity of a DICOM image series, as RTSTRUCTs and DICOM-SEGs reference it. */
export interface DicomIdentity {
  seriesInstanceUid: string;
  frameOfReferenceUid: string;
  studyInstanceUid: string;
  /** SOP Instance UID of each slice, in slice (k) order. */
  sopInstanceUids: string[];
  /** The distinct Transfer Syntax UIDs of the series' files (how the pixels were stored: compressed or not). */
  transferSyntaxUids?: string[];
}

/** A binary region of interest on a grid: 1 inside, 0 outside. */
export interface Mask extends Grid {
  data: Uint8Array;
  source: string;
  /** The label that was selected from the label map ("any" = every non-zero voxel). */
  label: number | "any";
  /** When the ROI was selected by value (partial-volume or probability mask): voxels ≥ this. */
  threshold?: number;
  /** Number of voxels inside the ROI. */
  voxelCount: number;
  /** For a mask rasterised from an RTSTRUCT ROI or read from a DICOM-SEG segment: which one. */
  roi?: RoiIdentity;
}

/** An RTSTRUCT ROI or a DICOM-SEG segment, as a mask names it (and a viewer colours it). */
export interface RoiIdentity {
  /** ROI Number (RTSTRUCT) or Segment Number (SEG). */
  number: number;
  /** ROI Name or Segment Label. */
  name: string;
  /** Display colour as 8-bit RGB, when the file gives one. */
  color?: [number, number, number];
}

/** An inclusive index box: voxels min[d] ≤ x[d] ≤ max[d]. */
export interface BoundingBox {
  min: Vec3;
  max: Vec3;
}
