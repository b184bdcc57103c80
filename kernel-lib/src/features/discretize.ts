/**
 * Discretisation: ROI intensities → grey levels 1..Ng, the input of `hist` and of every
 * texture family (IBSI 1 §2.7, "Intensity discretisation").
 */
import { RadlabInputError } from "../errors.js";

/**
 * How intensities become grey levels.
 * - `bins`: fixed bin number over [min, max] of the ROI (IBSI FBN, tag K15C); Ng = n.
 * - `width`: fixed bin width w (IBSI FBS, tag Q3RU). `anchor: "radlab"` anchors the bins on
 *   multiples of w (g = floor(x/w) − floor(min/w) + 1); `anchor: "pyradiomics"` reproduces
 *   PyRadiomics' `getBinEdges` + `numpy.digitize` exactly, including its floating-point edges.
 * - `none`: the voxel values already are integer grey levels ≥ 1 (IBSI phantom, ITK volumes).
 */
export type Discretization = { kind: "bins"; n: number } | { kind: "width"; width: number; anchor: "radlab" | "pyradiomics" } | { kind: "none" };

/**
 * The most grey levels radlab discretises to: the texture families' sparse counting keys a pair
 * of levels in 32 bits (texture-block.ts countSparse), so Ng must stay below 2¹⁶. A bin width or
 * count beyond it is rejected with this limit, rather than every texture family failing.
 */
export const MAX_GREY_LEVELS = 65535;

/** The default for MRI (arbitrary units): 32 bins over the ROI's range. */
export const DEFAULT_DISCRETIZATION: Discretization = { kind: "bins", n: 32 };

/** Grey levels of the ROI voxels (same order as the intensities) and the number of levels. */
export interface DiscretizedLevels {
  /** Grey level 1..ng of each input value. */
  levels: Int32Array;
  /**
   * Number of grey levels. `bins`: n (levels absent from the ROI count). `width` and `none`:
   * the largest level present.
   */
  ng: number;
}

/**
 * Parses the command-line form: `none`, `bins:N` (N integer ≥ 1), `width:W` (W > 0, radlab
 * anchor; `width:W:pyradiomics` for PyRadiomics' anchor).
 */
export function parseDiscretization(text: string): Discretization {
  const spec = text.trim();
  const bad = (why: string): never => {
    throw new RadlabInputError(`discretization "${text}": ${why} (expected none, bins:N or width:W)`);
  };
  if (spec === "none") return { kind: "none" };
  const [kind, value, anchor, ...rest] = spec.split(":");
  if (rest.length > 0 || value === undefined || value === "") return bad("unrecognised form");
  const number = Number(value);
  if (kind === "bins") {
    if (anchor !== undefined) return bad("bins takes one value");
    if (!Number.isInteger(number) || number < 1) return bad("the bin number must be an integer ≥ 1");
    if (number > MAX_GREY_LEVELS) return bad(`${number} bins is more than radlab's limit of ${MAX_GREY_LEVELS} grey levels`);
    return { kind: "bins", n: number };
  }
  if (kind === "width") {
    if (!Number.isFinite(number) || number <= 0) return bad("the bin width must be a number > 0");
    if (anchor !== undefined && anchor !== "radlab" && anchor !== "pyradiomics") {
      return bad(`unknown anchor "${anchor}" (radlab or pyradiomics)`);
    }
    return { kind: "width", width: number, anchor: anchor ?? "radlab" };
  }
  return bad(`unknown kind "${kind}"`);
}

/** The command-line form of a discretisation (inverse of {@link parseDiscretization}). */
export function formatDiscretization(d: Discretization): string {
  if (d.kind === "none") return "none";
  if (d.kind === "bins") return `bins:${d.n}`;
  return d.anchor === "radlab" ? `width:${d.width}` : `width:${d.width}:${d.anchor}`;
}

/**
 * Discretises ROI intensities. `source` (file or case) is named in errors.
 * Throws RadlabInputError for an empty input, a non-finite value, more grey levels than
 * {@link MAX_GREY_LEVELS}, or (kind `none`) a value that is not an integer ≥ 1.
 */
export function discretize(values: ArrayLike<number>, discretization: Discretization, source = "ROI"): DiscretizedLevels {
  if (values.length === 0) throw new RadlabInputError(`${source}: the ROI has no voxels to discretise`, source);
  const { min, max } = finiteRange(values, source);
  assertLevelCount(discretization, min, max, source);
  switch (discretization.kind) {
    case "bins":
      return fixedBinNumber(values, discretization.n, min, max);
    case "width":
      return discretization.anchor === "pyradiomics"
        ? fixedBinWidthPyradiomics(values, discretization.width, min, max)
        : fixedBinWidth(values, discretization.width, min);
    case "none":
      return integerLevels(values, source);
  }
}

/**
 * Rejects a discretisation that would give more than {@link MAX_GREY_LEVELS} levels over the ROI's
 * range [min, max], before any array of that size is made.
 */
function assertLevelCount(discretization: Discretization, min: number, max: number, source: string): void {
  let levels: number;
  let what: string;
  if (discretization.kind === "bins") {
    levels = discretization.n;
    what = `${levels} bins`;
  } else if (discretization.kind === "width") {
    // Both anchors give at most this many levels (PyRadiomics' edges reach one bin further).
    levels = Math.floor(max / discretization.width) - Math.floor(min / discretization.width) + 2;
    what = `bin width ${discretization.width} over the ROI's range ${min} … ${max} gives about ${levels} grey levels, which`;
  } else {
    levels = max;
    what = `discretization "none" with the ROI's largest value ${max}`;
  }
  if (levels > MAX_GREY_LEVELS || !Number.isFinite(levels)) {
    throw new RadlabInputError(
      `${source}: ${what} is more than radlab's limit of ${MAX_GREY_LEVELS} grey levels (choose a wider bin width or fewer bins)`,
      source,
    );
  }
}

function finiteRange(values: ArrayLike<number>, source: string): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let n = 0; n < values.length; n++) {
    const v = values[n];
    if (!Number.isFinite(v)) {
      throw new RadlabInputError(`${source}: ROI voxel ${n} (in index order) has the non-finite intensity ${v}`, source);
    }
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}

/**
 * Fixed bin number (IBSI 1 §2.7.1, K15C): g = ⌊Ng·(x − min)/(max − min)⌋ + 1, and x = max → Ng.
 * A constant ROI (max = min) is all level 1; Ng stays n.
 */
export function fixedBinNumber(values: ArrayLike<number>, n: number, min: number, max: number): DiscretizedLevels {
  if (!Number.isInteger(n) || n < 1) throw new RadlabInputError(`bin number ${n}: must be an integer ≥ 1`);
  const levels = new Int32Array(values.length);
  const range = max - min;
  if (range === 0) {
    levels.fill(1);
    return { levels, ng: n };
  }
  for (let v = 0; v < values.length; v++) {
    const g = Math.floor((n * (values[v] - min)) / range) + 1;
    levels[v] = Math.min(g, n);
  }
  return { levels, ng: n };
}

/**
 * Fixed bin width, anchored on multiples of w (IBSI 1 §2.7.2, Q3RU, with the origin at 0):
 * g = ⌊x/w⌋ − ⌊min/w⌋ + 1. Ng = the largest level present.
 */
export function fixedBinWidth(values: ArrayLike<number>, width: number, min: number): DiscretizedLevels {
  if (!(width > 0) || !Number.isFinite(width)) throw new RadlabInputError(`bin width ${width}: must be a number > 0`);
  const levels = new Int32Array(values.length);
  const base = Math.floor(min / width) - 1;
  let ng = 0;
  for (let v = 0; v < values.length; v++) {
    const g = Math.floor(values[v] / width) - base;
    levels[v] = g;
    if (g > ng) ng = g;
  }
  return { levels, ng };
}

/** Python's float `a % b` (the result takes the sign of b), which JS `%` (C fmod) does not. */
function pythonModulo(a: number, b: number): number {
  const m = a % b;
  return m !== 0 && b < 0 !== m < 0 ? m + b : m;
}

/**
 * PyRadiomics' fixed bin width (radiomics/imageoperations.py `getBinEdges` + `binImage`):
 * edges = numpy.arange(min − (min mod w), max + 2w, w), level = numpy.digitize(x, edges)
 * (bins half-open [e(k−1), e(k)), 1-based). numpy builds the edges as start + k·δ with
 * δ = (start + w) − start; they are rebuilt the same way here so that a value sitting on an
 * edge lands where PyRadiomics puts it. Ng = the largest level present (PyRadiomics' Ng).
 */
export function fixedBinWidthPyradiomics(values: ArrayLike<number>, width: number, min: number, max: number): DiscretizedLevels {
  if (!(width > 0) || !Number.isFinite(width)) throw new RadlabInputError(`bin width ${width}: must be a number > 0`);
  const start = min - pythonModulo(min, width);
  const stop = max + 2 * width;
  const count = Math.max(Math.ceil((stop - start) / width), 1);
  let edges: Float64Array;
  if (count === 1) {
    // PyRadiomics' flat-region case: one bin centred on the single edge
    edges = Float64Array.of(start - 0.5, start + 0.5);
  } else {
    edges = new Float64Array(count);
    const delta = start + width - start;
    edges[0] = start;
    edges[1] = start + width;
    for (let k = 2; k < count; k++) edges[k] = start + k * delta;
  }
  const last = edges.length;
  const levels = new Int32Array(values.length);
  let ng = 0;
  for (let v = 0; v < values.length; v++) {
    const x = values[v];
    // numpy.digitize: the k with edges[k−1] ≤ x < edges[k]; a first guess, then exact fix-up
    let k = Math.floor((x - edges[0]) / width) + 1;
    if (k < 0) k = 0;
    if (k > last) k = last;
    while (k > 0 && x < edges[k - 1]) k--;
    while (k < last && x >= edges[k]) k++;
    levels[v] = k;
    if (k > ng) ng = k;
  }
  return { levels, ng };
}

/**
 * No discretisation: every value must already be an integer grey level ≥ 1 (IBSI phantom, ITK
 * reference volumes). Ng = the largest level present; absent levels below it still count.
 */
export function integerLevels(values: ArrayLike<number>, source = "ROI"): DiscretizedLevels {
  const levels = new Int32Array(values.length);
  let ng = 0;
  for (let v = 0; v < values.length; v++) {
    const x = values[v];
    if (!Number.isInteger(x) || x < 1) {
      throw new RadlabInputError(
        `${source}: discretization "none" needs integer grey levels ≥ 1 in the ROI, but ROI voxel ${v} (in index order) holds ${x}`,
        source,
      );
    }
    levels[v] = x;
    if (x > ng) ng = x;
  }
  return { levels, ng };
}
