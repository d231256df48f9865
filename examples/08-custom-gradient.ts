// tf.customGradient, as in TensorFlow's docs: log(1 + e^x) with a numerically stable gradient
// (1.0 at x = 100, where the plain formula's gradient is NaN), and an identity that clips the
// gradient flowing back through it with tf.clipByNorm.
import { pathToFileURL } from 'node:url';
import * as tf from 'gradtape';

export function main() {
  // The plain formula: at x = 100, exp(x) overflows float32 and the gradient is inf/inf = NaN
  const log1pexpNaive = (x: tf.Tensor) => tf.math.log(tf.exp(x).add(1));

  // The same function with its gradient written as 1 - 1/(1 + e^x), finite everywhere
  const log1pexp = tf.customGradient((x) => {
    const e = tf.exp(x);
    const grad = (upstream: tf.Tensor) => upstream.mul(tf.sub(1, tf.div(1, e.add(1))));
    return [tf.math.log(e.add(1)), grad];
  });

  const gradientAt = (f: (x: tf.Tensor) => tf.Tensor, value: number) => {
    const x = tf.constant(value);
    const tape = new tf.GradientTape();
    tape.watch(x);
    const y = tape.record(() => f(x));
    return tape.gradient(y, x)!;
  };
  const naiveGrad = gradientAt(log1pexpNaive, 100);
  const stableGrad = gradientAt(log1pexp, 100);
  const gradAtZero = gradientAt(log1pexp, 0);
  console.log('naive d/dx log(1 + e^x) at x = 100:', naiveGrad); // NaN
  console.log('custom gradient at x = 100:', stableGrad); // 1.0
  console.log('custom gradient at x = 0:', gradAtZero); // 0.5

  // Gradient clipping: the forward pass is the identity, the backward pass clips dy to norm 0.5
  const clipGradients = tf.customGradient((y) => {
    const backward = (dy: tf.Tensor) => tf.clipByNorm(dy, 0.5);
    return [y, backward];
  });
  const v = new tf.Variable(2.0);
  const t = new tf.GradientTape();
  const output = t.record(() => clipGradients(v.mul(v)));
  const clipped = t.gradient(output, v)!; // calls backward, which clips 4 to 2
  console.log('clipped gradient of v*v at v = 2:', clipped);

  return { naiveGrad: naiveGrad.item(), stableGrad: stableGrad.item(), gradAtZero: gradAtZero.item(), clipped: clipped.item() };
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) main();
