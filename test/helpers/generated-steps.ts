// What the generated-code tests share (test/function-generated.test.ts,
// test/function-generated-step.test.ts): deterministic regression data, the losses they train,
// and which row lengths a generated chain covers.
import * as tf from 'gradtape';

// (toEqual tells -0 from 0; NaN equals NaN whatever its payload.)
export const floats = (t: tf.Tensor) => Array.from(t.dataSync());

export type Dtype = 'float32' | 'float64';

/** A deterministic design matrix, targets and start weights with some awkward values. */
export function data(rows: number, k: number) {
  const x = Array.from({ length: rows }, (_, i) => Array.from({ length: k }, (_, j) => Math.sin(1 + i * 0.7 + j * 1.3) * (j === 0 ? 1 : 3)));
  const y = Array.from({ length: rows }, (_, i) => [Math.cos(i * 0.37) * 2 - 0.25]);
  const w = Array.from({ length: k }, (_, j) => [0.1 * (j + 1) - 0.15]);
  return { x, y, w };
}

/** Whether a chain with rows of k values is generated: rows shorter than four of the kernels'
 * vectors (four float32 lanes, two float64). */
export const generatedFor = (dtype: Dtype, k: number) => k < (dtype === 'float32' ? 16 : 8);

export const losses: Record<string, (x: tf.Tensor, y: tf.Tensor, w: tf.Variable) => tf.Tensor> = {
  'sum of squares': (x, y, w) => tf.reduceSum(tf.square(y.sub(x.matmul(w)))),
  'mean of squares': (x, y, w) => tf.reduceMean(tf.square(x.matmul(w).sub(y))),
  'abs, neg, div, add': (x, y, w) => tf.reduceSum(tf.abs(tf.neg(x.matmul(w)).add(y)).div(tf.add(y.mul(y), 2))),
  'sqrt of a sum of squares': (x, y, w) => tf.reduceSum(tf.sqrt(tf.square(x.matmul(w).sub(y)).add(1e-3))),
  'scaled residual times itself': (x, y, w) => {
    const r = y.sub(x.matmul(w)).mul(0.5);
    return tf.reduceSum(r.mul(r));
  },
  'relu and squared difference': (x, y, w) => tf.reduceSum(tf.relu(x.matmul(w).sub(y)).add(tf.squaredDifference(x.matmul(w), y))),
};
