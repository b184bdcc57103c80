/**
 * A small seeded pseudo-random generator for the statistics (splits, fold ids, bootstrap),
 * and its two steps, SplitMix32 and xoshiro128**, which the demo cohort's generator
 * (demo/prng.ts) shares.
 *
 * xoshiro128** (Blackman & Vigna 2018) with its state filled by SplitMix32 from one 32-bit
 * seed: fast, good enough for resampling, and identical on every platform, so a seed recorded
 * in a result reproduces the same split and folds. It is not R's Mersenne-Twister: a seeded
 * split here does not equal R's `sample()` with the same seed (give fold ids as a column to
 * reproduce an R analysis exactly).
 */

/** A stream of pseudo-random numbers from one seed. */
export interface Random {
  /** The seed this stream started from. */
  readonly seed: number;
  /** A uniform number in [0, 1) with 53 random bits. */
  uniform(): number;
  /** A uniform integer in 0 … n-1 (unbiased, by rejection). */
  integer(n: number): number;
  /** Shuffles `values` in place (Fisher–Yates) and returns it. */
  shuffle<T>(values: T[]): T[];
}

/** SplitMix32 step (Steele et al. 2014, 32-bit variant): spreads one seed over a generator's state. */
export function splitMix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * One xoshiro128** step (Blackman & Vigna 2018) on a 4-word state, updated in place: the next
 * uniform 32-bit unsigned integer. 32-bit integer arithmetic only (Math.imul, shifts), so the
 * stream is the same on every platform.
 */
export function xoshiro128StarStar(s: Uint32Array): number {
  const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
  const t = s[1] << 9;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 11);
  return result;
}

/** A seeded generator (xoshiro128**). The seed is taken modulo 2^32. */
export function seededRandom(seed: number): Random {
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  const init = { s: Math.trunc(seed) | 0 };
  const s = new Uint32Array([splitMix32(init), splitMix32(init), splitMix32(init), splitMix32(init)]);
  if ((s[0] | s[1] | s[2] | s[3]) === 0) s[0] = 1; // the all-zero state is a fixed point

  const next32 = (): number => xoshiro128StarStar(s);

  const uniform = (): number => {
    const high = next32() >>> 5; // 27 bits
    const low = next32() >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  };

  const integer = (n: number): number => {
    if (!Number.isInteger(n) || n <= 0 || n > 2 ** 32) throw new RangeError(`integer(n) needs 1 ≤ n ≤ 2^32, got ${n}`);
    // Rejection removes the modulo bias of a 32-bit draw.
    const limit = 2 ** 32 - (2 ** 32 % n);
    for (;;) {
      const draw = next32();
      if (draw < limit) return draw % n;
    }
  };

  const shuffle = <T>(values: T[]): T[] => {
    for (let i = values.length - 1; i > 0; i--) {
      const j = integer(i + 1);
      const tmp = values[i];
      values[i] = values[j];
      values[j] = tmp;
    }
    return values;
  };

  return { seed, uniform, integer, shuffle };
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
