import * as tf from 'gradtape';
import { describe, expect, it } from 'vitest';
import { clearSeed, DEFAULT_GLOBAL_SEED, setSeed, uniform } from '../ts/random';

// The seed rules of ts/random.ts on its own uniform draws (the generator of int32 uniforms and the
// other stateful ops), and the distributions of the package's tf.random.normal (TensorFlow's
// kernels, test/stateful-random.test.ts) and of those uniforms.

/** `n` float64 values of the package's tf.random.normal (its own seed state: tf.random.setSeed). */
const normal = (n: number, mean: number, stddev: number, seed?: number): Float64Array =>
  Float64Array.from(tf.random.normal([n], { mean, stddev, dtype: 'float64', seed }).dataSync());

/** Complementary error function (Numerical Recipes erfcc, |error| < 1.2e-7). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z - 1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 +
        t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

function stats(a: Float64Array): { mean: number; std: number } {
  let s = 0;
  for (const v of a) s += v;
  const mean = s / a.length;
  let q = 0;
  for (const v of a) q += (v - mean) ** 2;
  return { mean, std: Math.sqrt(q / (a.length - 1)) };
}

describe('seeding', () => {
  it('repeats the sequence of op results after setSeed', () => {
    setSeed(1234);
    const a1 = uniform(5, 0, 1);
    const a2 = uniform(5, 0, 1);
    setSeed(1234);
    expect(uniform(5, 0, 1)).toEqual(a1);
    expect(uniform(5, 0, 1)).toEqual(a2);
    expect(a1).not.toEqual(a2); // successive calls differ
  });

  it('different global seeds give different values', () => {
    setSeed(1);
    const a = uniform(8, 0, 1);
    setSeed(2);
    expect(uniform(8, 0, 1)).not.toEqual(a);
  });

  it('an explicit op seed repeats, and does not take an op seed from the sequence of seedless calls', () => {
    setSeed(5);
    const x1 = uniform(3, 0, 1);
    const x2 = uniform(3, 0, 1);
    setSeed(5);
    const s1 = uniform(4, 0, 1, 7);
    expect(uniform(3, 0, 1)).toEqual(x1);
    const s2 = uniform(4, 0, 1, 7);
    expect(uniform(3, 0, 1)).toEqual(x2);
    expect(s2).toEqual(s1);
    // ... and depends on the global seed
    setSeed(6);
    expect(uniform(4, 0, 1, 7)).not.toEqual(s1);
  });

  it('op seed without a global seed uses the default global seed', () => {
    clearSeed();
    const a = uniform(6, 0, 1, 42);
    expect(uniform(6, 0, 1, 42)).toEqual(a);
    expect(uniform(6, 0, 1, 43)).not.toEqual(a);
    setSeed(DEFAULT_GLOBAL_SEED);
    expect(uniform(6, 0, 1, 42)).toEqual(a);
    clearSeed();
  });

  it('no seed at all: different values each call', () => {
    clearSeed();
    tf.random.setSeed(null);
    expect(normal(6, 0, 1)).not.toEqual(normal(6, 0, 1));
    expect(uniform(6, 0, 1)).not.toEqual(uniform(6, 0, 1));
  });

  it("normal draws are independent of size: a fresh kernel's shorter draw is a prefix of a longer one", () => {
    tf.random.setSeed(1);
    const a = normal(10, 0, 1, 3);
    tf.random.setSeed(1);
    const b = normal(7, 0, 1, 3);
    expect(Array.from(b)).toEqual(Array.from(a.subarray(0, 7)));
  });

  it('rejects bad seeds and sizes', () => {
    expect(() => setSeed(1.5)).toThrow(/seed must be a safe integer/);
    expect(() => uniform(-1, 0, 1)).toThrow(/size must be a non-negative integer/);
    expect(() => uniform(2.5, 0, 1)).toThrow(/size must be a non-negative integer/);
    expect(() => uniform(3, 0, 1, NaN)).toThrow(/op seed must be a safe integer/);
    setSeed(-3); // negative seeds are fine
    expect(uniform(2, 0, 1).length).toBe(2);
    setSeed(2 ** 40 + 3);
    const big = uniform(2, 0, 1);
    setSeed(3);
    expect(uniform(2, 0, 1)).not.toEqual(big);
  });
});

describe('distributions', () => {
  it('sizes 0 and 1', () => {
    setSeed(9);
    tf.random.setSeed(9);
    expect(normal(0, 0, 1)).toEqual(new Float64Array(0));
    expect(uniform(0, 0, 1)).toEqual(new Float64Array(0));
    const n1 = normal(1, 5, 2);
    expect(n1.length).toBe(1);
    expect(Number.isFinite(n1[0])).toBe(true);
    const u1 = uniform(1, -1, 1);
    expect(u1.length).toBe(1);
    expect(u1[0]).toBeGreaterThanOrEqual(-1);
    expect(u1[0]).toBeLessThan(1);
  });

  it('normal mean/stddev within statistical bounds (1e5 samples)', () => {
    tf.random.setSeed(2024);
    const n = 100_000;
    const a = normal(n, 3, 2);
    const { mean, std } = stats(a);
    // standard error of the mean: 2/sqrt(n) = 0.0063; of the std: ~2/sqrt(2n) = 0.0045
    expect(Math.abs(mean - 3)).toBeLessThan(5 * 0.0063);
    expect(Math.abs(std - 2)).toBeLessThan(5 * 0.0045);
    // fraction within one sigma ~ 0.6827
    let inside = 0;
    for (const v of a) if (Math.abs(v - 3) < 2) inside++;
    expect(Math.abs(inside / n - 0.6827)).toBeLessThan(0.008);
    // no obvious lag-1 correlation
    let c = 0;
    for (let i = 1; i < n; i++) c += ((a[i]! - 3) / 2) * ((a[i - 1]! - 3) / 2);
    expect(Math.abs(c / n)).toBeLessThan(0.02);
  });

  it('normal matches the normal CDF (KS statistic, 1e5 samples, incl. tails)', () => {
    tf.random.setSeed(31337);
    const n = 100_000;
    const a = Array.from(normal(n, 0, 1)).sort((x, y) => x - y);
    // Phi via erf (Abramowitz-Stegun 7.1.26 is too coarse; use a series/continued fraction)
    const phi = (x: number): number => 0.5 * erfc(-x / Math.SQRT2);
    let d = 0;
    for (let i = 0; i < n; i++) {
      const p = phi(a[i]!);
      d = Math.max(d, Math.abs(p - i / n), Math.abs(p - (i + 1) / n));
    }
    // 99.9% critical value ~ 1.95 / sqrt(n)
    expect(d).toBeLessThan(1.95 / Math.sqrt(n));
    // the tail beyond 3.6541 has probability 2.58e-4 (two-sided)
    const tail = a.filter((v) => Math.abs(v) > 3.6541528853610088).length;
    expect(tail).toBeGreaterThan(10);
    expect(tail).toBeLessThan(50);
  });

  it('uniform range [minval, maxval) and moments (1e5 samples)', () => {
    setSeed(77);
    const n = 100_000;
    const a = uniform(n, -2, 6);
    let min = Infinity;
    let max = -Infinity;
    for (const v of a) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    expect(min).toBeGreaterThanOrEqual(-2);
    expect(max).toBeLessThan(6);
    expect(min).toBeLessThan(-1.99);
    expect(max).toBeGreaterThan(5.99);
    const { mean, std } = stats(a);
    expect(Math.abs(mean - 2)).toBeLessThan(5 * (8 / Math.sqrt(12)) / Math.sqrt(n));
    expect(Math.abs(std - 8 / Math.sqrt(12))).toBeLessThan(0.02);
    // histogram of 10 bins: each ~ n/10
    const bins = new Array<number>(10).fill(0);
    for (const v of a) bins[Math.floor((v + 2) / 0.8)]!++;
    for (const b of bins) expect(Math.abs(b - n / 10)).toBeLessThan(5 * Math.sqrt(n / 10));
  });

  it('uniform never returns maxval, also after a float32 cast', () => {
    setSeed(1);
    const hi = 1 + 2 ** -20;
    const a = uniform(200_000, 1, hi);
    let bad = 0;
    for (const v of a) if (!(v >= 1 && v < hi && Math.fround(v) < hi)) bad++;
    expect(bad).toBe(0);
    const f = Float32Array.from(uniform(100_000, 0, 1));
    bad = 0;
    for (const v of f) if (!(v >= 0 && v < 1)) bad++;
    expect(bad).toBe(0);
    // float64 rounding of minval + u*range can hit maxval: [1, 2) has only 2^52 doubles
    const c = uniform(100_000, 1, 2);
    bad = 0;
    for (const v of c) if (!(v >= 1 && v < 2 && Math.fround(v) < 2)) bad++;
    expect(bad).toBe(0);
  });

  it('degenerate uniform range returns minval', () => {
    expect(Array.from(uniform(3, 2, 2, 1))).toEqual([2, 2, 2]);
  });

});
