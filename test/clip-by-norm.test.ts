// tf.clipByNorm and tf.clipByGlobalNorm (clip_ops.py): values against TensorFlow's documented
// outputs and hand-computed norms, the guarded gradient at zero, and the analytic gradient above the norm.
import { describe, expect, it } from 'vitest';
import * as tf from 'gradtape';

const flat = (t: tf.Tensor) => Array.from(t.dataSync() as ArrayLike<number>);

describe('tf.clipByNorm', () => {
  it("matches TensorFlow's docstring example and leaves tensors under the norm alone", () => {
    const someNums = tf.constant([[1, 2, 3, 4, 5]]);
    const expected = [0.26967996, 0.5393599, 0.80903995, 1.0787199, 1.3483998];
    flat(tf.clipByNorm(someNums, 2.0)).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 6));
    expect(flat(tf.clipByNorm(someNums, 10.0))).toEqual([1, 2, 3, 4, 5]);
    expect(tf.clipByNorm(tf.constant([3, 4], 'float64'), 1).dtype).toBe('float64');
  });

  it('clips each slice along the given axes', () => {
    const t = tf.constant([[3, 4], [0.3, 0.4]]);
    const rows = flat(tf.clipByNorm(t, 1, 1));
    [0.6, 0.8, 0.3, 0.4].forEach((v, i) => expect(rows[i]).toBeCloseTo(v, 6));
  });

  it('has gradient 1 at an all-zero tensor (no NaN) and c(I/n - x xᵀ/n³) above the norm', () => {
    const zero = tf.zeros([3]);
    let tape = new tf.GradientTape();
    tape.watch(zero);
    let y = tape.record(() => tf.clipByNorm(zero, 1));
    expect(flat(tape.gradient(y, zero)!)).toEqual([1, 1, 1]);

    const x = tf.constant([3, 4], 'float64');
    tape = new tf.GradientTape();
    tape.watch(x);
    y = tape.record(() => tf.clipByNorm(x, 2));
    // d/dx_j Σ_i 2 x_i/n = 2 (1/n - x_j Σx / n³) with n = 5, Σx = 7
    const g = flat(tape.gradient(y, x)!);
    expect(g[0]).toBeCloseTo(2 * (1 / 5 - (3 * 7) / 125), 12);
    expect(g[1]).toBeCloseTo(2 * (1 / 5 - (4 * 7) / 125), 12);
  });

  it('rejects integer tensors and missing or non-scalar clipNorm', () => {
    expect(() => tf.clipByNorm(tf.constant([1, 2], 'int32'), 1)).toThrow(/float32 or float64/);
    expect(() => (tf.clipByNorm as (t: tf.Tensor) => tf.Tensor)(tf.constant([1, 2]))).toThrow(/clipNorm/);
    expect(() => tf.clipByNorm(tf.constant([1, 2]), [1, 2])).toThrow(/scalar/);
  });
});

describe('tf.clipByGlobalNorm', () => {
  it('scales the whole list by clipNorm / globalNorm, keeps nulls, and returns the norm', () => {
    const [clipped, globalNorm] = tf.clipByGlobalNorm([tf.constant([[3, 4]]), null, tf.constant([12])], 6.5);
    expect(globalNorm.item()).toBeCloseTo(13, 5);
    expect(clipped[1]).toBeNull();
    expect(flat(clipped[0]!)).toEqual([1.5, 2]);
    expect(flat(clipped[2]!)).toEqual([6]);
    // Under the norm: unchanged; useNorm overrides the computed norm.
    const [same] = tf.clipByGlobalNorm([tf.constant([3, 4])], 100);
    expect(flat(same[0]!)).toEqual([3, 4]);
    const [byUse, used] = tf.clipByGlobalNorm([tf.constant([3, 4])], 1, 10);
    expect(used.item()).toBe(10);
    expect(flat(byUse[0]!)).toEqual([0.30000001192092896, 0.4000000059604645]);
  });

  it('gives NaN for a non-finite global norm, as TensorFlow does', () => {
    const [clipped] = tf.clipByGlobalNorm([tf.constant([Infinity, 1])], 1);
    expect(flat(clipped[0]!).every(Number.isNaN)).toBe(true);
  });
});
