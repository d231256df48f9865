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

/** Keras' loss and gradients of one case: the gradients of the variables, then of the watched inputs. */
export interface KerasGradients {
  loss: number;
  grads: number[][];
}

/**
 * The loss `lossOf(...inputs)` and its gradients with respect to `variables` and the first
 * `watched` inputs, computed under a GradientTape, checked against Keras' (`want`), then computed
 * again inside tf.function, which must give the eager values exactly.
 */
export function expectKerasGradients(what: string, lossOf: (...inputs: tf.Tensor[]) => tf.Tensor, inputs: tf.Tensor[], variables: tf.Variable[], want: KerasGradients, watched = 0): void {
  const lossAndGrads = (...args: tf.Tensor[]): tf.Tensor[] => {
    const tape = new tf.GradientTape();
    const watchedInputs = args.slice(0, watched);
    if (watchedInputs.length > 0) tape.watch(watchedInputs);
    const loss = tape.record(() => lossOf(...args));
    return [loss, ...tape.gradient(loss, [...variables, ...watchedInputs]).map((g) => g!)];
  };
  const eager = lossAndGrads(...inputs);
  expect(eager.length - 1, `${what}: the number of gradients`).toBe(want.grads.length);
  expectClose([eager[0]!.item() as number], [want.loss], `${what} loss`);
  const names = [...variables.map((v) => v.name), ...inputs.slice(0, watched).map((_, i) => `input ${i}`)];
  eager.slice(1).forEach((g, i) => expectClose(g, want.grads[i]!, `${what} gradient of ${names[i]}`));
  const compiled = tf.function(lossAndGrads)(...inputs) as tf.Tensor[];
  expect(compiled.map(values)).toEqual(eager.map(values));
}

/** A layer's result as a list: its one output, or its outputs and states. */
export const asList = (out: tf.Tensor | tf.Tensor[]): tf.Tensor[] => (Array.isArray(out) ? out : [out]);

/** The fixture scripts' loss: sum(first output · C) + ½ Σ sum(other output²), C = pattern(first
 * output's shape, 0.7, 1, 0.6). */
export function fixtureLoss(outputs: tf.Tensor[]): tf.Tensor {
  const c = pattern(outputs[0]!.shape, 0.7, 1, 0.6);
  let total = tf.reduceSum(tf.mul(outputs[0]!, c));
  for (const s of outputs.slice(1)) total = tf.add(total, tf.mul(0.5, tf.reduceSum(tf.mul(s, s))));
  return total;
}
