// tf.tensorScatterNdMax / tensorScatterNdMin against a plain-JS oracle (slices, repeated indices,
// float and int32), TensorFlow's gradient (_TensorScatterMinOrMaxGrad: an output entry's gradient
// shared equally among the tensor entry and the updates equal to it) against hand-derived values
// at ties and central differences away from them, and argument errors.
import * as tf from 'gradtape';
import { describe, expect, it } from 'vitest';
import { expectClose, expectGradcheck, f64 } from './helpers/gradcheck';

/** The oracle: a copy of `tensor` (shape `shape`) where each update slice is folded in with `pick`. */
function oracle(tensor: number[], shape: number[], indices: number[][], updates: number[], pick: (a: number, b: number) => number): number[] {
  const out = tensor.slice();
  const k = indices[0]!.length;
  const sliceSize = shape.slice(k).reduce((a, b) => a * b, 1);
  indices.forEach((tuple, i) => {
    const start = tuple.reduce((acc, v, j) => acc * shape[j]! + v, 0) * sliceSize;
    for (let e = 0; e < sliceSize; e++) out[start + e] = pick(out[start + e]!, updates[i * sliceSize + e]!);
  });
  return out;
}

describe('tf.tensorScatterNdMax and tensorScatterNdMin', () => {
  const tensor = [3, -1, 4, 1, -5, 9, 2, 6, -5, 3, 5, 8];
  const shape = [3, 4];
  const indices = [[2], [0], [2], [1]];
  const updates = [1, 7, -2, 9, 0, 0, 0, 0, 8, -9, 6, 1, -3, 2, 2, 2];

  it('fold each update slice into its slice, repeated indices included (float and int32)', () => {
    for (const dtype of ['float64', 'float32', 'int32'] as const) {
      const t = tf.cast(f64(tensor, shape), dtype);
      const u = tf.cast(f64(updates, [4, 4]), dtype);
      const i = tf.constant(indices, 'int32');
      const mx = tf.tensorScatterNdMax(t, i, u);
      const mn = tf.tensorScatterNdMin(t, i, u);
      expect(mx.dtype).toBe(dtype);
      expect(Array.from(mx.dataSync())).toEqual(oracle(tensor, shape, indices, updates, Math.max));
      expect(Array.from(mn.dataSync())).toEqual(oracle(tensor, shape, indices, updates, Math.min));
    }
    // Full index tuples (scalar slices).
    const full = [[0, 1], [2, 3], [0, 1], [1, 0]];
    const vals = [10, -20, 12, 0];
    expect(Array.from(tf.tensorScatterNdMax(f64(tensor, shape), full, vals).dataSync())).toEqual(oracle(tensor, shape, full, vals, Math.max));
    expect(Array.from(tf.tensorScatterNdMin(f64(tensor, shape), full, vals).dataSync())).toEqual(oracle(tensor, shape, full, vals, Math.min));
  });

  it('share the gradient equally among ties, as TensorFlow', () => {
    // Entry 1: tensor 5 and two updates 5 tie (a third each); entry 3: update 7 wins over 1;
    // entry 0 is untouched; entry 2: tensor 4 beats update 3.
    const t = f64([0, 5, 4, 1], [4]);
    const u = f64([5, 7, 5, 3], [4]);
    const idx = tf.constant([[1], [3], [1], [2]], 'int32');
    const dy = f64([1, 3, 5, 7], [4]);
    const tape = new tf.GradientTape();
    tape.watch(t);
    tape.watch(u);
    const y = tape.record(() => tf.tensorScatterNdMax(t, idx, u));
    expect(Array.from(y.dataSync())).toEqual([0, 5, 4, 7]);
    const [gt, gu] = tape.gradient(y, [t, u], { outputGradients: dy }) as tf.Tensor[];
    expectClose(gt!, [1, 1, 5, 0], 1e-15, 1e-15);
    expectClose(gu!, [1, 7, 1, 0], 1e-15, 1e-15);
  });

  it('have gradients matching central differences away from ties', () => {
    const i = tf.constant([[1], [0], [1]], 'int32');
    expectGradcheck((t, u) => tf.tensorScatterNdMax(t, i, u), [{ shape: [3, 2] }, { shape: [3, 2] }], { seed: 5 });
    expectGradcheck((t, u) => tf.tensorScatterNdMin(t, i, u), [{ shape: [3, 2] }, { shape: [3, 2] }], { seed: 6 });
  });

  it('check their arguments', () => {
    expect(() => tf.tensorScatterNdMax([1, 2, 3], [[3]], [1])).toThrow(/tensorScatterNdMax: indices\[0\] = \[3\] does not index into shape/);
    expect(() => tf.tensorScatterNdMin([1, 2, 3], [[0]], [1, 2])).toThrow(/tensorScatterNdMin: updates must have shape/);
    expect(() => tf.tensorScatterNdMax(tf.constant([1, 2], 'int32'), [[0]], tf.constant([1], 'float32'))).toThrow(/tensorScatterNdMax: updates are float32 but tensor is int32/);
    expect(() => tf.tensorScatterNdMax([1, 2], [[0, 0, 0]], [1])).toThrow(/tensorScatterNdMax: the last dim of indices/);
  });
});
