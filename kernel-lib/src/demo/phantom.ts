/**
 * Synthetic T2-weighted head volumes with a nasopharyngeal tumour, for the demo cohort.
 *
 * Grid: 160 × 160 × 24 voxels at 1.1 × 1.1 × 5.0 mm (axial T2WI). Anatomy is a handful of
 * ellipsoids with T2-like intensities (fat bright, muscle intermediate, air and cortical bone
 * dark), a smooth coil bias field and Rician noise (magnitude of complex Gaussian noise).
 * The tumour is an irregular lobulated blob of 3–7 cm at the nasopharynx. Its texture carries
 * the outcome: a coarse-scale (σ ≈ 4 mm) heterogeneity field whose amplitude grows with a
 * latent score that is lower, on average, in effective responders. The separation is set so a
 * model on the texture features reaches AUC ≈ 0.8, not 1.0; intensity gain varies per case
 * (arbitrary MR units), so raw first-order intensities carry little signal by themselves, and
 * the fine-grain texture amplitude and the noise level vary per case (nuisance).
 */

import * as math from "../math.js";
import type { Grid, Vec3 } from "../types.js";
import { DemoRandom } from "./prng.js";

export const DEMO_GRID: Grid = {
  size: [160, 160, 24],
  spacing: [1.1, 1.1, 5.0],
  origin: [-87.45, -87.45, -57.5],
  direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
};

/** How strongly the latent heterogeneity separates the classes (in SDs of the latent). */
export const LATENT_SEPARATION = 1.6;

export interface DemoImage {
  image: Int16Array;
  mask: Uint8Array;
  /** Latent heterogeneity score actually used (for the data README's description, not a feature). */
  heterogeneity: number;
  /** Largest extent of the tumour in mm. */
  diameterMm: number;
}

interface Ellipsoid {
  centre: Vec3; // mm from the grid centre (x: left-right, y: anterior-posterior, z: cranio-caudal)
  radii: Vec3; // mm
  value: number;
}

/** Draws one case's volume and tumour mask from its own random stream. */
export function synthesiseCase(seed: number, stream: number, outcome: 0 | 1): DemoImage {
  const random = new DemoRandom(seed, stream);
  const [nx, ny, nz] = DEMO_GRID.size;
  const [sx, sy, sz] = DEMO_GRID.spacing;
  const n = nx * ny * nz;
  const signal = new Float32Array(n);
  const gain = random.between(0.85, 1.15);

  // Anatomy, painted in order (later structures overwrite earlier ones).
  const jitter = () => 1 + 0.05 * random.normal();
  const head = { ax: 72 * jitter(), ay: 86 * jitter() };
  const structures: Ellipsoid[] = [
    { centre: [0, 0, 0], radii: [head.ax - 6, head.ay - 6, 400], value: 430 }, // soft tissue
    { centre: [-26, -8, 0], radii: [9, 14, 60], value: 860 }, // parapharyngeal fat, right
    { centre: [26, -8, 0], radii: [9, 14, 60], value: 860 }, // parapharyngeal fat, left
    { centre: [-40, -5, -10], radii: [6, 22, 70], value: 90 }, // mandibular ramus, right
    { centre: [40, -5, -10], radii: [6, 22, 70], value: 90 }, // mandibular ramus, left
    { centre: [0, -22, 5], radii: [11, 8, 45], value: 30 }, // nasopharyngeal airway
    { centre: [0, 30, 20], radii: [14, 9, 40], value: 160 }, // clivus
    { centre: [0, 52, 0], radii: [16, 14, 400], value: 620 }, // brainstem / cord
    { centre: [-30, 30, 0], radii: [12, 10, 70], value: 520 }, // prevertebral / longus muscles
    { centre: [30, 30, 0], radii: [12, 10, 70], value: 520 },
  ];
  const cx = (nx - 1) / 2;
  const cy = (ny - 1) / 2;
  const cz = (nz - 1) / 2;
  // Head outline first, then each structure over its own bounding box (clipped to the head).
  const inHead = new Uint8Array(n);
  for (let k = 0; k < nz; k++) {
    const z = (k - cz) * sz;
    const taper = Math.sqrt(Math.max(0, 1 - (z / 140) ** 2)); // the head narrows away from the middle
    for (let j = 0; j < ny; j++) {
      const y = (j - cy) * sy;
      for (let i = 0, at = nx * (j + ny * k); i < nx; i++, at++) {
        const x = (i - cx) * sx;
        if ((x / (head.ax * taper)) ** 2 + (y / (head.ay * taper)) ** 2 <= 1) {
          inHead[at] = 1;
          signal[at] = 900; // scalp and subcutaneous fat
        }
      }
    }
  }
  const span = (centre: number, radius: number, spacing: number, middle: number, count: number) => [
    Math.max(0, Math.floor((centre - radius) / spacing + middle)),
    Math.min(count - 1, Math.ceil((centre + radius) / spacing + middle)),
  ];
  for (const s of structures) {
    const [i0, i1] = span(s.centre[0], s.radii[0], sx, cx, nx);
    const [j0, j1] = span(s.centre[1], s.radii[1], sy, cy, ny);
    const [k0, k1] = span(s.centre[2], s.radii[2], sz, cz, nz);
    for (let k = k0; k <= k1; k++) {
      const qz = (((k - cz) * sz - s.centre[2]) / s.radii[2]) ** 2;
      for (let j = j0; j <= j1; j++) {
        const qy = qz + (((j - cy) * sy - s.centre[1]) / s.radii[1]) ** 2;
        for (let i = i0; i <= i1; i++) {
          const at = i + nx * (j + ny * k);
          if (inHead[at] && qy + (((i - cx) * sx - s.centre[0]) / s.radii[0]) ** 2 <= 1) signal[at] = s.value;
        }
      }
    }
  }

  // The tumour: a lobulated blob, radius modulated by a few random lobes.
  const diameter = random.between(30, 70);
  const base = diameter / 2;
  const lobes = Array.from({ length: 5 }, () => {
    const v = [random.normal(), random.normal(), 0.6 * random.normal()];
    const norm = Math.hypot(v[0], v[1], v[2]) || 1;
    return { axis: v.map((c) => c / norm), weight: random.between(-0.18, 0.3), power: 2 + Math.floor(random.uniform() * 3) * 2 };
  });
  const centre: Vec3 = [random.between(-6, 6), random.between(-4, 8), random.between(-12, 12)];
  const mask = new Uint8Array(n);
  const box = { min: [nx, ny, nz], max: [-1, -1, -1] };
  let reach = 0;
  for (const lobe of lobes) reach += Math.max(0, lobe.weight);
  const maxRadius = base * (1 + reach);
  const scale = Math.min(1, 35 / maxRadius); // keep the tumour within 7 cm
  for (let k = 0; k < nz; k++) {
    const z = (k - cz) * sz - centre[2];
    if (Math.abs(z) > maxRadius * scale) continue;
    for (let j = 0; j < ny; j++) {
      const y = (j - cy) * sy - centre[1];
      for (let i = 0; i < nx; i++) {
        const x = (i - cx) * sx - centre[0];
        const d = Math.sqrt(x * x + y * y + z * z);
        if (d > maxRadius * scale) continue;
        let radius = base;
        if (d > 0) {
          for (const lobe of lobes) {
            const c = (x * lobe.axis[0] + y * lobe.axis[1] + z * lobe.axis[2]) / d;
            const c2 = c * c;
            radius += base * lobe.weight * (lobe.power === 2 ? c2 : lobe.power === 4 ? c2 * c2 : c2 * c2 * c2);
          }
        }
        if (d <= radius * scale) {
          const at = i + nx * (j + ny * k);
          mask[at] = 1;
          const p = [i, j, k];
          for (let a = 0; a < 3; a++) {
            if (p[a] < box.min[a]) box.min[a] = p[a];
            if (p[a] > box.max[a]) box.max[a] = p[a];
          }
        }
      }
    }
  }
  const diameterMm = Math.max((box.max[0] - box.min[0] + 1) * sx, (box.max[1] - box.min[1] + 1) * sy, (box.max[2] - box.min[2] + 1) * sz);

  // Texture: a coarse heterogeneity field (σ ≈ 4 mm) whose amplitude carries the outcome.
  const heterogeneity = (outcome === 1 ? -0.5 : 0.5) * LATENT_SEPARATION + random.normal();
  const amplitude = 95 * math.exp(0.32 * heterogeneity);
  // Nuisance texture that varies between patients and scanners, unrelated to the outcome:
  // the fine-grain amplitude and the noise level. It keeps the features noisy measures of
  // the latent score, so no feature is a perfect proxy for it.
  const fineAmplitude = random.between(20, 60);
  const sigma = random.between(12, 26);
  const coarse = smoothNoise(random, box, [4 / sx, 4 / sy, 4 / sz]);
  const fine = smoothNoise(random, box, [0.9 / sx, 0.9 / sy, 0.9 / sz]);
  const tumourLevel = random.between(640, 760);
  const [bx, by] = [box.max[0] - box.min[0] + 1, box.max[1] - box.min[1] + 1];
  for (let k = box.min[2]; k <= box.max[2]; k++) {
    for (let j = box.min[1]; j <= box.max[1]; j++) {
      for (let i = box.min[0]; i <= box.max[0]; i++) {
        const at = i + nx * (j + ny * k);
        if (!mask[at]) continue;
        const local = i - box.min[0] + bx * (j - box.min[1] + by * (k - box.min[2]));
        signal[at] = tumourLevel + amplitude * coarse[local] + fineAmplitude * fine[local];
      }
    }
  }

  // Coil bias field, case gain, then Rician noise: |signal + n1 + i·n2|.
  const bias = [random.between(-0.08, 0.08), random.between(-0.08, 0.08)];
  const image = new Int16Array(n);
  for (let k = 0, at = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      const fy = (j - cy) / ny;
      for (let i = 0; i < nx; i++, at++) {
        const fx = (i - cx) / nx;
        const s = signal[at] * gain * (1 + bias[0] * fx + bias[1] * fy);
        const re = s + sigma * random.noise();
        const im = sigma * random.noise();
        image[at] = Math.min(32767, Math.round(Math.sqrt(re * re + im * im)));
      }
    }
  }
  return { image, mask, heterogeneity, diameterMm };
}

/**
 * Gaussian-smoothed white noise over a box, rescaled to unit SD: separable convolution with a
 * sampled Gaussian of σ (voxels) per axis, the box padded by 3σ so its edges are not damped.
 */
function smoothNoise(random: DemoRandom, box: { min: number[]; max: number[] }, sigma: number[]): Float32Array {
  const pad = sigma.map((s) => Math.ceil(3 * s));
  const inner = [0, 1, 2].map((a) => box.max[a] - box.min[a] + 1);
  const dims = inner.map((d, a) => d + 2 * pad[a]);
  let field = new Float32Array(dims[0] * dims[1] * dims[2]);
  for (let n = 0; n < field.length; n++) field[n] = random.noise();
  const strides = [1, dims[0], dims[0] * dims[1]];
  for (let axis = 0; axis < 3; axis++) {
    const radius = pad[axis];
    const kernel = Float64Array.from({ length: 2 * radius + 1 }, (_, t) => math.exp(-0.5 * ((t - radius) / sigma[axis]) ** 2));
    const out = new Float32Array(field.length);
    const stride = strides[axis];
    const length = dims[axis];
    // Walk every line along `axis`: its start is any voxel whose coordinate on `axis` is 0.
    for (let start = 0; start < field.length; start++) {
      if (Math.floor(start / stride) % length !== 0) continue;
      for (let position = 0; position < length; position++) {
        const lo = Math.max(-radius, -position);
        const hi = Math.min(radius, length - 1 - position);
        let sum = 0;
        for (let t = lo, at = start + (position + lo) * stride; t <= hi; t++, at += stride) sum += kernel[t + radius] * field[at];
        out[start + position * stride] = sum;
      }
    }
    field = out;
  }
  // Crop the padding and standardise.
  const result = new Float32Array(inner[0] * inner[1] * inner[2]);
  let m = 0;
  for (let k = 0; k < inner[2]; k++)
    for (let j = 0; j < inner[1]; j++) for (let i = 0; i < inner[0]; i++, m++) result[m] = field[i + pad[0] + dims[0] * (j + pad[1] + dims[1] * (k + pad[2]))];
  let mean = 0;
  for (const v of result) mean += v;
  mean /= result.length;
  let variance = 0;
  for (const v of result) variance += (v - mean) ** 2;
  const sd = Math.sqrt(variance / result.length) || 1;
  for (let t = 0; t < result.length; t++) result[t] = (result[t] - mean) / sd;
  return result;
}
