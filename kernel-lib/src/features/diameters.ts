/**
 * Maximum diameters of an ROI: the largest distance between two of its points (shape's
 * Maximum3DDiameter, from the mesh's candidate points) and per axial slice (the slice viewer's
 * sizes). Candidates are thinned with convex hulls of each plane first; the pair search is exact.
 * Points are doubled index coordinates (so the mesh's edge midpoints are integers), spacing in mm.
 */
import type { Vec3 } from "../types.js";

/**
 * Largest Euclidean distance between two of the points (doubled index coordinates), in mm.
 * Pruned exhaustive search: with r_p the distance of p from the centroid, |p − q| ≤ r_p + r_q, so
 * visiting points by decreasing r, a pair (and then every later pair) whose bound cannot beat the
 * best distance so far is skipped. Exact; on elongated ROIs it checks a small fraction of pairs.
 */
export function farthestPairDistance(points: Int32Array, spacing: Vec3): number {
  const m = points.length / 3;
  if (m < 2) return 0;
  const x = new Float64Array(m);
  const y = new Float64Array(m);
  const z = new Float64Array(m);
  let cx = 0;
  let cy = 0;
  let cz = 0;
  for (let p = 0; p < m; p++) {
    x[p] = (points[3 * p] * spacing[0]) / 2;
    y[p] = (points[3 * p + 1] * spacing[1]) / 2;
    z[p] = (points[3 * p + 2] * spacing[2]) / 2;
    cx += x[p] / m;
    cy += y[p] / m;
    cz += z[p] / m;
  }
  const radius = new Float64Array(m);
  for (let p = 0; p < m; p++) radius[p] = Math.hypot(x[p] - cx, y[p] - cy, z[p] - cz);
  const order = Array.from({ length: m }, (_, p) => p).sort((a, b) => radius[b] - radius[a]);
  let best = 0;
  for (let a = 0; a < m; a++) {
    const p = order[a];
    const rp = radius[p];
    if (2 * rp <= best) break;
    for (let b = a + 1; b < m; b++) {
      const q = order[b];
      if (rp + radius[q] <= best) break;
      const dx = x[p] - x[q];
      const dy = y[p] - y[q];
      const dz = z[p] - z[q];
      const d = Math.sqrt(dx * dx + dy * dy + dz * dz);
      if (d > best) best = d;
    }
  }
  return best;
}

/**
 * Keeps only the points (x, y, z interleaved) that are vertices of the 2D convex hull of their
 * plane (points with equal coordinate `planeAxis`), hulls taken in (rowAxis, colAxis).
 */
export function planeHullFilter(points: Int32Array, extent: Vec3, planeAxis: number, rowAxis: number, colAxis: number): Int32Array {
  const planes = extent[planeAxis];
  const rows = extent[rowAxis];
  const lo = new Int32Array(planes * rows).fill(0x7fffffff);
  const hi = new Int32Array(planes * rows).fill(-1);
  for (let p = 0; p < points.length; p += 3) {
    const cell = points[p + planeAxis] * rows + points[p + rowAxis];
    const col = points[p + colAxis];
    if (col < lo[cell]) lo[cell] = col;
    if (col > hi[cell]) hi[cell] = col;
  }
  return planeHulls(lo, hi, planes, rows, planeAxis, rowAxis, colAxis);
}

/**
 * From the extreme columns (lo, hi) of each row of each plane (hi < 0: empty row), the strict
 * vertices of every plane's 2D convex hull, as points (x, y, z interleaved). Rows come out in
 * order, already sorted for Andrew's monotone chain.
 */
export function planeHulls(lo: Int32Array, hi: Int32Array, planes: number, rows: number, planeAxis: number, rowAxis: number, colAxis: number): Int32Array {
  const out: number[] = [];
  const r: number[] = [];
  const c: number[] = [];
  const point = [0, 0, 0];
  for (let plane = 0; plane < planes; plane++) {
    r.length = 0;
    c.length = 0;
    for (let row = 0, cell = plane * rows; row < rows; row++, cell++) {
      if (hi[cell] < 0) continue;
      r.push(row);
      c.push(lo[cell]);
      if (hi[cell] !== lo[cell]) {
        r.push(row);
        c.push(hi[cell]);
      }
    }
    if (r.length === 0) continue;
    for (const v of convexHull2D(r, c)) {
      point[planeAxis] = plane;
      point[rowAxis] = r[v];
      point[colAxis] = c[v];
      out.push(point[0], point[1], point[2]);
    }
  }
  return Int32Array.from(out);
}

/**
 * Indices of the strict vertices of the convex hull of points (x[n], y[n]), given sorted by x
 * then y (Andrew's monotone chain; collinear points dropped). Fewer than 3 points: all of them.
 */
function convexHull2D(x: number[], y: number[]): number[] {
  const n = x.length;
  if (n < 3) return Array.from({ length: n }, (_, k) => k);
  const turn = (o: number, a: number, b: number) => (x[a] - x[o]) * (y[b] - y[o]) - (y[a] - y[o]) * (x[b] - x[o]);
  const hull: number[] = [];
  for (let k = 0; k < n; k++) {
    while (hull.length >= 2 && turn(hull[hull.length - 2], hull[hull.length - 1], k) <= 0) hull.pop();
    hull.push(k);
  }
  const lowerSize = hull.length + 1;
  for (let k = n - 2; k >= 0; k--) {
    while (hull.length >= lowerSize && turn(hull[hull.length - 2], hull[hull.length - 1], k) <= 0) hull.pop();
    hull.push(k);
  }
  hull.pop();
  return hull;
}

/** The ROI's extent in one axial slice: voxel count and maximum 2D diameter. */
export interface SliceDiameter {
  /** Slice index k. */
  slice: number;
  voxels: number;
  /** Largest distance between two ROI voxel centres of the slice, mm (the study's long diameter, Fig. 1). */
  maxDiameterMm: number;
}

/**
 * Per axial slice (k) holding ROI voxels: its voxel count and the largest in-plane distance
 * between two ROI voxel centres, in mm. The farthest pair lies on the slice's 2D convex hull, so
 * each row's extreme voxels go through the same hull filter and pruned search as the 3D
 * diameter. Voxel centres, not mesh vertices: this is what a ruler on the slice measures from
 * pixel to pixel (PyRadiomics' Maximum2DDiameterSlice, on the mesh, is up to one voxel longer).
 */
export function axialSliceDiameters(mask: Uint8Array, size: Vec3, spacing: Vec3): SliceDiameter[] {
  const [nx, ny, nz] = size;
  const counts = new Int32Array(nz);
  const points: number[] = [];
  for (let k = 0, n = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      let lo = -1;
      let hi = -1;
      for (let i = 0; i < nx; i++, n++) {
        if (mask[n] === 0) continue;
        counts[k]++;
        if (lo < 0) lo = i;
        hi = i;
      }
      // Doubled index coordinates, as farthestPairDistance takes them.
      if (lo >= 0) points.push(2 * lo, 2 * j, 2 * k, 2 * hi, 2 * j, 2 * k);
    }
  }
  const hull = planeHullFilter(Int32Array.from(points), [2 * nx, 2 * ny, 2 * nz], 2, 1, 0);
  const byPlane = new Map<number, number[]>();
  for (let p = 0; p < hull.length; p += 3) {
    const list = byPlane.get(hull[p + 2] / 2) ?? [];
    list.push(hull[p], hull[p + 1], hull[p + 2]);
    byPlane.set(hull[p + 2] / 2, list);
  }
  const out: SliceDiameter[] = [];
  for (let k = 0; k < nz; k++) {
    if (counts[k] === 0) continue;
    out.push({ slice: k, voxels: counts[k], maxDiameterMm: farthestPairDistance(Int32Array.from(byPlane.get(k) ?? []), spacing) });
  }
  return out;
}
