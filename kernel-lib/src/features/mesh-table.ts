/**
 * The marching-cubes triangle table of mesh.ts, and the generator that derives it (run by the
 * tests, not at run time: generating it costs ~100 ms of a cold start, decoding it ~0).
 *
 * For each of the 256 corner configurations the contour segments are drawn on the six cube
 * faces, oriented so that the inside lies to one consistent side, chained into closed loops,
 * and each loop is fanned into triangles (see `fan`). A face with two
 * diagonal inside corners is ambiguous: the contour keeps the inside corners apart, except when
 * corner 6 is inside, where it keeps the outside corners apart. That is the choice of
 * PyRadiomics' half-size Lorensen & Cline table (it meshes a cube with that corner inside as its
 * complement), whose results agree with IBSI's reference values. Every triangle's normal
 * (b − a) × (c − a) points out of the ROI.
 */
import type { Vec3 } from "../types.js";

/** Corner c of the unit cube sits at (c & 1, (c >> 1) & 1, (c >> 2) & 1). */
export function corner(c: number): Vec3 {
  return [c & 1, (c >> 1) & 1, (c >> 2) & 1];
}

/** The 12 cube edges as [corner, corner + axis bit, axis]. */
export const EDGES: [number, number, number][] = [];
for (let axis = 0; axis < 3; axis++) {
  for (let c = 0; c < 8; c++) if ((c & (1 << axis)) === 0) EDGES.push([c, c | (1 << axis), axis]);
}

/** Edge index between two corners (−1 if they share no edge), as an 8 × 8 table. */
const EDGE_BETWEEN = new Int8Array(64).fill(-1);
EDGES.forEach(([c0, c1], e) => {
  EDGE_BETWEEN[c0 * 8 + c1] = e;
  EDGE_BETWEEN[c1 * 8 + c0] = e;
});

function edgeBetween(a: number, b: number): number {
  return EDGE_BETWEEN[a * 8 + b];
}

/** Midpoint of edge e in cube-local coordinates. */
export function edgeMidpoint(e: number): Vec3 {
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

export const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
export const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
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
 * Fan triangulation of a closed loop of edge midpoints (non-planar beyond 4 vertices). Loops of
 * up to six vertices are fanned from the vertex that gives the largest area; a seven-vertex loop
 * (mirror-symmetric) from its vertex on the mirror plane, the one start whose fan area no other
 * start shares. This reproduces Lorensen & Cline's table (as PyRadiomics uses it) for every
 * configuration.
 */
function fan(loop: number[]): number[][] {
  const fans = loop.map((_, s) => {
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
    return { triangles, area };
  });
  const same = (x: number, y: number) => Math.abs(x - y) < 1e-9;
  if (loop.length === 7) {
    const axis = fans.find((f) => fans.filter((g) => same(g.area, f.area)).length === 1);
    if (!axis) throw new Error("marching cubes table: a seven-vertex loop without a mirror axis");
    return axis.triangles;
  }
  let best = fans[0];
  for (const f of fans) if (f.area > best.area + 1e-12) best = f;
  return best.triangles;
}

/**
 * The triangles of all 256 configurations, as edge-index triples. Ambiguous faces keep the
 * inside corners apart, except in configurations with corner 6 inside (see mesh.ts).
 */
export function generateTriangleTable(): number[][][] {
  return Array.from({ length: 256 }, (_, config) => triangulate(config, (config & (1 << 6)) !== 0));
}

/** The table in mesh.ts's compact form: per configuration its edge indices in hex, groups joined by ",". */
export function encodeTriangleTable(table: number[][][]): string {
  return table
    .map((triangles) =>
      triangles
        .flat()
        .map((e) => e.toString(16))
        .join(""),
    )
    .join(",");
}
