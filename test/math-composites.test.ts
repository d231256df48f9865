// tf.math composites (ts/ops.ts, ts/reductions.ts, ts/sorting.ts): multiply_no_nan,
// scalar_mul, lbeta, cumulative_logsumexp, is_non_decreasing, is_strictly_increasing, in_top_k,
// against TensorFlow's documented behaviour and direct JS arithmetic, with their gradients.
import { describe, expect, it } from 'vitest';
import * as tf from 'gradtape';
import { expectClose, expectGradcheck } from './helpers/gradcheck';

const f64 = (v: unknown) => tf.constant(v as number[], 'float64');

describe('multiplyNoNan and scalarMul', () => {
  it('0 where y is 0, whatever x is; x·y elsewhere, broadcasting', () => {
    expect(tf.math.multiplyNoNan([Infinity, NaN, 2, -Infinity], [0, 0, 3, 2]).arraySync()).toEqual([0, 0, 6, -Infinity]);
    expect(tf.math.multiplyNoNan(f64([[1, 2], [3, 4]]), f64([0, 2])).arraySync()).toEqual([[0, 4], [0, 8]]);
    expect(tf.math.scalarMul(3, [1, 2]).arraySync()).toEqual([3, 6]);
    expect(() => tf.math.scalarMul([1, 2], [1, 2])).toThrow(/scalarMul: scalar must be a number or a 0-D tensor/);
    expect(() => tf.math.multiplyNoNan(tf.constant([1], 'int32'), tf.constant([1], 'int32'))).toThrow(/multiplyNoNan: x must be a float32 or float64 tensor/);
  });

  it("the gradient is TensorFlow's: dx = multiply_no_nan(dy, y), dy = multiply_no_nan(x, dy)", () => {
    const x = f64([Infinity, 2, 3]), y = f64([0, 0, 4]);
    const tape = new tf.GradientTape({ persistent: true });
    tape.watch([x, y]);
    const out = tape.record(() => tf.math.multiplyNoNan(x, y));
    const [dx, dy] = tape.gradient(out, [x, y]) as tf.Tensor[];
    expect([dx!.arraySync(), dy!.arraySync()]).toEqual([[0, 0, 4], [Infinity, 2, 3]]);
    tape.dispose();
    expectGradcheck((a, b) => tf.math.multiplyNoNan(a, b), [{ shape: [2, 3] }, { shape: [3], awayFromZero: 0.1 }]);
  });
});

describe('lbeta', () => {
  it('Σ lgamma(x) - lgamma(Σ x) along the last axis; 0 for an empty axis', () => {
    expectClose(tf.math.lbeta(f64([[1, 1], [2, 3], [0.5, 0.5]])), [0, Math.log(1 / 12), Math.log(Math.PI)], 1e-14);
    expect(tf.math.lbeta(tf.zeros([2, 0], 'float64')).arraySync()).toEqual([0, 0]);
    expectGradcheck((x) => tf.math.lbeta(x), [{ shape: [2, 3], min: 0.5, max: 3 }]);
  });
});

describe('cumulativeLogsumexp', () => {
  const lse = (v: number[]) => { const m = Math.max(...v); return m + Math.log(v.reduce((s, x) => s + Math.exp(x - m), 0)); };
  it('log-space prefix sums: inclusive, exclusive, reversed, along any axis, with no underflow', () => {
    const v = [0.5, -2, 3, 1.25, -0.75, 4, 2];
    expectClose(tf.math.cumulativeLogsumexp(f64(v)), v.map((_, i) => lse(v.slice(0, i + 1))), 1e-14);
    expectClose(tf.math.cumulativeLogsumexp(f64(v), 0, true).slice([1], [6]), v.slice(0, 6).map((_, i) => lse(v.slice(0, i + 1))), 1e-14);
    expect((tf.math.cumulativeLogsumexp(f64(v), 0, true).arraySync() as number[])[0]).toBe(-Infinity);
    expectClose(tf.math.cumulativeLogsumexp(f64(v), 0, false, true), v.map((_, i) => lse(v.slice(i))), 1e-14);
    expectClose(tf.math.cumulativeLogsumexp(f64([[1, 2, 3], [4, 5, 6]]), 1), [1, lse([1, 2]), lse([1, 2, 3]), 4, lse([4, 5]), lse([4, 5, 6])], 1e-14);
    expect(tf.math.cumulativeLogsumexp(f64([-1000, 0])).arraySync()).toEqual([-1000, 0]);
    expectGradcheck((x) => tf.math.cumulativeLogsumexp(x, 1, false, true), [{ shape: [2, 5] }]);
    // (Exclusive: without the first entries, which are -Infinity.)
    expectGradcheck((x) => tf.math.cumulativeLogsumexp(x, 1, true).slice([0, 1], [2, 4]), [{ shape: [2, 5] }]);
  });
});

describe('cumulativeLogsumexp at -Infinity and ties', () => {
  it('-Infinity entries (log 0) give -Infinity sums and no gradient; tied pairs share theirs', () => {
    const x = f64([-Infinity, -Infinity, 0, 0, -Infinity, 2]);
    const tape = new tf.GradientTape({ persistent: true });
    tape.watch(x);
    const y = tape.record(() => tf.math.cumulativeLogsumexp(x));
    expect((y.arraySync() as number[]).slice(0, 2)).toEqual([-Infinity, -Infinity]);
    const tail = tape.record(() => tf.reduceSum(y.slice([2], [4])));
    const g = tape.gradient(tail, x) as tf.Tensor;
    const e2 = Math.exp(2);
    // d/dx_j Σ_{i≥2} lse(x_0..x_i) = Σ_{i≥max(j,2)} e^x_j / Σ_{k≤i} e^x_k
    expectClose(g, [0, 0, 1 + 1 / 2 + 1 / 2 + 1 / (2 + e2), 1 / 2 + 1 / 2 + 1 / (2 + e2), 0, e2 / (2 + e2)], 1e-14);
    tape.dispose();
  });
});

describe('isNonDecreasing, isStrictlyIncreasing', () => {
  it('row-major order; true for 0 or 1 entries', () => {
    expect([tf.math.isNonDecreasing([1, 1, 2]).arraySync(), tf.math.isStrictlyIncreasing([1, 1, 2]).arraySync()]).toEqual([true, false]);
    expect(tf.math.isStrictlyIncreasing([[1, 2], [3, 4]]).arraySync()).toBe(true);
    expect(tf.math.isNonDecreasing([[1, 2], [1, 4]]).arraySync()).toBe(false);
    expect([tf.math.isNonDecreasing([]).arraySync(), tf.math.isStrictlyIncreasing(5).arraySync()]).toEqual([true, true]);
    expect(tf.math.isNonDecreasing([NaN]).arraySync()).toBe(true); // one entry: no pair to compare
    expect(tf.math.isStrictlyIncreasing([1, NaN]).arraySync()).toBe(false);
  });
});

describe('inTopK', () => {
  it("TensorFlow's rules: ties with the k-th are in; non-finite rows and targets out of range are out", () => {
    const predictions = tf.constant([[0.5, 0.5, 0.1], [0.1, 0.2, 0.7], [0.3, 0.3, 0.3], [1, 2, 3], [NaN, 2, 3], [0.2, 0.9, 0.4]]);
    const targets = tf.constant([0, 1, 2, 5, 2, 2], 'int32');
    expect(tf.math.inTopK(targets, predictions, 1).arraySync()).toEqual([true, false, true, false, false, false]);
    expect(tf.nn.inTopK(targets, predictions, 2).arraySync()).toEqual([true, true, true, false, false, true]);
    expect(tf.math.inTopK(tf.constant([0], 'int32'), tf.zeros([1, 0]), 1).arraySync()).toEqual([false]);
    expect(() => tf.math.inTopK([0], predictions, 1)).toThrow(/inTopK: targets must be int32 class ids, one per row of predictions \(\[6\]\)/);
  });
});
