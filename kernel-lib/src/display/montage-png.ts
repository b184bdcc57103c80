/**
 * The ROI montage as a PNG image: the slice viewer's static fallback. An image, not a Plotly
 * figure, because a fallback must show without scripts (GitHub, nbviewer, an untrusted notebook).
 * Slices side by side on one grey window, the mask's outline in red (or, for a label mask of
 * several ROIs, each label's outline in its colour), pixels stretched to their physical aspect
 * (nearest neighbour, so no intensity is invented). PNG encoding is pngjs's.
 */
import { PNG } from "pngjs";
import type { Slice } from "../io/roi.js";
import { type GreyWindow, percentileWindow, type RoiSlicePanel } from "../plots/roi-slice.js";

export interface MontagePngOptions {
  /** Panels per row (default 4). */
  columns?: number;
  /** Longest side of a panel in screen pixels (default 160). */
  panelPixels?: number;
  window?: GreyWindow;
  /**
   * The panels' masks are label slices (0 outside, label v inside ROI v): each label is outlined
   * in colour labelColors[v − 1], where it touches another label or the outside.
   */
  labelColors?: [number, number, number][];
}

const GAP = 4;
const OUTLINE: [number, number, number] = [230, 40, 40];

/**
 * The label of each pixel on an outline, 0 elsewhere: an ROI pixel whose 4-neighbourhood holds
 * another label, the outside, or the slice border (a binary mask: label 1).
 */
function outlinePixels(mask: Slice): Uint8Array {
  const { width, height, data } = mask;
  const edge = new Uint8Array(width * height);
  const label = (c: number, r: number) => (c >= 0 && r >= 0 && c < width && r < height ? data[r * width + c] : 0);
  for (let r = 0; r < height; r++)
    for (let c = 0; c < width; c++) {
      const v = label(c, r);
      if (v !== 0 && !(label(c - 1, r) === v && label(c + 1, r) === v && label(c, r - 1) === v && label(c, r + 1) === v)) edge[r * width + c] = v;
    }
  return edge;
}

/** The montage PNG's bytes and its size in pixels. */
export function roiMontagePng(panels: RoiSlicePanel[], options: MontagePngOptions = {}): { png: Uint8Array; width: number; height: number } {
  const window = options.window ?? percentileWindow(panels.map((p) => p.image));
  const first = panels[0].image;
  const [dx, dy] = first.pixelSpacing;
  const mm = Math.max(first.width * dx, first.height * dy);
  const scale = (options.panelPixels ?? 160) / mm; // screen pixels per mm
  const pw = Math.max(1, Math.round(first.width * dx * scale));
  const ph = Math.max(1, Math.round(first.height * dy * scale));
  const columns = Math.min(options.columns ?? 4, panels.length);
  const rows = Math.ceil(panels.length / columns);
  const png = new PNG({ width: columns * pw + (columns - 1) * GAP, height: rows * ph + (rows - 1) * GAP });
  png.data.fill(255);
  const span = window.max - window.min;
  panels.forEach((panel, n) => {
    const x0 = (n % columns) * (pw + GAP);
    const y0 = Math.floor(n / columns) * (ph + GAP);
    const edge = panel.mask ? outlinePixels(panel.mask) : null;
    const { width, height, data } = panel.image;
    for (let y = 0; y < ph; y++) {
      const r = Math.min(height - 1, Math.floor((y / ph) * height));
      for (let x = 0; x < pw; x++) {
        const c = Math.min(width - 1, Math.floor((x / pw) * width));
        const at = ((y0 + y) * png.width + x0 + x) * 4;
        const outline = edge?.[r * width + c];
        if (outline) {
          png.data.set(options.labelColors?.[outline - 1] ?? OUTLINE, at);
        } else {
          const v = data[r * width + c];
          const g = Number.isFinite(v) ? Math.round(255 * Math.min(1, Math.max(0, (v - window.min) / span))) : 0;
          png.data[at] = g;
          png.data[at + 1] = g;
          png.data[at + 2] = g;
        }
        png.data[at + 3] = 255;
      }
    }
  });
  return { png: new Uint8Array(PNG.sync.write(png)), width: png.width, height: png.height };
}
