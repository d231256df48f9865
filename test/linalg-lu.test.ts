// tf.linalg.lu, luSolve, luReconstruct and luMatrixInverse: the factors and pivots against a plain
// JavaScript partial-pivoting LU (the oracle below, written independently of the Rust kernel),
// P A = L U to ~1e-12 in float64 on random and ill-conditioned matrices, the solves against
// tf.linalg.solve and inv, batches and broadcasting, float32, TensorFlow's error for an exactly
// zero pivot, and gradients (TensorFlow's _LuGrad, and the composites) against central differences.
import * as tf from 'gradtape';
import { describe, expect, it } from 'vitest';
import { expectClose, expectGradcheck, f64, randomValues, seededRandom } from './helpers/gradcheck';

/** Doolittle LU with partial pivoting on a row-major n×n matrix: at column k the row with the
 * largest |value| on or below the diagonal (the first on ties) is swapped up. Returns the packed
 * factors and p with A[p] = L U. */
function luOracle(a: ArrayLike<number>, n: number): { lu: number[]; p: number[] } {
  const m = Array.from(a);
  const p = Array.from({ length: n }, (_, i) => i);
  for (let k = 0; k < n; k++) {
    let best = k;
    for (let r = k + 1; r < n; r++) if (Math.abs(m[r * n + k]!) > Math.abs(m[best * n + k]!)) best = r;
    if (best !== k) {
      for (let j = 0; j < n; j++) [m[k * n + j], m[best * n + j]] = [m[best * n + j]!, m[k * n + j]!];
      [p[k], p[best]] = [p[best]!, p[k]!];
    }
    for (let r = k + 1; r < n; r++) {
      const f = m[r * n + k]! / m[k * n + k]!;
      m[r * n + k] = f;
      for (let j = k + 1; j < n; j++) m[r * n + j]! -= f * m[k * n + j]!;
    }
  }
  return { lu: m, p };
}

/** max |(L U)[i, j] - A[p[i], j]| / max |A| for packed factors of one n×n matrix. */
function relativeResidual(lu: ArrayLike<number>, p: ArrayLike<number>, a: ArrayLike<number>, n: number): number {
  let worst = 0;
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale = Math.max(scale, Math.abs(a[i]!));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k <= Math.min(i, j); k++) s += (k === i ? 1 : lu[i * n + k]!) * lu[k * n + j]!;
      worst = Math.max(worst, Math.abs(s - a[p[i]! * n + j]!));
    }
  }
  return worst / scale;
}

const random = (n: number, seed: number): Float64Array => randomValues(n, seededRandom(seed));
const hilbert = (n: number): number[] => Array.from({ length: n * n }, (_, i) => 1 / (Math.floor(i / n) + (i % n) + 1));

describe('tf.linalg.lu', () => {
  it('matches a partial-pivoting oracle and reconstructs P A = L U on random matrices', () => {
    for (const [n, seed] of [[1, 1], [2, 2], [5, 3], [8, 4], [50, 5]] as const) {
      const a = random(n * n, seed);
      const [lu, p] = tf.linalg.lu(f64(a, [n, n]));
      expect(lu.shape).toEqual([n, n]);
      expect(p.shape).toEqual([n]);
      expect(p.dtype).toBe('int32');
      const want = luOracle(a, n);
      expect(Array.from(p.dataSync())).toEqual(want.p);
      expectClose(lu, want.lu, 1e-10, 1e-12);
      expect(relativeResidual(lu.dataSync(), p.dataSync(), a, n)).toBeLessThan(1e-12);
    }
  });

  it('is backward stable on ill-conditioned matrices (Hilbert 10×10, cond ~1e13)', () => {
    const n = 10;
    const a = hilbert(n);
    const [lu, p] = tf.linalg.lu(f64(a, [n, n]));
    expect(Array.from(p.dataSync())).toEqual(luOracle(a, n).p);
    expect(relativeResidual(lu.dataSync(), p.dataSync(), a, n)).toBeLessThan(1e-14);
  });

  it('pivots on the largest magnitude in the column, the first one on ties', () => {
    // Column 0: |3| and |-3| tie, so row 1 (the first) is the pivot; then in column 1 the
    // remaining rows hold 0 + ... and the largest magnitude wins.
    const a = [0, 1, 2, 3, 1, 0, -3, 2, 1];
    const [lu, p] = tf.linalg.lu(f64(a, [3, 3]));
    expect(Array.from(p.dataSync())).toEqual([1, 2, 0]);
    expectClose(lu, luOracle(a, 3).lu, 1e-15, 1e-15);
    const [, p2] = tf.linalg.lu(f64([1, 2, -1, 3], [2, 2]));
    expect(Array.from(p2.dataSync())).toEqual([0, 1]);
    const [, p3] = tf.linalg.lu(f64([1, 2, -1.5, 3], [2, 2]));
    expect(Array.from(p3.dataSync())).toEqual([1, 0]);
  });

  it('factors every matrix of a batch, in float64 and float32', () => {
    const [b0, b1, n] = [2, 3, 4];
    const a = random(b0 * b1 * n * n, 7);
    for (const dtype of ['float64', 'float32'] as const) {
      const [lu, p] = tf.linalg.lu(f64(a, [b0, b1, n, n]).cast(dtype));
      expect(lu.shape).toEqual([b0, b1, n, n]);
      expect(lu.dtype).toBe(dtype);
      expect(p.shape).toEqual([b0, b1, n]);
      expect(p.dtype).toBe('int32');
      const luv = lu.dataSync();
      const pv = p.dataSync();
      for (let b = 0; b < b0 * b1; b++) {
        const m = a.subarray(b * n * n, (b + 1) * n * n);
        const want = luOracle(dtype === 'float32' ? Array.from(Float32Array.from(m)) : m, n);
        expect(Array.from(pv.subarray(b * n, (b + 1) * n))).toEqual(want.p);
        const got = luv.subarray(b * n * n, (b + 1) * n * n);
        for (let i = 0; i < n * n; i++) expect(got[i]).toBeCloseTo(want.lu[i]!, dtype === 'float64' ? 12 : 5);
        expect(relativeResidual(got, pv.subarray(b * n, (b + 1) * n), dtype === 'float32' ? Float32Array.from(m) : m, n)).toBeLessThan(dtype === 'float64' ? 1e-14 : 1e-6);
      }
    }
  });

  it('handles empty matrices', () => {
    const [lu, p] = tf.linalg.lu(tf.zeros([2, 0, 0], 'float64'));
    expect(lu.shape).toEqual([2, 0, 0]);
    expect(p.shape).toEqual([2, 0]);
  });

  it('refuses an exactly zero pivot as TensorFlow does, and factors a numerically singular matrix', () => {
    // TensorFlow's Lu kernel fails with "Input is not invertible." when min |U_ii| is 0.
    expect(() => tf.linalg.lu(f64([1, 2, 2, 4], [2, 2]))).toThrow(/lu: Input is not invertible/);
    expect(() => tf.linalg.lu(f64([1, 0, 0, 1, 0, 1, 0, 2], [2, 2, 2]))).toThrow(/matrix 1 of the batch/);
    // Singular in exact arithmetic, but rounding leaves U_33 ≈ 1.1e-16 (LAPACK getrf gives the same).
    const a = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
    const [lu, p] = tf.linalg.lu(f64(a, [3, 3]));
    expect(Array.from(p.dataSync())).toEqual([2, 0, 1]);
    const u33 = lu.dataSync()[8]!;
    expect(u33).not.toBe(0);
    expect(Math.abs(u33)).toBeLessThan(1e-15);
  });

  it('checks its argument', () => {
    expect(() => tf.linalg.lu(tf.zeros([2, 3], 'float64'))).toThrow(/lu: the input must be square.*\[2, 3\]/);
    expect(() => tf.linalg.lu(tf.zeros([3], 'float64'))).toThrow(/lu: .*rank >= 2/);
    expect(() => tf.linalg.lu(tf.zeros([2, 2], 'int32'))).toThrow(/lu/);
  });

  it('has TensorFlow\'s gradient for the factors (single, batched, with row swaps)', () => {
    // Random entries in [-2, 2): the pivots swap rows, and stay put under a 1e-6 perturbation.
    expectGradcheck((x) => tf.linalg.lu(x)[0], [{ shape: [4, 4] }], { seed: 11 });
    expectGradcheck((x) => tf.linalg.lu(x)[0], [{ shape: [2, 3, 3] }], { seed: 12 });
    expectGradcheck((x) => tf.linalg.lu(x)[0], [{ shape: [3, 3] }], { seed: 13, upstream: 'outputGradients' });
    // Only L, or only U, receiving a gradient.
    expectGradcheck((x) => tf.linalg.bandPart(tf.linalg.lu(x)[0], -1, 0), [{ shape: [4, 4] }], { seed: 14 });
    expectGradcheck((x) => tf.linalg.bandPart(tf.linalg.lu(x)[0], 0, -1), [{ shape: [4, 4] }], { seed: 15 });
  });

  it('differentiates twice through nested tapes', () => {
    const x = f64(random(9, 21), [3, 3]);
    const c = f64(random(9, 22), [3, 3]);
    // d/dx of <grad_x sum(lu(x) * c), c> against central differences of the inner gradient.
    expectGradcheck((v) => {
      const inner = new tf.GradientTape();
      inner.watch(v);
      const y = inner.record(() => tf.reduceSum(tf.mul(tf.linalg.lu(v)[0], c)));
      return inner.gradient(y, v) as tf.Tensor;
    }, [{ shape: [3, 3], values: x.dataSync() }]);
  });
});

describe('tf.linalg.luSolve, luReconstruct, luMatrixInverse', () => {
  const n = 5;
  const a = f64(random(n * n, 31), [n, n]);
  const rhs = f64(random(n * 2, 32), [n, 2]);

  it('luSolve agrees with tf.linalg.solve, luMatrixInverse with inv, luReconstruct gives A back', () => {
    const [lu, p] = tf.linalg.lu(a);
    expectClose(tf.linalg.luSolve(lu, p, rhs), tf.linalg.solve(a, rhs).dataSync(), 1e-10, 1e-12);
    expectClose(tf.linalg.luMatrixInverse(lu, p), tf.linalg.inv(a).dataSync(), 1e-10, 1e-12);
    expectClose(tf.linalg.luReconstruct(lu, p), a.dataSync(), 1e-13, 1e-14);
    // Plain arrays, and validateArgs accepted.
    expectClose(tf.linalg.luReconstruct(lu.arraySync() as number[][], Array.from(p.dataSync()), true).cast('float64'), a.dataSync(), 1e-6, 1e-6);
  });

  it('works on batches, broadcasting rhs and the factors against each other', () => {
    const ab = f64(random(3 * n * n, 33), [3, n, n]);
    const [lu, p] = tf.linalg.lu(ab);
    const x = tf.linalg.luSolve(lu, p, rhs);
    expect(x.shape).toEqual([3, n, 2]);
    expectClose(x, tf.linalg.solve(ab, tf.broadcastTo(rhs, [3, n, 2])).dataSync(), 1e-10, 1e-12);
    // One factorization against a batch of right-hand sides.
    const [lu1, p1] = tf.linalg.lu(a);
    const rhsBatch = f64(random(2 * 4 * n * 3, 34), [2, 4, n, 3]);
    const x1 = tf.linalg.luSolve(lu1, p1, rhsBatch);
    expect(x1.shape).toEqual([2, 4, n, 3]);
    expectClose(x1, tf.linalg.solve(tf.broadcastTo(a, [2, 4, n, n]), rhsBatch).dataSync(), 1e-10, 1e-12);
    expectClose(tf.linalg.luReconstruct(lu, p), ab.dataSync(), 1e-13, 1e-14);
    expectClose(tf.linalg.luMatrixInverse(lu, p), tf.linalg.inv(ab).dataSync(), 1e-10, 1e-12);
  });

  it('works in float32', () => {
    const a32 = a.cast('float32');
    const [lu, p] = tf.linalg.lu(a32);
    const x = tf.linalg.luSolve(lu, p, rhs.cast('float32'));
    expect(x.dtype).toBe('float32');
    expectClose(x, tf.linalg.solve(a, rhs).dataSync(), 1e-4, 1e-4);
    expectClose(tf.linalg.luReconstruct(lu, p), a32.dataSync(), 1e-6, 1e-6);
  });

  it('have gradients in lowerUpper and rhs, and through lu in A', () => {
    const [lu, p] = tf.linalg.lu(a);
    const luValues = lu.dataSync();
    expectGradcheck((f, b) => tf.linalg.luSolve(f, p, b), [{ shape: [n, n], values: luValues }, { shape: [n, 2] }]);
    expectGradcheck((f) => tf.linalg.luReconstruct(f, p), [{ shape: [n, n], values: luValues }]);
    expectGradcheck((f) => tf.linalg.luMatrixInverse(f, p), [{ shape: [n, n], values: luValues }]);
    // Composed with lu, each is differentiable in A and equals the direct op's gradient.
    expectGradcheck((m, b) => { const [f, q] = tf.linalg.lu(m); return tf.linalg.luSolve(f, q, b); }, [{ shape: [4, 4] }, { shape: [4, 2] }], { seed: 41 });
    expectGradcheck((m) => { const [f, q] = tf.linalg.lu(m); return tf.linalg.luMatrixInverse(f, q); }, [{ shape: [2, 3, 3] }], { seed: 42 });
    const m = f64(random(16, 43), [4, 4]);
    const tape = new tf.GradientTape({ persistent: true });
    tape.watch(m);
    const viaLu = tape.record(() => { const [f, q] = tf.linalg.lu(m); return tf.reduceSum(tf.square(tf.linalg.luReconstruct(f, q))); });
    const direct = tape.record(() => tf.reduceSum(tf.square(m)));
    expectClose(tape.gradient(viaLu, m), (tape.gradient(direct, m) as tf.Tensor).dataSync(), 1e-10, 1e-12);
    tape.dispose();
  });

  it('check their arguments', () => {
    const [lu, p] = tf.linalg.lu(a);
    expect(() => tf.linalg.luSolve(lu, p, tf.zeros([4, 2], 'float64'))).toThrow(/luSolve: rhs must have 5 rows/);
    expect(() => tf.linalg.luSolve(lu, tf.zeros([4], 'int32'), rhs)).toThrow(/luSolve: perm must have shape \[\.\.\., 5\]/);
    expect(() => tf.linalg.luReconstruct(lu, p.cast('float32'))).toThrow(/luReconstruct: perm must be int32/);
    expect(() => tf.linalg.luMatrixInverse(tf.zeros([2, 3], 'float64'), [0, 1])).toThrow(/luMatrixInverse: lowerUpper must be square/);
    expect(() => tf.linalg.luSolve(tf.stack([lu, lu]), tf.stack([p, p, p]), rhs)).toThrow(/luSolve: the batch dims .* do not broadcast/);
    expect(() => tf.linalg.luReconstruct(lu, p, 1 as unknown as boolean)).toThrow(/luReconstruct: validateArgs must be true or false/);
  });
});
