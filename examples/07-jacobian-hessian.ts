// Beyond gradients: tape.jacobian of a vector function, a Hessian from nested tapes (the jacobian
// of a gradient), tape.batchJacobian, and a Jacobian-vector product with ForwardAccumulator.
import { pathToFileURL } from 'node:url';
import * as tf from 'gradtape';

export function main() {
  tf.random.setSeed(0);

  // f(x) = [x0^2 x1, 5 x0 + sin(x1)]; its Jacobian at (1, 2) is [[4, 1], [5, cos 2]]
  const f = (x: tf.Tensor) => {
    const [x0, x1] = tf.unstack(x);
    return tf.stack([x0.mul(x0).mul(x1), x0.mul(5).add(tf.sin(x1))]);
  };
  const x = new tf.Variable([1.0, 2.0]);
  let tape = new tf.GradientTape();
  const y = tape.record(() => f(x));
  const jacobian = tape.jacobian(y, x)!;
  console.log('jacobian:', jacobian.numpy());

  // The Hessian of g(x) = x0^2 x1 + x1^3: the jacobian of the gradient, [[2 x1, 2 x0], [2 x0, 6 x1]]
  const t2 = new tf.GradientTape();
  const grad = t2.record(() => {
    const t1 = new tf.GradientTape();
    const g = t1.record(() => {
      const [x0, x1] = tf.unstack(x);
      return x0.mul(x0).mul(x1).add(tf.pow(x1, 3));
    });
    return t1.gradient(g, x)!;
  });
  const hessian = t2.jacobian(grad, x)!;
  console.log('gradient:', grad.numpy(), 'hessian:', hessian.numpy());

  // batchJacobian: per-example Jacobians of a layer, shape [batch, units, features]
  const xBatch = tf.random.normal([4, 3]);
  const kernel = tf.random.normal([3, 2]);
  tape = new tf.GradientTape();
  tape.watch(xBatch);
  const yBatch = tape.record(() => tf.tanh(tf.matmul(xBatch, kernel)));
  const batchJacobian = tape.batchJacobian(yBatch, xBatch)!;
  console.log('batch jacobian shape:', batchJacobian.shape);

  // Forward mode: J·v along v = (1, 0) is the first column of the Jacobian, [4, 5]
  const v = tf.constant([1.0, 0.0]);
  const acc = new tf.autodiff.ForwardAccumulator({ primals: x, tangents: v });
  const yForward = acc.record(() => f(x));
  const jvp = acc.jvp(yForward)!;
  console.log('jvp:', jvp.numpy());

  return { jacobian, gradient: grad, hessian, xBatch, kernel, yBatch, batchJacobian, jvp };
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) main();
