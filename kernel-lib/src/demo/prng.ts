/**
 * A seeded generator for the demo cohort: SplitMix32 seeding a xoshiro128** stream
 * (Blackman & Vigna 2018), the steps of stats/random.ts, seeded per (seed, stream) so each
 * case has its own stream. 32-bit integer arithmetic only, so the stream, and therefore the
 * demo files, are identical on every platform and Node version.
 */

import * as math from "../math.js";
import { splitMix32, xoshiro128StarStar } from "../stats/random.js";

export class DemoRandom {
  private readonly state = new Uint32Array(4);
  private spare: number | undefined;
  private noiseSpare: number | undefined;

  constructor(seed: number, stream = 0) {
    // One SplitMix32 sequence per (seed, stream); the last word kept non-zero (a zero state is a fixed point).
    const init = { s: (seed ^ Math.imul(stream + 1, 0x9e3779b9)) | 0 };
    this.state[0] = splitMix32(init);
    this.state[1] = splitMix32(init);
    this.state[2] = splitMix32(init);
    this.state[3] = splitMix32(init) || 1;
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    return xoshiro128StarStar(this.state);
  }

  /** Uniform on [0, 1). */
  uniform(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform on [a, b). */
  between(a: number, b: number): number {
    return a + (b - a) * this.uniform();
  }

  /** Standard normal (Marsaglia polar method). */
  normal(): number {
    if (this.spare !== undefined) {
      const s = this.spare;
      this.spare = undefined;
      return s;
    }
    for (;;) {
      const u = 2 * this.uniform() - 1;
      const v = 2 * this.uniform() - 1;
      const r = u * u + v * v;
      if (r > 0 && r < 1) {
        const f = Math.sqrt((-2 * math.log(r)) / r);
        this.spare = v * f;
        return u * f;
      }
    }
  }

  /**
   * A standard normal draw for image noise, fast: two draws per 32-bit integer, each picking
   * one of 65,536 equiprobable normal quantiles (a discretised inverse-CDF sampler; its
   * granularity, ~1e-4 SD near 0, is far below anything a texture feature resolves).
   */
  noise(): number {
    if (this.noiseSpare !== undefined) {
      const s = this.noiseSpare;
      this.noiseSpare = undefined;
      return s;
    }
    const u = this.nextUint32();
    this.noiseSpare = NORMAL_TABLE[u >>> 16];
    return NORMAL_TABLE[u & 0xffff];
  }

  /** A Fisher–Yates shuffle of a copy. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let n = out.length - 1; n > 0; n--) {
      const m = this.nextUint32() % (n + 1);
      [out[n], out[m]] = [out[m], out[n]];
    }
    return out;
  }
}

/**
 * Normal quantile (Acklam's rational approximation, |relative error| < 1.2e-9): ample for a
 * noise table, and pure arithmetic, so the table is the same everywhere.
 */
function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (q: number) => (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

const NORMAL_TABLE = Float64Array.from({ length: 65536 }, (_, m) => normalQuantile((m + 0.5) / 65536));
