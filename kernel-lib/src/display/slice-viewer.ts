/**
 * `sliceViewer(image, mask, options?)`: the slice viewer widget's data. By default it sends
 * the ROI's bounding box plus a margin, not the whole volume (an MR volume is megabytes, the
 * box around a tumour a few hundred kB), as gzipped NIfTI that NiiVue reads in the browser,
 * with the ROI's per-slice maximum 2D diameter for comparison with the ruler. The fallback is
 * a PNG montage of the slices through the ROI with the mask outlined.
 *
 * Given every ROI of an RTSTRUCT (or segment of a DICOM-SEG) as readRoiMasks returns them, it
 * sends each ROI's mask with its name and colour (the file's ROI Display Color, else a palette
 * colour), so the viewer draws each in its own colour with a legend; the box then holds every
 * ROI, and the fallback outlines them all with the legend beside it.
 */
import { basename } from "node:path";
import { gzipSync } from "fflate";
import { RadlabInputError } from "../errors.js";
import { axialSliceDiameters } from "../features/diameters.js";
import type { RoiMask } from "../io/dicom-rt/read-dicom-mask.js";
import { cropMask, cropVolume, expandBox, extractSlice, roiBoundingBox } from "../io/roi.js";
import { encodeNifti } from "../io/write-nifti.js";
import { percentileWindow, roiSlicePanels } from "../plots/roi-slice.js";
import type { BoundingBox, Mask, Vec3, Volume } from "../types.js";
import { roiMontagePng } from "./montage-png.js";
import { escapeHtml } from "./table-html.js";
import type { MimeBundle } from "./tslab.js";
import { FALLBACK_STYLE, formatBytes, provenance, type RadlabWidget } from "./widget.js";
import { SLICE_VIEWER_MIME, type SliceViewerPayload, type SliceViewerRoi } from "./widget-payloads.js";

/** Options of {@link sliceViewer}. */
export interface SliceViewerOptions {
  /** Voxels of context around the ROI's bounding box, in-plane and through-plane (default 12). */
  margin?: number;
  /** Send the whole volume instead of the ROI's box (a large payload: the size is stated). */
  wholeVolume?: boolean;
  /** The case's id shown in the widget (default: the image's file name). */
  caseId?: string;
  /**
   * With every ROI given: the ROI whose slice diameters the viewer states and whose largest
   * slice it opens on, by number or name (case-insensitive); default the first ROI drawn.
   */
  roi?: number | string;
}

const DEFAULT_MARGIN = 12;

/**
 * The .nii.gz of a grid's voxels, base64. Compressed by fflate, not node:zlib: the browser
 * kernel has no zlib, and two compressors write different (equally valid) streams, so the
 * payload and the size it states would differ between the lab's two modes; with one compressor
 * (and the header's time 0) the same voxels give the same bytes everywhere.
 */
function niftiBase64(grid: Volume | Mask, data: Volume["data"]): string {
  return Buffer.from(gzipSync(encodeNifti(grid, data), { level: 6, mtime: 0 })).toString("base64");
}

/**
 * The slice viewer's payload and bundle for an image and its ROI mask (same grid), or for an
 * image and every ROI of an RTSTRUCT or DICOM-SEG (readRoiMasks' result), each in its colour.
 */
export function sliceViewer(image: Volume, masks: Mask | RoiMask[], options: SliceViewerOptions = {}): RadlabWidget<SliceViewerPayload> {
  const all = Array.isArray(masks) ? masks : undefined;
  const mask = all ? primaryRoi(all, options.roi) : (masks as Mask);
  const drawn = all ? all.flatMap((r) => (r.mask ? [r.mask] : [])) : [mask];
  for (const m of drawn) checkSameGrid(image, m);
  const shown = all ? unionMask(drawn) : mask;
  const roi = roiBoundingBox(shown);
  if (!roi) throw new RadlabInputError(`sliceViewer: the ROI of ${mask.source} is empty`, mask.source);
  const margin = options.margin ?? DEFAULT_MARGIN;
  const whole: BoundingBox = { min: [0, 0, 0], max: image.size.map((n) => n - 1) as Vec3 };
  const box = options.wholeVolume ? whole : expandBox(roi, margin, image.size);
  const volume = cropVolume(image, box);
  const boxMask = cropMask(mask, box);
  const diameters = axialSliceDiameters(boxMask.data, boxMask.size, boxMask.spacing);
  const largest = diameters.reduce((best, d) => (d.voxels > best.voxels ? d : best), diameters[0]);
  const rois = all?.map((r, n) => viewerRoi(r, n, box));
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
    ...(rois ? { rois } : {}),
    window,
    payloadBytes: 0,
  };
  payload.payloadBytes = payloadSize(payload);
  const montage = fallbackMontage(image, shown, rois && all ? { rois, all } : undefined, margin, window);
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

/**
 * The fallback's PNG montage of the slices through the ROI(s): the mask outlined in red, or,
 * with every ROI, each ROI outlined in its colour (a label volume where a later ROI covers an
 * earlier one, so a small ROI inside a large one keeps its outline).
 */
function fallbackMontage(
  image: Volume,
  shown: Mask,
  every: { rois: SliceViewerRoi[]; all: RoiMask[] } | undefined,
  margin: number,
  window: { min: number; max: number },
): { png: Uint8Array; width: number; height: number } {
  const options = { margin: Math.min(margin, 6), maxSlices: 8 };
  const panels = roiSlicePanels(image, shown, options);
  if (!every) return roiMontagePng(panels, { window });
  const labels = new Int16Array(shown.data.length);
  every.all.forEach((r, n) => {
    if (r.mask) for (let v = 0; v < labels.length; v++) if (r.mask.data[v]) labels[v] = n + 1;
  });
  // The same crop and slices of the label volume (roiSlicePanels cuts by `shown`), as the panels' masks.
  const labelPanels = roiSlicePanels({ ...image, data: labels, componentType: "int16" }, shown, options);
  return roiMontagePng(
    panels.map((p, n) => ({ ...p, mask: labelPanels[n].image })),
    { window, labelColors: every.rois.map((r) => r.color) },
  );
}

function checkSameGrid(image: Volume, mask: Mask): void {
  if (image.size.some((n, d) => n !== mask.size[d])) {
    throw new RadlabInputError(`sliceViewer: the mask ${mask.source} (${mask.size.join("×")}) is not on the grid of ${image.source} (${image.size.join("×")})`);
  }
}

/** The ROI the viewer opens on: the one named by number or name, else the first with voxels. */
function primaryRoi(rois: RoiMask[], choice: number | string | undefined): Mask {
  const drawn = rois.filter((r) => r.mask);
  const list = rois.map((r) => `${r.roi.number} ${r.roi.name}${r.mask ? "" : " (not drawn)"}`).join(", ");
  if (drawn.length === 0) throw new RadlabInputError(`sliceViewer: none of the ${rois.length} ROI(s) has a voxel on the image: ${list || "(none)"}`);
  if (choice === undefined) return drawn[0].mask as Mask;
  const wanted = String(choice).trim().toLowerCase();
  const found = drawn.find((r) => String(r.roi.number) === wanted) ?? drawn.find((r) => r.roi.name.toLowerCase() === wanted);
  if (!found) throw new RadlabInputError(`sliceViewer: no drawn ROI "${String(choice)}"; the ROIs are: ${list}`);
  return found.mask as Mask;
}

/** The voxels inside any of the masks (same grid): the box and the fallback's outline cover every ROI. */
function unionMask(masks: Mask[]): Mask {
  const data = new Uint8Array(masks[0].data.length);
  let voxelCount = 0;
  for (const m of masks) {
    for (let n = 0; n < data.length; n++) {
      if (m.data[n] && !data[n]) {
        data[n] = 1;
        voxelCount++;
      }
    }
  }
  return { ...masks[0], data, voxelCount, label: "any" };
}

/**
 * Colours for ROIs whose file gives none: the Tableau 10 palette (distinct, colour-blind
 * tolerable), in ROI order.
 */
const ROI_PALETTE: [number, number, number][] = [
  [31, 119, 180],
  [255, 127, 14],
  [44, 160, 44],
  [214, 39, 40],
  [148, 103, 189],
  [140, 86, 75],
  [227, 119, 194],
  [127, 127, 127],
  [188, 189, 34],
  [23, 190, 207],
];

/** One ROI as the payload carries it: name, colour, voxels, and its mask over the box (or why there is none). */
function viewerRoi(r: RoiMask, n: number, box: BoundingBox): SliceViewerRoi {
  const fromFile = r.roi.color?.length === 3 && r.roi.color.every((c) => Number.isFinite(c));
  const color = fromFile
    ? ((r.roi.color as number[]).map((c) => Math.min(255, Math.max(0, Math.round(c)))) as [number, number, number])
    : ROI_PALETTE[n % ROI_PALETTE.length];
  const base = { number: r.roi.number, name: r.roi.name, color, colorSource: fromFile ? ("file" as const) : ("palette" as const) };
  if (!r.mask) {
    // The reason without the file and ROI it already names ("/…/RS.dcm: ROI 5 "Marker" is empty: …").
    const why = r.error ?? "no voxel on this image";
    const marker = `"${r.roi.name}" `;
    return { ...base, voxels: 0, note: why.includes(marker) ? why.slice(why.indexOf(marker) + marker.length) : why };
  }
  const boxMask = cropMask(r.mask, box);
  return { ...base, voxels: r.mask.voxelCount, mask: { name: `roi-${n + 1}.nii.gz`, base64: niftiBase64(boxMask, boxMask.data) } };
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
    `${largest ? ` (max 2D diameter ${largest.maxDiameterMm.toFixed(1)} mm)` : ""}${roiList(payload)}; payload ${formatBytes(payload.payloadBytes)}`
  );
}

/** "; ROIs: GTVp 1680 voxels, …, Marker not drawn (…)" when the payload carries every ROI. */
function roiList(payload: SliceViewerPayload): string {
  if (!payload.rois) return "";
  return `; ROIs: ${payload.rois.map((r) => (r.mask ? `${r.name} ${r.voxels} voxels` : `${r.name} not drawn (${r.note ?? "no voxel"})`)).join(", ")}`;
}

/** The fallback's legend: a colour swatch and the (escaped) name of each ROI. */
function legendHtml(payload: SliceViewerPayload): string {
  if (!payload.rois) return "";
  const entries = payload.rois.map((r) => {
    const swatch = `<span style="display:inline-block;width:10px;height:10px;margin-right:4px;background:rgb(${r.color.join(",")})"></span>`;
    const what = r.mask ? `${r.voxels} voxels` : `not drawn: ${r.note ?? "no voxel"}`;
    return `<li>${swatch}${escapeHtml(r.name)} <span style="color:#555">(${escapeHtml(what)})</span></li>`;
  });
  return `<ul class="radlab-slice-legend" style="list-style:none;padding:0;margin:4px 0">${entries.join("")}</ul>`;
}

function sliceViewerHtml(payload: SliceViewerPayload, montage: { png: Uint8Array; width: number; height: number }): string {
  const src = `data:image/png;base64,${Buffer.from(montage.png).toString("base64")}`;
  const alt = `ROI montage of ${payload.caseId}`;
  return (
    `<div class="radlab-slice-viewer-fallback" style="${FALLBACK_STYLE}">` +
    `<img src="${src}" width="${montage.width}" height="${montage.height}" alt="${escapeHtml(alt)}">` +
    legendHtml(payload) +
    `<div style="color:#555">${escapeHtml(sliceViewerSummary(payload))}</div></div>`
  );
}
