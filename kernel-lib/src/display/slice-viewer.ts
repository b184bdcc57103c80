/**
 * `sliceViewer(image, mask, options?)`: the slice viewer widget's data. By default it sends
 * the ROI's bounding box plus a margin, not the whole volume (an MR volume is megabytes, the
 * box around a tumour a few hundred kB), as gzipped NIfTI that NiiVue reads in the browser,
 * with the ROI's per-slice maximum 2D diameter for comparison with the ruler. The fallback is
 * a PNG montage of the slices through the ROI with the mask outlined.
 */
import { basename } from "node:path";
import { gzipSync } from "node:zlib";
import { RadlabInputError } from "../errors.js";
import { axialSliceDiameters } from "../features/mesh.js";
import { cropMask, cropVolume, expandBox, extractSlice, roiBoundingBox } from "../io/roi.js";
import { encodeNifti } from "../io/write-nifti.js";
import { percentileWindow, roiSlicePanels } from "../plots/roi-slice.js";
import type { BoundingBox, Mask, Vec3, Volume } from "../types.js";
import { roiMontagePng } from "./montage-png.js";
import { escapeHtml } from "./table-html.js";
import type { MimeBundle } from "./tslab.js";
import { FALLBACK_STYLE, formatBytes, provenance, type RadlabWidget } from "./widget.js";
import { SLICE_VIEWER_MIME, type SliceViewerPayload } from "./widget-payloads.js";

/** Options of {@link sliceViewer}. */
export interface SliceViewerOptions {
  /** Voxels of context around the ROI's bounding box, in-plane and through-plane (default 12). */
  margin?: number;
  /** Send the whole volume instead of the ROI's box (a large payload: the size is stated). */
  wholeVolume?: boolean;
  /** The case's id shown in the widget (default: the image's file name). */
  caseId?: string;
}

const DEFAULT_MARGIN = 12;

/** The .nii.gz of a grid's voxels, base64. */
function niftiBase64(grid: Volume | Mask, data: Volume["data"]): string {
  return Buffer.from(gzipSync(encodeNifti(grid, data), { level: 6 })).toString("base64");
}

/** The slice viewer's payload and bundle for an image and its ROI mask (same grid). */
export function sliceViewer(image: Volume, mask: Mask, options: SliceViewerOptions = {}): RadlabWidget<SliceViewerPayload> {
  if (image.size.some((n, d) => n !== mask.size[d])) {
    throw new RadlabInputError(`sliceViewer: the mask ${mask.source} (${mask.size.join("×")}) is not on the grid of ${image.source} (${image.size.join("×")})`);
  }
  const roi = roiBoundingBox(mask);
  if (!roi) throw new RadlabInputError(`sliceViewer: the ROI of ${mask.source} is empty`, mask.source);
  const margin = options.margin ?? DEFAULT_MARGIN;
  const whole: BoundingBox = { min: [0, 0, 0], max: image.size.map((n) => n - 1) as Vec3 };
  const box = options.wholeVolume ? whole : expandBox(roi, margin, image.size);
  const volume = cropVolume(image, box);
  const boxMask = cropMask(mask, box);
  const diameters = axialSliceDiameters(boxMask.data, boxMask.size, boxMask.spacing);
  const largest = diameters.reduce((best, d) => (d.voxels > best.voxels ? d : best), diameters[0]);
  const window = percentileWindow(Array.from({ length: volume.size[2] }, (_, k) => extractSlice(volume, "axial", k)));
  const payload: SliceViewerPayload = {
    schema: "radlab.slice-viewer",
    version: 1,
    provenance: provenance(),
    caseId: options.caseId ?? basename(image.source),
    imageSource: basename(image.source),
    maskSource: basename(mask.source),
    image: { name: "image.nii.gz", base64: niftiBase64(volume, volume.data) },
    mask: { name: "mask.nii.gz", base64: niftiBase64(boxMask, boxMask.data) },
    box: { min: box.min, max: box.max, margin: options.wholeVolume ? 0 : margin, wholeVolume: options.wholeVolume ?? false },
    volumeSize: [...image.size],
    boxSize: [...volume.size],
    spacing: [...image.spacing],
    roi: { voxels: boxMask.voxelCount, largestSlice: largest.slice, sliceDiameters: diameters },
    window,
    payloadBytes: 0,
  };
  payload.payloadBytes = payloadSize(payload);
  const montage = roiMontagePng(roiSlicePanels(image, mask, { margin: Math.min(margin, 6), maxSlices: 8 }), { window });
  return {
    mimeType: SLICE_VIEWER_MIME,
    payload,
    drawsFigures: false,
    bundle: (): MimeBundle => ({
      [SLICE_VIEWER_MIME]: payload,
      "text/html": sliceViewerHtml(payload, montage),
      "text/plain": sliceViewerSummary(payload),
    }),
  };
}

/** The payload's JSON size in bytes, the field itself included (its digits barely change it). */
function payloadSize(payload: SliceViewerPayload): number {
  let size = 0;
  for (let pass = 0; pass < 3; pass++) {
    payload.payloadBytes = size;
    size = Buffer.byteLength(JSON.stringify(payload));
  }
  return size;
}

/** One line: what is shown, from which files, and how big the payload is. */
export function sliceViewerSummary(payload: SliceViewerPayload): string {
  const box = payload.box.wholeVolume ? "the whole volume" : `the ROI's box + ${payload.box.margin} voxels`;
  const largest = payload.roi.sliceDiameters.find((d) => d.slice === payload.roi.largestSlice);
  return (
    `Slice viewer: ${payload.caseId} (${payload.imageSource}, mask ${payload.maskSource}), ${box}: ${payload.boxSize.join("×")} of ${payload.volumeSize.join("×")} voxels; ` +
    `ROI ${payload.roi.voxels} voxels on ${payload.roi.sliceDiameters.length} slices, largest slice ${payload.box.min[2] + payload.roi.largestSlice}` +
    `${largest ? ` (max 2D diameter ${largest.maxDiameterMm.toFixed(1)} mm)` : ""}; payload ${formatBytes(payload.payloadBytes)}`
  );
}

function sliceViewerHtml(payload: SliceViewerPayload, montage: { png: Uint8Array; width: number; height: number }): string {
  const src = `data:image/png;base64,${Buffer.from(montage.png).toString("base64")}`;
  const alt = `ROI montage of ${payload.caseId}`;
  return (
    `<div class="radlab-slice-viewer-fallback" style="${FALLBACK_STYLE}">` +
    `<img src="${src}" width="${montage.width}" height="${montage.height}" alt="${escapeHtml(alt)}">` +
    `<div style="color:#555">${escapeHtml(sliceViewerSummary(payload))}</div></div>`
  );
}
