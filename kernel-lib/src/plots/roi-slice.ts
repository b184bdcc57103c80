/**
 * ROI preview: one grey-scale slice with the tumour mask drawn as an outline over a
 * translucent fill, axes in millimetres, the slice index and position in the title; and a
 * montage of every slice through the ROI, cropped to it, on one grey-level window.
 */
import { RadlabInputError } from "../errors.js";
import { quantileOfSorted } from "../features/quantile.js";
import { lowEndLetter } from "../io/grid.js";
import { cropToRoi, extractSlice, roiSliceIndices, type Slice, type SliceAxis } from "../io/roi.js";
import type { Mask, Vec3, Volume } from "../types.js";
import type { PlotlyFigure, PlotlyTrace } from "./figure.js";
import { FONT_SIZE, journalAxis, journalLayout, journalTitle, OKABE_ITO } from "./theme.js";

/** A slice of the image and, on the same plane, of the mask. */
export interface RoiSlicePanel {
  image: Slice;
  mask?: Slice;
  /**
   * In-plane position (columns, rows) of the slice's first pixel from the volume's first voxel,
   * in mm: non-zero for a slice of a cropped volume, so axes still read in the volume's frame.
   */
  offset?: [number, number];
}

/** Grey-level window: intensities ≤ min are black, ≥ max white. */
export interface GreyWindow {
  min: number;
  max: number;
}

/** Options of {@link roiSliceFigure}: title, case, orientation, grey window and ROI outline. */
export interface RoiSliceOptions {
  title?: string;
  /** The case (patient) id, named in the title. */
  caseId?: string;
  /**
   * The volume's three-letter orientation code (io/grid.ts orientationCode, e.g. "LPS"): the
   * patient directions (R/L, A/P, S/I) are written on the panel's edges.
   */
  orientation?: string;
  /** Default: the 0.5th–99.5th percentile of the shown pixels. */
  window?: GreyWindow;
  /** Mask colour (outline and fill). */
  colour?: string;
  /** Opacity of the mask fill, 0–1. */
  fillOpacity?: number;
}

/** Options of {@link roiMontageFigure}: those of one slice, plus the grid and the scale bar. */
export interface RoiMontageOptions extends RoiSliceOptions {
  /** Panels per row (default: about √n). */
  columns?: number;
  /** Length of the scale bar in mm (default 10). */
  scaleBar?: number;
}

const FIGURE = "ROI slice";

/** Axis titles (columns, rows) of each plane, in the patient axes of an axial acquisition. */
const PLANE_AXES: Record<SliceAxis, [string, string]> = {
  axial: ["x (mm)", "y (mm)"],
  coronal: ["x (mm)", "z (mm)"],
  sagittal: ["y (mm)", "z (mm)"],
};

function checkPanel(panel: RoiSlicePanel): void {
  const { image, mask } = panel;
  if (!image?.data?.length || image.width * image.height !== image.data.length) {
    throw new RadlabInputError(`${FIGURE}: the image slice is empty or its data does not match ${image?.width} × ${image?.height}`);
  }
  if (mask && (mask.width !== image.width || mask.height !== image.height || mask.axis !== image.axis || mask.index !== image.index)) {
    throw new RadlabInputError(
      `${FIGURE}: the mask slice (${mask.axis} ${mask.index}, ${mask.width} × ${mask.height}) is not the image slice (${image.axis} ${image.index}, ${image.width} × ${image.height})`,
    );
  }
}

/** A robust display window: the 0.5th and 99.5th percentiles of the pixels of the slices. */
export function percentileWindow(slices: Slice[], low = 0.005, high = 0.995): GreyWindow {
  const all = new Float32Array(slices.reduce((n, s) => n + s.data.length, 0));
  let o = 0;
  for (const s of slices) {
    all.set(s.data, o);
    o += s.data.length;
  }
  const finite = all.filter(Number.isFinite).sort();
  if (finite.length === 0) throw new RadlabInputError(`${FIGURE}: the slice has no finite pixel values`);
  const min = quantileOfSorted(finite, low);
  const max = quantileOfSorted(finite, high);
  return max > min ? { min, max } : { min, max: min + 1 };
}

/** Rows of a slice as a 2D array (Plotly heatmap z); `keep` maps a value to null to leave it transparent. */
function rows(slice: Slice, keep: (v: number) => number | null = (v) => v): (number | null)[][] {
  const z: (number | null)[][] = [];
  for (let r = 0; r < slice.height; r++) {
    const row: (number | null)[] = new Array(slice.width);
    for (let c = 0; c < slice.width; c++) row[c] = keep(slice.data[r * slice.width + c]);
    z.push(row);
  }
  return z;
}

/**
 * The mask outline: every pixel edge between an ROI pixel and a non-ROI pixel (or the slice
 * border), in mm, as segments separated by nulls (one Plotly line trace). Pixel (c, r) covers
 * [(c − ½)·dx, (c + ½)·dx] × [(r − ½)·dy, (r + ½)·dy], matching the heatmap's cell centres.
 */
export function maskOutline(mask: Slice): { x: (number | null)[]; y: (number | null)[] } {
  const { width, height, data } = mask;
  const [dx, dy] = mask.pixelSpacing;
  const inside = (c: number, r: number) => c >= 0 && r >= 0 && c < width && r < height && data[r * width + c] !== 0;
  const x: (number | null)[] = [];
  const y: (number | null)[] = [];
  const segment = (c0: number, r0: number, c1: number, r1: number) => {
    x.push((c0 - 0.5) * dx, (c1 - 0.5) * dx, null);
    y.push((r0 - 0.5) * dy, (r1 - 0.5) * dy, null);
  };
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      if (!inside(c, r)) continue;
      if (!inside(c, r - 1)) segment(c, r, c + 1, r);
      if (!inside(c, r + 1)) segment(c, r + 1, c + 1, r + 1);
      if (!inside(c - 1, r)) segment(c, r, c, r + 1);
      if (!inside(c + 1, r)) segment(c + 1, r, c + 1, r + 1);
    }
  }
  return { x, y };
}

/** The traces of one panel: grey image, translucent mask fill, mask outline (those that exist). */
function panelTraces(panel: RoiSlicePanel, window: GreyWindow, axes: { x: string; y: string }, options: RoiSliceOptions): PlotlyTrace[] {
  const { image, mask } = panel;
  const [dx, dy] = image.pixelSpacing;
  const colour = options.colour ?? OKABE_ITO.orange;
  const [ox, oy] = panel.offset ?? [0, 0];
  const grid = { x0: ox, dx, y0: oy, dy, xaxis: axes.x, yaxis: axes.y };
  const traces: PlotlyTrace[] = [
    {
      type: "heatmap",
      name: `${image.axis} slice ${image.index}`,
      // Six significant digits: float32 voxels would otherwise print 17 digits each in the JSON.
      z: rows(image, (v) => (Number.isInteger(v) ? v : Number(v.toPrecision(6)))),
      ...grid,
      // Low intensities black, high white, as every radiology viewer shows MR and CT.
      colorscale: [
        [0, "#000000"],
        [1, "#ffffff"],
      ],
      zmin: window.min,
      zmax: window.max,
      showscale: false,
      hovertemplate: "%{x:.1f} mm, %{y:.1f} mm<br>intensity %{z}<extra></extra>",
    },
  ];
  if (mask?.data.some((v) => v !== 0)) {
    traces.push({
      type: "heatmap",
      name: "ROI",
      z: rows(mask, (v) => (v !== 0 ? 1 : null)),
      ...grid,
      colorscale: [
        [0, colour],
        [1, colour],
      ],
      zmin: 0,
      zmax: 1,
      opacity: options.fillOpacity ?? 0.3,
      showscale: false,
      hoverinfo: "skip",
    });
    const outline = maskOutline(mask);
    const shift = (values: (number | null)[], by: number) => values.map((v) => (v === null ? null : v + by));
    traces.push({
      type: "scatter",
      mode: "lines",
      name: "ROI outline",
      x: shift(outline.x, ox),
      y: shift(outline.y, oy),
      xaxis: axes.x,
      yaxis: axes.y,
      line: { color: colour, width: 1.5 },
      hoverinfo: "skip",
      showlegend: false,
    });
  }
  return traces;
}

function capitalised(s: string): string {
  return s[0].toUpperCase() + s.slice(1);
}

/** Index axes (columns, rows) of each plane's pixels. */
const PLANE_INDEX_AXES: Record<SliceAxis, [number, number]> = { axial: [0, 1], coronal: [0, 2], sagittal: [1, 2] };

/**
 * The patient directions on a panel's four edges, as white letters on dark boxes inside the image: left/right from the column axis, top/bottom from the row axis (axial rows
 * are drawn top to bottom, the others bottom to top), so an LPS axial slice reads R on the left
 * and A at the top, as radiologists view it.
 */
function edgeLetters(axis: SliceAxis, code: string, xref: string, yref: string): Record<string, unknown>[] {
  const [c, r] = PLANE_INDEX_AXES[axis];
  const rowsDown = axis === "axial";
  const letter = (text: string, x: number, y: number, xanchor: string, yanchor: string) => ({
    text: `<b>${text}</b>`,
    xref: `${xref} domain`,
    yref: `${yref} domain`,
    x,
    y,
    xanchor,
    yanchor,
    showarrow: false,
    font: { size: FONT_SIZE, color: "#ffffff" },
    // A dark box keeps the letter legible over bright anatomy.
    bgcolor: "rgba(0,0,0,0.6)",
    borderpad: 2,
  });
  const low = (a: number) => lowEndLetter(code, a);
  const high = (a: number) => code[a];
  return [
    letter(low(c), 0.01, 0.5, "left", "middle"),
    letter(high(c), 0.99, 0.5, "right", "middle"),
    letter(rowsDown ? low(r) : high(r), 0.5, 0.99, "center", "top"),
    letter(rowsDown ? high(r) : low(r), 0.5, 0.01, "center", "bottom"),
  ];
}

/** "NPC001 · " before a title when the case is known. */
function withCaseId(caseId: string | undefined, title: string): string {
  return caseId ? `${caseId} · ${title}` : title;
}

/** The title of a slice: "Axial slice 12 · 24.0 mm from the first slice". */
export function sliceTitle(image: Slice): string {
  return `${capitalised(image.axis)} slice ${image.index} · ${image.position.toFixed(1)} mm from the first slice`;
}

/** Builds the preview of one slice. Throws when the slice is empty or the mask is on another plane. */
export function roiSliceFigure(panel: RoiSlicePanel, options: RoiSliceOptions = {}): PlotlyFigure {
  checkPanel(panel);
  const { image } = panel;
  const window = options.window ?? percentileWindow([image]);
  const [dx, dy] = image.pixelSpacing;
  const [xTitle, yTitle] = PLANE_AXES[image.axis];
  const [ox, oy] = panel.offset ?? [0, 0];
  const xRange = [ox - 0.5 * dx, ox + (image.width - 0.5) * dx];
  const yRange = [oy - 0.5 * dy, oy + (image.height - 0.5) * dy];
  // Axial rows run anterior → posterior: drawn top to bottom, as radiologists view them.
  const reversed = image.axis === "axial";
  const aspect = (image.height * dy) / (image.width * dx);
  const plotWidth = 520;
  return {
    data: panelTraces(panel, window, { x: "x", y: "y" }, options),
    layout: journalLayout({
      title: journalTitle(options.title ?? withCaseId(options.caseId, sliceTitle(image))),
      width: plotWidth + 100,
      height: Math.round(plotWidth * aspect) + 130,
      margin: { l: 70, r: 30, t: 60, b: 60 },
      xaxis: journalAxis(xTitle, { range: xRange, constrain: "domain" }),
      yaxis: journalAxis(yTitle, { range: reversed ? [yRange[1], yRange[0]] : yRange, scaleanchor: "x", scaleratio: 1, constrain: "domain" }),
      showlegend: false,
      annotations: options.orientation ? edgeLetters(image.axis, options.orientation, "x", "y") : [],
    }),
  };
}

/** Builds a montage of slices on one grey window, panel titles giving each slice index. */
export function roiMontageFigure(panels: RoiSlicePanel[], options: RoiMontageOptions = {}): PlotlyFigure {
  if (!panels?.length) throw new RadlabInputError(`${FIGURE} montage: no slices were given (is the ROI empty?)`);
  panels.forEach(checkPanel);
  const n = panels.length;
  const columns = Math.min(n, options.columns ?? Math.ceil(Math.sqrt(n)));
  const rowsCount = Math.ceil(n / columns);
  const window = options.window ?? percentileWindow(panels.map((p) => p.image));
  const gapX = 0.02;
  const first = panels[0].image;
  const aspect = (first.height * first.pixelSpacing[1]) / (first.width * first.pixelSpacing[0]);
  const panelPx = Math.max(120, Math.min(220, Math.floor(900 / columns)));
  // Each row: the panel plus ~24 px for its title; the gap is that title space as a fraction of the plot height.
  const plotHeight = rowsCount * (panelPx * aspect + 24);
  const gapY = rowsCount > 1 ? 24 / plotHeight : 0;
  const cellW = (1 - gapX * (columns - 1)) / columns;
  const cellH = (1 - gapY * (rowsCount - 1)) / rowsCount;
  const traces: PlotlyTrace[] = [];
  const axes: Record<string, unknown> = {};
  const annotations: Record<string, unknown>[] = [];
  const shapes: Record<string, unknown>[] = [];
  const bar = options.scaleBar ?? 10;
  panels.forEach((panel, p) => {
    const suffix = p === 0 ? "" : String(p + 1);
    const col = p % columns;
    const row = Math.floor(p / columns);
    const { image } = panel;
    const [dx, dy] = image.pixelSpacing;
    const xDomain = [col * (cellW + gapX), col * (cellW + gapX) + cellW];
    const yDomain = [1 - row * (cellH + gapY) - cellH, 1 - row * (cellH + gapY)];
    traces.push(...panelTraces(panel, window, { x: `x${suffix}`, y: `y${suffix}` }, options));
    const hidden = { visible: false, showline: false, ticks: "", showticklabels: false };
    const [ox, oy] = panel.offset ?? [0, 0];
    const yRange = [oy - 0.5 * dy, oy + (image.height - 0.5) * dy];
    axes[`xaxis${suffix}`] = { ...hidden, domain: xDomain, anchor: `y${suffix}`, range: [ox - 0.5 * dx, ox + (image.width - 0.5) * dx], constrain: "domain" };
    axes[`yaxis${suffix}`] = {
      ...hidden,
      domain: yDomain,
      anchor: `x${suffix}`,
      range: image.axis === "axial" ? [yRange[1], yRange[0]] : yRange,
      scaleanchor: `x${suffix}`,
      scaleratio: 1,
      constrain: "domain",
    };
    annotations.push({
      text: `slice ${image.index} · ${image.position.toFixed(1)} mm`,
      xref: `x${suffix} domain`,
      yref: `y${suffix} domain`,
      x: 0.5,
      y: 1,
      yanchor: "bottom",
      showarrow: false,
      font: { size: FONT_SIZE - 2 },
    });
    // Orientation letters on the first panel (the others share its plane and orientation).
    if (p === 0 && options.orientation) annotations.push(...edgeLetters(image.axis, options.orientation, `x${suffix}`, `y${suffix}`));
    // A scale bar in the lower left of each panel, in white so it reads over the image.
    const y = oy + (image.axis === "axial" ? (image.height - 1.5) * dy : 0.5 * dy);
    shapes.push({
      type: "line",
      xref: `x${suffix}`,
      yref: `y${suffix}`,
      x0: ox + 0.5 * dx,
      x1: ox + 0.5 * dx + bar,
      y0: y,
      y1: y,
      line: { color: "#ffffff", width: 2 },
    });
  });
  annotations.push({
    text: `scale bar ${bar} mm`,
    xref: "paper",
    yref: "paper",
    x: 1,
    y: 0,
    yanchor: "top",
    xanchor: "right",
    yshift: -4,
    showarrow: false,
    font: { size: FONT_SIZE - 2 },
  });
  return {
    data: traces,
    layout: journalLayout({
      title: journalTitle(options.title ?? withCaseId(options.caseId, `${capitalised(first.axis)} slices through the ROI (${n})`)),
      width: columns * panelPx + 40,
      height: Math.round(plotHeight) + 90,
      margin: { l: 20, r: 20, t: 60, b: 40 },
      showlegend: false,
      ...axes,
      annotations,
      shapes,
    }),
  };
}

/** Options of {@link roiSlicePanels}: which slices through the ROI, with how much context. */
export interface RoiPanelsOptions {
  axis?: SliceAxis;
  /** Voxels of context around the ROI's bounding box (default 5). */
  margin?: number | Vec3;
  /** At most this many slices, evenly spaced through the ROI (default 16). */
  maxSlices?: number;
}

/** The slices through the ROI, cropped to its bounding box plus a margin: the montage's input. */
export function roiSlicePanels(volume: Volume, mask: Mask, options: RoiPanelsOptions = {}): RoiSlicePanel[] {
  const axis = options.axis ?? "axial";
  const cropped = cropToRoi(volume, mask, options.margin ?? 5);
  let indices = roiSliceIndices(cropped.mask, axis);
  const max = options.maxSlices ?? 16;
  if (indices.length > max) indices = Array.from({ length: max }, (_, k) => indices[Math.round((k * (indices.length - 1)) / (max - 1))]);
  const normal = axis === "axial" ? 2 : axis === "coronal" ? 1 : 0;
  const [column, row] = axis === "axial" ? [0, 1] : axis === "coronal" ? [0, 2] : [1, 2];
  const first = cropped.box.min[normal];
  const spacing = volume.spacing;
  // Index, position and axes refer to the full volume, not to the crop, so they match a viewer.
  const shift = (s: Slice): Slice => ({ ...s, index: s.index + first, position: (s.index + first) * spacing[normal] });
  const offset: [number, number] = [cropped.box.min[column] * spacing[column], cropped.box.min[row] * spacing[row]];
  return indices.map((k) => ({ image: shift(extractSlice(cropped.volume, axis, k)), mask: shift(extractSlice(cropped.mask, axis, k)), offset }));
}

/** The slice with the most ROI pixels (the usual single preview), full field of view. */
export function largestRoiSlice(volume: Volume, mask: Mask, axis: SliceAxis = "axial"): RoiSlicePanel {
  const indices = roiSliceIndices(mask, axis);
  if (indices.length === 0) throw new RadlabInputError(`${FIGURE}: the ROI of ${mask.source} is empty`);
  let best = indices[0];
  let bestCount = -1;
  for (const k of indices) {
    const s = extractSlice(mask, axis, k);
    let count = 0;
    for (let n = 0; n < s.data.length; n++) count += s.data[n] !== 0 ? 1 : 0;
    if (count > bestCount) {
      best = k;
      bestCount = count;
    }
  }
  return { image: extractSlice(volume, axis, best), mask: extractSlice(mask, axis, best) };
}
