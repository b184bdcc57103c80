/**
 * `shape`: morphological features (IBSI 1 §3.1, family HCUG) of the ROI mask, from the
 * marching-cubes mesh (mesh.ts: volume V, area A, vertices) and from the voxel centres
 * (voxel-count volume, principal component analysis). Positions in mm from the voxel spacing.
 *
 * PyRadiomics' shape.py uses the same definitions (mesh by marching cubes at the voxel-edge
 * midpoints, diameter over mesh vertices, PCA of voxel centres, 4·sqrt(λ)), except that its PCA
 * covariance divides by N where IBSI's reference values need N − 1: convention `pyradiomics`
 * switches to 1/N (MajorAxisLength changes by sqrt(N/(N − 1)); Elongation and Flatness do not).
 * Our generated mesh table gives the same triangles as PyRadiomics' (Lorensen's) in every cube
 * configuration, so mesh volume, area and diameter agree with PyRadiomics to rounding.
 */

import * as math from "../math.js";
import { defineFamily, type FeatureSpec } from "./family-kit.js";
import { meshMeasures, type VoxelMoments } from "./mesh.js";
import type { FamilyInput } from "./types.js";

/** What the shape features are computed from. */
export interface ShapeSummary {
  /** Mesh volume V (mm³). */
  meshVolume: number;
  /** Mesh area A (mm²). */
  area: number;
  /** Voxel count N_v. */
  voxels: number;
  /** Volume of one voxel (mm³). */
  voxelVolume: number;
  /** Largest distance between mesh vertices (mm). */
  diameter: number;
  /** PCA eigenvalues λ_major ≥ λ_minor ≥ λ_least (mm²). */
  eigenvalues: [number, number, number];
}

function summarise(input: FamilyInput): ShapeSummary {
  const { volume, area, diameter, moments } = meshMeasures(input.mask, input.size, input.spacing);
  const [sx, sy, sz] = input.spacing;
  const { voxels, eigenvalues } = principalComponents(moments, input);
  return {
    meshVolume: volume,
    area,
    voxels,
    voxelVolume: sx * sy * sz,
    diameter,
    eigenvalues,
  };
}

/**
 * Eigenvalues of the covariance matrix of the ROI voxel-centre positions (mm), descending
 * (IBSI §3.1.11): sample covariance (1/(N − 1)) by default, 1/N with convention `pyradiomics`
 * (shape.py). Rounding can make a zero eigenvalue slightly negative; it is clamped to 0.
 */
function principalComponents(moments: VoxelMoments, input: FamilyInput): { voxels: number; eigenvalues: [number, number, number] } {
  const [sx, sy, sz] = input.spacing;
  const n = moments.count;
  const [si, sj, sk] = moments.sum;
  const [sii, sjj, skk, sij, sik, sjk] = moments.products;
  // IBSI's reference values (major axis 11.4 on the phantom) follow the sample covariance.
  const denominator = input.options.convention === "pyradiomics" ? n : Math.max(1, n - 1);
  const c = (sab: number, sa: number, sb: number, scale: number) => ((sab - (sa * sb) / n) * scale) / denominator;
  const eigenvalues = symmetricEigenvalues(
    c(sii, si, si, sx * sx),
    c(sjj, sj, sj, sy * sy),
    c(skk, sk, sk, sz * sz),
    c(sij, si, sj, sx * sy),
    c(sik, si, sk, sx * sz),
    c(sjk, sj, sk, sy * sz),
  );
  return { voxels: n, eigenvalues };
}

/** Eigenvalues of a symmetric 3×3 matrix, descending (closed form, trigonometric; Smith 1961). */
export function symmetricEigenvalues(a11: number, a22: number, a33: number, a12: number, a13: number, a23: number): [number, number, number] {
  const off = a12 * a12 + a13 * a13 + a23 * a23;
  let values: number[];
  if (off === 0) values = [a11, a22, a33];
  else {
    const q = (a11 + a22 + a33) / 3;
    const p = Math.sqrt(((a11 - q) ** 2 + (a22 - q) ** 2 + (a33 - q) ** 2 + 2 * off) / 6);
    const b11 = (a11 - q) / p;
    const b22 = (a22 - q) / p;
    const b33 = (a33 - q) / p;
    const b12 = a12 / p;
    const b13 = a13 / p;
    const b23 = a23 / p;
    const det = b11 * (b22 * b33 - b23 * b23) - b12 * (b12 * b33 - b23 * b13) + b13 * (b12 * b23 - b22 * b13);
    const phi = math.acos(Math.min(1, Math.max(-1, det / 2))) / 3;
    const largest = q + 2 * p * math.cos(phi);
    const smallest = q + 2 * p * math.cos(phi + (2 * Math.PI) / 3);
    values = [largest, 3 * q - largest - smallest, smallest];
  }
  values.sort((x, y) => y - x);
  // Rounding leaves ~1e-16 relative noise where an eigenvalue is 0 (a flat or linear ROI).
  const floor = 1e-12 * Math.abs(values[0]);
  return values.map((v) => (v <= floor ? 0 : v)) as [number, number, number];
}

/** Volume (mesh) V = (1/6) Σ a·(b×c) over the mesh faces, mm³. IBSI RNU0. (PyRadiomics MeshVolume.) */
function volumeMM(s: ShapeSummary): number {
  return s.meshVolume;
}

/**
 * Volume (voxel counting) N_v · V_voxel / 1000, in cm³ as its name says (the catalog's
 * definition). IBSI YEKZ and PyRadiomics VoxelVolume are the same quantity in mm³ (× 1000).
 */
function volumeCC(s: ShapeSummary): number {
  return (s.voxels * s.voxelVolume) / 1000;
}

/** Surface area A = Σ |ab × ac| / 2 over the mesh faces, mm². IBSI C0JK. (PyRadiomics SurfaceArea.) */
function surfaceArea(s: ShapeSummary): number {
  return s.area;
}

/** Surface to volume ratio A / V, mm⁻¹. IBSI 2PR5. (PyRadiomics SurfaceVolumeRatio.) */
function surfaceVolumeRatio(s: ShapeSummary): number {
  return s.area / s.meshVolume;
}

/** Compactness 1 = V / (π^{1/2} A^{3/2}). IBSI SKGS. */
function compactness1(s: ShapeSummary): number {
  return s.meshVolume / (Math.sqrt(Math.PI) * math.pow(s.area, 1.5));
}

/** Compactness 2 = 36π V² / A³. IBSI BQWJ. */
function compactness2(s: ShapeSummary): number {
  return (36 * Math.PI * s.meshVolume ** 2) / math.pow(s.area, 3);
}

/** Spherical disproportion A / (36π V²)^{1/3}. IBSI KRCK. */
function sphericalDisproportion(s: ShapeSummary): number {
  return s.area / math.cbrt(36 * Math.PI * s.meshVolume ** 2);
}

/** Sphericity (36π V²)^{1/3} / A. IBSI QCFX. (PyRadiomics Sphericity.) */
function sphericity(s: ShapeSummary): number {
  return math.cbrt(36 * Math.PI * s.meshVolume ** 2) / s.area;
}

/** Maximum 3D diameter: the largest distance between two mesh vertices, mm. IBSI L0JK. (PyRadiomics Maximum3DDiameter.) */
function maximum3DDiameter(s: ShapeSummary): number {
  return s.diameter;
}

/** Major axis length 4·sqrt(λ_major), mm. IBSI TDIC. (PyRadiomics MajorAxisLength.) */
function majorAxisLength(s: ShapeSummary): number {
  return 4 * Math.sqrt(s.eigenvalues[0]);
}

/** sqrt(λ_k / λ_major), or NaN with a warning when λ_major = 0 (a single voxel). */
function axisRatio(s: ShapeSummary, input: FamilyInput, column: string, k: 1 | 2): number {
  if (s.eigenvalues[0] === 0) {
    input.warn(column, "undefined: the ROI has no extent (a single voxel), so its major axis is 0");
    return Number.NaN;
  }
  return Math.sqrt(s.eigenvalues[k] / s.eigenvalues[0]);
}

/** Elongation sqrt(λ_minor / λ_major). IBSI Q3CK. (PyRadiomics Elongation.) */
function elongation(s: ShapeSummary, input: FamilyInput): number {
  return axisRatio(s, input, "shape_Elongation", 1);
}

/** Flatness sqrt(λ_least / λ_major). IBSI N17B. (PyRadiomics Flatness.) */
function flatness(s: ShapeSummary, input: FamilyInput): number {
  return axisRatio(s, input, "shape_Flatness", 2);
}

const SHAPE_SPECS: FeatureSpec<ShapeSummary>[] = [
  { feature: "VolumeMM", ibsi: { tag: "RNU0", feature: "Volume (mesh)" }, pyradiomics: "shape_MeshVolume", value: volumeMM },
  { feature: "VolumeCC", ibsi: { tag: "YEKZ", feature: "Volume (voxel counting)", scale: 1000 }, value: volumeCC },
  { feature: "SurfaceArea", ibsi: { tag: "C0JK", feature: "Surface area (mesh)" }, pyradiomics: "shape_SurfaceArea", value: surfaceArea },
  {
    feature: "SurfaceVolumeRatio",
    ibsi: { tag: "2PR5", feature: "Surface to volume ratio" },
    pyradiomics: "shape_SurfaceVolumeRatio",
    value: surfaceVolumeRatio,
  },
  { feature: "Compactness1", ibsi: { tag: "SKGS", feature: "Compactness 1" }, pyradiomics: "shape_Compactness1", value: compactness1 },
  { feature: "Compactness2", ibsi: { tag: "BQWJ", feature: "Compactness 2" }, pyradiomics: "shape_Compactness2", value: compactness2 },
  {
    feature: "SphericalDisproportion",
    ibsi: { tag: "KRCK", feature: "Spherical disproportion" },
    pyradiomics: "shape_SphericalDisproportion",
    value: sphericalDisproportion,
  },
  { feature: "Sphericity", ibsi: { tag: "QCFX", feature: "Sphericity" }, pyradiomics: "shape_Sphericity", value: sphericity },
  { feature: "Maximum3DDiameter", ibsi: { tag: "L0JK", feature: "Maximum 3D diameter" }, pyradiomics: "shape_Maximum3DDiameter", value: maximum3DDiameter },
  { feature: "MajorAxisLength", ibsi: { tag: "TDIC", feature: "Major axis length" }, pyradiomics: "shape_MajorAxisLength", value: majorAxisLength },
  { feature: "Elongation", ibsi: { tag: "Q3CK", feature: "Elongation" }, pyradiomics: "shape_Elongation", value: elongation },
  { feature: "Flatness", ibsi: { tag: "N17B", feature: "Flatness" }, pyradiomics: "shape_Flatness", value: flatness },
];

/** The `shape` family (12 features). */
export const shapeFamily = defineFamily<ShapeSummary>({
  family: "shape",
  ibsiFamily: "Morphological features",
  ibsiAggregation: "",
  specs: SHAPE_SPECS,
  summarise,
});
