/** io: volumes, masks, grids, ROI geometry and cohort manifests. */
export { csvField, parseCsv } from "./csv.js";
export { type ContourRule, rasterizeContours } from "./dicom-rt/rasterize.js";
export { type DicomMaskOptions, type RoiMask, readDicomMask, readRoiMasks } from "./dicom-rt/read-dicom-mask.js";
export { listRois, type RtContour, type RtRoi, type RtStruct, readRtStruct, selectRoi } from "./dicom-rt/rtstruct.js";
export { type DicomSeg, readSeg, type SegFrame, type SegSegment } from "./dicom-rt/seg.js";
export { type DicomSeries, describeSeries, listDicomSeries } from "./dicom-rt/series.js";
export { assertSameGrid, DEFAULT_GRID_TOLERANCE, type GridTolerance, gridDifferences } from "./grid.js";
export {
  MANIFEST_REQUIRED_COLUMNS,
  type Manifest,
  type ManifestCase,
  ManifestError,
  type ManifestProblem,
  type ReadManifestOptions,
  readManifest,
} from "./manifest.js";
export { labelsPresent, type ReadMaskOptions, readMask, selectLabel } from "./read-mask.js";
export { type ReadVolumeOptions, readVolume, VOLUME_EXTENSIONS } from "./read-volume.js";
export {
  cropMask,
  cropToRoi,
  cropVolume,
  expandBox,
  extractSlice,
  intensityRange,
  roiBoundingBox,
  roiSliceIndices,
  type Slice,
  type SliceAxis,
} from "./roi.js";
export { encodeNifti, writeNifti } from "./write-nifti.js";
export { toItkImage, writeVolume } from "./write-volume.js";
