/**
 * Planar contours in patient coordinates → a binary mask on an image grid of any orientation
 * (axial, sagittal, coronal, oblique). No library in the npm registry rasterises RTSTRUCT
 * contours onto a DICOM grid (dcmjs reads them, itk-wasm writes but does not read them), so
 * this is written here; plastimatch's rasteriser is the oracle it is tested against.
 *
 * Conventions (those of plastimatch, rt-utils and dcmrtstruct2nii):
 * - A contour is mapped into continuous index space, idx = diag(1/spacing) · D⁻¹ · (p − origin).
 *   It must lie in one slice plane k (within `sliceTolerance` of a slice, as a fraction of the
 *   slice spacing, which comes from the series' positions, not from SliceThickness). A contour
 *   between two slices, across slices, or beyond the first or last slice is an error.
 * - A voxel is inside when its centre is inside the polygon: the crossing-number test of pnpoly
 *   (W. R. Franklin), an edge counted when one end is strictly above the centre's row and the
 *   other at or below it, and the crossing strictly to the right of the centre.
 * - Several contours of one ROI on one slice combine by the even-odd rule by default (a contour
 *   inside another is a hole, as rt-utils and dcmrtstruct2nii do), or by union (plastimatch).
 *   CLOSED_PLANAR_XOR contours always combine by exclusive or, as the standard defines them.
 * - POINT, OPEN_PLANAR and OPEN_NONPLANAR contours enclose no voxel: skipped, with a warning.
 */
import { RadlabInputError, withCase } from "../../errors.js";
import type { Grid } from "../../types.js";
import type { RtContour } from "./rtstruct.js";

/** How several closed contours of one ROI on one slice combine. */
export type ContourRule = "even-odd" | "union";

/** Options of {@link rasterizeContours}. */
export interface RasterizeOptions {
  /** Combination of contours on one slice: "even-odd" (default; nested contours are holes) or "union". */
  rule?: ContourRule;
  /** Largest distance of a contour from a slice plane, as a fraction of the slice spacing. Default 0.1. */
  sliceTolerance?: number;
  /** The file and ROI named in errors and warnings ("RS.dcm", "ROI 1 GTVp"). */
  source: string;
  roiName: string;
  caseId?: string;
}

/** The voxels of a rasterised ROI and what was skipped on the way. */
export interface Rasterized {
  data: Uint8Array;
  voxelCount: number;
  /** Closed contours rasterised. */
  contoursUsed: number;
  warnings: string[];
}

const CLOSED = new Set(["CLOSED_PLANAR", "CLOSED_PLANAR_XOR"]);

/** Rasterises the closed contours of one ROI onto `grid` (see the module comment for the rules). */
export function rasterizeContours(grid: Grid, contours: RtContour[], options: RasterizeOptions): Rasterized {
  const [nx, ny, nz] = grid.size;
  const rule = options.rule ?? "even-odd";
  const tolerance = options.sliceTolerance ?? 0.1;
  const toIndex = indexTransform(grid);
  const fail = (what: string): never => {
    throw new RadlabInputError(withCase(options.caseId, `${options.source}: ${options.roiName}: ${what}`), options.source, options.caseId);
  };
  const skipped = new Map<string, number>();
  const perSlice = new Map<number, { xs: Float64Array; ys: Float64Array; xor: boolean }[]>();
  let clipped = 0;
  contours.forEach((contour, n) => {
    if (!CLOSED.has(contour.geometricType) || contour.points.length < 9) {
      const kind = contour.points.length < 9 && CLOSED.has(contour.geometricType) ? `${contour.geometricType} with fewer than 3 points` : contour.geometricType;
      skipped.set(kind, (skipped.get(kind) ?? 0) + 1);
      return;
    }
    const count = contour.points.length / 3;
    const xs = new Float64Array(count);
    const ys = new Float64Array(count);
    let kMin = Number.POSITIVE_INFINITY;
    let kMax = Number.NEGATIVE_INFINITY;
    const p = contour.points;
    for (let m = 0; m < count; m++) {
      const [i, j, k] = toIndex(p[3 * m], p[3 * m + 1], p[3 * m + 2]);
      xs[m] = i;
      ys[m] = j;
      kMin = Math.min(kMin, k);
      kMax = Math.max(kMax, k);
    }
    const slice = sliceOf(kMin, kMax, tolerance, nz, n, p, fail);
    if (outsidePlane(xs, ys, nx, ny)) fail(`contour ${n + 1} (slice ${slice}) lies off the series: it is outside the image's ${nx}×${ny} field of view`);
    if (crossesEdge(xs, ys, nx, ny)) clipped++;
    const list = perSlice.get(slice) ?? [];
    list.push({ xs, ys, xor: rule === "even-odd" || contour.geometricType === "CLOSED_PLANAR_XOR" });
    perSlice.set(slice, list);
  });
  const data = new Uint8Array(nx * ny * nz);
  const plane = new Uint8Array(nx * ny);
  let contoursUsed = 0;
  let voxelCount = 0;
  for (const [k, polygons] of perSlice) {
    const target = data.subarray(k * nx * ny, (k + 1) * nx * ny);
    for (const { xs, ys, xor } of polygons) {
      voxelCount += combineBox(target, plane, nx, fillPolygon(plane, nx, ny, xs, ys), xor);
      contoursUsed++;
    }
  }
  const warnings = [...skipped].map(
    ([kind, count]) =>
      `${options.source}: ${options.roiName}: ${count} ${kind} contour${count === 1 ? "" : "s"} skipped (only closed planar contours enclose voxels)`,
  );
  if (clipped > 0)
    warnings.push(
      `${options.source}: ${options.roiName}: ${clipped} contour(s) extend beyond the image's field of view; voxels outside it are not in the mask`,
    );
  return { data, voxelCount, contoursUsed, warnings };
}

/**
 * Patient position (mm) → continuous index (i, j, k): idx = diag(1/spacing) · D⁻¹ · (p − origin),
 * D the direction matrix (columns = index axes). D⁻¹ by its adjugate, so a non-orthonormal
 * direction is handled too.
 */
export function indexTransform(grid: Grid): (x: number, y: number, z: number) => [number, number, number] {
  const [a, b, c, d, e, f, g, h, i] = grid.direction;
  const det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
  const inv = [e * i - f * h, c * h - b * i, b * f - c * e, f * g - d * i, a * i - c * g, c * d - a * f, d * h - e * g, b * g - a * h, a * e - b * d].map(
    (v) => v / det,
  );
  const [ox, oy, oz] = grid.origin;
  const [sx, sy, sz] = grid.spacing;
  return (x, y, z) => {
    const dx = x - ox;
    const dy = y - oy;
    const dz = z - oz;
    return [(inv[0] * dx + inv[1] * dy + inv[2] * dz) / sx, (inv[3] * dx + inv[4] * dy + inv[5] * dz) / sy, (inv[6] * dx + inv[7] * dy + inv[8] * dz) / sz];
  };
}

/** The slice a contour lies in, or an error saying where it lies instead. */
function sliceOf(kMin: number, kMax: number, tolerance: number, nz: number, n: number, p: Float64Array, fail: (what: string) => never): number {
  const where = `contour ${n + 1} (first point ${Array.from(p.subarray(0, 3), (v) => +v.toFixed(2)).join(", ")} mm)`;
  if (kMax - kMin > 2 * tolerance)
    fail(
      `${where} is not in one slice plane of the image: it spans slice positions ${kMin.toFixed(2)} to ${kMax.toFixed(2)} (the contour's plane is not the series' slice plane)`,
    );
  const k = Math.round((kMin + kMax) / 2);
  if (k < 0 || k >= nz) fail(`${where} lies off the series: at slice position ${((kMin + kMax) / 2).toFixed(2)}, the series has slices 0..${nz - 1}`);
  if (Math.abs(kMin - k) > tolerance || Math.abs(kMax - k) > tolerance) {
    const at = (kMin + kMax) / 2;
    fail(`${where} lies between slices ${Math.floor(at)} and ${Math.floor(at) + 1} (slice position ${at.toFixed(2)}): it matches no slice of the series`);
  }
  return k;
}

/** True when every vertex is outside the grid on the same side (the polygon cannot cover a voxel centre). */
function outsidePlane(xs: Float64Array, ys: Float64Array, nx: number, ny: number): boolean {
  let left = true;
  let right = true;
  let top = true;
  let bottom = true;
  for (let m = 0; m < xs.length; m++) {
    left &&= xs[m] < -0.5;
    right &&= xs[m] > nx - 0.5;
    top &&= ys[m] < -0.5;
    bottom &&= ys[m] > ny - 0.5;
  }
  return left || right || top || bottom;
}

function crossesEdge(xs: Float64Array, ys: Float64Array, nx: number, ny: number): boolean {
  for (let m = 0; m < xs.length; m++) if (xs[m] < -0.5 || xs[m] > nx - 0.5 || ys[m] < -0.5 || ys[m] > ny - 0.5) return true;
  return false;
}

/** The voxels a polygon may cover: rows j0..j1, columns i0..i1 (inclusive; empty when j1 < j0 or i1 < i0). */
export interface PlaneBox {
  i0: number;
  i1: number;
  j0: number;
  j1: number;
}

/**
 * Fills `plane` (nx × ny, row j at j·nx) with the voxel centres inside one polygon, by scan
 * lines: on row j the crossings x of the edges with y = j (pnpoly's half-open rule), sorted;
 * centres i with x₁ ≤ i < x₂, x₃ ≤ i < x₄, … are inside (an odd number of crossings to their
 * right). Only the polygon's bounding box is written (cleared first); it is returned for the
 * caller to combine.
 */
export function fillPolygon(plane: Uint8Array, nx: number, ny: number, xs: Float64Array, ys: Float64Array): PlaneBox {
  let xMin = Number.POSITIVE_INFINITY;
  let xMax = Number.NEGATIVE_INFINITY;
  let yMin = Number.POSITIVE_INFINITY;
  let yMax = Number.NEGATIVE_INFINITY;
  for (let m = 0; m < ys.length; m++) {
    xMin = Math.min(xMin, xs[m]);
    xMax = Math.max(xMax, xs[m]);
    yMin = Math.min(yMin, ys[m]);
    yMax = Math.max(yMax, ys[m]);
  }
  const box = {
    i0: Math.max(0, Math.ceil(xMin)),
    i1: Math.min(nx - 1, Math.floor(xMax)),
    j0: Math.max(0, Math.ceil(yMin)),
    j1: Math.min(ny - 1, Math.floor(yMax)),
  };
  const crossings: number[] = [];
  for (let j = box.j0; j <= box.j1; j++) {
    const row = plane.subarray(j * nx, (j + 1) * nx);
    row.fill(0, box.i0, box.i1 + 1);
    crossings.length = 0;
    for (let m = 0, prev = xs.length - 1; m < xs.length; prev = m++) {
      const ya = ys[m];
      const yb = ys[prev];
      if (ya > j !== yb > j) crossings.push(xs[m] + ((j - ya) * (xs[prev] - xs[m])) / (yb - ya));
    }
    crossings.sort((a, b) => a - b);
    for (let c = 0; c + 1 < crossings.length; c += 2) {
      // Centres i with crossings[c] <= i < crossings[c+1]; pnpoly counts a crossing at x > i.
      const from = Math.max(box.i0, Math.ceil(crossings[c]));
      const to = Math.min(box.i1, Math.ceil(crossings[c + 1]) - 1);
      for (let i = from; i <= to; i++) row[i] = 1;
    }
  }
  return box;
}

/**
 * Combines a filled polygon's box into the slice, exclusive or (even-odd) or or (union), and
 * returns the change in the slice's voxel count (so the volume is never counted in a full pass).
 */
function combineBox(target: Uint8Array, plane: Uint8Array, nx: number, box: PlaneBox, xor: boolean): number {
  let delta = 0;
  for (let j = box.j0; j <= box.j1; j++) {
    for (let n = j * nx + box.i0; n <= j * nx + box.i1; n++) {
      if (plane[n] === 0) continue;
      if (target[n] === 0) {
        target[n] = 1;
        delta++;
      } else if (xor) {
        target[n] = 0;
        delta--;
      }
    }
  }
  return delta;
}
