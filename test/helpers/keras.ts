// Helpers shared by the Keras tests.
import { expect } from 'vitest';
import * as tf from 'gradtape';

/** A Dense layer with the given kernel ([inputs, units]) and bias, built. */
export function denseWith(kernel: number[][], bias: number[], options: tf.DenseOptions = {}): tf.keras.layers.Dense {
  const dense = new tf.keras.layers.Dense(bias.length, options);
  dense.build([null, kernel.length]);
  dense.setWeights([kernel, bias]);
  return dense;
}

/** A tensor's values as numbers. */
export const values = (t: tf.Tensor): number[] => Array.from(t.dataSync() as ArrayLike<number>);

/** `scale · sin(freq · i + phase)` over the flat indices, float32: the Keras fixture scripts'
 * `pattern` (scripts/keras_recurrent_fixtures.py, keras_wrappers_fixtures.py). */
export function pattern(shape: number[], phase: number, scale = 0.5, freq = 1.3): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.reshape(tf.constant(Array.from({ length: n }, (_, i) => scale * Math.sin(freq * i + phase)), 'float32'), shape);
}

/** Each value within 1e-5 relative (plus 1e-6 absolute) of Keras' float32 result. */
export function expectClose(actual: tf.Tensor | number[], expected: number[], what = ''): void {
  const got = Array.isArray(actual) ? actual : values(actual);
  expect(got.length, `${what} length`).toBe(expected.length);
  const worst = got.reduce((m, v, i) => Math.max(m, Math.abs(v - expected[i]!) - 1e-5 * Math.abs(expected[i]!)), -Infinity);
  expect(worst, `${what}: worst excess over the tolerance`).toBeLessThanOrEqual(1e-6);
}
