/**
 * Offsets, angles and the 18 variants shared by the GLCM and GLRLM families
 * (feature-catalog.md, "GLCM and GLRLM: the 18 variants"), and the AllDirection mean / SD.
 */
import type { Vec3 } from "../types.js";
import type { EmptyDirections, FamilyInput, FamilyName, FeatureDefinition } from "./types.js";
import { featureUnitOf } from "./units.js";

/** The offsets d (voxels, Chebyshev) of the catalog. */
export const TEXTURE_DISTANCES = [1, 4, 7] as const;
export type TextureDistance = (typeof TEXTURE_DISTANCES)[number];

/** The in-plane angles (degrees) of the catalog. */
export const IN_PLANE_ANGLES = [0, 45, 90, 135] as const;
export type InPlaneAngle = (typeof IN_PLANE_ANGLES)[number];

/** Unit steps (cx, cy) of the in-plane angles: rows grow downward, so +y is −j. */
const ANGLE_STEPS: Record<InPlaneAngle, [number, number]> = { 0: [1, 0], 45: [1, 1], 90: [0, 1], 135: [-1, 1] };

/**
 * The offset of in-plane angle θ at distance d: (i, j, k) = (d·cx, −d·cy, 0), with
 * (cx, cy) = (1, 0) for 0°, (1, 1) for 45°, (0, 1) for 90°, (−1, 1) for 135°. 45° at d = 4 is
 * [4, −4, 0], a Chebyshev step (as ITK and PyRadiomics).
 */
export function inPlaneOffset(angle: InPlaneAngle, d: number): Vec3 {
  const [cx, cy] = ANGLE_STEPS[angle];
  return [d * cx || 0, -d * cy || 0, 0]; // `|| 0`: no −0 in offsets
}

/**
 * The 13 unique 3D directions at distance d: the "previous" half of the 3×3×3 neighbourhood
 * in itk::Neighborhood order (i fastest, from (−1,−1,−1) up to, not including, the centre),
 * scaled by d: the set and order of ITK's ScalarImageTo{Texture,RunLength}FeaturesFilter.
 */
export function thirteenDirections(d: number): Vec3[] {
  const out: Vec3[] = [];
  for (let k = -1; k <= 1; k++) {
    for (let j = -1; j <= 1; j++) {
      for (let i = -1; i <= 1; i++) {
        if (out.length === 13) return out;
        out.push([i * d || 0, j * d || 0, k * d || 0]);
      }
    }
  }
  return out;
}

/**
 * Position, among {@link thirteenDirections}, of the direction equal (up to sign) to an
 * in-plane angle: an offset and its negative give the same symmetric GLCM and the same runs.
 */
export function angleDirectionIndex(angle: InPlaneAngle): number {
  const target = inPlaneOffset(angle, 1);
  const dirs = thirteenDirections(1);
  const index = dirs.findIndex((o) => o.every((v, c) => v === target[c]) || o.every((v, c) => v === -target[c]));
  if (index < 0) throw new Error(`angle ${angle}: not among the 13 directions`);
  return index;
}

/** One of the 18 variants of a GLCM/GLRLM feature. */
export interface TextureVariant {
  /** Column suffix: "angle135_offset4", "AllDirection_offset7", "AllDirection_offset7_SD". */
  variant: string;
  /** Spelled out: "Angle 135 Offset 4", "All Direction Offset 7 SD". */
  alias: string;
  distance: TextureDistance;
  /** `angle`: one direction; `mean` / `sd`: over the 13 3D directions. */
  kind: "angle" | "mean" | "sd";
  angle?: InPlaneAngle;
}

/**
 * The 18 variants in column order: for d = 1, 4, 7: angles 0, 45, 90, 135, then
 * AllDirection_offsetD and AllDirection_offsetD_SD. This is the order of the ITK reference
 * files (shared/reference/itk/*.json), the catalog's only explicit listing.
 */
export const TEXTURE_VARIANTS: readonly TextureVariant[] = TEXTURE_DISTANCES.flatMap((distance) => [
  ...IN_PLANE_ANGLES.map(
    (angle): TextureVariant => ({
      variant: `angle${angle}_offset${distance}`,
      alias: `Angle ${angle} Offset ${distance}`,
      distance,
      kind: "angle",
      angle,
    }),
  ),
  { variant: `AllDirection_offset${distance}`, alias: `All Direction Offset ${distance}`, distance, kind: "mean" },
  { variant: `AllDirection_offset${distance}_SD`, alias: `All Direction Offset ${distance} SD`, distance, kind: "sd" },
]);

/** "ClusterProminence" → "Cluster Prominence"; "GreyLevelNonuniformity" → "Grey Level Nonuniformity". */
export function spellOut(feature: string): string {
  return feature.replace(/([a-z0-9])([A-Z])/g, "$1 $2");
}

/**
 * The feature × variant definitions of a texture family, feature-major (every variant of the
 * first feature, then the next feature), as the catalog's "feature × variant" and the ITK
 * reference files order them.
 */
export function textureFeatureDefinitions(family: FamilyName, features: readonly string[]): FeatureDefinition[] {
  return features.flatMap((feature) =>
    TEXTURE_VARIANTS.map((v) => ({
      name: `${family}_${feature}_${v.variant}`,
      family,
      feature,
      variant: v.variant,
      alias: `${spellOut(feature)} ${v.alias}`,
      unit: featureUnitOf(family, feature),
    })),
  );
}

/**
 * Mean and population SD of one feature over the 13 directions, with Knuth's recurrence as
 * ITK's ScalarImageTo{Texture,RunLength}FeaturesFilter::FullCompute does
 * (M(k) = M(k−1) + (x(k) − M(k−1))/k, S(k) = S(k−1) + (x(k) − M(k−1))(x(k) − M(k)), SD = √(S/n)).
 * `itk`: every direction enters (a NaN from an empty direction makes the result NaN);
 * `skip`: only directions whose matrix is non-empty (`counted[n]`); NaN if there is none.
 */
export function directionMeanSd(values: ArrayLike<number>, counted: ArrayLike<boolean>, emptyDirections: EmptyDirections): { mean: number; sd: number } {
  let n = 0;
  let mean = Number.NaN;
  let s = 0;
  for (let d = 0; d < values.length; d++) {
    if (emptyDirections === "skip" && !counted[d]) continue;
    const x = values[d];
    n++;
    if (n === 1) {
      mean = x;
      continue;
    }
    const next = mean + (x - mean) / n;
    s += (x - mean) * (x - next);
    mean = next;
  }
  return n === 0 ? { mean: Number.NaN, sd: Number.NaN } : { mean, sd: Math.sqrt(s / n) };
}

/** Human form of an offset for messages: "[4,-4,0]". */
export function offsetText(offset: Vec3): string {
  return `[${offset.join(",")}]`;
}

/**
 * A texture family's 18 × features columns from its per-direction values, feature-major as
 * {@link TEXTURE_VARIANTS}: per distance the 4 in-plane angles (each the equal 3D direction,
 * {@link angleDirectionIndex}), then the AllDirection mean and SD ({@link directionMeanSd}).
 * An undefined angle column is reported by `warnDirection`, an undefined mean by
 * {@link warnAllDirections}.
 */
export function textureVariantColumns(options: {
  input: FamilyInput;
  family: FamilyName;
  /** Feature names, in column order. */
  features: readonly string[];
  /** perDirection[f][di·13 + dir]: feature f of thirteenDirections(TEXTURE_DISTANCES[di])[dir]. */
  perDirection: Float64Array[];
  /** nonEmpty[di][dir]: that direction's matrix has a voxel pair / a run. */
  nonEmpty: boolean[][];
  emptyDirections: EmptyDirections;
  /** Reports an angle column whose value is not finite. */
  warnDirection: (column: string, offset: Vec3, nonEmpty: boolean) => void;
}): Float64Array {
  const { input, family, features, emptyDirections } = options;
  const nv = TEXTURE_VARIANTS.length;
  const values = new Float64Array(features.length * nv);
  const angleIndex = IN_PLANE_ANGLES.map(angleDirectionIndex);
  TEXTURE_DISTANCES.forEach((d, di) => {
    const offsets = thirteenDirections(d);
    const first = di * offsets.length; // this distance's directions within perDirection[f]
    const nonEmpty = options.nonEmpty[di];
    const base = di * 6;
    features.forEach((name, f) => {
      const directions = options.perDirection[f].subarray(first, first + offsets.length);
      angleIndex.forEach((dir, a) => {
        const v = directions[dir];
        values[f * nv + base + a] = v;
        if (!Number.isFinite(v)) options.warnDirection(`${family}_${name}_${TEXTURE_VARIANTS[base + a].variant}`, offsets[dir], nonEmpty[dir]);
      });
      const { mean, sd } = directionMeanSd(directions, nonEmpty, emptyDirections);
      values[f * nv + base + 4] = mean;
      values[f * nv + base + 5] = sd;
      if (!Number.isFinite(mean)) warnAllDirections(input, `${family}_${name}_AllDirection_offset${d}`, d, nonEmpty, emptyDirections);
    });
  });
  return values;
}

/** Reports an undefined AllDirection mean (and its SD). */
export function warnAllDirections(input: FamilyInput, column: string, d: number, nonEmpty: boolean[], emptyDirections: EmptyDirections): void {
  const empty = nonEmpty.filter((x) => !x).length;
  let why: string;
  if (empty === nonEmpty.length) why = `none of the 13 directions at offset ${d} has a voxel pair or run inside the ROI`;
  else if (empty > 0 && emptyDirections === "itk") {
    why = `${empty} of 13 directions at offset ${d} are empty, and emptyDirections "itk" makes the mean undefined (as ITK)`;
  } else why = `undefined in at least one direction at offset ${d}`;
  input.warn(column, why);
  input.warn(`${column}_SD`, why);
}
