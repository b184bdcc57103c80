/**
 * The ROI surface mesh of the `shape` family (IBSI 1 §3.1, "mesh-based representation"):
 * marching cubes on the binary mask padded with one empty voxel, iso-level 0.5, so every
 * vertex lies at the midpoint of a voxel-centre edge whose two ends differ (inside / outside).
 *
 * The triangle table is generated here, not copied: for each of the 256 corner
 * configurations the contour segments are drawn on the six cube faces, oriented so that the
 * inside lies to one consistent side, chained into closed loops, and each loop is fanned into
 * triangles from the vertex giving the largest area. A face with two diagonal inside corners is
 * ambiguous: the contour keeps the inside corners apart, except when corner 6 is inside, where it
 * keeps the outside corners apart. That is the choice of PyRadiomics' half-size Lorensen & Cline
 * table (it meshes a cube with that corner inside as its complement), whose results agree with
 * IBSI's reference values: on the IBSI phantom this gives V = 556.33 mm³ and A = 388.07 mm²,
 * PyRadiomics' values. All triangles have outward normals.
 *
 * Area and volume need no explicit triangle list: a configuration's triangles are the same in
 * every cube up to a translation o, so per configuration we precompute its area, its
 * Σ det(a', b', c') and its Σ (a'×b' + b'×c' + c'×a') in cube-local coordinates; the volume
 * (1/6) Σ a·(b×c) over the mesh (divergence theorem, IBSI RNU0) then follows from the count
 * and the summed origin o of the cubes in each configuration.
 */
import type { Vec3 } from "../types.js";

/** Corner c of the unit cube sits at (c & 1, (c >> 1) & 1, (c >> 2) & 1). */
function corner(c: number): Vec3 {
  return [c & 1, (c >> 1) & 1, (c >> 2) & 1];
}

/** The 12 cube edges as [corner, corner + axis bit, axis]. */
const EDGES: [number, number, number][] = [];
for (let axis = 0; axis < 3; axis++) {
  for (let c = 0; c < 8; c++) if ((c & (1 << axis)) === 0) EDGES.push([c, c | (1 << axis), axis]);
}

function edgeBetween(a: number, b: number): number {
  return EDGES.findIndex(([c0, c1]) => (c0 === a && c1 === b) || (c0 === b && c1 === a));
}

/** Midpoint of edge e in cube-local coordinates. */
function edgeMidpoint(e: number): Vec3 {
  const a = corner(EDGES[e][0]);
  const b = corner(EDGES[e][1]);
  return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2];
}

/** The 6 faces: corners in cyclic order and the outward normal. */
const FACES: { corners: number[]; normal: Vec3 }[] = [];
for (let axis = 0; axis < 3; axis++) {
  for (const side of [0, 1]) {
    const u = (axis + 1) % 3;
    const v = (axis + 2) % 3;
    const cyclic = [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 1],
    ].map(([a, b]) => (side << axis) | (a << u) | (b << v));
    const normal: Vec3 = [0, 0, 0];
    normal[axis] = side === 1 ? 1 : -1;
    FACES.push({ corners: cyclic, normal });
  }
}

const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];

/**
 * The triangles (as edge-index triples) of one corner configuration (bit c set = corner c
 * inside the ROI). On an ambiguous face (two diagonal inside corners) the contour cuts off the
 * two inside corners separately, or, with `joinInside`, the two outside corners.
 */
function triangulate(config: number, joinInside: boolean): number[][] {
  const inside = (c: number) => (config >> c) & 1;
  const next = new Map<number, number>();
  for (const face of FACES) {
    const q = face.corners;
    const crossing = (k: number) => inside(q[k]) !== inside(q[(k + 1) % 4]);
    const segments: [number, number][] = [];
    const crossed = [0, 1, 2, 3].filter(crossing);
    if (crossed.length === 2) {
      segments.push([edgeBetween(q[crossed[0]], q[(crossed[0] + 1) % 4]), edgeBetween(q[crossed[1]], q[(crossed[1] + 1) % 4])]);
    } else if (crossed.length === 4) {
      const cutOff = joinInside ? 0 : 1;
      for (let k = 0; k < 4; k++) {
        if (inside(q[k]) !== cutOff) continue;
        segments.push([edgeBetween(q[(k + 3) % 4], q[k]), edgeBetween(q[k], q[(k + 1) % 4])]);
      }
    }
    for (let [a, b] of segments) {
      // Orient so that travelling a → b, with the face normal f, the inside is consistently placed:
      // t · (d × f) > 0 where d points across edge a from its inside end to its outside end.
      const [c0, c1] = EDGES[a];
      const d = inside(c0) ? sub(corner(c1), corner(c0)) : sub(corner(c0), corner(c1));
      const t = sub(edgeMidpoint(b), edgeMidpoint(a));
      if (dot(t, cross(d, face.normal)) < 0) [a, b] = [b, a];
      if (next.has(a)) throw new Error(`marching cubes table: inconsistent orientation in configuration ${config}`);
      next.set(a, b);
    }
  }
  const triangles: number[][] = [];
  const visited = new Set<number>();
  for (const start of [...next.keys()].sort((x, y) => x - y)) {
    if (visited.has(start)) continue;
    const loop: number[] = [];
    for (let e = start; !visited.has(e); e = next.get(e) as number) {
      visited.add(e);
      loop.push(e);
    }
    triangles.push(...fan(loop));
  }
  return triangles;
}

/**
 * Fan triangulation of a closed loop of edge midpoints (non-planar beyond 4 vertices), from the
 * vertex that gives the largest area: this reproduces Lorensen & Cline's table (as used by
 * PyRadiomics) for every loop of up to six vertices.
 */
function fan(loop: number[]): number[][] {
  let best: number[][] = [];
  let bestArea = -1;
  for (let s = 0; s < loop.length; s++) {
    const rotated = [...loop.slice(s), ...loop.slice(0, s)];
    const triangles: number[][] = [];
    let area = 0;
    for (let k = 1; k + 1 < rotated.length; k++) {
      const triangle = [rotated[0], rotated[k], rotated[k + 1]];
      const [a, b, c] = triangle.map(edgeMidpoint);
      const n = cross(sub(b, a), sub(c, a));
      area += Math.hypot(n[0], n[1], n[2]);
      triangles.push(triangle);
    }
    if (area > bestArea + 1e-12) {
      best = triangles;
      bestArea = area;
    }
  }
  return best;
}

/** Triangles of every configuration, generated once. */
const TRIANGLES: number[][][] = Array.from({ length: 256 }, (_, config) => triangulate(config, (config & (1 << 6)) !== 0));

/** Per-configuration area and volume terms for one voxel spacing. */
interface ConfigurationTerms {
  area: Float64Array;
  det: Float64Array;
  /** Σ (a'×b' + b'×c' + c'×a'), 3 values per configuration. */
  normalSum: Float64Array;
}

function configurationTerms(spacing: Vec3): ConfigurationTerms {
  const area = new Float64Array(256);
  const det = new Float64Array(256);
  const normalSum = new Float64Array(256 * 3);
  const scaled = (e: number): Vec3 => {
    const m = edgeMidpoint(e);
    return [m[0] * spacing[0], m[1] * spacing[1], m[2] * spacing[2]];
  };
  for (let config = 0; config < 256; config++) {
    for (const [ea, eb, ec] of TRIANGLES[config]) {
      const a = scaled(ea);
      const b = scaled(eb);
      const c = scaled(ec);
      const n = cross(sub(b, a), sub(c, a));
      area[config] += Math.hypot(n[0], n[1], n[2]) / 2;
      det[config] += dot(a, cross(b, c));
      const ab = cross(a, b);
      const bc = cross(b, c);
      const ca = cross(c, a);
      for (let d = 0; d < 3; d++) normalSum[config * 3 + d] += ab[d] + bc[d] + ca[d];
    }
  }
  return { area, det, normalSum };
}

/** The ROI mask on a grid padded by one empty voxel on every side. */
export interface PaddedMask {
  mask: Uint8Array;
  size: Vec3;
}

/** Copies a block mask into a grid with one empty voxel on every side. */
export function padMask(mask: Uint8Array, size: Vec3): PaddedMask {
  const [nx, ny, nz] = size;
  const padded: Vec3 = [nx + 2, ny + 2, nz + 2];
  const out = new Uint8Array(padded[0] * padded[1] * padded[2]);
  let n = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      let p = 1 + padded[0] * (1 + j + padded[1] * (1 + k));
      for (let i = 0; i < nx; i++, n++, p++) out[p] = mask[n] !== 0 ? 1 : 0;
    }
  }
  return { mask: out, size: padded };
}

/** Mesh volume (mm³) and surface area (mm²) of the ROI. */
export interface MeshMeasures {
  volume: number;
  area: number;
}

/**
 * Mesh volume V = (1/6) Σ_faces a·(b×c) (IBSI RNU0) and area A = Σ_faces |ab × ac| / 2
 * (IBSI C0JK) of the marching-cubes mesh, positions in mm.
 */
export function meshMeasures(padded: PaddedMask, spacing: Vec3): MeshMeasures {
  const { mask, size } = padded;
  const [px, py, pz] = size;
  const sy = px;
  const sz = px * py;
  const count = new Float64Array(256);
  const origin = new Float64Array(256 * 3);
  for (let k = 0; k < pz - 1; k++) {
    for (let j = 0; j < py - 1; j++) {
      let n = sy * j + sz * k;
      for (let i = 0; i < px - 1; i++, n++) {
        const config =
          mask[n] |
          (mask[n + 1] << 1) |
          (mask[n + sy] << 2) |
          (mask[n + sy + 1] << 3) |
          (mask[n + sz] << 4) |
          (mask[n + sz + 1] << 5) |
          (mask[n + sz + sy] << 6) |
          (mask[n + sz + sy + 1] << 7);
        if (config === 0 || config === 255) continue;
        count[config]++;
        origin[config * 3] += i;
        origin[config * 3 + 1] += j;
        origin[config * 3 + 2] += k;
      }
    }
  }
  const terms = configurationTerms(spacing);
  let volume6 = 0;
  let area = 0;
  for (let config = 1; config < 255; config++) {
    if (count[config] === 0) continue;
    area += count[config] * terms.area[config];
    volume6 += count[config] * terms.det[config];
    for (let d = 0; d < 3; d++) volume6 += origin[config * 3 + d] * spacing[d] * terms.normalSum[config * 3 + d];
  }
  return { volume: volume6 / 6, area };
}

/**
 * Maximum 3D diameter (IBSI L0JK): the largest distance between two mesh vertices, in mm.
 *
 * The farthest pair of a point set are vertices of its convex hull, so points that lie inside
 * the 2D convex hull of the other points of their own grid plane can be dropped first. Vertices
 * sit on a half-voxel lattice: in doubled index coordinates they are integers, and the plane
 * hulls are exact (integer cross products). Filtering by planes of the three axes in turn leaves
 * a few hundred candidates for the final all-pairs search, instead of tens of thousands.
 */
export function maximumDiameter(padded: PaddedMask, spacing: Vec3): number {
  let points = meshVertices(padded);
  const extent: Vec3 = [2 * padded.size[0], 2 * padded.size[1], 2 * padded.size[2]];
  points = planeHullFilter(points, extent, 2, 1, 0);
  points = planeHullFilter(points, extent, 0, 2, 1);
  points = planeHullFilter(points, extent, 1, 0, 2);
  const m = points.length / 3;
  const x = new Float64Array(m);
  const y = new Float64Array(m);
  const z = new Float64Array(m);
  for (let p = 0; p < m; p++) {
    x[p] = (points[3 * p] * spacing[0]) / 2;
    y[p] = (points[3 * p + 1] * spacing[1]) / 2;
    z[p] = (points[3 * p + 2] * spacing[2]) / 2;
  }
  let best = 0;
  for (let p = 0; p < m; p++) {
    for (let q = p + 1; q < m; q++) {
      const dx = x[p] - x[q];
      const dy = y[p] - y[q];
      const dz = z[p] - z[q];
      const d2 = dx * dx + dy * dy + dz * dz;
      if (d2 > best) best = d2;
    }
  }
  return Math.sqrt(best);
}

/** Mesh vertices in doubled index coordinates (x, y, z interleaved): one per crossing edge. */
function meshVertices(padded: PaddedMask): Int32Array {
  const { mask, size } = padded;
  const [px, py, pz] = size;
  const steps: Vec3 = [1, px, px * py];
  const out: number[] = [];
  for (let k = 0; k < pz; k++) {
    for (let j = 0; j < py; j++) {
      for (let i = 0, n = px * (j + py * k); i < px; i++, n++) {
        const here = mask[n];
        if (i + 1 < px && mask[n + steps[0]] !== here) out.push(2 * i + 1, 2 * j, 2 * k);
        if (j + 1 < py && mask[n + steps[1]] !== here) out.push(2 * i, 2 * j + 1, 2 * k);
        if (k + 1 < pz && mask[n + steps[2]] !== here) out.push(2 * i, 2 * j, 2 * k + 1);
      }
    }
  }
  return Int32Array.from(out);
}

/**
 * Keeps only the points that are vertices of the 2D convex hull of their plane (points with
 * equal coordinate `planeAxis`), hulls taken in (rowAxis, colAxis). Within a plane only the two
 * extreme points of each row can be hull vertices, so rows are reduced to those first and come
 * out already sorted for Andrew's monotone chain.
 */
function planeHullFilter(points: Int32Array, extent: Vec3, planeAxis: number, rowAxis: number, colAxis: number): Int32Array {
  const planes = extent[planeAxis] + 1;
  const rows = extent[rowAxis] + 1;
  const lo = new Int32Array(planes * rows).fill(0x7fffffff);
  const hi = new Int32Array(planes * rows).fill(-1);
  const m = points.length / 3;
  for (let p = 0; p < m; p++) {
    const cell = points[3 * p + planeAxis] * rows + points[3 * p + rowAxis];
    const col = points[3 * p + colAxis];
    if (col < lo[cell]) lo[cell] = col;
    if (col > hi[cell]) hi[cell] = col;
  }
  const out: number[] = [];
  const r: number[] = [];
  const c: number[] = [];
  for (let plane = 0; plane < planes; plane++) {
    r.length = 0;
    c.length = 0;
    for (let row = 0; row < rows; row++) {
      const cell = plane * rows + row;
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
      const point = [0, 0, 0];
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
